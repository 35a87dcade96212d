//! What an edit changed, told by pointer: the stretches of steps (or links) that are not the
//! very ones the index was folded from, and what each kind of item folds into a chunk.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::Arc;

use super::chunk::Chunk;
use super::{Field, SearchIndex};
use crate::model::{Link, Step};

/// Whether two lists hold the very same items (by pointer), in the same order.
pub(super) fn same_items<T>(a: &[Arc<T>], b: &[Arc<T>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| Arc::ptr_eq(a, b))
}

/// How the steps (or links) an index was folded from became a document's: the stretches the
/// edit changed, each some old items (by position in the old list) replaced by some of the
/// document's (by position in its list), in order. Between the stretches the items are the
/// same; in a stretch every item of the document is folded again and every old one is gone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Diff {
    pub(super) hunks: Vec<(Range<usize>, Range<usize>)>,
    /// How many items are folded again.
    pub(super) refolds: usize,
    /// The items outside the stretches that are other `Arc`s with the same id and words
    /// (moved steps), to be put in the index's list.
    pub(super) relinked: Vec<usize>,
}

impl Diff {
    /// Compares by pointer, and items that are not the same `Arc` by their id and searchable
    /// text (a moved step is a new `Arc` with the same words). In between the common
    /// beginning and end, the old items are found by address, so items that were only
    /// passed by an insertion or removal elsewhere keep their folded text: an item of the
    /// document is kept when it is an old item after the one kept before it.
    pub(super) fn between<T: Searchable>(old: &[Arc<T>], new: &[Arc<T>]) -> Self {
        let mut relinked = Vec::new();
        let mut same = |i: usize, a: &Arc<T>, b: &Arc<T>| {
            if Arc::ptr_eq(a, b) {
                true
            } else if a.same_text(b) {
                relinked.push(i);
                true
            } else {
                false
            }
        };
        let mut start = same_run(old.iter(), new.iter());
        while start < old.len().min(new.len()) && same(start, &old[start], &new[start]) {
            start += 1;
        }
        let end_run = same_run(old[start..].iter().rev(), new[start..].iter().rev());
        let (mut old_end, mut new_end) = (old.len() - end_run, new.len() - end_run);
        while old_end > start
            && new_end > start
            && same(new_end - 1, &old[old_end - 1], &new[new_end - 1])
        {
            old_end -= 1;
            new_end -= 1;
        }
        // Old items before `next` are taken or passed over. Most edits insert or remove a few
        // items here and there, so the next old item, or one a little further on, is the one;
        // only when neither is are the old items looked up by address.
        let mut next = start;
        let mut at: Option<HashMap<*const T, usize, BuildHasherDefault<AddressHasher>>> = None;
        let mut hunks = Vec::new();
        let mut refolds = 0;
        // Where the current stretch began, in the old and the new list.
        let (mut old_from, mut new_from) = (start, start);
        for (new_at, item) in new.iter().enumerate().take(new_end).skip(start) {
            let near = old[next..old_end]
                .iter()
                .take(LOOK_AHEAD)
                .position(|o| Arc::ptr_eq(o, item))
                .map(|k| next + k);
            let kept = near.or_else(|| {
                let at = at.get_or_insert_with(|| {
                    old[start..old_end]
                        .iter()
                        .enumerate()
                        .map(|(i, item)| (Arc::as_ptr(item), start + i))
                        .collect()
                });
                at.get(&Arc::as_ptr(item)).copied().filter(|&i| i >= next)
            });
            let Some(old_at) = kept else {
                refolds += 1;
                continue;
            };
            next = old_at + 1;
            if old_at > old_from || new_at > new_from {
                hunks.push((old_from..old_at, new_from..new_at));
            }
            (old_from, new_from) = (old_at + 1, new_at + 1);
        }
        if old_end > old_from || new_end > new_from {
            hunks.push((old_from..old_end, new_from..new_end));
        }
        Self {
            hunks,
            refolds,
            relinked,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.hunks.is_empty() && self.relinked.is_empty()
    }
}

/// How many items the two lists begin with that are the very same `Arc`s, compared sixteen
/// at a time (without a branch per item, the compiler compares them side by side).
fn same_run<'a, T: 'a>(
    a: impl Iterator<Item = &'a Arc<T>> + Clone,
    b: impl Iterator<Item = &'a Arc<T>> + Clone,
) -> usize {
    const RUN: usize = 16;
    let mut pairs = a.zip(b);
    let mut count = 0;
    loop {
        let run = pairs.clone().take(RUN);
        let (n, all) = run.fold((0, true), |(n, all), (x, y)| {
            (n + 1, all & Arc::ptr_eq(x, y))
        });
        if n < RUN || !all {
            return count + pairs.take_while(|(x, y)| Arc::ptr_eq(x, y)).count();
        }
        count += RUN;
        pairs.nth(RUN - 1);
    }
}

/// How far on [`Diff::between`] looks for an old item before looking it up by address.
const LOOK_AHEAD: usize = 8;

/// Hashes an address for [`Diff::between`]'s map: a multiplication, its high bits folded into
/// the low ones (addresses share their lowest bits).
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0.rotate_left(8) ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 29);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A step or a link, as a search index folds it.
pub(super) trait Searchable: Sized {
    /// The index's own list of the items of this kind.
    fn list(index: &mut SearchIndex) -> &mut Vec<Arc<Self>>;

    /// The index's chunks of the items of this kind.
    fn chunks(index: &mut SearchIndex) -> &mut Vec<Chunk>;

    /// Folds the item's entries into `chunk` as its item number `item`.
    fn fold(&self, chunk: &mut Chunk, item: u32);

    /// Whether the two are the same step (or link) with the same searchable text. (Another
    /// item with the same words would do for the index too, but taking it for this one
    /// would make the index hold items the document no longer has.)
    fn same_text(&self, other: &Self) -> bool;
}

impl Searchable for Step {
    fn list(index: &mut SearchIndex) -> &mut Vec<Arc<Self>> {
        &mut index.steps
    }

    fn chunks(index: &mut SearchIndex) -> &mut Vec<Chunk> {
        &mut index.step_chunks
    }

    fn fold(&self, chunk: &mut Chunk, item: u32) {
        chunk.push(item, Field::Title, 0, &self.title);
        for (field, list) in [
            (Field::Touchpoints, &self.touchpoints),
            (Field::Channels, &self.channels),
            (Field::PainPoints, &self.pain_points),
            (Field::Opportunities, &self.opportunities),
        ] {
            for (entry, text) in list.iter().enumerate() {
                chunk.push(item, field, entry as u32, text);
            }
        }
        chunk.push(item, Field::Notes, 0, &self.notes);
    }

    fn same_text(&self, other: &Self) -> bool {
        self.id == other.id
            && self.title == other.title
            && self.notes == other.notes
            && self.touchpoints == other.touchpoints
            && self.channels == other.channels
            && self.pain_points == other.pain_points
            && self.opportunities == other.opportunities
    }
}

impl Searchable for Link {
    fn list(index: &mut SearchIndex) -> &mut Vec<Arc<Self>> {
        &mut index.links
    }

    fn chunks(index: &mut SearchIndex) -> &mut Vec<Chunk> {
        &mut index.link_chunks
    }

    fn fold(&self, chunk: &mut Chunk, item: u32) {
        chunk.push(item, Field::Label, 0, &self.label);
    }

    fn same_text(&self, other: &Self) -> bool {
        self.id == other.id && self.label == other.label
    }
}
