//! Values derived from a document, kept until the document changes.

use super::Document;

/// A value derived from a document, kept with the key it was derived for and derived again
/// only when the key changes: the one cache of the app's views and panels.
///
/// The key is the document's [`Document::revision`] by default; a view adds what else the
/// value depends on (the persona filter, the selection's revision, the panel's settings, the
/// minimap's size). Stage counts for the status bar, the map's layout, the simulation's
/// results and the minimap's picture are all kept this way.
#[derive(Clone, Debug)]
pub struct RevisionCache<T, K = u64> {
    entry: Option<(K, T)>,
}

impl<T, K> Default for RevisionCache<T, K> {
    fn default() -> Self {
        Self { entry: None }
    }
}

impl<T, K: PartialEq> RevisionCache<T, K> {
    /// A cache holding `value`, derived for `key`.
    pub fn holding(key: K, value: T) -> Self {
        Self {
            entry: Some((key, value)),
        }
    }

    /// The value for `key`, derived now if the cached one belongs to another key.
    pub fn get_with(&mut self, key: K, derive: impl FnOnce(&K) -> T) -> &T {
        if self.entry.as_ref().is_some_and(|(k, _)| *k != key) {
            self.entry = None;
        }
        &self
            .entry
            .get_or_insert_with(|| {
                let value = derive(&key);
                (key, value)
            })
            .1
    }

    /// The value, if it was derived for `key`.
    pub fn get_for(&self, key: &K) -> Option<&T> {
        self.entry
            .as_ref()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Whether the value was derived for `key`.
    pub fn is_for(&self, key: &K) -> bool {
        self.get_for(key).is_some()
    }

    /// Takes the value out if it was derived for `key` (the cache is empty afterwards either
    /// way); a view that needs itself mutably while it uses the value puts it back with
    /// [`RevisionCache::store`].
    pub fn take_for(&mut self, key: &K) -> Option<T> {
        self.entry.take().filter(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Takes the value out whatever key it was derived for, with that key.
    pub fn take(&mut self) -> Option<(K, T)> {
        self.entry.take()
    }

    /// The last value, whatever key it came from (a result still being recomputed in the
    /// background is shown meanwhile).
    pub fn latest(&self) -> Option<&T> {
        self.entry.as_ref().map(|(_, v)| v)
    }

    /// Stores a value derived elsewhere (a background task) for `key`.
    pub fn store(&mut self, key: K, value: T) {
        self.entry = Some((key, value));
    }

    /// Forgets the value.
    pub fn clear(&mut self) {
        self.entry = None;
    }
}

impl<T> RevisionCache<T> {
    /// The value for `doc`, derived now if the cached one belongs to another revision.
    pub fn get(&mut self, doc: &Document, derive: impl FnOnce(&Document) -> T) -> &T {
        self.get_with(doc.revision(), |_| derive(doc))
    }

    /// The value, if it was derived from this revision of `doc`.
    pub fn current(&self, doc: &Document) -> Option<&T> {
        self.get_for(&doc.revision())
    }

    /// Whether the value belongs to this revision of `doc`.
    pub fn is_current(&self, doc: &Document) -> bool {
        self.current(doc).is_some()
    }

    /// Brings the last value, whatever revision it came from, up to date with `doc` by
    /// `refresh`, which may decline (returning `false`, the value as it was). Returns whether
    /// the value is now `doc`'s.
    pub fn refresh(&mut self, doc: &Document, refresh: impl FnOnce(&mut T) -> bool) -> bool {
        let Some((revision, value)) = &mut self.entry else {
            return false;
        };
        if *revision != doc.revision() {
            if !refresh(value) {
                return false;
            }
            *revision = doc.revision();
        }
        true
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
    fn a_key_of_several_parts_derives_again_when_any_part_changes() {
        let mut cache: RevisionCache<String, (u64, Option<String>)> = RevisionCache::default();
        let runs = std::cell::Cell::new(0);
        let mut derive = |key: (u64, Option<&str>)| {
            cache
                .get_with((key.0, key.1.map(str::to_owned)), |k| {
                    runs.set(runs.get() + 1);
                    format!("{}:{}", k.0, k.1.as_deref().unwrap_or("everyone"))
                })
                .clone()
        };
        assert_eq!(derive((1, None)), "1:everyone");
        assert_eq!(derive((1, None)), "1:everyone");
        assert_eq!(derive((1, Some("early"))), "1:early");
        assert_eq!(derive((2, Some("early"))), "2:early");
        assert_eq!(runs.get(), 3);
        let key = (2, Some("early".to_owned()));
        assert!(cache.is_for(&key));
        assert!(!cache.is_for(&(2, None)));
        // Taken out for the wrong key, the value is gone; for the right one it comes back.
        let mut other = cache.clone();
        assert_eq!(other.take_for(&(3, None)), None);
        assert_eq!(other.latest(), None);
        let value = cache.take_for(&key).unwrap();
        assert_eq!(cache.latest(), None);
        cache.store(key.clone(), value);
        assert_eq!(cache.get_for(&key).map(String::as_str), Some("2:early"));
        cache.clear();
        assert_eq!(cache.latest(), None);
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
