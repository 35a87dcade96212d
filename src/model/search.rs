//! Finding words in a journey: step titles, notes, channels, touchpoints, pain points,
//! opportunities and link labels, ignoring case and accents.
//!
//! Text is folded once per document revision into a [`SearchIndex`] (lower case, accents
//! stripped: Unicode canonical decomposition with the combining marks removed, by the
//! `unicode-normalization` crate); a query is folded the same way and looked for with a
//! substring search over the whole index (`memchr::memmem`), so a keystroke costs one pass
//! over the folded text however many steps there are.

use memchr::memmem;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use super::Document;

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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matches {
    /// The folded query.
    pub query: String,
    /// One hit per matched step or link, best first.
    pub hits: Vec<Hit>,
    /// Positions of the matched steps, ascending.
    pub steps: Vec<u32>,
    /// Positions of the matched links, ascending.
    pub links: Vec<u32>,
}

impl Matches {
    /// Whether the step at this position matched.
    pub fn has_step(&self, index: usize) -> bool {
        self.steps.binary_search(&(index as u32)).is_ok()
    }

    /// Whether the link at this position matched.
    pub fn has_link(&self, index: usize) -> bool {
        self.links.binary_search(&(index as u32)).is_ok()
    }
}

/// A folded entry's place in the index text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    /// Byte offset of the entry's first folded byte.
    start: u32,
    item: Item,
    field: Field,
    entry: u32,
}

/// The searchable text of one document revision, folded, entries separated by a NUL byte
/// (which no folded query contains, so a match never spans two entries).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    text: String,
    spans: Vec<Span>,
}

const SEPARATOR: char = '\0';

impl SearchIndex {
    /// Folds every searchable field of `doc`.
    pub fn build(doc: &Document) -> Self {
        let mut index = Self::default();
        for (i, step) in doc.steps().iter().enumerate() {
            let item = Item::Step(i as u32);
            index.push(item, Field::Title, 0, &step.title);
            for (field, list) in [
                (Field::Touchpoints, &step.touchpoints),
                (Field::Channels, &step.channels),
                (Field::PainPoints, &step.pain_points),
                (Field::Opportunities, &step.opportunities),
            ] {
                for (entry, text) in list.iter().enumerate() {
                    index.push(item, field, entry as u32, text);
                }
            }
            index.push(item, Field::Notes, 0, &step.notes);
        }
        for (i, link) in doc.links().iter().enumerate() {
            index.push(Item::Link(i as u32), Field::Label, 0, &link.label);
        }
        index
    }

    fn push(&mut self, item: Item, field: Field, entry: u32, text: &str) {
        if text.is_empty() {
            return;
        }
        self.spans.push(Span {
            start: self.text.len() as u32,
            item,
            field,
            entry,
        });
        fold_into(text, &mut self.text);
        self.text.push(SEPARATOR);
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
        if matches.query.is_empty() {
            return matches;
        }
        let needle = matches.query.as_bytes();
        let text = self.text.as_bytes();
        let finder = memmem::Finder::new(needle);
        // Occurrences come in ascending order, so the span of each is found by walking on.
        let mut span = 0;
        let mut best: Option<Hit> = None;
        for at in finder.find_iter(text) {
            while span + 1 < self.spans.len() && self.spans[span + 1].start as usize <= at {
                span += 1;
            }
            let Span {
                start,
                item,
                field,
                entry,
            } = self.spans[span];
            let offset = at - start as usize;
            let end = memchr::memchr(0, &text[at..]).map_or(text.len(), |p| at + p);
            let tier = if offset == 0 && at + needle.len() == end {
                0
            } else if offset == 0 || !is_word_byte(text, at - 1) {
                1
            } else {
                2
            };
            let hit = Hit {
                item,
                field,
                entry,
                start: offset as u32,
                len: needle.len() as u32,
                tier,
            };
            match &mut best {
                Some(b) if b.item == item => {
                    if (hit.tier, hit.field) < (b.tier, b.field) {
                        *b = hit;
                    }
                }
                _ => {
                    if let Some(done) = best.replace(hit) {
                        matches.hits.push(done);
                    }
                }
            }
        }
        matches.hits.extend(best);
        for hit in &matches.hits {
            match hit.item {
                Item::Step(i) => matches.steps.push(i),
                Item::Link(i) => matches.links.push(i),
            }
        }
        matches.hits.sort_by_key(|h| (h.tier, h.field, h.item));
        matches
    }

    /// How many bytes of folded text the index holds.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether there is nothing to search.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Whether the folded character ending at byte `at` is a letter or digit (a match right after
/// it starts inside a word).
fn is_word_byte(text: &[u8], at: usize) -> bool {
    let b = text[at];
    if b.is_ascii() {
        return b.is_ascii_alphanumeric();
    }
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
        assert_eq!(found.hits[0].field, Field::Title);

        let found = index.search("école");
        assert_eq!(found.steps, vec![2]);
        assert_eq!(found.hits[0].field, Field::Opportunities);

        let found = index.search("in store");
        assert_eq!(found.hits.len(), 1);
        assert_eq!(found.hits[0].field, Field::Channels);

        let found = index.search("queue");
        assert_eq!(found.hits[0].field, Field::PainPoints);
        assert_eq!(found.hits[0].item, Item::Step(1));

        let found = index.search("commuters");
        assert_eq!(found.hits[0].field, Field::Notes);

        assert!(index.search("").hits.is_empty());
        assert!(index.search("   ").hits.is_empty());
        assert!(index.search("nowhere").hits.is_empty());
        // A match never runs from one entry into the next.
        assert!(index.search("poster at the bus stopmostly").hits.is_empty());
    }

    #[test]
    fn matches_rank_whole_then_word_start_then_inside_a_word() {
        let doc = journey();
        let index = SearchIndex::build(&doc);
        // "posters" is c's whole title; "poster" starts words in a's title and touchpoint.
        let found = index.search("posters");
        assert_eq!(found.hits.len(), 1);
        let found = index.search("poster");
        let order: Vec<_> = found
            .hits
            .iter()
            .map(|h| (h.item, h.field, h.tier))
            .collect();
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
        let order: Vec<_> = found
            .hits
            .iter()
            .map(|h| (h.item, h.field, h.tier))
            .collect();
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
        assert!(found.hits.iter().all(|h| h.tier == 2));
        let found = index.search("pays at the counter");
        assert_eq!(found.hits[0].tier, 0);
    }

    #[test]
    fn snippets_show_the_original_text_around_the_match() {
        let doc = journey();
        let index = SearchIndex::build(&doc);
        let found = index.search("cafe");
        let (before, matched, after) = snippet(&doc, &found.hits[0], 60).unwrap();
        assert_eq!(
            (before.as_str(), matched.as_str(), after.as_str()),
            ("Sees the ", "café", " poster")
        );
        let found = index.search("ecole");
        let (before, matched, after) = snippet(&doc, &found.hits[0], 60).unwrap();
        assert_eq!((before.as_str(), matched.as_str()), ("", "ÉCOLE"));
        assert_eq!(after, " discount");
        // Long text is cut around the match.
        let mut long = journey();
        let mut step = long.steps()[0].as_ref().clone();
        step.notes = format!("{} needle {}", "x".repeat(100), "y".repeat(100));
        long.set_steps_and_links(vec![step], vec![]).unwrap();
        let found = SearchIndex::build(&long).search("NEEDLE");
        let (before, matched, after) = snippet(&long, &found.hits[0], 30).unwrap();
        assert_eq!(
            before,
            format!("…{}", &format!("{} ", "x".repeat(100))[91..])
        );
        assert_eq!(matched, "needle");
        assert_eq!(after, format!(" {}…", "y".repeat(19)));
    }
}
