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
mod tests;
