//! The selected step behind the line of visibility: its evidence, frontstage, backstage and
//! support, its fail point and wait, its metrics, the step as it is to be, and its
//! opportunities promoted to scored ones.

use egui::{RichText, Ui};

use super::fields::{hint, list_ui, text_field};
use super::step::ListField;
use crate::model::builders;
use crate::model::{Better, Document, Emotion, Metric, Selection, Step, StepValue};
use crate::ui::Action;

/// Pushes `edit` as an undo step of its own.
fn alone(actions: &mut Vec<Action>, edit: Option<crate::model::Edit>) {
    if let Some(edit) = edit {
        actions.push(Action::Seal);
        actions.push(Action::Edit(edit));
        actions.push(Action::Seal);
    }
}

/// The step's service blueprint: its four lists, fail point and wait.
pub(super) fn step_blueprint_ui(ui: &mut Ui, step: &Step, actions: &mut Vec<Action>) {
    let set = |value| Action::Edit(builders::set_step(&step.id, value));
    ui.add_space(10.0);
    ui.label(RichText::new("Service blueprint").heading().size(16.0));
    hint(
        ui,
        "What the customer sees, what staff do in view and out of it, and what supports them.",
    );
    let lists: [ListField<'_>; 4] = [
        (
            "Evidence",
            "evidence item",
            &step.evidence,
            StepValue::Evidence,
        ),
        (
            "Frontstage",
            "frontstage action",
            &step.frontstage,
            StepValue::Frontstage,
        ),
        (
            "Backstage",
            "backstage action",
            &step.backstage,
            StepValue::Backstage,
        ),
        (
            "Support",
            "support process",
            &step.support,
            StepValue::Support,
        ),
    ];
    for (title, noun, items, make) in lists {
        ui.add_space(6.0);
        ui.push_id((title, &step.id), |ui| {
            if let Some((new, structural)) = list_ui(ui, title, noun, items, actions) {
                if structural {
                    actions.push(Action::Seal);
                }
                actions.push(set(make(new)));
                if structural {
                    actions.push(Action::Seal);
                }
            }
        });
    }
    fail_point_and_wait_ui(ui, step, actions);
}

/// The step's fail point (a check box and what goes wrong) and its wait (words and
/// minutes).
fn fail_point_and_wait_ui(ui: &mut Ui, step: &Step, actions: &mut Vec<Action>) {
    ui.add_space(6.0);
    let mut fail = step.fail_point.is_some();
    if ui
        .checkbox(&mut fail, "Fail point")
        .on_hover_text("The service is likely to go wrong here (Shostack's fail point)")
        .changed()
    {
        alone(actions, builders::toggle_fail_point(step, fail));
    }
    if let Some(fail_point) = &step.fail_point
        && let Some(note) = text_field(
            ui,
            "What goes wrong",
            "the booking is not found",
            &fail_point.note,
            false,
            actions,
        )
    {
        actions.extend(builders::mark_fail_point(step, &note).map(Action::Edit));
    }

    ui.add_space(6.0);
    let wait = step.wait.clone().unwrap_or_default();
    if let Some(text) = text_field(
        ui,
        "Wait",
        "how long the customer waits here",
        &wait.text,
        false,
        actions,
    ) {
        actions.extend(builders::set_wait(step, &text, wait.minutes).map(Action::Edit));
    }
    ui.horizontal(|ui| {
        let mut known = wait.minutes.is_some();
        if ui
            .checkbox(&mut known, "Minutes")
            .on_hover_text("Whether you know how many minutes the wait takes")
            .changed()
        {
            let minutes = known.then_some(wait.minutes.unwrap_or(5.0));
            alone(actions, builders::set_wait(step, &wait.text, minutes));
        }
        if let Some(minutes) = wait.minutes {
            let mut value = minutes;
            let response = ui.add(
                egui::DragValue::new(&mut value)
                    .range(0.0..=f64::MAX)
                    .speed(1.0)
                    .suffix(" min"),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "Wait in minutes")
            });
            if response.changed() && value != minutes {
                actions.extend(
                    builders::set_wait(step, &wait.text, Some(value.max(0.0))).map(Action::Edit),
                );
            }
            if response.drag_stopped() || response.lost_focus() {
                actions.push(Action::Seal);
            }
        }
    });
}

/// The step's metrics: each one's name, value, target, unit and direction, its gap in
/// words, and the buttons to add and remove one.
pub(super) fn step_metrics_ui(ui: &mut Ui, step: &Step, actions: &mut Vec<Action>) {
    ui.add_space(10.0);
    ui.label(RichText::new("Metrics").heading().size(16.0));
    hint(
        ui,
        "Measured figures of this step (NPS, CSAT, CES…) and their targets.",
    );
    for (i, metric) in step.metrics.iter().enumerate() {
        ui.push_id(("metric", &step.id, i), |ui| {
            metric_ui(ui, step, i, metric, actions);
        });
    }
    if ui.button("+ Add metric").clicked() {
        let metric = Metric {
            name: format!("Metric {}", step.metrics.len() + 1),
            ..Metric::default()
        };
        alone(actions, Some(builders::add_metric(step, metric)));
    }
}

fn metric_ui(ui: &mut Ui, step: &Step, i: usize, metric: &Metric, actions: &mut Vec<Action>) {
    let n = i + 1;
    let mut changed = metric.clone();
    ui.separator();
    ui.horizontal(|ui| {
        let mut name = metric.name.clone();
        let response = ui.add(
            egui::TextEdit::singleline(&mut name)
                .desired_width(120.0)
                .hint_text("NPS"),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("Metric {n} name"))
        });
        if response.lost_focus() {
            actions.push(Action::Seal);
        }
        if response.changed() {
            changed.name = name;
        }
        let mut unit = metric.unit.clone();
        let response = ui.add(
            egui::TextEdit::singleline(&mut unit)
                .desired_width(48.0)
                .hint_text("unit"),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("Metric {n} unit"))
        });
        if response.lost_focus() {
            actions.push(Action::Seal);
        }
        if response.changed() {
            changed.unit = unit;
        }
        let remove = ui.small_button("Remove");
        remove.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!("Remove metric {n}: {}", metric.display_name()),
            )
        });
        if remove.clicked() {
            alone(actions, builders::remove_metric(step, i));
        }
    });
    ui.horizontal(|ui| {
        for (what, value) in [
            ("value", &mut changed.value),
            ("target", &mut changed.target),
        ] {
            let mut known = value.is_some();
            if ui
                .checkbox(&mut known, capitalised(what))
                .on_hover_text(format!("Whether the metric has a {what}"))
                .changed()
            {
                actions.push(Action::Seal);
                *value = known.then_some(0.0);
            }
            if let Some(x) = value.as_mut() {
                let response = ui.add(egui::DragValue::new(x).speed(0.1));
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::SpinButton,
                        true,
                        format!("Metric {n} {what}"),
                    )
                });
                if response.drag_stopped() || response.lost_focus() {
                    actions.push(Action::Seal);
                }
            }
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Better when");
        egui::ComboBox::from_id_salt(("better", &step.id, i))
            .selected_text(better_label(metric.better))
            .show_ui(ui, |ui| {
                for better in Better::ALL {
                    ui.selectable_value(&mut changed.better, better, better_label(better));
                }
            })
            .response
            .labelled_by(label.id);
    });
    let gap = metric.gap_text();
    let colour = if metric.is_off_target() {
        crate::ui::theme::OFF_TARGET
    } else {
        ui.visuals().weak_text_color()
    };
    ui.label(RichText::new(&gap).color(colour).small());
    if changed != *metric
        && let Some(edit) = builders::set_metric(step, i, changed)
    {
        actions.push(Action::Edit(edit));
    }
}

const fn better_label(better: Better) -> &'static str {
    match better {
        Better::Higher => "higher",
        Better::Lower => "lower",
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The step as it is to be: how the customer is to feel, and its title and notes in the
/// future journey where they differ from today's.
pub(super) fn step_to_be_ui(ui: &mut Ui, step: &Step, actions: &mut Vec<Action>) {
    ui.add_space(10.0);
    ui.label(RichText::new("To be").heading().size(16.0));
    hint(
        ui,
        "The step in the future journey: the map draws its curve dashed beside today's.",
    );
    let to_be = step.to_be.clone().unwrap_or_default();
    let mut own = to_be.emotion.is_some();
    if ui
        .checkbox(&mut own, "To-be emotion")
        .on_hover_text("Whether the customer is to feel differently here than today")
        .changed()
    {
        let emotion = own.then_some(to_be.emotion.unwrap_or(step.emotion));
        alone(actions, builders::set_to_be_emotion(step, emotion));
    }
    if let Some(emotion) = to_be.emotion {
        let mut value = i32::from(emotion.value());
        let response = ui
            .add(
                egui::Slider::new(
                    &mut value,
                    i32::from(Emotion::MIN)..=i32::from(Emotion::MAX),
                )
                .custom_formatter(|v, _| {
                    let e = Emotion::new(v.round() as i64).unwrap_or_default();
                    format!("{:+} {}", e.value(), e.label())
                })
                .step_by(1.0),
            )
            .on_hover_text("How the customer is to feel here in the future journey");
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Slider, true, "To-be emotion value")
        });
        if response.changed()
            && let Some(new) = Emotion::new(i64::from(value))
            && new != emotion
        {
            actions.extend(builders::set_to_be_emotion(step, Some(new)).map(Action::Edit));
        }
        if response.drag_stopped() || (response.changed() && !response.dragged()) {
            actions.push(Action::Seal);
        }
    }
    if let Some(title) = text_field(ui, "To-be title", &step.title, &to_be.title, false, actions) {
        actions.extend(builders::update_to_be(step, |t| t.title = title).map(Action::Edit));
    }
    if let Some(notes) = text_field(
        ui,
        "To-be notes",
        "what happens here in the future journey",
        &to_be.notes,
        true,
        actions,
    ) {
        actions.extend(builders::update_to_be(step, |t| t.notes = notes).map(Action::Edit));
    }
}

/// Under the step's free-text opportunities: a button to promote each to a scored
/// opportunity of the journey, and the scored opportunities that name the step.
pub(super) fn step_opportunities_ui(
    ui: &mut Ui,
    doc: &Document,
    step: &Step,
    actions: &mut Vec<Action>,
) {
    for (i, text) in step.opportunities.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let button = ui
            .small_button(format!("Promote to opportunity: {}", short(text)))
            .on_hover_text(
                "Make this a scored opportunity of the journey, linked to this step, whose \
                 worth the simulation computes",
            );
        button.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!("Promote to opportunity: {text}"),
            )
        });
        if button.clicked()
            && let Some((edit, id)) = builders::promote(doc, step, i)
        {
            alone(actions, Some(edit));
            // The opportunity is made when the edit is applied, before the selection.
            actions.push(Action::Select(Selection {
                opportunity: Some(id),
                ..Selection::step(&step.id)
            }));
        }
    }
    let scored: Vec<_> = doc
        .opportunities()
        .iter()
        .filter(|o| o.steps.contains(&step.id))
        .collect();
    if !scored.is_empty() {
        ui.label(RichText::new("Scored opportunities").strong());
        for o in scored {
            if ui
                .link(o.display_title())
                .on_hover_text("Select this opportunity")
                .clicked()
            {
                actions.push(Action::Select(Selection::opportunity(doc, &o.id)));
            }
        }
    }
}

/// The start of `text`, for a button.
fn short(text: &str) -> String {
    const MOST: usize = 28;
    let text = text.trim();
    if text.chars().count() > MOST {
        let start: String = text.chars().take(MOST).collect();
        format!("{start}…")
    } else {
        text.to_owned()
    }
}
