//! Writing a journey as canonical JSON: pretty, 2-space indent, keys in a fixed order,
//! unknown fields after the known ones, a newline at the end.
//!
//! Lists of plain values (`"position": [0.0, -260.0]`, `"channels": ["email"]`) stay on one
//! line; objects and lists of objects take one line per entry, so a file diffs well in git.

use serde::Serialize;
use serde_json::Value;

use super::{FORMAT_NAME, VERSION, keys};
use crate::model::{Bookmark, Document, Extra, Lane, Link, Persona, Scenario, Step};

/// The canonical text of a document.
pub fn to_string(doc: &Document) -> String {
    let mut w = Writer::with_capacity(256 + doc.steps().len() * 320 + doc.links().len() * 120);
    w.begin_object();
    w.key("format");
    w.scalar(FORMAT_NAME);
    w.key("version");
    w.scalar(&VERSION);
    w.key("title");
    w.scalar(&doc.title);
    w.key("core_narrative");
    w.scalar(&doc.core_narrative);

    w.key("audience");
    w.begin_object();
    w.key("description");
    w.scalar(&doc.audience.description);
    w.key("size");
    w.scalar(&doc.audience.size);
    w.key("uniqueness");
    w.scalar(&doc.audience.uniqueness);
    w.key("desires");
    w.inline_list(
        doc.audience
            .desires
            .iter()
            .map(crate::model::Desire::as_str),
    );
    w.extra(&doc.audience.extra, keys::AUDIENCE);
    w.end_object();

    w.key("problems");
    w.begin_object();
    w.key("external");
    w.scalar(&doc.problems.external);
    w.key("internal");
    w.scalar(&doc.problems.internal);
    w.key("philosophical");
    w.scalar(&doc.problems.philosophical);
    w.extra(&doc.problems.extra, keys::PROBLEMS);
    w.end_object();

    // Optional: absent when there are none, so older files save back byte for byte.
    if !doc.personas().is_empty() {
        w.key("personas");
        w.begin_list();
        for persona in doc.personas() {
            w.item();
            w.persona(persona);
        }
        w.end_list();
    }

    w.key("steps");
    w.begin_list();
    for step in doc.steps() {
        w.item();
        w.step(step);
    }
    w.end_list();

    w.key("links");
    w.begin_list();
    for link in doc.links() {
        w.item();
        w.link(link);
    }
    w.end_list();

    if !doc.scenarios().is_empty() {
        w.key("scenarios");
        w.begin_list();
        for scenario in doc.scenarios() {
            w.item();
            w.scenario(scenario);
        }
        w.end_list();
    }

    w.key("view");
    w.begin_object();
    w.key("center");
    w.inline_list(doc.view.center);
    w.key("zoom");
    w.scalar(&doc.view.zoom);
    for (key, lanes) in [
        ("lanes", &doc.view.lanes),
        ("hidden_lanes", &doc.view.hidden_lanes),
    ] {
        if !lanes.is_empty() {
            w.key(key);
            w.inline_list(lanes.iter().map(|l| Lane::as_str(*l)));
        }
    }
    if !doc.view.bookmarks.is_empty() {
        w.key("bookmarks");
        w.begin_list();
        for bookmark in &doc.view.bookmarks {
            w.item();
            w.bookmark(bookmark);
        }
        w.end_list();
    }
    w.extra(&doc.view.extra, keys::VIEW);
    w.end_object();

    w.extra(&doc.extra, keys::DOCUMENT);
    w.end_object();
    w.out.push(b'\n');
    // Every byte written is either ASCII punctuation or serde_json's UTF-8 output.
    String::from_utf8(w.out).unwrap_or_default()
}

struct Writer {
    out: Vec<u8>,
    /// One entry per open object or list: whether it is still empty.
    open: Vec<bool>,
}

impl Writer {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            out: Vec::with_capacity(capacity),
            open: Vec::new(),
        }
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        self.out.resize(self.out.len() + 2 * self.open.len(), b' ');
    }

    /// Starts an entry of the innermost object or list.
    fn entry(&mut self) {
        if let Some(empty) = self.open.last_mut() {
            let first = std::mem::replace(empty, false);
            if !first {
                self.out.push(b',');
            }
        }
        self.newline();
    }

    fn begin_object(&mut self) {
        self.out.push(b'{');
        self.open.push(true);
    }

    fn end_object(&mut self) {
        self.close(b'}');
    }

    fn begin_list(&mut self) {
        self.out.push(b'[');
        self.open.push(true);
    }

    fn end_list(&mut self) {
        self.close(b']');
    }

    fn close(&mut self, bracket: u8) {
        let empty = self.open.pop().unwrap_or(true);
        if !empty {
            self.newline();
        }
        self.out.push(bracket);
    }

    fn key(&mut self, key: &str) {
        self.entry();
        self.scalar(key);
        self.out.extend_from_slice(b": ");
    }

    fn item(&mut self) {
        self.entry();
    }

    fn scalar<T: Serialize + ?Sized>(&mut self, value: &T) {
        // Writing a string or number into a Vec cannot fail.
        let _ = value.serialize(&mut serde_json::Serializer::new(&mut self.out));
    }

    fn inline_list<T: Serialize>(&mut self, items: impl IntoIterator<Item = T>) {
        self.out.push(b'[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.out.extend_from_slice(b", ");
            }
            self.scalar(&item);
        }
        self.out.push(b']');
    }

    /// Fields the app does not know, in their order. A key the app does know is skipped: it
    /// was written from the model already, and a second copy would make the file ambiguous.
    fn extra(&mut self, extra: &Extra, known: &[&str]) {
        for (key, value) in extra.iter().filter(|(k, _)| !known.contains(&k.as_str())) {
            self.key(key);
            self.value(value);
        }
    }

    /// Any JSON value, by the same layout rules as the known fields.
    fn value(&mut self, value: &Value) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                self.begin_object();
                self.extra(map, &[]);
                self.end_object();
            }
            Value::Array(items) if items.iter().any(|v| v.is_object() || v.is_array()) => {
                self.begin_list();
                for item in items {
                    self.item();
                    self.value(item);
                }
                self.end_list();
            }
            Value::Array(items) => self.inline_list(items),
            other => self.scalar(other),
        }
    }

    fn step(&mut self, step: &Step) {
        self.begin_object();
        self.key("id");
        self.scalar(&step.id);
        self.key("stage");
        self.scalar(step.stage.as_str());
        self.key("title");
        self.scalar(&step.title);
        self.key("notes");
        self.scalar(&step.notes);
        self.key("position");
        self.inline_list(step.position);
        self.key("emotion");
        self.scalar(&step.emotion.value());
        for (key, list) in [
            ("channels", &step.channels),
            ("touchpoints", &step.touchpoints),
            ("pain_points", &step.pain_points),
            ("opportunities", &step.opportunities),
        ] {
            self.key(key);
            self.inline_list(list);
        }
        if !step.personas.is_empty() {
            self.key("personas");
            self.inline_list(&step.personas);
        }
        if !step.persona_emotions.is_empty() {
            self.key("persona_emotions");
            self.begin_object();
            for (id, emotion) in &step.persona_emotions {
                self.key(id);
                self.scalar(&emotion.value());
            }
            self.end_object();
        }
        self.numbers(&[
            ("reach", step.reach),
            ("stay", step.stay),
            ("referrals", step.referrals),
        ]);
        self.extra(&step.extra, keys::STEP);
        self.end_object();
    }

    fn persona(&mut self, persona: &Persona) {
        self.begin_object();
        self.key("id");
        self.scalar(&persona.id);
        self.key("name");
        self.scalar(&persona.name);
        self.key("description");
        self.scalar(&persona.description);
        self.key("goals");
        self.inline_list(&persona.goals);
        self.key("colour");
        self.scalar(&persona.colour.hex());
        self.extra(&persona.extra, keys::PERSONA);
        self.end_object();
    }

    /// The optional numbers that are set, in the given order; unset ones are not written.
    fn numbers(&mut self, numbers: &[(&str, Option<f64>)]) {
        for (key, value) in numbers {
            if let Some(x) = value {
                self.key(key);
                self.scalar(x);
            }
        }
    }

    fn scenario(&mut self, scenario: &Scenario) {
        self.begin_object();
        self.key("name");
        self.scalar(&scenario.name);
        self.key("steps");
        self.begin_object();
        for (id, o) in &scenario.steps {
            self.key(id);
            self.begin_object();
            self.numbers(&[
                ("reach", o.reach),
                ("stay", o.stay),
                ("referrals", o.referrals),
            ]);
            self.extra(&o.extra, keys::STEP_OVERRIDE);
            self.end_object();
        }
        self.end_object();
        self.key("links");
        self.begin_object();
        for (id, o) in &scenario.links {
            self.key(id);
            self.begin_object();
            self.numbers(&[("rate", o.rate)]);
            self.extra(&o.extra, keys::LINK_OVERRIDE);
            self.end_object();
        }
        self.end_object();
        self.extra(&scenario.extra, keys::SCENARIO);
        self.end_object();
    }

    fn link(&mut self, link: &Link) {
        self.begin_object();
        self.key("id");
        self.scalar(&link.id);
        self.key("from");
        self.scalar(&link.from);
        self.key("to");
        self.scalar(&link.to);
        self.key("label");
        self.scalar(&link.label);
        self.key("rate");
        self.scalar(&link.rate);
        self.extra(&link.extra, keys::LINK);
        self.end_object();
    }

    fn bookmark(&mut self, bookmark: &Bookmark) {
        self.begin_object();
        self.key("name");
        self.scalar(&bookmark.name);
        self.key("center");
        self.inline_list(bookmark.center);
        self.key("zoom");
        self.scalar(&bookmark.zoom);
        self.extra(&bookmark.extra, keys::BOOKMARK);
        self.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extra_field_with_a_known_name_is_not_written_twice() {
        let mut doc = Document::new("Real title");
        doc.extra.insert("title".into(), Value::from("shadow"));
        doc.extra.insert("custom".into(), Value::from(1));
        let text = to_string(&doc);
        assert_eq!(text.matches("\"title\"").count(), 1, "{text}");
        assert!(text.contains("\"custom\": 1"));
        assert_eq!(
            crate::format::from_str(&text).map(|d| d.title),
            Ok("Real title".to_owned())
        );
    }
}
