//! Undo and redo: a stack of inverse edits, never copies of the whole journey.

use crate::model::{Document, Edit, ModelError};

/// One undoable change: what it is called and the edit that takes it back (or redoes it).
#[derive(Clone, Debug)]
struct Entry {
    /// The forward edit's label ("Move 3 steps").
    label: String,
    /// The edit to apply to undo (on the undo stack) or redo (on the redo stack).
    edit: Edit,
    /// Successive edits with the same key merge into this entry while it is open.
    merge_key: Option<String>,
    /// Identifies the document state after this entry's change, for "is it saved?".
    state: u64,
}

/// The edit history of one document.
///
/// The document state is named by a number: 0 for the state it was opened in, and a fresh
/// number after every change. "Unsaved changes" means the current number differs from the
/// one recorded at the last save, so undoing back to the saved state is clean again.
#[derive(Debug)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    /// Whether the top undo entry may still absorb edits with the same merge key.
    open: bool,
    next_state: u64,
    saved_state: Option<u64>,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        Self::new(History::DEFAULT_LIMIT)
    }
}

impl History {
    /// How many undo steps are kept by default.
    pub const DEFAULT_LIMIT: usize = 1000;

    /// An empty history keeping at most `limit` undo steps; the document counts as saved.
    pub fn new(limit: usize) -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            open: false,
            next_state: 1,
            saved_state: Some(0),
            limit: limit.max(1),
        }
    }

    /// The state number of the document as it is now.
    pub fn state(&self) -> u64 {
        self.undo.last().map_or(0, |e| e.state)
    }

    /// Applies `edit` to `doc` and records it. Successive edits of the same field (typing)
    /// merge into one undo step until [`History::seal`] is called.
    pub fn apply(&mut self, doc: &mut Document, edit: Edit) -> Result<(), ModelError> {
        let label = edit.label();
        let merge_key = edit.merge_key();
        let inverse = edit.apply(doc)?;
        self.redo.clear();
        let merges = self.open
            && merge_key.is_some()
            && self
                .undo
                .last()
                .is_some_and(|top| top.merge_key == merge_key);
        let state = self.fresh_state();
        if merges {
            // The older inverse already restores the state before the whole burst.
            if let Some(top) = self.undo.last_mut() {
                top.state = state;
            }
        } else {
            self.undo.push(Entry {
                label,
                edit: inverse,
                merge_key,
                state,
            });
            if self.undo.len() > self.limit {
                let excess = self.undo.len() - self.limit;
                self.undo.drain(..excess);
            }
        }
        self.open = true;
        Ok(())
    }

    /// Ends the current burst: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        self.open = false;
    }

    /// Undoes the last change; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, doc: &mut Document) -> Option<String> {
        let entry = self.undo.pop()?;
        self.open = false;
        match entry.edit.apply(doc) {
            Ok(redo) => {
                let label = entry.label.clone();
                self.redo.push(Entry {
                    edit: redo,
                    state: entry.state,
                    ..entry
                });
                Some(label)
            }
            Err(err) => {
                log::error!("could not undo {}: {err}", entry.label);
                None
            }
        }
    }

    /// Redoes the last undone change; returns its label.
    pub fn redo(&mut self, doc: &mut Document) -> Option<String> {
        let entry = self.redo.pop()?;
        self.open = false;
        match entry.edit.apply(doc) {
            Ok(undo) => {
                let label = entry.label.clone();
                self.undo.push(Entry {
                    edit: undo,
                    ..entry
                });
                Some(label)
            }
            Err(err) => {
                log::error!("could not redo {}: {err}", entry.label);
                None
            }
        }
    }

    /// The label of the change [`History::undo`] would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    /// The label of the change [`History::redo`] would repeat.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    /// Records that the document as it is now was saved.
    pub fn mark_saved(&mut self) {
        self.saved_state = Some(self.state());
        self.open = false;
    }

    /// Whether the document differs from what was last saved (or opened).
    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.state())
    }

    /// Forgets the saved state: the document counts as changed until saved (a restored
    /// recovery file, a journey made from a template).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = None;
    }

    fn fresh_state(&mut self) -> u64 {
        let state = self.next_state;
        self.next_state += 1;
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, Step, StepValue};

    fn doc() -> Document {
        let mut doc = Document::new("t");
        doc.set_steps_and_links(vec![Step::new("a", Stage::Tell, "A", [0.0, 0.0])], vec![])
            .unwrap();
        doc
    }

    fn title(text: &str) -> Edit {
        Edit::SetStep {
            id: "a".into(),
            value: StepValue::Title(text.into()),
        }
    }

    #[test]
    fn undo_back_to_the_saved_state_is_clean() {
        let mut d = doc();
        let mut h = History::default();
        assert!(!h.is_dirty());
        h.apply(&mut d, Edit::Move(vec![("a".into(), [1.0, 1.0])]))
            .unwrap();
        assert!(h.is_dirty());
        assert_eq!(h.undo(&mut d).as_deref(), Some("Move step"));
        assert!(!h.is_dirty());
        assert_eq!(d, doc());
        h.redo(&mut d);
        assert!(h.is_dirty());
        h.mark_saved();
        assert!(!h.is_dirty());
        h.undo(&mut d);
        assert!(h.is_dirty(), "undoing past the save makes it dirty");
    }

    #[test]
    fn typing_merges_until_sealed() {
        let mut d = doc();
        let mut h = History::default();
        for text in ["J", "Jo", "Joy"] {
            h.apply(&mut d, title(text)).unwrap();
        }
        h.seal();
        h.apply(&mut d, title("Joy!")).unwrap();
        h.undo(&mut d);
        assert_eq!(d.step("a").unwrap().title, "Joy");
        h.undo(&mut d);
        assert_eq!(d.step("a").unwrap().title, "A");
        assert_eq!(h.undo(&mut d), None);
    }

    #[test]
    fn a_new_edit_clears_redo_and_the_limit_holds() {
        let mut d = doc();
        let mut h = History::new(3);
        for i in 0..5 {
            h.apply(&mut d, Edit::Move(vec![("a".into(), [f64::from(i), 0.0])]))
                .unwrap();
        }
        let mut undone = 0;
        while h.undo(&mut d).is_some() {
            undone += 1;
        }
        assert_eq!(undone, 3);
        assert_eq!(d.step("a").unwrap().position, [1.0, 0.0]);
        h.apply(&mut d, title("x")).unwrap();
        assert_eq!(h.redo_label(), None);
    }
}
