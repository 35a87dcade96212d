//! The right-hand panel: the selected step (with its service blueprint, metrics and the
//! step to be), the selected link, the selected opportunity, or the journey's marketing frame
//! when nothing is selected. Every change is returned as an [`crate::model::Edit`].

mod blueprint;
mod events;
mod fields;
mod figures;
mod journey;
mod link;
mod opportunity;
pub mod personas;
mod step;

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use self::fields::hint;
use self::figures::step_figures_ui;
use self::journey::journey_ui;
use self::link::link_ui;
use self::step::{step_money_ui, step_numbers_ui, step_ui};
use super::Action;
use super::theme;
use super::view::ViewContext;
use crate::model::builders;
use crate::model::builders::change_stage;
use crate::model::{Document, RevisionCache, Selection, Stage};

/// What the inspector keeps between frames: the stages of a multiple selection, worked out
/// once per change of the journey or the selection rather than every frame.
#[derive(Clone, Debug, Default)]
pub struct InspectorState {
    /// The stages among the selected steps, by (document revision, selection revision).
    stages: RevisionCache<BTreeSet<Stage>, (u64, u64)>,
    /// What is typed in the selected step's events that the journey cannot take yet.
    events: events::EventsDraft,
    /// The first text field shown in the last frame (the step's title, the link's label,
    /// the journey's title): Tab from the canvas goes there and shift+Tab there goes back.
    pub first_field: Option<egui::Id>,
}

impl InspectorState {
    fn stages(&mut self, ctx: &ViewContext<'_>) -> &BTreeSet<Stage> {
        let key = (ctx.doc.revision(), ctx.selection_revision);
        self.stages.get_with(key, |_| {
            ctx.selection
                .steps
                .iter()
                .filter_map(|id| ctx.doc.step(id))
                .map(|s| s.stage)
                .collect()
        })
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
            if let Some(o) = selection
                .opportunity
                .as_deref()
                .and_then(|id| doc.opportunity(id))
            {
                first = Some(opportunity::opportunity_ui(
                    ui,
                    ctx,
                    o,
                    focus_first,
                    actions,
                ));
            } else if let Some(step) = selection.single_step().and_then(|id| doc.step(id)) {
                first = Some(step_ui(ui, doc, step, focus_first, actions));
                blueprint::step_opportunities_ui(ui, doc, step, actions);
                personas::step_personas_ui(ui, doc, step, actions);
                step_numbers_ui(ui, doc, step, actions);
                events::step_events_ui(ui, doc, step, &mut state.events, actions);
                step_money_ui(ui, step, actions);
                if let Some(outcome) = ctx.simulated {
                    step_figures_ui(ui, doc, step, outcome);
                }
                blueprint::step_blueprint_ui(ui, step, actions);
                blueprint::step_metrics_ui(ui, step, actions);
                blueprint::step_to_be_ui(ui, step, actions);
            } else if selection.steps.len() > 1 {
                let stages = state.stages(ctx);
                many_steps_ui(ui, doc, selection, stages, actions);
            } else if let Some(link) = selection.link.as_deref().and_then(|id| doc.link(id)) {
                first = Some(link_ui(ui, ctx, link, focus_first, actions));
            } else {
                first = Some(journey_ui(ui, doc, ctx.simulated, focus_first, actions));
                ui.add_space(10.0);
                personas::personas_ui(ui, doc, actions);
            }
        });
    state.first_field = first;
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
