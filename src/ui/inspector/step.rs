//! The selected step: its title, stage, emotion, notes and lists, and its numbers for the
//! simulation.

use egui::{RichText, Ui};

use super::fields::{described_hint, hint, list_ui, number_field, stage_combo, text_field};
use crate::model::builders;
use crate::model::{Document, Emotion, Stage, Step, StepMoney, StepValue, short_number};
use crate::ui::Action;

/// A list field of a step: its heading, the noun for one item, the items, and how to set them.
pub(super) type ListField<'a> = (
    &'static str,
    &'static str,
    &'a Vec<String>,
    fn(Vec<String>) -> StepValue,
);

#[expect(
    clippy::too_many_lines,
    reason = "the step's fields top to bottom, as the panel shows them"
)]
pub(super) fn step_ui(
    ui: &mut Ui,
    doc: &Document,
    step: &Step,
    focus_title: bool,
    actions: &mut Vec<Action>,
) -> egui::Id {
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
                let one = std::collections::BTreeSet::from([step.id.clone()]);
                actions.push(Action::Edit(builders::change_stage(doc, &one, stage)));
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
pub(super) fn step_numbers_ui(ui: &mut Ui, doc: &Document, step: &Step, actions: &mut Vec<Action>) {
    let set = |value| Action::Edit(builders::set_step(&step.id, value));
    ui.add_space(10.0);
    ui.label(RichText::new("The loop in numbers").heading().size(16.0));
    hint(ui, "Per period, for the Simulation panel.");
    let total = step.stay.unwrap_or(0.0)
        + doc
            .links()
            .iter()
            .filter(|l| l.from == step.id && !l.referral)
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

/// A money field: its label, where it lives, the value a tick gives it, whether it is a
/// share, and what it means.
type Field = (
    &'static str,
    fn(&mut StepMoney) -> &mut Option<f64>,
    f64,
    bool,
    &'static str,
);

/// A step's money: what a person here earns and costs per period, a buy step's price, a tell
/// step's marketing.
pub(super) fn step_money_ui(ui: &mut Ui, step: &Step, actions: &mut Vec<Action>) {
    let money = *step.money;
    let set = |money| Action::Edit(builders::set_step(&step.id, StepValue::Money(money)));
    ui.add_space(10.0);
    ui.label(RichText::new("Money").heading().size(16.0));
    hint(
        ui,
        "Per person here per period; the Simulation panel adds it up.",
    );
    let mut fields: Vec<Field> = vec![
        (
            "Revenue",
            |m| &mut m.revenue,
            10.0,
            false,
            "What each person here pays per period (a subscription fee).",
        ),
        (
            "Cost",
            |m| &mut m.cost,
            1.0,
            false,
            "What each person here costs per period (a care agent's time).",
        ),
    ];
    if step.stage == Stage::Buy {
        fields.push((
            "Price",
            |m| &mut m.price,
            10.0,
            false,
            "This buy step's price per purchase, instead of the journey's.",
        ));
    }
    if step.stage == Stage::Tell {
        fields.push((
            "Cost per reach",
            |m| &mut m.cost_per_reach,
            1.0,
            false,
            "What marketing pays per person it reaches here.",
        ));
        fields.push((
            "Budget",
            |m| &mut m.budget,
            1000.0,
            false,
            "Marketing money per period; reach is then spend ÷ cost per reach.",
        ));
        fields.push((
            "Budget share",
            |m| &mut m.budget_share,
            0.1,
            true,
            "A share of last period's revenue added to marketing's spend.",
        ));
    }
    for (label, field, default, share, what) in fields {
        let mut changed = money;
        let value = *field(&mut changed);
        ui.add_space(4.0);
        if let Some(v) = number_field(ui, label, value, default, share, actions) {
            *field(&mut changed) = v.0;
            // A budget needs a cost per reach to turn spend into people.
            if changed.has_budget() && !changed.cost_per_reach.is_some_and(|c| c > 0.0) {
                changed.cost_per_reach = Some(1.0);
            }
            actions.push(set(changed));
        }
        hint(ui, what);
    }
}
