//! Native file dialogs behind a small trait, so tests can script the answers.
//!
//! The real dialogs run on a worker thread: the window keeps drawing while one is open.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::task::{Task, Wake};

/// What to ask the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialogRequest {
    /// Open an existing file, or choose where to save.
    pub kind: DialogKind,
    /// The folder the dialog starts in.
    pub directory: Option<PathBuf>,
    /// The suggested file name (for saving).
    pub file_name: Option<String>,
    /// The kind of file shown and chosen.
    pub filter: FileFilter,
}

/// A kind of file a dialog lists: its name and its extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFilter {
    /// The name shown ("Journey files").
    pub name: String,
    /// The extensions, without dots.
    pub extensions: Vec<String>,
}

impl FileFilter {
    /// Journey files (`.json`).
    pub fn journeys() -> Self {
        Self {
            name: "Journey files".to_owned(),
            extensions: vec!["json".to_owned()],
        }
    }

    /// What File ▸ Import… reads: Mermaid journey diagrams and CSV tables of steps.
    pub fn imports() -> Self {
        Self {
            name: "Mermaid journey or CSV table".to_owned(),
            extensions: crate::import::Kind::ALL
                .iter()
                .flat_map(|k| k.extensions())
                .map(|e| (*e).to_owned())
                .collect(),
        }
    }

    /// What File ▸ Calibrate from events… reads: event logs as CSV, TSV or JSON Lines, plain
    /// or compressed with gzip.
    pub fn logs() -> Self {
        Self {
            name: "Event logs (CSV, TSV, JSON Lines, .gz)".to_owned(),
            extensions: ["csv", "tsv", "jsonl", "ndjson", "json", "gz"]
                .map(str::to_owned)
                .to_vec(),
        }
    }

    /// Files of one export format.
    pub fn export(format: crate::export::Format) -> Self {
        Self {
            name: format.label().to_owned(),
            extensions: vec![format.extension().to_owned()],
        }
    }
}

/// The kinds of file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    /// Choose a journey to open.
    Open,
    /// Choose a Mermaid or CSV file to import.
    Import,
    /// Choose one or more event logs to calibrate from.
    Logs,
    /// Choose where to save the journey.
    Save,
    /// Choose where to write an export.
    Export,
}

/// The user's answer to a [`DialogRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogAnswer {
    /// A file was chosen.
    Chosen(PathBuf),
    /// Several files were chosen (where the dialog lets the user pick more than one).
    ChosenMany(Vec<PathBuf>),
    /// The user cancelled.
    Cancelled,
    /// No dialog could be shown; the text says why.
    Unavailable(String),
}

/// Shows file dialogs. [`FileDialogs::ask`] starts one; [`FileDialogs::poll`] returns the
/// answer once there is one, so the window can keep drawing meanwhile.
pub trait FileDialogs {
    /// Starts asking; `wake` is called once there is an answer. A request made while another
    /// is open replaces nothing: it is ignored.
    fn ask(&mut self, request: DialogRequest, wake: Wake);
    /// The answer, once the user has given it.
    fn poll(&mut self) -> Option<DialogAnswer>;
}

/// The desktop's own dialogs through rfd, each on a worker thread.
#[derive(Default)]
pub struct NativeDialogs {
    answer: Option<Task<DialogAnswer>>,
}

/// A dialog that returns nothing sooner than a person could cancel it was never shown.
const QUICKEST_HUMAN_ANSWER: Duration = Duration::from_millis(150);

impl FileDialogs for NativeDialogs {
    fn ask(&mut self, request: DialogRequest, wake: Wake) {
        if self.answer.is_some() {
            return;
        }
        self.answer = Some(Task::spawn("file dialog", wake, move || {
            let mut dialog = rfd::FileDialog::new()
                .add_filter(&request.filter.name, &request.filter.extensions)
                .add_filter("All files", &["*"]);
            if let Some(dir) = &request.directory {
                dialog = dialog.set_directory(dir);
            }
            if let Some(name) = &request.file_name {
                dialog = dialog.set_file_name(name);
            }
            let started = Instant::now();
            let chosen = match request.kind {
                DialogKind::Open => dialog.set_title("Open journey").pick_file(),
                DialogKind::Import => dialog.set_title("Import a journey").pick_file(),
                DialogKind::Save => dialog.set_title("Save journey").save_file(),
                DialogKind::Export => dialog.set_title("Export journey").save_file(),
                DialogKind::Logs => {
                    return match dialog.set_title("Calibrate from event logs").pick_files() {
                        Some(paths) if !paths.is_empty() => DialogAnswer::ChosenMany(paths),
                        _ if started.elapsed() < QUICKEST_HUMAN_ANSWER => unavailable(),
                        _ => DialogAnswer::Cancelled,
                    };
                }
            };
            match chosen {
                Some(path) => DialogAnswer::Chosen(path),
                None if started.elapsed() < QUICKEST_HUMAN_ANSWER => unavailable(),
                None => DialogAnswer::Cancelled,
            }
        }));
    }

    fn poll(&mut self) -> Option<DialogAnswer> {
        let answer = self.answer.as_mut()?.try_take()?;
        self.answer = None;
        Some(answer.unwrap_or_else(|_| {
            DialogAnswer::Unavailable("The file dialog closed unexpectedly.".to_owned())
        }))
    }
}

/// The answer when no dialog could be shown.
fn unavailable() -> DialogAnswer {
    DialogAnswer::Unavailable(
        "No file dialog could be shown on this desktop (it needs xdg-desktop-portal or zenity). \
         Type the file's path instead."
            .to_owned(),
    )
}

/// Dialogs answered from a script, for tests: each request takes the next answer.
#[cfg(feature = "testing")]
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    inner: std::sync::Arc<std::sync::Mutex<Script>>,
}

#[cfg(feature = "testing")]
#[derive(Default)]
struct Script {
    answers: std::collections::VecDeque<DialogAnswer>,
    asked: Vec<DialogRequest>,
    pending: Option<DialogAnswer>,
}

#[cfg(feature = "testing")]
impl ScriptedDialogs {
    /// Queues the answer to the next request.
    pub fn answer(&self, answer: DialogAnswer) {
        self.lock().answers.push_back(answer);
    }

    /// Every request made so far.
    pub fn requests(&self) -> Vec<DialogRequest> {
        self.lock().asked.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Script> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(feature = "testing")]
impl FileDialogs for ScriptedDialogs {
    fn ask(&mut self, request: DialogRequest, wake: Wake) {
        let mut script = self.lock();
        script.asked.push(request);
        let answer = script
            .answers
            .pop_front()
            .unwrap_or(DialogAnswer::Cancelled);
        script.pending = Some(answer);
        drop(script);
        wake();
    }

    fn poll(&mut self) -> Option<DialogAnswer> {
        self.lock().pending.take()
    }
}
