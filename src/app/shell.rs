//! The window's frame around the view: the menu bar (drawn from the command table), the
//! toolbar and the status bar.

use egui::{RichText, Ui};
use strum::IntoEnumIterator as _;

use super::App;
use super::pending::Pending;
use crate::model::builders;
use crate::model::{Selection, Stage};
use crate::ui::commands::{Command, Kind, Menu, Submenu};
use crate::ui::view::ViewKind;
use crate::ui::{Action, theme};

impl App {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if !egui::Popup::is_any_open(ui.ctx()) {
            // Recent files are checked on disk once each time the menu opens.
            self.files.recent_exists = None;
        }
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::iter() {
                ui.menu_button(menu.title(), |ui| {
                    for entry in menu.entries() {
                        match entry {
                            Some(command) => self.menu_entry_ui(ui, command, actions),
                            None => {
                                ui.separator();
                            }
                        }
                    }
                });
            }
        });
    }

    /// One menu entry from the command table: a button (naming what undo/redo would do), a
    /// check box, a radio choice, or the recent-files submenu.
    fn menu_entry_ui(&mut self, ui: &mut Ui, command: Command, actions: &mut Vec<Action>) {
        let history = self.session.history();
        let (text, enabled) = match command {
            Command::Undo => (
                history.undo_label().map(|l| format!("Undo {l}")),
                history.undo_label().is_some(),
            ),
            Command::Redo => (
                history.redo_label().map(|l| format!("Redo {l}")),
                history.redo_label().is_some(),
            ),
            _ => (None, true),
        };
        let text = text.unwrap_or_else(|| command.label().to_owned());
        let clicked = match command.kind() {
            Kind::Submenu(submenu) => {
                ui.menu_button(command.label(), |ui| match submenu {
                    Submenu::Bookmarks => self.bookmarks_ui(ui),
                    Submenu::RecentFiles => self.recent_ui(ui),
                });
                false
            }
            Kind::Toggle(toggle) => {
                let mut on = self.is_on(toggle);
                let response = ui
                    .checkbox(&mut on, text)
                    .on_hover_text(command.hover_text(ui.ctx()));
                announce_shortcut(ui, &response, command);
                response.changed()
            }
            Kind::Choice(choice) => {
                let response = ui
                    .radio(self.is_chosen(ui.ctx(), choice), text)
                    .on_hover_text(command.hover_text(ui.ctx()));
                announce_shortcut(ui, &response, command);
                response.clicked()
            }
            Kind::Action => {
                let name = text.clone();
                let shortcut =
                    (!command.shortcuts().is_empty()).then(|| command.shortcut_text(ui.ctx()));
                let mut button = egui::Button::new(text);
                if let Some(shortcut) = &shortcut {
                    button = button.shortcut_text(shortcut.as_str());
                }
                let response = ui
                    .add_enabled(enabled, button)
                    .on_hover_text(command.tooltip());
                // A screen reader names the entry by its command alone ("Delete", not
                // "Delete Delete"); the shortcut is the node's keyboard shortcut.
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::MenuItem, enabled, name.as_str())
                });
                announce_shortcut(ui, &response, command);
                response.clicked()
            }
        };
        if clicked {
            actions.push(Action::Command(command));
            if command.kind() == Kind::Action {
                ui.close();
            }
        }
    }

    fn recent_ui(&mut self, ui: &mut Ui) {
        if self.files.settings.recent.is_empty() {
            ui.label("No recent files");
            return;
        }
        let files = &mut self.files;
        let exists = files
            .recent_exists
            .get_or_insert_with(|| files.settings.recent.iter().map(|p| p.exists()).collect())
            .clone();
        let mut open = None;
        let mut forget = None;
        for (path, exists) in self.files.settings.recent.iter().zip(exists) {
            ui.horizontal(|ui| {
                let name = path.display().to_string();
                if exists {
                    if ui.button(name).clicked() {
                        open = Some(path.clone());
                        ui.close();
                    }
                } else {
                    ui.label(RichText::new(format!("{name} (missing)")).weak());
                    if named_small_button(ui, "Remove", &format!("Remove {name} from the list"))
                        .clicked()
                    {
                        forget = Some(path.clone());
                    }
                }
            });
        }
        ui.separator();
        if ui.button("Clear recent files").clicked() {
            self.files.settings.recent.clear();
            self.store_settings();
            ui.close();
        }
        if let Some(path) = forget {
            self.files.settings.forget(&path);
            self.store_settings();
        }
        if let Some(path) = open {
            self.request(Pending::OpenPath(path));
        }
    }

    pub(super) fn toolbar_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            ui.label("Add step:");
            for stage in Stage::ALL {
                let color = theme::stage_color(stage);
                let text = RichText::new(format!("+ {}", stage.label()))
                    .color(theme::on_stage_color())
                    .strong();
                let button = egui::Button::new(text).fill(color);
                if ui
                    .add(button)
                    .on_hover_text(format!(
                        "Add {} {} step: {}",
                        article(stage.label()),
                        stage.label(),
                        stage.description()
                    ))
                    .clicked()
                {
                    let center = crate::layout::geometry::to_point(self.canvas.view_center());
                    let (edit, id) =
                        builders::add_step(self.session.document(), stage, center, true);
                    self.canvas.add_stage = stage;
                    actions.push(Action::Seal);
                    actions.push(Action::Edit(edit));
                    actions.push(Action::Select(Selection::step(&id)));
                }
            }
            ui.separator();
            for (kind, command) in [
                (ViewKind::Canvas, Command::ShowCanvas),
                (ViewKind::Map, Command::ShowMap),
                (ViewKind::Opportunities, Command::ShowOpportunities),
            ] {
                let button = ui
                    .selectable_label(self.view == kind, kind.label())
                    .on_hover_text(command.hover_text(ui.ctx()));
                let (selected, name) = (self.view == kind, format!("Show {}", kind.label()));
                button.widget_info(|| {
                    egui::WidgetInfo::selected(egui::Role::Button, true, selected, &name)
                });
                if button.clicked() {
                    actions.push(Action::Command(command));
                }
            }
            ui.separator();
            self.persona_filter_ui(ui);
            // The opportunities view's list and chart always fit: no zoom there.
            let zooms: &[(&str, Command)] = if self.view == ViewKind::Opportunities {
                &[]
            } else {
                ui.separator();
                &[
                    ("Fit", Command::ZoomToFit),
                    ("−", Command::ZoomOut),
                    ("", Command::ZoomReset),
                    ("+", Command::ZoomIn),
                ]
            };
            for &(text, command) in zooms {
                let text = if text.is_empty() {
                    format!("{:.0}%", self.view_zoom() * 100.0)
                } else {
                    text.to_owned()
                };
                let response = ui.button(text).on_hover_text(command.hover_text(ui.ctx()));
                // Named by what it does ("Zoom out", not "−"; "Zoom to 100%, now 73%").
                let name = match command {
                    Command::ZoomReset => {
                        format!("{}, now {:.0}%", command.label(), self.view_zoom() * 100.0)
                    }
                    _ => command.label().to_owned(),
                };
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, name.as_str())
                });
                if response.clicked() {
                    actions.push(Action::Command(command));
                }
            }
        });
    }

    /// The persona filter: every view shows only the chosen persona's steps.
    fn persona_filter_ui(&mut self, ui: &mut Ui) {
        let doc = self.session.document();
        if doc.personas().is_empty() {
            return;
        }
        let name = |p: &crate::model::Persona| {
            if p.name.is_empty() {
                p.id.clone()
            } else {
                p.name.clone()
            }
        };
        let current = self
            .view_settings
            .persona
            .as_deref()
            .and_then(|id| doc.persona(id))
            .map_or_else(|| "Everyone".to_owned(), name);
        let label = ui.label("Persona:");
        egui::ComboBox::from_id_salt("persona-filter")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.view_settings.persona, None, "Everyone");
                for p in doc.personas() {
                    ui.selectable_value(
                        &mut self.view_settings.persona,
                        Some(p.id.clone()),
                        name(p),
                    );
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("Show only the steps of one persona, in every view");
    }

    pub(super) fn status_ui(&mut self, ui: &mut Ui) {
        let counts = *self.stage_counts.get(
            self.session.document(),
            crate::model::Document::stage_counts,
        );
        ui.horizontal(|ui| {
            for stage in Stage::ALL {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, theme::stage_color(stage));
                ui.label(format!("{} {}", stage.label(), counts[stage.index()]));
            }
            ui.separator();
            ui.label(crate::model::plural(self.session.document().links().len(), "link"));
            ui.separator();
            match &self.notice {
                Some(notice) => ui.label(RichText::new(notice).strong()),
                None => ui.label(
                    RichText::new(
                        "Drag empty space to pan · ctrl+scroll to zoom · double-click to add · drag a card's handle to link · shift+drag to select",
                    )
                    .weak(),
                ),
            };
        });
    }
}

/// "a" or "an" before a word, by its first letter.
fn article(word: &str) -> &'static str {
    if word
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c))
    {
        "an"
    } else {
        "a"
    }
}

/// A small button that a screen reader names by `name` ("Remove bookmark Intro") rather
/// than by its short text; the name is also its tooltip.
pub(super) fn named_small_button(ui: &mut Ui, text: &str, name: &str) -> egui::Response {
    let response = ui.small_button(text).on_hover_text(name);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    response
}

/// Gives a menu entry's accessibility node its command's shortcut (the name stays the
/// command alone: "Delete", not "Delete Delete").
fn announce_shortcut(ui: &Ui, response: &egui::Response, command: Command) {
    if !command.shortcuts().is_empty() {
        let shortcut = command.shortcut_text(ui.ctx());
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_keyboard_shortcut(shortcut);
        });
    }
}
