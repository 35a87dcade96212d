//! Pointer and scroll input on the canvas: panning, zooming, selecting, moving, linking,
//! box selection and the context menu. Everything the user asks for becomes an [`Action`]:
//! new selections included, so the canvas never changes what every view shares.

use egui::{Pos2, Rect, Response, Ui, Vec2};

use super::{CanvasState, Layout};
use crate::layout::geometry::{GRID, handle_center, near_curve, to_point};
use crate::model::builders::{self, NothingToDo, change_stage};
use crate::model::{Link, Selection, Stage};
use crate::ui::Action;
use crate::ui::commands::Command;
use crate::ui::spatial::SpatialIndex;
use crate::ui::view::ViewContext;

/// Radius of the connection handle, in screen points.
pub(super) const HANDLE_RADIUS: f32 = 7.0;

/// What a right-click was on.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Target {
    Step,
    Link(String),
    Empty(Pos2),
}

/// A pointer gesture in progress.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Gesture {
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

/// Scrolling pans; ctrl+scroll and pinch zoom at the pointer; the middle button pans.
pub(super) fn handle_navigation(ui: &Ui, response: &Response, rect: Rect, state: &mut CanvasState) {
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

pub(super) fn handle_pointer(
    ui: &Ui,
    response: &Response,
    ctx: &ViewContext<'_>,
    index: &SpatialIndex,
    state: &mut CanvasState,
    actions: &mut Vec<Action>,
) {
    let doc = ctx.doc;
    let selection = ctx.selection;
    let rect = response.rect;
    let modifiers = ui.input(|i| i.modifiers);
    let toggle = modifiers.shift || modifiers.command || modifiers.ctrl;
    let layout = Layout::still(doc, index, ctx.settings.persona.as_deref());

    if response.drag_started_by(egui::PointerButton::Primary) {
        let origin = ui.input(|i| i.pointer.press_origin()).unwrap_or_default();
        state.gesture = Some(start_gesture(
            &layout, selection, state, rect, origin, modifiers, actions,
        ));
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
        finish_gesture(gesture, &layout, ctx, actions);
    }

    if response.clicked() {
        let pointer = response.interact_pointer_pos().unwrap_or_default();
        let at = state.camera.canvas_from_screen(rect, pointer);
        if let Some(step) = layout.step_at(at) {
            actions.push(Action::Select(if toggle {
                selection.toggled(&step.id)
            } else {
                Selection::step(&step.id)
            }));
        } else if let Some(link) = link_at(&layout, at, 6.0 / state.camera.zoom) {
            actions.push(Action::Select(Selection::link(&link.id)));
        } else if !toggle && !selection.is_empty() {
            actions.push(Action::Select(Selection::none()));
        }
    }

    if response.double_clicked() {
        let pointer = response.interact_pointer_pos().unwrap_or_default();
        let at = state.camera.canvas_from_screen(rect, pointer);
        if layout.step_at(at).is_some() {
            actions.push(Action::FocusTitle);
        } else {
            let (edit, id) = builders::add_step(doc, state.add_stage, to_point(at), false);
            actions.push(Action::Edit(edit));
            actions.push(Action::Select(Selection::step(&id)));
        }
    }

    if response.secondary_clicked() {
        let pointer = response.interact_pointer_pos().unwrap_or_default();
        let at = state.camera.canvas_from_screen(rect, pointer);
        state.context_target = Some(if let Some(step) = layout.step_at(at) {
            if !selection.has_step(&step.id) {
                actions.push(Action::Select(Selection::step(&step.id)));
            }
            Target::Step
        } else if let Some(link) = link_at(&layout, at, 6.0 / state.camera.zoom) {
            actions.push(Action::Select(Selection::link(&link.id)));
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
    selection: &Selection,
    state: &CanvasState,
    rect: Rect,
    origin: Pos2,
    modifiers: egui::Modifiers,
    actions: &mut Vec<Action>,
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
        // Dragging an unselected card selects it (or adds it, with a modifier) and moves
        // what is then selected.
        let moved = if selection.has_step(&step.id) {
            selection.clone()
        } else {
            let chosen = if toggle {
                selection.with_steps([step.id.clone()])
            } else {
                Selection::step(&step.id)
            };
            actions.push(Action::Select(chosen.clone()));
            chosen
        };
        Gesture::Move {
            ids: moved.steps.into_iter().collect(),
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
            let link = &layout.doc.links()[i];
            let shown = |id: &str| {
                layout
                    .persona
                    .is_none_or(|p| layout.doc.step(id).is_some_and(|s| s.applies_to(p)))
            };
            shown(&link.from)
                && shown(&link.to)
                && layout
                    .curve(i)
                    .is_some_and(|curve| near_curve(&curve, pos_in_canvas, tolerance))
        })
        .map(|i| &*layout.doc.links()[i])
}

fn finish_gesture(
    gesture: Gesture,
    layout: &Layout<'_>,
    ctx: &ViewContext<'_>,
    actions: &mut Vec<Action>,
) {
    let doc = layout.doc;
    match gesture {
        Gesture::Pan => {}
        Gesture::Move { ids, delta } => {
            let snap = ctx.settings.snap.then_some(f64::from(GRID));
            if delta == Vec2::ZERO && snap.is_none() {
                return;
            }
            let ids = ids.into_iter().collect();
            let edit = builders::move_by(doc, &ids, to_point(delta.to_pos2()), snap);
            if !edit.is_empty() {
                actions.push(Action::Edit(edit));
            }
        }
        Gesture::Link { from, pointer } => {
            let Some(target) = layout.step_at(pointer) else {
                actions.push(Action::Notice(
                    "Drop the arrow on another step to link them.".into(),
                ));
                return;
            };
            match builders::link_steps(doc, &from, &target.id) {
                Ok((edit, id)) => {
                    actions.push(Action::Edit(edit));
                    actions.push(Action::Select(Selection::link(&id)));
                }
                Err(why) => {
                    if let NothingToDo::AlreadyLinked(existing) = &why {
                        actions.push(Action::Select(Selection::link(existing)));
                    }
                    actions.push(Action::Notice(why.to_string()));
                }
            }
        }
        Gesture::Box { start, end } => {
            let area = Rect::from_two_pos(start, end);
            let mut inside = Vec::new();
            layout.index.cards_in(area, &mut inside);
            let ids = inside
                .into_iter()
                .filter(|&i| area.contains_rect(layout.index.card(i as usize)))
                // Steps hidden by the persona filter are not picked up unseen.
                .filter(|&i| ctx.settings.shows(&doc.steps()[i as usize]))
                .map(|i| doc.steps()[i as usize].id.clone());
            actions.push(Action::Select(ctx.selection.with_steps(ids)));
        }
    }
}

pub(super) fn context_menu(
    response: &Response,
    ctx: &ViewContext<'_>,
    state: &mut CanvasState,
    actions: &mut Vec<Action>,
) {
    let Some(target) = state.context_target.clone() else {
        return;
    };
    let doc = ctx.doc;
    let selected = &ctx.selection.steps;
    let shown = response.context_menu(|ui| match &target {
        Target::Step => {
            let what = if selected.len() == 1 {
                "step".to_owned()
            } else {
                crate::model::plural(selected.len(), "step")
            };
            ui.menu_button("Change stage", |ui| {
                for stage in Stage::ALL {
                    if ui.button(stage.label()).clicked() {
                        actions.push(Action::Edit(change_stage(doc, selected, stage)));
                        ui.close();
                    }
                }
            });
            if ui.button(format!("Duplicate {what}")).clicked() {
                actions.push(Action::Command(Command::Duplicate));
                ui.close();
            }
            if ui.button(format!("Delete {what}")).clicked() {
                actions.push(Action::Edit(builders::remove(selected, None)));
                ui.close();
            }
        }
        Target::Link(id) => {
            if ui.button("Delete link").clicked() {
                actions.push(Action::Edit(builders::remove(
                    &std::collections::BTreeSet::new(),
                    Some(id),
                )));
                ui.close();
            }
        }
        Target::Empty(at) => {
            ui.label("Add a step here");
            for stage in Stage::ALL {
                if ui.button(format!("Add {} step", stage.label())).clicked() {
                    let (edit, id) = builders::add_step(doc, stage, to_point(*at), false);
                    state.add_stage = stage;
                    actions.push(Action::Edit(edit));
                    actions.push(Action::Select(Selection::step(&id)));
                    ui.close();
                }
            }
            ui.separator();
            if ui.button("Zoom to fit").clicked() {
                actions.push(Action::Command(Command::ZoomToFit));
                ui.close();
            }
        }
    });
    if shown.is_none() {
        state.context_target = None;
    }
}
