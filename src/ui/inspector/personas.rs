//! Personas in the inspector: the journey's list (add, edit, remove, reorder) and, on a
//! step, which personas it applies to and how each feels there.

use egui::{Color32, RichText, Ui};

use super::Action;
use crate::model::builders;
use crate::model::{Colour, Document, Edit, Emotion, Persona, Step};

fn name(p: &Persona) -> &str {
    if p.name.is_empty() { &p.id } else { &p.name }
}

/// An edit as one undo step of its own.
fn alone(actions: &mut Vec<Action>, edit: Edit) {
    actions.push(Action::Seal);
    actions.push(Action::Edit(edit));
    actions.push(Action::Seal);
}

/// The journey's personas, each editable, movable and removable, and a button to add one.
pub fn personas_ui(ui: &mut Ui, doc: &Document, actions: &mut Vec<Action>) {
    ui.label(RichText::new("Personas").heading().size(16.0));
    ui.label(
        RichText::new(
            "The people this journey is drawn for; a step may apply to some of them only.",
        )
        .weak()
        .small(),
    );
    let personas = doc.personas();
    for (i, persona) in personas.iter().enumerate() {
        ui.add_space(4.0);
        ui.push_id(("persona", &persona.id), |ui| {
            ui.group(|ui| persona_ui(ui, doc, i, persona, actions));
        });
    }
    ui.add_space(4.0);
    if ui.button("+ Add persona").clicked() {
        alone(actions, builders::add_persona(doc).0);
    }
}

fn persona_ui(ui: &mut Ui, doc: &Document, i: usize, persona: &Persona, actions: &mut Vec<Action>) {
    let personas = doc.personas();
    let replace = |changed: Persona| builders::update_persona(doc, i, changed).map(Action::Edit);
    ui.horizontal(|ui| {
        let mut rgb = persona.colour.0;
        let colour = ui
            .color_edit_button_srgb(&mut rgb)
            .on_hover_text(format!("The colour of {}'s curve and chips", name(persona)));
        if colour.changed() && rgb != persona.colour.0 {
            let mut p = persona.clone();
            p.colour = Colour(rgb);
            actions.extend(replace(p));
        }
        let mut text = persona.name.clone();
        let response = named_field(
            ui,
            egui::TextEdit::singleline(&mut text)
                .hint_text("name")
                .desired_width(140.0),
            &format!("Persona {} name", i + 1),
        );
        if response.changed() && text != persona.name {
            let mut p = persona.clone();
            p.name = text;
            actions.extend(replace(p));
        }
        if response.lost_focus() {
            actions.push(Action::Seal);
        }
        for (label, by, enabled) in [("Up", -1, i > 0), ("Down", 1, i + 1 < personas.len())] {
            let tip = format!("Move {} {}", name(persona), label.to_lowercase());
            let button = ui
                .add_enabled(enabled, egui::Button::new(label).small())
                .on_hover_text(&tip);
            button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &tip));
            if button.clicked()
                && let Some(edit) = builders::move_persona(doc, i, by)
            {
                alone(actions, edit);
            }
        }
        let remove = ui.small_button("Remove").on_hover_text(format!(
            "Remove {} from the journey and from its steps",
            name(persona)
        ));
        let label = format!("Remove {}", name(persona));
        remove.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if remove.clicked()
            && let Some(edit) = builders::remove_persona(doc, &persona.id)
        {
            alone(actions, edit);
        }
    });
    let mut description = persona.description.clone();
    let response = named_field(
        ui,
        egui::TextEdit::multiline(&mut description)
            .hint_text("who they are")
            .desired_rows(2)
            .desired_width(f32::INFINITY),
        &format!("Persona {} description", i + 1),
    );
    if response.changed() && description != persona.description {
        let mut p = persona.clone();
        p.description = description;
        actions.extend(replace(p));
    }
    if response.lost_focus() {
        actions.push(Action::Seal);
    }
    // Goals are edited one per line; empty lines are dropped when the field is left.
    let mut goals = persona.goals.join("\n");
    let response = named_field(
        ui,
        egui::TextEdit::multiline(&mut goals)
            .hint_text("goals, one per line")
            .desired_rows(2)
            .desired_width(f32::INFINITY),
        &format!("Persona {} goals", i + 1),
    );
    if response.changed() && goals != persona.goals.join("\n") {
        let mut p = persona.clone();
        p.goals = goals.split('\n').map(str::to_owned).collect();
        actions.extend(replace(p));
    }
    if response.lost_focus() {
        let mut p = persona.clone();
        p.goals.retain(|g| !g.trim().is_empty());
        actions.extend(replace(p));
        actions.push(Action::Seal);
    }
}

/// On a step: chips for the personas it applies to, and each one's own emotion.
pub fn step_personas_ui(ui: &mut Ui, doc: &Document, step: &Step, actions: &mut Vec<Action>) {
    if doc.personas().is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Personas").strong());
    ui.label(
        RichText::new("None chosen: the step is for everyone.")
            .weak()
            .small(),
    );
    ui.horizontal_wrapped(|ui| {
        for p in doc.personas() {
            let on = step.personas.contains(&p.id);
            let colour = Color32::from_rgb(p.colour.0[0], p.colour.0[1], p.colour.0[2]);
            let text = RichText::new(name(p)).color(if on { Color32::WHITE } else { colour });
            let chip = egui::Button::selectable(on, text).fill(if on {
                colour
            } else {
                Color32::TRANSPARENT
            });
            let response = ui
                .add(chip)
                .on_hover_text(format!("Whether this step applies to {}", name(p)));
            response.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::Button,
                    true,
                    on,
                    format!("Applies to {}", name(p)),
                )
            });
            if response.clicked()
                && let Some(edit) = builders::toggle_step_persona(doc, &step.id, &p.id)
            {
                alone(actions, edit);
            }
        }
    });
    for p in doc.personas().iter().filter(|p| step.applies_to(&p.id)) {
        let own = step
            .persona_emotions
            .iter()
            .find(|(id, _)| *id == p.id)
            .map(|(_, e)| *e);
        ui.horizontal(|ui| {
            let label = ui.label(format!("{} feels", name(p)));
            let same = format!("like the step ({:+})", step.emotion.value());
            let shown = own.map_or_else(
                || same.clone(),
                |e| format!("{:+} {}", e.value(), e.label()),
            );
            let mut choice = own;
            egui::ComboBox::from_id_salt(("persona-emotion", &step.id, &p.id))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut choice, None, same);
                    for e in Emotion::all() {
                        ui.selectable_value(
                            &mut choice,
                            Some(e),
                            format!("{:+} {}", e.value(), e.label()),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            if let Some(edit) = builders::set_persona_emotion(step, &p.id, choice) {
                alone(actions, edit);
            }
        });
    }
}

/// Adds a persona's text field, named for a screen reader ("Persona 2 goals"), since it
/// has no label of its own.
fn named_field(ui: &mut Ui, field: egui::TextEdit<'_>, name: &str) -> egui::Response {
    let response = ui.add(field);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, name));
    response
}
