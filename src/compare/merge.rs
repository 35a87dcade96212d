//! A three-way merge of journeys by id, field by field.
//!
//! Edits of different fields, or of different items, by the two sides combine; a field both
//! sides changed differently is a [`Conflict`], resolved to our value unless told otherwise
//! ([`merge_with`]). Lists of plain strings merge as sets while neither side reordered them;
//! items added by both sides keep ours first; an item one side removed and the other changed
//! is a conflict. The merged journey is read back through the file reader, so it is always a
//! valid journey: where two edits that are each fine break a rule together (theirs removed a
//! step ours links to), the merge keeps ours and reports the place as a conflict too.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use serde_json::{Map, Value};

use super::path::{self, Seg};
use super::{Items, ModelItem, ModelItems, ValueItems, item_name, keyed_by, plain_set, show};
use crate::format::parts::Part;
use crate::format::{self, LoadError, parts};
use crate::model::{Document, Link, Step};

/// Which version a conflict is resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Take {
    /// Ours: the version being merged into (git's `%A`, the editor's unsaved journey).
    Ours,
    /// Theirs: the other version.
    Theirs,
}

/// Why two edits could not both be kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConflictKind {
    /// Both sides changed the value, differently.
    BothChanged,
    /// Both sides added an item (or field) of this key, differently.
    BothAdded,
    /// One side removed it; the other changed it.
    RemovedAndChanged {
        /// The side that removed it.
        removed_by: Take,
    },
    /// Both sides reordered the list, differently.
    BothReordered,
    /// Each side's edit is fine alone, but together they break a rule of the journey, such as
    /// a link to a step the other side removed.
    Broken {
        /// The problem the combined journey would have, as the file reader words it.
        problem: String,
    },
}

/// A place where the two sides' edits could not both be kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// Where: `steps[id=care].title`. Also the key under which [`merge_with`] is told how to
    /// resolve it.
    pub path: String,
    /// What people call the item the conflict is in (a step's title), if it has a name.
    pub name: Option<String>,
    /// Why it is a conflict.
    pub kind: ConflictKind,
    /// The value in the common version (`None`: it had none).
    pub base: Option<Value>,
    /// Our value (`None`: we have none).
    pub ours: Option<Value>,
    /// Their value (`None`: they have none).
    pub theirs: Option<Value>,
    /// The version the merged journey keeps.
    pub took: Take,
}

impl Conflict {
    /// One line for people: where, what it is, both values and which one was kept.
    pub fn describe(&self) -> String {
        let value = |v: &Option<Value>| v.as_ref().map_or_else(|| "(none)".to_owned(), show);
        let name = self
            .name
            .as_ref()
            .map(|n| format!(" ({})", n.split_whitespace().collect::<Vec<_>>().join(" ")))
            .unwrap_or_default();
        let why = match &self.kind {
            ConflictKind::BothChanged => "both changed it".to_owned(),
            ConflictKind::BothAdded => "both added it".to_owned(),
            ConflictKind::RemovedAndChanged {
                removed_by: Take::Ours,
            } => "we removed it; they changed it".to_owned(),
            ConflictKind::RemovedAndChanged {
                removed_by: Take::Theirs,
            } => "they removed it; we changed it".to_owned(),
            ConflictKind::BothReordered => "both changed the order".to_owned(),
            ConflictKind::Broken { problem } => {
                format!("together the edits break a rule ({problem})")
            }
        };
        let kept = match self.took {
            Take::Ours => "kept ours",
            Take::Theirs => "kept theirs",
        };
        format!(
            "{}{name}: {why}; ours {}, theirs {}; {kept}",
            self.path,
            value(&self.ours),
            value(&self.theirs)
        )
    }
}

/// The merged journey and what could not be combined.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The merged journey, always valid.
    pub document: Document,
    /// The conflicts, in the order of the file; empty for a clean merge.
    pub conflicts: Vec<Conflict>,
}

/// Merges `ours` and `theirs`, both edited from `base`; every conflict keeps ours.
pub fn merge(base: &Document, ours: &Document, theirs: &Document) -> Merged {
    merge_with(base, ours, theirs, &HashMap::new())
}

/// [`merge`], resolving the conflict at each path in `choices` to the side it names (ours
/// for the rest): what the editor does once the user has chosen.
pub fn merge_with<S: BuildHasher>(
    base: &Document,
    ours: &Document,
    theirs: &Document,
    choices: &HashMap<String, Take, S>,
) -> Merged {
    let mut merger = Merger {
        docs: [base, ours, theirs],
        choices,
        conflicts: Vec::new(),
        steps: Vec::new(),
        links: Vec::new(),
    };
    let heads = [parts::head(base), parts::head(ours), parts::head(theirs)];
    let mut head = merger.head(&heads);
    let mut fixed: HashSet<String> = HashSet::new();
    loop {
        let text = parts::join(&head, &merger.parts_steps(), &merger.parts_links());
        let errors = match format::from_str(&text) {
            Ok(document) => {
                return Merged {
                    document,
                    conflicts: merger.conflicts,
                };
            }
            Err(LoadError::Content(errors)) => errors,
            Err(_) => break,
        };
        // Every problem of this round is planned against the journey as read, then repaired:
        // indices change as items come back or go.
        let repairs: Vec<Repair> = errors
            .iter()
            .filter_map(|error| {
                let segs = path::parse(&error.path)?;
                merger.plan(&head, &heads, &segs, &error.message, &mut fixed)
            })
            .collect();
        if repairs.is_empty() {
            break;
        }
        for repair in repairs {
            merger.repair(&mut head, &heads, repair);
        }
    }
    // The two versions could not be combined into a valid journey: ours stands.
    merger.conflicts.push(Conflict {
        path: "(file)".to_owned(),
        name: None,
        kind: ConflictKind::Broken {
            problem: "the versions could not be combined into a valid journey".to_owned(),
        },
        base: None,
        ours: None,
        theirs: None,
        took: Take::Ours,
    });
    Merged {
        document: ours.clone(),
        conflicts: merger.conflicts,
    }
}

/// Which version an item of a merged list comes from.
#[derive(Clone, Debug)]
enum Pick {
    /// Item `i` of ours, as it is.
    Ours(usize),
    /// Item `i` of theirs, as it is.
    Theirs(usize),
    /// Merged field by field.
    Json(Value),
}

/// An item of a merged list: its key and where it comes from.
#[derive(Clone, Debug)]
struct Entry {
    key: String,
    pick: Pick,
}

const BASE: usize = 0;
const OURS: usize = 1;
const THEIRS: usize = 2;

/// Which of the document's item lists: the steps or the links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    Steps,
    Links,
}

impl List {
    fn name(self) -> &'static str {
        match self {
            Self::Steps => "steps",
            Self::Links => "links",
        }
    }
}

/// A part of the merged journey that a repair sets: a field of an item (or the whole item)
/// of the steps or links, or of a keyed list in the head, or a field of the head.
#[derive(Clone, Debug)]
enum Unit {
    Model {
        list: List,
        key: String,
        field: Option<String>,
    },
    HeadItem {
        /// The keys leading to the list in the head (`["view", "bookmarks"]`).
        list: Vec<String>,
        by: &'static str,
        key: String,
        field: Option<String>,
    },
    HeadField(String),
}

/// A repair, applied once all problems of a round are known (indices change as items come
/// and go).
#[derive(Clone, Debug)]
enum Repair {
    /// Sets the unit to a value, or removes it.
    Set(Unit, Option<Value>),
    /// Brings back the item with this key from `side` (ours or theirs), where the merge left
    /// it out.
    Restore { side: usize, key: String },
}

struct Merger<'a, S> {
    /// Base, ours, theirs.
    docs: [&'a Document; 3],
    choices: &'a HashMap<String, Take, S>,
    conflicts: Vec<Conflict>,
    /// The merged steps.
    steps: Vec<Entry>,
    /// The merged links.
    links: Vec<Entry>,
}

impl<S: BuildHasher> Merger<'_, S> {
    fn parts_steps(&self) -> Vec<Part<'_, Step>> {
        parts_of(
            &self.steps,
            self.docs[OURS].steps(),
            self.docs[THEIRS].steps(),
        )
    }

    fn parts_links(&self) -> Vec<Part<'_, Link>> {
        parts_of(
            &self.links,
            self.docs[OURS].links(),
            self.docs[THEIRS].links(),
        )
    }

    /// The merged head; the steps and links go to `self.steps` and `self.links`.
    fn head(&mut self, heads: &[Map<String, Value>; 3]) -> Map<String, Value> {
        let mut out = Map::new();
        let mut path = Vec::new();
        for key in union_keys(
            heads[OURS].keys().map(String::as_str),
            heads[THEIRS].keys().map(String::as_str),
        ) {
            path.push(Seg::Key(key.clone()));
            if parts::ITEM_LISTS.contains(&key.as_str()) {
                let [b, o, t] = self.docs;
                if key == "steps" {
                    let lists = [
                        ModelItems(b.steps()),
                        ModelItems(o.steps()),
                        ModelItems(t.steps()),
                    ];
                    self.steps = self.keyed(&mut path, "id", &lists);
                } else {
                    let lists = [
                        ModelItems(b.links()),
                        ModelItems(o.links()),
                        ModelItems(t.links()),
                    ];
                    self.links = self.keyed(&mut path, "id", &lists);
                }
                out.insert(key.clone(), Value::Array(Vec::new()));
            } else {
                let [b, o, t] = [&heads[BASE], &heads[OURS], &heads[THEIRS]].map(|h| h.get(&key));
                if let Some(v) = self.value(&mut path, None, b, o, t) {
                    out.insert(key.clone(), v);
                }
            }
            path.pop();
        }
        out
    }

    /// Records a conflict at `path` and returns the side chosen for it.
    fn conflict(
        &mut self,
        path: &[Seg],
        name: Option<&str>,
        kind: ConflictKind,
        [b, o, t]: [Option<&Value>; 3],
    ) -> Take {
        let rendered = path::render(path);
        let took = self.choices.get(&rendered).copied().unwrap_or(Take::Ours);
        self.conflicts.push(Conflict {
            path: rendered,
            name: name.map(str::to_owned),
            kind,
            base: b.cloned(),
            ours: o.cloned(),
            theirs: t.cloned(),
            took,
        });
        took
    }

    /// The merged value of one place; `None` when it is gone.
    fn value(
        &mut self,
        path: &mut Vec<Seg>,
        name: Option<&str>,
        b: Option<&Value>,
        o: Option<&Value>,
        t: Option<&Value>,
    ) -> Option<Value> {
        if o == t || b == t {
            return o.cloned();
        }
        if b == o {
            return t.cloned();
        }
        // Where the window looked when each side saved: not worth a conflict.
        if matches!(path::place(path).as_str(), "view.center" | "view.zoom") {
            return o.cloned();
        }
        match (b, o, t) {
            (None | Some(Value::Object(_)), Some(Value::Object(oo)), Some(Value::Object(tt))) => {
                let empty = Map::new();
                let bb = b.and_then(Value::as_object).unwrap_or(&empty);
                Some(Value::Object(self.object(path, name, bb, oo, tt)))
            }
            (None | Some(Value::Array(_)), Some(Value::Array(oa)), Some(Value::Array(ta))) => {
                let empty = Vec::new();
                let ba = b.and_then(Value::as_array).unwrap_or(&empty);
                if let Some(by) = keyed_by(path, &[ba, oa, ta]) {
                    let lists = [ba, oa, ta].map(|items| ValueItems { items, by });
                    let entries = self.keyed(path, by, &lists);
                    let items = entries
                        .into_iter()
                        .map(|e| match e.pick {
                            Pick::Ours(i) => oa[i].clone(),
                            Pick::Theirs(i) => ta[i].clone(),
                            Pick::Json(v) => v,
                        })
                        .collect();
                    Some(Value::Array(items))
                } else if plain_set(ba) && plain_set(oa) && plain_set(ta) {
                    Some(self.set(path, name, ba, oa, ta))
                } else {
                    self.both_changed(path, name, b, o, t)
                }
            }
            _ => self.both_changed(path, name, b, o, t),
        }
    }

    /// A conflict between two different values of one place.
    fn both_changed(
        &mut self,
        path: &[Seg],
        name: Option<&str>,
        b: Option<&Value>,
        o: Option<&Value>,
        t: Option<&Value>,
    ) -> Option<Value> {
        let kind = match (b, o, t) {
            (None, _, _) => ConflictKind::BothAdded,
            (_, None, _) => ConflictKind::RemovedAndChanged {
                removed_by: Take::Ours,
            },
            (_, _, None) => ConflictKind::RemovedAndChanged {
                removed_by: Take::Theirs,
            },
            _ => ConflictKind::BothChanged,
        };
        match self.conflict(path, name, kind, [b, o, t]) {
            Take::Ours => o.cloned(),
            Take::Theirs => t.cloned(),
        }
    }

    /// Two objects merged key by key: ours' keys in their order, then keys only theirs
    /// has. A key both removed, or one removed and the other left alone, is gone.
    fn object(
        &mut self,
        path: &mut Vec<Seg>,
        name: Option<&str>,
        b: &Map<String, Value>,
        o: &Map<String, Value>,
        t: &Map<String, Value>,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        for key in union_keys(o.keys().map(String::as_str), t.keys().map(String::as_str)) {
            path.push(Seg::Key(key.clone()));
            if let Some(v) = self.value(path, name, b.get(&key), o.get(&key), t.get(&key)) {
                out.insert(key, v);
            }
            path.pop();
        }
        out
    }

    /// A list of plain strings merged as a set: the side that reordered it (ours if neither
    /// did) gives the order, less what the other removed, then what the other added.
    fn set(
        &mut self,
        path: &[Seg],
        name: Option<&str>,
        b: &[Value],
        o: &[Value],
        t: &[Value],
    ) -> Value {
        let (skeleton, other) = match (reordered(b, o), reordered(b, t)) {
            (true, true) => {
                let [vb, vo, vt] = [b, o, t].map(|v| Value::Array(v.to_vec()));
                let kind = ConflictKind::BothReordered;
                return match self.conflict(path, name, kind, [Some(&vb), Some(&vo), Some(&vt)]) {
                    Take::Ours => vo,
                    Take::Theirs => vt,
                };
            }
            (false, true) => (t, o),
            _ => (o, t),
        };
        let mut out: Vec<Value> = skeleton
            .iter()
            .filter(|x| other.contains(x) || !b.contains(x))
            .cloned()
            .collect();
        for x in other {
            if !b.contains(x) && !out.contains(x) {
                out.push(x.clone());
            }
        }
        Value::Array(out)
    }

    /// A keyed list merged item by item: each item by [`Merger::item`], in the order
    /// [`Merger::order`] gives.
    ///
    /// An item is known by its *slot*: its index in ours, or, for an item only theirs has,
    /// the length of ours plus its index in theirs. Keys are borrowed and looked up once
    /// each, and items the same on both sides are taken without a look at their fields, so
    /// two versions of a long list that differ in a few items merge in little more time
    /// than it takes to hash their keys.
    #[expect(
        clippy::many_single_char_names,
        reason = "b, o and t are the base, ours and theirs throughout the merge; i, j, k their indices"
    )]
    fn keyed<I: Items>(
        &mut self,
        path: &mut Vec<Seg>,
        by: &'static str,
        lists: &[I; 3],
    ) -> Vec<Entry> {
        let [b, o, t] = lists;
        let (b_at, o_at, t_at) = (key_index(b), key_index(o), key_index(t));
        let slots = Slots {
            ours: o.len(),
            of_theirs: (0..t.len())
                .map(|j| o_at.get(t.key(j)).copied().unwrap_or(o.len() + j))
                .collect(),
        };
        let list = path::place(path);
        let mut picks: Vec<Option<Pick>> = Vec::with_capacity(o.len() + t.len());
        picks.resize_with(o.len() + t.len(), || None);
        for (slot, cell) in picks.iter_mut().enumerate() {
            let (key, found) = if slot < o.len() {
                let key = o.key(slot);
                (
                    key,
                    [b_at.get(key).copied(), Some(slot), t_at.get(key).copied()],
                )
            } else {
                let j = slot - o.len();
                if slots.of_theirs[j] != slot {
                    // Ours has it too: merged at its slot there.
                    continue;
                }
                let key = t.key(j);
                (key, [b_at.get(key).copied(), None, Some(j)])
            };
            *cell = match found {
                // What no one changed, or one side added, needs no look at its fields.
                [_, Some(i), Some(j)] if o.same(i, t, j) => Some(Pick::Ours(i)),
                [None, Some(i), None] => Some(Pick::Ours(i)),
                [None, None, Some(j)] => Some(Pick::Theirs(j)),
                [Some(k), Some(i), None] if b.same(k, o, i) => None,
                [Some(k), None, Some(j)] if b.same(k, t, j) => None,
                _ => {
                    path.push(Seg::Item {
                        by,
                        key: key.to_owned(),
                    });
                    let pick = self.item(path, &list, key, lists, found);
                    path.pop();
                    pick
                }
            };
        }
        let base_slots: Vec<Option<usize>> = (0..b.len())
            .map(|k| {
                let key = b.key(k);
                o_at.get(key)
                    .copied()
                    .or_else(|| t_at.get(key).map(|&j| slots.of_theirs[j]))
            })
            .collect();
        let key_of = |slot: usize| {
            if slot < o.len() {
                o.key(slot)
            } else {
                t.key(slot - o.len())
            }
        };
        let entries = self.order(path, &slots, &base_slots, &mut picks, &key_of);
        entries
            .into_iter()
            .map(|(slot, pick)| Entry {
                key: key_of(slot).to_owned(),
                pick,
            })
            .collect()
    }

    /// One item of a keyed list, found at these indices of base, ours and theirs.
    #[expect(
        clippy::many_single_char_names,
        reason = "b, o and t are the base, ours and theirs throughout the merge; i, j, k their indices"
    )]
    fn item<I: Items>(
        &mut self,
        path: &mut Vec<Seg>,
        list: &str,
        key: &str,
        [b, o, t]: &[I; 3],
        found: [Option<usize>; 3],
    ) -> Option<Pick> {
        let name = |merger: &Self, side: usize, value: &Value| {
            item_name(merger.docs[side], list, value, key)
        };
        match found {
            [_, Some(i), Some(j)] if o.same(i, t, j) => Some(Pick::Ours(i)),
            [Some(k), Some(i), Some(j)] => {
                if b.same(k, o, i) {
                    return Some(Pick::Theirs(j));
                }
                if b.same(k, t, j) {
                    return Some(Pick::Ours(i));
                }
                let (vb, vo, vt) = (b.json(k), o.json(i), t.json(j));
                let name = name(self, OURS, &vo);
                self.value(path, name.as_deref(), Some(&vb), Some(&vo), Some(&vt))
                    .map(Pick::Json)
            }
            [Some(k), Some(i), None] => {
                if b.same(k, o, i) {
                    return None;
                }
                let (vb, vo) = (b.json(k), o.json(i));
                let name = name(self, OURS, &vo);
                let kind = ConflictKind::RemovedAndChanged {
                    removed_by: Take::Theirs,
                };
                let took = self.conflict(path, name.as_deref(), kind, [Some(&vb), Some(&vo), None]);
                (took == Take::Ours).then_some(Pick::Ours(i))
            }
            [Some(k), None, Some(j)] => {
                if b.same(k, t, j) {
                    return None;
                }
                let (vb, vt) = (b.json(k), t.json(j));
                let name = name(self, THEIRS, &vt);
                let kind = ConflictKind::RemovedAndChanged {
                    removed_by: Take::Ours,
                };
                let took = self.conflict(path, name.as_deref(), kind, [Some(&vb), None, Some(&vt)]);
                (took == Take::Theirs).then_some(Pick::Theirs(j))
            }
            [None, Some(i), Some(j)] => {
                let (vo, vt) = (o.json(i), t.json(j));
                let name = name(self, OURS, &vo);
                let kind = ConflictKind::BothAdded;
                match self.conflict(path, name.as_deref(), kind, [None, Some(&vo), Some(&vt)]) {
                    Take::Ours => Some(Pick::Ours(i)),
                    Take::Theirs => Some(Pick::Theirs(j)),
                }
            }
            [None, Some(i), None] => Some(Pick::Ours(i)),
            [None, None, Some(j)] => Some(Pick::Theirs(j)),
            [_, None, None] => None,
        }
    }

    /// The picked items in order: that of the side that reordered the items it shares with
    /// the base (ours if neither did; a conflict if both did), with the other side's items
    /// it lacks after the item they follow on that side — past what the first side added
    /// right there, so that two sides' additions at one place come ours first. Items are
    /// slots ([`Merger::keyed`]); `base` gives each base item's slot (none: both removed it).
    fn order<'k>(
        &mut self,
        path: &[Seg],
        slots: &Slots,
        base: &[Option<usize>],
        picks: &mut [Option<Pick>],
        key_of: &dyn Fn(usize) -> &'k str,
    ) -> Vec<(usize, Pick)> {
        let ours: Vec<usize> = (0..slots.ours).collect();
        let theirs = &slots.of_theirs;
        // Each slot's index in the base, if the base has it.
        let mut in_base: Vec<Option<usize>> = vec![None; picks.len()];
        for (k, slot) in base.iter().enumerate() {
            if let Some(slot) = slot {
                in_base[*slot] = Some(k);
            }
        }
        let moved = |side: &[usize]| {
            let mut last = None;
            side.iter().filter_map(|s| in_base[*s]).any(|k| {
                let back = last.is_some_and(|l| k < l);
                last = Some(k);
                back
            })
        };
        let (ours_moved, theirs_moved) = (moved(&ours), moved(theirs));
        let mut skeleton_is_ours = !theirs_moved || ours_moved;
        if ours_moved && theirs_moved {
            let keys = |side: &mut dyn Iterator<Item = &str>| {
                Value::Array(side.map(Value::from).collect())
            };
            let vb = keys(&mut base.iter().flatten().map(|s| key_of(*s)));
            let vo = keys(&mut ours.iter().map(|s| key_of(*s)));
            let vt = keys(&mut theirs.iter().map(|s| key_of(*s)));
            let mut at = path.to_vec();
            at.push(Seg::Key("(order)".to_owned()));
            let kind = ConflictKind::BothReordered;
            let took = self.conflict(&at, None, kind, [Some(&vb), Some(&vo), Some(&vt)]);
            skeleton_is_ours = took == Take::Ours;
        }
        let (skeleton, other): (&[usize], &[usize]) = if skeleton_is_ours {
            (&ours, theirs)
        } else {
            (theirs, &ours)
        };
        let mut in_skeleton = vec![false; picks.len()];
        for slot in skeleton {
            in_skeleton[*slot] = picks[*slot].is_some();
        }
        // For each item of the base, the last item before it that the result keeps, if any:
        // where an item the skeleton's side removed would have been.
        let mut kept_before: Vec<Option<usize>> = Vec::with_capacity(base.len());
        let mut last = None;
        for slot in base {
            kept_before.push(last);
            if let Some(slot) = slot
                && in_skeleton[*slot]
            {
                last = Some(*slot);
            }
        }
        // The other side's items the skeleton lacks, by the place they follow there: right
        // after an item the skeleton has, or where a base item it removed would have been.
        let mut after: HashMap<Anchor, Vec<(usize, Pick)>> = HashMap::new();
        let mut anchor = Anchor::Start;
        for &slot in other {
            if in_skeleton[slot] {
                anchor = Anchor::After(slot);
                continue;
            }
            if let Some(k) = in_base[slot] {
                anchor = kept_before[k].map_or(Anchor::Leading, Anchor::After);
            }
            if let Some(pick) = picks[slot].take() {
                after.entry(anchor).or_default().push((slot, pick));
            }
        }
        let mut out: Vec<(usize, Pick)> = Vec::with_capacity(skeleton.len() + after.len());
        // Items placed after an anchor (or first) come after what the skeleton's side added
        // right behind it (or first): those wait until the next item of the base.
        let mut waiting: Vec<Anchor> = vec![Anchor::Start, Anchor::Leading];
        for &slot in skeleton {
            let Some(pick) = picks[slot].take() else {
                continue;
            };
            if in_base[slot].is_some() {
                for anchor in waiting.drain(..) {
                    out.extend(after.remove(&anchor).unwrap_or_default());
                }
            }
            waiting.push(Anchor::After(slot));
            out.push((slot, pick));
        }
        for anchor in waiting {
            out.extend(after.remove(&anchor).unwrap_or_default());
        }
        out
    }
}

/// Each item's index in `items`, by its key.
fn key_index<I: Items>(items: &I) -> HashMap<&str, usize> {
    (0..items.len()).map(|i| (items.key(i), i)).collect()
}

/// The items of a keyed list being merged, by slot: ours' at their index, then theirs'.
struct Slots {
    /// How many items ours has: slots below are ours' indices.
    ours: usize,
    /// Each of theirs' items' slot: its index in ours if ours has it, else the number of
    /// ours' items plus its index in theirs.
    of_theirs: Vec<usize>,
}

/// Where an item the skeleton lacks goes in a merged list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Anchor {
    /// First on its side: after what the skeleton's side added first, before the first item
    /// of the base.
    Start,
    /// Where a base item before everything the result keeps was: after what the skeleton's
    /// side added at the start.
    Leading,
    /// After the item of this slot in the result (and what the skeleton's side added right
    /// behind it).
    After(usize),
}

/// The keys of `a` in order, then those of `b` that `a` lacks, in order.
fn union_keys<'k>(
    a: impl Iterator<Item = &'k str>,
    b: impl Iterator<Item = &'k str>,
) -> Vec<String> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for key in a.chain(b) {
        if seen.insert(key) {
            out.push(key.to_owned());
        }
    }
    out
}

/// Whether `side` lists the entries it shares with `base` in another order.
fn reordered(base: &[Value], side: &[Value]) -> bool {
    let common_base = base.iter().filter(|x| side.contains(x));
    let common_side = side.iter().filter(|x| base.contains(x));
    !common_base.eq(common_side)
}

fn parts_of<'d, T: ModelItem>(
    entries: &[Entry],
    ours: &'d [std::sync::Arc<T>],
    theirs: &'d [std::sync::Arc<T>],
) -> Vec<Part<'d, T>> {
    entries
        .iter()
        .map(|e| match &e.pick {
            Pick::Ours(i) => Part::Model(&*ours[*i]),
            Pick::Theirs(i) => Part::Model(&*theirs[*i]),
            Pick::Json(v) => Part::Json(v.clone()),
        })
        .collect()
}

/// The value at `segs` inside `value`.
fn at<'v>(value: &'v Value, segs: &[Seg]) -> Option<&'v Value> {
    segs.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(i),
        Seg::Item { by, key } => v
            .as_array()?
            .iter()
            .find(|item| item.get(*by).and_then(Value::as_str) == Some(key)),
    })
}

/// The field `field` of `item`, or the item itself for `None`.
fn field_of(item: Option<Value>, field: Option<&str>) -> Option<Value> {
    match field {
        Some(f) => item?.get(f).cloned(),
        None => item,
    }
}

/// `item` with its field `field` set to `value` (removed for `None`); the whole item for
/// no field.
fn with_field(item: Value, field: Option<&str>, value: Option<Value>) -> Option<Value> {
    let Some(field) = field else {
        return value;
    };
    let mut item = item;
    if let Value::Object(map) = &mut item {
        match value {
            Some(v) => {
                map.insert(field.to_owned(), v);
            }
            None => {
                map.remove(field);
            }
        }
    }
    Some(item)
}

/// The keyed lists in a head: their keys from the top (`["personas"]`,
/// `["view", "bookmarks"]`) and the field that keys them.
fn head_lists(head: &Map<String, Value>) -> Vec<(Vec<String>, &'static str)> {
    let mut out = Vec::new();
    for (key, value) in head {
        if parts::ITEM_LISTS.contains(&key.as_str()) {
            continue;
        }
        let mut visit = |keys: Vec<String>, v: &Value| {
            if let Value::Array(items) = v {
                let segs: Vec<Seg> = keys.iter().cloned().map(Seg::Key).collect();
                if let Some(by) = keyed_by(&segs, &[items]) {
                    out.push((keys, by));
                }
            }
        };
        visit(vec![key.clone()], value);
        if let Value::Object(map) = value {
            for (inner, v) in map {
                visit(vec![key.clone(), inner.clone()], v);
            }
        }
    }
    out
}

/// The list at `keys` in a head.
fn list_at<'h>(head: &'h Map<String, Value>, keys: &[String]) -> Option<&'h Vec<Value>> {
    let (first, rest) = keys.split_first()?;
    rest.iter()
        .try_fold(head.get(first)?, |v, k| v.get(k))?
        .as_array()
}

fn list_at_mut<'h>(
    head: &'h mut Map<String, Value>,
    keys: &[String],
) -> Option<&'h mut Vec<Value>> {
    let (first, rest) = keys.split_first()?;
    rest.iter()
        .try_fold(head.get_mut(first)?, |v, k| v.get_mut(k))?
        .as_array_mut()
}

/// Where an item with key `key` goes back into `merged` (keys in order): after the nearest
/// item before it in `side` (keys in order) that the merged list has, or first.
fn restore_at<'k>(side: &[&'k str], merged: &[&'k str], key: &str) -> usize {
    let Some(pos) = side.iter().position(|k| *k == key) else {
        return merged.len();
    };
    side[..pos]
        .iter()
        .rev()
        .find_map(|k| merged.iter().position(|m| m == k))
        .map_or(0, |i| i + 1)
}

impl<S: BuildHasher> Merger<'_, S> {
    fn entries(&self, list: List) -> &Vec<Entry> {
        match list {
            List::Steps => &self.steps,
            List::Links => &self.links,
        }
    }

    fn entries_mut(&mut self, list: List) -> &mut Vec<Entry> {
        match list {
            List::Steps => &mut self.steps,
            List::Links => &mut self.links,
        }
    }

    /// An entry of the merged steps or links as JSON.
    fn entry_json(&self, list: List, pick: &Pick) -> Value {
        let side = |i: usize, doc: &Document| match list {
            List::Steps => parts::step(&doc.steps()[i]),
            List::Links => parts::link(&doc.links()[i]),
        };
        match pick {
            Pick::Ours(i) => side(*i, self.docs[OURS]),
            Pick::Theirs(i) => side(*i, self.docs[THEIRS]),
            Pick::Json(v) => v.clone(),
        }
    }

    /// The step or link with this key in version `side` as JSON.
    fn side_json(&self, list: List, side: usize, key: &str) -> Option<Value> {
        let doc = self.docs[side];
        match list {
            List::Steps => doc.step(key).map(parts::step),
            List::Links => doc.link(key).map(parts::link),
        }
    }

    /// Whether version `side` has an item keyed `key` that the merged journey lacks.
    fn can_restore(
        &self,
        head: &Map<String, Value>,
        heads: &[Map<String, Value>; 3],
        side: usize,
        key: &str,
    ) -> bool {
        let doc = self.docs[side];
        let lacks = |entries: &[Entry]| !entries.iter().any(|e| e.key == key);
        (doc.step(key).is_some() && lacks(&self.steps))
            || (doc.link(key).is_some() && lacks(&self.links))
            || head_lists(&heads[side]).iter().any(|(keys, by)| {
                let has = |items: Option<&Vec<Value>>| {
                    items.is_some_and(|items| {
                        items
                            .iter()
                            .any(|i| i.get(*by).and_then(Value::as_str) == Some(key))
                    })
                };
                has(list_at(&heads[side], keys)) && !has(list_at(head, keys))
            })
    }

    /// How to repair the problem `problem` at `segs` of the merged journey, recording it as
    /// a conflict; `None` when it cannot be repaired (or was repaired before and is back).
    #[expect(
        clippy::too_many_lines,
        reason = "one problem's unit, values and repair read best in one place"
    )]
    fn plan(
        &mut self,
        head: &Map<String, Value>,
        heads: &[Map<String, Value>; 3],
        segs: &[Seg],
        problem: &str,
        fixed: &mut HashSet<String>,
    ) -> Option<Repair> {
        let Some(Seg::Key(top)) = segs.first() else {
            return None;
        };
        // The unit (an item's field, or a head field), its place named by keys, and its
        // value merged, in the base, ours and theirs; then the value at the problem's place.
        let field_key = |i: usize| match segs.get(i) {
            Some(Seg::Key(f)) => Some(f.clone()),
            _ => None,
        };
        let (unit, named, values, at_problem, name) = if parts::ITEM_LISTS.contains(&top.as_str()) {
            let Some(Seg::Index(n)) = segs.get(1) else {
                return None;
            };
            let list = if top == "steps" {
                List::Steps
            } else {
                List::Links
            };
            let entry = self.entries(list).get(*n)?;
            let key = entry.key.clone();
            let field = field_key(2);
            let merged = self.entry_json(list, &entry.pick);
            let at_problem = at(&merged, &segs[2..]).cloned();
            let side = |s: usize| self.side_json(list, s, &key);
            let items = [Some(merged), side(BASE), side(OURS), side(THEIRS)];
            let name = items[0]
                .as_ref()
                .and_then(|v| item_name(self.docs[OURS], list.name(), v, &key));
            let mut named = vec![
                Seg::Key(top.clone()),
                Seg::Item {
                    by: "id",
                    key: key.clone(),
                },
            ];
            named.extend(field.clone().map(Seg::Key));
            let unit = Unit::Model { list, key, field };
            (unit, named, items, at_problem, name)
        } else if let Some(p) = segs.iter().position(|s| matches!(s, Seg::Index(_))) {
            let keys: Vec<String> = segs[..p]
                .iter()
                .filter_map(|s| match s {
                    Seg::Key(k) => Some(k.clone()),
                    _ => None,
                })
                .collect();
            let Seg::Index(n) = segs[p] else {
                return None;
            };
            let items = list_at(head, &keys)?;
            let key_segs: Vec<Seg> = keys.iter().cloned().map(Seg::Key).collect();
            let by = keyed_by(&key_segs, &[items])?;
            let item = items.get(n)?;
            let key = item.get(by).and_then(Value::as_str)?.to_owned();
            let field = field_key(p + 1);
            let at_problem = at(item, &segs[p + 1..]).cloned();
            let side = |s: usize| {
                at(&Value::Object(heads[s].clone()), &key_segs)?
                    .as_array()?
                    .iter()
                    .find(|i| i.get(by).and_then(Value::as_str) == Some(key.as_str()))
                    .cloned()
            };
            let values = [Some(item.clone()), side(BASE), side(OURS), side(THEIRS)];
            let name = item_name(self.docs[OURS], &keys.join("."), item, &key);
            let mut named = key_segs;
            named.push(Seg::Item {
                by,
                key: key.clone(),
            });
            named.extend(field.clone().map(Seg::Key));
            let unit = Unit::HeadItem {
                list: keys,
                by,
                key,
                field,
            };
            (unit, named, values, at_problem, name)
        } else {
            let values =
                [head, &heads[BASE], &heads[OURS], &heads[THEIRS]].map(|h| h.get(top).cloned());
            let at_problem = values[0].as_ref().and_then(|v| at(v, &segs[1..])).cloned();
            let named = vec![Seg::Key(top.clone())];
            (
                Unit::HeadField(top.clone()),
                named,
                values,
                at_problem,
                None,
            )
        };
        let rendered = path::render(&named);
        // The same problem at the same place again: its repair did not hold.
        if !fixed.insert(format!("{rendered}\u{1f}{problem}")) {
            return None;
        }
        let field = match &unit {
            Unit::Model { field, .. } | Unit::HeadItem { field, .. } => field.clone(),
            Unit::HeadField(_) => None,
        };
        let [merged, base, ours, theirs] = values;
        let field_values =
            [&merged, &base, &ours, &theirs].map(|item| field_of(item.clone(), field.as_deref()));
        let from_ours = field_values[2].is_some() && field_values[0] == field_values[2];
        // What the problem's place names: its text (a link's end, a persona's id), or the
        // key it sits under (an override of a step).
        let referenced = at_problem
            .as_ref()
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                segs.iter().rev().find_map(|s| match s {
                    Seg::Key(k) => Some(k.clone()),
                    _ => None,
                })
            });
        let take = self.choices.get(&rendered).copied().unwrap_or(Take::Ours);
        // Sets the unit as `side` has it: without the item if it has none.
        let as_side = |side: &Option<Value>, side_field: &Option<Value>| match side {
            None => Repair::Set(whole(&unit), None),
            Some(_) => Repair::Set(unit.clone(), side_field.clone()),
        };
        let repair = match (from_ours, take) {
            (true, Take::Ours) => Repair::Restore {
                side: OURS,
                key: referenced?,
            },
            (true, Take::Theirs) => as_side(&theirs, &field_values[3]),
            (false, Take::Ours) => as_side(&ours, &field_values[2]),
            (false, Take::Theirs) => match referenced {
                Some(key) if self.can_restore(head, heads, THEIRS, &key) => {
                    Repair::Restore { side: THEIRS, key }
                }
                _ => as_side(&ours, &field_values[2]),
            },
        };
        if self.conflicts.iter().any(|c| c.path == rendered) {
            return Some(repair);
        }
        self.conflicts.push(Conflict {
            path: rendered,
            name,
            kind: ConflictKind::Broken {
                problem: problem.to_owned(),
            },
            base: field_values[1].clone(),
            ours: field_values[2].clone(),
            theirs: field_values[3].clone(),
            took: take,
        });
        Some(repair)
    }

    fn repair(
        &mut self,
        head: &mut Map<String, Value>,
        heads: &[Map<String, Value>; 3],
        repair: Repair,
    ) {
        match repair {
            Repair::Set(Unit::Model { list, key, field }, value) => {
                let Some(n) = self.entries(list).iter().position(|e| e.key == key) else {
                    return;
                };
                if field.is_none() && value.is_none() {
                    self.entries_mut(list).remove(n);
                    return;
                }
                let item = self.entry_json(list, &self.entries(list)[n].pick);
                match with_field(item, field.as_deref(), value) {
                    Some(v) => self.entries_mut(list)[n].pick = Pick::Json(v),
                    None => {
                        self.entries_mut(list).remove(n);
                    }
                }
            }
            Repair::Set(
                Unit::HeadItem {
                    list,
                    by,
                    key,
                    field,
                },
                value,
            ) => {
                let Some(items) = list_at_mut(head, &list) else {
                    return;
                };
                let Some(n) = items
                    .iter()
                    .position(|i| i.get(by).and_then(Value::as_str) == Some(key.as_str()))
                else {
                    return;
                };
                match with_field(items[n].clone(), field.as_deref(), value) {
                    Some(v) => items[n] = v,
                    None => {
                        items.remove(n);
                    }
                }
            }
            Repair::Set(Unit::HeadField(key), value) => match value {
                Some(v) => {
                    head.insert(key, v);
                }
                None => {
                    head.remove(&key);
                }
            },
            Repair::Restore { side, key } => self.restore(head, heads, side, &key),
        }
    }

    /// Brings back the item keyed `key` from version `side` into the first list that lacks
    /// it: the steps, the links, then the head's keyed lists.
    fn restore(
        &mut self,
        head: &mut Map<String, Value>,
        heads: &[Map<String, Value>; 3],
        side: usize,
        key: &str,
    ) {
        let doc = self.docs[side];
        for list in [List::Steps, List::Links] {
            let (found, keys): (Option<usize>, Vec<&str>) = match list {
                List::Steps => (
                    doc.step_position(key),
                    doc.steps().iter().map(|s| s.id.as_str()).collect(),
                ),
                List::Links => (
                    doc.link_position(key),
                    doc.links().iter().map(|l| l.id.as_str()).collect(),
                ),
            };
            let Some(i) = found else {
                continue;
            };
            if self.entries(list).iter().any(|e| e.key == key) {
                continue;
            }
            let merged: Vec<&str> = self.entries(list).iter().map(|e| e.key.as_str()).collect();
            let n = restore_at(&keys, &merged, key);
            let pick = if side == OURS {
                Pick::Ours(i)
            } else {
                Pick::Theirs(i)
            };
            let entry = Entry {
                key: key.to_owned(),
                pick,
            };
            self.entries_mut(list).insert(n, entry);
            return;
        }
        for (keys, by) in head_lists(&heads[side]) {
            let Some(side_items) = list_at(&heads[side], &keys) else {
                continue;
            };
            let key_of = |i: &Value| {
                i.get(by)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let Some(item) = side_items.iter().find(|i| key_of(i) == key) else {
                continue;
            };
            let side_keys: Vec<String> = side_items.iter().map(key_of).collect();
            let Some(items) = list_at_mut(head, &keys) else {
                continue;
            };
            let merged_keys: Vec<String> = items.iter().map(key_of).collect();
            if merged_keys.iter().any(|k| k == key) {
                continue;
            }
            let side_refs: Vec<&str> = side_keys.iter().map(String::as_str).collect();
            let merged_refs: Vec<&str> = merged_keys.iter().map(String::as_str).collect();
            let n = restore_at(&side_refs, &merged_refs, key);
            items.insert(n, item.clone());
            return;
        }
    }
}

/// The whole item a unit is part of (the unit itself for a head field).
fn whole(unit: &Unit) -> Unit {
    match unit {
        Unit::Model { list, key, .. } => Unit::Model {
            list: *list,
            key: key.clone(),
            field: None,
        },
        Unit::HeadItem { list, by, key, .. } => Unit::HeadItem {
            list: list.clone(),
            by,
            key: key.clone(),
            field: None,
        },
        Unit::HeadField(key) => Unit::HeadField(key.clone()),
    }
}
