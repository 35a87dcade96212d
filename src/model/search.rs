//! Finding words in a journey: step titles, notes, channels, touchpoints, pain points,
//! opportunities and link labels, ignoring case and accents.
//!
//! Text is folded into a [`SearchIndex`] (lower case, accents stripped: Unicode canonical
//! decomposition with the combining marks removed, by the `unicode-normalization` crate); a
//! query is folded the same way and looked for with a substring search over the whole index
//! (`memchr::memmem`), so a keystroke costs one pass over the folded text however many steps
//! there are. The text is kept in chunks of consecutive steps (or links), about 16 KiB each,
//! whose items are numbered from the chunk's first: an edit rewrites the one or two chunks
//! that hold what it changed, and renumbers nothing else. A query of one letter, which may
//! match half the journey, is answered from two masks per entry (the letters it holds, the
//! letters its words start with), reading only the text of each item's best entry.
//!
//! After an edit the index is brought up to date with [`SearchIndex::update`], which folds
//! again only what changed. It finds that by pointer: a document shares its steps and links
//! (`Arc`s) with its earlier revisions, and an edit replaces exactly the ones it changes, so
//! only the steps and links that are not the very ones the index was folded from can have
//! changed (and of those, only the ones whose words differ need folding again: a moved step
//! has the same). This needs no word from the history about which edit happened (undo, redo,
//! a batch or a whole new journey are all alike), and the index keeps the `Arc`s it was
//! folded from, so an address cannot be reused by a new step while the index remembers it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::Arc;

use memchr::memmem;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use super::{Document, Link, Step};

/// Where in a step or link a query matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// A step's title.
    Title,
    /// One of a step's touchpoints.
    Touchpoints,
    /// One of a step's channels.
    Channels,
    /// One of a step's pain points.
    PainPoints,
    /// One of a step's opportunities.
    Opportunities,
    /// A link's label.
    Label,
    /// A step's notes.
    Notes,
}

impl Field {
    /// Every field, in the order matches rank them.
    pub const ALL: [Self; 7] = [
        Self::Title,
        Self::Touchpoints,
        Self::Channels,
        Self::PainPoints,
        Self::Opportunities,
        Self::Label,
        Self::Notes,
    ];

    /// Its name for the list of matches.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Touchpoints => "touchpoint",
            Self::Channels => "channel",
            Self::PainPoints => "pain point",
            Self::Opportunities => "opportunity",
            Self::Label => "link label",
            Self::Notes => "notes",
        }
    }
}

/// A step or a link, by its position in [`Document::steps`] or [`Document::links`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// The step at this position.
    Step(u32),
    /// The link at this position.
    Link(u32),
}

/// One matched step or link, with the best place it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// What matched.
    pub item: Item,
    /// In which field.
    pub field: Field,
    /// Which entry of a list field (0 for plain text fields).
    pub entry: u32,
    /// Where the match starts in the folded text of that entry, in bytes.
    pub start: u32,
    /// How many folded bytes it covers.
    pub len: u32,
    /// How good a match it is: 0 the whole entry, 1 at the start of a word, 2 inside a word.
    pub tier: u8,
}

/// Every match of one query, best first, and the matched items in document order for marking
/// them on a view.
///
/// The hits are kept as the search ranked them, one list per tier and field, so a large
/// number of them is written once and never copied into one list; [`Matches::hit`] finds the
/// one at a place in the whole order. A one-letter query (tens of thousands of hits in a
/// large journey) finds where in its entry each hit is only when the hit is asked for, from
/// the index's text, which the matches share for as long as they are kept.
#[derive(Clone, Default)]
pub struct Matches {
    /// The folded query.
    pub query: String,
    /// The hits of each tier and field ([`rank`] gives a list's place), in document order.
    lists: [Vec<Found>; RANKS],
    /// Positions of the matched steps, ascending.
    pub steps: Vec<u32>,
    /// Positions of the matched links, ascending.
    pub links: Vec<u32>,
    /// For a one-letter query, the text the hits are in; their `start` is then where their
    /// entry starts in its chunk's text.
    unplaced: Option<Unplaced>,
}

/// The chunks of text the hits of a one-letter query were found in, each with the number of
/// its first item: of the steps, and of the links.
#[derive(Clone)]
struct Unplaced {
    letter: u8,
    chunks: [Vec<(u32, Arc<String>)>; 2],
}

impl Unplaced {
    /// The chunks of an index, for hits of `letter`.
    fn of(index: &SearchIndex, letter: u8) -> Self {
        let firsts = |chunks: &[Chunk]| {
            let mut first = 0;
            chunks
                .iter()
                .map(|c| {
                    first += c.items;
                    (first - c.items, Arc::clone(&c.text))
                })
                .collect()
        };
        Self {
            letter,
            chunks: [firsts(&index.step_chunks), firsts(&index.link_chunks)],
        }
    }

    /// Where in its entry the first match of the letter of this tier is, for a hit of a link
    /// (or a step) whose `start` is where the entry starts in its chunk.
    fn place(&self, link: bool, tier: u8, found: Found) -> u32 {
        let chunks = &self.chunks[usize::from(link)];
        let chunk = chunks
            .partition_point(|&(first, _)| first <= found.item)
            .saturating_sub(1);
        let Some((_, text)) = chunks.get(chunk) else {
            return 0;
        };
        let (text, letter, start) = (text.as_bytes(), self.letter, found.start as usize);
        let end = first_byte(text, 0, start, text.len()).unwrap_or(text.len());
        let at = match tier {
            0 => Some(start),
            1 => (start..end)
                .find(|&p| text[p] == letter && (p == start || !is_word_byte(text, p - 1))),
            _ => first_byte(text, letter, start, end),
        };
        at.map_or(0, |at| at - start) as u32
    }
}

impl PartialEq for Matches {
    /// The same query with the same hits, in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.query == other.query
            && self.steps == other.steps
            && self.links == other.links
            && self.hits().eq(other.hits())
    }
}

impl Eq for Matches {}

impl std::fmt::Debug for Matches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matches")
            .field("query", &self.query)
            .field("hits", &self.hits().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Matches {
    /// How many steps and links matched.
    pub fn len(&self) -> usize {
        self.steps.len() + self.links.len()
    }

    /// Whether nothing matched.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The hit at this place of the order, best first.
    pub fn hit(&self, mut index: usize) -> Option<Hit> {
        for (rank, list) in self.lists.iter().enumerate() {
            if let Some(found) = list.get(index) {
                return Some(self.expand(rank, *found));
            }
            index -= list.len();
        }
        None
    }

    /// Every hit, best first.
    pub fn hits(&self) -> impl Iterator<Item = Hit> + '_ {
        self.lists
            .iter()
            .enumerate()
            .flat_map(move |(rank, list)| list.iter().map(move |f| self.expand(rank, *f)))
    }

    /// Whether the step at this position matched.
    pub fn has_step(&self, index: usize) -> bool {
        self.steps.binary_search(&(index as u32)).is_ok()
    }

    /// Whether the link at this position matched.
    pub fn has_link(&self, index: usize) -> bool {
        self.links.binary_search(&(index as u32)).is_ok()
    }

    /// The hit a list's entry stands for: its tier and field are the list's.
    fn expand(&self, rank: usize, found: Found) -> Hit {
        let field = Field::ALL[rank % FIELDS];
        Hit {
            item: if field == Field::Label {
                Item::Link(found.item)
            } else {
                Item::Step(found.item)
            },
            field,
            entry: found.entry,
            start: self.unplaced.as_ref().map_or(found.start, |u| {
                u.place(field == Field::Label, (rank / FIELDS) as u8, found)
            }),
            len: self.query.len() as u32,
            tier: (rank / FIELDS) as u8,
        }
    }
}

/// A hit as [`Matches`] keeps it: its tier and field are told by the list it is in, its kind
/// of item by the field (only links have labels), its length is the query's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    item: u32,
    entry: u32,
    start: u32,
}

/// How many fields there are.
const FIELDS: usize = Field::ALL.len();

/// How many lists of hits there are: one per tier and field.
const RANKS: usize = 3 * FIELDS;

/// The place of the list of hits of this tier and field, in the order hits rank.
const fn rank(tier: u8, field: Field) -> usize {
    tier as usize * FIELDS + field as usize
}

/// What an entry of the index is: which item (counted from its chunk's first), field and
/// list entry, and the first bytes of its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    /// The item's position, counted from the first item of its chunk.
    item: u32,
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
struct Chunk {
    /// How many items it holds, those without text too.
    items: u32,
    /// Shared with the [`Matches`] of a one-letter query, which find their hits' places in
    /// it when asked (see [`Matches::hit`]); a chunk is never changed once built.
    text: Arc<String>,
    /// Where each entry starts in `text`, apart from `spans` so that walking on to the entry
    /// of a match reads four bytes per entry passed.
    starts: Vec<u32>,
    /// One per non-empty entry, in the order of the text.
    spans: Vec<Span>,
}

/// About how many bytes of folded text a chunk holds: an edit copies one or two chunks
/// (tens of microseconds), and a search starts a few hundred times in a large journey.
#[cfg(not(test))]
const CHUNK_BYTES: usize = 16 * 1024;
/// Small in the unit tests, so that their journeys are cut into many chunks.
#[cfg(test)]
const CHUNK_BYTES: usize = 200;

impl Chunk {
    /// Folds `text` in as an entry of item number `item` of this chunk.
    fn push(&mut self, item: u32, field: Field, entry: u32, text: &str) {
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
    fn first_span(&self, item: u32) -> usize {
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
    fn search(
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
    fn search_letter(&self, letter: u8, first: u32, ranked: &mut Ranked, holding: &mut Vec<u32>) {
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

/// The searchable text of a journey, folded, in chunks of consecutive steps and of
/// consecutive links (an edit rewrites only the chunks holding what it changed), and the
/// steps and links it was folded from.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// The steps' entries, chunk by chunk in the order of the steps.
    step_chunks: Vec<Chunk>,
    /// The links' entries.
    link_chunks: Vec<Chunk>,
    /// The steps the text was folded from, to tell by pointer which ones an edit replaced.
    steps: Vec<Arc<Step>>,
    /// The links the text was folded from.
    links: Vec<Arc<Link>>,
}

impl PartialEq for SearchIndex {
    /// The same folded entries, from the very same steps and links, however they are cut
    /// into chunks.
    fn eq(&self, other: &Self) -> bool {
        same_items(&self.steps, &other.steps)
            && same_items(&self.links, &other.links)
            && self.entries().eq(other.entries())
    }
}

/// Whether two lists hold the very same items (by pointer), in the same order.
fn same_items<T>(a: &[Arc<T>], b: &[Arc<T>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| Arc::ptr_eq(a, b))
}

/// How the steps (or links) an index was folded from became a document's: the stretches the
/// edit changed, each some old items (by position in the old list) replaced by some of the
/// document's (by position in its list), in order. Between the stretches the items are the
/// same; in a stretch every item of the document is folded again and every old one is gone.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Diff {
    hunks: Vec<(Range<usize>, Range<usize>)>,
    /// How many items are folded again.
    refolds: usize,
    /// The items outside the stretches that are other `Arc`s with the same id and words
    /// (moved steps), to be put in the index's list.
    relinked: Vec<usize>,
}

impl Diff {
    /// Compares by pointer, and items that are not the same `Arc` by their id and searchable
    /// text (a moved step is a new `Arc` with the same words). In between the common
    /// beginning and end, the old items are found by address, so items that were only
    /// passed by an insertion or removal elsewhere keep their folded text: an item of the
    /// document is kept when it is an old item after the one kept before it.
    fn between<T: Searchable>(old: &[Arc<T>], new: &[Arc<T>]) -> Self {
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

    fn is_empty(&self) -> bool {
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
trait Searchable: Sized {
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

/// Folds each item in turn into chunks of about [`CHUNK_BYTES`].
fn fold_chunks<T: Searchable>(items: &[Arc<T>]) -> Vec<Chunk> {
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
fn replace<T: Searchable>(chunks: &mut Vec<Chunk>, old: Range<usize>, new: &[Arc<T>]) {
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
struct Folded<'a> {
    item: Item,
    field: Field,
    entry: u32,
    word_starts: u32,
    /// Its folded text.
    text: &'a str,
}

/// The entries of a list of chunks, numbered from the first chunk's first item.
fn entries_of(chunks: &[Chunk], link: bool) -> impl Iterator<Item = Folded<'_>> {
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

const SEPARATOR: char = '\0';

impl SearchIndex {
    /// Folds every searchable field of `doc`.
    pub fn build(doc: &Document) -> Self {
        Self {
            step_chunks: fold_chunks(doc.steps()),
            link_chunks: fold_chunks(doc.links()),
            steps: doc.steps().to_vec(),
            links: doc.links().to_vec(),
        }
    }

    /// Brings the index up to date with `doc`, folding again only the steps and links whose
    /// text changed (see the module's notes). Gives the same index as
    /// [`SearchIndex::build`]; returns how many steps and links were folded again.
    pub fn update(&mut self, doc: &Document) -> usize {
        self.update_at_most(doc, usize::MAX).unwrap_or_default()
    }

    /// [`SearchIndex::update`] if that folds at most `most` steps and links again; otherwise
    /// (`None`) the index is left as it was.
    pub fn update_at_most(&mut self, doc: &Document, most: usize) -> Option<usize> {
        let steps = Diff::between(&self.steps, doc.steps());
        let links = Diff::between(&self.links, doc.links());
        let refolds = steps.refolds + links.refolds;
        if refolds > most {
            return None;
        }
        self.apply(&steps, doc.steps());
        self.apply(&links, doc.links());
        Some(refolds)
    }

    /// Puts the document's `new` items in place of the index's, as `diff` says: their
    /// entries, and the items in the index's list. Only the stretches the edit changed are
    /// touched ([`Diff`]'s stretches), and of the entries only the chunks that hold them.
    fn apply<T: Searchable>(&mut self, diff: &Diff, new: &[Arc<T>]) {
        if diff.is_empty() {
            return;
        }
        // Front to back: before a stretch, the index is already numbered as the document.
        let mut shift = 0isize;
        for (old, added) in diff.hunks.iter().cloned() {
            let at = old.start.wrapping_add_signed(shift);
            let gone = old.len();
            replace(T::chunks(self), at..at + gone, &new[added.clone()]);
            T::list(self).splice(at..at + gone, new[added.clone()].iter().cloned());
            shift += added.len().cast_signed() - gone.cast_signed();
        }
        let list = T::list(self);
        for &i in &diff.relinked {
            list[i] = Arc::clone(&new[i]);
        }
    }

    /// Every step and link whose text contains `query`, ignoring case and accents; the best
    /// place of each: the whole entry before the start of a word before inside a word, then
    /// title, touchpoints, channels, pain points, opportunities, link label, notes; ties in
    /// document order, steps before links. An empty query (or only spaces) matches nothing.
    pub fn search(&self, query: &str) -> Matches {
        let mut folded = String::new();
        fold_into(query.trim(), &mut folded);
        folded.retain(|c| c != SEPARATOR);
        let mut matches = Matches {
            query: folded,
            ..Matches::default()
        };
        let Some(&first) = matches.query.as_bytes().first() else {
            return matches;
        };
        let needle = Needle {
            bytes: matches.query.as_bytes(),
            first_bit: byte_bit(first),
        };
        let finder = memmem::Finder::new(needle.bytes);
        // Each item's best hit goes into the list of its tier and field, in document order;
        // the lists one after the other are the hits best first.
        let mut ranked = Ranked::new(self.steps.len() + self.links.len());
        let mut holding = Vec::new();
        let letter = match needle.bytes {
            &[letter] if letter.is_ascii_lowercase() => Some(letter),
            _ => None,
        };
        for chunks in [&self.step_chunks, &self.link_chunks] {
            let mut first = 0;
            for chunk in chunks {
                match letter {
                    Some(letter) => chunk.search_letter(letter, first, &mut ranked, &mut holding),
                    None => chunk.search(&finder, &needle, first, &mut ranked),
                }
                first += chunk.items;
            }
        }
        (matches.lists, matches.steps, matches.links) = ranked.finish();
        matches.unplaced = letter.map(|letter| Unplaced::of(self, letter));
        matches
    }

    /// How many bytes of folded text the index holds.
    pub fn len(&self) -> usize {
        self.step_chunks
            .iter()
            .chain(&self.link_chunks)
            .map(|c| c.text.len())
            .sum()
    }

    /// Whether there is nothing to search.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every entry, steps first, numbered as in the document.
    fn entries(&self) -> impl Iterator<Item = Folded<'_>> {
        entries_of(&self.step_chunks, false).chain(entries_of(&self.link_chunks, true))
    }
}

/// Hits gathered by tier and field as they are found, in document order within each, and
/// the positions of the matched steps and links.
struct Ranked {
    /// One list per tier and field, in the order hits are ranked ([`rank`]).
    lists: [Vec<Found>; RANKS],
    steps: Vec<u32>,
    links: Vec<u32>,
    /// How many more items there are to match at most.
    left: usize,
}

impl Ranked {
    /// Ready for hits among this many items.
    fn new(items: usize) -> Self {
        Self {
            lists: Default::default(),
            steps: Vec::new(),
            links: Vec::new(),
            left: items,
        }
    }

    /// Adds the best hit of the next matched item (items come in document order), whose
    /// item is counted from number `first`.
    #[inline]
    fn push(&mut self, hit: &Hit, first: u32) {
        let (Item::Step(n) | Item::Link(n)) = hit.item;
        let item = first + n;
        let list = &mut self.lists[rank(hit.tier, hit.field)];
        if list.capacity() == 0 {
            // Room for every item left, taken as the list fills: a list never grows by
            // copying, and memory not written is never touched.
            list.reserve_exact(self.left);
        }
        list.push(Found {
            item,
            entry: hit.entry,
            start: hit.start,
        });
        let numbers = if hit.field == Field::Label {
            &mut self.links
        } else {
            &mut self.steps
        };
        if numbers.capacity() == 0 {
            numbers.reserve_exact(self.left);
        }
        numbers.push(item);
        self.left = self.left.saturating_sub(1);
    }

    /// The lists of hits, the matched steps and the matched links, holding no more memory
    /// than they fill.
    fn finish(mut self) -> ([Vec<Found>; RANKS], Vec<u32>, Vec<u32>) {
        for list in &mut self.lists {
            list.shrink_to_fit();
        }
        self.steps.shrink_to_fit();
        self.links.shrink_to_fit();
        (self.lists, self.steps, self.links)
    }
}

/// A folded query, and the [`byte_bit`] of its first byte.
struct Needle<'a> {
    bytes: &'a [u8],
    first_bit: u32,
}

/// A bit standing for a byte that starts a word (or follows a character that is not part of
/// one): each lower-case ASCII letter its own, the others sharing a few.
fn byte_bit(b: u8) -> u32 {
    if b.is_ascii_lowercase() {
        1 << (b - b'a')
    } else if b.is_ascii_digit() {
        1 << 26
    } else {
        1 << (27 + b % 5)
    }
}

/// The place of the first `byte` in `text` from `start` to `end`, looked for eight bytes at a
/// time (an entry is short: without memchr's start-up, and without a branch per byte).
fn first_byte(text: &[u8], byte: u8, start: usize, end: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let pattern = u64::from_ne_bytes([byte; 8]);
    let mut at = start;
    while at < end {
        let Some(word) = text.get(at..at + 8) else {
            return text[at..end]
                .iter()
                .position(|&b| b == byte)
                .map(|p| at + p);
        };
        let word = u64::from_le_bytes(word.try_into().ok()?) ^ pattern;
        // The high bit of each byte that was `byte` (and maybe of bytes after one): the
        // lowest is the first.
        let found = word.wrapping_sub(ONES) & !word & HIGHS;
        if found != 0 {
            let p = at + (found.trailing_zeros() / 8) as usize;
            return (p < end).then_some(p);
        }
        at += 8;
    }
    None
}

/// The first match of `needle` after `at` and before `end` that starts a word.
fn word_start_match(text: &[u8], needle: &[u8], at: usize, end: usize) -> Option<usize> {
    let last = end.checked_sub(needle.len())?;
    let first = *needle.first()?;
    // A match cannot start inside a character: the needle starts with a character's first
    // byte.
    (at + 1..=last).find(|&p| {
        text[p] == first && !is_word_byte(text, p - 1) && text[p..p + needle.len()] == *needle
    })
}

/// Whether the folded character ending at byte `at` is a letter or digit (a match right after
/// it starts inside a word).
#[inline]
fn is_word_byte(text: &[u8], at: usize) -> bool {
    let b = text[at];
    if b.is_ascii() {
        b.is_ascii_alphanumeric()
    } else {
        ends_word_character(text, at)
    }
}

/// [`is_word_byte`] for a byte that is part of a character of several bytes.
fn ends_word_character(text: &[u8], at: usize) -> bool {
    // The start of the character that ends at `at`.
    let mut start = at;
    while start > 0 && (text[start] & 0xC0) == 0x80 {
        start -= 1;
    }
    std::str::from_utf8(&text[start..=at])
        .ok()
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// Text folded for searching: lower case, accents removed ("Café" → "cafe").
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in text.chars() {
        fold_char(c, |f| out.push(f));
    }
}

fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        for d in std::iter::once(lower).nfd() {
            if !is_combining_mark(d) {
                push(d);
            }
        }
    }
}

/// The text around a hit, for the list of matches: (before, matched, after), the original
/// text (not folded), shortened to about `room` characters around the match.
pub fn snippet(doc: &Document, hit: &Hit, room: usize) -> Option<(String, String, String)> {
    let text: &str = match hit.item {
        Item::Step(i) => {
            let step = doc.steps().get(i as usize)?;
            let entry = hit.entry as usize;
            match hit.field {
                Field::Title => &step.title,
                Field::Notes => &step.notes,
                Field::Channels => step.channels.get(entry)?,
                Field::Touchpoints => step.touchpoints.get(entry)?,
                Field::PainPoints => step.pain_points.get(entry)?,
                Field::Opportunities => step.opportunities.get(entry)?,
                Field::Label => return None,
            }
        }
        Item::Link(i) => &doc.links().get(i as usize)?.label,
    };
    // Fold again, remembering which original character each folded byte came from.
    let mut origin = Vec::new();
    let mut folded = 0usize;
    for (at, c) in text.char_indices() {
        fold_char(c, |f| {
            for _ in 0..f.len_utf8() {
                origin.push(at);
            }
            folded += f.len_utf8();
        });
    }
    let start = *origin.get(hit.start as usize)?;
    let last = *origin.get((hit.start + hit.len) as usize - 1)?;
    let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
    let before: Vec<char> = text[..start].chars().collect();
    let keep = room / 3;
    let before = if before.len() > keep {
        format!(
            "…{}",
            before[before.len() - keep..].iter().collect::<String>()
        )
    } else {
        before.into_iter().collect()
    };
    let after: Vec<char> = text[end..].chars().collect();
    let keep = room.saturating_sub(keep);
    let after = if after.len() > keep {
        format!("{}…", after[..keep].iter().collect::<String>())
    } else {
        after.into_iter().collect()
    };
    let flat = |s: String| s.replace(['\n', '\r'], " ");
    Some((flat(before), flat(text[start..end].to_owned()), flat(after)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Stage, Step};

    fn journey() -> Document {
        let mut a = Step::new("a", Stage::Tell, "Sees the café poster", [0.0, 0.0]);
        a.touchpoints = vec!["Poster at the bus stop".into()];
        a.notes = "Mostly commuters".into();
        let mut b = Step::new("b", Stage::Buy, "Pays at the counter", [300.0, 0.0]);
        b.channels = vec!["In store".into()];
        b.pain_points = vec!["Queue at lunch".into()];
        let mut c = Step::new("c", Stage::Experience, "Posters", [600.0, 0.0]);
        c.opportunities = vec!["ÉCOLE discount".into()];
        c.notes = "A stop-over".into();
        let mut link = Link::new("l", "a", "b");
        link.label = "Most STOP here".into();
        let mut doc = Document::new("t");
        doc.set_steps_and_links(vec![a, b, c], vec![link, Link::new("m", "b", "c")])
            .unwrap();
        doc
    }

    #[test]
    fn a_byte_is_found_eight_at_a_time_where_a_plain_loop_finds_it() {
        let text = "e\0abcdefgh\0été e-mail\0zzzzzzzzzzzzzzzzze\0ee\0xyz☺e".as_bytes();
        for byte in [b'e', b'z', b'\0', b'x', b'q', 0xA9] {
            for start in 0..text.len() {
                for end in start..=text.len() {
                    let plain = text[start..end].iter().position(|&b| b == byte);
                    assert_eq!(
                        first_byte(text, byte, start, end),
                        plain.map(|p| start + p),
                        "{byte} in {start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Café CRÈME"), "cafe creme");
        assert_eq!(fold("Ångström naïve"), "angstrom naive");
        // Precomposed and decomposed forms fold alike.
        assert_eq!(fold("e\u{301}"), fold("\u{e9}"));
        assert_eq!(fold("ÉCOLE"), "ecole");
        // Letters without a base letter stay themselves (lower-cased).
        assert_eq!(fold("Straße ØRE"), "straße øre");
    }

    #[test]
    fn a_query_finds_every_field_ignoring_case_and_accents() {
        let doc = journey();
        let index = SearchIndex::build(&doc);
        let found = index.search("CAFE");
        assert_eq!(found.steps, vec![0]);
        assert_eq!(found.hit(0).unwrap().field, Field::Title);

        let found = index.search("école");
        assert_eq!(found.steps, vec![2]);
        assert_eq!(found.hit(0).unwrap().field, Field::Opportunities);

        let found = index.search("in store");
        assert_eq!(found.len(), 1);
        assert_eq!(found.hit(0).unwrap().field, Field::Channels);

        let found = index.search("queue");
        assert_eq!(found.hit(0).unwrap().field, Field::PainPoints);
        assert_eq!(found.hit(0).unwrap().item, Item::Step(1));

        let found = index.search("commuters");
        assert_eq!(found.hit(0).unwrap().field, Field::Notes);

        assert!(index.search("").is_empty());
        assert!(index.search("   ").is_empty());
        assert!(index.search("nowhere").is_empty());
        // A match never runs from one entry into the next.
        assert!(index.search("poster at the bus stopmostly").is_empty());
    }

    #[test]
    fn matches_rank_whole_then_word_start_then_inside_a_word() {
        let doc = journey();
        let index = SearchIndex::build(&doc);
        // "posters" is c's whole title; "poster" starts words in a's title and touchpoint.
        let found = index.search("posters");
        assert_eq!(found.len(), 1);
        let found = index.search("poster");
        let order: Vec<_> = found.hits().map(|h| (h.item, h.field, h.tier)).collect();
        assert_eq!(
            order,
            [
                // Word starts: a (its title, not its touchpoint), then c.
                (Item::Step(0), Field::Title, 1),
                (Item::Step(2), Field::Title, 1),
            ]
        );
        // "stop": a's touchpoint (word start), c's notes (word start, after "A "), the
        // link label (word start) — a touchpoint before a link label before notes.
        let found = index.search("stop");
        let order: Vec<_> = found.hits().map(|h| (h.item, h.field, h.tier)).collect();
        assert_eq!(
            order,
            [
                (Item::Step(0), Field::Touchpoints, 1),
                (Item::Link(0), Field::Label, 1),
                (Item::Step(2), Field::Notes, 1),
            ]
        );
        assert_eq!(found.steps, vec![0, 2]);
        assert_eq!(found.links, vec![0]);
        assert!(found.has_link(0) && !found.has_link(1));
        // Inside a word ranks last: "ost" is inside "poster", "posters", "most".
        let found = index.search("ost");
        assert!(found.hits().all(|h| h.tier == 2));
        let found = index.search("pays at the counter");
        assert_eq!(found.hit(0).unwrap().tier, 0);
    }

    #[test]
    fn snippets_show_the_original_text_around_the_match() {
        let doc = journey();
        let index = SearchIndex::build(&doc);
        let found = index.search("cafe");
        let (before, matched, after) = snippet(&doc, &found.hit(0).unwrap(), 60).unwrap();
        assert_eq!(
            (before.as_str(), matched.as_str(), after.as_str()),
            ("Sees the ", "café", " poster")
        );
        let found = index.search("ecole");
        let (before, matched, after) = snippet(&doc, &found.hit(0).unwrap(), 60).unwrap();
        assert_eq!((before.as_str(), matched.as_str()), ("", "ÉCOLE"));
        assert_eq!(after, " discount");
        // Long text is cut around the match.
        let mut long = journey();
        let mut step = long.steps()[0].as_ref().clone();
        step.notes = format!("{} needle {}", "x".repeat(100), "y".repeat(100));
        long.set_steps_and_links(vec![step], vec![]).unwrap();
        let found = SearchIndex::build(&long).search("NEEDLE");
        let (before, matched, after) = snippet(&long, &found.hit(0).unwrap(), 30).unwrap();
        assert_eq!(
            before,
            format!("…{}", &format!("{} ", "x".repeat(100))[91..])
        );
        assert_eq!(matched, "needle");
        assert_eq!(after, format!(" {}…", "y".repeat(19)));
    }

    /// Every hit of `query` found the plain way: each entry on its own, every occurrence in
    /// it, the best of each item kept, sorted by tier, field and item.
    fn plain_search(index: &SearchIndex, query: &str) -> Vec<Hit> {
        let needle = fold(query.trim()).replace(SEPARATOR, "");
        if needle.is_empty() {
            return Vec::new();
        }
        let mut best: Vec<Hit> = Vec::new();
        for e in index.entries() {
            let text = e.text.as_bytes();
            for (offset, _) in e.text.match_indices(needle.as_str()) {
                let tier = if offset == 0 && needle.len() == text.len() {
                    0
                } else if offset == 0 || !is_word_byte(text, offset - 1) {
                    1
                } else {
                    2
                };
                let hit = Hit {
                    item: e.item,
                    field: e.field,
                    entry: e.entry,
                    start: offset as u32,
                    len: needle.len() as u32,
                    tier,
                };
                match best.last_mut() {
                    Some(b) if b.item == hit.item => {
                        if (hit.tier, hit.field) < (b.tier, b.field) {
                            *b = hit;
                        }
                    }
                    _ => best.push(hit),
                }
            }
        }
        best.sort_by_key(|h| (h.tier, h.field, h.item));
        best
    }

    /// A generated journey with some accented, repeated and multi-byte text.
    fn mixed_journey() -> Document {
        let mut doc = crate::model::generate::journey(300, 300, 5);
        let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
        let links: Vec<Link> = doc.links().iter().map(|l| Link::clone(l)).collect();
        for (i, step) in steps.iter_mut().enumerate().step_by(7) {
            step.touchpoints = vec![format!("Café été {i}"), "eee e-e ée".into()];
            step.pain_points = vec!["ÉTÉ".into(), "naïve ☺e".into()];
            step.opportunities = vec!["e".into()];
        }
        doc.set_steps_and_links(steps, links).unwrap();
        doc
    }

    #[test]
    fn the_search_finds_what_a_plain_scan_of_every_entry_finds() {
        let doc = mixed_journey();
        let index = SearchIndex::build(&doc);
        for query in [
            "e",
            "E",
            "ee",
            "é",
            "ete",
            "été",
            "cafe",
            "a",
            "s",
            "signs",
            "step 4",
            "12",
            "most people",
            "☺",
            "☺e",
            "e-e",
            " e",
            "-",
            "n",
            "nai",
            "es",
            "what happens",
        ] {
            let found = index.search(query);
            assert_eq!(
                found.hits().collect::<Vec<_>>(),
                plain_search(&index, query),
                "query {query:?}"
            );
            let mut steps: Vec<u32> = found
                .hits()
                .filter_map(|h| match h.item {
                    Item::Step(i) => Some(i),
                    Item::Link(_) => None,
                })
                .collect();
            steps.sort_unstable();
            assert_eq!(found.steps, steps);
        }
    }

    /// Whether the index's chunks are as [`Chunk::split`] leaves them: none empty, none
    /// larger than twice [`CHUNK_BYTES`] but by its last item, each entry in its place.
    fn chunks_are_whole(index: &SearchIndex) -> bool {
        index.step_chunks.iter().chain(&index.link_chunks).all(|c| {
            let numbered = c.spans.windows(2).all(|w| w[0].item <= w[1].item)
                && c.spans.last().is_none_or(|s| s.item < c.items);
            let placed = c.starts.len() == c.spans.len()
                && c.starts
                    .iter()
                    .all(|&s| s == 0 || c.text.as_bytes()[s as usize - 1] == 0)
                && c.text.ends_with(SEPARATOR);
            // Where its last item's text starts: a chunk is cut before the first item that
            // starts that far in.
            let last_item = c
                .spans
                .last()
                .map_or(0, |last| c.starts[c.first_span(last.item)] as usize);
            c.items > 0
                && numbered
                && (c.spans.is_empty() || placed)
                && (c.text.len() <= 2 * CHUNK_BYTES || last_item < CHUNK_BYTES)
        })
    }

    #[test]
    fn an_index_kept_up_to_date_through_random_edits_equals_one_folded_again() {
        use crate::model::{Edit, LinkValue, StepValue};
        use rand::{RngExt as _, SeedableRng as _};

        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(17);
        let mut doc = mixed_journey();
        let mut index = SearchIndex::build(&doc);
        assert!(
            index.step_chunks.len() > 20 && index.link_chunks.len() > 1,
            "{} and {} chunks",
            index.step_chunks.len(),
            index.link_chunks.len()
        );
        let mut undo = Vec::new();
        let words = [
            "été", "poster", "e", "Queue", "stop", "☺", "signs up", "école",
        ];
        let text = |rng: &mut rand_pcg::Pcg64Mcg, most: usize| -> String {
            (0..rng.random_range(0..most))
                .map(|_| words[rng.random_range(0..words.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        for round in 0..400 {
            let n = doc.steps().len();
            let id = |i: usize| doc.steps()[i % n].id.clone();
            let edit = match rng.random_range(0..7) {
                // A title long enough to make its chunk split, or empty.
                0 => Edit::SetStep {
                    id: id(rng.random_range(0..n)),
                    value: StepValue::Title(text(&mut rng, 200)),
                },
                1 => Edit::SetStep {
                    id: id(rng.random_range(0..n)),
                    value: StepValue::PainPoints(vec![text(&mut rng, 4), text(&mut rng, 4)]),
                },
                2 => {
                    let mut ids: Vec<String> = (0..rng.random_range(1..20))
                        .map(|_| id(rng.random_range(0..n)))
                        .collect();
                    ids.sort();
                    ids.dedup();
                    Edit::remove_steps(ids)
                }
                3 => {
                    let at = rng.random_range(0..=n);
                    let steps = (0..rng.random_range(1..30))
                        .map(|k| {
                            let title = text(&mut rng, 6);
                            (
                                at + k,
                                Step::new(
                                    format!("new-{round}-{k}"),
                                    Stage::Buy,
                                    title,
                                    [0.0, 0.0],
                                ),
                            )
                        })
                        .collect();
                    Edit::Insert {
                        steps,
                        links: Vec::new(),
                    }
                }
                4 => Edit::Reorder {
                    id: id(rng.random_range(0..n)),
                    index: rng.random_range(0..n),
                },
                5 if !doc.links().is_empty() => Edit::SetLink {
                    id: doc.links()[rng.random_range(0..doc.links().len())]
                        .id
                        .clone(),
                    value: LinkValue::Label(text(&mut rng, 5)),
                },
                _ => match undo.pop() {
                    Some(edit) => edit,
                    None => continue,
                },
            };
            let Ok(inverse) = edit.apply(&mut doc) else {
                continue;
            };
            if rng.random_range(0..3) > 0 {
                undo.push(inverse);
            }
            index.update(&doc);
            assert!(chunks_are_whole(&index), "round {round}");
            let fresh = SearchIndex::build(&doc);
            assert_eq!(index, fresh, "round {round}");
            for query in ["e", "été", "signs", "stop p"] {
                assert_eq!(index.search(query), fresh.search(query), "round {round}");
            }
        }
    }

    #[test]
    fn one_letter_matches_kept_through_edits_still_place_each_hit_in_its_own_text() {
        use crate::model::{Edit, StepValue};

        let mut doc = mixed_journey();
        let mut index = SearchIndex::build(&doc);
        let kept = index.search("s");
        let expected = plain_search(&index, "s");
        assert!(expected.len() > 100, "{}", expected.len());
        assert!(expected.iter().any(|h| h.start > 0 && h.tier == 2));
        // Edits that rewrite the chunks the hits were found in, at the front and in the middle.
        let first = doc.steps()[0].id.clone();
        let middle = doc.steps()[150].id.clone();
        for edit in [
            Edit::SetStep {
                id: first,
                value: StepValue::Title("Ssss, a new first title".into()),
            },
            Edit::remove_steps(vec![middle]),
        ] {
            let _ = edit.apply(&mut doc).unwrap();
            index.update(&doc);
        }
        assert_ne!(index.search("s"), kept, "the edits changed what matches");
        assert_eq!(kept.hits().collect::<Vec<_>>(), expected);
        assert_eq!(kept.hit(7), Some(expected[7]));
    }

    #[test]
    fn an_updated_index_equals_one_folded_again() {
        use crate::model::{Edit, LinkValue, StepValue};

        let mut doc = mixed_journey();
        let mut index = SearchIndex::build(&doc);
        let id = |doc: &Document, i: usize| doc.steps()[i].id.clone();
        let retitle = Edit::SetStep {
            id: id(&doc, 150),
            value: StepValue::Title("A much longer title with été".into()),
        };
        let notes = Edit::SetStep {
            id: id(&doc, 0),
            value: StepValue::Notes("Typed into the first step".into()),
        };
        let channels = Edit::SetStep {
            id: id(&doc, 299),
            value: StepValue::Channels(vec!["email".into(), String::new(), "Phone".into()]),
        };
        let label = Edit::SetLink {
            id: doc.links()[10].id.clone(),
            value: LinkValue::Label("Most people".into()),
        };
        let added = Edit::add(
            &doc,
            vec![Step::new("new", Stage::Buy, "Signs again", [0.0, 0.0])],
            vec![Link::new("new-link", "new", id(&doc, 3))],
        );
        let removed = Edit::remove_steps(vec![id(&doc, 2), id(&doc, 40), id(&doc, 298)]);
        let reorder = Edit::Reorder {
            id: id(&doc, 5),
            index: 200,
        };
        let mut undo = Vec::new();
        // Each edit and how many steps and links it makes the index fold again: the ones
        // whose words changed, not those that only moved up or down the list.
        for (edit, refolds) in [
            (retitle, 1),
            (notes, 1),
            (channels, 1),
            (label, 1),
            (added, 2),
            (removed, 0),
            (reorder, 1),
        ] {
            undo.push(edit.apply(&mut doc).unwrap());
            assert_eq!(index.update(&doc), refolds);
            assert_eq!(index, SearchIndex::build(&doc));
            for query in ["e", "été", "signs", "most people"] {
                assert_eq!(index.search(query), SearchIndex::build(&doc).search(query));
            }
        }
        // Edits that change no words fold nothing, however far apart the steps they change.
        let moved = Edit::Move(vec![(id(&doc, 1), [5.0, 5.0]), (id(&doc, 290), [9.0, 9.0])]);
        undo.push(moved.apply(&mut doc).unwrap());
        let _ = Edit::SetFrame(crate::model::FrameValue::Title("Other".into()))
            .apply(&mut doc)
            .unwrap();
        assert_eq!(index.update(&doc), 0);
        assert_eq!(
            index,
            SearchIndex::build(&doc),
            "with the moved steps' new Arcs"
        );
        // Undoing everything comes back to the journey's first index.
        for edit in undo.into_iter().rev() {
            let _ = edit.apply(&mut doc).unwrap();
            index.update(&doc);
            assert_eq!(index, SearchIndex::build(&doc));
        }
        // Another journey altogether is folded again, unless that is more than allowed.
        let other = crate::model::generate::journey(20, 20, 1);
        let before = index.clone();
        assert_eq!(index.update_at_most(&other, 10), None);
        assert_eq!(index, before, "left as it was");
        assert!(index.update(&other) > 20);
        assert_eq!(index, SearchIndex::build(&other));
    }
}
