//! One open journey without a window: the document, its history and selection, the file it
//! belongs to and what was on disk, and its crash-recovery copies. The egui shell in
//! [`super::App`] drives it; tests drive it directly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::history::History;
use super::storage::{Leftover, Recovery};
use crate::format;
use crate::model::{Document, Edit, ModelError, Selection, View};

/// What was on disk when the journey was opened or last saved, to notice changes by others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DiskStamp {
    modified: Option<SystemTime>,
    len: u64,
}

impl DiskStamp {
    fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            modified: meta.modified().ok(),
            len: meta.len(),
        })
    }
}

/// A save that did not happen: which file, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}", path.display(), format::io_reason(source))]
pub struct SaveError {
    /// The file that was to be written.
    pub path: PathBuf,
    /// Why it was not.
    pub source: std::io::Error,
}

/// Copies of unsaved changes kept in the data folder while the journey is dirty.
#[derive(Debug)]
struct Keeper {
    store: Recovery,
    interval: Duration,
    /// The history state last copied, and when.
    written: Option<(u64, Instant)>,
}

/// The open journey and everything about it that is not on screen.
#[derive(Debug)]
pub struct Session {
    doc: Document,
    history: History,
    selection: Selection,
    /// Changes whenever the selection does, so views can cache what they derive from it.
    selection_revision: u64,
    file: Option<PathBuf>,
    disk: Option<DiskStamp>,
    /// The journey as its file held it when opened or last saved (a snapshot sharing the
    /// steps): the common version when changes made on disk are merged in.
    saved: Option<Document>,
    recovery: Option<Keeper>,
    /// Failures injected into saves (tests).
    #[cfg(feature = "testing")]
    save_faults: Option<SaveFaults>,
}

/// Stands in for the operating system's failures at each step of a save.
#[cfg(feature = "testing")]
struct SaveFaults(Box<dyn FnMut(format::SaveStep) -> std::io::Result<()> + Send>);

#[cfg(feature = "testing")]
impl std::fmt::Debug for SaveFaults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SaveFaults")
    }
}

impl Session {
    /// A session on `doc`, saved in `file` if it has one; no recovery copies.
    pub fn new(doc: Document, file: Option<PathBuf>) -> Self {
        Self {
            disk: file.as_deref().and_then(DiskStamp::of),
            saved: file.is_some().then(|| doc.clone()),
            doc,
            history: History::default(),
            selection: Selection::none(),
            selection_revision: 0,
            file,
            recovery: None,
            #[cfg(feature = "testing")]
            save_faults: None,
        }
    }

    /// Makes every later save fail where `faults` says (an error at a [`format::SaveStep`]),
    /// as a full disk or a read-only folder would.
    #[cfg(feature = "testing")]
    pub fn fail_saves_with(
        &mut self,
        faults: impl FnMut(format::SaveStep) -> std::io::Result<()> + Send + 'static,
    ) {
        self.save_faults = Some(SaveFaults(Box::new(faults)));
    }

    /// Writes the journey to `path` atomically, failing where injected faults say.
    fn write(&mut self, path: &Path) -> std::io::Result<()> {
        #[cfg(feature = "testing")]
        if let Some(faults) = &mut self.save_faults {
            let text = format::to_string(&self.doc);
            return format::write_atomic_with(path, text.as_bytes(), |step| (faults.0)(step));
        }
        format::save_file(path, &self.doc)
    }

    /// Keeps recovery copies in `dir` every `interval` while there are unsaved changes.
    #[must_use]
    pub fn with_recovery(mut self, dir: Option<&Path>, interval: Duration) -> Self {
        self.recovery = dir.map(|dir| Keeper {
            store: Recovery::new(dir),
            interval,
            written: None,
        });
        self
    }

    /// The open journey.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The edit history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// What is selected.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// A number that changes whenever the selection does.
    pub fn selection_revision(&self) -> u64 {
        self.selection_revision
    }

    /// The file the journey is saved in, if any.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Whether there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Selects `selection` (ids that do not exist are dropped).
    pub fn select(&mut self, mut selection: Selection) {
        selection.prune(&self.doc);
        if selection != self.selection {
            self.selection = selection;
            self.selection_revision += 1;
        }
    }

    fn prune_selection(&mut self) {
        if self.selection.prune(&self.doc) {
            self.selection_revision += 1;
        }
    }

    /// Applies an edit through the history; one that changes nothing is skipped. A refused
    /// edit leaves the journey as it was.
    pub fn apply(&mut self, edit: Edit) -> Result<(), ModelError> {
        if edit.is_empty() {
            return Ok(());
        }
        let result = self.history.apply(&mut self.doc, edit);
        self.prune_selection();
        result
    }

    /// Applies an edit as an undo step of its own (a command, not a burst of typing).
    pub fn apply_alone(&mut self, edit: Edit) -> Result<(), ModelError> {
        if edit.is_empty() {
            return Ok(());
        }
        self.history.seal();
        self.apply(edit)
    }

    /// Ends the current undo step.
    pub fn seal(&mut self) {
        self.history.seal();
    }

    /// Takes back the last change; returns what it was called.
    pub fn undo(&mut self) -> Option<String> {
        let label = self.history.undo(&mut self.doc);
        self.prune_selection();
        label
    }

    /// Repeats the last change taken back; returns what it was called.
    pub fn redo(&mut self) -> Option<String> {
        let label = self.history.redo(&mut self.doc);
        self.prune_selection();
        label
    }

    /// Puts another journey in place of this one, with a fresh history; the recovery copy of
    /// the old one is removed.
    pub fn replace(&mut self, doc: Document, file: Option<PathBuf>) {
        self.disk = file.as_deref().and_then(DiskStamp::of);
        self.saved = file.is_some().then(|| doc.clone());
        self.doc = doc;
        self.file = file;
        self.history = History::default();
        self.select(Selection::none());
        if let Some(keeper) = &mut self.recovery {
            keeper.store.remove();
            keeper.written = None;
        }
    }

    /// Takes in a journey found in a recovery file: it differs from its file (or has none),
    /// so it counts as unsaved.
    pub fn restore(&mut self, leftover: Leftover) {
        let Leftover { path, file, doc } = leftover;
        self.replace(doc, file);
        // What the file held when the copy was made is not known.
        self.saved = None;
        self.history.mark_unsaved();
        let _ = std::fs::remove_file(path);
    }

    /// Puts a journey made elsewhere (imported) in place of this one: a fresh history, no
    /// file, and unsaved until saved.
    pub fn replace_unsaved(&mut self, doc: Document) {
        self.replace(doc, None);
        self.history.mark_unsaved();
    }

    /// The journey as its file held it when it was opened or last saved, if known: the
    /// common version for merging in changes made on disk.
    pub fn saved_version(&self) -> Option<&Document> {
        self.saved.as_ref()
    }

    /// Takes in `merged` — this journey merged with `disk`, the version now in its file —
    /// as one undoable edit. The file's version becomes the one to merge against next, and
    /// saving no longer asks about the change on disk; the journey stays unsaved until
    /// saved, whichever way the history goes.
    pub fn take_merge(&mut self, merged: Document, disk: Document) -> Result<(), ModelError> {
        if merged != self.doc {
            self.apply_alone(Edit::Replace {
                label: "Merge the changes on disk".to_owned(),
                document: Box::new(merged),
            })?;
        }
        self.saved = Some(disk);
        if let Some(path) = &self.file {
            self.disk = DiskStamp::of(path);
        }
        self.history.mark_unsaved();
        Ok(())
    }

    /// Whether something else changed the journey's file since it was opened or saved.
    pub fn changed_on_disk(&self) -> bool {
        match (&self.file, &self.disk) {
            (Some(path), Some(stamp)) => DiskStamp::of(path) != Some(*stamp),
            _ => false,
        }
    }

    /// Saves the journey, with `view` as its saved view, to `path` (".json" added if it has
    /// no extension). Returns where it was written; on failure the file on disk is unchanged
    /// and the journey stays unsaved.
    pub fn save(&mut self, path: &Path, view: View) -> Result<PathBuf, SaveError> {
        let path = with_json_extension(path);
        self.doc.view = view;
        let written = self.write(&path);
        written.map_err(|source| SaveError {
            path: path.clone(),
            source,
        })?;
        self.history.mark_saved();
        self.disk = DiskStamp::of(&path);
        self.saved = Some(self.doc.clone());
        self.file = Some(path.clone());
        if let Some(keeper) = &mut self.recovery {
            keeper.store.remove();
            keeper.written = None;
        }
        Ok(path)
    }

    /// Copies unsaved changes to the recovery file when one is due, and removes it once there
    /// are none. Returns how long until the next copy is due, if one will be.
    ///
    /// The copy is a snapshot of the journey (a pointer per thousand steps, see
    /// [`Document`]) serialised and written on a worker thread.
    pub fn keep_recovery(&mut self) -> Option<Duration> {
        let keeper = self.recovery.as_mut()?;
        if !self.history.is_dirty() {
            if keeper.written.take().is_some() {
                keeper.store.remove();
            }
            return None;
        }
        let state = self.history.state();
        match keeper.written {
            Some((written, _)) if written == state => None,
            Some((_, at)) if at.elapsed() < keeper.interval => {
                Some(keeper.interval.saturating_sub(at.elapsed()))
            }
            _ => {
                keeper.store.write(self.doc.clone(), self.file.as_deref());
                keeper.written = Some((state, Instant::now()));
                None
            }
        }
    }

    /// Waits for a recovery copy being written (tests, and before the process ends).
    pub fn flush_recovery(&mut self) {
        if let Some(keeper) = &mut self.recovery {
            keeper.store.wait();
        }
    }

    /// The session ends cleanly (the user quit or closed a saved journey): no recovery copy
    /// is left behind.
    pub fn end(&mut self) {
        if let Some(keeper) = &mut self.recovery {
            keeper.store.remove();
            keeper.written = None;
        }
    }
}

fn with_json_extension(path: &Path) -> PathBuf {
    if path.extension().is_some() {
        path.to_path_buf()
    } else {
        path.with_extension("json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FrameValue, Stage, Step};

    fn journey() -> Document {
        let mut doc = Document::new("Launch");
        doc.set_steps_and_links(
            vec![
                Step::new("a", Stage::Tell, "Ad", [0.0, 0.0]),
                Step::new("b", Stage::Buy, "Buy", [300.0, 0.0]),
            ],
            vec![],
        )
        .unwrap();
        doc
    }

    #[test]
    fn edits_undo_and_the_selection_follow_the_document() {
        let mut s = Session::new(journey(), None);
        s.select(Selection::steps(["a", "b", "ghost"]));
        assert_eq!(s.selection().steps.len(), 2, "unknown ids are not selected");
        let revision = s.selection_revision();
        s.apply_alone(crate::model::builders::remove(
            &s.selection().steps.clone(),
            None,
        ))
        .unwrap();
        assert!(s.document().steps().is_empty());
        assert!(
            s.selection().is_empty(),
            "deleted steps leave the selection"
        );
        assert_ne!(s.selection_revision(), revision);
        assert!(s.is_dirty());
        assert_eq!(s.undo().as_deref(), Some("Delete 2 steps"));
        assert_eq!(s.document(), &journey());
        assert!(!s.is_dirty());
        assert!(s.apply(Edit::remove_steps(vec!["ghost".into()])).is_err());
        assert_eq!(s.document(), &journey(), "a refused edit changes nothing");
    }

    #[test]
    fn saving_marks_clean_and_notices_changes_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::new(journey(), None);
        s.apply(Edit::SetFrame(FrameValue::Title("Q3".into())))
            .unwrap();
        let path = s.save(&dir.path().join("q3"), View::default()).unwrap();
        assert_eq!(path, dir.path().join("q3.json"));
        assert!(!s.is_dirty());
        assert_eq!(s.file(), Some(path.as_path()));
        assert!(!s.changed_on_disk());
        std::fs::write(&path, "changed by someone else, and longer").unwrap();
        assert!(s.changed_on_disk());
        let err = s
            .save(&dir.path().join("missing/q3.json"), View::default())
            .unwrap_err();
        assert!(err.to_string().contains("missing"));
    }

    #[test]
    fn recovery_copies_while_dirty_and_none_once_saved() {
        let data = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::new(journey(), None).with_recovery(Some(data.path()), Duration::ZERO);
        assert_eq!(s.keep_recovery(), None);
        let copy = data
            .path()
            .join(format!("recovery-{}.json", std::process::id()));
        assert!(!copy.exists(), "nothing to recover while clean");
        s.apply(Edit::SetFrame(FrameValue::Title("Unsaved".into())))
            .unwrap();
        s.keep_recovery();
        s.flush_recovery();
        let text = std::fs::read_to_string(&copy).unwrap();
        assert!(text.contains("\"title\": \"Unsaved\""));
        s.save(&dir.path().join("j.json"), View::default()).unwrap();
        assert!(!copy.exists(), "saving removes the copy");
        s.apply(Edit::SetFrame(FrameValue::Title("Again".into())))
            .unwrap();
        s.keep_recovery();
        s.end();
        assert!(!copy.exists(), "a clean end removes the copy");
    }
}
