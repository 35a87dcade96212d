//! Input that does not come through a view: the keyboard's shortcuts and clipboard, files
//! dropped on the window, and the window's close button.

use super::modals::Modal;
use super::pending::Pending;
use super::{App, Closing};
use crate::ui::commands::Command;
use crate::ui::focus;

impl App {
    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) {
            if self.close != Closing::No || !self.is_dirty() {
                self.session.end();
            } else {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved {
                    then: Pending::Quit,
                });
            }
        }
        if self.close == Closing::Allowed {
            self.close = Closing::Requested;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.request(Pending::OpenPath(path));
        }
    }

    pub(super) fn handle_keyboard(&mut self, ctx: &egui::Context) {
        // An open menu or dialog owns the keyboard (Escape closes it).
        if self.modal.is_some() || self.files.loading.is_some() || egui::Popup::is_any_open(ctx) {
            return;
        }
        // The window turns ctrl+C/X/V into clipboard events; a text field takes them itself.
        if focus::keyboard_on_canvas(ctx) {
            let mut paste = None;
            let (copy, cut) = ctx.input(|i| {
                let mut copy = false;
                let mut cut = false;
                for event in &i.events {
                    match event {
                        egui::Event::Copy => copy = true,
                        egui::Event::Cut => cut = true,
                        egui::Event::Paste(text) => paste = Some(text.clone()),
                        _ => {}
                    }
                }
                (copy, cut)
            });
            if copy {
                self.run_command(ctx, Command::Copy);
            }
            if cut {
                self.run_command(ctx, Command::Cut);
            }
            if let Some(text) = paste {
                self.paste_text(&text);
            }
        }
        // Escape closes the find panel (its field has already let go of the keyboard).
        if self.find.open
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.find.close();
        }
        // shift+Tab in the inspector's first field gives the keyboard back to the canvas
        // (rather than to the toolbar before it).
        let focused = ctx.memory(egui::Memory::focused);
        if focused.is_some()
            && focused == self.inspector.first_field
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::SHIFT, egui::Key::Tab))
            && let Some(id) = focused
        {
            ctx.memory_mut(|m| {
                m.surrender_focus(id);
                m.move_focus(egui::FocusDirection::None);
            });
            self.canvas.refocus = true;
        }
        for command in Command::pressed(ctx) {
            if command == Command::FocusInspector {
                // Tab goes to the inspector's first field, not to the next widget in the
                // window (the menu bar).
                ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            }
            self.run_command(ctx, command);
        }
    }
}
