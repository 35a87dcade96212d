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
//! letters its words start with) without reading text: where in its entry a hit is, is found
//! when the hit is shown.
//!
//! After an edit the index is brought up to date with [`SearchIndex::update`], which folds
//! again only what changed. It finds that by pointer: a document shares its steps and links
//! (`Arc`s) with its earlier revisions, and an edit replaces exactly the ones it changes, so
//! only the steps and links that are not the very ones the index was folded from can have
//! changed (and of those, only the ones whose words differ need folding again: a moved step
//! has the same). This needs no word from the history about which edit happened (undo, redo,
//! a batch or a whole new journey are all alike), and the index keeps the `Arc`s it was
//! folded from, so an address cannot be reused by a new step while the index remembers it.

mod chunk;
mod diff;
#[cfg(test)]
mod tests;
mod text;

use std::sync::Arc;

use memchr::memmem;

use super::{Document, Link, Step};
use chunk::{Chunk, Folded, SEPARATOR, entries_of, fold_chunks, replace};
use diff::{Diff, Searchable, same_items};
use text::{byte_bit, first_byte, fold_into, is_word_byte};
pub use text::{fold, snippet};

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
