//! Bookmarked views: adding, renaming and removing them (undoable edits of the journey, built
//! in [`crate::model::builders`]), going to one, and the View ▸ Bookmarks submenu.

use egui::Ui;

use super::App;
use super::modals::Modal;
use super::shell::named_small_button;
use crate::model::builders;
use crate::ui::canvas;
use crate::ui::view::ViewKind;

impl App {
    /// Adds the current view as a bookmark called `name` (an undoable edit of the journey).
    pub(super) fn add_bookmark(&mut self, name: &str) {
        let camera = self.canvas.camera;
        let center = [f64::from(camera.center.x), f64::from(camera.center.y)];
        let edit = builders::add_bookmark(
            self.session.document(),
            name,
            center,
            f64::from(camera.zoom),
        );
        self.apply_alone(edit);
        self.notice = Some(format!("Bookmarked this view as '{name}'."));
    }

    /// Removes bookmark `index` (an undoable edit of the journey).
    pub(super) fn remove_bookmark(&mut self, index: usize) {
        if let Some((edit, gone)) = builders::remove_bookmark(self.session.document(), index) {
            self.apply_alone(edit);
            self.notice = Some(format!("Removed the bookmark '{gone}'."));
        }
    }

    /// Renames bookmark `index` (an undoable edit of the journey).
    pub(super) fn rename_bookmark(&mut self, index: usize, name: &str) {
        if let Some((edit, old)) = builders::rename_bookmark(self.session.document(), index, name) {
            self.apply_alone(edit);
            self.notice = Some(format!("Renamed the bookmark '{old}' to '{name}'."));
        }
    }

    /// Moves the canvas to bookmark `index`.
    pub(super) fn go_to_bookmark(&mut self, index: usize) {
        if let Some(bookmark) = self.session.document().view.bookmarks.get(index) {
            self.canvas.go_to(canvas::Camera {
                center: egui::pos2(bookmark.center[0] as f32, bookmark.center[1] as f32),
                zoom: (bookmark.zoom as f32)
                    .clamp(*canvas::ZOOM_RANGE.start(), *canvas::ZOOM_RANGE.end()),
            });
            self.view = ViewKind::Canvas;
        }
    }

    /// The bookmarked views: choosing one goes there; Rename… asks for a new name; Remove
    /// removes it (both undoable edits).
    pub(super) fn bookmarks_ui(&mut self, ui: &mut Ui) {
        let bookmarks = &self.session.document().view.bookmarks;
        if bookmarks.is_empty() {
            ui.label("No bookmarks yet: use Bookmark this view…");
            return;
        }
        let mut go = None;
        let mut rename = None;
        let mut remove = None;
        for (i, bookmark) in bookmarks.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui.button(&bookmark.name).clicked() {
                    go = Some(i);
                    ui.close();
                }
                let name = &bookmark.name;
                if named_small_button(ui, "Rename…", &format!("Rename bookmark {name}")).clicked()
                {
                    rename = Some(i);
                    ui.close();
                }
                if named_small_button(ui, "Remove", &format!("Remove bookmark {name}")).clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = go {
            self.go_to_bookmark(i);
        }
        if let Some(i) = rename {
            let text = self.session.document().view.bookmarks[i].name.clone();
            self.modal = Some(Modal::NameBookmark {
                text,
                rename: Some(i),
            });
        }
        if let Some(i) = remove {
            self.remove_bookmark(i);
        }
    }
}
