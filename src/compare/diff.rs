//! What changed between two versions of a journey, by meaning: items added, removed, moved
//! or changed field by field, each named by its key and what people call it.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::path::{self, Seg};
use super::{Items, ModelItems, ValueItems, is_position, item_name, keyed_by, plain_set, show};
use crate::format::parts;
use crate::model::Document;

/// One change between two versions.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Where: `steps[id=care].title`.
    pub path: String,
    /// What people call the item the change is in (a step's title), if it has a name.
    pub name: Option<String>,
    /// What changed.
    pub what: What,
}

/// What a [`Change`] is.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// Something that was not there is.
    Added(Value),
    /// Something that was there is not.
    Removed(Value),
    /// A value changed.
    Changed {
        /// The old value.
        before: Value,
        /// The new value.
        after: Value,
    },
    /// A list of plain values (channels, goals) gained or lost entries.
    Set {
        /// Entries added, in their new order.
        added: Vec<String>,
        /// Entries removed, in their old order.
        removed: Vec<String>,
        /// Whether the entries both versions have are in another order.
        reordered: bool,
    },
    /// An item of a keyed list moved to another place in the list.
    Moved {
        /// The place of the item it now follows (`steps[id=buy]`), or `None` at the start.
        after: Option<String>,
    },
}

/// Everything that changed from one version to another, in the order of the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether the versions are the same (as far as compared).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// One line per change: `+` added, `-` removed, `~` changed, then the place, the
    /// item's name in brackets and what changed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            let sign = match change.what {
                What::Added(_) => '+',
                What::Removed(_) => '-',
                What::Changed { .. } | What::Set { .. } | What::Moved { .. } => '~',
            };
            let _ = write!(out, "{sign} {}", change.path);
            if let Some(name) = &change.name {
                let _ = write!(out, " ({})", one_line(name));
            }
            match &change.what {
                // An item is named by its key and name; a field shows its value.
                What::Added(value) | What::Removed(value) => {
                    if !change.path.ends_with(']') {
                        let _ = write!(out, ": {}", show(value));
                    }
                }
                What::Changed { before, after } => {
                    let _ = write!(out, ": {} → {}", show(before), show(after));
                }
                What::Set {
                    added,
                    removed,
                    reordered,
                } => {
                    let mut parts: Vec<String> = added
                        .iter()
                        .map(|a| format!("+ {}", show(&Value::from(a.as_str()))))
                        .chain(
                            removed
                                .iter()
                                .map(|r| format!("- {}", show(&Value::from(r.as_str())))),
                        )
                        .collect();
                    if *reordered {
                        parts.push("reordered".to_owned());
                    }
                    let _ = write!(out, ": {}", parts.join(", "));
                }
                What::Moved { after: Some(after) } => {
                    let _ = write!(out, ": moved after {after}");
                }
                What::Moved { after: None } => out.push_str(": moved to the start"),
            }
            out.push('\n');
        }
        out
    }

    /// The changes as JSON, for programs: `{"equal": …, "changes": [{"path", "name",
    /// "change", …}]}`.
    pub fn json(&self) -> Value {
        let changes: Vec<Value> = self
            .changes
            .iter()
            .map(|c| {
                let mut entry = Map::new();
                entry.insert("path".into(), Value::from(c.path.clone()));
                if let Some(name) = &c.name {
                    entry.insert("name".into(), Value::from(name.clone()));
                }
                let (kind, fields) = match &c.what {
                    What::Added(v) => ("added", json!({ "value": v })),
                    What::Removed(v) => ("removed", json!({ "value": v })),
                    What::Changed { before, after } => {
                        ("changed", json!({ "before": before, "after": after }))
                    }
                    What::Set {
                        added,
                        removed,
                        reordered,
                    } => (
                        "entries",
                        json!({ "added": added, "removed": removed, "reordered": reordered }),
                    ),
                    What::Moved { after } => ("moved", json!({ "after": after })),
                };
                entry.insert("change".into(), Value::from(kind));
                if let Value::Object(fields) = fields {
                    entry.extend(fields);
                }
                Value::Object(entry)
            })
            .collect();
        json!({ "equal": self.is_empty(), "changes": changes })
    }
}

/// Text on one line, for names in a line of output.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What changed from `a` to `b`. Positions of steps and the camera saved with the file are
/// compared only when `positions` is set.
pub fn diff(a: &Document, b: &Document, positions: bool) -> Diff {
    let mut differ = Differ {
        a,
        b,
        positions,
        out: Vec::new(),
    };
    let (head_a, head_b) = (parts::head(a), parts::head(b));
    let mut path = Vec::new();
    differ.object(&mut path, &head_a, &head_b, None);
    Diff {
        changes: differ.out,
    }
}

struct Differ<'a> {
    a: &'a Document,
    b: &'a Document,
    positions: bool,
    out: Vec<Change>,
}

impl Differ<'_> {
    fn push(&mut self, path: &[Seg], name: Option<&str>, what: What) {
        if !self.positions && is_position(path) {
            return;
        }
        self.out.push(Change {
            path: path::render(path),
            name: name.map(str::to_owned),
            what,
        });
    }

    /// Fields of two objects: in `b`'s order, then those only `a` has.
    fn object(
        &mut self,
        path: &mut Vec<Seg>,
        a: &Map<String, Value>,
        b: &Map<String, Value>,
        name: Option<&str>,
    ) {
        for (key, vb) in b {
            path.push(Seg::Key(key.clone()));
            if path.len() == 1 && parts::ITEM_LISTS.contains(&key.as_str()) {
                self.model_list(path);
            } else {
                match a.get(key) {
                    Some(va) => self.values(path, va, vb, name),
                    // A list left out of a file is an empty one: its items are added.
                    None if vb.is_array() => self.values(path, &Value::Array(Vec::new()), vb, name),
                    None => self.push(path, name, What::Added(vb.clone())),
                }
            }
            path.pop();
        }
        for (key, va) in a {
            if !b.contains_key(key) {
                path.push(Seg::Key(key.clone()));
                if va.is_array() {
                    self.values(path, va, &Value::Array(Vec::new()), name);
                } else {
                    self.push(path, name, What::Removed(va.clone()));
                }
                path.pop();
            }
        }
    }

    fn values(&mut self, path: &mut Vec<Seg>, a: &Value, b: &Value, name: Option<&str>) {
        if a == b {
            return;
        }
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => self.object(path, x, y, name),
            (Value::Array(x), Value::Array(y)) => {
                if let Some(by) = keyed_by(path, &[x, y]) {
                    self.keyed(
                        path,
                        by,
                        &ValueItems { items: x, by },
                        &ValueItems { items: y, by },
                    );
                } else if plain_set(x) && plain_set(y) {
                    self.set(path, x, y, name);
                } else {
                    self.changed(path, a, b, name);
                }
            }
            _ => self.changed(path, a, b, name),
        }
    }

    fn changed(&mut self, path: &[Seg], a: &Value, b: &Value, name: Option<&str>) {
        let what = What::Changed {
            before: a.clone(),
            after: b.clone(),
        };
        self.push(path, name, what);
    }

    fn set(&mut self, path: &[Seg], a: &[Value], b: &[Value], name: Option<&str>) {
        let strings = |v: &[Value]| -> Vec<String> {
            v.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        };
        let (a, b) = (strings(a), strings(b));
        let added: Vec<String> = b.iter().filter(|x| !a.contains(x)).cloned().collect();
        let removed: Vec<String> = a.iter().filter(|x| !b.contains(x)).cloned().collect();
        let common_a: Vec<&String> = a.iter().filter(|x| b.contains(x)).collect();
        let common_b: Vec<&String> = b.iter().filter(|x| a.contains(x)).collect();
        let what = What::Set {
            added,
            removed,
            reordered: common_a != common_b,
        };
        self.push(path, name, what);
    }

    /// The document's steps or links, compared in the model first.
    fn model_list(&mut self, path: &mut Vec<Seg>) {
        if path.first() == Some(&Seg::Key("steps".into())) {
            let (a, b) = (ModelItems(self.a.steps()), ModelItems(self.b.steps()));
            self.keyed(path, "id", &a, &b);
        } else {
            let (a, b) = (ModelItems(self.a.links()), ModelItems(self.b.links()));
            self.keyed(path, "id", &a, &b);
        }
    }

    /// A keyed list: items removed (in `a`'s order), then added or changed (in `b`'s
    /// order), then moved.
    fn keyed<I: Items>(&mut self, path: &mut Vec<Seg>, by: &'static str, a: &I, b: &I) {
        let list = path::place(path);
        let in_b: HashMap<&str, usize> = (0..b.len()).map(|j| (b.key(j), j)).collect();
        let in_a: HashMap<&str, usize> = (0..a.len()).map(|i| (a.key(i), i)).collect();
        let item = |key: &str| Seg::Item {
            by,
            key: key.to_owned(),
        };
        for i in 0..a.len() {
            let key = a.key(i);
            if !in_b.contains_key(key) {
                let value = a.json(i);
                let name = item_name(self.a, &list, &value, key);
                path.push(item(key));
                self.push(path, name.as_deref(), What::Removed(value.into_owned()));
                path.pop();
            }
        }
        // The items both have, in b's order, by their index in a.
        let mut common = Vec::new();
        for j in 0..b.len() {
            let key = b.key(j);
            match in_a.get(key) {
                None => {
                    let value = b.json(j);
                    let name = item_name(self.b, &list, &value, key);
                    path.push(item(key));
                    self.push(path, name.as_deref(), What::Added(value.into_owned()));
                    path.pop();
                }
                Some(&i) => {
                    common.push((i, j));
                    if !a.same(i, b, j) {
                        let (va, vb) = (a.json(i), b.json(j));
                        let name = item_name(self.b, &list, &vb, key);
                        path.push(item(key));
                        self.values(path, &va, &vb, name.as_deref());
                        path.pop();
                    }
                }
            }
        }
        let order: Vec<usize> = common.iter().map(|&(i, _)| i).collect();
        let stay = longest_increasing(&order);
        for (n, &(_, j)) in common.iter().enumerate() {
            if stay[n] {
                continue;
            }
            let key = b.key(j);
            let after = j.checked_sub(1).map(|p| {
                let mut at = path.clone();
                at.push(item(b.key(p)));
                path::render(&at)
            });
            let value = b.json(j);
            let name = item_name(self.b, &list, &value, key);
            path.push(item(key));
            self.push(path, name.as_deref(), What::Moved { after });
            path.pop();
        }
    }
}

/// Which entries of `seq` belong to one longest increasing subsequence: the items that kept
/// their order; the others moved.
fn longest_increasing(seq: &[usize]) -> Vec<bool> {
    // Patience sorting: tails[k] is the index in `seq` of the smallest tail of an increasing
    // run of length k + 1; back links rebuild the run.
    let mut tails: Vec<usize> = Vec::new();
    let mut back = vec![usize::MAX; seq.len()];
    for (n, &x) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < x);
        if k > 0 {
            back[n] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(n);
        } else {
            tails[k] = n;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut at = tails.last().copied();
    while let Some(n) = at {
        keep[n] = true;
        at = (back[n] != usize::MAX).then_some(back[n]);
    }
    keep
}

/// The journey as lines of `place: value`, one per field, items named by key and led by a
/// line with their name: what `git diff` compares through a textconv filter, so that its
/// line diff reads as what changed. Positions and the saved camera are left out unless
/// `positions`.
pub fn lines(doc: &Document, positions: bool) -> String {
    let mut out = String::new();
    let head = parts::head(doc);
    let mut path = Vec::new();
    for (key, value) in &head {
        path.push(Seg::Key(key.clone()));
        if parts::ITEM_LISTS.contains(&key.as_str()) {
            let values: Vec<Value> = if key == "steps" {
                doc.steps().iter().map(|s| parts::step(s)).collect()
            } else {
                doc.links().iter().map(|l| parts::link(l)).collect()
            };
            leaf_lines(doc, &mut path, &Value::Array(values), positions, &mut out);
        } else {
            leaf_lines(doc, &mut path, value, positions, &mut out);
        }
        path.pop();
    }
    out
}

fn leaf_lines(
    doc: &Document,
    path: &mut Vec<Seg>,
    value: &Value,
    positions: bool,
    out: &mut String,
) {
    if !positions && is_position(path) {
        return;
    }
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                path.push(Seg::Key(key.clone()));
                leaf_lines(doc, path, v, positions, out);
                path.pop();
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let Some(by) = keyed_by(path, &[items]) else {
                let _ = writeln!(out, "{}: {}", path::render(path), show(value));
                return;
            };
            let list = path::place(path);
            for item in items {
                let key = item.get(by).and_then(Value::as_str).unwrap_or_default();
                path.push(Seg::Item {
                    by,
                    key: key.to_owned(),
                });
                let _ = write!(out, "{}", path::render(path));
                if let Some(name) = item_name(doc, &list, item, key) {
                    let _ = write!(out, " ({})", one_line(&name));
                }
                out.push('\n');
                if let Value::Object(fields) = item {
                    for (field, v) in fields.iter().filter(|(f, _)| *f != by) {
                        path.push(Seg::Key(field.clone()));
                        leaf_lines(doc, path, v, positions, out);
                        path.pop();
                    }
                }
                path.pop();
            }
        }
        _ => {
            let _ = writeln!(out, "{}: {}", path::render(path), show(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_run_in_order_stays_and_the_rest_moved() {
        assert_eq!(longest_increasing(&[0, 1, 2]), [true, true, true]);
        assert_eq!(longest_increasing(&[2, 0, 1]), [false, true, true]);
        assert_eq!(longest_increasing(&[0, 3, 1, 2]), [true, false, true, true]);
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }
}
