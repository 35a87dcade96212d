//! Where things are on the journey map, as plain functions: stages as columns (in loop order,
//! a stage's steps in document order), lanes as rows (in the saved order, without the hidden
//! ones), the service blueprint's three lines between its lanes, cell rectangles, the
//! emotion curves' points (as is and to be) and the map's scores. No
//! `egui::Context` here — only emath's types — so the map view and the SVG exporter draw the
//! same map.
//!
//! Map space has its origin at the top-left corner of the whole map: the lane headers take
//! the first [`LANE_HEADER_WIDTH`] units of x, the stage headers the first
//! [`STAGE_HEADER_HEIGHT`] units of y. [`MapLayout::new`] walks the journey once (cache it by
//! the document's revision); everything else answers for one column or one range of columns
//! by binary search, so a frame lays out only what is on screen.

use std::cmp::Ordering;
use std::ops::Range;

use emath::{Pos2, Rangef, Rect, Vec2, pos2, vec2};

use crate::model::{Document, Emotion, Lane, Side, Stage, Step};

/// The width of the lane headers at the left.
pub const LANE_HEADER_WIDTH: f32 = 128.0;
/// The most personas whose own curves the emotion lane draws beside the journey's.
pub const MAX_PERSONA_CURVES: usize = 5;
/// The height of the stage headers at the top.
pub const STAGE_HEADER_HEIGHT: f32 = 30.0;
/// The width of a step's column.
pub const COLUMN_WIDTH: f32 = 188.0;
/// The width of the one column of a stage without steps (room to drop a step into it).
pub const EMPTY_COLUMN_WIDTH: f32 = 120.0;
/// The space between two stages' columns.
pub const STAGE_GAP: f32 = 10.0;
/// The height of the steps lane: two lines of title and two of notes.
pub const STEPS_LANE_HEIGHT: f32 = 96.0;
/// The height of one line under a step's notes in the steps lane: its fail point, its wait.
pub const STEP_BADGE_HEIGHT: f32 = 18.0;
/// The height of the emotion lane.
pub const EMOTION_LANE_HEIGHT: f32 = 150.0;
/// The height of one item of a list lane.
pub const LINE_HEIGHT: f32 = 22.0;
/// The space inside a cell around its content.
pub const CELL_PADDING: f32 = 8.0;
/// The space above +2 and below −2 in the emotion lane, for markers and labels.
pub const EMOTION_PADDING: f32 = 22.0;

/// One column of the map: a step, or the placeholder of a stage without steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapColumn {
    /// The stage the column belongs to.
    pub stage: Stage,
    /// The index in [`Document::steps`] of the column's step; `None` for an empty stage.
    pub step: Option<usize>,
}

/// A stage's run of columns.
#[derive(Clone, Debug, PartialEq)]
pub struct StageSpan {
    /// The stage.
    pub stage: Stage,
    /// Its columns, as indices into [`MapLayout::columns`].
    pub columns: Range<usize>,
    /// Its left and right edges in map space.
    pub x: Rangef,
    /// How many steps it shows.
    pub steps: usize,
}

/// A lane shown on the map, with its place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneRow {
    /// The lane.
    pub lane: Lane,
    /// Its top and bottom in map space.
    pub y: Rangef,
}

/// One of the three lines of a service blueprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlueprintLine {
    /// Between what the customer does and the frontstage.
    Interaction,
    /// Between the frontstage and the backstage: what the customer sees and what not.
    Visibility,
    /// Between the backstage and the support behind it.
    InternalInteraction,
}

impl BlueprintLine {
    /// The line between the side `above` and the next one down.
    const fn below(above: Side) -> Option<Self> {
        match above {
            Side::Customer => Some(Self::Interaction),
            Side::Frontstage => Some(Self::Visibility),
            Side::Backstage => Some(Self::InternalInteraction),
            Side::Support => None,
        }
    }

    /// Its name, as the map labels it.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Interaction => "Line of interaction",
            Self::Visibility => "Line of visibility",
            Self::InternalInteraction => "Line of internal interaction",
        }
    }
}

/// A blueprint line and where it runs across the map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineAt {
    /// Which line.
    pub line: BlueprintLine,
    /// Its y in map space: the top of the first lane below it.
    pub y: f32,
}

/// The blueprint's lines between the lanes `rows` (top to bottom): where a lane lies on a
/// later side of the blueprint than the last lane above it that lies on a side, the lines
/// between those sides run along its top (two or three at once when the lanes between are
/// hidden). Lanes on no side (opportunities, metrics) are passed over; each line is drawn
/// once, where it first falls.
pub fn blueprint_lines(rows: &[LaneRow]) -> Vec<LineAt> {
    let mut lines: Vec<LineAt> = Vec::new();
    let mut last: Option<Side> = None;
    for row in rows {
        let Some(side) = row.lane.side() else {
            continue;
        };
        if let Some(mut above) = last {
            while above < side {
                let Some(line) = BlueprintLine::below(above) else {
                    break;
                };
                if !lines.iter().any(|l| l.line == line) {
                    lines.push(LineAt { line, y: row.y.min });
                }
                above = match line {
                    BlueprintLine::Interaction => Side::Frontstage,
                    BlueprintLine::Visibility => Side::Backstage,
                    BlueprintLine::InternalInteraction => Side::Support,
                };
            }
        }
        last = Some(side);
    }
    lines
}

/// The map's columns and rows for one journey and persona filter.
#[derive(Clone, Debug, PartialEq)]
pub struct MapLayout {
    /// Every column, left to right: the stages in loop order, a stage's steps in document
    /// order.
    pub columns: Vec<MapColumn>,
    /// One entry per stage, in loop order.
    pub stages: Vec<StageSpan>,
    /// The lanes shown, top to bottom.
    pub lanes: Vec<LaneRow>,
    /// The service blueprint's lines between the lanes shown, top to bottom.
    pub lines: Vec<LineAt>,
    /// How many lines under its notes the steps lane keeps for a step's fail point and
    /// wait (0 to 2).
    pub badge_rows: usize,
    /// The left edge of every column, then the right edge of the last one (prefix sums of
    /// the widths, for binary search).
    lefts: Vec<f32>,
    /// For every step of the document, its column (`u32::MAX` if filtered out).
    column_of_step: Vec<u32>,
}

impl MapLayout {
    /// Lays out `doc` with the lanes its view saves, showing only the steps that apply to
    /// `persona` if one is given. Walks the steps once.
    pub fn new(doc: &Document, persona: Option<&str>) -> Self {
        let mut by_stage: [Vec<usize>; 6] = Default::default();
        // The longest list of each lane's items, by lane (in `Lane::ALL` order).
        let mut longest = [0_usize; Lane::ALL.len()];
        let mut badge_rows = 0;
        for (i, step) in doc.steps().iter().enumerate() {
            if persona.is_some_and(|p| !step.applies_to(p)) {
                continue;
            }
            by_stage[step.stage.index()].push(i);
            for (n, lane) in longest.iter_mut().zip(Lane::ALL) {
                let items = match lane {
                    Lane::Metrics => step.metrics.len(),
                    lane => lane.items(step).map_or(0, <[String]>::len),
                };
                *n = (*n).max(items);
            }
            badge_rows = badge_rows
                .max(usize::from(step.fail_point.is_some()) + usize::from(step.wait.is_some()));
        }

        let mut columns = Vec::with_capacity(doc.steps().len() + 6);
        let mut lefts = Vec::with_capacity(doc.steps().len() + 7);
        let mut column_of_step = vec![u32::MAX; doc.steps().len()];
        let mut stages = Vec::with_capacity(6);
        let mut x = LANE_HEADER_WIDTH;
        for (stage, steps) in Stage::ALL.into_iter().zip(&by_stage) {
            if stage != Stage::Tell {
                x += STAGE_GAP;
            }
            let first = columns.len();
            let left = x;
            if steps.is_empty() {
                columns.push(MapColumn { stage, step: None });
                lefts.push(x);
                x += EMPTY_COLUMN_WIDTH;
            }
            for &step in steps {
                column_of_step[step] = u32::try_from(columns.len()).unwrap_or(u32::MAX);
                columns.push(MapColumn {
                    stage,
                    step: Some(step),
                });
                lefts.push(x);
                x += COLUMN_WIDTH;
            }
            stages.push(StageSpan {
                stage,
                columns: first..columns.len(),
                x: Rangef::new(left, x),
                steps: steps.len(),
            });
        }
        lefts.push(x);

        let mut lanes = Vec::with_capacity(Lane::ALL.len());
        let mut y = STAGE_HEADER_HEIGHT;
        for lane in Lane::shown(&doc.view.lanes, &doc.view.hidden_lanes) {
            let height = match lane {
                Lane::Steps => steps_lane_height(badge_rows),
                Lane::Emotion => EMOTION_LANE_HEIGHT,
                _ => {
                    let i = Lane::ALL.iter().position(|l| *l == lane).unwrap_or(0);
                    list_lane_height(longest[i])
                }
            };
            lanes.push(LaneRow {
                lane,
                y: Rangef::new(y, y + height),
            });
            y += height;
        }

        Self {
            columns,
            stages,
            lines: blueprint_lines(&lanes),
            lanes,
            badge_rows,
            lefts,
            column_of_step,
        }
    }

    /// The size of the whole map, headers included.
    pub fn size(&self) -> Vec2 {
        let right = self.lefts.last().copied().unwrap_or(LANE_HEADER_WIDTH);
        let bottom = self.lanes.last().map_or(STAGE_HEADER_HEIGHT, |l| l.y.max);
        vec2(right, bottom)
    }

    /// The left and right edges of column `column`.
    pub fn column_x(&self, column: usize) -> Rangef {
        let left = self.lefts.get(column).copied().unwrap_or(0.0);
        let right = self.lefts.get(column + 1).copied().unwrap_or(left);
        let width = match self.columns.get(column) {
            Some(MapColumn { step: None, .. }) => EMPTY_COLUMN_WIDTH,
            _ => COLUMN_WIDTH,
        };
        // A stage gap follows the last column of a stage; it is not part of the column.
        Rangef::new(left, right.min(left + width))
    }

    /// The x of column `column`'s centre, where its point of the emotion curve is.
    pub fn column_center(&self, column: usize) -> f32 {
        self.column_x(column).center()
    }

    /// The cell of column `column` in lane row `row` (an index into [`MapLayout::lanes`]).
    pub fn cell(&self, column: usize, row: usize) -> Rect {
        let y = self.lanes.get(row).map_or(Rangef::new(0.0, 0.0), |l| l.y);
        Rect::from_x_y_ranges(self.column_x(column), y)
    }

    /// The row of `lane`, if it is shown.
    pub fn row_of(&self, lane: Lane) -> Option<usize> {
        self.lanes.iter().position(|l| l.lane == lane)
    }

    /// The column showing the step at `step` in [`Document::steps`], if it is shown.
    pub fn column_of(&self, step: usize) -> Option<usize> {
        self.column_of_step
            .get(step)
            .filter(|c| **c != u32::MAX)
            .map(|c| *c as usize)
    }

    /// The columns that reach into `x` (map space), as a range of column indices.
    pub fn visible_columns(&self, x: Rangef) -> Range<usize> {
        let n = self.columns.len();
        // The first column whose right edge is past x.min, up to the last starting before x.max.
        let start = self.lefts[1..].partition_point(|right| *right <= x.min);
        let end = self.lefts[..n].partition_point(|left| *left < x.max);
        start.min(end)..end
    }

    /// The column under `x`, if any (the gap between two stages belongs to neither).
    pub fn column_at(&self, x: f32) -> Option<usize> {
        let c = self.lefts[..self.columns.len()]
            .partition_point(|left| *left <= x)
            .checked_sub(1)?;
        self.column_x(c).contains(x).then_some(c)
    }

    /// The lane row under `y`, if any.
    pub fn row_at(&self, y: f32) -> Option<usize> {
        self.lanes.iter().position(|l| l.y.contains(y))
    }

    /// Where a step dragged to `x` lands: the stage whose columns are nearest, and the step
    /// (an index into [`Document::steps`]) it goes before — `None` for the end of the stage.
    pub fn drop_target(&self, x: f32) -> (Stage, Option<usize>) {
        let span = self
            .stages
            .iter()
            .min_by(|a, b| {
                let da = distance(a.x, x);
                let db = distance(b.x, x);
                da.partial_cmp(&db).unwrap_or(Ordering::Equal)
            })
            .unwrap_or(&self.stages[0]);
        let before = span.columns.clone().find_map(|c| {
            let column = self.columns[c];
            let step = column.step?;
            (x < self.column_center(c)).then_some(step)
        });
        (span.stage, before)
    }

    /// The columns of `range` widened until each side holds a step that `emotion` gives a
    /// value for (at most `reach` columns further), so a curve drawn for the visible columns
    /// runs on to the edges.
    pub fn widen(
        &self,
        doc: &Document,
        range: Range<usize>,
        reach: usize,
        emotion: impl Fn(&Step) -> Option<Emotion>,
    ) -> Range<usize> {
        let has_point = |c: usize| {
            self.columns[c]
                .step
                .and_then(|s| doc.steps().get(s))
                .and_then(|s| emotion(s))
                .is_some()
        };
        let mut start = range.start;
        let floor = range.start.saturating_sub(reach);
        while start > floor {
            start -= 1;
            if has_point(start) {
                break;
            }
        }
        let mut end = range.end;
        let ceiling = (range.end + reach).min(self.columns.len());
        while end < ceiling {
            end += 1;
            if has_point(end - 1) {
                break;
            }
        }
        start..end
    }
}

/// The zooms the map view allows.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.3..=2.0;

/// How the map view shows map space on screen: its zoom and how far it is scrolled. Column
/// widths, row heights and text all scale with the zoom; the lane headers stay at the left
/// and the stage headers at the top while the cells scroll under them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapView {
    /// Screen points per map unit.
    pub zoom: f32,
    /// How far the map is scrolled, in map units.
    pub offset: Vec2,
}

impl Default for MapView {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            offset: Vec2::ZERO,
        }
    }
}

impl MapView {
    /// The screen position of a map point, the map drawn in `viewport`.
    pub fn screen_pos(&self, viewport: Rect, map: Pos2) -> Pos2 {
        viewport.min + (map.to_vec2() - self.offset) * self.zoom
    }

    /// The screen rectangle of a map rectangle.
    pub fn screen_rect(&self, viewport: Rect, map: Rect) -> Rect {
        Rect::from_min_max(
            self.screen_pos(viewport, map.min),
            self.screen_pos(viewport, map.max),
        )
    }

    /// The map point under a screen position.
    pub fn map_pos(&self, viewport: Rect, screen: Pos2) -> Pos2 {
        ((screen - viewport.min) / self.zoom + self.offset).to_pos2()
    }

    /// The map's x that the cells show on screen (right of the lane headers).
    pub fn visible_x(&self, viewport: Rect) -> Rangef {
        Rangef::new(
            self.offset.x + LANE_HEADER_WIDTH,
            self.offset.x + viewport.width() / self.zoom,
        )
    }

    /// The furthest the map of `size` can scroll in `viewport`: its far edges at the
    /// viewport's.
    pub fn max_offset(&self, size: Vec2, viewport: Rect) -> Vec2 {
        (size - viewport.size() / self.zoom).max(Vec2::ZERO)
    }

    /// Keeps the scrolling within the map.
    pub fn clamp(&mut self, size: Vec2, viewport: Rect) {
        self.offset = self
            .offset
            .clamp(Vec2::ZERO, self.max_offset(size, viewport));
    }

    /// The zoom at which every column of a map of `size` fits across `viewport`, at most
    /// 100 % (a small map is not blown up) and at least the smallest zoom.
    pub fn fit_zoom(size: Vec2, viewport: Rect) -> f32 {
        // A point to spare, so rounding never pushes the last column off screen.
        let room = (viewport.width() - 1.0).max(1.0);
        (room / size.x.max(1.0)).clamp(*ZOOM_RANGE.start(), 1.0)
    }

    /// Zooms so that every column of a map of `size` shows across `viewport`, scrolled to
    /// the first.
    pub fn fit(&mut self, size: Vec2, viewport: Rect) {
        self.zoom = Self::fit_zoom(size, viewport);
        self.offset.x = 0.0;
        self.clamp(size, viewport);
    }

    /// Zooms by `factor` (within [`ZOOM_RANGE`]), keeping the map point under
    /// `anchor` (a screen position) where it is.
    pub fn zoom_at(&mut self, viewport: Rect, anchor: Pos2, factor: f32, size: Vec2) {
        let under = self.map_pos(viewport, anchor);
        self.zoom = (self.zoom * factor).clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        self.offset = under.to_vec2() - (anchor - viewport.min) / self.zoom;
        self.clamp(size, viewport);
    }
}

fn distance(range: Rangef, x: f32) -> f32 {
    if range.contains(x) {
        0.0
    } else {
        (range.min - x).abs().min((range.max - x).abs())
    }
}

/// The height of the steps lane with `badges` lines under the notes for fail points and
/// waits.
pub fn steps_lane_height(badges: usize) -> f32 {
    STEPS_LANE_HEIGHT + badges as f32 * STEP_BADGE_HEIGHT
}

/// The height of a list lane whose longest list has `items` items: room for every item and
/// for adding one more (in the metrics lane, for the simulation's figures).
pub fn list_lane_height(items: usize) -> f32 {
    2.0 * CELL_PADDING + (items + 1) as f32 * LINE_HEIGHT
}

/// The y of emotion `value` (−2…+2) in a lane spanning `lane`: +2 at the top, −2 at the
/// bottom, [`EMOTION_PADDING`] inside the lane's edges.
pub fn emotion_y(lane: Rangef, value: f32) -> f32 {
    let inner = lane.span() - 2.0 * EMOTION_PADDING;
    lane.min + EMOTION_PADDING + (2.0 - value) / 4.0 * inner
}

/// The emotion nearest to `y` in a lane spanning `lane` (the inverse of [`emotion_y`],
/// rounded and kept within −2…+2), for dragging a marker.
pub fn emotion_at(lane: Rangef, y: f32) -> Emotion {
    let inner = (lane.span() - 2.0 * EMOTION_PADDING).max(1.0);
    let value = 2.0 - (y - lane.min - EMOTION_PADDING) / inner * 4.0;
    let value = value.round().clamp(-2.0, 2.0) as i64;
    Emotion::new(value).unwrap_or_default()
}

/// How `persona` feels at `step`, or how the step feels for everyone without a persona.
pub fn emotion_for(step: &Step, persona: Option<&str>) -> Option<Emotion> {
    match persona {
        Some(p) => step.emotion_of(p),
        None => Some(step.emotion),
    }
}

/// One point of an emotion curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// The column it belongs to.
    pub column: usize,
    /// The step's index in [`Document::steps`].
    pub step: usize,
    /// The emotion.
    pub emotion: Emotion,
    /// Where it is in map space.
    pub pos: Pos2,
}

/// The points of the emotion curve of `persona` (or of the steps' own emotions) over the
/// columns `columns`, in the lane row `row`: x at each step's column centre, y from its
/// emotion. Steps that do not apply to the persona have no point.
pub fn curve_points(
    layout: &MapLayout,
    doc: &Document,
    row: Rangef,
    persona: Option<&str>,
    columns: Range<usize>,
) -> Vec<CurvePoint> {
    curve_points_of(layout, doc, row, columns, |s| emotion_for(s, persona))
}

/// The points of the to-be curve over the columns `columns`, in the lane row `row`: each
/// step shown at its to-be emotion (today's, for `persona` if given, where it gives none).
pub fn to_be_points(
    layout: &MapLayout,
    doc: &Document,
    row: Rangef,
    persona: Option<&str>,
    columns: Range<usize>,
) -> Vec<CurvePoint> {
    curve_points_of(layout, doc, row, columns, |s| to_be_for(s, persona))
}

/// How the customer (or `persona`) is to feel at `step` in the to-be journey: the step's
/// to-be emotion, else how they feel today; `None` if the step is not the persona's.
pub fn to_be_for(step: &Step, persona: Option<&str>) -> Option<Emotion> {
    let today = emotion_for(step, persona)?;
    Some(step.to_be.as_ref().and_then(|t| t.emotion).unwrap_or(today))
}

/// Whether any step of `doc` says how it is to be: the map then draws the to-be curve.
pub fn has_to_be(doc: &Document) -> bool {
    doc.steps().iter().any(|s| s.to_be.is_some())
}

/// The points of the curve that `emotion` gives each step (`None`: no point there).
pub fn curve_points_of(
    layout: &MapLayout,
    doc: &Document,
    row: Rangef,
    columns: Range<usize>,
    emotion: impl Fn(&Step) -> Option<Emotion>,
) -> Vec<CurvePoint> {
    columns
        .filter_map(|column| {
            let step = layout.columns.get(column)?.step?;
            let emotion = emotion(doc.steps().get(step)?)?;
            let pos = pos2(
                layout.column_center(column),
                emotion_y(row, f32::from(emotion.value())),
            );
            Some(CurvePoint {
                column,
                step,
                emotion,
                pos,
            })
        })
        .collect()
}

/// A piece of an emotion curve, on one side of neutral.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// Where it starts.
    pub from: Pos2,
    /// Where it ends.
    pub to: Pos2,
    /// Above neutral (`Greater`), below (`Less`) or on it (`Equal`).
    pub sign: Ordering,
}

/// The curve through `points` cut where it crosses neutral (the y `zero`), so each piece can
/// be coloured by its sign.
pub fn signed_segments(points: &[CurvePoint], zero: f32) -> Vec<Segment> {
    let mut out = Vec::with_capacity(points.len() + 4);
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (va, vb) = (a.emotion.value(), b.emotion.value());
        if va.signum() * vb.signum() < 0 {
            // Crosses neutral: split where the straight line meets it.
            let t = (zero - a.pos.y) / (b.pos.y - a.pos.y);
            let mid = a.pos.lerp(b.pos, t);
            out.push(Segment {
                from: a.pos,
                to: mid,
                sign: va.cmp(&0),
            });
            out.push(Segment {
                from: mid,
                to: b.pos,
                sign: vb.cmp(&0),
            });
        } else {
            out.push(Segment {
                from: a.pos,
                to: b.pos,
                sign: (va + vb).cmp(&0),
            });
        }
    }
    out
}

/// The scores in the map's header.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    /// The share of steps with a positive emotion (the happiness score `TheyDo` reports), 0…1; `None`
    /// without steps.
    pub happiness: Option<f32>,
    /// The same share in the to-be journey (each step at its to-be emotion); `None` when no
    /// step says how it is to be.
    pub to_be_happiness: Option<f32>,
    /// The average emotion of each stage's steps, in [`Stage::ALL`] order; `None` for a
    /// stage without steps.
    pub stage_average: [Option<f32>; 6],
}

/// The scores of the steps that apply to `persona` (with the persona's own emotions), or of
/// every step with its emotion.
pub fn scores(doc: &Document, persona: Option<&str>) -> Scores {
    let mut positive = 0_usize;
    let mut positive_to_be = 0_usize;
    let mut total = 0_usize;
    let mut to_be = false;
    let mut sums = [(0_i64, 0_usize); 6];
    for step in doc.steps() {
        let Some(emotion) = emotion_for(step, persona) else {
            continue;
        };
        let value = i64::from(emotion.value());
        total += 1;
        positive += usize::from(value > 0);
        to_be |= step.to_be.is_some();
        let to_be_emotion = to_be_for(step, persona).unwrap_or(emotion);
        positive_to_be += usize::from(to_be_emotion.value() > 0);
        let sum = &mut sums[step.stage.index()];
        sum.0 += value;
        sum.1 += 1;
    }
    let ratio = |a: f64, b: usize| (b > 0).then(|| (a / b as f64) as f32);
    Scores {
        happiness: ratio(positive as f64, total),
        to_be_happiness: ratio(positive_to_be as f64, total).filter(|_| to_be),
        stage_average: sums.map(|(sum, n)| ratio(sum as f64, n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Colour, Edit, FrameValue, Persona};

    /// Steps `(id, stage, emotion)` in this order.
    fn journey(steps: &[(&str, Stage, i64)]) -> Document {
        let mut doc = Document::new("t");
        let steps = steps
            .iter()
            .map(|(id, stage, e)| {
                let mut s = Step::new(*id, *stage, *id, [0.0, 0.0]);
                s.emotion = Emotion::new(*e).unwrap();
                s
            })
            .collect();
        doc.set_steps_and_links(steps, vec![]).unwrap();
        doc
    }

    fn sample() -> Document {
        journey(&[
            ("b1", Stage::Buy, 1),
            ("t1", Stage::Tell, 2),
            ("c1", Stage::Care, -2),
            ("t2", Stage::Tell, 0),
            ("c2", Stage::Care, -1),
        ])
    }

    #[test]
    fn columns_are_stages_in_loop_order_then_document_order() {
        let doc = sample();
        let layout = MapLayout::new(&doc, None);
        let shown: Vec<String> = layout
            .columns
            .iter()
            .map(|c| {
                c.step.map_or(format!("({})", c.stage.as_str()), |s| {
                    doc.steps()[s].id.clone()
                })
            })
            .collect();
        assert_eq!(
            shown,
            [
                "t1",
                "t2",
                "b1",
                "(experience)",
                "c1",
                "c2",
                "(delight)",
                "(word_of_mouth)"
            ]
        );
        // Widths: tell 2 columns, then a gap; buy 1; experience empty; care 2; two empty.
        let x = LANE_HEADER_WIDTH;
        assert_eq!(layout.column_x(0), Rangef::new(x, x + COLUMN_WIDTH));
        let buy = x + 2.0 * COLUMN_WIDTH + STAGE_GAP;
        assert_eq!(layout.column_x(2).min, buy);
        let care = buy + COLUMN_WIDTH + STAGE_GAP + EMPTY_COLUMN_WIDTH + STAGE_GAP;
        assert_eq!(layout.column_x(4).min, care);
        let right = care + 2.0 * COLUMN_WIDTH + 2.0 * (STAGE_GAP + EMPTY_COLUMN_WIDTH);
        assert_eq!(layout.size().x, right);
        assert_eq!(
            layout.stages[3].x,
            Rangef::new(care, care + 2.0 * COLUMN_WIDTH)
        );
        assert_eq!(layout.column_of(doc.step_position("c2").unwrap()), Some(5));
    }

    #[test]
    fn lanes_follow_the_saved_order_and_grow_with_their_lists() {
        let mut doc = sample();
        let _ = Edit::SetStep {
            id: "c1".into(),
            value: crate::model::StepValue::PainPoints(vec!["a".into(), "b".into(), "c".into()]),
        }
        .apply(&mut doc)
        .unwrap();
        let _ = Edit::SetFrame(FrameValue::MapLanes(vec![Lane::PainPoints, Lane::Emotion]))
            .apply(&mut doc)
            .unwrap();
        let _ = Edit::SetFrame(FrameValue::HiddenLanes(vec![
            Lane::Channels,
            Lane::Steps,
            Lane::Evidence,
            Lane::Metrics,
            Lane::Frontstage,
            Lane::Backstage,
            Lane::Support,
        ]))
        .apply(&mut doc)
        .unwrap();
        let layout = MapLayout::new(&doc, None);
        let lanes: Vec<Lane> = layout.lanes.iter().map(|l| l.lane).collect();
        assert_eq!(
            lanes,
            [
                Lane::PainPoints,
                Lane::Emotion,
                Lane::Touchpoints,
                Lane::Opportunities
            ]
        );
        let pain = STAGE_HEADER_HEIGHT + 2.0 * CELL_PADDING + 4.0 * LINE_HEIGHT;
        assert_eq!(layout.lanes[0].y, Rangef::new(STAGE_HEADER_HEIGHT, pain));
        assert_eq!(
            layout.lanes[1].y,
            Rangef::new(pain, pain + EMOTION_LANE_HEIGHT)
        );
        assert_eq!(
            layout.lanes[2].y.span(),
            2.0 * CELL_PADDING + LINE_HEIGHT,
            "an empty list lane keeps room for one item"
        );
        assert_eq!(layout.row_of(Lane::Steps), None);
        assert_eq!(layout.cell(4, 1).top(), pain);
    }

    /// Rows of these lanes, each `h` high, from y = 0.
    fn rows(lanes: &[Lane], h: f32) -> Vec<LaneRow> {
        lanes
            .iter()
            .enumerate()
            .map(|(i, lane)| LaneRow {
                lane: *lane,
                y: Rangef::new(i as f32 * h, (i + 1) as f32 * h),
            })
            .collect()
    }

    #[test]
    fn the_blueprint_lines_fall_between_the_sides_of_the_blueprint() {
        use BlueprintLine::{Interaction, InternalInteraction, Visibility};
        let line = |line, y| LineAt { line, y };
        // The blueprint's order: each line on top of the first lane of the next side.
        assert_eq!(
            blueprint_lines(&rows(&Lane::BLUEPRINT, 10.0)),
            [
                line(Interaction, 20.0),
                line(Visibility, 30.0),
                line(InternalInteraction, 40.0)
            ]
        );
        // Frontstage hidden: interaction and visibility fall together above backstage.
        let no_front = [Lane::Steps, Lane::Backstage, Lane::Support];
        assert_eq!(
            blueprint_lines(&rows(&no_front, 10.0)),
            [
                line(Interaction, 10.0),
                line(Visibility, 10.0),
                line(InternalInteraction, 20.0)
            ]
        );
        // Lanes on no side (opportunities, metrics) are passed over: the line is drawn on
        // top of frontstage, below them.
        let default = Lane::shown(&[], &[]);
        let front = default.iter().position(|l| *l == Lane::Frontstage).unwrap();
        assert_eq!(
            blueprint_lines(&rows(&default, 10.0))[0],
            line(Interaction, front as f32 * 10.0)
        );
        // Out of the blueprint's order: only where a later side follows an earlier one.
        let shuffled = [Lane::Support, Lane::Steps, Lane::Backstage];
        assert_eq!(
            blueprint_lines(&rows(&shuffled, 10.0)),
            [line(Interaction, 20.0), line(Visibility, 20.0)]
        );
        // No frontstage, backstage or support: no line.
        assert_eq!(
            blueprint_lines(&rows(&[Lane::Steps, Lane::Emotion], 10.0)),
            []
        );
    }

    #[test]
    fn the_map_lays_its_lines_along_the_lanes_it_shows() {
        let mut doc = sample();
        let _ = crate::model::builders::lane_preset(
            &doc,
            crate::model::builders::LanePreset::Blueprint,
        )
        .unwrap()
        .apply(&mut doc)
        .unwrap();
        let layout = MapLayout::new(&doc, None);
        // Evidence (empty: one line of room), the steps, then frontstage, backstage, support.
        let list = list_lane_height(0);
        let interaction = STAGE_HEADER_HEIGHT + list + STEPS_LANE_HEIGHT;
        let ys: Vec<f32> = layout.lines.iter().map(|l| l.y).collect();
        assert_eq!(
            ys,
            [interaction, interaction + list, interaction + 2.0 * list]
        );
        for (at, lane) in
            layout
                .lines
                .iter()
                .zip([Lane::Frontstage, Lane::Backstage, Lane::Support])
        {
            assert_eq!(at.y, layout.lanes[layout.row_of(lane).unwrap()].y.min);
        }
        // A wait under a step makes room for its line in the steps lane.
        let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
        steps[0].wait = Some(Box::default());
        steps[1].fail_point = Some(Box::default());
        steps[1].wait = Some(Box::default());
        doc.set_steps_and_links(steps, vec![]).unwrap();
        let layout = MapLayout::new(&doc, None);
        assert_eq!(layout.badge_rows, 2);
        assert_eq!(layout.lines[0].y, interaction + 2.0 * STEP_BADGE_HEIGHT);
    }

    #[test]
    fn the_to_be_curve_follows_the_to_be_emotions() {
        let mut doc = sample();
        let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
        // c1 (−2) is to be +1; t2 (0) to be +2 with a title only for its title.
        steps[2].to_be = Some(Box::new(crate::model::ToBe {
            emotion: Emotion::new(1),
            ..crate::model::ToBe::default()
        }));
        steps[3].to_be = Some(Box::new(crate::model::ToBe {
            emotion: Emotion::new(2),
            ..crate::model::ToBe::default()
        }));
        steps[4].to_be = Some(Box::new(crate::model::ToBe {
            title: "Chat".into(),
            ..crate::model::ToBe::default()
        }));
        doc.set_steps_and_links(steps, vec![]).unwrap();
        assert!(has_to_be(&doc));
        let layout = MapLayout::new(&doc, None);
        let row = Rangef::new(0.0, EMOTION_LANE_HEIGHT);
        let points = to_be_points(&layout, &doc, row, None, 0..layout.columns.len());
        // Columns t1, t2, b1, c1, c2: +2, +2 (to be), +1, +1 (to be), −1 (as today).
        let values: Vec<i8> = points.iter().map(|p| p.emotion.value()).collect();
        assert_eq!(values, [2, 2, 1, 1, -1]);
        for p in &points {
            assert_eq!(p.pos.y, emotion_y(row, f32::from(p.emotion.value())));
            assert_eq!(p.pos.x, layout.column_center(p.column));
        }
        // Happiness: today two of five steps are positive, to be four of five.
        let s = scores(&doc, None);
        assert_eq!((s.happiness, s.to_be_happiness), (Some(0.4), Some(0.8)));
        assert_eq!(scores(&sample(), None).to_be_happiness, None);
    }

    #[test]
    fn the_curve_points_follow_the_steps_emotions() {
        let doc = sample();
        let layout = MapLayout::new(&doc, None);
        let row = Rangef::new(100.0, 100.0 + EMOTION_LANE_HEIGHT);
        let points = curve_points(&layout, &doc, row, None, 0..layout.columns.len());
        let inner = EMOTION_LANE_HEIGHT - 2.0 * EMOTION_PADDING;
        // Closed form: y = top + padding + (2 - emotion) / 4 × inner; x = the column's middle.
        let expected: Vec<(usize, f32, f32)> = [(0, 2.0), (1, 0.0), (2, 1.0), (4, -2.0), (5, -1.0)]
            .into_iter()
            .map(|(c, e)| {
                let x = layout.column_x(c).min + COLUMN_WIDTH / 2.0;
                (c, x, 100.0 + EMOTION_PADDING + (2.0 - e) / 4.0 * inner)
            })
            .collect();
        let got: Vec<(usize, f32, f32)> = points
            .iter()
            .map(|p| (p.column, p.pos.x, p.pos.y))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(points[0].pos.y, row.min + EMOTION_PADDING, "+2 at the top");
        assert_eq!(
            points[3].pos.y,
            row.max - EMOTION_PADDING,
            "-2 at the bottom"
        );
        for p in &points {
            assert_eq!(emotion_at(row, p.pos.y), p.emotion);
            assert_eq!(emotion_at(row, p.pos.y + 0.2 * inner / 4.0), p.emotion);
        }
        assert_eq!(emotion_at(row, row.min - 50.0), Emotion::new(2).unwrap());
        assert_eq!(emotion_at(row, row.max + 50.0), Emotion::new(-2).unwrap());
    }

    #[test]
    fn a_curve_is_cut_where_it_crosses_neutral() {
        let doc = sample();
        let layout = MapLayout::new(&doc, None);
        let row = Rangef::new(0.0, EMOTION_LANE_HEIGHT);
        let points = curve_points(&layout, &doc, row, None, 0..layout.columns.len());
        let zero = emotion_y(row, 0.0);
        let segments = signed_segments(&points, zero);
        let signs: Vec<Ordering> = segments.iter().map(|s| s.sign).collect();
        // +2→0 above, 0→+1 above, +1→−2 crosses, −2→−1 below.
        let (above, below) = (Ordering::Greater, Ordering::Less);
        assert_eq!(signs, [above, above, above, below, below]);
        // The crossing is a third of the way from +1 to −2.
        let cross = segments[2].to;
        assert_eq!(cross.y, zero);
        let (a, b) = (points[2].pos, points[3].pos);
        assert!(
            (cross.x - (a.x + (b.x - a.x) / 3.0)).abs() < 1e-3,
            "{cross:?}"
        );
    }

    fn with_personas() -> Document {
        let mut doc = sample();
        let colour = Colour([0, 0, 0]);
        doc.set_personas(vec![
            Persona::new("early", "Early", colour),
            Persona::new("family", "Family", colour),
        ])
        .unwrap();
        let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
        // t2 is for the family only; at c1 the early adopter feels +1.
        steps[3].personas = vec!["family".into()];
        steps[2].persona_emotions = vec![("early".into(), Emotion::new(1).unwrap())];
        doc.set_steps_and_links(steps, vec![]).unwrap();
        doc
    }

    #[test]
    fn a_persona_filter_shows_its_steps_with_its_emotions() {
        let doc = with_personas();
        let layout = MapLayout::new(&doc, Some("early"));
        let ids: Vec<&str> = layout
            .columns
            .iter()
            .filter_map(|c| c.step)
            .map(|s| doc.steps()[s].id.as_str())
            .collect();
        assert_eq!(ids, ["t1", "b1", "c1", "c2"]);
        assert_eq!(layout.column_of(doc.step_position("t2").unwrap()), None);
        let row = Rangef::new(0.0, EMOTION_LANE_HEIGHT);
        let all = MapLayout::new(&doc, None);
        let family = curve_points(&all, &doc, row, Some("family"), 0..all.columns.len());
        let early = curve_points(&all, &doc, row, Some("early"), 0..all.columns.len());
        let values = |p: &[CurvePoint]| p.iter().map(|p| p.emotion.value()).collect::<Vec<_>>();
        assert_eq!(values(&family), [2, 0, 1, -2, -1]);
        assert_eq!(values(&early), [2, 1, 1, -1]);
    }

    #[test]
    fn scores_by_hand() {
        let doc = sample();
        // Emotions 1, 2, −2, 0, −1: two of five positive.
        let s = scores(&doc, None);
        assert_eq!(s.happiness, Some(0.4));
        assert_eq!(s.stage_average[Stage::Tell.index()], Some(1.0));
        assert_eq!(s.stage_average[Stage::Buy.index()], Some(1.0));
        assert_eq!(s.stage_average[Stage::Care.index()], Some(-1.5));
        assert_eq!(s.stage_average[Stage::Experience.index()], None);
        // The early adopter: t1 +2, b1 +1, c1 +1, c2 −1 (t2 is not theirs): three of four.
        let s = scores(&with_personas(), Some("early"));
        assert_eq!(s.happiness, Some(0.75));
        assert_eq!(s.stage_average[Stage::Tell.index()], Some(2.0));
        assert_eq!(s.stage_average[Stage::Care.index()], Some(0.0));
        assert_eq!(scores(&Document::new("empty"), None).happiness, None);
    }

    #[test]
    fn only_the_columns_on_screen_are_visited() {
        let doc = crate::model::generate::journey(10_000, 0, 7);
        let layout = MapLayout::new(&doc, None);
        let start = layout.column_x(5000).min + 1.0;
        let visible = layout.visible_columns(Rangef::new(start, start + 3.0 * COLUMN_WIDTH));
        assert_eq!(visible, 5000..5004);
        assert_eq!(
            layout.visible_columns(Rangef::new(0.0, LANE_HEADER_WIDTH)),
            0..0
        );
        assert_eq!(layout.column_at(start), Some(5000));
        assert_eq!(
            layout
                .column_at(layout.column_x(5000).max + 0.5)
                .map(|c| c >= 5000),
            Some(true)
        );
    }

    /// The map's rectangle in a 1280×800 window with the inspector open: below the menu,
    /// the toolbar and the map's own header, above the status bar, left of the inspector.
    fn central_rect_beside_the_inspector() -> Rect {
        Rect::from_min_max(pos2(0.0, 92.0), pos2(1280.0 - 328.0, 775.0))
    }

    #[test]
    fn fit_shows_every_column_of_each_template_beside_the_inspector() {
        let viewport = central_rect_beside_the_inspector();
        for template in crate::format::TEMPLATES {
            let doc = template.load().unwrap();
            let layout = MapLayout::new(&doc, None);
            let mut view = MapView {
                zoom: 1.0,
                offset: vec2(300.0, 0.0),
            };
            assert!(
                layout.size().x > viewport.width(),
                "{}: at 100 % the map is wider than the view",
                template.name
            );
            view.fit(layout.size(), viewport);
            assert!(view.zoom < 1.0, "{}", template.name);
            assert_eq!(view.offset.x, 0.0);
            for (c, column) in layout.columns.iter().enumerate() {
                // The whole column: its stage header and every lane.
                let rect =
                    Rect::from_x_y_ranges(layout.column_x(c), Rangef::new(0.0, layout.size().y));
                let on_screen = view.screen_rect(viewport, rect);
                assert!(
                    viewport.contains_rect(on_screen),
                    "{}: {column:?} at {on_screen:?} outside {viewport:?}",
                    template.name
                );
            }
            // Every column's x is among those the frame draws.
            assert_eq!(
                layout.visible_columns(view.visible_x(viewport)),
                0..layout.columns.len()
            );
        }
    }

    #[test]
    fn fit_never_blows_a_small_map_up_nor_shrinks_a_huge_one_past_legibility() {
        let viewport = central_rect_beside_the_inspector();
        // One step and five empty stages fit a full-width window at 100 %.
        let small = MapLayout::new(&journey(&[("t", Stage::Tell, 0)]), None);
        let wide = Rect::from_min_size(pos2(0.0, 92.0), vec2(1280.0, 683.0));
        assert!(small.size().x < wide.width());
        assert_eq!(MapView::fit_zoom(small.size(), wide), 1.0);
        let huge = MapLayout::new(&crate::model::generate::journey(1000, 0, 3), None);
        assert_eq!(
            MapView::fit_zoom(huge.size(), viewport),
            *ZOOM_RANGE.start()
        );
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer_and_scales_the_columns() {
        let doc = sample();
        let layout = MapLayout::new(&doc, None);
        let viewport = Rect::from_min_size(pos2(10.0, 40.0), vec2(500.0, 400.0));
        let mut view = MapView::default();
        let column = layout.column_x(2);
        let anchor = view.screen_pos(viewport, pos2(column.center(), 100.0));
        view.zoom_at(viewport, anchor, 1.5, layout.size());
        assert_eq!(view.zoom, 1.5);
        let after = view.screen_pos(viewport, pos2(column.center(), 100.0));
        assert!((after - anchor).length() < 1e-3, "{after:?} vs {anchor:?}");
        let steps = layout.row_of(Lane::Steps).unwrap();
        let rect = view.screen_rect(viewport, layout.cell(2, steps));
        assert!((rect.width() - COLUMN_WIDTH * 1.5).abs() < 1e-3);
        assert!((rect.height() - STEPS_LANE_HEIGHT * 1.5).abs() < 1e-3);
        let back = view.map_pos(viewport, rect.center());
        assert!((back - layout.cell(2, steps).center()).length() < 1e-3);
        view.zoom_at(viewport, anchor, 100.0, layout.size());
        assert_eq!(view.zoom, *ZOOM_RANGE.end());
    }

    #[test]
    fn a_dropped_step_lands_before_the_step_under_the_pointer() {
        let doc = sample();
        let layout = MapLayout::new(&doc, None);
        let idx = |id: &str| doc.step_position(id);
        // Left half of t2's column: before t2; right half: end of tell.
        let t2 = layout.column_x(1);
        assert_eq!(layout.drop_target(t2.min + 5.0), (Stage::Tell, idx("t2")));
        assert_eq!(layout.drop_target(t2.max - 5.0), (Stage::Tell, None));
        // The empty experience column, and the gap just right of buy (nearest: buy).
        let exp = layout.column_x(3);
        assert_eq!(layout.drop_target(exp.center()), (Stage::Experience, None));
        assert_eq!(
            layout.drop_target(layout.column_x(2).max + 2.0),
            (Stage::Buy, None)
        );
        // Far left of the map: before the first step of tell.
        assert_eq!(layout.drop_target(0.0), (Stage::Tell, idx("t1")));
    }
}
