//! The selected opportunity: its title, description, status and scores, the steps it
//! improves, the change of the loop's numbers it would make, and what the simulation says
//! that change is worth.

use egui::{RichText, Ui};

use super::fields::{hint, number_drag, text_field_id};
use crate::layout::words::signed;
use crate::model::builders::{self, StepNumber, Target};
use crate::model::{Document, EFFORT_MAX, Opportunity, Selection, Status, VALUE_MAX, short_number};
use crate::simulation::report::signed_money_text;
use crate::ui::Action;
use crate::ui::view::ViewContext;

/// Pushes `edit` as an undo step of its own.
fn alone(actions: &mut Vec<Action>, edit: Option<crate::model::Edit>) {
    if let Some(edit) = edit {
        actions.push(Action::Seal);
        actions.push(Action::Edit(edit));
        actions.push(Action::Seal);
    }
}

/// A score as the user set it: a value, or `None` for not scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct NewScore(Option<u8>);

/// The opportunity panel; returns its first field's id.
pub(super) fn opportunity_ui(
    ui: &mut Ui,
    ctx: &ViewContext<'_>,
    o: &Opportunity,
    focus: bool,
    actions: &mut Vec<Action>,
) -> egui::Id {
    let doc = ctx.doc;
    let update = |change: &dyn Fn(&mut Opportunity)| {
        builders::update_opportunity(doc, &o.id, |o| change(o)).map(Action::Edit)
    };
    ui.heading("Opportunity");
    ui.add_space(4.0);
    let (title, first) = text_field_id(
        ui,
        "Opportunity title",
        "what would make the journey better",
        None,
        &o.title,
        false,
        focus,
        actions,
    );
    if let Some(title) = title {
        actions.extend(update(&|o| o.title.clone_from(&title)));
    }
    ui.add_space(6.0);
    let (description, _) = text_field_id(
        ui,
        "Description",
        "what it is, in full",
        None,
        &o.description,
        true,
        false,
        actions,
    );
    if let Some(description) = description {
        actions.extend(update(&|o| o.description.clone_from(&description)));
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Status").strong());
        let mut status = o.status;
        egui::ComboBox::from_id_salt(("status", &o.id))
            .selected_text(status.label())
            .show_ui(ui, |ui| {
                for s in Status::ALL {
                    ui.selectable_value(&mut status, s, s.label());
                }
            })
            .response
            .labelled_by(label.id);
        if status != o.status {
            alone(actions, builders::set_status(doc, &o.id, status));
        }
    });

    ui.add_space(10.0);
    ui.label(RichText::new("Scores").heading().size(16.0));
    for (name, value, max) in [
        ("Customer value", o.customer_value, VALUE_MAX),
        ("Business value", o.business_value, VALUE_MAX),
        ("Effort", o.effort, EFFORT_MAX),
    ] {
        if let Some(NewScore(new)) = score_ui(ui, name, value, max, actions) {
            let (mut c, mut b, mut e) = (o.customer_value, o.business_value, o.effort);
            match name {
                "Customer value" => c = new,
                "Business value" => b = new,
                _ => e = new,
            }
            actions.extend(builders::score(doc, &o.id, c, b, e).map(Action::Edit));
        }
    }
    impact_ui(ui, ctx, o);

    ui.add_space(10.0);
    steps_ui(ui, doc, o, actions);
    ui.add_space(10.0);
    change_ui(ui, doc, o, actions);
    ui.add_space(10.0);
    if ui.button("Delete opportunity").clicked()
        && let Some((edit, _)) = builders::remove_opportunity(doc, &o.id)
    {
        alone(actions, Some(edit));
        actions.push(Action::Select(Selection::none()));
    }
    first
}

/// A score: a check box to set or clear it and, when set, a slider; the new value when it
/// changed.
fn score_ui(
    ui: &mut Ui,
    name: &str,
    value: Option<u8>,
    max: u8,
    actions: &mut Vec<Action>,
) -> Option<NewScore> {
    let mut result = None;
    ui.horizontal(|ui| {
        let mut scored = value.is_some();
        if ui
            .checkbox(&mut scored, name)
            .on_hover_text(format!(
                "Whether the opportunity's {} is scored",
                name.to_lowercase()
            ))
            .changed()
        {
            actions.push(Action::Seal);
            result = Some(NewScore(scored.then_some(max / 2)));
        }
        if let Some(v) = value {
            let mut x = v;
            let response = ui.add(egui::Slider::new(&mut x, 0..=max));
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Slider, true, format!("{name} score"))
            });
            if response.changed() && x != v {
                result = Some(NewScore(Some(x)));
            }
            if response.drag_stopped() || (response.changed() && !response.dragged()) {
                actions.push(Action::Seal);
            }
        }
    });
    result
}

/// What the simulation says the change is worth, beside the value ÷ effort score.
fn impact_ui(ui: &mut Ui, ctx: &ViewContext<'_>, o: &Opportunity) {
    ui.add_space(6.0);
    let score = o
        .value_per_effort()
        .map_or_else(|| "–".to_owned(), |x| format!("{x:.1}"));
    ui.label(format!("Value ÷ effort: {score}"))
        .on_hover_text("The mean of the customer and business values per unit of effort");
    let Some(impacts) = ctx.impacts else {
        ui.label(RichText::new("Computing its impact…").weak());
        return;
    };
    if let Some(refusal) = impacts.refusal(&o.id) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Its change cannot be run: {refusal}"),
        );
        return;
    }
    let Some(impact) = impacts.of(&o.id) else {
        return;
    };
    let text = format!(
        "Impact: {} purchases over {} periods",
        signed(impact.extra_purchases),
        impacts.periods
    );
    let label = ui.label(RichText::new(&text).strong()).on_hover_text(
        "The journey run with this opportunity's change against the journey as drawn, over \
             the Simulation panel's periods",
    );
    label.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
    if impact.extra_reached.abs() > 1e-9 {
        ui.label(format!("{} people reached", signed(impact.extra_reached)));
    }
    if let Some(cash) = impact.extra_discounted_cash {
        let text = format!("Extra discounted cash: {}", signed_money_text(cash));
        let label = ui.label(&text).on_hover_text(
            "Discounted cash at the end of the run with the change, minus as drawn: each \
             period's profit discounted at the journey's rate",
        );
        label.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
    }
    let per_effort = impact
        .per_effort(o.effort)
        .map_or_else(|| "–".to_owned(), |x| format!("{} purchases", signed(x)));
    ui.label(format!("Impact ÷ effort: {per_effort}"));
    if o.change.is_empty() {
        hint(
            ui,
            "Give it a change below (a link's rate up, a stay down…) to see what it is worth.",
        );
    }
}

/// The steps the opportunity improves: each one to select or unlink, and a list to link
/// another.
fn steps_ui(ui: &mut Ui, doc: &Document, o: &Opportunity, actions: &mut Vec<Action>) {
    ui.label(RichText::new("Steps it improves").heading().size(16.0));
    for id in &o.steps {
        let title = doc.step(id).map_or(id.as_str(), |s| s.title.as_str());
        ui.horizontal(|ui| {
            let remove = ui.small_button("Unlink");
            remove.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Unlink step {title}"))
            });
            if remove.clicked() {
                alone(actions, builders::link_step(doc, &o.id, id, false));
            }
            ui.label(title);
        });
    }
    let label = ui.label("Link a step");
    egui::ComboBox::from_id_salt(("link-step", &o.id))
        .selected_text("choose…")
        .show_ui(ui, |ui| {
            for step in doc.steps().iter().filter(|s| !o.steps.contains(&s.id)) {
                if ui.selectable_label(false, step.title.as_str()).clicked() {
                    alone(actions, builders::link_step(doc, &o.id, &step.id, true));
                }
            }
        })
        .response
        .labelled_by(label.id);
}

/// Every number the change could override in `doc`, named for a list: the rates of links,
/// then the steps' numbers. The opportunity's own steps and their links come first.
fn targets(doc: &Document, o: &Opportunity) -> Vec<(Target, String)> {
    let title = |id: &str| doc.step(id).map_or(id.to_owned(), |s| s.title.clone());
    let mine = |id: &str| o.steps.iter().any(|s| s == id);
    let mut links: Vec<(bool, Target, String)> = doc
        .links()
        .iter()
        .map(|l| {
            (
                mine(&l.from) || mine(&l.to),
                Target::Rate(l.id.clone()),
                format!("Rate from {} to {}", title(&l.from), title(&l.to)),
            )
        })
        .collect();
    let mut steps: Vec<(bool, Target, String)> = doc
        .steps()
        .iter()
        .flat_map(|s| {
            StepNumber::ALL
                .into_iter()
                .filter(|n| n.applies_to(s.stage))
                .map(|n| {
                    (
                        mine(&s.id),
                        Target::Step(s.id.clone(), n),
                        format!("{} at {}", n.label(), title(&s.id)),
                    )
                })
        })
        .collect();
    // The opportunity's own first, each list in file order.
    links.sort_by_key(|(own, _, _)| !*own);
    steps.sort_by_key(|(own, _, _)| !*own);
    links
        .into_iter()
        .chain(steps)
        .map(|(_, t, name)| (t, name))
        .collect()
}

/// The value `target` has in the journey as drawn (0 where unset), and whether it is a share.
fn drawn(doc: &Document, target: &Target) -> (f64, bool) {
    match target {
        Target::Rate(id) => (doc.link(id).and_then(|l| l.rate).unwrap_or(0.0), true),
        Target::Step(id, n) => (
            doc.step(id).and_then(|s| n.drawn(s)).unwrap_or(0.0),
            n.is_share(),
        ),
    }
}

/// The change: each number it overrides, as drawn and as it would be, and a list to add
/// another.
fn change_ui(ui: &mut Ui, doc: &Document, o: &Opportunity, actions: &mut Vec<Action>) {
    ui.label(RichText::new("What it changes").heading().size(16.0));
    hint(
        ui,
        "The loop's numbers this opportunity would move; the simulation runs them against the \
         journey as drawn.",
    );
    let names = targets(doc, o);
    let name_of = |t: &Target| {
        names
            .iter()
            .find(|(target, _)| target == t)
            .map_or_else(String::new, |(_, n)| n.clone())
    };
    for (target, value) in builders::overrides(&o.change) {
        let name = name_of(&target);
        let (now, share) = drawn(doc, &target);
        ui.horizontal(|ui| {
            let remove = ui.small_button("Remove");
            remove.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Remove change of {name}"),
                )
            });
            if remove.clicked() {
                alone(actions, builders::set_change(doc, &o.id, &target, None));
            }
            ui.label(&name);
        });
        ui.horizontal(|ui| {
            ui.label(format!("from {} to", shown(now, share)));
            let mut edits = Vec::new();
            if let Some(new) =
                number_drag(ui, value, share, &format!("{name}, changed to"), &mut edits)
            {
                actions
                    .extend(builders::set_change(doc, &o.id, &target, Some(new)).map(Action::Edit));
            }
            actions.extend(edits);
        });
    }
    let label = ui.label("Add a change");
    egui::ComboBox::from_id_salt(("add-change", &o.id))
        .selected_text("choose a number…")
        .height(320.0)
        .show_ui(ui, |ui| {
            for (target, name) in &names {
                if builders::override_of(&o.change, target).is_some() {
                    continue;
                }
                if ui.selectable_label(false, name).clicked() {
                    let (now, _) = drawn(doc, target);
                    alone(actions, builders::set_change(doc, &o.id, target, Some(now)));
                }
            }
        })
        .response
        .labelled_by(label.id);
}

/// A number as drawn: a share in percent, a count as it is.
fn shown(x: f64, share: bool) -> String {
    if share {
        format!("{} %", short_number((x * 1000.0).round() / 10.0))
    } else {
        short_number(x)
    }
}
