//! A soak test of the loader: files mutated from the templates and the good corpus, each fed
//! to the loader and to both readers, with every promise about loading checked.
//!
//! Used by `examples/soak.rs` (a million cases) and by the format tests (a few thousand).
//! Every case is a pure function of the run's seed and the case number, so a case found by
//! a long run is replayed with `--seed S --case N`.
//!
//! Cases come in two parts. First the systematic ones: in every seed file, every value at
//! every JSON path replaced by a value of each JSON type, and removed. Then random ones: one
//! to three mutations stacked on a seed file — byte flips, cuts, splices, JSON tokens
//! inserted, invalid UTF-8, line ends and byte-order marks, wrong types and edge values
//! (huge numbers, out-of-range emotions and rates, near-miss names) at random paths, deep
//! nesting, duplicate keys, removed keys, values copied between paths, duplicated list items
//! and strange strings.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{LoadError, TEMPLATES, from_slice, read_fast, read_full, to_string};
use crate::model::Document;
use crate::model::generate::SplitMix64;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One step of a JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

type JsonPath = Vec<Seg>;

fn show_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    if out.is_empty() {
        "(file)".to_owned()
    } else {
        out
    }
}

/// Every path in `value`, the root first, parents before children.
fn all_paths(value: &Value) -> Vec<JsonPath> {
    fn walk(value: &Value, here: &mut JsonPath, out: &mut Vec<JsonPath>) {
        out.push(here.clone());
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    here.push(Seg::Index(i));
                    walk(item, here, out);
                    here.pop();
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    here.push(Seg::Key(k.clone()));
                    walk(v, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn get<'a>(value: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.as_object()?.get(k),
        Seg::Index(i) => v.as_array()?.get(*i),
    })
}

fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.as_object_mut()?.get_mut(k),
        Seg::Index(i) => v.as_array_mut()?.get_mut(*i),
    })
}

/// Removes the value at `path` from its parent; false for the root.
fn remove_at(value: &mut Value, path: &[Seg]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    match (get_mut(value, parent), last) {
        (Some(Value::Object(map)), Seg::Key(k)) => map.shift_remove(k).is_some(),
        (Some(Value::Array(items)), Seg::Index(i)) if *i < items.len() => {
            items.remove(*i);
            true
        }
        _ => false,
    }
}

/// A string no seed holds, put where raw text goes and then replaced by it.
const PLACEHOLDER: &str = "\u{0}soak placeholder\u{0}";

/// `value` as text, with the value at `path` replaced by the raw text `raw` (which need not
/// be valid JSON).
fn with_raw(value: &Value, path: &[Seg], raw: &str, pretty: bool) -> Vec<u8> {
    if path.is_empty() {
        return raw.as_bytes().to_vec();
    }
    let mut value = value.clone();
    if let Some(slot) = get_mut(&mut value, path) {
        *slot = Value::String(PLACEHOLDER.to_owned());
    }
    let text = render(&value, pretty);
    let needle = serde_json::to_string(PLACEHOLDER).unwrap_or_default();
    text.replacen(&needle, raw, 1).into_bytes()
}

fn render(value: &Value, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    text.unwrap_or_default()
}

/// A file the mutations start from.
struct Seed {
    name: String,
    bytes: Vec<u8>,
}

/// One input of the soak, and how it was made.
#[derive(Clone, Debug)]
pub struct Case {
    /// The case number.
    pub number: u64,
    /// The seed file and the mutations applied, in order.
    pub description: String,
    /// The input.
    pub bytes: Vec<u8>,
}

/// Values of every JSON type that replace each value in the systematic cases; `None` removes
/// the value instead.
const SYSTEMATIC: [Option<&str>; 8] = [
    Some("null"),
    Some("true"),
    Some("-1"),
    Some("1.5"),
    Some("\"x\""),
    Some("[]"),
    Some("{}"),
    None,
];

/// Edge values for known fields and numbers no reader may get wrong.
const EDGES: &[&str] = &[
    "0",
    "-0",
    "-0.0",
    "1",
    "2",
    "3",
    "-2",
    "-3",
    "1.0",
    "2.0",
    "0.5",
    "1.0000000000000002",
    "0.9999999999999999",
    "1e-320",
    "4.9e-324",
    "2.2250738585072014e-308",
    "1e308",
    "1.7976931348623157e308",
    "-1.7976931348623157e308",
    "9007199254740993",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "1e400",
    "-1e400",
    "1e-400",
    "123456789012345678901234567890",
    "0.1e1",
    "1E2",
    "1e+2",
    "01",
    "+1",
    ".5",
    "1.",
    "0x10",
    "NaN",
    "Infinity",
    "-Infinity",
    "true",
    "false",
    "null",
    "\"journey-designer\"",
    "\"Journey-Designer\"",
    "\"journey-designer \"",
    "\"tell\"",
    "\"Tell\"",
    "\"word_of_mouth\"",
    "\"word of mouth\"",
    "\"happier\"",
    "\"\"",
    "\" \"",
    "[0]",
    "[0,0]",
    "[0,0,0]",
    "[1e308,1e308]",
    "[-0.0,-0.0]",
    "[null,0]",
    "[\"1\",\"2\"]",
    "[[]]",
    "{}",
    "[]",
    "[\"happier\",\"happier\"]",
    "{\"id\":\"x\",\"stage\":\"tell\"}",
    "{\"id\":\"x\",\"from\":\"x\",\"to\":\"x\"}",
];

/// Strings that need care, several of them not valid JSON.
const STRINGS: &[&str] = &[
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"\\ud83d\\ude00\"",
    "\"\\ud83d\"",
    "\"\\u0000\"",
    "\"\\u001f\"",
    "\"\u{2028}\u{2029}\"",
    "\"\u{feff}\"",
    "\"a\u{1}b\"",
    "\"tab\there\"",
    "\"\\x41\"",
    "\"\\\"",
    "\"unterminated",
    "\"é☺😀\"",
    "\"\u{301}\"",
    "\"\\/\"",
    "\"\\u00e9\"",
    "\"\\uDFFF\\uD800\"",
];

/// Tokens inserted anywhere.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "null",
    "true",
    "false",
    "0",
    "-",
    "1e",
    "\"x\":",
    "\"x\": 1,",
    ",,",
    "/*",
    "*/",
    "//",
    "'",
    "NaN",
    "\u{feff}",
    " ",
    "\n",
    "\t",
    "\r",
    "\u{0}",
    "{}",
    "[]",
    "\"\"",
    "1e999",
    "-0",
];

/// Byte sequences that are not UTF-8.
const NOT_UTF8: &[&[u8]] = &[
    &[0xFF],
    &[0xFE],
    &[0x80],
    &[0xC3],
    &[0xC0, 0xAF],
    &[0xE0, 0x80, 0x80],
    &[0xED, 0xA0, 0x80],
    &[0xF4, 0x90, 0x80, 0x80],
    &[0xF0, 0x9F, 0x98],
    &[0xE2, 0x82],
];

const DEPTHS: [usize; 9] = [2, 64, 125, 126, 127, 128, 129, 1000, 100_000];

fn pick(rng: &mut SplitMix64, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        rng.below(n as u64) as usize
    }
}

fn chance(rng: &mut SplitMix64, percent: u64) -> bool {
    rng.below(100) < percent
}

/// The generator of cases for one run.
pub struct Mutator {
    seed: u64,
    seeds: Vec<Seed>,
    /// For each seed: its parsed value and every path in it.
    parsed: Vec<(Value, Vec<JsonPath>)>,
    /// Where each seed's systematic cases start; the last entry is their total.
    systematic_starts: Vec<u64>,
}

impl Mutator {
    /// A generator for the run `seed`, starting from the templates and the given files
    /// (name and bytes; the good corpus).
    pub fn new(seed: u64, files: Vec<(String, Vec<u8>)>) -> Self {
        let mut seeds: Vec<Seed> = TEMPLATES
            .iter()
            .map(|t| Seed {
                name: format!("template {}", t.name),
                bytes: t.source.as_bytes().to_vec(),
            })
            .collect();
        seeds.extend(files.into_iter().map(|(name, bytes)| Seed { name, bytes }));
        let parsed: Vec<(Value, Vec<JsonPath>)> = seeds
            .iter()
            .map(|s| {
                let value: Value = serde_json::from_slice(strip_bom(&s.bytes)).unwrap_or_default();
                let paths = all_paths(&value);
                (value, paths)
            })
            .collect();
        let mut systematic_starts = vec![0];
        let mut total = 0;
        for (_, paths) in &parsed {
            total += (paths.len() * SYSTEMATIC.len()) as u64;
            systematic_starts.push(total);
        }
        Self {
            seed,
            seeds,
            parsed,
            systematic_starts,
        }
    }

    /// How many systematic cases there are; they are the first case numbers.
    pub fn systematic_cases(&self) -> u64 {
        self.systematic_starts.last().copied().unwrap_or(0)
    }

    /// Case number `number`: systematic below [`Mutator::systematic_cases`], random above.
    pub fn case(&self, number: u64) -> Case {
        if number < self.systematic_cases() {
            self.systematic(number)
        } else {
            self.random(number)
        }
    }

    fn systematic(&self, number: u64) -> Case {
        let s = self
            .systematic_starts
            .iter()
            .rposition(|&start| start <= number)
            .unwrap_or(0)
            .min(self.seeds.len() - 1);
        let within = (number - self.systematic_starts[s]) as usize;
        let (value, paths) = &self.parsed[s];
        let path = &paths[within / SYSTEMATIC.len()];
        let replacement = SYSTEMATIC[within % SYSTEMATIC.len()];
        let (bytes, what) = if let Some(raw) = replacement {
            (with_raw(value, path, raw, true), format!("{raw} at"))
        } else {
            let mut value = value.clone();
            remove_at(&mut value, path);
            (render(&value, true).into_bytes(), "removed".to_owned())
        };
        Case {
            number,
            description: format!("{}: {what} {}", self.seeds[s].name, show_path(path)),
            bytes,
        }
    }

    fn random(&self, number: u64) -> Case {
        let mut rng = SplitMix64::new(
            self.seed
                .wrapping_mul(0xD6E8_FEB8_6659_FD93)
                .wrapping_add(number),
        );
        // A few warm-up draws decorrelate neighbouring case numbers.
        rng.next_u64();
        let s = pick(&mut rng, self.seeds.len());
        let mut bytes = self.seeds[s].bytes.clone();
        let mut notes = vec![self.seeds[s].name.clone()];
        let count = [1, 1, 1, 2, 2, 3][pick(&mut rng, 6)];
        for _ in 0..count {
            let note = self.mutate(&mut rng, &mut bytes);
            notes.push(note);
        }
        Case {
            number,
            description: notes.join("; "),
            bytes,
        }
    }

    /// Applies one random mutation; returns what it did.
    fn mutate(&self, rng: &mut SplitMix64, bytes: &mut Vec<u8>) -> String {
        let kind = pick(rng, 15);
        if kind >= 7
            && let Some(note) = structural(rng, bytes, kind)
        {
            return note;
        }
        self.byte_level(rng, bytes, kind % 7)
    }

    fn byte_level(&self, rng: &mut SplitMix64, bytes: &mut Vec<u8>, kind: usize) -> String {
        let len = bytes.len();
        match kind {
            0 => {
                let n = 1 + pick(rng, 4);
                for _ in 0..n {
                    if bytes.is_empty() {
                        break;
                    }
                    let at = pick(rng, bytes.len());
                    bytes[at] = match pick(rng, 3) {
                        0 => bytes[at] ^ (1 << pick(rng, 8)),
                        1 => rng.next_u64() as u8,
                        _ => b' ' + pick(rng, 95) as u8,
                    };
                }
                format!("{n} bytes changed")
            }
            1 => {
                let at = pick(rng, len + 1);
                bytes.truncate(at);
                format!("cut at byte {at}")
            }
            2 => {
                let at = pick(rng, len + 1);
                let end = (at + 1 + pick(rng, 64)).min(len);
                bytes.drain(at..end.max(at));
                format!("bytes {at}..{end} removed")
            }
            3 => {
                let other = &self.seeds[pick(rng, self.seeds.len())].bytes;
                let from = pick(rng, other.len() + 1);
                let to = (from + pick(rng, 300)).min(other.len());
                let piece = other[from..to].to_vec();
                let at = pick(rng, len + 1);
                let replace = if chance(rng, 50) {
                    (at + pick(rng, 300)).min(len)
                } else {
                    at
                };
                bytes.splice(at..replace, piece);
                format!("bytes {from}..{to} of another file spliced over {at}..{replace}")
            }
            4 => {
                let token = TOKENS[pick(rng, TOKENS.len())];
                let at = near_structure(rng, bytes);
                bytes.splice(at..at, token.bytes());
                format!("{token:?} inserted at byte {at}")
            }
            5 => {
                let seq = NOT_UTF8[pick(rng, NOT_UTF8.len())];
                let at = if chance(rng, 70) {
                    // Inside a string, just after an opening quote.
                    let quotes: Vec<usize> = (0..len).filter(|&i| bytes[i] == b'"').collect();
                    quotes.get(pick(rng, quotes.len())).map_or(0, |q| q + 1)
                } else {
                    pick(rng, len + 1)
                };
                bytes.splice(at..at, seq.iter().copied());
                format!("bytes {seq:02X?} inserted at byte {at}")
            }
            _ => match pick(rng, 6) {
                0 => {
                    bytes.splice(0..0, BOM.iter().copied());
                    "byte-order mark added".to_owned()
                }
                1 => {
                    bytes.splice(0..0, BOM.iter().chain(BOM).copied());
                    "two byte-order marks added".to_owned()
                }
                2 => {
                    let text = String::from_utf8_lossy(bytes).replace('\n', "\r\n");
                    *bytes = text.into_bytes();
                    "line ends made CRLF".to_owned()
                }
                3 => {
                    bytes.extend_from_slice(b"\n\n \t");
                    "whitespace appended".to_owned()
                }
                4 => {
                    bytes.extend_from_slice(b"x");
                    "trailing character".to_owned()
                }
                _ => {
                    bytes.splice(0..0, b"\t \n ".iter().copied());
                    "whitespace prepended".to_owned()
                }
            },
        }
    }
}

/// A random position, most often just after a `{`, `[`, `,` or `:`.
fn near_structure(rng: &mut SplitMix64, bytes: &[u8]) -> usize {
    if chance(rng, 70) {
        let spots: Vec<usize> = (0..bytes.len())
            .filter(|&i| matches!(bytes[i], b'{' | b'[' | b',' | b':'))
            .collect();
        if let Some(&at) = spots.get(pick(rng, spots.len())) {
            return at + 1;
        }
    }
    pick(rng, bytes.len() + 1)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// A mutation of the JSON structure; `None` if `bytes` is not JSON (then a byte-level one is
/// applied instead).
fn structural(rng: &mut SplitMix64, bytes: &mut Vec<u8>, kind: usize) -> Option<String> {
    let mut value: Value = serde_json::from_slice(strip_bom(bytes)).ok()?;
    let paths = all_paths(&value);
    let pretty = chance(rng, 70);
    let path = paths[pick(rng, paths.len())].clone();
    let at = show_path(&path);
    let note = match kind {
        7 => {
            let raw = SYSTEMATIC[pick(rng, SYSTEMATIC.len() - 1)].unwrap_or("null");
            *bytes = with_raw(&value, &path, raw, pretty);
            format!("{raw} at {at}")
        }
        8 => {
            let raw = match pick(rng, 8) {
                0 => format!("1{}", "0".repeat(400)),
                1 => format!("0.{}1", "0".repeat(400)),
                2 => format!("-{}", "9".repeat(30)),
                _ => EDGES[pick(rng, EDGES.len())].to_owned(),
            };
            *bytes = with_raw(&value, &path, &raw, pretty);
            format!("{} at {at}", clip(&raw))
        }
        9 => {
            let depth = DEPTHS[pick(rng, DEPTHS.len())];
            let inner = get(&value, &path).map_or_else(String::new, |v| render(v, false));
            let raw = if chance(rng, 50) {
                format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth))
            } else {
                let inner = if inner.is_empty() {
                    "1".to_owned()
                } else {
                    inner
                };
                format!("{}{inner}{}", "{\"a\":".repeat(depth), "}".repeat(depth))
            };
            *bytes = with_raw(&value, &path, &raw, pretty);
            format!("nested {depth} deep at {at}")
        }
        10 => {
            let (mutated, note) = duplicate_key(rng, &value, &paths, pretty)?;
            *bytes = mutated;
            note
        }
        11 => {
            if !remove_at(&mut value, &path) {
                return None;
            }
            *bytes = render(&value, pretty).into_bytes();
            format!("{at} removed")
        }
        12 => {
            let from = &paths[pick(rng, paths.len())];
            let copy = get(&value, from)?.clone();
            *get_mut(&mut value, &path)? = copy;
            *bytes = render(&value, pretty).into_bytes();
            format!("{} copied to {at}", show_path(from))
        }
        13 => {
            let lists: Vec<&JsonPath> = paths
                .iter()
                .filter(|p| {
                    get(&value, p)
                        .and_then(Value::as_array)
                        .is_some_and(|l| !l.is_empty())
                })
                .collect();
            let path = (*lists.get(pick(rng, lists.len()))?).clone();
            let items = get_mut(&mut value, &path)?.as_array_mut()?;
            let i = pick(rng, items.len());
            let copy = items[i].clone();
            let j = pick(rng, items.len() + 1);
            items.insert(j, copy);
            *bytes = render(&value, pretty).into_bytes();
            format!("{}[{i}] copied to index {j}", show_path(&path))
        }
        _ => {
            let raw = match pick(rng, 6) {
                0 => format!("\"{}\"", "a".repeat(100_000)),
                1 => format!("\"{}\"", "\\n".repeat(1000)),
                _ => STRINGS[pick(rng, STRINGS.len())].to_owned(),
            };
            *bytes = with_raw(&value, &path, &raw, pretty);
            format!("{} at {at}", clip(&raw))
        }
    };
    Some(note)
}

/// One key of an object written twice, the second time with the same or another value.
fn duplicate_key(
    rng: &mut SplitMix64,
    value: &Value,
    paths: &[JsonPath],
    pretty: bool,
) -> Option<(Vec<u8>, String)> {
    let objects: Vec<&JsonPath> = paths
        .iter()
        .filter(|p| {
            get(value, p)
                .and_then(Value::as_object)
                .is_some_and(|m| !m.is_empty())
        })
        .collect();
    let path = (*objects.get(pick(rng, objects.len()))?).clone();
    let map = get(value, &path)?.as_object()?;
    let mut members: Vec<String> = map
        .iter()
        .map(|(k, v)| {
            format!(
                "{}:{}",
                render(&Value::from(k.as_str()), false),
                render(v, false)
            )
        })
        .collect();
    let (key, original) = map.iter().nth(pick(rng, map.len()))?;
    let dup_value = if chance(rng, 50) {
        render(original, false)
    } else {
        EDGES[pick(rng, EDGES.len())].to_owned()
    };
    let member = format!("{}:{dup_value}", render(&Value::from(key.as_str()), false));
    let at_member = pick(rng, members.len() + 1);
    members.insert(at_member, member);
    let raw = format!("{{{}}}", members.join(","));
    let bytes = with_raw(value, &path, &raw, pretty);
    Some((
        bytes,
        format!("key {key:?} duplicated in {}", show_path(&path)),
    ))
}

fn clip(raw: &str) -> String {
    if raw.chars().count() > 40 {
        let head: String = raw.chars().take(20).collect();
        format!("{head}… ({} bytes)", raw.len())
    } else {
        raw.to_owned()
    }
}

/// Whether `text` is a journey of a version before this one, which the fast reader leaves to
/// the full reader and its migration.
fn of_an_older_version(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("version")?.as_u64())
        .is_some_and(|version| version < super::VERSION)
}

/// Whether any object in the JSON `text` has a key twice (after unescaping).
pub fn has_duplicate_keys(text: &str) -> bool {
    let mut found = false;
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = Dups(&mut found).deserialize(&mut de);
    found
}

struct Dups<'a>(&'a mut bool);

impl<'de> DeserializeSeed<'de> for Dups<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Dups<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Dups(&mut *self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !keys.insert(key) {
                *self.0 = true;
            }
            map.next_value_seed(Dups(&mut *self.0))?;
        }
        Ok(())
    }
}

/// How the loader took a case that kept every promise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The file loaded.
    Accepted,
    /// The file was refused with located errors.
    Rejected,
}

/// The parts of loading and saving whose promises the soak checks. [`Loader::REAL`] is the
/// app's; a test gives the soak broken ones to see each broken promise caught.
#[derive(Clone, Copy)]
pub struct Loader {
    /// Reads a file's bytes ([`from_slice`]).
    pub load: fn(&[u8]) -> Result<Document, LoadError>,
    /// The fast reader alone ([`read_fast`]).
    pub fast: fn(&str) -> Option<Document>,
    /// The full reader alone ([`read_full`]).
    pub full: fn(&str) -> Result<Document, LoadError>,
    /// Writes the canonical text ([`to_string`]).
    pub save: fn(&Document) -> String,
}

impl Loader {
    /// The app's own loading and saving.
    pub const REAL: Self = Self {
        load: from_slice,
        fast: read_fast,
        full: read_full,
        save: to_string,
    };
}

/// Feeds `bytes` to the loader and to both readers and checks every promise: nothing panics;
/// the fast reader accepts only what the full reader accepts, builds the same document, and
/// gives up on a valid file only when it has a duplicate key or is of an older version (which
/// the full reader migrates); an accepted journey saves,
/// loads back equal and saves to the same text; every error says where. Returns the broken
/// promise.
pub fn check(bytes: &[u8]) -> Result<Verdict, String> {
    check_with(&Loader::REAL, bytes)
}

/// [`check`] of the given loader.
pub fn check_with(loader: &Loader, bytes: &[u8]) -> Result<Verdict, String> {
    match catch_unwind(AssertUnwindSafe(|| check_unguarded(loader, bytes))) {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!("panic: {message}"))
        }
    }
}

fn check_unguarded(tested: &Loader, bytes: &[u8]) -> Result<Verdict, String> {
    let to_string = tested.save;
    let loaded = (tested.load)(bytes);
    let Ok(text) = std::str::from_utf8(strip_bom(bytes)) else {
        return match loaded {
            Err(LoadError::NotText { line, column }) => {
                let good = String::from_utf8_lossy(strip_bom(bytes));
                within(&good, line, column)?;
                Ok(Verdict::Rejected)
            }
            other => Err(format!("not UTF-8, but the loader gave {other:?}")),
        };
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fast = (tested.fast)(text);
    let full = (tested.full)(text);
    match (&fast, &full) {
        (Some(f), Ok(d)) if f != d => {
            return Err(format!(
                "the readers built different documents: {}",
                first_difference(&to_string(f), &to_string(d))
            ));
        }
        (Some(_), Err(e)) => {
            return Err(format!(
                "the fast reader accepted a file the full reader refuses: {e}"
            ));
        }
        (None, Ok(_)) if !has_duplicate_keys(text) && !of_an_older_version(text) => {
            return Err(
                "the fast reader gave up on a valid file without duplicate keys".to_owned(),
            );
        }
        _ => {}
    }
    let expected = match fast {
        Some(doc) => Ok(doc),
        None => full,
    };
    if loaded != expected {
        return Err(format!(
            "the loader gave {loaded:?}, the readers {expected:?}"
        ));
    }
    match loaded {
        Ok(doc) => round_trip(tested, &doc).map(|()| Verdict::Accepted),
        Err(err) => located(&err, text).map(|()| Verdict::Rejected),
    }
}

/// The first line where two texts differ.
fn first_difference(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
        .map_or_else(
            || format!("{} lines against {}", a.lines().count(), b.lines().count()),
            |(i, (x, y))| format!("line {}: {x:?} against {y:?}", i + 1),
        )
}

fn round_trip(tested: &Loader, doc: &Document) -> Result<(), String> {
    let to_string = tested.save;
    let saved = to_string(doc);
    if to_string(doc) != saved {
        return Err("saving twice gave different text".to_owned());
    }
    let again = (tested.load)(saved.as_bytes())
        .map_err(|e| format!("the saved text does not load: {e}"))?;
    if &again != doc {
        return Err(format!(
            "the saved text loads as a different journey: {}",
            first_difference(&to_string(&again), &saved)
        ));
    }
    let resaved = to_string(&again);
    if resaved != saved {
        return Err(format!(
            "saving the reloaded journey changes the text: {}",
            first_difference(&resaved, &saved)
        ));
    }
    if (tested.fast)(&saved).as_ref() != Some(doc) {
        return Err("the fast reader does not read the saved text".to_owned());
    }
    Ok(())
}

/// Checks that a position is a real place in `text`: a line it has, a column within that
/// line or just past its end.
fn within(text: &str, line: usize, column: usize) -> Result<(), String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(at) = line.checked_sub(1).and_then(|i| lines.get(i)) else {
        return Err(format!("line {line} of {}", lines.len()));
    };
    let width = at.chars().count();
    if column == 0 || column > width + 1 {
        return Err(format!(
            "column {column} of line {line}, {width} characters long"
        ));
    }
    Ok(())
}

/// Checks that the error says where the problem is.
fn located(err: &LoadError, text: &str) -> Result<(), String> {
    let shown = err.to_string();
    match err {
        LoadError::NotText { line, column } | LoadError::Syntax { line, column, .. } => {
            within(text, *line, *column).map_err(|e| format!("{e}: {shown}"))?;
            let head = format!("line {line}, column {column}: ");
            if !shown.starts_with(&head) || shown.len() == head.len() {
                return Err(format!(
                    "the message does not start with its place: {shown}"
                ));
            }
        }
        LoadError::NewerVersion { found, supported } => {
            if found <= supported || !shown.starts_with("version: ") {
                return Err(format!("a newer version that is not newer: {shown}"));
            }
        }
        LoadError::Content(errors) => {
            if errors.is_empty() {
                return Err("content errors, but none listed".to_owned());
            }
            let value: Value = serde_json::from_str(text)
                .map_err(|e| format!("content errors for text that is not JSON ({e})"))?;
            for (e, line) in errors.iter().zip(shown.lines()) {
                if line != format!("{}: {}", e.path, e.message) || e.message.is_empty() {
                    return Err(format!(
                        "the message line does not start with its place: {line}"
                    ));
                }
                resolves(&value, &e.path, &e.message).map_err(|why| format!("{why}: {e}"))?;
            }
            if shown.lines().count() != errors.len() {
                return Err(format!("{} errors shown as {shown:?}", errors.len()));
            }
        }
    }
    Ok(())
}

/// Checks that an error's path leads into the file: every step but the last is there, and
/// the last too unless the message says it is missing. `(file)` is for a file that is not
/// an object.
fn resolves(value: &Value, path: &str, message: &str) -> Result<(), String> {
    if path == "(file)" {
        return if value.is_object() {
            Err("an error about the whole file, though it is an object".to_owned())
        } else {
            Ok(())
        };
    }
    let segs = parse_path(path).ok_or("the path cannot be read")?;
    let (_, parent) = segs.split_last().ok_or("an empty path")?;
    if get(value, parent).is_none() {
        return Err("the path leads nowhere".to_owned());
    }
    if get(value, &segs).is_none() && !message.starts_with("missing") {
        return Err("the path leads to nothing, but the message does not say missing".to_owned());
    }
    Ok(())
}

/// `steps[3].position[0]` as steps; a key that is not a plain name is a quoted JSON string
/// in brackets (`scenarios[0].links["a.b"]`).
fn parse_path(path: &str) -> Option<JsonPath> {
    let mut segs = Vec::new();
    let mut rest = path;
    let mut first = true;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            if r.starts_with('"') {
                let mut strings = serde_json::Deserializer::from_str(r).into_iter::<String>();
                let key = strings.next()?.ok()?;
                let used = strings.byte_offset();
                segs.push(Seg::Key(key));
                rest = r[used..].strip_prefix(']')?;
            } else {
                let (n, after) = r.split_once(']')?;
                segs.push(Seg::Index(n.parse().ok()?));
                rest = after;
            }
        } else {
            let r = if first { rest } else { rest.strip_prefix('.')? };
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return None;
            }
            segs.push(Seg::Key(r[..end].to_owned()));
            rest = &r[end..];
        }
        first = false;
    }
    Some(segs)
}

/// The counts of a run that kept every promise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Cases run.
    pub cases: u64,
    /// Cases the loader accepted.
    pub accepted: u64,
    /// Cases the loader refused.
    pub rejected: u64,
}

/// A case that broke a promise.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The case.
    pub case: Case,
    /// The promise broken.
    pub problem: String,
}

impl Finding {
    /// Writes the input to `dir/soak-case-N.json` and what was found next to it
    /// (`soak-case-N.txt`); returns the input's path.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        let input = dir.join(format!("soak-case-{}.json", self.case.number));
        std::fs::write(&input, &self.case.bytes)?;
        std::fs::write(
            input.with_extension("txt"),
            format!(
                "case {}\nmade from: {}\nproblem: {}\n",
                self.case.number, self.case.description, self.problem
            ),
        )?;
        Ok(input)
    }
}

/// Runs the given cases in order; stops at the first broken promise. `progress` is called
/// after every case with the counts so far.
pub fn run(
    mutator: &Mutator,
    cases: impl IntoIterator<Item = u64>,
    mut progress: impl FnMut(&Tally),
) -> Result<Tally, Box<Finding>> {
    let mut tally = Tally::default();
    for number in cases {
        let case = mutator.case(number);
        match check(&case.bytes) {
            Ok(Verdict::Accepted) => tally.accepted += 1,
            Ok(Verdict::Rejected) => tally.rejected += 1,
            Err(problem) => return Err(Box::new(Finding { case, problem })),
        }
        tally.cases += 1;
        progress(&tally);
    }
    Ok(tally)
}

/// The `.json` files of a folder (the good corpus), sorted by name, as seeds.
pub fn files_in(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            Ok((name, std::fs::read(&p)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_are_the_same_for_the_same_seed_and_number() {
        let a = Mutator::new(7, Vec::new());
        let b = Mutator::new(7, Vec::new());
        let first = a.systematic_cases();
        for n in [0, 1, first - 1, first, first + 1, first + 99_999] {
            assert_eq!(a.case(n).bytes, b.case(n).bytes, "case {n}");
        }
        let other = Mutator::new(8, Vec::new());
        let differ = (first..first + 50)
            .filter(|&n| a.case(n).bytes != other.case(n).bytes)
            .count();
        assert!(
            differ > 40,
            "only {differ} of 50 cases differ between seeds"
        );
    }

    #[test]
    fn systematic_cases_cover_every_path_with_every_type() {
        let m = Mutator::new(1, vec![("tiny".into(), br#"{"a": [1]}"#.to_vec())]);
        let start = m.systematic_starts[TEMPLATES.len()];
        let texts: Vec<String> = (start..m.systematic_cases())
            .map(|n| {
                String::from_utf8(m.case(n).bytes)
                    .unwrap()
                    .split_whitespace()
                    .collect()
            })
            .collect();
        // Three paths (the root, "a", "a[0]"), eight replacements each.
        assert_eq!(texts.len(), 24);
        assert!(texts.contains(&"null".to_owned()));
        assert!(texts.contains(&r#"{"a":{}}"#.to_owned()));
        assert!(texts.contains(&r#"{"a":["x"]}"#.to_owned()));
        assert!(texts.contains(&r#"{"a":[]}"#.to_owned()), "a[0] removed");
        assert!(texts.contains(&"{}".to_owned()), "a removed");
    }

    #[test]
    fn duplicate_keys_are_found_at_any_depth_after_unescaping() {
        assert!(!has_duplicate_keys(r#"{"a": 1, "b": {"a": 2}}"#));
        assert!(has_duplicate_keys(r#"{"a": 1, "\u0061": 2}"#));
        assert!(has_duplicate_keys(r#"{"x": [{"k": 1, "k": 1}]}"#));
    }

    #[test]
    fn error_paths_are_read_back() {
        assert_eq!(
            parse_path("steps[3].position[0]"),
            Some(vec![
                Seg::Key("steps".into()),
                Seg::Index(3),
                Seg::Key("position".into()),
                Seg::Index(0)
            ])
        );
        assert_eq!(parse_path("steps[x]"), None);
        assert_eq!(parse_path(".a"), None);
    }

    #[test]
    fn a_file_of_an_older_version_is_the_full_readers_to_migrate() {
        let old = br#"{ "format": "journey-designer", "version": 1 }"#;
        assert_eq!(check(old), Ok(Verdict::Accepted));
        assert!(of_an_older_version(std::str::from_utf8(old).unwrap()));
        let current = format!(
            r#"{{ "format": "journey-designer", "version": {} }}"#,
            super::super::VERSION
        );
        assert!(!of_an_older_version(&current));
    }

    #[test]
    fn a_broken_promise_is_reported() {
        // A place beyond the text is caught.
        assert!(within("ab\ncd", 3, 1).is_err());
        assert!(within("ab\ncd", 2, 4).is_err());
        assert!(within("ab\ncd", 2, 3).is_ok());
        let value: Value = serde_json::from_str(r#"{"steps": [{"id": "a"}]}"#).unwrap();
        assert!(resolves(&value, "steps[0].stage", "missing; expected").is_ok());
        assert!(resolves(&value, "steps[0].stage", "unknown stage").is_err());
        assert!(resolves(&value, "steps[1].id", "missing").is_err());
        assert!(resolves(&value, "(file)", "expected an object").is_err());
    }
}
