//! The journey map as a picture: stage headers over columns, lane headers beside rows, each
//! step's title and notes, the emotion curve (with the personas' curves dashed), and the
//! lists of the channel, touchpoint, pain-point and opportunity lanes.
//!
//! Where everything is comes from [`crate::layout::map`], the same plain functions the map
//! view uses, so the export shows the map as the view lays it out (all personas, the lanes
//! the journey saves).

use emath::{Pos2, Rect, pos2, vec2};

use super::svg::{Anchor, Svg};
use super::text;
use crate::layout::card;
use crate::layout::map::{
    self as map_layout, CELL_PADDING, LANE_HEADER_WIDTH, LINE_HEIGHT, MAX_PERSONA_CURVES,
    MapLayout, STAGE_HEADER_HEIGHT,
};
use crate::layout::palette::{self, Rgb};
use crate::model::{Document, Lane, Step};

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

/// The journey map of `doc` as SVG text.
pub fn svg(doc: &Document) -> String {
    let layout = MapLayout::new(doc, None);
    let size = layout.size();
    let map = Rect::from_min_size(Pos2::ZERO, size);
    let title = doc.title.trim();
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
            cell_ui(&mut svg, step, lane_row.lane, cell);
        }
    }
    svg.end_group();
    if let Some(row) = layout.row_of(Lane::Emotion) {
        emotion_lane(&mut svg, doc, &layout, row);
    }
    svg.finish()
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

fn cell_ui(svg: &mut Svg, step: &Step, lane: Lane, cell: Rect) {
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
        let title = text::wrap(&step.title, STEP_TITLE_SIZE, inner.width(), 2);
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
        let first_note = step.notes.lines().next().unwrap_or_default();
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

/// The emotion lane: the zero line, the personas' curves dashed, the journey's own curve
/// coloured by sign, and a marker with the value at each step.
fn emotion_lane(svg: &mut Svg, doc: &Document, layout: &MapLayout, row: usize) {
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
    let points = map_layout::curve_points(layout, doc, y, None, all);
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
        let svg = svg(&doc);
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
            super::svg(&doc),
            "the same journey gives the same bytes"
        );
    }
}
