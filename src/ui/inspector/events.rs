//! A step's events: the event names (or `*` patterns) of an analytics log that mean a person
//! is here, which a calibration maps to the step. Each entry is edited in place; a pattern
//! the file would refuse is shown with its place and why, and not applied until it is fixed.

use egui::{RichText, Ui};

use super::fields::hint;
use crate::model::{Step, builders};
use crate::ui::Action;

/// What is being typed in a step's events that the journey cannot take yet.
#[derive(Clone, Debug, Default)]
pub struct EventsDraft {
    /// The step the drafts are of; another step clears them.
    step: String,
    /// An entry typed into a refused pattern: its index, the text and why it is refused.
    entry: Option<(usize, String, String)>,
    /// The new entry being typed.
    new: String,
    /// Why the new entry was refused, if it was.
    new_problem: Option<String>,
}

/// Draws `step`'s events, editable, with an add field.
pub(super) fn step_events_ui(
    ui: &mut Ui,
    doc: &crate::model::Document,
    step: &Step,
    draft: &mut EventsDraft,
    actions: &mut Vec<Action>,
) {
    if draft.step != step.id {
        *draft = EventsDraft {
            step: step.id.clone(),
            ..EventsDraft::default()
        };
    }
    ui.add_space(10.0);
    ui.label(RichText::new("Events").strong());
    hint(
        ui,
        "Names of the analytics events that mean a person is here (* for any characters), read by Calibrate from events… in the File menu",
    );
    let error = ui.visuals().error_fg_color;
    for (i, pattern) in step.events.iter().enumerate() {
        ui.horizontal(|ui| {
            let remove = ui.small_button("Remove").on_hover_text("Remove this event");
            remove.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Remove event {}: {pattern}", i + 1),
                )
            });
            let mut text = match &draft.entry {
                Some((at, typed, _)) if *at == i => typed.clone(),
                _ => pattern.clone(),
            };
            let response = ui.add(
                egui::TextEdit::singleline(&mut text)
                    .desired_width(f32::INFINITY)
                    .hint_text("an event name or pattern"),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("Event {}", i + 1))
            });
            if response.lost_focus() {
                actions.push(Action::Seal);
            }
            if remove.clicked() {
                draft.entry = None;
                if let Some(edit) = builders::remove_event(doc, &step.id, i) {
                    actions.push(Action::Seal);
                    actions.push(Action::Edit(edit));
                    actions.push(Action::Seal);
                }
            } else if response.changed() {
                match builders::edit_event(doc, &step.id, i, &text) {
                    Ok(edit) => {
                        draft.entry = None;
                        if text != *pattern {
                            actions.push(Action::Edit(edit));
                        }
                    }
                    Err(refused) => draft.entry = Some((i, text, refused.to_string())),
                }
            }
        });
        if let Some((at, _, problem)) = &draft.entry
            && *at == i
        {
            ui.label(RichText::new(problem).color(error).small());
        }
    }
    ui.horizontal(|ui| {
        let add = ui.button("+ Add event");
        let response = ui.add(
            egui::TextEdit::singleline(&mut draft.new)
                .desired_width(f32::INFINITY)
                .hint_text("signup_completed, checkout_*"),
        );
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New event"));
        if response.changed() {
            draft.new_problem = None;
        }
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (add.clicked() || entered) && !draft.new.is_empty() {
            match builders::add_event(doc, &step.id, &draft.new) {
                Ok(edit) => {
                    actions.push(Action::Seal);
                    actions.push(Action::Edit(edit));
                    actions.push(Action::Seal);
                    draft.new.clear();
                }
                Err(refused) => draft.new_problem = Some(refused.to_string()),
            }
        }
    });
    if let Some(problem) = &draft.new_problem {
        ui.label(RichText::new(problem).color(error).small());
    }
}
