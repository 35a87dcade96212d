//! What the current run of the simulation says of the selected step or link.

use egui::{RichText, Ui};

use super::fields::hint;
use crate::layout::words::thousands;
use crate::model::{Document, Link, Step, short_number};
use crate::simulation::Outcome;

/// The heading of a run's figures: which scenario, over how many periods.
pub(super) fn figures_heading(ui: &mut Ui, outcome: &Outcome) {
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
pub(super) fn figures_grid(ui: &mut Ui, id: &str, rows: &[(&str, String)]) {
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
pub(super) fn step_figures_ui(ui: &mut Ui, doc: &Document, step: &Step, outcome: &Outcome) {
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
                    crate::ui::canvas::leak_percent(share as f32)
                ),
            ),
        ],
    );
}

/// What the current run says of a link: how many people moved along it.
pub(super) fn link_figures_ui(ui: &mut Ui, doc: &Document, link: &Link, outcome: &Outcome) {
    let Some(k) = doc.link_position(&link.id) else {
        return;
    };
    let moved = outcome.run.flow.get(k).copied().unwrap_or(0.0);
    figures_heading(ui, outcome);
    figures_grid(ui, "link-figures", &[("Moved along it", people(moved))]);
}

/// A number of people, rounded for reading ("12,345 people", "0.4 people").
pub(super) fn people(n: f64) -> String {
    if n >= 10.0 {
        format!("{} people", thousands(n.round() as u64))
    } else {
        format!("{} people", short_number((n * 10.0).round() / 10.0))
    }
}
