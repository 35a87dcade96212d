//! Opening and saving journeys: the unsaved-changes guard, file dialogs, background opening
//! of large files, the changed-on-disk check and recent files.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::dialogs::{DialogAnswer, DialogKind, DialogRequest, FileDialogs, FileFilter};
use super::modals::Modal;
use super::pending::{Awaiting, Pending};
use super::storage::Leftover;
use super::storage::Settings;
use super::{App, Closing};
use crate::export;
use crate::format::{self, TEMPLATES};
use crate::model::{Document, View};
use crate::task::Task;
use crate::ui::canvas::CanvasState;

/// What the app keeps about files beyond the open journey: the dialogs, a file being
/// opened in the background, and the recent files.
pub(super) struct Files {
    pub(super) dialogs: Box<dyn FileDialogs>,
    /// Why a file dialog is open.
    pub(super) awaiting: Option<Awaiting>,
    /// A file being opened in the background.
    pub(super) loading: Option<Loading>,
    /// An export being written in the background.
    pub(super) exporting: Option<Exporting>,
    /// Files above this size open in the background.
    pub(super) background_open_bytes: u64,
    /// Where recent files and recovery copies live.
    pub(super) data_dir: Option<PathBuf>,
    /// Settings kept across runs (recent files).
    pub(super) settings: Settings,
    /// Which recent files exist, checked once each time the File menu opens.
    pub(super) recent_exists: Option<Vec<bool>>,
}

/// A journey file being read on a worker thread.
pub(super) struct Loading {
    pub(super) path: PathBuf,
    pub(super) bytes: u64,
    pub(super) started: Instant,
    task: Task<Result<Document, format::FileError>>,
}

/// An export being drawn and written on a worker thread.
pub(super) struct Exporting {
    pub(super) path: PathBuf,
    pub(super) format: export::Format,
    task: Task<Result<(), export::ExportError>>,
}

impl App {
    /// Asks about unsaved changes first, if there are any, then does `pending`.
    pub(super) fn request(&mut self, pending: Pending) {
        if self.is_dirty() {
            self.modal = Some(Modal::Unsaved { then: pending });
        } else {
            self.proceed(pending);
        }
    }

    pub(super) fn proceed(&mut self, pending: Pending) {
        match pending {
            Pending::New(template) => {
                let doc = match template.and_then(|i| TEMPLATES.get(i)) {
                    Some(t) => t.load().unwrap_or_else(|_| Document::new(t.name)),
                    None => Document::new("Untitled journey"),
                };
                self.replace_document(doc, None);
            }
            Pending::Open => self.ask(DialogKind::Open, Awaiting::Open),
            Pending::Import => self.ask(DialogKind::Import, Awaiting::Import),
            Pending::OpenPath(path) => self.open_path(&path),
            Pending::Quit => {
                self.close = Closing::Allowed;
                self.session.end();
            }
        }
    }

    fn replace_document(&mut self, doc: Document, file: Option<PathBuf>) {
        self.canvas = CanvasState::for_document(&doc).fitted(doc.view == View::default());
        self.session.replace(doc, file);
        self.modal = None;
    }

    /// Restores (or discards) the journey found in a recovery file.
    pub(super) fn settle_leftover(&mut self, leftover: Leftover, restore: bool) {
        if restore {
            self.canvas = CanvasState::for_document(&leftover.doc)
                .fitted(leftover.doc.view == View::default());
            self.session.restore(leftover);
            self.notice = Some("Restored the unsaved journey. Save it to keep it.".to_owned());
        } else {
            let _ = std::fs::remove_file(&leftover.path);
        }
    }

    /// Opens a journey file; on failure the open journey stays as it was and the error is shown.
    ///
    /// A large file — or anything that is not a plain file, such as a pipe that may keep
    /// the reader waiting — is read on a worker thread: the window keeps drawing and shows
    /// that the file is opening, and the journey is replaced once it has been read.
    pub(super) fn open_path(&mut self, path: &Path) {
        let meta = std::fs::metadata(path).ok();
        let bytes = meta.as_ref().map_or(0, std::fs::Metadata::len);
        let plain = meta.as_ref().is_none_or(std::fs::Metadata::is_file);
        if bytes > self.files.background_open_bytes || !plain {
            let worker_path = path.to_path_buf();
            self.files.loading = Some(Loading {
                path: path.to_path_buf(),
                bytes,
                started: Instant::now(),
                task: Task::spawn("open journey", self.wake(), move || {
                    format::load_file(&worker_path)
                }),
            });
            return;
        }
        let result = format::load_file(path);
        self.finish_open(path, result);
    }

    /// Takes the journey read in the background, if it is ready.
    pub(super) fn poll_loading(&mut self) {
        let Some(loading) = &mut self.files.loading else {
            return;
        };
        let Some(result) = loading.task.try_take() else {
            return;
        };
        let path = loading.path.clone();
        self.files.loading = None;
        let result = result.unwrap_or_else(|lost| {
            Err(format::FileError::Io {
                path: path.clone(),
                source: std::io::Error::other(lost),
            })
        });
        self.finish_open(&path, result);
    }

    fn finish_open(&mut self, path: &Path, result: Result<Document, format::FileError>) {
        match result {
            Ok(doc) => {
                self.replace_document(doc, Some(path.to_path_buf()));
                self.remember(path);
                self.notice = Some(format!("Opened {}", path.display()));
            }
            Err(err) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot open the journey".to_owned(),
                    message: err.to_string(),
                });
            }
        }
    }

    pub(super) fn remember(&mut self, path: &Path) {
        self.files.settings.remember(path);
        self.store_settings();
    }

    pub(super) fn store_settings(&mut self) {
        self.files.recent_exists = None;
        if let Some(dir) = &self.files.data_dir
            && let Err(err) = self.files.settings.save(dir)
        {
            log::warn!("cannot keep the settings in {}: {err}", dir.display());
        }
    }

    pub(super) fn ask(&mut self, kind: DialogKind, awaiting: Awaiting) {
        let directory = self.file().and_then(Path::parent).map(Path::to_path_buf);
        let title = &self.document().title;
        let (file_name, filter) = match &awaiting {
            Awaiting::Export { format, .. } => (
                Some(suggested_name(title, format.extension())),
                FileFilter::export(*format),
            ),
            Awaiting::SaveAs { .. } => (Some(suggested_file_name(title)), FileFilter::journeys()),
            Awaiting::Open => (None, FileFilter::journeys()),
            Awaiting::Import => (None, FileFilter::imports()),
            Awaiting::Logs => (None, FileFilter::logs()),
        };
        self.files.awaiting = Some(awaiting);
        let wake = self.wake();
        self.files.dialogs.ask(
            DialogRequest {
                kind,
                directory,
                file_name,
                filter,
            },
            wake,
        );
    }

    /// Asks where to write an export, then writes it in the background.
    pub(super) fn export_as(&mut self, format: export::Format, options: export::Options) {
        self.ask(DialogKind::Export, Awaiting::Export { format, options });
    }

    /// Starts writing the open journey as `format` to `path` (the format's extension added
    /// if the name has none) on a worker thread; the journey is copied, so editing goes on.
    pub(super) fn start_export(
        &mut self,
        path: &Path,
        format: export::Format,
        options: export::Options,
    ) {
        let path = if path.extension().is_some() {
            path.to_path_buf()
        } else {
            path.with_extension(format.extension())
        };
        let doc = self.document().clone();
        let target = path.clone();
        let task = Task::spawn("export", self.wake(), move || {
            export::write_file(&target, &doc, format, &options)
        });
        self.notice = Some(format!("Exporting to {}…", path.display()));
        self.files.exporting = Some(Exporting { path, format, task });
    }

    /// Reports a finished export: where it was written, or why it failed.
    pub(super) fn poll_exporting(&mut self) {
        let Some(exporting) = &mut self.files.exporting else {
            return;
        };
        let Some(result) = exporting.task.try_take() else {
            return;
        };
        let (path, format) = (exporting.path.clone(), exporting.format);
        self.files.exporting = None;
        match result {
            Ok(Ok(())) => {
                self.notice = Some(format!("Exported {} to {}", format.label(), path.display()));
            }
            Ok(Err(err)) => self.export_failed(&path, &err.to_string()),
            Err(lost) => self.export_failed(&path, &lost.to_string()),
        }
    }

    fn export_failed(&mut self, path: &Path, reason: &str) {
        self.notice = None;
        self.modal = Some(Modal::Error {
            title: "Cannot export the journey".to_owned(),
            message: format!(
                "{reason}\n{} was not written; the journey is still open as it was.",
                path.display()
            ),
        });
    }

    /// Saves to the current file (asking where if there is none), then does `then`.
    pub(super) fn save(&mut self, then: Option<Pending>) {
        match self.file().map(Path::to_path_buf) {
            Some(_) if self.session.changed_on_disk() => {
                self.modal = Some(Modal::ChangedOnDisk { then });
            }
            Some(path) => self.save_to(&path, then),
            None => self.save_as(then),
        }
    }

    pub(super) fn save_as(&mut self, then: Option<Pending>) {
        self.ask(DialogKind::Save, Awaiting::SaveAs { then });
    }

    pub(super) fn save_to(&mut self, path: &Path, then: Option<Pending>) {
        let view = self.canvas_view();
        match self.session.save(path, view) {
            Ok(path) => {
                self.remember(&path);
                self.notice = Some(format!("Saved {}", path.display()));
                if let Some(then) = then {
                    self.proceed(then);
                }
            }
            Err(err) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot save the journey".to_owned(),
                    message: format!(
                        "{err}\nThe journey is still open and unsaved; the file on disk is unchanged."
                    ),
                });
            }
        }
    }

    /// The canvas's camera as the view saved with the journey.
    pub(super) fn canvas_view(&self) -> View {
        let camera = self.canvas.camera;
        View {
            center: [f64::from(camera.center.x), f64::from(camera.center.y)],
            zoom: f64::from(camera.zoom),
            ..self.document().view.clone()
        }
    }

    pub(super) fn poll_dialog(&mut self) {
        let Some(answer) = self.files.dialogs.poll() else {
            return;
        };
        let Some(awaiting) = self.files.awaiting.take() else {
            return;
        };
        match answer {
            DialogAnswer::Chosen(path) => self.answer_with_path(awaiting, &path),
            DialogAnswer::ChosenMany(paths) => match awaiting {
                Awaiting::Logs => self.calibrate_options(paths),
                other => {
                    if let Some(first) = paths.first() {
                        self.answer_with_path(other, first);
                    }
                }
            },
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable(reason) => {
                self.modal = Some(Modal::TypePath {
                    reason,
                    awaiting,
                    text: String::new(),
                });
            }
        }
    }

    pub(super) fn answer_with_path(&mut self, awaiting: Awaiting, path: &Path) {
        match awaiting {
            Awaiting::Open => self.open_path(path),
            Awaiting::Import => self.import_path(path, &crate::import::Options::default()),
            Awaiting::Logs => self.calibrate_options(vec![path.to_path_buf()]),
            Awaiting::SaveAs { then } => self.save_to(path, then),
            Awaiting::Export { format, options } => self.start_export(path, format, options),
        }
    }
}

/// A file name from a journey's title: "Q3 launch" → "Q3 launch.json".
pub fn suggested_file_name(title: &str) -> String {
    suggested_name(title, "json")
}

/// A file name from a journey's title with an extension: ("Q3: launch", "png") →
/// "Q3- launch.png"; "journey.png" for a title with nothing usable in it.
pub fn suggested_name(title: &str, extension: &str) -> String {
    let clean: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('.');
    if clean.is_empty() {
        format!("journey.{extension}")
    } else {
        format!("{clean}.{extension}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_come_from_the_title_with_the_extension() {
        assert_eq!(suggested_file_name("Q3 launch"), "Q3 launch.json");
        assert_eq!(
            suggested_name("Hotel: holidays", "png"),
            "Hotel- holidays.png"
        );
        assert_eq!(suggested_name("a/b\\c", "svg"), "a-b-c.svg");
        assert_eq!(suggested_name("  ..  ", "pdf"), "journey.pdf");
        assert_eq!(suggested_name("", "csv"), "journey.csv");
    }
}
