//! Writing a journey as canonical JSON: pretty, 2-space indent, keys in a fixed order,
//! unknown fields after the known ones, a newline at the end.
//!
//! Lists of plain values (`"position": [0.0, -260.0]`, `"channels": ["email"]`) stay on one
//! line; objects and lists of objects take one line per entry, so a file diffs well in git.

use serde::Serialize;
use serde_json::{Map, Value};

use super::schema::{self, DOCUMENT};
use crate::model::Document;

/// The canonical text of a document.
pub fn to_string(doc: &Document) -> String {
    let mut w = Writer::with_capacity(256 + doc.steps().len() * 320 + doc.links().len() * 120);
    schema::write_object(&mut w, &DOCUMENT, doc);
    w.out.push(b'\n');
    // Every byte written is either ASCII punctuation or serde_json's UTF-8 output.
    String::from_utf8(w.out).unwrap_or_default()
}

/// Canonical JSON text being written: the layout, whatever the content.
pub(super) struct Writer {
    out: Vec<u8>,
    /// One entry per open object or list: whether it is still empty.
    open: Vec<bool>,
}

impl Writer {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self {
            out: Vec::with_capacity(capacity),
            open: Vec::new(),
        }
    }

    /// The text written, as bytes.
    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.out
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

    pub(super) fn begin_object(&mut self) {
        self.out.push(b'{');
        self.open.push(true);
    }

    pub(super) fn end_object(&mut self) {
        self.close(b'}');
    }

    pub(super) fn begin_list(&mut self) {
        self.out.push(b'[');
        self.open.push(true);
    }

    pub(super) fn end_list(&mut self) {
        self.close(b']');
    }

    fn close(&mut self, bracket: u8) {
        let empty = self.open.pop().unwrap_or(true);
        if !empty {
            self.newline();
        }
        self.out.push(bracket);
    }

    pub(super) fn key(&mut self, key: &str) {
        self.entry();
        self.scalar(key);
        self.out.extend_from_slice(b": ");
    }

    pub(super) fn item(&mut self) {
        self.entry();
    }

    pub(super) fn scalar<T: Serialize + ?Sized>(&mut self, value: &T) {
        // Writing a string or number into a Vec cannot fail.
        let _ = value.serialize(&mut serde_json::Serializer::new(&mut self.out));
    }

    pub(super) fn inline_list<T: Serialize>(&mut self, items: impl IntoIterator<Item = T>) {
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
    pub(super) fn extra(&mut self, extra: &Map<String, Value>, known: &dyn Fn(&str) -> bool) {
        for (key, value) in extra.iter().filter(|(k, _)| !known(k)) {
            self.key(key);
            self.value(value);
        }
    }

    /// Any JSON value, by the same layout rules as the known fields.
    pub(super) fn value(&mut self, value: &Value) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                self.begin_object();
                self.extra(map, &|_| false);
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
