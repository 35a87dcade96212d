//! Moving about the map: the wheel (shift or a sideways wheel for across), dragging the
//! background, ctrl+scroll or a pinch to zoom at the pointer, following the selection, and
//! the scroll bars and edge fades that show there is more of the map beyond an edge.

use egui::{Color32, Mesh, Rangef, Rect, Sense, Shape, Ui, Vec2, vec2};

use super::MapState;
use super::draw::Frame;
use crate::layout::map::{LANE_HEADER_WIDTH, MapLayout, STAGE_HEADER_HEIGHT};
use crate::ui::theme;
use crate::ui::view::ViewContext;

/// The thickness of a scroll bar.
const BAR: f32 = 8.0;
/// The space between a scroll bar and the map's edge.
const BAR_MARGIN: f32 = 3.0;
/// The shortest a scroll bar's thumb gets.
const MIN_THUMB: f32 = 28.0;
/// How far into the map an edge fades.
const FADE: f32 = 36.0;

/// Scrolls with the wheel (shift or a sideways wheel for across; a map that fits in height
/// scrolls across with the plain wheel too) and by dragging the background; zooms at the
/// pointer with ctrl+scroll or a pinch.
pub(super) fn scroll(
    ui: &Ui,
    background: &egui::Response,
    rect: Rect,
    layout: &MapLayout,
    state: &mut MapState,
) {
    let size = layout.size();
    let mut delta = Vec2::ZERO;
    if background.dragged() {
        delta -= background.drag_delta();
    }
    if ui.rect_contains_pointer(rect) {
        let (wheel, zoom, pointer) =
            ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
        if zoom != 1.0 {
            state.fitted = false;
            let anchor = pointer.unwrap_or(rect.center());
            state.view.zoom_at(rect, anchor, zoom, size);
        }
        let fits_in_height = size.y * state.view.zoom <= rect.height();
        delta -= if fits_in_height && wheel.x == 0.0 {
            vec2(wheel.y, 0.0)
        } else {
            wheel
        };
    }
    state.view.offset += delta / state.view.zoom;
    state.view.clamp(size, rect);
}

/// When the selection changes, brings its (first) step's column into view.
pub(super) fn scroll_to_selection(
    ctx: &ViewContext<'_>,
    layout: &MapLayout,
    rect: Rect,
    state: &mut MapState,
) {
    if state.scrolled_for == Some(ctx.selection_revision) || !rect.is_positive() {
        return;
    }
    state.scrolled_for = Some(ctx.selection_revision);
    let Some(column) = ctx
        .selection
        .steps
        .iter()
        .filter_map(|id| layout.column_of(ctx.doc.step_position(id)?))
        .min()
    else {
        return;
    };
    let x = layout.column_x(column);
    let visible = state.view.visible_x(rect);
    if x.min < visible.min || x.max > visible.max {
        state.view.offset.x += x.center() - visible.center();
        state.view.clamp(layout.size(), rect);
    }
}

/// One direction a scroll bar moves the map in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Axis {
    Across,
    Down,
}

impl Axis {
    const fn index(self) -> usize {
        match self {
            Self::Across => 0,
            Self::Down => 1,
        }
    }

    const fn name(self) -> &'static str {
        match self {
            Self::Across => "Scroll the map across",
            Self::Down => "Scroll the map up and down",
        }
    }
}

/// The scroll bars (when the map is larger than its room) and the fades at the edges with
/// more of the map beyond them, over the cells and the headers.
pub(super) fn edges_ui(ui: &Ui, frame: &Frame<'_>, state: &mut MapState) {
    let rect = frame.rect;
    let size = frame.layout.size();
    let max = state.view.max_offset(size, rect);
    let cells = frame.cells_clip();
    let across = max.x > 0.5;
    let down = max.y > 0.5;
    let background = theme::canvas_background(frame.dark);
    let offset = state.view.offset;
    if offset.x > 0.5 {
        let x = cells.left();
        fade(
            ui,
            Rect::from_x_y_ranges(x..=x + FADE, rect.y_range()),
            background,
            false,
        );
    }
    if offset.x < max.x - 0.5 {
        let x = rect.right();
        fade(
            ui,
            Rect::from_x_y_ranges(x - FADE..=x, rect.y_range()),
            background,
            true,
        );
    }
    if across {
        let right = rect.right() - BAR_MARGIN - if down { BAR + BAR_MARGIN } else { 0.0 };
        let track = Rect::from_x_y_ranges(
            cells.left() + BAR_MARGIN..=right,
            rect.bottom() - BAR_MARGIN - BAR..=rect.bottom() - BAR_MARGIN,
        );
        let content = size.x - LANE_HEADER_WIDTH;
        let shown = rect.width() / state.view.zoom - LANE_HEADER_WIDTH;
        scroll_bar(ui, frame, state, Axis::Across, track, content, shown, max.x);
    }
    if down {
        let bottom = rect.bottom() - BAR_MARGIN - if across { BAR + BAR_MARGIN } else { 0.0 };
        let track = Rect::from_x_y_ranges(
            rect.right() - BAR_MARGIN - BAR..=rect.right() - BAR_MARGIN,
            cells.top() + BAR_MARGIN..=bottom,
        );
        let content = size.y - STAGE_HEADER_HEIGHT;
        let shown = rect.height() / state.view.zoom - STAGE_HEADER_HEIGHT;
        scroll_bar(ui, frame, state, Axis::Down, track, content, shown, max.y);
    }
}

/// A scroll bar in `track`: `shown` of `content` map units are on screen, and the map
/// scrolls up to `max`. Dragging the thumb scrolls; a click beside it moves the thumb there.
#[expect(
    clippy::too_many_arguments,
    reason = "one bar: where it is, what it scrolls and how far"
)]
fn scroll_bar(
    ui: &Ui,
    frame: &Frame<'_>,
    state: &mut MapState,
    axis: Axis,
    track: Rect,
    content: f32,
    shown: f32,
    max: f32,
) {
    if !track.is_positive() || content <= 0.0 {
        return;
    }
    let a = axis.index();
    let length = track.size()[a];
    let thumb_length =
        (length * (shown / content).clamp(0.0, 1.0)).clamp(MIN_THUMB.min(length), length);
    let travel = (length - thumb_length).max(1.0);
    let along = |t: f32| track.min[a] + t;
    let id = ui.scope_id().with(("map-scroll-bar", a));
    let response = ui.interact(track.expand(2.0), id, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ScrollBar, true, axis.name()));
    let offset = state.view.offset[a];
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_numeric_value(f64::from(offset));
        node.set_min_numeric_value(0.0);
        node.set_max_numeric_value(f64::from(max));
    });
    let start = offset / max * travel;
    if response.dragged() {
        state.view.offset[a] += response.drag_delta()[a] * max / travel;
    } else if response.clicked()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        let at = pointer[a] - track.min[a];
        if at < start || at > start + thumb_length {
            state.view.offset[a] = (at - thumb_length / 2.0) / travel * max;
        }
    }
    state.view.offset[a] = state.view.offset[a].clamp(0.0, max);
    if state.view.offset[a] != offset {
        ui.ctx().request_repaint();
    }

    let painter = ui.painter_at(frame.rect);
    let ink = theme::weak_ink(frame.dark);
    painter.rect_filled(track, BAR / 2.0, ink.gamma_multiply(0.12));
    let thumb_range = Rangef::new(along(start), along(start + thumb_length));
    let thumb = match axis {
        Axis::Across => Rect::from_x_y_ranges(thumb_range, track.y_range()),
        Axis::Down => Rect::from_x_y_ranges(track.x_range(), thumb_range),
    };
    let strength = if response.dragged() || response.hovered() {
        0.85
    } else {
        0.55
    };
    painter.rect_filled(thumb, BAR / 2.0, ink.gamma_multiply(strength));
}

/// A band fading from clear to `colour` (towards its right side if `to_right`, else towards
/// its left), so the map seems to run on under the edge.
fn fade(ui: &Ui, band: Rect, colour: Color32, to_right: bool) {
    let solid = colour.gamma_multiply(0.9);
    let (left, right) = if to_right {
        (Color32::TRANSPARENT, solid)
    } else {
        (solid, Color32::TRANSPARENT)
    };
    let mut mesh = Mesh::default();
    for (pos, c) in [
        (band.left_top(), left),
        (band.right_top(), right),
        (band.right_bottom(), right),
        (band.left_bottom(), left),
    ] {
        mesh.colored_vertex(pos, c);
    }
    mesh.add_triangle(0, 1, 2);
    mesh.add_triangle(0, 2, 3);
    ui.painter_at(band).add(Shape::mesh(mesh));
}
