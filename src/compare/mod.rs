//! Comparing and merging journeys by meaning: [`diff()`] says what changed between two
//! versions, [`merge()`] combines two people's edits of one journey against the version they
//! started from.
//!
//! Both work on the journey's canonical JSON, as [`crate::format::parts`] takes it apart:
//! every field of the file (known now or added later, and the unknown ones each object keeps
//! in `extra`) is compared without a list of fields here. What they know of the file's shape
//! is which lists hold items with an identity — steps, links, personas and opportunities by
//! their `id`, scenarios and bookmarks by their `name`, and any other list of objects that
//! all carry a unique `id` or `name` — so an item is followed by its key wherever it moves,
//! and which fields only say where something is drawn (positions, the saved camera).
//! Lists of plain strings (channels, touchpoints, goals, …) are compared and merged as sets
//! while their order is unchanged.
//!
//! Places are named by key, not by index: `steps[id=care].title`,
//! `scenarios[name=crisis].steps.tell.reach`, `view.bookmarks[name=Buying].zoom`.

pub mod diff;
pub mod merge;
mod path;

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::Value;

use crate::format::parts;
use crate::model::{Document, Link, Step};

pub use diff::{Change, Diff, What, diff, lines};
pub use merge::{Conflict, ConflictKind, Merged, Take, merge, merge_with};
pub use path::Seg;

/// Lists whose items have an identity, by where they are and the field that names them.
/// Other lists of objects are keyed too when every object carries a unique `id` (or else a
/// unique `name`).
const KEYED: [(&str, &str); 6] = [
    ("steps", "id"),
    ("links", "id"),
    ("personas", "id"),
    ("opportunities", "id"),
    ("scenarios", "name"),
    ("view.bookmarks", "name"),
];

/// The field that keys the items of the list at `path` (its place with the items' keys left
/// out, `view.bookmarks`), if every item is an object with a unique string in that field.
fn keyed_by(path: &[Seg], lists: &[&[Value]]) -> Option<&'static str> {
    let place = path::place(path);
    let known = KEYED.iter().find(|(p, _)| *p == place).map(|(_, by)| *by);
    let fits = |by: &str| {
        lists.iter().all(|items| {
            let mut seen = std::collections::HashSet::new();
            items.iter().all(|item| {
                item.get(by)
                    .and_then(Value::as_str)
                    .is_some_and(|k| seen.insert(k))
            })
        })
    };
    match known {
        Some(by) => fits(by).then_some(by),
        None => ["id", "name"].into_iter().find(|by| {
            lists.iter().any(|items| !items.is_empty())
                && lists.iter().all(|items| items.iter().all(Value::is_object))
                && fits(by)
        }),
    }
}

/// Whether the change at `path` only moves something on the canvas: a step's position, or
/// the camera saved with the file (bookmarks are views kept on purpose, and count).
fn is_position(path: &[Seg]) -> bool {
    matches!(
        path::place(path).as_str(),
        "steps.position" | "view.center" | "view.zoom"
    )
}

/// Whether `values` are plain strings, each once: a list compared as a set.
fn plain_set(values: &[Value]) -> bool {
    let mut seen = std::collections::HashSet::new();
    values
        .iter()
        .all(|v| v.as_str().is_some_and(|s| seen.insert(s)))
}

/// One version of a keyed list, read item by item.
trait Items {
    /// How many items.
    fn len(&self) -> usize;
    /// Item `i`'s key.
    fn key(&self, i: usize) -> &str;
    /// Whether item `i` equals item `j` of `other`.
    fn same(&self, i: usize, other: &Self, j: usize) -> bool;
    /// Item `i` as JSON.
    fn json(&self, i: usize) -> Cow<'_, Value>;
}

/// A keyed list held as JSON.
struct ValueItems<'a> {
    items: &'a [Value],
    by: &'static str,
}

impl Items for ValueItems<'_> {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn key(&self, i: usize) -> &str {
        self.items[i]
            .get(self.by)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    fn same(&self, i: usize, other: &Self, j: usize) -> bool {
        self.items[i] == other.items[j]
    }

    fn json(&self, i: usize) -> Cow<'_, Value> {
        Cow::Borrowed(&self.items[i])
    }
}

/// A document's steps or links as the model holds them: compared in the model, turned into
/// JSON only where they differ.
struct ModelItems<'a, T>(&'a [Arc<T>]);

/// What [`ModelItems`] needs of a step or a link.
trait ModelItem: PartialEq {
    fn id(&self) -> &str;
    fn to_json(&self) -> Value;
}

impl ModelItem for Step {
    fn id(&self) -> &str {
        &self.id
    }

    fn to_json(&self) -> Value {
        parts::step(self)
    }
}

impl ModelItem for Link {
    fn id(&self) -> &str {
        &self.id
    }

    fn to_json(&self) -> Value {
        parts::link(self)
    }
}

impl<T: ModelItem> Items for ModelItems<'_, T> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn key(&self, i: usize) -> &str {
        self.0[i].id()
    }

    fn same(&self, i: usize, other: &Self, j: usize) -> bool {
        Arc::ptr_eq(&self.0[i], &other.0[j]) || self.0[i] == other.0[j]
    }

    fn json(&self, i: usize) -> Cow<'_, Value> {
        Cow::Owned(self.0[i].to_json())
    }
}

/// What people call an item of a keyed list in messages: a step by its title, a link by its
/// label or the titles of the steps it joins, anything else by its `title` or `name` when
/// that is not already its key.
fn item_name(doc: &Document, list: &str, item: &Value, key: &str) -> Option<String> {
    let field = |name: &str| {
        item.get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty() && *s != key)
            .map(str::to_owned)
    };
    if list == "links" {
        if let Some(label) = field("label") {
            return Some(label);
        }
        let end = |name: &str| {
            let id = item.get(name).and_then(Value::as_str)?;
            Some(
                doc.step(id)
                    .map(|s| s.title.trim())
                    .filter(|t| !t.is_empty())
                    .unwrap_or(id)
                    .to_owned(),
            )
        };
        return Some(format!("{} → {}", end("from")?, end("to")?));
    }
    field("title").or_else(|| field("name"))
}

/// `value` as it is shown in messages: compact JSON.
pub fn show(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
