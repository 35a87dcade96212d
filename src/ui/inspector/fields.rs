//! The inspector's widgets: labelled text fields with their help, optional numbers, lists of
//! short texts and the stage chooser. Each returns what changed; the panels turn that into
//! edits.

use egui::{RichText, Ui};

use crate::model::Stage;
use crate::ui::{Action, theme};

/// A labelled text field; returns the new text when it changed. Losing focus ends the
/// undo step, so a burst of typing is undone at once.
pub(super) fn text_field(
    ui: &mut Ui,
    label: &str,
    hint: &str,
    value: &str,
    multiline: bool,
    actions: &mut Vec<Action>,
) -> Option<String> {
    described_text_field(ui, label, hint, None, value, multiline, actions)
}

/// [`text_field`] with a line of help under it, which is also the field's description for a
/// screen reader.
pub(super) fn described_text_field(
    ui: &mut Ui,
    label: &str,
    hint: &str,
    help: Option<&str>,
    value: &str,
    multiline: bool,
    actions: &mut Vec<Action>,
) -> Option<String> {
    text_field_id(ui, label, hint, help, value, multiline, false, actions).0
}

/// [`text_field`] that can take the keyboard (`focus`) and tells its widget id.
#[expect(
    clippy::too_many_arguments,
    reason = "one labelled field, described, focusable, with its undo sealing"
)]
pub(super) fn text_field_id(
    ui: &mut Ui,
    label: &str,
    hint: &str,
    help: Option<&str>,
    value: &str,
    multiline: bool,
    focus: bool,
    actions: &mut Vec<Action>,
) -> (Option<String>, egui::Id) {
    let label_response = ui.label(RichText::new(label).strong());
    let mut text = value.to_owned();
    let editor = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let response = ui
        .add(editor.hint_text(hint).desired_width(f32::INFINITY))
        .labelled_by(label_response.id);
    if let Some(help) = help {
        described_hint(ui, help, response.id);
    }
    if focus {
        response.request_focus();
    }
    if response.lost_focus() {
        actions.push(Action::Seal);
    }
    (
        (response.changed() && text != value).then_some(text),
        response.id,
    )
}

pub(super) fn hint(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).weak().small());
}

/// A line of help under the field `field`: shown as a small label, and given to a screen
/// reader as the field's description rather than as a separate label.
pub(super) fn described_hint(ui: &mut Ui, text: &str, field: egui::Id) {
    let label = ui.label(RichText::new(text).weak().small());
    ui.ctx().accesskit_node_builder(field, |node| {
        node.set_description(text);
    });
    ui.ctx().accesskit_node_builder(label.id, |node| {
        node.set_hidden();
    });
}

/// A new value of an optional number: `None` clears it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct NewNumber(pub(super) Option<f64>);

/// An optional number: a check box to set or clear it and, when set, a value to drag or
/// type (a share in percent when `share`). Returns the new value when it changed.
pub(super) fn number_field(
    ui: &mut Ui,
    label: &str,
    value: Option<f64>,
    default: f64,
    share: bool,
    actions: &mut Vec<Action>,
) -> Option<NewNumber> {
    let mut result = None;
    ui.horizontal(|ui| {
        let mut known = value.is_some();
        if ui
            .checkbox(&mut known, label)
            .on_hover_text(format!("Whether this step has a {}", label.to_lowercase()))
            .changed()
        {
            actions.push(Action::Seal);
            result = Some(NewNumber(known.then_some(default)));
            actions.push(Action::Seal);
        }
        let Some(x) = value else {
            return;
        };
        if let Some(v) = number_drag(ui, x, share, &format!("{label} value"), actions) {
            result = Some(NewNumber(Some(v)));
        }
    });
    result.filter(|v| v.0 != value)
}

/// A number to drag or type, 0 or more (a share in percent, 0 to 100 %, when `share`), named
/// `name` for a screen reader; the edit is sealed when the drag or typing ends. Returns the
/// new value when it changed.
pub(super) fn number_drag(
    ui: &mut Ui,
    x: f64,
    share: bool,
    name: &str,
    actions: &mut Vec<Action>,
) -> Option<f64> {
    let mut new = None;
    let response = if share {
        let mut percent = x * 100.0;
        let r = ui.add(
            egui::DragValue::new(&mut percent)
                .range(0.0..=100.0)
                .speed(0.5)
                .suffix(" %"),
        );
        if r.changed() {
            new = Some((percent / 100.0).clamp(0.0, 1.0));
        }
        r
    } else {
        let mut v = x;
        let r = ui.add(
            egui::DragValue::new(&mut v)
                .range(0.0..=f64::MAX)
                .speed((x.abs() * 0.01).max(0.01)),
        );
        if r.changed() {
            new = Some(v.max(0.0));
        }
        r
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SpinButton, true, name));
    if response.drag_stopped() || response.lost_focus() {
        actions.push(Action::Seal);
    }
    new
}

/// Edits a list of short texts: each item editable and removable, and an add button.
/// Returns the new list and whether an item was added or removed (rather than edited).
pub(super) fn list_ui(
    ui: &mut Ui,
    title: &str,
    noun: &str,
    items: &[String],
    actions: &mut Vec<Action>,
) -> Option<(Vec<String>, bool)> {
    ui.label(RichText::new(title).strong());
    let mut result = None;
    for (i, item) in items.iter().enumerate() {
        ui.horizontal(|ui| {
            let mut text = item.clone();
            let remove = ui
                .small_button("Remove")
                .on_hover_text(format!("Remove this {noun}"));
            // Every "Remove" says which item it removes, for a screen reader.
            remove.widget_info(|| {
                let name = if item.trim().is_empty() {
                    format!("Remove {noun} {}", i + 1)
                } else {
                    format!("Remove {noun} {}: {item}", i + 1)
                };
                egui::WidgetInfo::labeled(egui::Role::Button, true, name)
            });
            let response = ui.add(
                egui::TextEdit::singleline(&mut text)
                    .desired_width(f32::INFINITY)
                    .hint_text(format!("a {noun}")),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("{title} {}", i + 1))
            });
            if response.lost_focus() {
                actions.push(Action::Seal);
            }
            if remove.clicked() {
                let mut new = items.to_vec();
                new.remove(i);
                result = Some((new, true));
            } else if response.changed() && text != *item {
                let mut new = items.to_vec();
                new[i] = text;
                result = Some((new, false));
            }
        });
    }
    if ui.button(format!("+ Add {noun}")).clicked() {
        let mut new = items.to_vec();
        new.push(String::new());
        result = Some((new, true));
    }
    result
}

pub(super) fn stage_combo(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    current: Stage,
    labelled_by: egui::Id,
) -> (Option<Stage>, egui::Id) {
    let mut chosen = None;
    let response = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(
            RichText::new(current.label())
                .color(theme::stage_color(current))
                .strong(),
        )
        .show_ui(ui, |ui| {
            for stage in Stage::ALL {
                let text = RichText::new(stage.label()).color(theme::stage_color(stage));
                if ui.selectable_label(stage == current, text).clicked() && stage != current {
                    chosen = Some(stage);
                }
            }
        })
        .response
        .labelled_by(labelled_by);
    (chosen, response.id)
}
