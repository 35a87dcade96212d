//! Reading a journey from JSON text: syntax first, then every content error at once.

use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};

use serde_json::Value;

use super::error::{ContentError, LoadError};
use super::schema::{self, DOCUMENT, Parts, Scalar, Source};
use super::{FORMAT_NAME, VERSION};
use crate::model::{Document, Journey, Problem, ProblemKind, push_key, validate};

/// Reads a journey from the bytes of a file (UTF-8, an optional byte-order mark allowed).
pub fn from_slice(bytes: &[u8]) -> Result<Document, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => from_str(text),
        Err(err) => {
            let good = &bytes[..err.valid_up_to()];
            let line = good.split(|&b| b == b'\n').count();
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err(LoadError::NotText { line, column })
        }
    }
}

mod fast;

/// Reads a journey from JSON text (an optional byte-order mark allowed).
///
/// A valid file of the current version is read straight into the model; anything else is
/// read through a `serde_json::Value`, which finds every error and migrates older versions.
pub fn from_str(text: &str) -> Result<Document, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(doc) = fast::document(text) {
        return Ok(doc);
    }
    read_full(text)
}

/// The fast reader alone: the document in `text` (no byte-order mark), or `None` wherever
/// it leaves the file to the full reader. For tests that compare the two readers.
#[cfg(feature = "testing")]
pub fn read_fast(text: &str) -> Option<Document> {
    fast::document(text)
}

/// The full reader alone: `text` (no byte-order mark) parsed into a `serde_json::Value`
/// and read from it, with every error located. [`from_str`] uses it whenever the fast
/// reader gives up; tests compare the two readers with it.
pub fn read_full(text: &str) -> Result<Document, LoadError> {
    let value: Value = serde_json::from_str(text).map_err(|err| syntax_error(&err, text))?;
    from_value(value)
}

fn syntax_error(err: &serde_json::Error, text: &str) -> LoadError {
    let full = err.to_string();
    // serde_json appends " at line L column C"; we report the position in our own words.
    let detail = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let rest = text_at(text, err.line(), err.column());
    let message = if text.trim().is_empty() {
        "the file is empty; a journey file is a JSON object".to_owned()
    } else if err.is_eof() {
        format!("the file ends too early; it may have been cut off ({detail})")
    } else if detail == "recursion limit exceeded" {
        "the JSON is nested too deeply (more than 127 levels)".to_owned()
    } else if detail == "number out of range" {
        "this is not valid JSON: the number is too large (number out of range)".to_owned()
    } else if rest.starts_with(b"NaN") || rest.starts_with(b"Infinity") {
        "this is not valid JSON: NaN and Infinity are not JSON numbers; every number must be finite"
            .to_owned()
    } else if rest.starts_with(b"//") || rest.starts_with(b"/*") {
        "this is not valid JSON: comments are not allowed in JSON".to_owned()
    } else if rest.starts_with(b"'") {
        "this is not valid JSON: strings and keys must be in double quotes (\"), not single quotes"
            .to_owned()
    } else {
        format!("this is not valid JSON: {detail}")
    };
    LoadError::Syntax {
        line: err.line().max(1),
        column: char_column(text, err.line(), err.column()).max(1),
        message,
    }
}

/// The text of line `line` (1-based), without its line break.
fn line_text(text: &str, line: usize) -> &[u8] {
    text.as_bytes()
        .split(|&b| b == b'\n')
        .nth(line.saturating_sub(1))
        .unwrap_or_default()
}

/// The bytes from a parser position (1-based line, 1-based byte column) to the end of its line.
fn text_at(text: &str, line: usize, column: usize) -> &[u8] {
    let bytes = line_text(text, line);
    bytes.get(column.saturating_sub(1)..).unwrap_or_default()
}

/// The parser counts columns in bytes; people and editors count characters.
fn char_column(text: &str, line: usize, column: usize) -> usize {
    let bytes = line_text(text, line);
    let end = column.min(bytes.len());
    // Count the characters starting within the first `end` bytes, so a character cut by
    // `end` is the one pointed at; past the end of the line, count on by bytes.
    let chars = bytes[..end].iter().filter(|&&b| b & 0xC0 != 0x80).count();
    chars + (column - end)
}

/// Reads a journey from a parsed JSON value (the file's whole content).
pub fn from_value(value: Value) -> Result<Document, LoadError> {
    let root = Path::ROOT;
    let Value::Object(mut map) = value else {
        return Err(single(
            root,
            &format!("expected a JSON object, found {}", kind(&value)),
        ));
    };
    match map.get("format") {
        Some(Value::String(s)) if s == FORMAT_NAME => {}
        Some(other) => {
            return Err(single(
                root.key("format"),
                &format!(
                    "expected \"{FORMAT_NAME}\", found {}; this is not a Journey Designer file",
                    show(other)
                ),
            ));
        }
        None => {
            return Err(single(
                root.key("format"),
                &format!("missing; a Journey Designer file has \"format\": \"{FORMAT_NAME}\""),
            ));
        }
    }
    let version = match map.get("version") {
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v >= 1) => {
            n.as_u64().unwrap_or(VERSION)
        }
        Some(other) => {
            return Err(single(
                root.key("version"),
                &format!(
                    "expected the format version, a whole number 1 or more, found {}",
                    show(other)
                ),
            ));
        }
        None => {
            return Err(single(
                root.key("version"),
                "missing; the file must say which format version it uses",
            ));
        }
    };
    if version > VERSION {
        return Err(LoadError::NewerVersion {
            found: version,
            supported: VERSION,
        });
    }
    super::migrate::to_current(&mut map, version);
    let sections: Vec<String> = map.keys().cloned().collect();
    let mut sink = Sink::default();
    let mut parts = Parts::default();
    let mut source = Full {
        value: Value::Object(map),
        path: root,
        sink: &mut sink,
    };
    schema::read_object(&mut source, &"an object", &DOCUMENT, &mut parts);
    let problems = validate(&Journey {
        personas: &parts.personas,
        steps: &parts.steps,
        links: &parts.links,
        scenarios: &parts.scenarios,
        opportunities: &parts.opportunities,
    });
    let mut errors = sink.merge(problems);
    if !errors.is_empty() {
        // Report in file order: a duplicate id next to the other problems of its step.
        errors.sort_by_key(|e| place_in_file(&e.path, &sections));
        return Err(LoadError::Content(errors));
    }
    parts
        .into_document()
        .map_err(|err| single(root, &err.to_string()))
}

/// Where an error's path lies in the file: the position of its top-level field, then the
/// index within that field's list. Errors at the same place keep the order they were found in.
fn place_in_file(path: &str, sections: &[String]) -> (usize, usize) {
    let head_end = path.find(['.', '[']).unwrap_or(path.len());
    let section = sections
        .iter()
        .position(|k| *k == path[..head_end])
        .unwrap_or(usize::MAX);
    let index = path[head_end..]
        .strip_prefix('[')
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (section, index)
}

fn single(path: Path<'_>, message: &str) -> LoadError {
    LoadError::Content(vec![ContentError {
        path: path.render(),
        message: message.to_owned(),
    }])
}

/// A JSON path, built on the stack while reading and rendered only for errors.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    const ROOT: Path<'static> = Path {
        parent: None,
        seg: Seg::Root,
    };

    fn key(&'a self, key: &'a str) -> Self {
        Path {
            parent: Some(self),
            seg: Seg::Key(key),
        }
    }

    fn index(&'a self, index: usize) -> Self {
        Path {
            parent: Some(self),
            seg: Seg::Index(index),
        }
    }

    fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            segs.push(p.seg);
            at = p.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Key(k) => push_key(&mut out, k),
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
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The value's kind, with the value itself when it is short.
fn show(value: &Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.chars().count() <= 40 => format!("{s:?}"),
        Value::Bool(b) => b.to_string(),
        other => kind(other).to_owned(),
    }
}

/// A problem found while reading, or a place where the model's rules may find one.
enum Entry {
    /// A value that cannot be read.
    Error(ContentError),
    /// The place of a checked field or of an override (see [`Source::mark`]).
    Mark(String),
}

/// What the full reader found, in the order it read the file.
#[derive(Default)]
struct Sink {
    entries: Vec<Entry>,
}

/// Whether `path` is `place` or lies inside it.
fn within(path: &str, place: &str) -> bool {
    path.strip_prefix(place)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

impl Sink {
    fn error(&mut self, path: Path<'_>, message: String) {
        self.entries.push(Entry::Error(ContentError {
            path: path.render(),
            message,
        }));
    }

    /// The errors found while reading, with the problems the model's rules found in the
    /// journey read.
    ///
    /// A problem inside a value that could not be read is its consequence (an empty id
    /// where the id was not a string, the id of a step that was not an object) and is left
    /// out. An empty id or link end takes the place of the field's mark, after the other
    /// errors of its item; an override of a step or link that does not exist takes the place
    /// of the override, and what the override holds is not reported. Other problems follow
    /// all errors (the caller sorts them into file order by item).
    fn merge(self, problems: Vec<Problem>) -> Vec<ContentError> {
        let errors = self.entries.into_iter();
        if problems.is_empty() {
            return errors
                .filter_map(|e| match e {
                    Entry::Error(e) => Some(e),
                    Entry::Mark(_) => None,
                })
                .collect();
        }
        let entries: Vec<Entry> = errors.collect();
        let reported: HashSet<&str> = entries
            .iter()
            .filter_map(|e| match e {
                Entry::Error(e) => Some(e.path.as_str()),
                Entry::Mark(_) => None,
            })
            .collect();
        let marks: HashSet<&str> = entries
            .iter()
            .filter_map(|e| match e {
                Entry::Mark(path) => Some(path.as_str()),
                Entry::Error(_) => None,
            })
            .collect();
        let consequence = |path: &str| {
            path.match_indices(['.', '['])
                .map(|(i, _)| &path[..i])
                .chain([path])
                .any(|place| reported.contains(place))
        };
        let mut at_mark: HashMap<String, Vec<ContentError>> = HashMap::new();
        let mut unread = Vec::new();
        let mut rest = Vec::new();
        for problem in problems {
            let target = matches!(problem.kind, ProblemKind::NoSuchTarget { .. });
            if !target && consequence(&problem.path) {
                continue;
            }
            let marked = matches!(
                problem.kind,
                ProblemKind::EmptyId | ProblemKind::EmptyEnd | ProblemKind::NoSuchTarget { .. }
            ) && marks.contains(problem.path.as_str());
            if target {
                unread.push(problem.path.clone());
            }
            let error = ContentError {
                message: problem.kind.message(),
                path: problem.path,
            };
            if marked {
                at_mark.entry(error.path.clone()).or_default().push(error);
            } else {
                rest.push(error);
            }
        }
        let mut out = Vec::new();
        for entry in entries {
            match entry {
                Entry::Error(e) if !unread.iter().any(|u| within(&e.path, u)) => out.push(e),
                Entry::Error(_) => {}
                Entry::Mark(path) => out.extend(at_mark.remove(&path).unwrap_or_default()),
            }
        }
        out.extend(rest);
        out
    }
}

/// A value of the file as the full reader reads it: every wrong value reported at its path.
struct Full<'s, 'p> {
    /// The value, until it is read.
    value: Value,
    /// Where it is.
    path: Path<'p>,
    /// Where errors go.
    sink: &'s mut Sink,
}

impl Full<'_, '_> {
    fn expected(&mut self, what: &dyn fmt::Display, found: &Value) {
        self.sink
            .error(self.path, format!("expected {what}, found {}", show(found)));
    }
}

impl Source for Full<'_, '_> {
    fn string(&mut self, what: &dyn fmt::Display) -> Option<String> {
        match std::mem::take(&mut self.value) {
            Value::String(s) => Some(s),
            other => {
                self.expected(what, &other);
                None
            }
        }
    }

    fn scalar(
        &mut self,
        what: &dyn fmt::Display,
        read: &mut dyn FnMut(Scalar<'_>) -> Result<(), Option<String>>,
    ) -> bool {
        let value = std::mem::take(&mut self.value);
        let scalar = match &value {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => Scalar::Number(n),
            Value::String(s) => Scalar::Str(s),
            Value::Array(_) | Value::Object(_) => {
                self.expected(what, &value);
                return false;
            }
        };
        match read(scalar) {
            Ok(()) => true,
            Err(None) => {
                self.expected(what, &value);
                false
            }
            Err(Some(message)) => {
                self.sink.error(self.path, message);
                false
            }
        }
    }

    fn list(
        &mut self,
        what: &dyn fmt::Display,
        len: Option<usize>,
        item: &mut dyn FnMut(usize, &mut dyn Source),
    ) -> bool {
        match std::mem::take(&mut self.value) {
            Value::Array(items) if len.is_none_or(|n| n == items.len()) => {
                for (i, value) in items.into_iter().enumerate() {
                    let path = self.path.index(i);
                    item(
                        i,
                        &mut Full {
                            value,
                            path,
                            sink: &mut *self.sink,
                        },
                    );
                }
                true
            }
            Value::Array(items) => {
                let plural = if items.len() == 1 { "" } else { "s" };
                let message = format!(
                    "expected {what}, found a list of {} value{plural}",
                    items.len()
                );
                self.sink.error(self.path, message);
                false
            }
            other => {
                self.expected(what, &other);
                false
            }
        }
    }

    fn object(
        &mut self,
        what: &dyn fmt::Display,
        entry: &mut dyn FnMut(&str, &mut dyn Source),
    ) -> bool {
        match std::mem::take(&mut self.value) {
            Value::Object(map) => {
                for (key, value) in map {
                    let path = self.path.key(&key);
                    entry(
                        &key,
                        &mut Full {
                            value,
                            path,
                            sink: &mut *self.sink,
                        },
                    );
                }
                true
            }
            other => {
                self.expected(what, &other);
                false
            }
        }
    }

    fn value(&mut self) -> Option<Value> {
        Some(std::mem::take(&mut self.value))
    }

    fn missing(&mut self, key: &str, why: &str) {
        let path = self.path.key(key);
        self.sink.error(path, format!("missing; {why}"));
    }

    fn mark(&mut self, key: Option<&str>) {
        let path = match key {
            Some(key) => self.path.key(key).render(),
            None => self.path.render(),
        };
        self.sink.entries.push(Entry::Mark(path));
    }

    fn repeated_key(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_models_problems_take_their_place_among_the_readers_errors() {
        let text = r#"{"format": "journey-designer", "version": 1,
            "steps": [{"id": "", "title": 5}, {"id": "a", "stage": "tell"}],
            "links": [{"id": "", "to": "x"}, {"id": "l", "from": 3, "to": "a"}],
            "scenarios": [{"name": 1, "steps": {"gone": 5, "a": {"stay": 2}}}, "calm"]}"#;
        let Err(LoadError::Content(errors)) = read_full(text) else {
            panic!("refused");
        };
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "steps[0].title: expected a string, found 5",
                "steps[0].id: must not be empty",
                "steps[0].stage: missing; expected one of tell, buy, experience, care, delight, word_of_mouth",
                "links[0].id: must not be empty",
                "links[0].from: missing; a link needs the id of a step",
                r#"links[0].to: there is no step with id "x""#,
                "links[1].from: expected a string, found 3",
                "scenarios[0].name: expected a string, found 1",
                r#"scenarios[0].steps.gone: there is no step with id "gone""#,
                "scenarios[0].steps.a.stay: expected a share from 0 to 1, found 2",
                r#"scenarios[1]: expected an object, found "calm""#,
            ]
        );
    }

    #[test]
    fn both_readers_build_the_same_bookmarks() {
        let text = include_str!("../../tests/corpus/good/canonical-bookmarks.json");
        let fast = fast::document(text).expect("a valid current file takes the fast path");
        let full = from_value(serde_json::from_str(text).expect("JSON")).expect("valid");
        assert_eq!(fast, full);
        let names: Vec<&str> = fast
            .view
            .bookmarks
            .iter()
            .map(|b| b.name.as_str())
            .collect();
        assert_eq!(names, ["Telling", "Buying"]);
        assert_eq!(fast.view.bookmarks[1].center, [1600.0, 400.0]);
        assert_eq!(fast.view.bookmarks[1].zoom, 1.5);
        assert_eq!(
            fast.view.bookmarks[1].extra.get("colour"),
            Some(&Value::from("amber"))
        );
    }
}
