//! Values derived from a document, kept until the document changes.

use super::Document;

/// A value derived from a document at one [`Document::revision`], recomputed only when the
/// revision changes (stage counts for the status bar, simulation results, search results).
#[derive(Clone, Debug)]
pub struct RevisionCache<T> {
    revision: Option<u64>,
    value: Option<T>,
}

impl<T> Default for RevisionCache<T> {
    fn default() -> Self {
        Self {
            revision: None,
            value: None,
        }
    }
}

impl<T> RevisionCache<T> {
    /// The value for `doc`, derived now if the cached one belongs to another revision.
    pub fn get(&mut self, doc: &Document, derive: impl FnOnce(&Document) -> T) -> &T {
        if self.revision != Some(doc.revision()) {
            self.value = None;
        }
        self.revision = Some(doc.revision());
        self.value.get_or_insert_with(|| derive(doc))
    }

    /// The value, if it was derived from this revision of `doc`.
    pub fn current(&self, doc: &Document) -> Option<&T> {
        (self.revision == Some(doc.revision()))
            .then_some(self.value.as_ref())
            .flatten()
    }

    /// The last value, whatever revision it came from (a result still being recomputed in the
    /// background is shown meanwhile).
    pub fn latest(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// Brings the last value, whatever revision it came from, up to date with `doc` by
    /// `refresh`, which may decline (returning `false`, the value as it was). Returns whether
    /// the value is now `doc`'s.
    pub fn refresh(&mut self, doc: &Document, refresh: impl FnOnce(&mut T) -> bool) -> bool {
        let Some(value) = &mut self.value else {
            return false;
        };
        if self.revision != Some(doc.revision()) {
            if !refresh(value) {
                return false;
            }
            self.revision = Some(doc.revision());
        }
        true
    }

    /// Stores a value derived elsewhere (a background task) from `revision`.
    pub fn store(&mut self, revision: u64, value: T) {
        self.revision = Some(revision);
        self.value = Some(value);
    }

    /// Whether the value belongs to this revision of `doc`.
    pub fn is_current(&self, doc: &Document) -> bool {
        self.current(doc).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, Stage, Step};

    #[test]
    fn derives_again_only_after_a_change() {
        let mut doc = Document::new("t");
        doc.set_steps_and_links(vec![Step::new("a", Stage::Tell, "A", [0.0, 0.0])], vec![])
            .unwrap();
        let mut cache = RevisionCache::default();
        let runs = std::cell::Cell::new(0);
        let count = |d: &Document| {
            runs.set(runs.get() + 1);
            d.steps().len()
        };
        assert_eq!(*cache.get(&doc, count), 1);
        assert_eq!(*cache.get(&doc, count), 1);
        assert_eq!(runs.get(), 1);
        let _ = Edit::add(
            &doc,
            vec![Step::new("b", Stage::Buy, "B", [1.0, 0.0])],
            vec![],
        )
        .apply(&mut doc)
        .unwrap();
        assert!(!cache.is_current(&doc));
        assert_eq!(cache.latest(), Some(&1));
        assert_eq!(*cache.get(&doc, count), 2);
        assert_eq!(runs.get(), 2);
        // Any change of the steps is a new revision, a title too.
        let _ = Edit::SetStep {
            id: "a".into(),
            value: crate::model::StepValue::Title("x".into()),
        }
        .apply(&mut doc)
        .unwrap();
        assert!(!cache.is_current(&doc));
        cache.store(doc.revision(), 99);
        assert_eq!(cache.current(&doc), Some(&99));
    }

    #[test]
    fn a_value_of_an_older_revision_is_brought_up_to_date_or_left() {
        let mut doc = Document::new("t");
        let mut cache: RevisionCache<usize> = RevisionCache::default();
        assert!(
            !cache.refresh(&doc, |_| true),
            "nothing to bring up to date"
        );
        cache.store(doc.revision(), 0);
        assert!(cache.refresh(&doc, |_| unreachable!("already current")));
        doc.set_steps_and_links(vec![Step::new("a", Stage::Tell, "A", [0.0, 0.0])], vec![])
            .unwrap();
        assert!(!cache.refresh(&doc, |_| false), "declined");
        assert!(!cache.is_current(&doc));
        assert_eq!(cache.latest(), Some(&0));
        assert!(cache.refresh(&doc, |n| {
            *n = 1;
            true
        }));
        assert_eq!(cache.current(&doc), Some(&1));
    }
}
