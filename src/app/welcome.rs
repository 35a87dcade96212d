//! The welcome over the template at the first start: what the service loop is, the three
//! ways to add a step, and where the map and the simulation are. Help › Getting started
//! shows it again.

use egui::{RichText, Ui};

use crate::model::Stage;
use crate::ui::commands::Command;
use crate::ui::theme;

/// The welcome's heading, which also names its window for a screen reader.
pub(super) const HEADING: &str = "Welcome to Journey Designer";

/// How wide the welcome's text runs.
const WIDTH: f32 = 470.0;

/// Draws the welcome; returns `true` once the user has closed it (its button, Escape or a
/// click beside it).
pub(super) fn welcome_ui(ctx: &egui::Context) -> bool {
    let mut close = false;
    let response = egui::Modal::new(egui::Id::unique("welcome")).show(ctx, |ui| {
        ui.set_max_width(WIDTH);
        // A screen reader hears a dialog named by its heading.
        ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
            node.set_role(egui::accesskit::Role::Dialog);
            node.set_label(HEADING);
        });
        ui.heading(HEADING);
        ui.add_space(6.0);
        loop_ui(ui);
        ui.add_space(6.0);
        ui.label(
            "A journey here runs round the service loop: you tell people that your product \
             solves their problem, they buy, they experience it, care fixes what goes wrong, \
             they are delighted, and their word of mouth brings their friends back to tell. \
             The loop behind this window is a template to start from.",
        );
        section(ui, "Add a step in three ways");
        for way in [
            "A coloured + Stage button in the toolbar, such as + Tell",
            "Double-click empty space on the canvas",
            "Right-click the canvas, then Add",
        ] {
            ui.label(format!("•  {way}"));
        }
        ui.label("Then drag from a card's round handle onto another card to link the two.");
        section(ui, "See it another way");
        ui.label(format!(
            "•  View › Journey map ({}): the stages as columns; emotions, channels, \
             touchpoints, pain points and opportunities as lanes.",
            Command::ShowMap.shortcut_text(ctx)
        ));
        ui.label(
            "•  View › Simulation panel: the loop in numbers: whom you reach, who buys, and \
             where the journey leaks.",
        );
        ui.add_space(6.0);
        ui.label(
            RichText::new(format!(
                "Help › Getting started shows this again; Help › Keyboard shortcuts ({}) lists \
                 every shortcut.",
                Command::ShowShortcuts.shortcut_text(ctx)
            ))
            .weak(),
        );
        ui.add_space(8.0);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            let start = ui
                .button(RichText::new("Start drawing").strong())
                .on_hover_text("Close this and work on the journey behind it");
            if start.clicked() {
                close = true;
            }
        });
    });
    close || response.should_close()
}

/// The six stages in their colours, round to the start again.
fn loop_ui(ui: &mut Ui) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for stage in Stage::ALL {
            ui.label(
                RichText::new(format!(" {} ", stage.label()))
                    .color(theme::on_stage_color())
                    .background_color(theme::stage_color(stage))
                    .strong(),
            )
            .on_hover_text(stage.description());
            // The arrows are for the eye; a screen reader reads the stages in order.
            let arrow = ui.weak("›");
            ui.ctx()
                .accesskit_node_builder(arrow.id, egui::accesskit::Node::set_hidden);
        }
        ui.weak("back to Tell");
    });
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(title).strong());
}
