//! View ▸ Present: the journey full screen, slide by slide, on the canvas or the map.
//!
//! The slides are [`crate::layout::slides`]': the bookmarks in order, or the marketing frame,
//! each stage and the whole loop. The menus and panels are hidden; → , Space and Page Down go
//! on, ← and Page Up go back, Esc (or F5) leaves, giving back the panels and the view as
//! they were. The view travels from slide to slide as it does to a bookmark. Nothing can be
//! edited while presenting: a slip of the mouse in front of a room changes nothing.

use egui::{Align2, Key, Modifiers, RichText, Ui, Vec2};

use super::App;
use crate::layout::map::MapView;
use crate::layout::slides::{self, Slide};
use crate::ui::canvas::Camera;
use crate::ui::view::ViewKind;

/// A presentation under way.
#[derive(Clone, Debug)]
pub(super) struct Presenting {
    slides: Vec<Slide>,
    current: usize,
    /// The slide the view was last sent to, and the size of the screen it was fitted to.
    shown: Option<(usize, Vec2)>,
    /// The canvas's camera before presenting, given back after.
    camera_before: Camera,
    /// The map's zoom and scrolling before presenting, given back after.
    map_before: MapView,
}

impl App {
    /// Starts presenting from the first slide, full screen.
    pub(super) fn start_presenting(&mut self, ctx: &egui::Context) {
        let slides = slides::slides(self.session.document());
        self.presenting = Some(Presenting {
            slides,
            current: 0,
            shown: None,
            camera_before: self.canvas.camera,
            map_before: self.map.view,
        });
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
    }

    /// Leaves the presentation: the window as it was, the panels back, the view where it was.
    pub(super) fn stop_presenting(&mut self, ctx: &egui::Context) {
        let Some(presenting) = self.presenting.take() else {
            return;
        };
        self.canvas.go_to(presenting.camera_before);
        self.map.view = presenting.map_before;
        self.canvas.refocus = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
    }

    /// Whether a presentation is under way.
    pub fn is_presenting(&self) -> bool {
        self.presenting.is_some()
    }

    /// The slide shown (from 0) and how many there are, while presenting.
    pub fn slide(&self) -> Option<(usize, usize)> {
        self.presenting
            .as_ref()
            .map(|p| (p.current, p.slides.len()))
    }

    /// The presentation's keys. While presenting they are the only keys: returns `true`
    /// then, so no other shortcut runs.
    pub(super) fn presentation_keys(&mut self, ctx: &egui::Context) -> bool {
        let Some(presenting) = &mut self.presenting else {
            return false;
        };
        let pressed = |keys: &[Key]| {
            ctx.input_mut(|i| {
                // Every one of the keys is taken, so none goes on to another shortcut.
                keys.iter()
                    .filter(|key| i.consume_key(Modifiers::NONE, **key))
                    .count()
                    > 0
            })
        };
        if pressed(&[Key::Escape, Key::F5]) {
            self.stop_presenting(ctx);
            return true;
        }
        let last = presenting.slides.len().saturating_sub(1);
        if pressed(&[Key::ArrowRight, Key::Space, Key::PageDown]) {
            presenting.current = (presenting.current + 1).min(last);
        }
        if pressed(&[Key::ArrowLeft, Key::PageUp]) {
            presenting.current = presenting.current.saturating_sub(1);
        }
        if pressed(&[Key::Home]) {
            presenting.current = 0;
        }
        if pressed(&[Key::End]) {
            presenting.current = last;
        }
        true
    }

    /// Draws the presentation: the view alone, fitted to the current slide, with its
    /// number in a corner and, on the frame's slide, the marketing frame over it.
    pub(super) fn present_ui(&mut self, ui: &mut Ui) {
        let Some(presenting) = &mut self.presenting else {
            return;
        };
        let Some(slide) = presenting.slides.get(presenting.current).cloned() else {
            return;
        };
        let size = ui.max_rect().size();
        let index = presenting.current;
        let count = presenting.slides.len();
        if presenting.shown != Some((index, size)) {
            let moved = presenting.shown.is_none_or(|(i, _)| i != index);
            presenting.shown = Some((index, size));
            if let Some((center, zoom)) = slides::fit(&slide, size) {
                let camera = Camera { center, zoom };
                if moved {
                    self.canvas.go_to(camera);
                } else {
                    // The screen changed size (going full screen): no journey to watch.
                    self.canvas.camera = camera;
                }
            }
            if moved && self.view == ViewKind::Map {
                let persona = self.view_settings.persona.clone();
                self.map
                    .go_to_slide(self.session.document(), persona.as_deref(), &slide);
            }
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                // The view is shown, not edited: what it asks for is dropped.
                let _ = self.view_ui(ui);
            });
        let ctx = ui.ctx().clone();
        if slide.region.is_none() {
            frame_ui(&ctx, self.session.document());
        }
        egui::Area::new(egui::Id::unique("slide-number"))
            .anchor(Align2::RIGHT_BOTTOM, [-16.0, -16.0])
            .show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    // On one line, however far the corner is from the middle.
                    ui.add(
                        egui::Label::new(slides::label(index, count, &slide))
                            .wrap_mode(egui::TextWrapMode::Extend),
                    );
                });
            });
    }
}

/// The marketing frame's slide: the journey's title and the frame, over the canvas.
fn frame_ui(ctx: &egui::Context, doc: &crate::model::Document) {
    egui::Area::new(egui::Id::unique("slide-frame"))
        .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style())
                .inner_margin(32.0)
                .show(ui, |ui| {
                    ui.set_max_width(720.0);
                    let title = if doc.title.trim().is_empty() {
                        "Journey"
                    } else {
                        doc.title.as_str()
                    };
                    ui.label(RichText::new(title).size(32.0).strong());
                    let entries = slides::frame_entries(doc);
                    if entries.is_empty() {
                        ui.label(RichText::new("No marketing frame yet.").size(18.0).weak());
                    }
                    for (heading, text) in entries {
                        ui.add_space(12.0);
                        ui.label(RichText::new(heading.to_uppercase()).size(13.0).weak());
                        ui.label(RichText::new(text).size(20.0));
                    }
                });
        });
}
