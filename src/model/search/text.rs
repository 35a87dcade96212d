//! Folding text for search (lower case, accents stripped), looking at its bytes, and the
//! original text around a match.

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use super::{Field, Hit, Item};
use crate::model::Document;

/// A bit standing for a byte that starts a word (or follows a character that is not part of
/// one): each lower-case ASCII letter its own, the others sharing a few.
pub(super) fn byte_bit(b: u8) -> u32 {
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
pub(super) fn first_byte(text: &[u8], byte: u8, start: usize, end: usize) -> Option<usize> {
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
pub(super) fn word_start_match(text: &[u8], needle: &[u8], at: usize, end: usize) -> Option<usize> {
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
pub(super) fn is_word_byte(text: &[u8], at: usize) -> bool {
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

pub(super) fn fold_into(text: &str, out: &mut String) {
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
