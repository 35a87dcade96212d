//! Reading a journey from JSON text: syntax first, then every content error at once.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::error::{ContentError, LoadError};
use super::{FORMAT_NAME, VERSION};
use crate::model::{
    Audience, Bookmark, Colour, Desire, Desires, Document, Emotion, Extra, Lane, Link,
    LinkOverride, Persona, Point, Problems, REACH_RANGE, REFERRALS_RANGE, STAY_RANGE, Scenario,
    Stage, Step, StepOverride, View,
};
use crate::model::{is_count, is_share};

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
    let mut reader = Reader::default();
    let doc = reader.document(map);
    match doc {
        Some(doc) if reader.errors.is_empty() => Ok(doc),
        _ => Err(LoadError::Content(reader.errors)),
    }
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

/// Whether a key can be written bare in a path: letters, digits, `_` and `-`.
fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
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
                // A key that is not a plain name (an id in a scenario may hold dots,
                // brackets or line breaks) is written as a quoted JSON string in brackets.
                Seg::Key(k) if !is_plain_key(k) => {
                    let quoted = serde_json::to_string(k).unwrap_or_default();
                    let _ = write!(out, "[{quoted}]");
                }
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

/// What a link's `from` or `to` held.
enum LinkEnd {
    /// The field is absent.
    Missing,
    /// The field is not a string; that was reported already.
    Reported,
    /// A string, possibly empty.
    Given(String),
}

impl LinkEnd {
    fn read(value: Option<String>) -> Self {
        value.map_or(Self::Reported, Self::Given)
    }
}

#[derive(Default)]
struct Reader {
    errors: Vec<ContentError>,
}

impl Reader {
    fn error(&mut self, path: Path<'_>, message: impl Into<String>) {
        self.errors.push(ContentError {
            path: path.render(),
            message: message.into(),
        });
    }

    fn expected(&mut self, path: Path<'_>, what: &str, found: &Value) {
        self.error(path, format!("expected {what}, found {}", show(found)));
    }

    fn object(&mut self, value: Value, path: Path<'_>) -> Option<Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.expected(path, "an object", &other);
                None
            }
        }
    }

    fn string(&mut self, value: Value, path: Path<'_>) -> Option<String> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.expected(path, "a string", &other);
                None
            }
        }
    }

    fn strings(&mut self, value: Value, path: Path<'_>) -> Option<Vec<String>> {
        let Value::Array(items) = value else {
            self.expected(path, "a list of strings", &value);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            out.extend(self.string(item, path.index(i)));
        }
        Some(out)
    }

    fn number(&mut self, value: &Value, path: Path<'_>, what: &str) -> Option<f64> {
        match value.as_f64() {
            Some(x) if x.is_finite() => Some(x),
            _ => {
                self.expected(path, what, value);
                None
            }
        }
    }

    fn point(&mut self, value: &Value, path: Path<'_>) -> Option<Point> {
        const WHAT: &str = "a point [x, y] of two finite numbers";
        match value {
            Value::Array(items) if items.len() == 2 => {
                let x = self.number(&items[0], path.index(0), "a finite number");
                let y = self.number(&items[1], path.index(1), "a finite number");
                Some([x?, y?])
            }
            Value::Array(items) => {
                let plural = if items.len() == 1 { "" } else { "s" };
                self.error(
                    path,
                    format!(
                        "expected {WHAT}, found a list of {} value{plural}",
                        items.len()
                    ),
                );
                None
            }
            other => {
                self.expected(path, WHAT, other);
                None
            }
        }
    }

    fn document(&mut self, map: Map<String, Value>) -> Option<Document> {
        let root = Path::ROOT;
        let mut doc = Document::default();
        let mut steps = Vec::new();
        let mut links = Vec::new();
        let mut personas = Vec::new();
        let mut scenarios = None;
        let sections: Vec<String> = map.keys().cloned().collect();
        for (key, value) in map {
            let path = root.key(&key);
            match key.as_str() {
                "format" | "version" => {}
                "title" => doc.title = self.string(value, path).unwrap_or_default(),
                "core_narrative" => {
                    doc.core_narrative = self.string(value, path).unwrap_or_default();
                }
                "audience" => doc.audience = self.audience(value, path),
                "problems" => doc.problems = self.problems(value, path),
                "personas" => personas = self.list(value, path, Self::persona),
                "steps" => steps = self.list(value, path, Self::step),
                "links" => links = self.list(value, path, Self::link),
                "scenarios" => scenarios = Some(value),
                "view" => doc.view = self.view(value, path),
                _ => {
                    doc.extra.insert(key, value);
                }
            }
        }
        self.check_references(&steps, &links);
        self.check_personas(&personas, &steps);
        // Scenarios name steps and links, wherever they stand in the file.
        let scenarios = scenarios.map_or_else(Vec::new, |value| {
            self.scenarios(value, root.key("scenarios"), &steps, &links)
        });
        if !self.errors.is_empty() {
            // Report in file order: a duplicate id next to the other problems of its step.
            self.errors
                .sort_by_key(|e| place_in_file(&e.path, &sections));
            return None;
        }
        let checked = doc
            .set_personas(personas)
            .and_then(|()| doc.set_steps_and_links(steps, links))
            .and_then(|()| doc.set_scenarios(scenarios));
        match checked {
            Ok(()) => Some(doc),
            Err(err) => {
                self.error(root, err.to_string());
                None
            }
        }
    }

    fn list<T>(
        &mut self,
        value: Value,
        path: Path<'_>,
        item: fn(&mut Self, Value, Path<'_>) -> T,
    ) -> Vec<T> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| item(self, v, path.index(i)))
                .collect(),
            other => {
                self.expected(path, "a list", &other);
                Vec::new()
            }
        }
    }

    /// Duplicate ids and links to missing steps, reported at the offending item.
    fn check_references(&mut self, steps: &[Step], links: &[Link]) {
        let root = Path::ROOT;
        let mut step_at: HashMap<&str, usize> = HashMap::with_capacity(steps.len());
        let steps_path = root.key("steps");
        for (i, step) in steps.iter().enumerate() {
            if step.id.is_empty() {
                continue;
            }
            if let Some(first) = step_at.insert(&step.id, i) {
                step_at.insert(&step.id, first);
                let p = steps_path.index(i);
                self.error(
                    p.key("id"),
                    format!(
                        "{:?} is already the id of steps[{first}]; ids must be unique",
                        step.id
                    ),
                );
            }
        }
        let mut link_at: HashMap<&str, usize> = HashMap::with_capacity(links.len());
        let links_path = root.key("links");
        for (i, link) in links.iter().enumerate() {
            let p = links_path.index(i);
            if !link.id.is_empty()
                && let Some(first) = link_at.insert(&link.id, i)
            {
                link_at.insert(&link.id, first);
                self.error(
                    p.key("id"),
                    format!(
                        "{:?} is already the id of links[{first}]; ids must be unique",
                        link.id
                    ),
                );
            }
            for (end, name) in [(&link.from, "from"), (&link.to, "to")] {
                if !end.is_empty() && !step_at.contains_key(end.as_str()) {
                    self.error(p.key(name), format!("there is no step with id {end:?}"));
                }
            }
        }
    }

    /// Duplicate persona ids, and steps naming personas the journey does not have or naming
    /// one twice, reported at the offending item.
    fn check_personas(&mut self, personas: &[Persona], steps: &[Step]) {
        let root = Path::ROOT;
        let personas_path = root.key("personas");
        let mut persona_at: HashMap<&str, usize> = HashMap::with_capacity(personas.len());
        for (i, persona) in personas.iter().enumerate() {
            if persona.id.is_empty() {
                continue;
            }
            if let Some(first) = persona_at.insert(&persona.id, i) {
                persona_at.insert(&persona.id, first);
                let p = personas_path.index(i);
                self.error(
                    p.key("id"),
                    format!(
                        "{:?} is already the id of personas[{first}]; ids must be unique",
                        persona.id
                    ),
                );
            }
        }
        let steps_path = root.key("steps");
        for (i, step) in steps.iter().enumerate() {
            let p = steps_path.index(i);
            let list = p.key("personas");
            for (j, id) in step.personas.iter().enumerate() {
                if !persona_at.contains_key(id.as_str()) {
                    self.error(list.index(j), format!("there is no persona with id {id:?}"));
                } else if step.personas[..j].contains(id) {
                    self.error(list.index(j), format!("{id:?} is listed twice"));
                }
            }
            let emotions = p.key("persona_emotions");
            for (id, _) in &step.persona_emotions {
                if !persona_at.contains_key(id.as_str()) {
                    self.error(
                        emotions.key(id),
                        format!("there is no persona with id {id:?}"),
                    );
                }
            }
        }
    }

    fn persona(&mut self, value: Value, path: Path<'_>) -> Persona {
        let mut persona = Persona::default();
        let Some(map) = self.object(value, path) else {
            return persona;
        };
        let mut id = None;
        let mut bad_id = false;
        for (key, value) in map {
            let p = path.key(&key);
            match key.as_str() {
                "id" => {
                    id = self.string(value, p);
                    bad_id = id.is_none();
                }
                "name" => persona.name = self.string(value, p).unwrap_or_default(),
                "description" => persona.description = self.string(value, p).unwrap_or_default(),
                "goals" => persona.goals = self.strings(value, p).unwrap_or_default(),
                "colour" => persona.colour = self.colour(&value, p),
                _ => {
                    persona.extra.insert(key, value);
                }
            }
        }
        if !bad_id {
            persona.id = self.required_id(id, path.key("id"), "every persona needs an id");
        }
        persona
    }

    fn colour(&mut self, value: &Value, path: Path<'_>) -> Colour {
        let colour = value.as_str().and_then(Colour::parse);
        if colour.is_none() {
            self.expected(
                path,
                "a colour written #rrggbb (such as \"#2f6fde\")",
                value,
            );
        }
        colour.unwrap_or_default()
    }

    /// A step's `persona_emotions`: persona id → emotion, in file order.
    fn persona_emotions(&mut self, value: Value, path: Path<'_>) -> Vec<(String, Emotion)> {
        let Some(map) = self.object(value, path) else {
            return Vec::new();
        };
        map.into_iter()
            .map(|(id, value)| {
                let emotion = self.emotion(&value, path.key(&id));
                (id, emotion)
            })
            .collect()
    }

    /// A list of lane names, each at most once.
    fn lanes(&mut self, value: Value, path: Path<'_>) -> Vec<Lane> {
        let names: Vec<&str> = Lane::ALL.iter().map(|l| l.as_str()).collect();
        let Value::Array(items) = value else {
            let what = format!("a list of lanes (from {})", names.join(", "));
            self.expected(path, &what, &value);
            return Vec::new();
        };
        let mut lanes = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str().map(Lane::from_str_value) {
                Some(Some(lane)) if lanes.contains(&lane) => {
                    self.error(path.index(i), format!("{} is listed twice", show(item)));
                }
                Some(Some(lane)) => lanes.push(lane),
                Some(None) => self.error(
                    path.index(i),
                    format!(
                        "unknown lane {}; expected one of {}",
                        show(item),
                        names.join(", ")
                    ),
                ),
                None => self.error(
                    path.index(i),
                    format!(
                        "expected a lane (one of {}), found {}",
                        names.join(", "),
                        show(item)
                    ),
                ),
            }
        }
        lanes
    }

    fn required_id(&mut self, id: Option<String>, path: Path<'_>, what: &str) -> String {
        match id {
            Some(id) if !id.is_empty() => id,
            Some(_) => {
                self.error(path, "must not be empty");
                String::new()
            }
            None => {
                self.error(path, format!("missing; {what}"));
                String::new()
            }
        }
    }

    fn step(&mut self, value: Value, path: Path<'_>) -> Step {
        let mut step = Step::default();
        let Some(map) = self.object(value, path) else {
            return step;
        };
        let mut id = None;
        let mut bad_id = false;
        let mut stage_seen = false;
        for (key, value) in map {
            let p = path.key(&key);
            match key.as_str() {
                "id" => {
                    id = self.string(value, p);
                    bad_id = id.is_none();
                }
                "stage" => {
                    stage_seen = true;
                    if let Some(stage) = self.stage(&value, p) {
                        step.stage = stage;
                    }
                }
                "title" => step.title = self.string(value, p).unwrap_or_default(),
                "notes" => step.notes = self.string(value, p).unwrap_or_default(),
                "position" => step.position = self.point(&value, p).unwrap_or_default(),
                "emotion" => step.emotion = self.emotion(&value, p),
                "channels" => step.channels = self.strings(value, p).unwrap_or_default(),
                "touchpoints" => step.touchpoints = self.strings(value, p).unwrap_or_default(),
                "pain_points" => step.pain_points = self.strings(value, p).unwrap_or_default(),
                "opportunities" => step.opportunities = self.strings(value, p).unwrap_or_default(),
                "personas" => step.personas = self.strings(value, p).unwrap_or_default(),
                "persona_emotions" => step.persona_emotions = self.persona_emotions(value, p),
                "reach" => step.reach = self.bounded(&value, p, REACH_RANGE, is_count),
                "stay" => step.stay = self.bounded(&value, p, STAY_RANGE, is_share),
                "referrals" => {
                    step.referrals = self.bounded(&value, p, REFERRALS_RANGE, is_count);
                }
                _ => {
                    step.extra.insert(key, value);
                }
            }
        }
        // An id of the wrong type was reported already; an empty id stays out of the
        // reference checks.
        if !bad_id {
            step.id = self.required_id(id, path.key("id"), "every step needs an id");
        }
        if !stage_seen {
            self.error(
                path.key("stage"),
                format!("missing; expected one of {}", stage_list()),
            );
        }
        step
    }

    fn stage(&mut self, value: &Value, path: Path<'_>) -> Option<Stage> {
        match value {
            Value::String(s) => {
                let stage = Stage::from_str_value(s);
                if stage.is_none() {
                    self.error(
                        path,
                        format!(
                            "unknown stage {}; expected one of {}",
                            show(value),
                            stage_list()
                        ),
                    );
                }
                stage
            }
            other => {
                self.error(
                    path,
                    format!(
                        "expected a stage name (one of {}), found {}",
                        stage_list(),
                        show(other)
                    ),
                );
                None
            }
        }
    }

    fn emotion(&mut self, value: &Value, path: Path<'_>) -> Emotion {
        let emotion = value.as_i64().and_then(Emotion::new);
        if emotion.is_none() {
            self.expected(
                path,
                "a whole number from -2 (very unhappy) to 2 (delighted)",
                value,
            );
        }
        emotion.unwrap_or_default()
    }

    fn link(&mut self, value: Value, path: Path<'_>) -> Link {
        let mut link = Link::default();
        let Some(map) = self.object(value, path) else {
            return link;
        };
        let (mut id, mut from, mut to) = (None, LinkEnd::Missing, LinkEnd::Missing);
        let mut bad_id = false;
        for (key, value) in map {
            let p = path.key(&key);
            match key.as_str() {
                "id" => {
                    id = self.string(value, p);
                    bad_id = id.is_none();
                }
                "from" => from = LinkEnd::read(self.string(value, p)),
                "to" => to = LinkEnd::read(self.string(value, p)),
                "label" => link.label = self.string(value, p).unwrap_or_default(),
                "rate" => link.rate = self.rate(&value, p),
                _ => {
                    link.extra.insert(key, value);
                }
            }
        }
        if !bad_id {
            link.id = self.required_id(id, path.key("id"), "every link needs an id");
        }
        link.from = self.link_end(from, path.key("from"));
        link.to = self.link_end(to, path.key("to"));
        link
    }

    /// The step id at a link's end; an empty string when it is missing or wrong, which the
    /// reference check skips.
    fn link_end(&mut self, end: LinkEnd, path: Path<'_>) -> String {
        match end {
            LinkEnd::Missing => {
                self.error(path, "missing; a link needs the id of a step");
                String::new()
            }
            LinkEnd::Given(s) if s.is_empty() => {
                self.error(path, "must not be empty; a link needs the id of a step");
                s
            }
            LinkEnd::Given(s) => s,
            LinkEnd::Reported => String::new(),
        }
    }

    fn rate(&mut self, value: &Value, path: Path<'_>) -> Option<f64> {
        if value.is_null() {
            return None;
        }
        match value.as_f64() {
            Some(r) if (0.0..=1.0).contains(&r) => Some(r),
            _ => {
                self.expected(path, "null or a share from 0 to 1", value);
                None
            }
        }
    }

    /// A number that `ok` accepts, or an error saying it must be `what`.
    fn bounded(
        &mut self,
        value: &Value,
        path: Path<'_>,
        what: &str,
        ok: fn(f64) -> bool,
    ) -> Option<f64> {
        match value.as_f64() {
            Some(x) if ok(x) => Some(x),
            _ => {
                self.expected(path, what, value);
                None
            }
        }
    }

    /// The scenarios, each id checked against the steps and links read.
    pub(super) fn scenarios(
        &mut self,
        value: Value,
        path: Path<'_>,
        steps: &[Step],
        links: &[Link],
    ) -> Vec<Scenario> {
        let step_ids: HashSet<&str> = steps.iter().map(|s| s.id.as_str()).collect();
        let link_ids: HashSet<&str> = links.iter().map(|l| l.id.as_str()).collect();
        let Value::Array(items) = value else {
            self.expected(path, "a list of scenarios", &value);
            return Vec::new();
        };
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let p = path.index(i);
            let Some(map) = self.object(item, p) else {
                continue;
            };
            let mut scenario = Scenario::default();
            let mut name = None;
            let mut bad_name = false;
            for (key, value) in map {
                let kp = p.key(&key);
                match key.as_str() {
                    "name" => {
                        name = self.string(value, kp);
                        bad_name = name.is_none();
                    }
                    "steps" => {
                        scenario.steps = self.overrides(value, kp, &step_ids, "step", |r, v, p| {
                            r.step_override(v, p)
                        });
                    }
                    "links" => {
                        scenario.links = self.overrides(value, kp, &link_ids, "link", |r, v, p| {
                            r.link_override(v, p)
                        });
                    }
                    _ => {
                        scenario.extra.insert(key, value);
                    }
                }
            }
            if bad_name {
                continue;
            }
            scenario.name = self.required_id(name, p.key("name"), "every scenario needs a name");
            if scenario.name.is_empty() {
                continue;
            }
            if let Some(first) = names.get(&scenario.name) {
                self.error(
                    p.key("name"),
                    format!(
                        "{:?} is already the name of scenarios[{first}]; names must be unique",
                        scenario.name
                    ),
                );
                continue;
            }
            names.insert(scenario.name.clone(), i);
            out.push(scenario);
        }
        out
    }

    /// An object of overrides keyed by step or link id.
    fn overrides<T>(
        &mut self,
        value: Value,
        path: Path<'_>,
        ids: &HashSet<&str>,
        kind: &str,
        item: fn(&mut Self, Value, Path<'_>) -> T,
    ) -> Vec<(String, T)> {
        let Value::Object(map) = value else {
            self.expected(path, &format!("an object of {kind} ids"), &value);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(map.len());
        for (id, value) in map {
            let p = path.key(&id);
            if !ids.contains(id.as_str()) {
                self.error(p, format!("there is no {kind} with id {id:?}"));
                continue;
            }
            let o = item(self, value, p);
            out.push((id, o));
        }
        out
    }

    fn step_override(&mut self, value: Value, path: Path<'_>) -> StepOverride {
        let mut o = StepOverride::default();
        let Some(map) = self.object(value, path) else {
            return o;
        };
        for (key, value) in map {
            let p = path.key(&key);
            match key.as_str() {
                "reach" => o.reach = self.bounded(&value, p, REACH_RANGE, is_count),
                "stay" => o.stay = self.bounded(&value, p, STAY_RANGE, is_share),
                "referrals" => o.referrals = self.bounded(&value, p, REFERRALS_RANGE, is_count),
                _ => {
                    o.extra.insert(key, value);
                }
            }
        }
        o
    }

    fn link_override(&mut self, value: Value, path: Path<'_>) -> LinkOverride {
        let mut o = LinkOverride::default();
        let Some(map) = self.object(value, path) else {
            return o;
        };
        for (key, value) in map {
            let p = path.key(&key);
            match key.as_str() {
                "rate" => o.rate = self.bounded(&value, p, STAY_RANGE, is_share),
                _ => {
                    o.extra.insert(key, value);
                }
            }
        }
        o
    }

    fn audience(&mut self, value: Value, path: Path<'_>) -> Audience {
        let mut audience = Audience::default();
        let Some(map) = self.object(value, path) else {
            return audience;
        };
        for (key, value) in map {
            let p = path.key(&key);
            match key.as_str() {
                "description" => audience.description = self.string(value, p).unwrap_or_default(),
                "uniqueness" => audience.uniqueness = self.string(value, p).unwrap_or_default(),
                "size" => {
                    audience.size = match &value {
                        Value::Null => None,
                        v => {
                            let size = v.as_u64();
                            if size.is_none() {
                                self.expected(p, "null or a whole number of people (0 or more)", v);
                            }
                            size
                        }
                    };
                }
                "desires" => audience.desires = self.desires(value, p),
                _ => {
                    audience.extra.insert(key, value);
                }
            }
        }
        audience
    }

    fn desires(&mut self, value: Value, path: Path<'_>) -> Desires {
        let names: Vec<&str> = Desire::ALL.iter().map(|d| d.as_str()).collect();
        let Value::Array(items) = value else {
            let what = format!("a list of desires (from {})", names.join(", "));
            self.expected(path, &what, &value);
            return Desires::NONE;
        };
        let mut set = Desires::NONE;
        for (i, item) in items.iter().enumerate() {
            match item.as_str().map(Desire::from_str_value) {
                Some(Some(d)) => set = set.with(d, true),
                Some(None) => self.error(
                    path.index(i),
                    format!(
                        "unknown desire {}; expected one of {}",
                        show(item),
                        names.join(", ")
                    ),
                ),
                None => self.error(
                    path.index(i),
                    format!(
                        "expected a desire (one of {}), found {}",
                        names.join(", "),
                        show(item)
                    ),
                ),
            }
        }
        set
    }

    fn problems(&mut self, value: Value, path: Path<'_>) -> Problems {
        let mut problems = Problems::default();
        let Some(map) = self.object(value, path) else {
            return problems;
        };
        for (key, value) in map {
            let p = path.key(&key);
            match key.as_str() {
                "external" => problems.external = self.string(value, p).unwrap_or_default(),
                "internal" => problems.internal = self.string(value, p).unwrap_or_default(),
                "philosophical" => {
                    problems.philosophical = self.string(value, p).unwrap_or_default();
                }
                _ => {
                    problems.extra.insert(key, value);
                }
            }
        }
        problems
    }

    fn view(&mut self, value: Value, path: Path<'_>) -> View {
        let mut view = View::default();
        let Some(map) = self.object(value, path) else {
            return view;
        };
        let mut extra = Extra::new();
        for (key, value) in map {
            let p = path.key(&key);
            match key.as_str() {
                "center" => view.center = self.point(&value, p).unwrap_or_default(),
                "zoom" => match value.as_f64() {
                    Some(z) if z.is_finite() && z > 0.0 => view.zoom = z,
                    _ => self.expected(p, "a finite number above 0", &value),
                },
                "lanes" => view.lanes = self.lanes(value, p),
                "hidden_lanes" => view.hidden_lanes = self.lanes(value, p),
                "bookmarks" => view.bookmarks = self.list(value, p, Self::bookmark),
                _ => {
                    extra.insert(key, value);
                }
            }
        }
        view.extra = extra;
        view
    }

    fn bookmark(&mut self, value: Value, path: Path<'_>) -> Bookmark {
        let mut bookmark = Bookmark::new("", [0.0, 0.0], 1.0);
        let Some(map) = self.object(value, path) else {
            return bookmark;
        };
        let mut named = false;
        for (key, value) in map {
            let p = path.key(&key);
            match key.as_str() {
                "name" => {
                    named = true;
                    bookmark.name = self.string(value, p).unwrap_or_default();
                }
                "center" => bookmark.center = self.point(&value, p).unwrap_or_default(),
                "zoom" => match value.as_f64() {
                    Some(z) if z.is_finite() && z > 0.0 => bookmark.zoom = z,
                    _ => self.expected(p, "a finite number above 0", &value),
                },
                _ => {
                    bookmark.extra.insert(key, value);
                }
            }
        }
        if !named {
            self.error(path.key("name"), "missing; a bookmark needs a name");
        }
        bookmark
    }
}

fn stage_list() -> String {
    Stage::ALL.map(Stage::as_str).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
