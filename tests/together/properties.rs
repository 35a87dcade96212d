//! Merge properties on generated journeys: merging a change with nothing gives the change;
//! merging two disjoint edit scripts applied to a base equals applying both; merging is
//! symmetric up to which side wins the conflicts.

use std::collections::{BTreeSet, HashMap};

use journey_designer::compare::{self, Take};
use journey_designer::format;
use journey_designer::model::generate;
use journey_designer::model::{
    Document, Edit, Emotion, FrameValue, Link, LinkValue, Stage, Step, StepValue,
};
use proptest::prelude::*;
use serde_json::json;

/// One edit of a script, by the index of the step (or link) it touches.
#[derive(Clone, Debug)]
enum Op {
    Title(usize, String),
    Emotion(usize, i8),
    AddChannel(usize, String),
    DropChannels(usize),
    Move(usize, f64),
    Extra(usize, String),
    Rate(usize, u8),
    AddStep(String),
    RemoveStep(usize),
    AddLink(usize, usize),
    JourneyTitle(String),
}

fn op() -> impl Strategy<Value = Op> {
    let word = "[a-z]{1,6}";
    prop_oneof![
        (0..40usize, word).prop_map(|(i, t)| Op::Title(i, t)),
        (0..40usize, -2..=2i8).prop_map(|(i, e)| Op::Emotion(i, e)),
        (0..40usize, word).prop_map(|(i, c)| Op::AddChannel(i, c)),
        (0..40usize).prop_map(Op::DropChannels),
        (0..40usize, -500.0..500.0f64).prop_map(|(i, x)| Op::Move(i, x)),
        (0..40usize, word).prop_map(|(i, v)| Op::Extra(i, v)),
        (0..60usize, 0..=100u8).prop_map(|(i, r)| Op::Rate(i, r)),
        word.prop_map(Op::AddStep),
        (0..40usize).prop_map(Op::RemoveStep),
        (0..40usize, 0..40usize).prop_map(|(a, b)| Op::AddLink(a, b)),
        word.prop_map(Op::JourneyTitle),
    ]
}

fn base() -> impl Strategy<Value = Document> {
    (2..14usize, 0..18usize, any::<u64>())
        .prop_map(|(steps, links, seed)| generate::journey(steps, links, seed))
}

/// Which steps, links and journey fields a side may touch: steps and links of its parity
/// (`even`), and the journey's title on the even side. Scripts of the two parities touch
/// nothing in common (a removed step takes its links, so only steps without links of the
/// other parity are removed).
struct Side {
    even: bool,
    tag: &'static str,
    count: usize,
}

impl Side {
    /// Applies `op` to `doc` if it is this side's to make (others are skipped).
    fn apply(&mut self, base: &Document, doc: &mut Document, op: &Op) {
        // An edit of a step this side removed before is refused and changes nothing.
        if let Some(edit) = self.edit(base, doc, op) {
            let _ = edit.apply(doc);
        }
    }

    /// A fresh id for something this side adds.
    fn fresh(&mut self, what: &str) -> String {
        self.count += 1;
        let parity = if self.even { "e" } else { "o" };
        format!("{}{parity}-{what}{}", self.tag, self.count)
    }

    fn edit(&mut self, base: &Document, doc: &mut Document, op: &Op) -> Option<Edit> {
        let n = base.steps().len().max(1);
        let even = self.even;
        let mine = |i: usize| (i % n).is_multiple_of(2) == even;
        let step = |i: usize| base.steps().get(i % n).map(|s| s.id.clone());
        match op {
            Op::Title(i, t) if mine(*i) => Some(set(&step(*i)?, StepValue::Title(t.clone()))),
            Op::Emotion(i, e) if mine(*i) => Some(set(
                &step(*i)?,
                StepValue::Emotion(Emotion::new(i64::from(*e))?),
            )),
            Op::AddChannel(i, c) if mine(*i) => {
                let id = step(*i)?;
                let mut channels = doc.step(&id)?.channels.clone();
                let channel = format!("{}-{c}", self.tag);
                if channels.contains(&channel) {
                    return None;
                }
                channels.push(channel);
                Some(set(&id, StepValue::Channels(channels)))
            }
            Op::DropChannels(i) if mine(*i) => {
                Some(set(&step(*i)?, StepValue::Channels(Vec::new())))
            }
            Op::Move(i, x) if mine(*i) => Some(Edit::Move(vec![(step(*i)?, [*x, 0.0])])),
            Op::Extra(i, v) if mine(*i) => {
                let mut s = doc.step(&step(*i)?)?.clone();
                s.extra.insert(format!("{}-note", self.tag), json!(v));
                replace_step(doc, &s);
                None
            }
            Op::Rate(i, r) => {
                let links = base.links();
                let at = i % links.len().max(1);
                let link = links.get(at)?;
                (at.is_multiple_of(2) == even && doc.link(&link.id).is_some()).then(|| {
                    Edit::SetLink {
                        id: link.id.clone(),
                        value: LinkValue::Rate(Some(f64::from(*r) / 100.0)),
                    }
                })
            }
            Op::AddStep(t) => {
                let id = self.fresh("step");
                Some(Edit::add(
                    doc,
                    vec![Step::new(id, Stage::Care, t.clone(), [0.0, 900.0])],
                    vec![],
                ))
            }
            Op::RemoveStep(i) if mine(*i) => {
                let id = step(*i)?;
                let linked = base.links().iter().any(|l| l.from == id || l.to == id);
                (doc.step(&id).is_some() && !linked).then(|| Edit::remove_steps(vec![id]))
            }
            Op::AddLink(a, b) if mine(*a) && mine(*b) => {
                let (from, to) = (step(*a)?, step(*b)?);
                if doc.step(&from).is_none() || doc.step(&to).is_none() {
                    return None;
                }
                let id = self.fresh("link");
                Some(Edit::add(doc, vec![], vec![Link::new(id, from, to)]))
            }
            Op::JourneyTitle(t) if even => Some(Edit::SetFrame(FrameValue::Title(t.clone()))),
            _ => None,
        }
    }
}

fn set(id: &str, value: StepValue) -> Edit {
    Edit::SetStep {
        id: id.to_owned(),
        value,
    }
}

fn replace_step(doc: &mut Document, step: &Step) {
    let steps: Vec<Step> = doc
        .steps()
        .iter()
        .map(|s| {
            if s.id == step.id {
                step.clone()
            } else {
                Step::clone(s)
            }
        })
        .collect();
    let links: Vec<Link> = doc.links().iter().map(|l| Link::clone(l)).collect();
    doc.set_steps_and_links(steps, links).unwrap();
}

/// `ops` applied to `doc` by `side`.
fn script(base: &Document, doc: &Document, side: &mut Side, ops: &[Op]) -> Document {
    let mut doc = doc.clone();
    for op in ops {
        side.apply(base, &mut doc, op);
    }
    doc
}

fn even(tag: &'static str) -> Side {
    Side {
        even: true,
        tag,
        count: 0,
    }
}

fn odd(tag: &'static str) -> Side {
    Side {
        even: false,
        tag,
        count: 0,
    }
}

/// The journey's JSON with its steps and links sorted by id and its lists of strings sorted:
/// the same journey whatever order two sides' additions came in.
fn unordered(doc: &Document) -> serde_json::Value {
    fn sort(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(sort);
                if items.iter().all(serde_json::Value::is_string) {
                    items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                } else if items.iter().all(|i| i.get("id").is_some()) {
                    items.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
                }
            }
            serde_json::Value::Object(map) => map.values_mut().for_each(sort),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(&format::to_string(doc)).unwrap();
    sort(&mut value);
    value
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn merging_a_change_with_nothing_gives_the_change(
        base in base(),
        ops in prop::collection::vec(op(), 0..12),
    ) {
        // Both parities: any edit at all.
        let changed = script(&base, &script(&base, &base, &mut even("a"), &ops), &mut odd("b"), &ops);
        for merged in [compare::merge(&base, &changed, &base), compare::merge(&base, &base, &changed)] {
            prop_assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
            prop_assert_eq!(format::to_string(&merged.document), format::to_string(&changed));
        }
    }

    #[test]
    fn merging_disjoint_scripts_equals_applying_both(
        base in base(),
        ours_ops in prop::collection::vec(op(), 0..12),
        theirs_ops in prop::collection::vec(op(), 0..12),
    ) {
        let ours = script(&base, &base, &mut even("o"), &ours_ops);
        let theirs = script(&base, &base, &mut odd("t"), &theirs_ops);
        let both = script(&base, &ours, &mut odd("t"), &theirs_ops);
        let merged = compare::merge(&base, &ours, &theirs);
        prop_assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        prop_assert_eq!(format::to_string(&merged.document), format::to_string(&both));
    }

    #[test]
    fn merging_is_symmetric_up_to_which_side_wins_conflicts(
        base in base(),
        ours_ops in prop::collection::vec(op(), 0..12),
        theirs_ops in prop::collection::vec(op(), 0..12),
    ) {
        // Both sides may touch every step: edits of one field, removals and links collide.
        let ours = script(&base, &script(&base, &base, &mut even("o"), &ours_ops), &mut odd("o"), &ours_ops);
        let theirs = script(&base, &script(&base, &base, &mut even("t"), &theirs_ops), &mut odd("t"), &theirs_ops);
        let forward = compare::merge(&base, &ours, &theirs);
        // Theirs at every conflict, including those that only come up once theirs wins one
        // (their removal of a step ours links to).
        let mut all_theirs: HashMap<String, Take> = HashMap::new();
        let mut forward_theirs = forward.clone();
        for _ in 0..8 {
            let before = all_theirs.len();
            all_theirs.extend(forward_theirs.conflicts.iter().map(|c| (c.path.clone(), Take::Theirs)));
            if all_theirs.len() == before {
                break;
            }
            forward_theirs = compare::merge_with(&base, &ours, &theirs, &all_theirs);
        }
        let backward = compare::merge(&base, &theirs, &ours);
        let places = |m: &compare::Merged| -> BTreeSet<String> {
            m.conflicts.iter().map(|c| c.path.clone()).collect()
        };
        prop_assert_eq!(places(&forward_theirs), places(&backward));
        prop_assert_eq!(unordered(&forward_theirs.document), unordered(&backward.document));
        for m in [&forward, &forward_theirs, &backward] {
            // Always a valid journey: it reads back as it is.
            let text = format::to_string(&m.document);
            prop_assert_eq!(format::from_str(&text).map(|d| format::to_string(&d)), Ok(text));
        }
    }
}
