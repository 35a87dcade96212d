//! The window's layout each frame: menu bar, toolbar, status bar, the inspector, the
//! Simulation and find panels around the view in the middle, then the dialogs; the actions
//! they return are carried out after the drawing.

use egui::Ui;

use super::App;
use super::session::Session;
use crate::ui::Action;
use crate::ui::canvas;
use crate::ui::find;
use crate::ui::inspector;
use crate::ui::map;
use crate::ui::opportunities;
use crate::ui::simulation;
use crate::ui::view::{ViewContext, ViewKind, ViewSettings};

impl App {
    /// Draws the view shown in the central area and returns what it asks for.
    pub(super) fn view_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let ctx = ViewContext {
            doc: self.session.document(),
            selection: self.session.selection(),
            selection_revision: self.session.selection_revision(),
            settings: &self.view_settings,
            found: if self.find.open {
                self.find.current_matches(self.session.document())
            } else {
                None
            },
            // The map's metrics lane shows the run's figures beside the measured ones.
            simulated: if self.show_simulation {
                self.simulation.current_outcome(self.session.document())
            } else {
                None
            },
            impacts: self
                .impacts
                .current(self.session.document(), self.simulation.periods),
        };
        match self.view {
            ViewKind::Canvas => canvas::canvas_ui(ui, &ctx, &mut self.canvas),
            ViewKind::Map => map::map_ui(ui, &ctx, &mut self.map),
            ViewKind::Opportunities => {
                opportunities::opportunities_ui(ui, &ctx, &mut self.opportunities)
            }
        }
    }
}

/// Gives the region `ui` fills a role and a name, so a screen reader can tell the panels
/// apart and jump between them.
fn name_region(ui: &Ui, role: egui::accesskit::Role, name: &str) {
    ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
        node.set_role(role);
        node.set_label(name);
    });
}

/// What a side panel (inspector, simulation, find) reads: the journey, the selection, the
/// settings and the opportunities' impacts, without the find panel's matches.
fn panel_context<'a>(
    session: &'a Session,
    settings: &'a ViewSettings,
    impacts: Option<&'a crate::simulation::Impacts>,
) -> ViewContext<'a> {
    ViewContext {
        doc: session.document(),
        selection: session.selection(),
        selection_revision: session.selection_revision(),
        settings,
        found: None,
        simulated: None,
        impacts,
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_dialog();
        // A filter on a persona the journey no longer has (removed, undone, another file)
        // shows everyone again.
        if let Some(p) = &self.view_settings.persona
            && self.session.document().persona(p).is_none()
        {
            self.view_settings.persona = None;
        }
        self.handle_dropped_files(&ctx);
        if !self.presentation_keys(&ctx) {
            self.handle_keyboard(&ctx);
        }
        self.poll_loading();
        self.poll_exporting();
        let wake = self.wake();
        self.impacts
            .update(self.session.document(), self.simulation.periods, &wake);
        let impacts = self
            .impacts
            .shared(self.session.document(), self.simulation.periods);
        let impacts = impacts.as_deref();

        // The window is named as its title bar names it (without the unsaved mark).
        let title = self.window_title();
        let dirty = self.is_dirty();
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
            node.set_label(title.trim_start_matches("● "));
            if dirty {
                node.set_description("unsaved changes");
            }
        });
        if self.is_presenting() {
            // Only the view: no menus, panels or status bar in front of the room.
            self.present_ui(ui);
            self.modal_ui(&ctx);
            self.finish_frame(&ctx);
            return;
        }
        let mut actions = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            name_region(ui, egui::accesskit::Role::MenuBar, "Menu bar");
            self.menu_bar_ui(ui, &mut actions);
        });
        egui::Panel::top("toolbar").show(ui, |ui| {
            name_region(ui, egui::accesskit::Role::Toolbar, "Toolbar");
            self.toolbar_ui(ui, &mut actions);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            name_region(ui, egui::accesskit::Role::Status, "Status bar");
            self.status_ui(ui);
        });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                name_region(ui, egui::accesskit::Role::Pane, "Inspector");
                let focus = std::mem::take(&mut self.focus_title);
                let mut view = panel_context(&self.session, &self.view_settings, impacts);
                if self.show_simulation {
                    view.simulated = self.simulation.current_outcome(view.doc);
                }
                inspector::inspector_ui(ui, &view, &mut self.inspector, focus, &mut actions);
            });
        if self.show_simulation {
            egui::Panel::bottom("simulation")
                .resizable(true)
                .default_size(340.0)
                .show(ui, |ui| {
                    let view = panel_context(&self.session, &self.view_settings, impacts);
                    simulation::simulation_ui(ui, &view, &mut self.simulation, &mut actions);
                });
        }
        // While the panel is open (and its "Flow on the canvas" is ticked), links are as
        // wide as the people moving along them and each step shows its leak.
        let flow = self.show_simulation && self.simulation.show_flow;
        let doc = self.session.document();
        (self.canvas.flow_widths, self.canvas.leaks) = if flow {
            (
                self.simulation.current_flow_widths(doc),
                self.simulation.current_leaks(doc),
            )
        } else {
            Default::default()
        };
        self.mark_off_observed();
        if self.find.open {
            egui::Panel::left("find")
                .resizable(true)
                .default_size(300.0)
                .show(ui, |ui| {
                    let view = panel_context(&self.session, &self.view_settings, impacts);
                    actions.extend(find::find_ui(ui, &view, &mut self.find));
                });
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                name_region(ui, egui::accesskit::Role::Pane, "Journey map");
                actions.extend(self.view_ui(ui));
            });
        self.calibration_ui(&ctx);
        self.modal_ui(&ctx);
        self.loading_ui(&ctx);
        self.handle(&ctx, actions);
        self.finish_frame(&ctx);
    }
}

impl App {
    /// With the scenario "observed" shown in the Simulation panel, the canvas marks the links
    /// drawn outside what the event log showed.
    fn mark_off_observed(&mut self) {
        let doc = self.session.document();
        // With the scenario "observed" shown in the panel, links drawn outside what the
        // event log showed are marked.
        let observed = self.show_simulation
            && self
                .simulation
                .ticked
                .contains(crate::model::builders::OBSERVED)
            && doc.scenario(crate::model::builders::OBSERVED).is_some();
        if !observed {
            self.canvas.off_observed = crate::model::RevisionCache::default();
        } else if !self.canvas.off_observed.is_current(doc) {
            self.canvas.off_observed = crate::model::RevisionCache::holding(
                doc.revision(),
                canvas::observed::off_observed(doc),
            );
        }
    }

    /// What every frame ends with: the close button, the recovery copy, the window title.
    fn finish_frame(&mut self, ctx: &egui::Context) {
        self.handle_close_request(ctx);
        if let Some(due) = self.session.keep_recovery() {
            ctx.request_repaint_after(due);
        }
        let title = self.window_title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }
}
