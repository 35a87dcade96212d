//! The journey map view: stages as columns, lanes as rows (evidence, steps, the emotion
//! curves as is and to be, channels, touchpoints, pain points, opportunities, metrics,
//! frontstage, backstage, support) with the service blueprint's lines between them, edited
//! in place.
//!
//! Where everything is comes from [`crate::layout::map`], cached by the document's revision
//! and the persona filter; a frame lays out and draws only the columns on screen. Like every
//! view it reads a [`ViewContext`] and returns [`Action`]s.
//!
//! - `draw`: a frame of the map — the cells, editing a cell in place, dragging a step.
//! - `emotion`: the emotion lane's curves and the faces that drag to change an emotion.
//! - `sticky`: the stage and lane headers that stay in view, and a lane's menu.
//! - `header`: the scores, the persona legend and the Lanes menu above the map.
//! - `blueprint`: the blueprint's lines, the metrics lane, a step's fail point and wait.

mod blueprint;
mod draw;
mod emotion;
mod header;
mod sticky;

use std::sync::Arc;

use egui::{Pos2, Rangef, Rect, Sense, Ui, Vec2, pos2, vec2};

use super::Action;
use super::view::ViewContext;
use crate::layout::map::{
    self as map_layout, BlueprintLine, LANE_HEADER_WIDTH, MapLayout, STAGE_HEADER_HEIGHT, Scores,
};
use crate::model::{Document, Emotion, Lane, RevisionCache, Selection, Step};
use crate::simulation::Outcome;

/// The map's layout and scores.
#[derive(Clone, Debug)]
struct Cached {
    layout: MapLayout,
    scores: Scores,
    /// Whether any step says how it is to be: the emotion lane draws the to-be curve.
    to_be: bool,
}

/// The simulation's figures of each step, in document order, for the metrics lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Modelled {
    /// People at each step at the end of the run.
    here: Vec<f64>,
    /// People who moved on along each step's links over the run.
    moved_on: Vec<f64>,
    /// People lost at each step over the run.
    lost: Vec<f64>,
}

/// One step's figures in the simulation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    /// People there at the end of the run.
    pub here: f64,
    /// People who moved on along its links over the run.
    pub moved_on: f64,
    /// People lost there over the run.
    pub lost: f64,
}

impl Modelled {
    /// The figures of a run of `doc`.
    fn of_run(doc: &Document, outcome: &Outcome) -> Self {
        let mut moved_on = vec![0.0; doc.steps().len()];
        for (link, flow) in doc.links().iter().zip(&outcome.run.flow) {
            if let Some(i) = doc.step_position(&link.from) {
                moved_on[i] += flow;
            }
        }
        Self {
            here: outcome.run.at_end.clone(),
            moved_on,
            lost: outcome.run.lost_at_step.clone(),
        }
    }

    /// The figures of `step`, if the run has it.
    pub fn of(&self, doc: &Document, step: &Step) -> Option<Figures> {
        let i = doc.step_position(&step.id)?;
        Some(Figures {
            here: *self.here.get(i)?,
            moved_on: *self.moved_on.get(i)?,
            lost: *self.lost.get(i)?,
        })
    }
}

/// What a run's figures were derived for: the revision, the periods and the scenario.
type ModelledKey = (u64, usize, String);

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
    /// The simulation's figures per step, for the run on screen.
    modelled: RevisionCache<Arc<Modelled>, ModelledKey>,
    /// The blueprint's lines as drawn last frame, with their screen y.
    lines: Vec<(BlueprintLine, f32)>,
    /// The rectangle the map was drawn in last frame, for tests and scrolling.
    pub viewport: Rect,
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
            modelled: RevisionCache::default(),
            lines: Vec::new(),
            viewport: Rect::NOTHING,
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

    /// The service blueprint's lines as drawn last frame, top to bottom, with their screen
    /// y (whether on screen or not).
    pub fn lines_on_screen(&self) -> &[(BlueprintLine, f32)] {
        &self.lines
    }

    /// The screen y of the top of `lane`'s row last frame, if it is shown.
    pub fn lane_top_on_screen(&self, lane: Lane) -> Option<f32> {
        let cached = self.cache.latest()?;
        let row = cached.layout.row_of(lane)?;
        Some(self.screen_rect(cached.layout.cell(0, row)).min.y)
    }

    /// The simulation's figures per step for `outcome`, derived once per run.
    fn modelled(&mut self, doc: &Document, outcome: &Outcome) -> Arc<Modelled> {
        let key = (
            doc.revision(),
            outcome.run.periods.len(),
            outcome.scenario.clone(),
        );
        Arc::clone(
            self.modelled
                .get_with(key, |_| Arc::new(Modelled::of_run(doc, outcome))),
        )
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
                to_be: map_layout::has_to_be(ctx.doc),
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
    let modelled = ctx.simulated.map(|o| state.modelled(ctx.doc, o));
    let frame = draw::Frame {
        ctx,
        layout,
        rect,
        offset: state.offset,
        dark: ui.visuals().dark_mode,
        columns,
        to_be: cached.to_be,
        modelled: modelled.as_deref(),
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
