//! The storage of a document's steps and links: one slice for the editor, cheap to snapshot.
//!
//! A [`SharedList`] keeps its items (each an `Arc`) twice: as one `Vec`, which the editor
//! reads as a slice and edits in place, and in shared chunks of about [`CHUNK`] items, which
//! is what a clone takes. Cloning brings the chunks up to date with the `Vec` — by pointer:
//! chunks whose items are still the very same `Arc`s are kept, only the others are made
//! again — and shares them; the clone builds its own `Vec` from them when it is first read,
//! on whichever thread reads it (a worker writing a recovery copy, say).
//!
//! So a snapshot costs the editor a comparison of pointers and a few chunks, never a copy of
//! the whole list, and the editor's `Vec` is never shared: an edit made while a snapshot is
//! being written changes one item, whatever the size of the journey. (A plain
//! `Arc<Vec<Arc<_>>>` made the first edit after a snapshot copy the whole list, touching the
//! reference count of every item, while the worker touched them too.)

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// About how many items a chunk holds.
pub const CHUNK: usize = 1024;

/// A list of shared items: a slice to read and edit, and chunks to share with clones.
pub(super) struct SharedList<T> {
    /// The items as one list. A clone starts without it and builds it from `chunks` when it
    /// is first read.
    flat: OnceLock<Vec<Arc<T>>>,
    /// The same items in chunks, what a clone shares; behind `flat` after an edit until the
    /// next clone brings them up to date.
    chunks: Mutex<Chunks<T>>,
}

/// The chunks of a [`SharedList`].
struct Chunks<T> {
    parts: Arc<[Arc<[Arc<T>]>]>,
    /// Whether `flat` may have changed since `parts` were made from it.
    behind: bool,
}

impl<T> SharedList<T> {
    /// The items as one slice, built from the chunks on first use in a clone.
    pub fn as_slice(&self) -> &[Arc<T>] {
        self.flat.get_or_init(|| {
            let chunks = self.chunks.lock().unwrap_or_else(PoisonError::into_inner);
            flatten(&chunks.parts)
        })
    }

    /// The items as one list to edit in place (the chunks catch up at the next clone).
    pub fn make_mut(&mut self) -> &mut Vec<Arc<T>> {
        let chunks = self
            .chunks
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        chunks.behind = true;
        if self.flat.get().is_none() {
            self.flat = OnceLock::from(flatten(&chunks.parts));
        }
        self.flat
            .get_mut()
            .expect("the list is there, made just above if it was not")
    }

    /// Builds the list of items now (a clone otherwise builds it when first read).
    pub fn unshare(&mut self) {
        let _ = self.as_slice();
    }
}

impl<T> SharedList<T> {
    /// The list of `items`, each put behind its own `Arc`.
    pub fn of(items: Vec<T>) -> Self {
        // Not `collect`: it would reuse the buffer of `items` (several hundred bytes per
        // item) for the list of pointers (eight), and keep all of it.
        let mut flat = Vec::with_capacity(items.len());
        flat.extend(items.into_iter().map(Arc::new));
        Self::from(flat)
    }
}

impl<T> From<Vec<Arc<T>>> for SharedList<T> {
    fn from(flat: Vec<Arc<T>>) -> Self {
        let parts = chunked(&flat);
        Self {
            flat: OnceLock::from(flat),
            chunks: Mutex::new(Chunks {
                parts,
                behind: false,
            }),
        }
    }
}

impl<T> Default for SharedList<T> {
    fn default() -> Self {
        Self::from(Vec::new())
    }
}

impl<T> Clone for SharedList<T> {
    /// Shares the chunks, first bringing those that changed up to date; the clone's own
    /// list is built when it is first read.
    fn clone(&self) -> Self {
        let mut chunks = self.chunks.lock().unwrap_or_else(PoisonError::into_inner);
        if chunks.behind {
            if let Some(flat) = self.flat.get() {
                chunks.parts = caught_up(&chunks.parts, flat);
            }
            chunks.behind = false;
        }
        Self {
            flat: OnceLock::new(),
            chunks: Mutex::new(Chunks {
                parts: Arc::clone(&chunks.parts),
                behind: false,
            }),
        }
    }
}

impl<T> Deref for SharedList<T> {
    type Target = [Arc<T>];

    fn deref(&self) -> &[Arc<T>] {
        self.as_slice()
    }
}

impl<T: PartialEq> PartialEq for SharedList<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: fmt::Debug> fmt::Debug for SharedList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

/// All the items of `parts`, in one list.
fn flatten<T>(parts: &[Arc<[Arc<T>]>]) -> Vec<Arc<T>> {
    let mut flat = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        flat.extend(part.iter().cloned());
    }
    flat
}

/// `items` in chunks of at most [`CHUNK`], as even as can be.
fn chunked<T>(items: &[Arc<T>]) -> Arc<[Arc<[Arc<T>]>]> {
    chunks_of(items).collect()
}

fn chunks_of<T>(items: &[Arc<T>]) -> impl Iterator<Item = Arc<[Arc<T>]>> + '_ {
    let size = items
        .len()
        .div_ceil(items.len().div_ceil(CHUNK).max(1))
        .max(1);
    items.chunks(size).map(Arc::from)
}

/// The chunks of `flat`, keeping those of `parts` at the start and at the end that still hold
/// the very same items (by pointer) and making only the ones between them again.
fn caught_up<T>(parts: &[Arc<[Arc<T>]>], flat: &[Arc<T>]) -> Arc<[Arc<[Arc<T>]>]> {
    let same = |part: &[Arc<T>], items: &[Arc<T>]| {
        part.len() == items.len() && part.iter().zip(items).all(|(a, b)| Arc::ptr_eq(a, b))
    };
    let (mut front, mut start) = (0, 0);
    for part in parts {
        let Some(items) = flat.get(start..start + part.len()) else {
            break;
        };
        if !same(part, items) {
            break;
        }
        front += 1;
        start += part.len();
    }
    let (mut back, mut end) = (0, flat.len());
    for part in parts[front..].iter().rev() {
        let Some(items) = end
            .checked_sub(part.len())
            .filter(|&s| s >= start)
            .map(|s| &flat[s..end])
        else {
            break;
        };
        if !same(part, items) {
            break;
        }
        back += 1;
        end -= part.len();
    }
    parts[..front]
        .iter()
        .cloned()
        .chain(chunks_of(&flat[start..end]))
        .chain(parts[parts.len() - back..].iter().cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<Arc<usize>> {
        (0..n).map(Arc::new).collect()
    }

    fn chunk_lengths<T>(list: &SharedList<T>) -> Vec<usize> {
        let chunks = list.chunks.lock().unwrap();
        chunks.parts.iter().map(|p| p.len()).collect()
    }

    #[test]
    fn a_clone_shares_chunks_and_builds_its_list_when_read() {
        let list = SharedList::from(items(2500));
        assert_eq!(chunk_lengths(&list), [834, 834, 832]);
        let clone = list.clone();
        assert!(clone.flat.get().is_none(), "nothing is copied until read");
        assert_eq!(clone.as_slice(), list.as_slice());
        assert!(Arc::ptr_eq(&clone[7], &list[7]));
        assert_eq!(format!("{:?}", SharedList::from(items(2))), "[0, 1]");
    }

    #[test]
    fn an_edit_after_a_clone_changes_one_item_and_one_chunk() {
        let mut list = SharedList::from(items(3000));
        let snapshot = list.clone();
        // The editor's list is its own: replacing an item leaves the snapshot as it was.
        list.make_mut()[1500] = Arc::new(0);
        assert_eq!(*snapshot[1500], 1500);
        let before: Vec<_> = {
            let chunks = list.chunks.lock().unwrap();
            chunks.parts.iter().cloned().collect()
        };
        let again = list.clone();
        assert_eq!(*again[1500], 0);
        let chunks = list.chunks.lock().unwrap();
        assert!(Arc::ptr_eq(&chunks.parts[0], &before[0]));
        assert!(!Arc::ptr_eq(&chunks.parts[1], &before[1]), "made again");
        assert!(Arc::ptr_eq(&chunks.parts[2], &before[2]));
    }

    #[test]
    fn chunks_catch_up_with_inserts_removals_and_moves() {
        let mut list = SharedList::from(items(5000));
        let mut expected: Vec<usize> = (0..5000).collect();
        let check = |list: &SharedList<usize>, expected: &[usize]| {
            let clone = list.clone();
            let seen: Vec<usize> = clone.iter().map(|i| **i).collect();
            assert_eq!(seen, expected);
            assert!(
                chunk_lengths(list)
                    .iter()
                    .all(|&n| (1..=CHUNK).contains(&n))
            );
        };
        list.make_mut().insert(10, Arc::new(9999));
        expected.insert(10, 9999);
        check(&list, &expected);
        list.make_mut().remove(4000);
        expected.remove(4000);
        check(&list, &expected);
        let moved = list.make_mut().remove(0);
        list.make_mut().push(moved);
        let moved = expected.remove(0);
        expected.push(moved);
        check(&list, &expected);
        list.make_mut().clear();
        expected.clear();
        check(&list, &expected);
        list.make_mut().extend(items(3));
        expected.extend(0..3);
        check(&list, &expected);
        // A clone of a clone, edited before it was ever read.
        let mut clone = list.clone();
        clone.make_mut().push(Arc::new(7));
        expected.push(7);
        check(&clone, &expected);
    }

    #[derive(Clone, Debug)]
    enum Op {
        Replace(usize),
        Insert(usize),
        Remove(usize),
        Move(usize, usize),
        Clear,
        Extend(usize),
        /// A snapshot, first read at once or only at the end.
        Snapshot(bool),
        /// Go on editing the last snapshot instead (a clone of a clone).
        EditSnapshot,
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::prelude::*;
        prop_oneof![
            4 => any::<usize>().prop_map(Op::Replace),
            2 => any::<usize>().prop_map(Op::Insert),
            2 => any::<usize>().prop_map(Op::Remove),
            1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Move(a, b)),
            1 => Just(Op::Clear),
            1 => (0..2500usize).prop_map(Op::Extend),
            4 => any::<bool>().prop_map(Op::Snapshot),
            1 => Just(Op::EditSnapshot),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Whatever the edits between them, a snapshot holds the items of the list when it
        /// was taken (the very same ones), read at once or only after later edits, and the
        /// list's chunks stay within their size.
        #[test]
        fn snapshots_keep_the_items_they_were_taken_with(
            len in 0..5000usize,
            ops in proptest::collection::vec(op(), 1..40),
        ) {
            let mut next = len;
            let mut fresh = || {
                next += 1;
                Arc::new(next)
            };
            let mut list = SharedList::from(items(len));
            let mut expected: Vec<Arc<usize>> = list.to_vec();
            let mut snapshots: Vec<(SharedList<usize>, Vec<Arc<usize>>)> = Vec::new();
            for op in ops {
                let at = |i: usize, n: usize| if n == 0 { 0 } else { i % n };
                match op {
                    Op::Replace(i) if !expected.is_empty() => {
                        let i = at(i, expected.len());
                        let item = fresh();
                        list.make_mut()[i] = Arc::clone(&item);
                        expected[i] = item;
                    }
                    Op::Insert(i) => {
                        let i = at(i, expected.len() + 1);
                        let item = fresh();
                        list.make_mut().insert(i, Arc::clone(&item));
                        expected.insert(i, item);
                    }
                    Op::Remove(i) if !expected.is_empty() => {
                        let i = at(i, expected.len());
                        list.make_mut().remove(i);
                        expected.remove(i);
                    }
                    Op::Move(i, j) if !expected.is_empty() => {
                        let (i, j) = (at(i, expected.len()), at(j, expected.len()));
                        let item = list.make_mut().remove(i);
                        list.make_mut().insert(j, item);
                        let item = expected.remove(i);
                        expected.insert(j, item);
                    }
                    Op::Clear => {
                        list.make_mut().clear();
                        expected.clear();
                    }
                    Op::Extend(n) => {
                        let added: Vec<_> = (0..n).map(|_| fresh()).collect();
                        list.make_mut().extend(added.iter().cloned());
                        expected.extend(added);
                    }
                    Op::Snapshot(read) => {
                        let snapshot = list.clone();
                        if read {
                            proptest::prop_assert!(same(&snapshot, &expected));
                        }
                        snapshots.push((snapshot, expected.clone()));
                    }
                    Op::EditSnapshot => {
                        if let Some((snapshot, items)) = snapshots.last() {
                            list = snapshot.clone();
                            expected.clone_from(items);
                        }
                    }
                    Op::Replace(_) | Op::Remove(_) | Op::Move(..) => {}
                }
                proptest::prop_assert!(same(&list, &expected));
                proptest::prop_assert!(
                    chunk_lengths(&list).iter().all(|&n| (1..=CHUNK).contains(&n))
                );
            }
            for (snapshot, items) in &snapshots {
                proptest::prop_assert!(same(snapshot, items));
            }
            proptest::prop_assert!(same(&list.clone(), &expected), "a last snapshot");
        }
    }

    /// The very same items, in the same order.
    fn same(list: &SharedList<usize>, items: &[Arc<usize>]) -> bool {
        list.len() == items.len() && list.iter().zip(items).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}
