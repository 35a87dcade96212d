//! The index's chunks: the folded text of a run of consecutive steps (or links), where each
//! entry starts and what it is, how a chunk is searched, and how an edit rewrites chunks.

use std::ops::Range;
use std::sync::Arc;

use memchr::memmem;

use super::diff::Searchable;
use super::text::{byte_bit, fold_into, is_word_byte, word_start_match};
use super::{Field, Hit, Item, Needle, Ranked};

/// What an entry of the index is: which item (counted from its chunk's first), field and
/// list entry, and the first bytes of its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    /// The item's position, counted from the first item of its chunk.
    pub(super) item: u32,
    entry: u32,
    /// The first bytes of the entry's words, as [`byte_bit`]s: a match that starts a word
    /// is looked for only in an entry whose words start with the match's first byte.
    word_starts: u32,
    /// Every byte of the entry, as [`byte_bit`]s: a query of one letter is answered from
    /// these two masks, reading the text of only the entry where each item matches best.
    letters: u32,
    field: Field,
}

/// A run of consecutive steps (or links): their folded text, entries separated by a NUL byte
/// (which no folded query contains, so a match never spans two entries), where each entry
/// starts, and what it is.
#[derive(Clone, Debug, Default)]
pub(super) struct Chunk {
    /// How many items it holds, those without text too.
    pub(super) items: u32,
    /// Shared with the [`Matches`] of a one-letter query, which find their hits' places in
    /// it when asked (see [`Matches::hit`]); a chunk is never changed once built.
    pub(super) text: Arc<String>,
    /// Where each entry starts in `text`, apart from `spans` so that walking on to the entry
    /// of a match reads four bytes per entry passed.
    pub(super) starts: Vec<u32>,
    /// One per non-empty entry, in the order of the text.
    pub(super) spans: Vec<Span>,
}

/// About how many bytes of folded text a chunk holds: an edit copies one or two chunks
/// (tens of microseconds), and a search starts a few hundred times in a large journey.
#[cfg(not(test))]
const CHUNK_BYTES: usize = 16 * 1024;
/// Small in the unit tests, so that their journeys are cut into many chunks.
#[cfg(test)]
pub(super) const CHUNK_BYTES: usize = 200;

impl Chunk {
    /// Folds `text` in as an entry of item number `item` of this chunk.
    pub(super) fn push(&mut self, item: u32, field: Field, entry: u32, text: &str) {
        if text.is_empty() {
            return;
        }
        let folded = Arc::make_mut(&mut self.text);
        let start = folded.len();
        fold_into(text, folded);
        let mut word_starts = 0;
        let mut in_word = false;
        for (at, c) in folded[start..].char_indices() {
            if !in_word {
                word_starts |= byte_bit(folded.as_bytes()[start + at]);
            }
            in_word = c.is_alphanumeric();
        }
        let letters = folded.as_bytes()[start..]
            .iter()
            .fold(0, |letters, &b| letters | byte_bit(b));
        self.starts.push(start as u32);
        self.spans.push(Span {
            item,
            entry,
            word_starts,
            letters,
            field,
        });
        folded.push(SEPARATOR);
    }

    /// The chunk holding no more memory than it fills.
    fn tight(mut self) -> Self {
        Arc::make_mut(&mut self.text).shrink_to_fit();
        self.starts.shrink_to_fit();
        self.spans.shrink_to_fit();
        self
    }

    /// Where the entry of span number `span` ends: the place of its separator.
    fn entry_end(&self, span: usize) -> usize {
        self.starts
            .get(span + 1)
            .map_or(self.text.len(), |&s| s as usize)
            - 1
    }

    /// The first span of item number `item` or of a later one.
    pub(super) fn first_span(&self, item: u32) -> usize {
        self.spans.partition_point(|s| s.item < item)
    }

    /// Appends the entries of `from`'s items in `items` as the items after this chunk's.
    fn append(&mut self, from: &Self, items: Range<u32>) {
        let (first, last) = (from.first_span(items.start), from.first_span(items.end));
        let text_at = |span: usize| {
            from.starts
                .get(span)
                .map_or(from.text.len(), |&s| s as usize)
        };
        let (text_from, text_to) = (text_at(first), text_at(last));
        let shift = (self.text.len() as u32).wrapping_sub(text_from as u32);
        let renumber = self.items.wrapping_sub(items.start);
        Arc::make_mut(&mut self.text).push_str(&from.text[text_from..text_to]);
        self.starts.extend(
            from.starts[first..last]
                .iter()
                .map(|s| s.wrapping_add(shift)),
        );
        self.spans
            .extend(from.spans[first..last].iter().map(|s| Span {
                item: s.item.wrapping_add(renumber),
                ..*s
            }));
        self.items += items.end - items.start;
    }

    /// This chunk as chunks of about [`CHUNK_BYTES`], each of whole items; none if it holds
    /// no items.
    fn split(self) -> Vec<Self> {
        if self.items == 0 {
            return Vec::new();
        }
        if self.text.len() <= 2 * CHUNK_BYTES {
            return vec![self.tight()];
        }
        let mut pieces = Vec::new();
        let (mut item_from, mut text_from) = (0, 0);
        for (span, &start) in self.starts.iter().enumerate() {
            // Cut before the first item whose text starts that far on.
            let item = self.spans[span].item;
            let starts_item = span == 0 || self.spans[span - 1].item != item;
            if starts_item && start as usize - text_from >= CHUNK_BYTES {
                let mut piece = Self::default();
                piece.append(&self, item_from..item);
                pieces.push(piece.tight());
                (item_from, text_from) = (item, start as usize);
            }
        }
        let mut piece = Self::default();
        piece.append(&self, item_from..self.items);
        pieces.push(piece.tight());
        pieces
    }

    /// Looks for the needle in this chunk, whose first item is number `first` of its kind,
    /// and ranks the best hit of each matched item.
    pub(super) fn search(
        &self,
        finder: &memmem::Finder<'_>,
        needle: &Needle<'_>,
        first: u32,
        ranked: &mut Ranked,
    ) {
        let text = self.text.as_bytes();
        // Occurrences come in ascending order, so the span of each is found by walking on.
        let mut span = 0;
        let mut best: Option<Hit> = None;
        let mut from = 0;
        while let Some(found) = finder.find(&text[from..]) {
            let at = from + found;
            while span + 1 < self.starts.len() && self.starts[span + 1] as usize <= at {
                span += 1;
            }
            let hit = self.best_in_entry(span, at, needle);
            let best = match &mut best {
                Some(b) if b.item == hit.item => {
                    if (hit.tier, hit.field) < (b.tier, b.field) {
                        *b = hit;
                    }
                    b
                }
                _ => {
                    if let Some(done) = best.replace(hit) {
                        ranked.push(&done, first);
                    }
                    best.insert(hit)
                }
            };
            let next = self.better_entry(span + 1, best, needle);
            from = self.starts.get(next).map_or(text.len(), |&s| s as usize);
        }
        if let Some(done) = best {
            ranked.push(&done, first);
        }
    }

    /// [`Chunk::search`] for a query of one lower-case ASCII letter, whose [`byte_bit`] is
    /// its own: whether an entry holds the letter, and whether one of its words starts with
    /// it, is told by its masks, so no text is read. Each hit's `start` is where its entry
    /// starts in this chunk's text ([`Unplaced`] finds the match's place when asked).
    /// `holding` is room for the numbers of the entries that hold the letter.
    pub(super) fn search_letter(
        &self,
        letter: u8,
        first: u32,
        ranked: &mut Ranked,
        holding: &mut Vec<u32>,
    ) {
        let bit = byte_bit(letter);
        // The entries holding the letter, found without a branch per entry (whether one does
        // is as good as random).
        holding.clear();
        holding.resize(self.spans.len(), 0);
        let mut found = 0;
        for (span, s) in self.spans.iter().enumerate() {
            holding[found] = span as u32;
            found += usize::from(s.letters & bit != 0);
        }
        let holding = &holding[..found];
        let tier = |span: usize| {
            let whole = self.entry_end(span) - self.starts[span] as usize == 1;
            let word = self.spans[span].word_starts & bit != 0;
            u8::from(!whole) * (2 - u8::from(word))
        };
        let mut k = 0;
        while k < holding.len() {
            let span = holding[k] as usize;
            let item = self.spans[span].item;
            // The item's entries come in the order of their fields: the first of the lowest
            // tier is its best.
            let (mut best, mut best_tier) = (span, tier(span));
            k += 1;
            while let Some(&later) = holding.get(k) {
                let later = later as usize;
                if self.spans[later].item != item {
                    break;
                }
                let t = tier(later);
                if t < best_tier {
                    (best, best_tier) = (later, t);
                }
                k += 1;
            }
            let Span { entry, field, .. } = self.spans[best];
            ranked.push(
                &Hit {
                    item: Item::Step(item),
                    field,
                    entry,
                    start: self.starts[best],
                    len: 1,
                    tier: best_tier,
                },
                first,
            );
        }
    }

    /// The best match in the entry of span number `span`, whose first match is at `at`: the
    /// whole entry, else the first at the start of a word, else this first one, inside a
    /// word. (An item's entries come in the order of their fields, so a later match in the
    /// same entry could only be better by its tier.) The hit's item is counted from the
    /// chunk's first.
    fn best_in_entry(&self, span: usize, at: usize, needle: &Needle<'_>) -> Hit {
        let text = self.text.as_bytes();
        let Span {
            item,
            entry,
            word_starts,
            field,
            ..
        } = self.spans[span];
        let start = self.starts[span] as usize;
        let end = self.entry_end(span);
        let (at, tier) = if at == start {
            (at, u8::from(at + needle.bytes.len() != end))
        } else if !is_word_byte(text, at - 1) {
            (at, 1)
        } else if word_starts & needle.first_bit == 0 {
            (at, 2)
        } else {
            word_start_match(text, needle.bytes, at, end).map_or((at, 2), |p| (p, 1))
        };
        Hit {
            item: Item::Step(item),
            field,
            entry,
            start: (at - start) as u32,
            len: needle.bytes.len() as u32,
            tier,
        }
    }

    /// The first span from number `next` on that might hold a better match for `best`'s item
    /// than `best` (or one of the next item). A later entry of the item can only do better
    /// by a lower tier: entries that cannot have a match starting a word are passed over,
    /// and after such a match, entries that are not the whole query; a whole one is taken
    /// on the way.
    fn better_entry(&self, mut next: usize, best: &mut Hit, needle: &Needle<'_>) -> usize {
        let (Item::Step(item) | Item::Link(item)) = best.item;
        while let Some(later) = self.spans.get(next).filter(|s| s.item == item) {
            let whole = || &self.text.as_bytes()[self.starts[next] as usize..self.entry_end(next)];
            if best.tier == 2 {
                if later.word_starts & needle.first_bit != 0 {
                    break;
                }
            } else if best.tier == 1 && whole() == needle.bytes {
                *best = Hit {
                    field: later.field,
                    entry: later.entry,
                    start: 0,
                    tier: 0,
                    ..*best
                };
            }
            next += 1;
        }
        next
    }
}

/// Folds each item in turn into chunks of about [`CHUNK_BYTES`].
pub(super) fn fold_chunks<T: Searchable>(items: &[Arc<T>]) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut chunk = Chunk::default();
    for item in items {
        if chunk.text.len() >= CHUNK_BYTES {
            chunks.push(std::mem::take(&mut chunk).tight());
        }
        let number = chunk.items;
        item.fold(&mut chunk, number);
        chunk.items += 1;
    }
    if chunk.items > 0 {
        chunks.push(chunk.tight());
    }
    chunks
}

/// Puts the items of `new`, folded, in place of the items at the positions `old` of the
/// chunks' items: the chunks holding the first and the last of them (or the one where they
/// go) become the items before, the new ones and the items after, cut into chunks again.
pub(super) fn replace<T: Searchable>(chunks: &mut Vec<Chunk>, old: Range<usize>, new: &[Arc<T>]) {
    if chunks.is_empty() {
        chunks.push(Chunk::default());
    }
    // The chunk holding the first item replaced (the last chunk, to add at the end)...
    let (mut first, mut first_base) = (0, 0);
    while first + 1 < chunks.len() && first_base + chunks[first].items as usize <= old.start {
        first_base += chunks[first].items as usize;
        first += 1;
    }
    // ... and the one holding the last (the same one when none is replaced).
    let (mut last, mut last_base) = (first, first_base);
    while last + 1 < chunks.len() && last_base + (chunks[last].items as usize) < old.end {
        last_base += chunks[last].items as usize;
        last += 1;
    }
    let mut merged = Chunk::default();
    merged.append(&chunks[first], 0..(old.start - first_base) as u32);
    for item in new {
        let number = merged.items;
        item.fold(&mut merged, number);
        merged.items += 1;
    }
    merged.append(
        &chunks[last],
        (old.end - last_base) as u32..chunks[last].items,
    );
    chunks.splice(first..=last, merged.split());
}

/// One entry of an index, numbered as in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Folded<'a> {
    pub(super) item: Item,
    pub(super) field: Field,
    pub(super) entry: u32,
    word_starts: u32,
    /// Its folded text.
    pub(super) text: &'a str,
}

/// The entries of a list of chunks, numbered from the first chunk's first item.
pub(super) fn entries_of(chunks: &[Chunk], link: bool) -> impl Iterator<Item = Folded<'_>> {
    let mut first = 0;
    chunks.iter().flat_map(move |chunk| {
        let base = first;
        first += chunk.items;
        chunk.spans.iter().enumerate().map(move |(i, s)| Folded {
            item: if link {
                Item::Link(base + s.item)
            } else {
                Item::Step(base + s.item)
            },
            field: s.field,
            entry: s.entry,
            word_starts: s.word_starts,
            text: &chunk.text[chunk.starts[i] as usize..chunk.entry_end(i)],
        })
    })
}

pub(super) const SEPARATOR: char = '\0';
