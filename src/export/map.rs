//! The journey map as a picture: stage headers over columns, lane headers beside rows, each
//! step's title and notes (with its fail point and wait under them), the emotion curve (with
//! the personas' curves and the to-be curve dashed), the lists of the evidence, channel,
//! touchpoint, pain-point, opportunity, frontstage, backstage and support lanes, each metric
//! against its target, and the service blueprint's dashed, labelled lines between the lanes.
//!
//! Where everything is comes from [`crate::layout::map`], the same plain functions the map
//! view uses, so the export shows the map as the view lays it out (all personas, the lanes
//! the journey saves). The to-be map shows each step's to-be title, notes and emotion (today's
//! where it says none), with today's curve dashed beside the to-be one.

use emath::{Pos2, Rect, pos2, vec2};

use super::svg::{Anchor, Svg};
use super::text;
use crate::layout::card;
use crate::layout::map::{
    self as map_layout, CELL_PADDING, LANE_HEADER_WIDTH, LINE_HEIGHT, MAX_PERSONA_CURVES,
    MapLayout, STAGE_HEADER_HEIGHT, STEP_BADGE_HEIGHT,
};
use crate::layout::palette::{self, Rgb};
use crate::model::{Document, Lane, Standing, Step};

/// Exports are drawn in the light theme.
const DARK: bool = false;
/// Empty space around everything.
const MARGIN: f32 = 32.0;
/// The journey's title above the map.
const TITLE_SIZE: f32 = 24.0;
/// Space between the title and the map.
const TITLE_GAP: f32 = 16.0;
/// A stage header's text.
const HEADER_SIZE: f32 = 14.0;
/// A lane header's text.
const LANE_SIZE: f32 = 12.0;
/// A step's title in its cell.
const STEP_TITLE_SIZE: f32 = 13.5;
/// The notes under it.
const NOTES_SIZE: f32 = 11.0;
/// An item of a list lane.
const ITEM_SIZE: f32 = 12.0;
/// A persona's name in the emotion lane's legend.
const LEGEND_SIZE: f32 = 10.5;
/// The radius of an emotion marker.
const MARKER_RADIUS: f32 = 9.0;
/// A blueprint line's label.
const LINE_LABEL_SIZE: f32 = 10.0;
/// A fail point or wait under a step's notes.
const BADGE_SIZE: f32 = 10.5;

/// The journey map of `doc` as SVG text; with `to_be`, the to-be map.
pub fn svg(doc: &Document, to_be: bool) -> String {
    let layout = MapLayout::new(doc, None);
    let size = layout.size();
    let map = Rect::from_min_size(Pos2::ZERO, size);
    let title = if to_be {
        let title = doc.title.trim();
        if title.is_empty() {
            "To be".to_owned()
        } else {
            format!("{title} (to be)")
        }
    } else {
        doc.title.trim().to_owned()
    };
    let title = title.as_str();
    let title_height = if title.is_empty() {
        0.0
    } else {
        text::line_height(TITLE_SIZE) + TITLE_GAP
    };
    let mut everything = map.union(Rect::from_min_size(
        pos2(0.0, -title_height),
        vec2(text::width(title, TITLE_SIZE), title_height),
    ));
    everything = everything.expand(MARGIN);
    let view = Rect::from_min_max(
        pos2(everything.min.x.floor(), everything.min.y.floor()),
        pos2(everything.max.x.ceil(), everything.max.y.ceil()),
    );
    let mut svg = Svg::new(
        view,
        palette::background(DARK),
        if title.is_empty() { "Journey" } else { title },
    );
    svg.reserve(doc.steps().len() * 1200);
    if !title.is_empty() {
        svg.text(
            pos2(0.0, -title_height + text::ascent(TITLE_SIZE)),
            TITLE_SIZE,
            palette::ink(DARK),
            Anchor::Start,
            title,
        );
    }
    headers(&mut svg, &layout);
    svg.begin_group("cells");
    for (row, lane_row) in layout.lanes.iter().enumerate() {
        if lane_row.lane == Lane::Emotion {
            continue;
        }
        for (column, map_column) in layout.columns.iter().enumerate() {
            let Some(step) = map_column.step.and_then(|i| doc.steps().get(i)) else {
                continue;
            };
            let cell = layout.cell(column, row);
            cell_ui(&mut svg, step, lane_row.lane, cell, &layout, to_be);
        }
    }
    svg.end_group();
    if let Some(row) = layout.row_of(Lane::Emotion) {
        emotion_lane(&mut svg, doc, &layout, row, to_be);
    }
    blueprint_lines(&mut svg, &layout);
    svg.finish()
}

/// The service blueprint's lines: dashed across the map, labelled at the left of the cells
/// (lines that fall together share one label).
fn blueprint_lines(svg: &mut Svg, layout: &MapLayout) {
    if layout.lines.is_empty() {
        return;
    }
    svg.begin_group("blueprint-lines");
    let colour = palette::blueprint_line(DARK);
    let left = layout.column_x(0).min;
    let right = layout.size().x;
    let mut places: Vec<(f32, Vec<&str>)> = Vec::new();
    for at in &layout.lines {
        match places.iter_mut().find(|(y, _)| *y == at.y) {
            Some((_, labels)) => labels.push(at.line.label()),
            None => places.push((at.y, vec![at.line.label()])),
        }
    }
    for (y, labels) in places {
        svg.polyline(&[pos2(0.0, y), pos2(right, y)], colour, 1.5, true);
        let label = labels.join(" · ");
        let width = text::width(&label, LINE_LABEL_SIZE);
        let height = text::line_height(LINE_LABEL_SIZE);
        let back = Rect::from_min_size(
            pos2(left + 4.0, y - height - 3.0),
            vec2(width + 8.0, height + 2.0),
        );
        svg.rect(back, 3.0, palette::background(DARK), None);
        svg.text(
            pos2(
                back.left() + 4.0,
                back.top() + 1.0 + text::ascent(LINE_LABEL_SIZE),
            ),
            LINE_LABEL_SIZE,
            colour,
            Anchor::Start,
            &label,
        );
    }
    svg.end_group();
}

fn headers(svg: &mut Svg, layout: &MapLayout) {
    svg.begin_group("headers");
    for span in &layout.stages {
        let rect = Rect::from_x_y_ranges(span.x, 0.0..=STAGE_HEADER_HEIGHT).shrink2(vec2(1.0, 2.0));
        svg.rect(rect, 4.0, palette::stage(span.stage), None);
        let label = format!("{} · {}", span.stage.label(), span.steps);
        let fitted = text::wrap(&label, HEADER_SIZE, rect.width() - 16.0, 1);
        if let Some(row) = fitted.rows.first() {
            svg.text(
                pos2(rect.left() + 8.0, centred_baseline(rect, HEADER_SIZE)),
                HEADER_SIZE,
                palette::ON_STAGE,
                Anchor::Start,
                row,
            );
        }
    }
    for row in &layout.lanes {
        let rect =
            Rect::from_x_y_ranges(0.0..=LANE_HEADER_WIDTH - 4.0, row.y).shrink2(vec2(0.0, 1.0));
        svg.rect(rect, 4.0, palette::grid(DARK), None);
        svg.text(
            pos2(
                rect.left() + 10.0,
                rect.top() + CELL_PADDING + text::ascent(LANE_SIZE),
            ),
            LANE_SIZE,
            palette::ink(DARK),
            Anchor::Start,
            row.lane.label(),
        );
    }
    svg.end_group();
}

/// The baseline that centres capitals of `size` vertically in `rect`.
fn centred_baseline(rect: Rect, size: f32) -> f32 {
    rect.center().y + text::cap_height(size) / 2.0
}

fn cell_ui(svg: &mut Svg, step: &Step, lane: Lane, cell: Rect, layout: &MapLayout, to_be: bool) {
    let inner = cell.shrink(CELL_PADDING);
    let fill = if lane == Lane::Steps {
        palette::card_fill(step.stage, DARK)
    } else {
        Rgb::WHITE
    };
    svg.rect(
        cell.shrink(1.0),
        4.0,
        fill,
        Some((palette::grid(DARK), 1.0)),
    );
    if lane == Lane::Steps {
        let (title, notes) = if to_be {
            (step.to_be_title(), step.to_be_notes())
        } else {
            (step.title.as_str(), step.notes.as_str())
        };
        let title = text::wrap(title, STEP_TITLE_SIZE, inner.width(), 2);
        let mut top = inner.top();
        for row in &title.rows {
            svg.text(
                pos2(inner.left(), top + text::ascent(STEP_TITLE_SIZE)),
                STEP_TITLE_SIZE,
                palette::ink(DARK),
                Anchor::Start,
                row,
            );
            top += text::line_height(STEP_TITLE_SIZE);
        }
        let first_note = notes.lines().next().unwrap_or_default();
        for row in text::wrap(first_note, NOTES_SIZE, inner.width(), 2).rows {
            svg.text(
                pos2(inner.left(), top + 2.0 + text::ascent(NOTES_SIZE)),
                NOTES_SIZE,
                palette::weak_ink(DARK),
                Anchor::Start,
                &row,
            );
            top += text::line_height(NOTES_SIZE);
        }
        step_badges(svg, step, cell, inner, layout);
        return;
    }
    if lane == Lane::Metrics {
        metrics(svg, step, inner);
        return;
    }
    let Some(items) = lane.items(step) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let top = inner.top() + i as f32 * LINE_HEIGHT;
        if let Some(row) = text::wrap(item, ITEM_SIZE, inner.width(), 1).rows.first() {
            svg.text(
                pos2(
                    inner.left(),
                    top + (LINE_HEIGHT - text::line_height(ITEM_SIZE)) / 2.0
                        + text::ascent(ITEM_SIZE),
                ),
                ITEM_SIZE,
                palette::ink(DARK),
                Anchor::Start,
                row,
            );
        }
    }
}

/// A step's fail point (a red corner and its note) and wait, on the lines under its notes.
fn step_badges(svg: &mut Svg, step: &Step, cell: Rect, inner: Rect, layout: &MapLayout) {
    let mut top = inner.bottom() - layout.badge_rows as f32 * STEP_BADGE_HEIGHT;
    let baseline = |top: f32| {
        top + (STEP_BADGE_HEIGHT - text::line_height(BADGE_SIZE)) / 2.0 + text::ascent(BADGE_SIZE)
    };
    if let Some(fail) = &step.fail_point {
        let corner = pos2(cell.right() - 5.0, cell.top() + 5.0);
        svg.polygon(
            &[corner, corner + vec2(0.0, 14.0), corner + vec2(-14.0, 0.0)],
            palette::FAIL_POINT,
        );
        let note = fail.note.trim();
        let text = if note.is_empty() {
            "Fail point".to_owned()
        } else {
            format!("Fail point: {note}")
        };
        if let Some(row) = text::wrap(&text, BADGE_SIZE, inner.width(), 1).rows.first() {
            svg.text(
                pos2(inner.left(), baseline(top)),
                BADGE_SIZE,
                palette::FAIL_POINT,
                Anchor::Start,
                row,
            );
        }
        top += STEP_BADGE_HEIGHT;
    }
    if let Some(wait) = &step.wait {
        let text = wait.label();
        if let Some(row) = text::wrap(&text, BADGE_SIZE, inner.width(), 1).rows.first() {
            svg.text(
                pos2(inner.left(), baseline(top)),
                BADGE_SIZE,
                palette::WAIT,
                Anchor::Start,
                row,
            );
        }
    }
}

/// A step's metrics, each against its target: green on target, amber off it.
fn metrics(svg: &mut Svg, step: &Step, inner: Rect) {
    for (i, metric) in step.metrics.iter().enumerate() {
        let top = inner.top() + i as f32 * LINE_HEIGHT;
        let colour = match metric.standing() {
            Standing::OnTarget => palette::ON_TARGET,
            Standing::Off(_) => palette::OFF_TARGET,
            Standing::Unknown => palette::weak_ink(DARK),
        };
        svg.circle(
            pos2(inner.left() + 4.0, top + LINE_HEIGHT / 2.0),
            4.0,
            colour,
        );
        let label = format!("{} {}", metric.display_name(), metric.value_text());
        if let Some(row) = text::wrap(&label, ITEM_SIZE, inner.width() - 12.0, 1)
            .rows
            .first()
        {
            svg.text(
                pos2(
                    inner.left() + 12.0,
                    top + (LINE_HEIGHT - text::line_height(ITEM_SIZE)) / 2.0
                        + text::ascent(ITEM_SIZE),
                ),
                ITEM_SIZE,
                colour,
                Anchor::Start,
                row,
            );
        }
    }
}

/// The emotion lane: the zero line, the personas' curves dashed, the journey's own curve
/// coloured by sign, and a marker with the value at each step; the other journey's curve
/// (to be, or with `to_be` today's) dashed beside it.
fn emotion_lane(svg: &mut Svg, doc: &Document, layout: &MapLayout, row: usize, to_be: bool) {
    svg.begin_group("emotion");
    let y = layout.lanes[row].y;
    let all = 0..layout.columns.len();
    let zero = map_layout::emotion_y(y, 0.0);
    let left = layout.column_x(0).min;
    let right = layout.size().x;
    svg.polyline(
        &[pos2(left, zero), pos2(right, zero)],
        palette::grid(DARK).mix(palette::weak_ink(DARK), 0.4),
        1.0,
        false,
    );
    // The legend of the personas' curves, under the lane's name.
    let mut legend_top = y.min + CELL_PADDING + text::line_height(LANE_SIZE) + 6.0;
    for persona in doc.personas().iter().take(MAX_PERSONA_CURVES) {
        let [r, g, b] = persona.colour.0;
        let middle = legend_top + 8.0;
        svg.polyline(
            &[pos2(10.0, middle), pos2(26.0, middle)],
            Rgb(r, g, b),
            2.0,
            true,
        );
        let name = text::wrap(
            &persona.name,
            LEGEND_SIZE,
            LANE_HEADER_WIDTH - 4.0 - 32.0 - 6.0,
            1,
        );
        if let Some(row) = name.rows.first() {
            svg.text(
                pos2(32.0, middle + text::cap_height(LEGEND_SIZE) / 2.0),
                LEGEND_SIZE,
                palette::weak_ink(DARK),
                Anchor::Start,
                row,
            );
        }
        legend_top += 16.0;
    }
    for persona in doc.personas().iter().take(MAX_PERSONA_CURVES) {
        let points = map_layout::curve_points(layout, doc, y, Some(&persona.id), all.clone());
        let [r, g, b] = persona.colour.0;
        let colour = Rgb(r, g, b);
        let line: Vec<Pos2> = points.iter().map(|p| p.pos).collect();
        if line.len() > 1 {
            svg.polyline(&line, colour, 2.0, true);
        }
        for p in &line {
            svg.circle(*p, 3.5, colour);
        }
    }
    let as_is = map_layout::curve_points(layout, doc, y, None, all.clone());
    let will_be = map_layout::to_be_points(layout, doc, y, None, all);
    let (points, beside) = if to_be {
        (will_be, as_is)
    } else {
        (as_is, will_be)
    };
    if to_be || map_layout::has_to_be(doc) {
        let colour = if to_be {
            palette::weak_ink(DARK)
        } else {
            palette::TO_BE
        };
        let line: Vec<Pos2> = beside.iter().map(|p| p.pos).collect();
        if line.len() > 1 {
            svg.polyline(&line, colour, 2.5, true);
        }
        for p in &line {
            svg.circle(*p, 5.0, colour);
            svg.circle(*p, 3.0, palette::background(DARK));
        }
    }
    for segment in map_layout::signed_segments(&points, zero) {
        svg.polyline(
            &[segment.from, segment.to],
            palette::sign_colour(segment.sign),
            2.5,
            false,
        );
    }
    for point in &points {
        svg.circle(point.pos, MARKER_RADIUS, palette::emotion(point.emotion));
        let sign = card::emotion_sign(point.emotion);
        svg.text(
            pos2(point.pos.x, point.pos.y + text::cap_height(10.0) / 2.0),
            10.0,
            palette::ON_STAGE,
            Anchor::Middle,
            &sign,
        );
    }
    svg.end_group();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format;

    #[test]
    fn the_map_shows_every_stage_lane_and_step() {
        let doc = format::service_loop();
        let svg = svg(&doc, false);
        let layout = MapLayout::new(&doc, None);
        let size = layout.size();
        let head = svg.lines().next().unwrap();
        assert!(
            head.contains(&format!("width=\"{}\"", (size.x + 2.0 * MARGIN).ceil())),
            "{head}"
        );
        for stage in crate::model::Stage::ALL {
            assert!(
                svg.contains(&format!(">{} · 1</text>", stage.label())),
                "{stage:?}"
            );
        }
        for row in &layout.lanes {
            assert!(svg.contains(&format!(">{}</text>", row.lane.label())));
        }
        for step in doc.steps() {
            assert!(
                svg.contains(&format!(">{}</text>", step.title)),
                "{}",
                step.title
            );
            assert!(svg.contains(&format!(
                "fill=\"{}\"",
                palette::emotion(step.emotion).hex()
            )));
        }
        assert_eq!(
            svg,
            super::svg(&doc, false),
            "the same journey gives the same bytes"
        );
    }
}
