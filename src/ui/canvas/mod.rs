//! The journey canvas: steps as cards, links as arrows, and every pointer interaction.
//!
//! The canvas reads the document and the selection through a [`ViewContext`] and changes
//! neither: it returns [`Action`]s (edits, new selections) for the app to apply. Its own
//! transient state — camera, the gesture in progress, caches — lives in [`CanvasState`], a
//! plain struct tests can inspect.
//!
//! - [`camera`]: where the canvas looks.
//! - `interaction`: pointer and scroll input, gestures, the context menu.
//! - `draw`: cards, links, grid and accessibility nodes in detail.
//! - `far`: the far-zoom mesh.

pub mod camera;
mod draw;
mod far;
mod interaction;
pub mod minimap;
pub mod observed;

use std::sync::Arc;

use egui::{Id, Mesh, Pos2, Rect, Sense, Ui, Vec2, pos2, vec2};

pub use self::camera::{Camera, ZOOM_RANGE};
pub(crate) use self::draw::leak_percent;
use self::interaction::{Gesture, Target};
use super::spatial::SpatialIndex;
use super::theme;
use super::view::ViewContext;
use super::{Action, focus};
use crate::layout::geometry::{card_rect, journey_bounds, link_curve};
use crate::model::search::Matches;
use crate::model::{Document, RevisionCache, Selection, Stage, Step};

/// Below this zoom, cards are drawn without text (a title would be under 6 points) and links
/// as straight lines, all in one mesh.
pub const DETAIL_ZOOM: f32 = 0.4;

/// The canvas's view state: camera, gesture and caches. Nothing here is saved in the file
/// except the camera, which is written as the document's view when saving.
#[derive(Clone, Debug)]
pub struct CanvasState {
    /// Where the canvas looks.
    pub camera: Camera,
    /// The stage of steps added by double-clicking.
    pub add_stage: Stage,
    /// The screen rectangle the canvas occupied in the last frame.
    pub viewport: Rect,
    /// Fit the whole journey into view at the next frame (set when a document is opened).
    pub fit_pending: bool,
    /// The camera the last fit gave: while the camera is still this one, the user has not
    /// moved the view, and the journey is fitted again whenever the canvas changes size (a
    /// panel opens or closes, the window is resized).
    fitted_camera: Option<Camera>,
    /// Link widths following the people moving along each link in the last simulation, by
    /// link index, for the document revision they were computed for; drawn only while it
    /// is the document's revision.
    pub flow_widths: RevisionCache<Arc<[f32]>>,
    /// Each step's share of everyone reached who was lost there in the last simulation, by
    /// step index, for the document revision it was computed for; shown on the cards while
    /// it is the document's revision.
    pub leaks: RevisionCache<Arc<[f32]>>,
    /// Links whose drawn rate lies outside the interval the scenario "observed" holds, by
    /// link index, for the document revision they were found for; marked while the scenario
    /// is shown in the Simulation panel (the app sets them then, and clears them otherwise).
    pub off_observed: RevisionCache<Arc<[Option<observed::OffObserved>]>>,
    /// Whether to show the minimap: `None` shows it when the journey at 100 % is larger than
    /// the canvas.
    pub minimap: Option<bool>,
    /// Whether the minimap is on (the setting, or the journey being larger than the canvas)
    /// as of the last frame.
    pub minimap_shown: bool,
    /// The corner the minimap was last drawn in; it stays there while that covers no card.
    minimap_corner: minimap::Corner,
    /// Give the keyboard focus back to the selected card (or the canvas) at the next frame.
    pub refocus: bool,
    /// The view on its way to `camera` after a jump (fit, zoom to selection, a found step, a
    /// bookmark), if it has not arrived.
    flight: Option<Flight>,
    /// The camera the last frame was drawn with: `camera`, or a point of the flight to it.
    shown: Camera,
    /// The selection revision the keyboard focus last followed.
    focus_revision: u64,
    gesture: Option<Gesture>,
    context_target: Option<Target>,
    cache: CanvasCache,
}

/// What the canvas derives from the document and keeps between frames, so a frame allocates
/// nothing that grows with the journey: the spatial index (rebuilt when the document's
/// revision changes), the lists of visible items and the far-zoom mesh, reused every frame.
#[derive(Clone, Debug, Default)]
struct CanvasCache {
    index: SpatialIndex,
    cards: Vec<u32>,
    links: Vec<u32>,
    moving: Vec<u32>,
    mesh: Option<Arc<Mesh>>,
    minimap: minimap::MinimapCache,
}

impl Default for CanvasState {
    fn default() -> Self {
        Self {
            camera: Camera::default(),
            add_stage: Stage::default(),
            viewport: Rect::NOTHING,
            fit_pending: false,
            fitted_camera: None,
            flow_widths: RevisionCache::default(),
            leaks: RevisionCache::default(),
            off_observed: RevisionCache::default(),
            minimap: None,
            minimap_shown: false,
            minimap_corner: minimap::Corner::default(),
            refocus: false,
            flight: None,
            shown: Camera::default(),
            focus_revision: 0,
            gesture: None,
            context_target: None,
            cache: CanvasCache::default(),
        }
    }
}

/// How long the view takes to get where a jump sends it.
pub const FLIGHT_SECONDS: f64 = 0.15;

/// A view on its way after a jump: where it started, and when (the first frame that drew it).
#[derive(Clone, Copy, Debug)]
struct Flight {
    from: Camera,
    start: Option<f64>,
}

impl CanvasState {
    /// A state looking at the document's saved view.
    pub fn for_document(doc: &Document) -> Self {
        Self {
            camera: Camera {
                center: pos2(doc.view.center[0] as f32, doc.view.center[1] as f32),
                zoom: (doc.view.zoom as f32).clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end()),
            },
            ..Self::default()
        }
    }

    /// The same state, fitting the journey into view at the next frame if `fit`.
    #[must_use]
    pub fn fitted(mut self, fit: bool) -> Self {
        self.fit_pending = fit;
        self
    }

    /// The canvas point at the centre of the view.
    pub fn view_center(&self) -> Pos2 {
        self.camera.center
    }

    /// The camera the last frame was drawn with: on the way to [`Self::camera`] for a
    /// moment after a jump, then the same.
    pub fn shown_camera(&self) -> Camera {
        self.shown
    }

    /// Makes the view travel briefly from where it is shown to the camera set since (rather
    /// than jump), once the canvas has been drawn at all.
    fn take_off(&mut self, from: Camera) {
        if self.viewport.is_positive() && from != self.camera {
            self.flight = Some(Flight { from, start: None });
        }
    }

    /// Moves the view to `camera`, travelling there briefly.
    pub fn go_to(&mut self, camera: Camera) {
        let from = self.shown;
        self.camera = camera;
        self.take_off(from);
    }

    /// The camera to draw this frame with: a point of the flight in progress, if any (it
    /// ends on arrival, at any pointer press or scroll, or with animations turned off).
    fn flight_camera(&mut self, ui: &Ui) -> Camera {
        let Some(flight) = &mut self.flight else {
            return self.camera;
        };
        let interrupted = ui.input(|i| {
            i.pointer.any_pressed() || i.smooth_scroll_delta != Vec2::ZERO || i.zoom_delta() != 1.0
        });
        let now = ui.input(|i| i.time);
        let start = *flight.start.get_or_insert(now);
        let t = ((now - start) / FLIGHT_SECONDS) as f32;
        if interrupted || t >= 1.0 || ui.style().animation_time <= 0.0 {
            self.flight = None;
            return self.camera;
        }
        ui.ctx().request_repaint();
        // Quick to leave, gentle to arrive.
        let eased = 1.0 - (1.0 - t).powi(3);
        flight.from.toward(self.camera, eased)
    }

    /// Fits the whole journey into the last known viewport, and keeps it fitted when the
    /// canvas changes size until the user moves the view.
    pub fn zoom_to_fit(&mut self, doc: &Document) {
        let viewport = self.frame_viewport();
        let from = self.shown;
        match journey_bounds(doc) {
            Some(bounds) => self.camera.fit(viewport, bounds),
            None => self.camera = Camera::default(),
        }
        self.fitted_camera = Some(self.camera);
        self.take_off(from);
    }

    /// Whether the view shows the journey as the last fit left it: the user has not moved
    /// it since, so it is fitted again when the canvas changes size.
    pub fn is_fitted(&self) -> bool {
        self.fitted_camera == Some(self.camera)
    }

    /// The viewport to frame things in: the last known one, or the window's default size
    /// before the first frame.
    fn frame_viewport(&self) -> Rect {
        if self.viewport.is_positive() {
            self.viewport
        } else {
            Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))
        }
    }

    /// Zooms so that every selected card (and a selected link's two cards) fills the view,
    /// at most at 100 %. Returns `false` if nothing is selected.
    pub fn zoom_to_selection(&mut self, doc: &Document, selection: &Selection) -> bool {
        let Some(bounds) = selection_bounds(doc, selection) else {
            return false;
        };
        let from = self.shown;
        self.camera.fit(self.frame_viewport(), bounds);
        self.take_off(from);
        true
    }

    /// Centres the view on the selected cards (or link), zooming in to 100 % if the view is
    /// so far out that cards show no text, and out if they would not fit.
    pub fn show(&mut self, doc: &Document, selection: &Selection) {
        let Some(bounds) = selection_bounds(doc, selection) else {
            return;
        };
        let viewport = self.frame_viewport();
        let from = self.shown;
        if self.camera.zoom < DETAIL_ZOOM {
            self.camera.zoom = 1.0;
        }
        self.camera.center = bounds.center();
        if !self
            .camera
            .visible_canvas_rect(viewport)
            .contains_rect(bounds)
        {
            self.camera.fit(viewport, bounds);
        }
        self.take_off(from);
    }

    /// Zooms by `factor` around the centre of the view.
    pub fn zoom_by(&mut self, factor: f32) {
        let viewport = self.viewport;
        self.camera.zoom_at(viewport, viewport.center(), factor);
    }

    /// Brings a step's card into view if it is not (the view travels to centre it).
    pub fn reveal(&mut self, step: &Step) {
        let card = card_rect(step.position);
        let visible = self.camera.visible_canvas_rect(self.viewport);
        if !visible.contains_rect(card) {
            let from = self.shown;
            self.camera.center = card.center();
            self.take_off(from);
        }
    }

    /// The canvas point under a screen position, if it is over the canvas.
    pub fn canvas_point_at(&self, pos_on_screen: Pos2) -> Option<Pos2> {
        self.viewport
            .contains(pos_on_screen)
            .then(|| self.camera.canvas_from_screen(self.viewport, pos_on_screen))
    }
}

/// The canvas rectangle around the selected steps' cards and the cards a selected link joins.
pub fn selection_bounds(doc: &Document, selection: &Selection) -> Option<Rect> {
    let link_ends = selection
        .link
        .as_deref()
        .and_then(|id| doc.link(id))
        .map(|l| [l.from.as_str(), l.to.as_str()]);
    selection
        .steps
        .iter()
        .map(String::as_str)
        .chain(link_ends.into_iter().flatten())
        .filter_map(|id| doc.step(id))
        .map(|s| card_rect(s.position))
        .reduce(Rect::union)
}

/// Per-frame geometry: where each step's card is on the canvas (with a drag applied), read
/// from the spatial index.
struct Layout<'a> {
    doc: &'a Document,
    index: &'a SpatialIndex,
    /// Indices of the steps being moved, ascending.
    moving: &'a [u32],
    delta: Vec2,
    /// Only this persona's steps are shown (and hit).
    persona: Option<&'a str>,
}

impl<'a> Layout<'a> {
    /// The layout without a drag.
    fn still(doc: &'a Document, index: &'a SpatialIndex, persona: Option<&'a str>) -> Self {
        Self {
            doc,
            index,
            moving: &[],
            delta: Vec2::ZERO,
            persona,
        }
    }

    fn rect(&self, i: usize) -> Rect {
        let card = self.index.card(i);
        if self.moving.binary_search(&(i as u32)).is_ok() {
            card.translate(self.delta)
        } else {
            card
        }
    }

    /// The curve of link `i`, if both its ends exist.
    fn curve(&self, i: usize) -> Option<[Pos2; 4]> {
        let (a, b) = self.index.link_ends(i)?;
        if self.moving.is_empty() {
            Some(self.index.curve(i))
        } else {
            Some(link_curve(self.rect(a), self.rect(b)))
        }
    }

    /// The topmost step whose card contains `pos_in_canvas` (cards where the document has
    /// them; hit-testing never happens during a move).
    fn step_at(&self, pos_in_canvas: Pos2) -> Option<&'a Step> {
        self.index
            .card_at(pos_in_canvas)
            .map(|i| &*self.doc.steps()[i])
            .filter(|s| self.persona.is_none_or(|p| s.applies_to(p)))
    }
}

/// What one frame draws with: the layout, the selection, the camera and the screen area.
struct Scene<'a> {
    layout: Layout<'a>,
    selection: &'a Selection,
    /// What Find matched, marked with a halo.
    found: Option<&'a Matches>,
    camera: Camera,
    /// The canvas's screen rectangle.
    rect: Rect,
    /// The part of the canvas on screen, canvas units.
    visible: Rect,
    dark: bool,
    /// Link widths by the simulated flow, when shown.
    flow_widths: Option<&'a [f32]>,
    /// Each step's share of everyone lost there, when the flow is shown.
    leaks: Option<&'a [f32]>,
    /// Links whose drawn rate lies outside the observed interval, when marked.
    off_observed: Option<&'a [Option<observed::OffObserved>]>,
}

impl Scene<'_> {
    /// The screen rectangle of a canvas rectangle.
    fn screen_rect(&self, canvas: Rect) -> Rect {
        Rect::from_min_max(
            self.camera.screen_from_canvas(self.rect, canvas.min),
            self.camera.screen_from_canvas(self.rect, canvas.max),
        )
    }
}

/// Draws the canvas and handles its input. Returns what the user asked for.
///
/// What is drawn follows what is visible: cards and links are culled with a spatial index;
/// below [`DETAIL_ZOOM`] there is no text, cards are plain stage-coloured rectangles and links
/// straight lines, all in one mesh.
pub fn canvas_ui(ui: &mut Ui, ctx: &ViewContext<'_>, state: &mut CanvasState) -> Vec<Action> {
    let doc = ctx.doc;
    let mut actions = Vec::new();
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Journey canvas"));
    let resized = state.viewport.size() != rect.size();
    let keep_fitted = resized && state.is_fitted();
    state.viewport = rect;
    let mut cache = std::mem::take(&mut state.cache);
    cache.index.update(doc);
    if (state.fit_pending || keep_fitted) && rect.is_positive() {
        state.fit_pending = false;
        fit_index(state, &cache.index, doc);
    }
    // After a jump the view travels for a moment: this frame is drawn from a point of the
    // way, and the camera is the destination again at the end of it.
    let destination = state.camera;
    state.camera = state.flight_camera(ui);
    let flying = state.camera != destination;
    let canvas_id = response.id;

    interaction::handle_navigation(ui, &response, rect, state);
    interaction::handle_pointer(ui, &response, ctx, &cache.index, state, &mut actions);
    interaction::context_menu(&response, ctx, state, &mut actions);

    let painter = ui.painter_at(rect);
    let dark = ui.visuals().dark_mode;
    painter.rect_filled(rect, 0.0, theme::canvas_background(dark));
    draw::draw_grid(&painter, rect, state.camera, dark);

    let visible = state.camera.visible_canvas_rect(rect);
    let CanvasCache {
        index,
        cards,
        links,
        moving,
        mesh,
        minimap: _,
    } = &mut cache;
    let delta = visible_items(
        doc,
        index,
        state.gesture.as_ref(),
        visible,
        cards,
        links,
        moving,
    );
    let persona = ctx.settings.persona.as_deref();
    filter_persona(doc, persona, cards, links);
    let scene = Scene {
        layout: Layout {
            doc,
            index,
            moving,
            delta,
            persona,
        },
        selection: ctx.selection,
        found: ctx.found,
        camera: state.camera,
        rect,
        visible,
        dark,
        flow_widths: for_revision(&state.flow_widths, doc, doc.links().len()),
        leaks: for_revision(&state.leaks, doc, doc.steps().len()),
        off_observed: off_observed_for(&state.off_observed, doc),
    };
    let hovered_step = response
        .hover_pos()
        .filter(|_| state.gesture.is_none())
        .and_then(|p| {
            scene
                .layout
                .step_at(state.camera.canvas_from_screen(rect, p))
        })
        .map(|s| s.id.as_str());
    let mut hovered_elided = false;
    if state.camera.zoom >= DETAIL_ZOOM {
        draw::draw_links(&painter, &scene, links);
        hovered_elided = draw::draw_cards(&painter, &scene, cards, hovered_step);
    } else {
        far::draw_far(&painter, &scene, cards, links, mesh);
    }
    // Marked at every zoom: a link off what was observed is worth seeing from afar.
    observed::marks_ui(ui, &scene, links, canvas_id);
    let accessible = accessible_items(ui, &scene, cards, links, canvas_id, &mut actions);
    draw::draw_gesture(&painter, &scene, state.gesture.as_ref());

    if hovered_elided
        && let Some(id) = hovered_step
        && let Some(step) = doc.step(id)
    {
        response
            .clone()
            .on_hover_text_at_pointer(step.title.as_str());
    }

    minimap_frame(ui, doc, rect, canvas_id, state, &mut cache);
    state.cache = cache;
    state.shown = state.camera;
    if flying {
        state.camera = destination;
    }
    follow_selection_with_focus(ui, &response, ctx, state, &accessible);
    actions
}

/// The minimap, when it is on and a corner leaves every card uncovered.
fn minimap_frame(
    ui: &Ui,
    doc: &Document,
    rect: Rect,
    canvas_id: Id,
    state: &mut CanvasState,
    cache: &mut CanvasCache,
) {
    let bounds = cache.index.bounds();
    state.minimap_shown = state.minimap.unwrap_or_else(|| {
        !doc.steps().is_empty()
            && (bounds.width() > rect.width() || bounds.height() > rect.height())
    });
    if state.minimap_shown {
        let place = minimap_place(state, &cache.index, bounds);
        if let Some((map, corner)) = place {
            state.minimap_corner = corner;
            minimap::minimap_ui(ui, doc, bounds, map, canvas_id, state, &mut cache.minimap);
        }
    }
}

/// The links' marks, if they are for this revision of `doc`.
fn off_observed_for<'a>(
    marks: &'a RevisionCache<Arc<[Option<observed::OffObserved>]>>,
    doc: &Document,
) -> Option<&'a [Option<observed::OffObserved>]> {
    marks
        .current(doc)
        .map(|v| &v[..])
        .filter(|v| v.len() == doc.links().len())
}

/// Simulated values, one per step or link (`len`), if they are for this revision of `doc`.
fn for_revision<'a>(
    values: &'a RevisionCache<Arc<[f32]>>,
    doc: &Document,
    len: usize,
) -> Option<&'a [f32]> {
    values
        .current(doc)
        .map(|v| &v[..])
        .filter(|v| v.len() == len)
}

/// Fills `cards` and `links` with what intersects `visible` (and what a drag is moving),
/// and `moving` with the steps being dragged; returns the drag's offset.
fn visible_items(
    doc: &Document,
    index: &SpatialIndex,
    gesture: Option<&Gesture>,
    visible: Rect,
    cards: &mut Vec<u32>,
    links: &mut Vec<u32>,
    moving: &mut Vec<u32>,
) -> Vec2 {
    moving.clear();
    let mut delta = Vec2::ZERO;
    if let Some(Gesture::Move { ids, delta: d }) = gesture {
        delta = *d;
        moving.extend(
            ids.iter()
                .filter_map(|id| Some(doc.step_position(id)? as u32)),
        );
        moving.sort_unstable();
    }
    cards.clear();
    links.clear();
    if visible.contains_rect(index.bounds()) {
        cards.extend(0..doc.steps().len() as u32);
        links.extend(0..doc.links().len() as u32);
    } else {
        index.cards_in(visible, cards);
        index.links_in(visible, links);
        if !moving.is_empty() {
            // Moved cards (and their links) are drawn wherever the drag has taken them.
            cards.extend(moving.iter());
            for &i in moving.iter() {
                links.extend(index.incident_links(i as usize).map(|l| l as u32));
            }
            cards.sort_unstable();
            cards.dedup();
            links.sort_unstable();
            links.dedup();
        }
    }
    delta
}

/// The persona filter: other personas' steps, and links to them, are not drawn.
fn filter_persona(
    doc: &Document,
    persona: Option<&str>,
    cards: &mut Vec<u32>,
    links: &mut Vec<u32>,
) {
    let Some(p) = persona else {
        return;
    };
    let shown = |id: &str| doc.step(id).is_some_and(|s| s.applies_to(p));
    cards.retain(|&i| doc.steps()[i as usize].applies_to(p));
    links.retain(|&i| {
        let link = &doc.links()[i as usize];
        shown(&link.from) && shown(&link.to)
    });
}

/// Keyboard focus follows the selection: when a single card or link is selected and the
/// keyboard is on the canvas, that card's (link's) accessibility node gets the focus, so a
/// screen reader says what was selected; Tab goes on to the inspector from there. Arrow
/// keys stay with the canvas (they move cards) instead of moving egui's focus.
fn follow_selection_with_focus(
    ui: &Ui,
    response: &egui::Response,
    ctx: &ViewContext<'_>,
    state: &mut CanvasState,
    written: &[Id],
) {
    let canvas_id = response.id;
    let target = if let Some(step) = ctx.selection.single_step() {
        Some(canvas_id.with(step))
    } else if ctx.selection.steps.is_empty()
        && let Some(link) = ctx.selection.link.as_deref()
    {
        Some(draw::link_node_id(canvas_id, link))
    } else {
        None
    }
    .filter(|id| written.contains(id));
    let keyboard_here = focus::keyboard_on_canvas(ui.ctx());
    focus::set_canvas_ids(ui.ctx(), [Some(canvas_id), target]);
    let changed = std::mem::replace(&mut state.focus_revision, ctx.selection_revision)
        != ctx.selection_revision;
    let refocus = std::mem::take(&mut state.refocus);
    let focused = ui.memory(egui::Memory::focused);
    if let Some(target) = target {
        // A node that is not a widget keeps egui's focus only while its id is in use.
        ui.ctx().check_for_id_clash(
            target,
            Rect::from_min_size(response.rect.min, Vec2::ZERO),
            "card",
        );
        if focused != Some(target)
            && ((keyboard_here && (changed || focused == Some(canvas_id))) || refocus)
        {
            ui.memory_mut(|m| m.request_focus(target));
            // Another frame sets the focus lock filter, which egui accepts only from the
            // focus's second frame, before an arrow key could move the focus away.
            ui.ctx().request_repaint();
        }
    }
    let focused = ui.memory(egui::Memory::focused);
    if let Some(focused) = focused.filter(|f| *f == canvas_id || Some(*f) == target) {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                focused,
                egui::EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    ..Default::default()
                },
            );
        });
    }
}

/// Gives the visible cards and links accessibility nodes inside the canvas's node, and
/// turns a screen reader's click on a link into its selection. Returns the nodes' ids.
fn accessible_items(
    ui: &Ui,
    scene: &Scene<'_>,
    cards: &[u32],
    links: &[u32],
    canvas_id: Id,
    actions: &mut Vec<Action>,
) -> Vec<Id> {
    let mut accessible = Vec::new();
    draw::accessible_cards(ui, scene, cards, canvas_id, &mut accessible);
    draw::accessible_links(ui, scene, links, canvas_id, &mut accessible);
    draw::adopt_accessible_items(ui, canvas_id, &accessible);
    link_clicks_from_screen_readers(ui, scene.layout.doc, links, canvas_id, actions);
    accessible
}

/// A screen reader's "click" on a link node selects the link.
fn link_clicks_from_screen_readers(
    ui: &Ui,
    doc: &Document,
    links: &[u32],
    canvas_id: egui::Id,
    actions: &mut Vec<Action>,
) {
    // Most frames have no request at all: then there is nothing to look up link by link.
    let any = ui.input(|input| {
        input
            .raw
            .events
            .iter()
            .any(|e| matches!(e, egui::Event::AccessKitActionRequest(_)))
    });
    if !any {
        return;
    }
    for &i in links {
        let link = &doc.links()[i as usize];
        let node = draw::link_node_id(canvas_id, &link.id);
        if ui
            .input(|input| input.has_accesskit_action_request(node, egui::accesskit::Action::Click))
        {
            actions.push(Action::Select(crate::model::Selection::link(&link.id)));
        }
    }
}

/// Fits the journey into the viewport using the index's bounds (no pass over the steps).
fn fit_index(state: &mut CanvasState, index: &SpatialIndex, doc: &Document) {
    if doc.steps().is_empty() {
        state.camera = Camera::default();
    } else {
        state.camera.fit(state.viewport, index.bounds());
    }
    state.fitted_camera = Some(state.camera);
}

/// Where the minimap goes this frame: a corner where it covers no card (nor a card's leak
/// or handle), as large as one allows; `None` if none does.
fn minimap_place(
    state: &CanvasState,
    index: &SpatialIndex,
    bounds: Rect,
) -> Option<(Rect, minimap::Corner)> {
    let (camera, viewport) = (state.camera, state.viewport);
    minimap::place(
        viewport,
        bounds.expand(minimap::MARGIN),
        state.minimap_corner,
        |on_screen| {
            // Grown by what hangs off a card: the handle at its right edge, the leak below.
            let area = Rect::from_min_max(
                on_screen.min - vec2(HANDLE_REACH, LEAK_REACH),
                on_screen.max + vec2(HANDLE_REACH, HANDLE_REACH),
            );
            index.any_card_in(Rect::from_min_max(
                camera.canvas_from_screen(viewport, area.min),
                camera.canvas_from_screen(viewport, area.max),
            ))
        },
    )
}

/// How far a card's handle reaches beyond its edge, in screen points.
const HANDLE_REACH: f32 = 10.0;
/// How far a card's leak hangs below it, in screen points.
const LEAK_REACH: f32 = 14.0;
