//! The right-hand panel: the selected step, the selected link, or the journey's marketing
//! frame when nothing is selected. Every change is returned as an [`Edit`].

use egui::{RichText, Ui};

use super::Action;
use std::collections::BTreeSet;

use super::theme;
use super::view::ViewContext;
use crate::layout::words::thousands;
use crate::model::Selection;
use crate::model::builders::{self, change_stage};
use crate::model::{
    Desire, Document, Emotion, FrameValue, Link, LinkValue, Stage, Step, StepValue, short_number,
};
use crate::simulation::Outcome;

/// What the inspector keeps between frames: the stages of a multiple selection, worked out
/// once per change of the journey or the selection rather than every frame.
#[derive(Clone, Debug, Default)]
pub struct InspectorState {
    /// (document revision, selection revision) → the stages among the selected steps.
    stages: Option<((u64, u64), BTreeSet<Stage>)>,
    /// The first text field shown in the last frame (the step's title, the link's label,
    /// the journey's title): Tab from the canvas goes there and shift+Tab there goes back.
    pub first_field: Option<egui::Id>,
}

impl InspectorState {
    fn stages(&mut self, ctx: &ViewContext<'_>) -> &BTreeSet<Stage> {
        let key = (ctx.doc.revision(), ctx.selection_revision);
        if self.stages.as_ref().is_none_or(|(k, _)| *k != key) {
            let stages = ctx
                .selection
                .steps
                .iter()
                .filter_map(|id| ctx.doc.step(id))
                .map(|s| s.stage)
                .collect();
            self.stages = Some((key, stages));
        }
        &self.stages.get_or_insert_with(|| (key, BTreeSet::new())).1
    }
}

/// Draws the inspector for the current selection.
pub fn inspector_ui(
    ui: &mut Ui,
    ctx: &ViewContext<'_>,
    state: &mut InspectorState,
    focus_first: bool,
    actions: &mut Vec<Action>,
) {
    let (doc, selection) = (ctx.doc, ctx.selection);
    let mut first = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(step) = selection.single_step().and_then(|id| doc.step(id)) {
                first = Some(step_ui(ui, step, focus_first, actions));
                super::personas::step_personas_ui(ui, doc, step, actions);
                step_numbers_ui(ui, doc, step, actions);
                if let Some(outcome) = ctx.simulated {
                    step_figures_ui(ui, doc, step, outcome);
                }
            } else if selection.steps.len() > 1 {
                let stages = state.stages(ctx);
                many_steps_ui(ui, doc, selection, stages, actions);
            } else if let Some(link) = selection.link.as_deref().and_then(|id| doc.link(id)) {
                first = Some(link_ui(ui, ctx, link, focus_first, actions));
            } else {
                first = Some(journey_ui(ui, doc, focus_first, actions));
                ui.add_space(10.0);
                super::personas::personas_ui(ui, doc, actions);
            }
        });
    state.first_field = first;
}

/// A labelled text field; returns the new text when it changed. Losing focus ends the
/// undo step, so a burst of typing is undone at once.
fn text_field(
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
fn described_text_field(
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
fn text_field_id(
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

/// The largest audience the size field offers: more people than live on Earth. A bigger
/// number in a file is kept as it is.
const AUDIENCE_MAX: u64 = 10_000_000_000;

fn hint(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).weak().small());
}

/// A line of help under the field `field`: shown as a small label, and given to a screen
/// reader as the field's description rather than as a separate label.
fn described_hint(ui: &mut Ui, text: &str, field: egui::Id) {
    let label = ui.label(RichText::new(text).weak().small());
    ui.ctx().accesskit_node_builder(field, |node| {
        node.set_description(text);
    });
    ui.ctx().accesskit_node_builder(label.id, |node| {
        node.set_hidden();
    });
}

/// A list field of a step: its heading, the noun for one item, the items, and how to set them.
type ListField<'a> = (
    &'static str,
    &'static str,
    &'a Vec<String>,
    fn(Vec<String>) -> StepValue,
);

#[expect(
    clippy::too_many_lines,
    reason = "the step's fields top to bottom, as the panel shows them"
)]
fn step_ui(ui: &mut Ui, step: &Step, focus_title: bool, actions: &mut Vec<Action>) -> egui::Id {
    let set = |value| Action::Edit(builders::set_step(&step.id, value));
    ui.heading("Step");
    ui.add_space(4.0);

    let label_response = ui.label(RichText::new("Title").strong());
    let mut title = step.title.clone();
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut title)
                .desired_width(f32::INFINITY)
                .id_salt(("title", &step.id)),
        )
        .labelled_by(label_response.id);
    if focus_title {
        response.request_focus();
    }
    if response.lost_focus() {
        actions.push(Action::Seal);
    }
    if response.changed() && title != step.title {
        actions.push(set(StepValue::Title(title)));
    }
    let title_id = response.id;

    ui.add_space(6.0);
    let combo = ui
        .horizontal(|ui| {
            let label = ui.label(RichText::new("Stage").strong());
            let (chosen, combo) = stage_combo(ui, ("stage", &step.id), step.stage, label.id);
            if let Some(stage) = chosen {
                actions.push(set(StepValue::Stage(stage)));
            }
            combo
        })
        .inner;
    described_hint(ui, step.stage.description(), combo);

    ui.add_space(6.0);
    let label_response = ui.label(RichText::new("Emotion").strong());
    let mut value = i32::from(step.emotion.value());
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
        .labelled_by(label_response.id)
        .on_hover_text("How the customer feels here, from very unhappy (−2) to delighted (+2)");
    if response.changed()
        && let Some(emotion) = Emotion::new(i64::from(value))
        && emotion != step.emotion
    {
        actions.push(set(StepValue::Emotion(emotion)));
    }
    if response.drag_stopped() || (response.changed() && !response.dragged()) {
        actions.push(Action::Seal);
    }

    ui.add_space(6.0);
    if let Some(notes) = text_field(
        ui,
        "Notes",
        "What happens here?",
        &step.notes,
        true,
        actions,
    ) {
        actions.push(set(StepValue::Notes(notes)));
    }

    let lists: [ListField<'_>; 4] = [
        ("Channels", "channel", &step.channels, StepValue::Channels),
        (
            "Touchpoints",
            "touchpoint",
            &step.touchpoints,
            StepValue::Touchpoints,
        ),
        (
            "Pain points",
            "pain point",
            &step.pain_points,
            StepValue::PainPoints,
        ),
        (
            "Opportunities",
            "opportunity",
            &step.opportunities,
            StepValue::Opportunities,
        ),
    ];
    for (title, noun, items, make) in lists {
        ui.add_space(6.0);
        ui.push_id((title, &step.id), |ui| {
            if let Some((new, structural)) = list_ui(ui, title, noun, items, actions) {
                // Adding or removing an item is its own undo step; typing in one merges.
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
    title_id
}

/// The step's numbers for the simulation, and a warning when its links and stay add up to
/// more than 1.
fn step_numbers_ui(ui: &mut Ui, doc: &Document, step: &Step, actions: &mut Vec<Action>) {
    let set = |value| Action::Edit(builders::set_step(&step.id, value));
    ui.add_space(10.0);
    ui.label(RichText::new("The loop in numbers").heading().size(16.0));
    hint(ui, "Per period, for the Simulation panel.");
    let total = step.stay.unwrap_or(0.0)
        + doc
            .links()
            .iter()
            .filter(|l| l.from == step.id)
            .filter_map(|l| l.rate)
            .sum::<f64>();
    if total > 1.0 + crate::model::TOLERANCE {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Links out of this step and its stay add up to {}; at most 1. The simulation \
                 runs once this is fixed.",
                short_number(total)
            ),
        );
    }
    if step.stage == Stage::Tell || step.reach.is_some() {
        ui.add_space(4.0);
        if let Some(v) = number_field(ui, "Reach", step.reach, 1000.0, false, actions) {
            actions.push(set(StepValue::Reach(v.0)));
        }
        hint(
            ui,
            if step.stage == Stage::Tell {
                "People brought in here by marketing per period."
            } else {
                "Only tell steps bring people in; this reach is not used."
            },
        );
    }
    ui.add_space(4.0);
    if let Some(v) = number_field(ui, "Stay", step.stay, 0.5, true, actions) {
        actions.push(set(StepValue::Stay(v.0)));
    }
    hint(
        ui,
        "The share of the people here who stay for the next period.",
    );
    ui.add_space(4.0);
    if let Some(v) = number_field(ui, "Referrals", step.referrals, 0.1, false, actions) {
        actions.push(set(StepValue::Referrals(v.0)));
    }
    hint(
        ui,
        "New people each person here brings per period by word of mouth.",
    );
}

/// The heading of a run's figures: which scenario, over how many periods.
fn figures_heading(ui: &mut Ui, outcome: &Outcome) {
    ui.add_space(10.0);
    ui.label(RichText::new("In the simulation").heading().size(16.0));
    hint(
        ui,
        &format!(
            "Scenario \"{}\" over {} periods, as the Simulation panel shows it.",
            outcome.scenario,
            outcome.run.periods.len()
        ),
    );
}

/// Rows of a figure's name and its value.
fn figures_grid(ui: &mut Ui, id: &str, rows: &[(&str, String)]) {
    egui::Grid::new(id).num_columns(2).show(ui, |ui| {
        for (name, value) in rows {
            ui.label(*name);
            ui.label(RichText::new(value).strong());
            ui.end_row();
        }
    });
}

/// What the current run says of a step: who is there at the end, who moved on, who was
/// lost there.
fn step_figures_ui(ui: &mut Ui, doc: &Document, step: &Step, outcome: &Outcome) {
    let Some(i) = doc.step_position(&step.id) else {
        return;
    };
    let run = &outcome.run;
    let entered = run.periods.last().map_or(run.seed, |p| p.reached);
    let lost = run.lost_at_step.get(i).copied().unwrap_or(0.0);
    let moved_on: f64 = doc
        .links()
        .iter()
        .zip(&run.flow)
        .filter(|(l, _)| l.from == step.id)
        .map(|(_, flow)| flow)
        .sum();
    let share = if entered > 0.0 { lost / entered } else { 0.0 };
    figures_heading(ui, outcome);
    figures_grid(
        ui,
        "step-figures",
        &[
            (
                "Here at the end",
                people(run.at_end.get(i).copied().unwrap_or(0.0)),
            ),
            ("Moved on along links", people(moved_on)),
            (
                "Lost here",
                format!(
                    "{} ({} of everyone reached)",
                    people(lost),
                    super::canvas::leak_percent(share as f32)
                ),
            ),
        ],
    );
}

/// What the current run says of a link: how many people moved along it.
fn link_figures_ui(ui: &mut Ui, doc: &Document, link: &Link, outcome: &Outcome) {
    let Some(k) = doc.link_position(&link.id) else {
        return;
    };
    let moved = outcome.run.flow.get(k).copied().unwrap_or(0.0);
    figures_heading(ui, outcome);
    figures_grid(ui, "link-figures", &[("Moved along it", people(moved))]);
}

/// A number of people, rounded for reading ("12,345 people", "0.4 people").
fn people(n: f64) -> String {
    if n >= 10.0 {
        format!("{} people", thousands(n.round() as u64))
    } else {
        format!("{} people", short_number((n * 10.0).round() / 10.0))
    }
}

/// A new value of an optional number: `None` clears it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct NewNumber(Option<f64>);

/// An optional number: a check box to set or clear it and, when set, a value to drag or
/// type (a share in percent when `share`). Returns the new value when it changed.
fn number_field(
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
        let response = if share {
            let mut percent = x * 100.0;
            let r = ui.add(
                egui::DragValue::new(&mut percent)
                    .range(0.0..=100.0)
                    .speed(0.5)
                    .suffix(" %"),
            );
            if r.changed() {
                result = Some(NewNumber(Some((percent / 100.0).clamp(0.0, 1.0))));
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
                result = Some(NewNumber(Some(v.max(0.0))));
            }
            r
        };
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::SpinButton, true, format!("{label} value"))
        });
        if response.drag_stopped() || response.lost_focus() {
            actions.push(Action::Seal);
        }
    });
    result.filter(|v| v.0 != value)
}

/// Edits a list of short texts: each item editable and removable, and an add button.
/// Returns the new list and whether an item was added or removed (rather than edited).
fn list_ui(
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

fn stage_combo(
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

fn many_steps_ui(
    ui: &mut Ui,
    doc: &Document,
    selection: &Selection,
    stages: &BTreeSet<Stage>,
    actions: &mut Vec<Action>,
) {
    let count = selection.steps.len();
    ui.heading(format!("{count} steps selected"));
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Stage").strong());
        let current = if stages.len() == 1 {
            stages.first().copied()
        } else {
            None
        };
        let mut chosen = None;
        egui::ComboBox::from_id_salt("many-stage")
            .selected_text(current.map_or("(several)", Stage::label))
            .show_ui(ui, |ui| {
                for stage in Stage::ALL {
                    let text = RichText::new(stage.label()).color(theme::stage_color(stage));
                    if ui.selectable_label(Some(stage) == current, text).clicked() {
                        chosen = Some(stage);
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if let Some(stage) = chosen {
            actions.push(Action::Edit(change_stage(doc, &selection.steps, stage)));
        }
    });
    ui.add_space(6.0);
    if ui.button(format!("Delete {count} steps")).clicked() {
        actions.push(Action::Edit(builders::remove(&selection.steps, None)));
    }
    hint(
        ui,
        "Drag any selected card to move them all; shift-click to add or remove one.",
    );
}

fn link_ui(
    ui: &mut Ui,
    ctx: &ViewContext<'_>,
    link: &Link,
    focus: bool,
    actions: &mut Vec<Action>,
) -> egui::Id {
    let doc = ctx.doc;
    let set = |value| Action::Edit(builders::set_link(&link.id, value));
    let title = |id: &str| {
        doc.step(id)
            .map_or_else(|| id.to_owned(), |s| s.title.clone())
    };
    ui.heading("Link");
    ui.label(format!("From {} to {}", title(&link.from), title(&link.to)));
    ui.add_space(6.0);
    let (label, first) = text_field_id(
        ui,
        "Label",
        "what moves people along",
        None,
        &link.label,
        false,
        focus,
        actions,
    );
    if let Some(label) = label {
        actions.push(set(LinkValue::Label(label)));
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Rate").strong());
    hint(
        ui,
        "The share of customers who move along this link per period.",
    );
    let mut known = link.rate.is_some();
    if ui.checkbox(&mut known, "Rate known").changed() {
        actions.push(Action::Seal);
        actions.push(set(LinkValue::Rate(known.then_some(0.5))));
        actions.push(Action::Seal);
    }
    if let Some(rate) = link.rate {
        let mut percent = rate * 100.0;
        let response = ui.add(
            egui::Slider::new(&mut percent, 0.0..=100.0)
                .suffix(" %")
                .text("Rate"),
        );
        if response.changed() && (percent / 100.0 - rate).abs() > f64::EPSILON {
            actions.push(set(LinkValue::Rate(Some(
                (percent / 100.0).clamp(0.0, 1.0),
            ))));
        }
        if response.drag_stopped() || (response.changed() && !response.dragged()) {
            actions.push(Action::Seal);
        }
    }
    if let Some(outcome) = ctx.simulated {
        link_figures_ui(ui, doc, link, outcome);
    }
    ui.add_space(10.0);
    if ui.button("Delete link").clicked() {
        actions.push(Action::Edit(builders::remove(
            &BTreeSet::new(),
            Some(&link.id),
        )));
    }
    first
}

#[expect(
    clippy::too_many_lines,
    reason = "the journey's frame top to bottom, as the panel shows them"
)]
fn journey_ui(ui: &mut Ui, doc: &Document, focus: bool, actions: &mut Vec<Action>) -> egui::Id {
    let set = |value| Action::Edit(builders::set_frame(value));
    ui.heading("Journey");
    hint(
        ui,
        "Select a step or a link to edit it; this is the frame around the whole journey.",
    );
    ui.add_space(6.0);
    let (title, first) = text_field_id(
        ui,
        "Journey title",
        "name this journey",
        None,
        &doc.title,
        false,
        focus,
        actions,
    );
    if let Some(v) = title {
        actions.push(set(FrameValue::Title(v)));
    }
    ui.add_space(6.0);
    if let Some(v) = described_text_field(
        ui,
        "Core narrative",
        "the better world behind what we do",
        Some("Not \"we rent hotel rooms\" but \"we help families enjoy meaningful holidays\"."),
        &doc.core_narrative,
        true,
        actions,
    ) {
        actions.push(set(FrameValue::CoreNarrative(v)));
    }

    ui.add_space(10.0);
    ui.label(RichText::new("Customer problems").heading().size(16.0));
    let problems = [
        (
            &doc.problems.external,
            FrameValue::External as fn(String) -> FrameValue,
        ),
        (&doc.problems.internal, FrameValue::Internal),
        (&doc.problems.philosophical, FrameValue::Philosophical),
    ];
    for ((value, make), (name, meaning)) in problems.into_iter().zip(crate::model::Problems::HINTS)
    {
        ui.add_space(4.0);
        if let Some(v) = described_text_field(ui, name, "", Some(meaning), value, true, actions) {
            actions.push(set(make(v)));
        }
    }

    ui.add_space(10.0);
    ui.label(
        RichText::new("Minimum viable audience")
            .heading()
            .size(16.0),
    );
    ui.add_space(4.0);
    if let Some(v) = text_field(
        ui,
        "Who it is for",
        "it is not for everyone",
        &doc.audience.description,
        true,
        actions,
    ) {
        actions.push(set(FrameValue::AudienceDescription(v)));
    }
    ui.add_space(4.0);
    ui.label(RichText::new("How many they are").strong());
    ui.horizontal(|ui| {
        let mut known = doc.audience.size.is_some();
        if ui
            .checkbox(&mut known, "Known")
            .on_hover_text("Whether you know the audience's size")
            .changed()
        {
            actions.push(set(FrameValue::AudienceSize(known.then_some(1000))));
            actions.push(Action::Seal);
        }
        if let Some(size) = doc.audience.size {
            let mut value = size;
            let response = ui.add(
                egui::DragValue::new(&mut value)
                    .range(0..=AUDIENCE_MAX)
                    .clamp_existing_to_range(false)
                    .suffix(" people"),
            );
            // Named by what it is, not by its suffix; the reader hears the unit and range.
            ui.ctx().accesskit_node_builder(response.id, |node| {
                node.set_label("Audience size");
                node.set_description("people; big enough to sustain the business");
                node.set_max_numeric_value(AUDIENCE_MAX as f64);
            });
            if response.changed() && value != size {
                actions.push(set(FrameValue::AudienceSize(Some(value))));
            }
            if response.drag_stopped() || response.lost_focus() {
                actions.push(Action::Seal);
            }
        }
    });
    hint(ui, "Big enough to sustain the business.");
    ui.add_space(4.0);
    if let Some(v) = text_field(
        ui,
        "What makes it unique",
        "why them, why us",
        &doc.audience.uniqueness,
        true,
        actions,
    ) {
        actions.push(set(FrameValue::Uniqueness(v)));
    }

    ui.add_space(10.0);
    ui.label(RichText::new("Desires it serves").heading().size(16.0));
    for desire in Desire::ALL {
        let mut on = doc.audience.desires.contains(desire);
        if ui.checkbox(&mut on, desire.label()).changed() {
            actions.push(Action::Seal);
            actions.push(set(FrameValue::Desires(
                doc.audience.desires.with(desire, on),
            )));
            actions.push(Action::Seal);
        }
    }
    first
}
