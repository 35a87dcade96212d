//! A journey's canonical JSON taken apart and put back together, for comparing and merging
//! journeys field by field ([`crate::compare`]).
//!
//! A journey of 100,000 steps is too large to turn into one `serde_json::Value` quickly, and
//! two versions of it share most of their steps. So the document is taken apart: its *head*
//! (every field but the steps and links, as a JSON object) and each step and link on its
//! own, turned into JSON only when it differs between versions. Both are written by the
//! schema's tables, so every field — known now or added later, and the unknown ones kept in
//! `extra` — is there. [`join`] writes a journey file's text from a head and its items again;
//! reading that text with [`super::from_str`] checks the result like any file.

use serde_json::{Map, Value};

use super::schema::{self, DOCUMENT, Schema};
use super::write::Writer;
use crate::model::{Document, Link, Step};

/// The keys of the document's lists that [`head`] leaves empty and [`join`] fills.
pub const ITEM_LISTS: [&str; 2] = ["steps", "links"];

/// Every field of `doc` but its steps and links (written as empty lists, in their place),
/// as the canonical JSON object.
pub fn head(doc: &Document) -> Map<String, Value> {
    let mut w = Writer::with_capacity(1024);
    w.begin_object();
    for field in DOCUMENT.fields {
        if ITEM_LISTS.contains(&field.key) {
            w.key(field.key);
            w.begin_list();
            w.end_list();
        } else {
            (field.write)(doc, &mut w);
        }
    }
    w.extra(&doc.extra, &|key| DOCUMENT.knows(key));
    w.end_object();
    match serde_json::from_slice(&w.into_bytes()) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// A step as its canonical JSON object.
pub fn step(step: &Step) -> Value {
    item(step)
}

/// A link as its canonical JSON object.
pub fn link(link: &Link) -> Value {
    item(link)
}

fn item<T: Schema>(value: &T) -> Value {
    let mut w = Writer::with_capacity(512);
    schema::write_object(&mut w, &T::OBJECT, value);
    serde_json::from_slice(&w.into_bytes()).unwrap_or(Value::Null)
}

/// One item of a list of a journey being put together: a step or link as the model holds
/// it, or as JSON (merged field by field).
#[derive(Clone, Debug)]
pub enum Part<'a, T> {
    /// As the model holds it.
    Model(&'a T),
    /// As JSON.
    Json(Value),
}

/// The text of a journey file with the fields of `head` (in its order) and, in place of its
/// `steps` and `links`, the given items. Read it with [`super::from_str`]: that checks every
/// value and rule and says where a problem lies, as for any file.
pub fn join(
    head: &Map<String, Value>,
    steps: &[Part<'_, Step>],
    links: &[Part<'_, Link>],
) -> String {
    let mut w = Writer::with_capacity(1024 + steps.len() * 320 + links.len() * 120);
    w.begin_object();
    for (key, value) in head {
        w.key(key);
        match key.as_str() {
            "steps" => parts(&mut w, steps),
            "links" => parts(&mut w, links),
            _ => w.value(value),
        }
    }
    w.end_object();
    String::from_utf8(w.into_bytes()).unwrap_or_default()
}

fn parts<T: Schema>(w: &mut Writer, items: &[Part<'_, T>]) {
    w.begin_list();
    for part in items {
        w.item();
        match part {
            Part::Model(item) => schema::write_object(w, &T::OBJECT, *item),
            Part::Json(value) => w.value(value),
        }
    }
    w.end_list();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{from_str, service_loop, to_string};

    #[test]
    fn a_journey_taken_apart_and_joined_reads_back_the_same() {
        let mut doc = service_loop();
        doc.extra.insert("custom".into(), Value::from(7));
        let head = head(&doc);
        assert_eq!(head.get("steps"), Some(&Value::Array(Vec::new())));
        assert_eq!(head.get("custom"), Some(&Value::from(7)));
        assert_eq!(head.get("title"), Some(&Value::from(doc.title.clone())));
        let steps: Vec<Part<'_, Step>> = doc
            .steps()
            .iter()
            .enumerate()
            .map(|(i, s)| {
                // Half from the model, half as JSON: both write the same.
                if i % 2 == 0 {
                    Part::Model(&**s)
                } else {
                    Part::Json(step(s))
                }
            })
            .collect();
        let links: Vec<Part<'_, Link>> = doc.links().iter().map(|l| Part::Json(link(l))).collect();
        let text = join(&head, &steps, &links);
        let back = from_str(&text).unwrap();
        assert_eq!(back, doc);
        assert_eq!(to_string(&back), to_string(&doc));
    }

    #[test]
    fn an_item_keeps_its_unknown_fields() {
        let mut s = Step::new("a", crate::model::Stage::Care, "Help", [1.0, 2.0]);
        s.extra.insert("owner".into(), Value::from("Ann"));
        let json = step(&s);
        assert_eq!(json["owner"], Value::from("Ann"));
        assert_eq!(json["position"], serde_json::json!([1.0, 2.0]));
        assert_eq!(json["stage"], Value::from("care"));
    }
}
