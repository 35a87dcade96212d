//! The journey map view: stages as columns, lanes as rows (evidence, steps, the emotion
//! curves as is and to be, channels, touchpoints, pain points, opportunities, metrics,
//! frontstage, backstage, support) with the service blueprint's lines between them, edited
//! in place.
//!
//! Where everything is comes from [`crate::layout::map`], cached by the document's revision
//! and the persona filter; a frame lays out and draws only the columns on screen. The view
//! zooms (columns, rows and text scale together), fits every column across the space the
//! side panels leave, and scrolls. Like every view it reads a [`ViewContext`] and returns
//! [`Action`]s.
//!
//! - `draw`: a frame of the map — the cells, editing a cell in place, dragging a step.
//! - `emotion`: the emotion lane's curves and the faces that drag to change an emotion.
//! - `sticky`: the stage and lane headers that stay in view, and a lane's menu.
//! - `header`: the scores, the persona legend and the Lanes menu above the map.
//! - `scroll`: the wheel, dragging and zooming, following the selection, the scroll bars
//!   and the fades at an edge with more beyond it.
//! - `blueprint`: the blueprint's lines, the metrics lane, a step's fail point and wait.

mod blueprint;
mod draw;
mod emotion;
mod header;
mod scroll;
mod sticky;

use std::sync::Arc;

use egui::{Rangef, Rect, Sense, Ui, Vec2};

use super::Action;
use super::view::ViewContext;
use crate::layout::map::{
    self as map_layout, BlueprintLine, LANE_HEADER_WIDTH, MapLayout, MapView, Scores,
};
use crate::layout::slides::{Slide, SlideKind};
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

/// The map's own state between frames: its zoom and scrolling, what is being edited or
/// dragged, and its cached layout.
#[derive(Clone, Debug)]
pub struct MapState {
    /// Its zoom and how far it is scrolled (the headers stay put).
    pub view: MapView,
    /// Whether every column is kept in view (Fit), whatever room the map is given, until
    /// the user zooms.
    fitted: bool,
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
            view: MapView::default(),
            fitted: false,
            editing: None,
            focus_item: None,
            drag: None,
            scrolled_for: None,
            cache: RevisionCache::default(),
            modelled: RevisionCache::default(),
            lines: Vec::new(),
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
        let rect = self
            .view
            .screen_rect(self.viewport, cached.layout.cell(column, row));
        self.viewport.intersects(rect).then_some(rect)
    }

    /// Where every column (its stage header and all its lanes) was on screen last frame, on
    /// screen or not, left to right.
    pub fn column_rects(&self) -> Vec<Rect> {
        let Some(cached) = self.cache.latest() else {
            return Vec::new();
        };
        let layout = &cached.layout;
        (0..layout.columns.len())
            .map(|c| {
                let column =
                    Rect::from_x_y_ranges(layout.column_x(c), Rangef::new(0.0, layout.size().y));
                self.view.screen_rect(self.viewport, column)
            })
            .collect()
    }

    /// The map's zoom (1 is 100 %).
    pub fn zoom(&self) -> f32 {
        self.view.zoom
    }

    /// Whether the map keeps every column in view (after Fit, until the user zooms).
    pub fn is_fitted(&self) -> bool {
        self.fitted
    }

    /// Zooms so that every column shows across the map, and keeps it so when the room
    /// changes (a panel opens or closes, the window is resized) until the user zooms.
    pub fn zoom_to_fit(&mut self) {
        self.fitted = true;
        if let Some(cached) = self.cache.latest()
            && self.viewport.is_positive()
        {
            self.view.fit(cached.layout.size(), self.viewport);
        }
    }

    /// Zooms by `factor`, keeping the first column and lane on screen where they are (as a
    /// spreadsheet zooms), so the steps lane does not scroll away.
    pub fn zoom_by(&mut self, factor: f32) {
        self.fitted = false;
        let Some(cached) = self.cache.latest() else {
            self.view.zoom = (self.view.zoom * factor).clamp(
                *map_layout::ZOOM_RANGE.start(),
                *map_layout::ZOOM_RANGE.end(),
            );
            return;
        };
        let size = cached.layout.size();
        self.view
            .zoom_at(self.viewport, self.viewport.min, factor, size);
    }

    /// Brings the selected steps' columns into view at the next frame.
    pub fn reveal_selection(&mut self) {
        self.scrolled_for = None;
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
            from: self.view.offset.x,
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
            self.view.offset.x = glide.to;
            self.glide = None;
            return;
        }
        ui.ctx().request_repaint();
        let eased = 1.0 - (1.0 - t).powi(3);
        self.view.offset.x = glide.from + (glide.to - glide.from) * eased;
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
        Some(
            self.view
                .screen_rect(self.viewport, cached.layout.cell(0, row))
                .min
                .y,
        )
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
    // The map takes the room the panels leave, whatever the header's line needs.
    let room = ui.available_rect_before_wrap();
    header::header_ui(ui, ctx, &cached.scores, &mut actions);
    let top = ui.cursor().top();
    let rect = Rect::from_min_max(egui::pos2(room.left(), top), room.max);
    let background = ui.allocate_rect(rect, Sense::click_and_drag());
    background.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Journey map"));
    state.viewport = rect;
    let layout = &cached.layout;

    state.glide(ui);
    // A fitted map stays fitted in whatever room it is given this frame.
    if state.fitted && rect.is_positive() {
        state.view.fit(layout.size(), rect);
    }
    scroll::scroll(ui, &background, rect, layout, state);
    scroll::scroll_to_selection(ctx, layout, rect, state);
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

    let columns = layout.visible_columns(state.view.visible_x(rect));
    let modelled = ctx.simulated.map(|o| state.modelled(ctx.doc, o));
    let frame = draw::Frame {
        ctx,
        layout,
        rect,
        view: state.view,
        dark,
        columns,
        to_be: cached.to_be,
        modelled: modelled.as_deref(),
    };
    frame.draw_cells(ui, state, &mut actions);
    frame.draw_headers(ui, &mut actions);
    scroll::edges_ui(ui, &frame, state);
    state.cache.store(key, cached);
    actions
}
