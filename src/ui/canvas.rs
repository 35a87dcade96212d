//! The journey canvas: steps as cards, links as arrows, and every pointer interaction.
//!
//! The canvas reads the [`Document`] and never changes it: it returns [`Action`]s (edits among
//! them) for the app to apply. Its own transient state — camera, selection, the gesture in
//! progress — lives in [`CanvasState`], a plain struct tests can inspect.

use std::collections::BTreeSet;
use std::sync::Arc;

use egui::{
    Color32, CornerRadius, Id, Mesh, Pos2, Rect, Response, Sense, Shape, Stroke, StrokeKind, Ui,
    Vec2, epaint::CubicBezierShape, pos2, vec2,
};

use super::Action;
use super::spatial::SpatialIndex;
use super::theme;
use crate::model::{Document, Edit, Link, Point, Stage, Step};

/// The size of a card in canvas units.
pub const CARD_SIZE: Vec2 = vec2(200.0, 84.0);
/// The grid spacing in canvas units; snapping uses it too.
pub const GRID: f32 = 20.0;
/// The zoom range.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.005..=4.0;
/// Below this zoom, cards are drawn without text (a title would be under 6 points) and links
/// as straight lines, all in one mesh.
pub const DETAIL_ZOOM: f32 = 0.4;
/// Radius of the connection handle, in screen points.
const HANDLE_RADIUS: f32 = 7.0;
/// At most this many cards get an accessibility node per frame.
const MAX_ACCESSIBLE_CARDS: usize = 1000;

/// Where the canvas looks: the canvas point at the centre of the view and the zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// The canvas point shown at the centre of the viewport.
    pub center: Pos2,
    /// Screen points per canvas unit.
    pub zoom: f32,
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            center: Pos2::ZERO,
            zoom: 1.0,
        }
    }
}

impl Camera {
    /// The screen position of a canvas point.
    pub fn screen_from_canvas(&self, viewport: Rect, pos_in_canvas: Pos2) -> Pos2 {
        viewport.center() + (pos_in_canvas - self.center) * self.zoom
    }

    /// The canvas point under a screen position.
    pub fn canvas_from_screen(&self, viewport: Rect, pos_on_screen: Pos2) -> Pos2 {
        self.center + (pos_on_screen - viewport.center()) / self.zoom
    }

    /// The part of the canvas the viewport shows.
    pub fn visible_canvas_rect(&self, viewport: Rect) -> Rect {
        Rect::from_center_size(self.center, viewport.size() / self.zoom)
    }

    /// Zooms by `factor`, keeping the canvas point under `anchor_on_screen` in place.
    pub fn zoom_at(&mut self, viewport: Rect, anchor_on_screen: Pos2, factor: f32) {
        let before = self.canvas_from_screen(viewport, anchor_on_screen);
        self.zoom = (self.zoom * factor).clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        let after = self.canvas_from_screen(viewport, anchor_on_screen);
        self.center += before - after;
    }

    /// Shows `bounds` (canvas units) as large as fits, at most at 100 %.
    pub fn fit(&mut self, viewport: Rect, bounds: Rect) {
        if !bounds.is_finite() || bounds.is_negative() {
            *self = Self::default();
            return;
        }
        let margin = 40.0;
        let room = (viewport.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
        let zoom = (room.x / bounds.width().max(1.0)).min(room.y / bounds.height().max(1.0));
        self.zoom = zoom.clamp(*ZOOM_RANGE.start(), 1.0);
        self.center = bounds.center();
    }
}

/// The steps (and at most one link) the user has selected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Ids of the selected steps, sorted.
    pub steps: BTreeSet<String>,
    /// The id of the selected link.
    pub link: Option<String>,
}

impl Selection {
    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.link.is_none()
    }

    /// Selects exactly one step.
    pub fn only_step(&mut self, id: &str) {
        self.steps.clear();
        self.steps.insert(id.to_owned());
        self.link = None;
    }

    /// Selects exactly one link.
    pub fn only_link(&mut self, id: &str) {
        self.steps.clear();
        self.link = Some(id.to_owned());
    }

    /// Clears the selection.
    pub fn clear(&mut self) {
        self.steps.clear();
        self.link = None;
    }

    /// The one selected step, if exactly one step and no link is selected.
    pub fn single_step(&self) -> Option<&str> {
        if self.steps.len() == 1 && self.link.is_none() {
            self.steps.first().map(String::as_str)
        } else {
            None
        }
    }
}

/// What a right-click was on.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    Step(String),
    Link(String),
    Empty(Pos2),
}

/// A pointer gesture in progress.
#[derive(Clone, Debug, PartialEq)]
enum Gesture {
    Pan,
    /// Moving steps; `delta` is in canvas units and applied on release.
    Move {
        ids: Vec<String>,
        delta: Vec2,
    },
    /// Dragging a new link out of a card's handle.
    Link {
        from: String,
        pointer: Pos2,
    },
    /// Selecting with a box; corners in canvas units.
    Box {
        start: Pos2,
        end: Pos2,
    },
}

/// The canvas's view state: camera, selection and gesture. Nothing here is saved in the file
/// except the camera, which is written as the document's view when saving.
#[derive(Clone, Debug)]
pub struct CanvasState {
    /// Where the canvas looks.
    pub camera: Camera,
    /// What is selected.
    pub selection: Selection,
    /// Whether moved steps snap to the grid.
    pub snap: bool,
    /// The stage of steps added by double-clicking.
    pub add_stage: Stage,
    /// The screen rectangle the canvas occupied in the last frame.
    pub viewport: Rect,
    /// Fit the whole journey into view at the next frame (set when a document is opened).
    pub fit_pending: bool,
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
}

impl Default for CanvasState {
    fn default() -> Self {
        Self {
            camera: Camera::default(),
            selection: Selection::default(),
            snap: false,
            add_stage: Stage::default(),
            viewport: Rect::NOTHING,
            fit_pending: false,
            gesture: None,
            context_target: None,
            cache: CanvasCache::default(),
        }
    }
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

    /// Whether a drag (move, link, box or pan) is in progress.
    pub fn is_dragging(&self) -> bool {
        self.gesture.is_some()
    }

    /// The canvas point at the centre of the view.
    pub fn view_center(&self) -> Pos2 {
        self.camera.center
    }

    /// Fits the whole journey into the last known viewport.
    pub fn zoom_to_fit(&mut self, doc: &Document) {
        let viewport = if self.viewport.is_positive() {
            self.viewport
        } else {
            Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))
        };
        match journey_bounds(doc) {
            Some(bounds) => self.camera.fit(viewport, bounds),
            None => self.camera = Camera::default(),
        }
    }

    /// Zooms by `factor` around the centre of the view.
    pub fn zoom_by(&mut self, factor: f32) {
        let viewport = self.viewport;
        self.camera.zoom_at(viewport, viewport.center(), factor);
    }

    /// Drops selected ids that no longer exist in `doc`.
    pub fn prune_selection(&mut self, doc: &Document) {
        self.selection.steps.retain(|id| doc.step(id).is_some());
        if self
            .selection
            .link
            .as_deref()
            .is_some_and(|id| doc.link(id).is_none())
        {
            self.selection.link = None;
        }
    }
}

/// The rectangle of a card in canvas units.
pub fn card_rect(position: Point) -> Rect {
    Rect::from_center_size(to_pos(position), CARD_SIZE)
}

fn to_pos(p: Point) -> Pos2 {
    pos2(p[0] as f32, p[1] as f32)
}

/// The smallest canvas rectangle holding every card, if there are any.
pub fn journey_bounds(doc: &Document) -> Option<Rect> {
    doc.steps()
        .iter()
        .map(|s| card_rect(s.position))
        .reduce(Rect::union)
}

/// A free spot for a new card near `wanted` (canvas units): steps down and right past
/// cards already there, so repeated adds do not stack invisibly.
pub fn free_spot(doc: &Document, wanted: Pos2) -> Point {
    let mut at = wanted;
    for _ in 0..50 {
        let taken = doc
            .steps()
            .iter()
            .any(|s| (to_pos(s.position) - at).length() < 8.0);
        if !taken {
            break;
        }
        at += vec2(24.0, 24.0);
    }
    [f64::from(at.x), f64::from(at.y)]
}

/// A new step of `stage` at `position` with a fresh id and the stage's name as its title.
pub fn new_step(doc: &Document, stage: Stage, position: Point) -> Step {
    Step::new(
        doc.fresh_step_id(stage.as_str()),
        stage,
        stage.label(),
        position,
    )
}

/// Per-frame geometry: where each step's card is on the canvas (with a drag applied), read
/// from the spatial index.
struct Layout<'a> {
    doc: &'a Document,
    index: &'a SpatialIndex,
    /// Indices of the steps being moved, ascending.
    moving: &'a [u32],
    delta: Vec2,
}

impl<'a> Layout<'a> {
    /// The layout without a drag.
    fn still(doc: &'a Document, index: &'a SpatialIndex) -> Self {
        Self {
            doc,
            index,
            moving: &[],
            delta: Vec2::ZERO,
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
            .map(|i| &self.doc.steps()[i])
    }
}

/// The connection handle of a card, in canvas units: the middle of its right edge.
fn handle_center(card: Rect) -> Pos2 {
    pos2(card.right(), card.center().y)
}

/// The curve of a link between two cards (canvas units): start, two controls, end.
pub(crate) fn link_curve(from: Rect, to: Rect) -> [Pos2; 4] {
    let (a, b) = (from.center(), to.center());
    let dir = (b - a).normalized();
    if !dir.is_finite() || dir == Vec2::ZERO {
        // A self-link or two cards on the same spot: a small loop on the right.
        let start = pos2(from.right(), from.center().y - 12.0);
        let end = pos2(from.right(), from.center().y + 12.0);
        return [
            start,
            start + vec2(60.0, -40.0),
            end + vec2(60.0, 40.0),
            end,
        ];
    }
    let start = rect_exit(from, dir) + dir * 2.0;
    let end = rect_exit(to, -dir) - dir * 6.0;
    let length = (end - start).length();
    let normal = vec2(-dir.y, dir.x);
    let bend = normal * (length * 0.12);
    [
        start,
        start + dir * (length / 3.0) + bend,
        end - dir * (length / 3.0) + bend,
        end,
    ]
}

/// Where a ray from the centre of `rect` in direction `dir` leaves it.
fn rect_exit(rect: Rect, dir: Vec2) -> Pos2 {
    let half = rect.size() / 2.0;
    let tx = if dir.x.abs() > f32::EPSILON {
        half.x / dir.x.abs()
    } else {
        f32::INFINITY
    };
    let ty = if dir.y.abs() > f32::EPSILON {
        half.y / dir.y.abs()
    } else {
        f32::INFINITY
    };
    rect.center() + dir * tx.min(ty)
}

fn bezier_point(p: &[Pos2; 4], t: f32) -> Pos2 {
    let u = 1.0 - t;
    let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
    pos2(
        w[0] * p[0].x + w[1] * p[1].x + w[2] * p[2].x + w[3] * p[3].x,
        w[0] * p[0].y + w[1] * p[1].y + w[2] * p[2].y + w[3] * p[3].y,
    )
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a + ab * t - p).length()
}

/// Whether `pos_in_canvas` is within `tolerance` (canvas units) of the curve.
fn near_curve(curve: &[Pos2; 4], pos_in_canvas: Pos2, tolerance: f32) -> bool {
    let bounds = Rect::from_points(curve).expand(tolerance);
    if !bounds.contains(pos_in_canvas) {
        return false;
    }
    let mut prev = curve[0];
    (1..=16).any(|i| {
        let next = bezier_point(curve, i as f32 / 16.0);
        let near = distance_to_segment(pos_in_canvas, prev, next) <= tolerance;
        prev = next;
        near
    })
}

/// Draws the canvas and handles its input. Returns what the user asked for.
///
/// What is drawn follows what is visible: cards and links are culled with a spatial index;
/// below [`DETAIL_ZOOM`] there is no text, cards are plain stage-coloured rectangles and links
/// straight lines, all in one mesh.
pub fn canvas_ui(ui: &mut Ui, doc: &Document, state: &mut CanvasState, actions: &mut Vec<Action>) {
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Journey canvas"));
    state.viewport = rect;
    let mut cache = std::mem::take(&mut state.cache);
    cache.index.update(doc);
    if state.fit_pending && rect.is_positive() {
        state.fit_pending = false;
        fit_index(state, &cache.index, doc);
    }
    let canvas_id = response.id;

    handle_navigation(ui, &response, rect, state);
    handle_pointer(ui, &response, doc, &cache.index, state, actions);
    context_menu(&response, doc, state, actions);

    let painter = ui.painter_at(rect);
    let dark = ui.visuals().dark_mode;
    painter.rect_filled(rect, 0.0, theme::canvas_background(dark));
    draw_grid(&painter, rect, state.camera, dark);

    let visible = state.camera.visible_canvas_rect(rect);
    let CanvasCache {
        index,
        cards,
        links,
        moving,
        mesh,
    } = &mut cache;
    moving.clear();
    let mut delta = Vec2::ZERO;
    if let Some(Gesture::Move { ids, delta: d }) = &state.gesture {
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
    let layout = Layout {
        doc,
        index,
        moving,
        delta,
    };
    let hovered_step = response
        .hover_pos()
        .filter(|_| state.gesture.is_none())
        .and_then(|p| layout.step_at(state.camera.canvas_from_screen(rect, p)))
        .map(|s| s.id.as_str());
    let mut hovered_elided = false;
    if state.camera.zoom >= DETAIL_ZOOM {
        draw_links(&painter, &layout, links, state, rect, visible, dark);
        hovered_elided = draw_cards(
            ui,
            &painter,
            &layout,
            cards,
            state,
            rect,
            visible,
            hovered_step,
        );
    } else {
        draw_far(&painter, &layout, cards, links, state, rect, mesh, dark);
    }
    accessible_cards(ui, &layout, cards, state, rect, canvas_id);
    draw_gesture(&painter, &layout, state, rect, dark);

    if hovered_elided
        && let Some(id) = hovered_step
        && let Some(step) = doc.step(id)
    {
        response.on_hover_text_at_pointer(step.title.as_str());
    }
    state.cache = cache;
}

/// Fits the journey into the viewport using the index's bounds (no pass over the steps).
fn fit_index(state: &mut CanvasState, index: &SpatialIndex, doc: &Document) {
    if doc.steps().is_empty() {
        state.camera = Camera::default();
    } else {
        state.camera.fit(state.viewport, index.bounds());
    }
}

/// Scrolling pans; ctrl+scroll and pinch zoom at the pointer; the middle button pans.
fn handle_navigation(ui: &Ui, response: &Response, rect: Rect, state: &mut CanvasState) {
    if !ui.rect_contains_pointer(rect) {
        return;
    }
    let (scroll, zoom, pointer) =
        ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
    if zoom != 1.0 {
        let anchor = pointer.unwrap_or(rect.center());
        state.camera.zoom_at(rect, anchor, zoom);
    }
    if scroll != Vec2::ZERO {
        state.camera.center -= scroll / state.camera.zoom;
    }
    if response.dragged_by(egui::PointerButton::Middle) {
        state.camera.center -= response.drag_delta() / state.camera.zoom;
    }
}

fn handle_pointer(
    ui: &Ui,
    response: &Response,
    doc: &Document,
    index: &SpatialIndex,
    state: &mut CanvasState,
    actions: &mut Vec<Action>,
) {
    let rect = response.rect;
    let modifiers = ui.input(|i| i.modifiers);
    let toggle = modifiers.shift || modifiers.command || modifiers.ctrl;
    let layout = Layout::still(doc, index);

    if response.drag_started_by(egui::PointerButton::Primary) {
        let origin = ui.input(|i| i.pointer.press_origin()).unwrap_or_default();
        state.gesture = Some(start_gesture(&layout, state, rect, origin, modifiers));
    }

    if response.dragged_by(egui::PointerButton::Primary) {
        let delta = response.drag_delta() / state.camera.zoom;
        let pointer = response
            .interact_pointer_pos()
            .map(|p| state.camera.canvas_from_screen(rect, p));
        match &mut state.gesture {
            Some(Gesture::Pan) => state.camera.center -= delta,
            Some(Gesture::Move { delta: total, .. }) => *total += delta,
            Some(Gesture::Link { pointer: end, .. } | Gesture::Box { end, .. }) => {
                if let Some(p) = pointer {
                    *end = p;
                }
            }
            None => {}
        }
    }

    if response.drag_stopped()
        && let Some(gesture) = state.gesture.take()
    {
        finish_gesture(gesture, &layout, state, actions);
    }

    if response.clicked() {
        let pointer = response.interact_pointer_pos().unwrap_or_default();
        let at = state.camera.canvas_from_screen(rect, pointer);
        if let Some(step) = layout.step_at(at) {
            if toggle {
                if !state.selection.steps.remove(&step.id) {
                    state.selection.steps.insert(step.id.clone());
                }
                state.selection.link = None;
            } else {
                state.selection.only_step(&step.id);
            }
        } else if let Some(link) = link_at(&layout, at, 6.0 / state.camera.zoom) {
            state.selection.only_link(&link.id);
        } else if !toggle {
            state.selection.clear();
        }
    }

    if response.double_clicked() {
        let pointer = response.interact_pointer_pos().unwrap_or_default();
        let at = state.camera.canvas_from_screen(rect, pointer);
        if layout.step_at(at).is_some() {
            actions.push(Action::FocusTitle);
        } else {
            let step = new_step(doc, state.add_stage, [f64::from(at.x), f64::from(at.y)]);
            state.selection.only_step(&step.id);
            actions.push(Action::Edit(Edit::add(doc, vec![step], vec![])));
        }
    }

    if response.secondary_clicked() {
        let pointer = response.interact_pointer_pos().unwrap_or_default();
        let at = state.camera.canvas_from_screen(rect, pointer);
        state.context_target = Some(if let Some(step) = layout.step_at(at) {
            if !state.selection.steps.contains(&step.id) {
                state.selection.only_step(&step.id);
            }
            Target::Step(step.id.clone())
        } else if let Some(link) = link_at(&layout, at, 6.0 / state.camera.zoom) {
            state.selection.only_link(&link.id);
            Target::Link(link.id.clone())
        } else {
            Target::Empty(at)
        });
    }
}

/// Decides what a drag starting at `origin` (screen) does: link from a handle, move the
/// card under it (with the selection), box-select with shift, or pan.
fn start_gesture(
    layout: &Layout<'_>,
    state: &mut CanvasState,
    rect: Rect,
    origin: Pos2,
    modifiers: egui::Modifiers,
) -> Gesture {
    let toggle = modifiers.shift || modifiers.command || modifiers.ctrl;
    let at = state.camera.canvas_from_screen(rect, origin);
    let mut near = Vec::new();
    layout
        .index
        .cards_near(at, (HANDLE_RADIUS + 3.0) / state.camera.zoom, &mut near);
    let handle_hit = near.iter().rev().map(|&i| i as usize).find(|&i| {
        let handle = state
            .camera
            .screen_from_canvas(rect, handle_center(layout.index.card(i)));
        (handle - origin).length() <= HANDLE_RADIUS + 3.0
    });
    if let Some(step) = handle_hit.map(|i| &layout.doc.steps()[i]) {
        Gesture::Link {
            from: step.id.clone(),
            pointer: at,
        }
    } else if let Some(step) = layout.step_at(at) {
        if !state.selection.steps.contains(&step.id) {
            if toggle {
                state.selection.steps.insert(step.id.clone());
            } else {
                state.selection.only_step(&step.id);
            }
        }
        Gesture::Move {
            ids: state.selection.steps.iter().cloned().collect(),
            delta: Vec2::ZERO,
        }
    } else if modifiers.shift {
        Gesture::Box { start: at, end: at }
    } else {
        Gesture::Pan
    }
}

fn link_at<'a>(layout: &Layout<'a>, pos_in_canvas: Pos2, tolerance: f32) -> Option<&'a Link> {
    let mut near = Vec::new();
    layout.index.links_in(
        Rect::from_center_size(pos_in_canvas, Vec2::splat(2.0 * tolerance)),
        &mut near,
    );
    near.iter()
        .rev()
        .map(|&i| i as usize)
        .find(|&i| {
            layout
                .curve(i)
                .is_some_and(|curve| near_curve(&curve, pos_in_canvas, tolerance))
        })
        .map(|i| &layout.doc.links()[i])
}

fn finish_gesture(
    gesture: Gesture,
    layout: &Layout<'_>,
    state: &mut CanvasState,
    actions: &mut Vec<Action>,
) {
    let doc = layout.doc;
    match gesture {
        Gesture::Pan => {}
        Gesture::Move { ids, delta } => {
            if delta == Vec2::ZERO && !state.snap {
                return;
            }
            let moves: Vec<(String, Point)> = ids
                .into_iter()
                .filter_map(|id| {
                    let step = doc.step(&id)?;
                    let mut to = to_pos(step.position) + delta;
                    if state.snap {
                        to = pos2((to.x / GRID).round() * GRID, (to.y / GRID).round() * GRID);
                    }
                    let to = [f64::from(to.x), f64::from(to.y)];
                    (to != step.position).then_some((id, to))
                })
                .collect();
            if !moves.is_empty() {
                actions.push(Action::Edit(Edit::Move(moves)));
            }
        }
        Gesture::Link { from, pointer } => {
            let Some(target) = layout.step_at(pointer) else {
                actions.push(Action::Notice(
                    "Drop the arrow on another step to link them.".into(),
                ));
                return;
            };
            if target.id == from {
                actions.push(Action::Notice("A step cannot link to itself.".into()));
            } else if let Some(existing) = doc
                .links()
                .iter()
                .find(|l| l.from == from && l.to == target.id)
            {
                state.selection.only_link(&existing.id);
                actions.push(Action::Notice(
                    "These steps are already linked; the existing link is selected.".into(),
                ));
            } else {
                let link = Link::new(
                    doc.fresh_link_id(&from, &target.id),
                    from,
                    target.id.clone(),
                );
                state.selection.only_link(&link.id);
                actions.push(Action::Edit(Edit::add(doc, vec![], vec![link])));
            }
        }
        Gesture::Box { start, end } => {
            let area = Rect::from_two_pos(start, end);
            let mut inside = Vec::new();
            layout.index.cards_in(area, &mut inside);
            for i in inside {
                if area.contains_rect(layout.index.card(i as usize)) {
                    state
                        .selection
                        .steps
                        .insert(doc.steps()[i as usize].id.clone());
                }
            }
            state.selection.link = None;
        }
    }
}

fn context_menu(
    response: &Response,
    doc: &Document,
    state: &mut CanvasState,
    actions: &mut Vec<Action>,
) {
    let Some(target) = state.context_target.clone() else {
        return;
    };
    let shown = response.context_menu(|ui| match &target {
        Target::Step(_) => {
            let ids: Vec<String> = state.selection.steps.iter().cloned().collect();
            let what = if ids.len() == 1 {
                "step".to_owned()
            } else {
                format!("{} steps", ids.len())
            };
            ui.menu_button("Change stage", |ui| {
                for stage in Stage::ALL {
                    if ui.button(stage.label()).clicked() {
                        actions.push(Action::Edit(change_stage(doc, &ids, stage)));
                        ui.close();
                    }
                }
            });
            if ui.button(format!("Duplicate {what}")).clicked() {
                actions.push(Action::Command(crate::app::commands::Command::Duplicate));
                ui.close();
            }
            if ui.button(format!("Delete {what}")).clicked() {
                actions.push(Action::Edit(Edit::remove_steps(ids.clone())));
                ui.close();
            }
        }
        Target::Link(id) => {
            if ui.button("Delete link").clicked() {
                actions.push(Action::Edit(Edit::Remove {
                    steps: vec![],
                    links: vec![id.clone()],
                }));
                ui.close();
            }
        }
        Target::Empty(at) => {
            ui.label("Add a step here");
            for stage in Stage::ALL {
                if ui.button(format!("Add {} step", stage.label())).clicked() {
                    let step = new_step(doc, stage, [f64::from(at.x), f64::from(at.y)]);
                    state.selection.only_step(&step.id);
                    state.add_stage = stage;
                    actions.push(Action::Edit(Edit::add(doc, vec![step], vec![])));
                    ui.close();
                }
            }
            ui.separator();
            if ui.button("Zoom to fit").clicked() {
                actions.push(Action::Command(crate::app::commands::Command::ZoomToFit));
                ui.close();
            }
        }
    });
    if shown.is_none() {
        state.context_target = None;
    }
}

/// One edit that sets the stage of every step in `ids`.
pub fn change_stage(doc: &Document, ids: &[String], stage: Stage) -> Edit {
    let edits: Vec<Edit> = ids
        .iter()
        .filter(|id| doc.step(id).is_some_and(|s| s.stage != stage))
        .map(|id| Edit::SetStep {
            id: id.clone(),
            value: crate::model::StepValue::Stage(stage),
        })
        .collect();
    let label = if ids.len() == 1 {
        "Change stage".to_owned()
    } else {
        format!("Change stage of {} steps", ids.len())
    };
    Edit::Batch { label, edits }
}

fn draw_grid(painter: &egui::Painter, rect: Rect, camera: Camera, dark: bool) {
    let mut spacing = GRID * 2.0;
    while spacing * camera.zoom < 12.0 {
        spacing *= 5.0;
    }
    let visible = camera.visible_canvas_rect(rect);
    let stroke = Stroke::new(1.0, theme::grid_color(dark));
    let mut x = (visible.left() / spacing).floor() * spacing;
    while x <= visible.right() {
        let sx = camera.screen_from_canvas(rect, pos2(x, 0.0)).x;
        painter.vline(sx, rect.y_range(), stroke);
        x += spacing;
    }
    let mut y = (visible.top() / spacing).floor() * spacing;
    while y <= visible.bottom() {
        let sy = camera.screen_from_canvas(rect, pos2(0.0, y)).y;
        painter.hline(rect.x_range(), sy, stroke);
        y += spacing;
    }
}

fn draw_links(
    painter: &egui::Painter,
    layout: &Layout<'_>,
    links: &[u32],
    state: &CanvasState,
    rect: Rect,
    visible: Rect,
    dark: bool,
) {
    let camera = state.camera;
    let base = theme::link_color(dark);
    for &i in links {
        let i = i as usize;
        let Some(curve) = layout.curve(i) else {
            continue;
        };
        if !Rect::from_points(&curve).intersects(visible) {
            continue;
        }
        let link = &layout.doc.links()[i];
        let selected = state.selection.link.as_deref() == Some(link.id.as_str());
        let color = if selected {
            theme::selection_color(dark)
        } else {
            base
        };
        let width = if selected { 3.0 } else { 1.6 };
        let points = curve.map(|p| camera.screen_from_canvas(rect, p));
        painter.add(CubicBezierShape::from_points_stroke(
            points,
            false,
            Color32::TRANSPARENT,
            Stroke::new(width, color),
        ));
        arrow_head(
            painter,
            points[2],
            points[3],
            color,
            9.0 * camera.zoom.clamp(0.7, 1.5),
        );
        if !link.label.is_empty() || link.rate.is_some() {
            let text = link_label(link);
            let at = camera.screen_from_canvas(rect, bezier_point(&curve, 0.5));
            let font = egui::FontId::proportional((12.0 * camera.zoom).clamp(9.0, 18.0));
            let galley = painter.layout_no_wrap(text, font, theme::ink(dark));
            let label_rect = Rect::from_center_size(at, galley.size() + vec2(8.0, 4.0));
            painter.rect_filled(label_rect, 4.0, theme::canvas_background(dark));
            painter.rect_stroke(label_rect, 4.0, Stroke::new(1.0, color), StrokeKind::Inside);
            painter.galley(label_rect.min + vec2(4.0, 2.0), galley, theme::ink(dark));
        }
    }
}

/// Far out: links as straight lines and cards as plain stage-coloured rectangles (at least a
/// pixel or so, so the map stays visible), all in one mesh reused from frame to frame.
#[expect(
    clippy::too_many_arguments,
    reason = "the drawing context of one frame, passed down once"
)]
fn draw_far(
    painter: &egui::Painter,
    layout: &Layout<'_>,
    cards: &[u32],
    links: &[u32],
    state: &CanvasState,
    rect: Rect,
    mesh: &mut Option<Arc<Mesh>>,
    dark: bool,
) {
    let camera = state.camera;
    let mesh = mesh.get_or_insert_with(Arc::default);
    // The mesh given to the painter last frame was dropped after tessellation, so this
    // normally reuses its buffers rather than cloning them.
    let out = Arc::make_mut(mesh);
    out.clear();
    out.reserve_vertices(4 * (cards.len() + links.len()));
    out.reserve_triangles(2 * (cards.len() + links.len()));
    let base = theme::link_color(dark);
    let selection = theme::selection_color(dark);
    for &i in links {
        let i = i as usize;
        let Some(curve) = layout.curve(i) else {
            continue;
        };
        let a = camera.screen_from_canvas(rect, curve[0]);
        let b = camera.screen_from_canvas(rect, curve[3]);
        let along = b - a;
        if along.length_sq() < 4.0 {
            continue;
        }
        let selected = state.selection.link.as_deref() == Some(layout.doc.links()[i].id.as_str());
        let (color, width) = if selected {
            (selection, 2.5)
        } else {
            (base, 1.0)
        };
        let normal = along.normalized().rot90() * (width / 2.0);
        let first = out.vertices.len() as u32;
        out.colored_vertex(a + normal, color);
        out.colored_vertex(a - normal, color);
        out.colored_vertex(b + normal, color);
        out.colored_vertex(b - normal, color);
        out.add_triangle(first, first + 1, first + 2);
        out.add_triangle(first + 2, first + 1, first + 3);
    }
    let steps = layout.doc.steps();
    let min_size = vec2(1.5, 1.0);
    for &i in cards {
        let i = i as usize;
        let card = layout.rect(i);
        let screen = Rect::from_center_size(
            camera.screen_from_canvas(rect, card.center()),
            (card.size() * camera.zoom).max(min_size),
        );
        let step = &steps[i];
        if !state.selection.steps.is_empty() && state.selection.steps.contains(&step.id) {
            out.add_colored_rect(screen.expand(2.0), selection);
        }
        out.add_colored_rect(screen, theme::stage_color(step.stage));
    }
    painter.add(Shape::Mesh(Arc::clone(mesh)));
}

/// Gives the first visible cards accessibility nodes (screen readers, UI tests), at most
/// [`MAX_ACCESSIBLE_CARDS`] so a map zoomed far out stays fast.
fn accessible_cards(
    ui: &Ui,
    layout: &Layout<'_>,
    cards: &[u32],
    state: &CanvasState,
    rect: Rect,
    canvas_id: Id,
) {
    let camera = state.camera;
    let ppp = ui.ctx().pixels_per_point();
    for &i in cards.iter().take(MAX_ACCESSIBLE_CARDS) {
        let card = layout.rect(i as usize);
        let step = &layout.doc.steps()[i as usize];
        let screen = Rect::from_min_max(
            camera.screen_from_canvas(rect, card.min),
            camera.screen_from_canvas(rect, card.max),
        );
        let node_id = canvas_id.with(&step.id);
        let written = ui.ctx().accesskit_node_builder(node_id, |node| {
            node.set_role(egui::accesskit::Role::Button);
            node.set_label(step.title.as_str());
            node.set_description(format!("{} step", step.stage.label()));
            node.set_bounds(egui::accesskit::Rect {
                x0: f64::from(screen.min.x * ppp),
                y0: f64::from(screen.min.y * ppp),
                x1: f64::from(screen.max.x * ppp),
                y1: f64::from(screen.max.y * ppp),
            });
            node.set_selected(state.selection.steps.contains(&step.id));
        });
        if written.is_none() {
            // Accessibility is off: nothing to describe.
            return;
        }
    }
}

/// A link's label with its rate, if any ("refers a friend · 30%").
pub fn link_label(link: &Link) -> String {
    match link.rate {
        Some(rate) if link.label.is_empty() => format!("{:.0}%", rate * 100.0),
        Some(rate) => format!("{} · {:.0}%", link.label, rate * 100.0),
        None => link.label.clone(),
    }
}

fn arrow_head(painter: &egui::Painter, control: Pos2, tip: Pos2, color: Color32, size: f32) {
    let dir = (tip - control).normalized();
    if !dir.is_finite() {
        return;
    }
    let normal = vec2(-dir.y, dir.x);
    let back = tip - dir * size;
    painter.add(Shape::convex_polygon(
        vec![
            tip + dir * 2.0,
            back + normal * size * 0.5,
            back - normal * size * 0.5,
        ],
        color,
        Stroke::NONE,
    ));
}

/// Draws the visible cards in detail; returns whether the hovered card's title was shortened.
#[expect(
    clippy::too_many_arguments,
    reason = "the drawing context of one frame, passed down once"
)]
fn draw_cards(
    ui: &Ui,
    painter: &egui::Painter,
    layout: &Layout<'_>,
    cards: &[u32],
    state: &CanvasState,
    rect: Rect,
    visible: Rect,
    hovered: Option<&str>,
) -> bool {
    let camera = state.camera;
    let zoom = camera.zoom;
    let dark = ui.visuals().dark_mode;
    let mut hovered_elided = false;
    for &i in cards {
        let card = layout.rect(i as usize);
        if !card.intersects(visible) {
            continue;
        }
        let step = &layout.doc.steps()[i as usize];
        let screen = Rect::from_min_max(
            camera.screen_from_canvas(rect, card.min),
            camera.screen_from_canvas(rect, card.max),
        );
        let selected = state.selection.steps.contains(&step.id);
        let is_hovered = hovered == Some(step.id.as_str());
        let elided = draw_card(painter, step, screen, zoom, selected, is_hovered, dark);
        hovered_elided |= elided && is_hovered;
    }
    hovered_elided
}

/// The emotion mark: a disc from red to green with the value ("+2", "−1") in it.
fn draw_emotion_mark(
    painter: &egui::Painter,
    emotion: crate::model::Emotion,
    center: Pos2,
    radius: f32,
    zoom: f32,
) {
    painter.circle_filled(center, radius, theme::emotion_color(emotion));
    let sign = match emotion.value() {
        v if v > 0 => format!("+{v}"),
        v if v < 0 => format!("−{}", -v),
        _ => "0".to_owned(),
    };
    painter.text(
        center,
        egui::Align2::CENTER_CENTER,
        sign,
        egui::FontId::proportional(10.0 * zoom),
        theme::on_stage_color(),
    );
}

/// Draws the first line of a step's notes, in at most two rows of small text.
fn draw_notes_start(
    painter: &egui::Painter,
    notes: &str,
    at: Pos2,
    width: f32,
    zoom: f32,
    dark: bool,
) {
    let first_line = notes.lines().next().unwrap_or_default();
    let galley = wrapped_text(
        painter,
        first_line,
        11.5 * zoom,
        theme::weak_ink(dark),
        width,
    );
    painter.galley(at, galley, theme::weak_ink(dark));
}

/// Text wrapped to `width` in at most two rows, ending in an ellipsis when it does not fit.
fn wrapped_text(
    painter: &egui::Painter,
    text: &str,
    size: f32,
    color: Color32,
    width: f32,
) -> Arc<egui::Galley> {
    let width = width.max(1.0);
    let mut job = egui::text::LayoutJob::simple(
        text.to_owned(),
        egui::FontId::proportional(size),
        color,
        width,
    );
    job.wrap = egui::text::TextWrapping {
        max_width: width,
        max_rows: 2,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    painter.layout_job(job)
}

/// Draws one detailed card; returns whether its title had to be shortened.
fn draw_card(
    painter: &egui::Painter,
    step: &Step,
    screen: Rect,
    zoom: f32,
    selected: bool,
    hovered: bool,
    dark: bool,
) -> bool {
    let color = theme::stage_color(step.stage);
    let radius = 8.0 * zoom;
    painter.rect(
        screen,
        radius,
        theme::card_fill(step.stage, dark),
        Stroke::new(
            1.0,
            theme::mix(color, theme::card_fill(step.stage, dark), 0.35),
        ),
        StrokeKind::Inside,
    );
    let stripe = Rect::from_min_size(screen.min, vec2(6.0 * zoom, screen.height()));
    let r = radius.min(255.0) as u8;
    painter.rect_filled(
        stripe,
        CornerRadius {
            nw: r,
            sw: r,
            ne: 0,
            se: 0,
        },
        color,
    );
    if selected {
        painter.rect_stroke(
            screen.expand(2.0),
            radius + 2.0,
            Stroke::new(2.5, theme::selection_color(dark)),
            StrokeKind::Outside,
        );
    }

    let pad = 14.0 * zoom;
    let text_left = screen.left() + pad;
    let mark_radius = 10.0 * zoom;
    let text_width = (screen.right() - pad - 2.0 * mark_radius - 4.0 * zoom - text_left).max(1.0);
    let mut elided = false;
    if zoom * 15.0 >= 5.0 {
        // Two lines of title, then an ellipsis; the full title shows on hover.
        let galley = wrapped_text(
            painter,
            &step.title,
            15.0 * zoom,
            theme::ink(dark),
            text_width,
        );
        elided = galley.elided;
        let title_rows = galley.rows.len();
        let title_bottom = screen.top() + 10.0 * zoom + galley.size().y;
        painter.galley(
            pos2(text_left, screen.top() + 10.0 * zoom),
            galley,
            theme::ink(dark),
        );
        // A one-line title leaves room for the start of the notes, under the emotion mark too.
        if title_rows == 1 && !step.notes.is_empty() && zoom * 11.5 >= 7.0 {
            let at = pos2(text_left, title_bottom + 2.0 * zoom);
            draw_notes_start(
                painter,
                &step.notes,
                at,
                screen.right() - pad - text_left,
                zoom,
                dark,
            );
        }
        let stage_color = theme::stage_text_color(step.stage, dark);
        let stage_text = painter.layout_no_wrap(
            step.stage.label().to_uppercase(),
            egui::FontId::proportional(10.5 * zoom),
            stage_color,
        );
        painter.galley(
            pos2(
                text_left,
                screen.bottom() - 7.0 * zoom - stage_text.size().y,
            ),
            stage_text,
            stage_color,
        );

        let mark = pos2(
            screen.right() - pad / 1.4 - mark_radius,
            screen.top() + 10.0 * zoom + mark_radius,
        );
        draw_emotion_mark(painter, step.emotion, mark, mark_radius, zoom);
    }
    if hovered || selected {
        let handle = pos2(screen.right(), screen.center().y);
        painter.circle(
            handle,
            HANDLE_RADIUS,
            theme::canvas_background(dark),
            Stroke::new(2.0, color),
        );
    }
    elided
}

fn draw_gesture(
    painter: &egui::Painter,
    layout: &Layout<'_>,
    state: &CanvasState,
    rect: Rect,
    dark: bool,
) {
    let camera = state.camera;
    match &state.gesture {
        Some(Gesture::Link { from, pointer }) => {
            let Some(i) = layout.doc.step_position(from) else {
                return;
            };
            let step = &layout.doc.steps()[i];
            let start = camera.screen_from_canvas(rect, handle_center(layout.rect(i)));
            let end = camera.screen_from_canvas(rect, *pointer);
            let color = theme::stage_color(step.stage);
            let dx = ((end.x - start.x).abs() * 0.5).max(30.0);
            painter.add(CubicBezierShape::from_points_stroke(
                [start, start + vec2(dx, 0.0), end - vec2(dx, 0.0), end],
                false,
                Color32::TRANSPARENT,
                Stroke::new(2.0, color),
            ));
            arrow_head(painter, end - vec2(dx, 0.0), end, color, 10.0);
        }
        Some(Gesture::Box { start, end }) => {
            let area = Rect::from_two_pos(
                camera.screen_from_canvas(rect, *start),
                camera.screen_from_canvas(rect, *end),
            );
            let color = theme::selection_color(dark);
            painter.rect(
                area,
                2.0,
                color.gamma_multiply(0.08),
                Stroke::new(1.0, color),
                StrokeKind::Inside,
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camera_round_trips_and_zooms_at_the_anchor() {
        let viewport = Rect::from_min_size(pos2(10.0, 20.0), vec2(800.0, 600.0));
        let mut camera = Camera {
            center: pos2(100.0, -50.0),
            zoom: 1.5,
        };
        let p = pos2(37.0, 12.0);
        let back = camera.canvas_from_screen(viewport, camera.screen_from_canvas(viewport, p));
        assert!((back - p).length() < 1e-3);
        let anchor = pos2(200.0, 300.0);
        let under = camera.canvas_from_screen(viewport, anchor);
        camera.zoom_at(viewport, anchor, 2.0);
        assert!((camera.canvas_from_screen(viewport, anchor) - under).length() < 1e-3);
        assert!((camera.zoom - 3.0).abs() < 1e-6);
        camera.zoom_at(viewport, anchor, 1000.0);
        assert_eq!(camera.zoom, *ZOOM_RANGE.end());
    }

    #[test]
    fn fit_shows_the_whole_bounds() {
        let viewport = Rect::from_min_size(Pos2::ZERO, vec2(1000.0, 500.0));
        let bounds = Rect::from_min_max(pos2(-2000.0, -100.0), pos2(2000.0, 100.0));
        let mut camera = Camera::default();
        camera.fit(viewport, bounds);
        let shown = camera.visible_canvas_rect(viewport);
        assert!(shown.contains_rect(bounds));
        assert_eq!(camera.center, bounds.center());
    }

    #[test]
    fn curve_hit_testing() {
        let a = Rect::from_center_size(pos2(0.0, 0.0), CARD_SIZE);
        let b = Rect::from_center_size(pos2(400.0, 0.0), CARD_SIZE);
        let curve = link_curve(a, b);
        let mid = bezier_point(&curve, 0.5);
        assert!(near_curve(&curve, mid, 2.0));
        assert!(!near_curve(&curve, mid + vec2(0.0, 40.0), 2.0));
        assert!(curve[0].x >= a.right() && curve[3].x <= b.left());
    }
}
