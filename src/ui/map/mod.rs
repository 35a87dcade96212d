//! The journey map view: stages as columns, lanes as rows (steps, the emotion curve,
//! channels, touchpoints, pain points, opportunities), edited in place.
//!
//! Where everything is comes from [`crate::layout::map`], cached by the document's revision
//! and the persona filter; a frame lays out and draws only the columns on screen. Like every
//! view it reads a [`ViewContext`] and returns [`Action`]s.
//!
//! - `draw`: a frame of the map — the cells, editing a cell in place, dragging a step.
//! - `emotion`: the emotion lane's curves and the faces that drag to change an emotion.
//! - `sticky`: the stage and lane headers that stay in view, and a lane's menu.
//! - `header`: the scores, the persona legend and the Lanes menu above the map.

mod draw;
mod emotion;
mod header;
mod sticky;

use egui::{Pos2, Rangef, Rect, Sense, Ui, Vec2, pos2, vec2};

use super::Action;
use super::view::ViewContext;
use crate::layout::map::{
    self as map_layout, LANE_HEADER_WIDTH, MapLayout, STAGE_HEADER_HEIGHT, Scores,
};
use crate::layout::slides::{Slide, SlideKind};
use crate::model::{Document, Emotion, Lane, RevisionCache, Selection};

/// The map's layout and scores.
#[derive(Clone, Debug)]
struct Cached {
    layout: MapLayout,
    scores: Scores,
}

/// What the map's layout depends on: the document's revision and the persona filter.
type LayoutKey = (u64, Option<String>);

/// A cell being edited in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editing {
    /// The step's id.
    pub step: String,
    /// The lane of the cell.
    pub lane: Lane,
}

/// What the pointer is dragging.
#[derive(Clone, Debug, PartialEq)]
enum Drag {
    /// A step, sideways to another place or stage.
    Step {
        /// The step's id.
        id: String,
    },
    /// An emotion marker, up or down.
    Emotion {
        /// The step's id.
        id: String,
        /// The emotion it would get if dropped now.
        emotion: Emotion,
    },
}

/// The map's own state between frames: where it is scrolled, what is being edited or
/// dragged, and its cached layout.
#[derive(Clone, Debug)]
pub struct MapState {
    /// How far the map is scrolled (map units; the headers stay put).
    pub offset: Vec2,
    /// The cell being edited in place, if any.
    pub editing: Option<Editing>,
    /// Put the keyboard into this item of the edited cell next frame (the title for the
    /// steps lane).
    focus_item: Option<usize>,
    drag: Option<Drag>,
    /// The selection revision the map last scrolled to.
    scrolled_for: Option<u64>,
    cache: RevisionCache<Cached, LayoutKey>,
    /// The rectangle the map was drawn in last frame, for tests and scrolling.
    pub viewport: Rect,
    /// A scroll across on its way (to a slide of the presentation), if it has not arrived.
    glide: Option<Glide>,
}

/// The map scrolling across to a place: from where, to where, and since when (the first
/// frame that drew it).
#[derive(Clone, Copy, Debug)]
struct Glide {
    from: f32,
    to: f32,
    start: Option<f64>,
}

impl Default for MapState {
    fn default() -> Self {
        Self {
            offset: Vec2::ZERO,
            editing: None,
            focus_item: None,
            drag: None,
            scrolled_for: None,
            cache: RevisionCache::default(),
            viewport: Rect::NOTHING,
            glide: None,
        }
    }
}

impl MapState {
    /// Where a cell of `step` (an id) in `lane` was drawn on screen last frame, if on screen.
    pub fn cell_on_screen(
        &self,
        doc: &crate::model::Document,
        step: &str,
        lane: Lane,
    ) -> Option<Rect> {
        let cached = self.cache.latest()?;
        let column = cached.layout.column_of(doc.step_position(step)?)?;
        let row = cached.layout.row_of(lane)?;
        let rect = self.screen_rect(cached.layout.cell(column, row));
        self.viewport.intersects(rect).then_some(rect)
    }

    /// Whether the map shows the step with this id (the persona filter may hide it), as of
    /// the last frame.
    pub fn shows(&self, doc: &crate::model::Document, step: &str) -> bool {
        self.cache
            .latest()
            .zip(doc.step_position(step))
            .is_some_and(|(c, i)| c.layout.column_of(i).is_some())
    }

    /// Scrolls across to show what `slide` shows, travelling there as the canvas does: a
    /// stage's columns from its first, a bookmark's the steps its view holds, the whole
    /// loop from the start; the frame leaves the map where it is.
    pub fn go_to_slide(&mut self, doc: &Document, persona: Option<&str>, slide: &Slide) {
        let layout = MapLayout::new(doc, persona);
        let first = match slide.kind {
            SlideKind::Frame => return,
            SlideKind::Whole => None,
            SlideKind::Stage(stage) => layout
                .stages
                .iter()
                .find(|s| s.stage == stage)
                .map(|s| s.columns.start),
            SlideKind::Bookmark(_) => {
                let Some(region) = slide.region else {
                    return;
                };
                doc.steps()
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| region.contains(crate::layout::geometry::to_pos(s.position)))
                    .filter_map(|(i, _)| layout.column_of(i))
                    .min()
            }
        };
        let to = first.map_or(0.0, |c| layout.column_x(c).min - LANE_HEADER_WIDTH);
        self.glide = Some(Glide {
            from: self.offset.x,
            to,
            start: None,
        });
    }

    /// Moves the scroll along its glide, if one is on its way (it ends on arrival, at any
    /// pointer press or scroll, or with animations off).
    fn glide(&mut self, ui: &Ui) {
        let Some(glide) = &mut self.glide else {
            return;
        };
        let interrupted =
            ui.input(|i| i.pointer.any_pressed() || i.smooth_scroll_delta != Vec2::ZERO);
        let now = ui.input(|i| i.time);
        let start = *glide.start.get_or_insert(now);
        let t = ((now - start) / crate::ui::canvas::FLIGHT_SECONDS) as f32;
        if interrupted || t >= 1.0 || ui.style().animation_time <= 0.0 {
            self.offset.x = glide.to;
            self.glide = None;
            return;
        }
        ui.ctx().request_repaint();
        let eased = 1.0 - (1.0 - t).powi(3);
        self.offset.x = glide.from + (glide.to - glide.from) * eased;
    }

    /// A map-space rectangle of the scrolling part on screen.
    fn screen_rect(&self, rect: Rect) -> Rect {
        rect.translate(self.viewport.min.to_vec2() - self.offset)
    }

    /// The layout and scores for this frame and their key, taken out of the state (put them
    /// back with `self.cache.store(..)`), rebuilt only when the journey or the persona filter
    /// changed.
    fn take_layout(&mut self, ctx: &ViewContext<'_>) -> (LayoutKey, Cached) {
        let key = (ctx.doc.revision(), ctx.settings.persona.clone());
        let cached = self.cache.take_for(&key).unwrap_or_else(|| {
            let persona = key.1.as_deref();
            Cached {
                layout: MapLayout::new(ctx.doc, persona),
                scores: map_layout::scores(ctx.doc, persona),
            }
        });
        (key, cached)
    }
}

/// Draws the journey map and returns what the user asked for.
pub fn map_ui(ui: &mut Ui, ctx: &ViewContext<'_>, state: &mut MapState) -> Vec<Action> {
    let mut actions = Vec::new();
    let (key, cached) = state.take_layout(ctx);
    // The whole area first, so no gap between the header and the map shows the window's
    // clear colour.
    let dark = ui.visuals().dark_mode;
    ui.painter()
        .rect_filled(ui.max_rect(), 0.0, super::theme::canvas_background(dark));
    header::header_ui(ui, ctx, &cached.scores, &mut actions);

    let (rect, background) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    background.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Journey map"));
    state.viewport = rect;
    let layout = &cached.layout;

    state.glide(ui);
    scroll(ui, &background, rect, layout, state);
    scroll_to_selection(ctx, layout, rect, state);
    if background.clicked() {
        state.editing = None;
        actions.push(Action::Select(Selection::none()));
    }
    if state.editing.is_some() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        state.editing = None;
        actions.push(Action::Seal);
    }
    // Editing a step that is gone (undone, deleted) ends.
    if state
        .editing
        .as_ref()
        .is_some_and(|e| ctx.doc.step(&e.step).is_none())
    {
        state.editing = None;
    }

    let visible_x = Rangef::new(
        state.offset.x + LANE_HEADER_WIDTH,
        state.offset.x + rect.width(),
    );
    let columns = layout.visible_columns(visible_x);
    let frame = draw::Frame {
        ctx,
        layout,
        rect,
        offset: state.offset,
        dark: ui.visuals().dark_mode,
        columns,
    };
    frame.draw_cells(ui, state, &mut actions);
    frame.draw_headers(ui, &mut actions);
    state.cache.store(key, cached);
    actions
}

/// Scrolls with the wheel (shift or a sideways wheel for across; a map that fits in height
/// scrolls across with the plain wheel too) and by dragging the background.
fn scroll(
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
        let wheel = ui.input(|i| i.smooth_scroll_delta);
        let fits_in_height = size.y <= rect.height();
        delta -= if fits_in_height && wheel.x == 0.0 {
            vec2(wheel.y, 0.0)
        } else {
            wheel
        };
    }
    state.offset += delta;
    clamp_offset(state, size, rect);
}

fn clamp_offset(state: &mut MapState, size: Vec2, rect: Rect) {
    let max = (size - rect.size()).max(Vec2::ZERO);
    state.offset = state.offset.clamp(Vec2::ZERO, max);
}

/// When the selection changes, brings its (first) step's column into view.
fn scroll_to_selection(
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
    let visible = Rangef::new(
        state.offset.x + LANE_HEADER_WIDTH,
        state.offset.x + rect.width(),
    );
    if x.min < visible.min || x.max > visible.max {
        state.offset.x = x.center() - f32::midpoint(LANE_HEADER_WIDTH, rect.width());
        clamp_offset(state, layout.size(), rect);
    }
}

/// The map-space point under a screen point.
fn map_pos(rect: Rect, offset: Vec2, screen: Pos2) -> Pos2 {
    pos2(
        screen.x - rect.min.x + offset.x,
        screen.y - rect.min.y + offset.y,
    )
}

/// The screen rectangle of a header strip at the top, over columns `x` (map space).
fn stage_header_rect(rect: Rect, offset: Vec2, x: Rangef) -> Rect {
    Rect::from_x_y_ranges(
        Rangef::new(x.min - offset.x + rect.min.x, x.max - offset.x + rect.min.x),
        Rangef::new(rect.min.y, rect.min.y + STAGE_HEADER_HEIGHT),
    )
}

/// The screen rectangle of a lane header, the lane spanning `y` (map space).
fn lane_header_rect(rect: Rect, offset: Vec2, y: Rangef) -> Rect {
    Rect::from_x_y_ranges(
        Rangef::new(rect.min.x, rect.min.x + LANE_HEADER_WIDTH),
        Rangef::new(y.min - offset.y + rect.min.y, y.max - offset.y + rect.min.y),
    )
}
