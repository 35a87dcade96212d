//! Random edit scripts through `History`, as the app applies them: every kind of edit, valid
//! and invalid, multi-step batches, paste and arrange, edits on ids that no longer exist,
//! undo, redo, seal and save in between.
//!
//! Checked after every step against a small reference model of the undo stack (saved texts,
//! merge keys, state numbers): an invalid edit is refused and leaves the file text as it was;
//! undo gives back the text before the change and redo the text after it; dirty is false
//! exactly at the saved position; the spatial index kept up to date equals one built from
//! scratch, and so does the search index brought up to date by each change (it finds the
//! same matches). A snapshot (a clone, as a recovery copy takes) equals the document it was
//! taken of, and later edits leave it as it was, whether it is first read at once or only at
//! the end of the script. At the end, undoing everything gives back the original text and
//! redoing everything the text after the script.

use std::collections::BTreeSet;

use journey_designer::app::history::History;
use journey_designer::format;
use journey_designer::model::builders::{self, Axis, Extreme};
use journey_designer::model::search::SearchIndex;
use journey_designer::model::{
    Desire, Desires, Document, Edit, Emotion, FrameValue, Link, LinkValue, Point, Stage, Step,
    StepValue, generate,
};
use journey_designer::ui::spatial::SpatialIndex;
use proptest::prelude::*;
use proptest::sample::Index;

/// A field value for a step, some of them invalid (a position that is not finite).
#[derive(Clone, Debug)]
enum StepField {
    Title(String),
    Stage(Stage),
    Notes(String),
    Emotion(i64),
    Channels(Vec<String>),
    Touchpoints(Vec<String>),
    PainPoints(Vec<String>),
    Opportunities(Vec<String>),
    Position(Point),
}

impl StepField {
    fn value(self) -> StepValue {
        match self {
            Self::Title(v) => StepValue::Title(v),
            Self::Stage(v) => StepValue::Stage(v),
            Self::Notes(v) => StepValue::Notes(v),
            Self::Emotion(v) => StepValue::Emotion(Emotion::new(v).unwrap_or_default()),
            Self::Channels(v) => StepValue::Channels(v),
            Self::Touchpoints(v) => StepValue::Touchpoints(v),
            Self::PainPoints(v) => StepValue::PainPoints(v),
            Self::Opportunities(v) => StepValue::Opportunities(v),
            Self::Position(v) => StepValue::Position(v),
        }
    }

    fn is_valid(&self) -> bool {
        match self {
            Self::Position(p) => p.iter().all(|c| c.is_finite()),
            _ => true,
        }
    }
}

/// A field value for a link: the ends name a step by index, or a step that is gone.
#[derive(Clone, Debug)]
enum LinkField {
    Label(String),
    Rate(Option<f64>),
    From(Option<Index>),
    To(Option<Index>),
}

/// One step of a script. Indices pick among the steps and links there are when it runs.
#[derive(Clone, Debug)]
enum Op {
    AddStep(Stage, Point, bool),
    AddLink(Index, Index),
    Remove(Vec<Index>, Option<Index>),
    MoveBy(Vec<Index>, Point, bool),
    SetStep(Index, StepField),
    SetLink(Index, LinkField),
    SetFrame(FrameValue),
    ChangeStage(Vec<Index>, Stage),
    Align(Vec<Index>, bool, bool),
    Distribute(Vec<Index>, bool),
    Arrange(Vec<Index>),
    CopyPaste(Vec<Index>, Option<Point>),
    /// Several valid edits as one; with `true`, an invalid edit at the end spoils the batch.
    Batch(Vec<Op>, bool),
    /// An edit that must be refused.
    Invalid(Invalid, Index),
    Undo,
    Redo,
    Seal,
    MarkSaved,
}

#[derive(Clone, Copy, Debug)]
enum Invalid {
    SetGoneStep,
    SetGoneLink,
    MoveGoneStep,
    MoveToInfinity,
    DuplicateStepId,
    EmptyStepId,
    DanglingLink,
    InsertOutOfRange,
    RemoveGoneStep,
    RemoveGoneLink,
    LinkToGoneStep,
    RateOutOfRange,
    StepAtNaN,
}

const INVALID: [Invalid; 13] = [
    Invalid::SetGoneStep,
    Invalid::SetGoneLink,
    Invalid::MoveGoneStep,
    Invalid::MoveToInfinity,
    Invalid::DuplicateStepId,
    Invalid::EmptyStepId,
    Invalid::DanglingLink,
    Invalid::InsertOutOfRange,
    Invalid::RemoveGoneStep,
    Invalid::RemoveGoneLink,
    Invalid::LinkToGoneStep,
    Invalid::RateOutOfRange,
    Invalid::StepAtNaN,
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z ]{0,6}", "[é☺\"\\\\\n]{0,3}"]
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..3)
}

fn point() -> impl Strategy<Value = Point> {
    [-3000.0..3000.0_f64, -3000.0..3000.0_f64]
}

fn stage() -> impl Strategy<Value = Stage> {
    prop::sample::select(Stage::ALL.to_vec())
}

fn indices() -> impl Strategy<Value = Vec<Index>> {
    prop::collection::vec(any::<Index>(), 0..5)
}

fn step_field() -> impl Strategy<Value = StepField> {
    prop_oneof![
        text().prop_map(StepField::Title),
        stage().prop_map(StepField::Stage),
        text().prop_map(StepField::Notes),
        (-2_i64..=2).prop_map(StepField::Emotion),
        texts().prop_map(StepField::Channels),
        texts().prop_map(StepField::Touchpoints),
        texts().prop_map(StepField::PainPoints),
        texts().prop_map(StepField::Opportunities),
        point().prop_map(StepField::Position),
    ]
}

fn link_field() -> impl Strategy<Value = LinkField> {
    prop_oneof![
        text().prop_map(LinkField::Label),
        prop_oneof![Just(None), (0.0..=1.0_f64).prop_map(Some)].prop_map(LinkField::Rate),
        any::<Option<Index>>().prop_map(LinkField::From),
        any::<Option<Index>>().prop_map(LinkField::To),
    ]
}

fn frame_value() -> impl Strategy<Value = FrameValue> {
    prop_oneof![
        text().prop_map(FrameValue::Title),
        text().prop_map(FrameValue::CoreNarrative),
        text().prop_map(FrameValue::AudienceDescription),
        any::<Option<u64>>().prop_map(FrameValue::AudienceSize),
        text().prop_map(FrameValue::Uniqueness),
        (0_u8..32).prop_map(|bits| {
            FrameValue::Desires(
                Desire::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, d)| d)
                    .collect::<Desires>(),
            )
        }),
        text().prop_map(FrameValue::External),
        text().prop_map(FrameValue::Internal),
        text().prop_map(FrameValue::Philosophical),
    ]
}

/// An edit that changes the document (no undo, redo, seal or save).
fn edit_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (stage(), point(), any::<bool>()).prop_map(|(s, p, a)| Op::AddStep(s, p, a)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Op::AddLink(a, b)),
        2 => (indices(), any::<Option<Index>>()).prop_map(|(s, l)| Op::Remove(s, l)),
        2 => (indices(), point(), any::<bool>()).prop_map(|(s, d, snap)| Op::MoveBy(s, d, snap)),
        4 => (any::<Index>(), step_field()).prop_map(|(i, f)| Op::SetStep(i, f)),
        2 => (any::<Index>(), link_field()).prop_map(|(i, f)| Op::SetLink(i, f)),
        2 => frame_value().prop_map(Op::SetFrame),
        1 => (indices(), stage()).prop_map(|(s, st)| Op::ChangeStage(s, st)),
        1 => (indices(), any::<bool>(), any::<bool>()).prop_map(|(s, x, m)| Op::Align(s, x, m)),
        1 => (indices(), any::<bool>()).prop_map(|(s, x)| Op::Distribute(s, x)),
        1 => indices().prop_map(Op::Arrange),
        2 => (indices(), prop::option::of(point())).prop_map(|(s, at)| Op::CopyPaste(s, at)),
        2 => (prop::sample::select(INVALID.to_vec()), any::<Index>())
            .prop_map(|(kind, i)| Op::Invalid(kind, i)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => edit_op(),
        2 => (prop::collection::vec(edit_op(), 1..4), any::<bool>())
            .prop_map(|(ops, spoil)| Op::Batch(ops, spoil)),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
        2 => Just(Op::Seal),
    ]
}

/// A script with at least one save somewhere in it.
fn script() -> impl Strategy<Value = Vec<Op>> {
    (prop::collection::vec(op(), 1..30), any::<Index>()).prop_map(|(mut ops, at)| {
        let at = at.index(ops.len() + 1);
        ops.insert(at, Op::MarkSaved);
        ops
    })
}

/// A journey to edit: generated, with a frame and a link label or two.
fn journey() -> impl Strategy<Value = Document> {
    (0_usize..9, 0_usize..14, any::<u64>(), text()).prop_map(|(steps, links, seed, title)| {
        let mut doc = generate::journey(steps, links, seed);
        doc.title = title;
        doc
    })
}

/// Some index, outside a strategy.
fn any_index() -> Index {
    use proptest::strategy::ValueTree;
    any::<Index>()
        .new_tree(&mut proptest::test_runner::TestRunner::deterministic())
        .expect("an index")
        .current()
}

/// What the script works with while it runs.
struct Run {
    doc: Document,
    history: History,
    index: SpatialIndex,
    /// The search index, brought up to date after every step.
    search: SearchIndex,
    /// Ids that were in the document at some point.
    seen_steps: BTreeSet<String>,
    seen_links: BTreeSet<String>,
}

/// Whether the edit must be taken, must be refused, or either (a builder's edit that may be
/// empty or a field whose effect depends on the document).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Taken,
    Refused,
}

impl Run {
    fn step_id(&self, i: Index) -> Option<String> {
        let steps = self.doc.steps();
        (!steps.is_empty()).then(|| steps[i.index(steps.len())].id.clone())
    }

    fn link_id(&self, i: Index) -> Option<String> {
        let links = self.doc.links();
        (!links.is_empty()).then(|| links[i.index(links.len())].id.clone())
    }

    fn step_ids(&self, picks: &[Index]) -> BTreeSet<String> {
        picks.iter().filter_map(|i| self.step_id(*i)).collect()
    }

    /// A step id that is not in the document now: one that was removed, or one that never was.
    fn gone_step(&self, i: Index) -> String {
        let gone: Vec<&String> = self
            .seen_steps
            .iter()
            .filter(|id| self.doc.step(id).is_none())
            .collect();
        if gone.is_empty() {
            self.doc.fresh_step_id("never-was")
        } else {
            gone[i.index(gone.len())].clone()
        }
    }

    fn gone_link(&self, i: Index) -> String {
        let gone: Vec<&String> = self
            .seen_links
            .iter()
            .filter(|id| self.doc.link(id).is_none())
            .collect();
        if gone.is_empty() {
            self.doc.fresh_link_id("never", "was")
        } else {
            gone[i.index(gone.len())].clone()
        }
    }

    fn remember_ids(&mut self) {
        for s in self.doc.steps() {
            self.seen_steps.insert(s.id.clone());
        }
        for l in self.doc.links() {
            self.seen_links.insert(l.id.clone());
        }
    }

    /// The edit an op stands for, and whether it must be taken or refused (`None`: no edit).
    #[expect(
        clippy::too_many_lines,
        reason = "one arm per kind of op reads best together"
    )]
    fn edit(&self, op: &Op) -> Option<(Edit, Expect)> {
        use Expect::{Refused, Taken};
        let doc = &self.doc;
        Some(match op {
            Op::AddStep(stage, at, avoid) => {
                (builders::add_step(doc, *stage, *at, *avoid).0, Taken)
            }
            Op::AddLink(a, b) => {
                let (from, to) = (self.step_id(*a)?, self.step_id(*b)?);
                let link = Link::new(doc.fresh_link_id(&from, &to), from, to);
                (Edit::add(doc, vec![], vec![link]), Taken)
            }
            Op::Remove(steps, link) => {
                let link = link.and_then(|l| self.link_id(l));
                (
                    builders::remove(&self.step_ids(steps), link.as_deref()),
                    Taken,
                )
            }
            Op::MoveBy(steps, delta, snap) => (
                builders::move_by(doc, &self.step_ids(steps), *delta, snap.then_some(20.0)),
                Taken,
            ),
            Op::SetStep(i, field) => {
                let expect = if field.is_valid() { Taken } else { Refused };
                let edit = Edit::SetStep {
                    id: self.step_id(*i)?,
                    value: field.clone().value(),
                };
                (edit, expect)
            }
            Op::SetLink(i, field) => {
                let (value, expect) = match field {
                    LinkField::Label(v) => (LinkValue::Label(v.clone()), Taken),
                    LinkField::Rate(v) => (LinkValue::Rate(*v), Taken),
                    LinkField::From(Some(s)) => (LinkValue::From(self.step_id(*s)?), Taken),
                    LinkField::To(Some(s)) => (LinkValue::To(self.step_id(*s)?), Taken),
                    LinkField::From(None) => (LinkValue::From(self.gone_step(*i)), Refused),
                    LinkField::To(None) => (LinkValue::To(self.gone_step(*i)), Refused),
                };
                let edit = Edit::SetLink {
                    id: self.link_id(*i)?,
                    value,
                };
                (edit, expect)
            }
            Op::SetFrame(value) => (Edit::SetFrame(value.clone()), Taken),
            Op::ChangeStage(steps, stage) => (
                builders::change_stage(doc, &self.step_ids(steps), *stage),
                Taken,
            ),
            Op::Align(steps, x, min) => {
                let axis = if *x { Axis::X } else { Axis::Y };
                let extreme = if *min { Extreme::Min } else { Extreme::Max };
                (
                    builders::align(doc, &self.step_ids(steps), axis, extreme).ok()?,
                    Taken,
                )
            }
            Op::Distribute(steps, x) => {
                let axis = if *x { Axis::X } else { Axis::Y };
                (
                    builders::distribute(doc, &self.step_ids(steps), axis).ok()?,
                    Taken,
                )
            }
            Op::Arrange(steps) => (builders::arrange_loop(doc, &self.step_ids(steps)), Taken),
            Op::CopyPaste(steps, at) => {
                let clip = builders::copy(doc, &self.step_ids(steps)).ok()?;
                // The clipboard holds text: paste what a copy in the file format reads as.
                let clip = format::from_str(&format::to_string(&clip)).ok()?;
                (builders::paste(doc, &clip, *at).ok()?.0, Taken)
            }
            Op::Batch(ops, spoil) => {
                // Each part is built against the document as the earlier parts leave it.
                let mut scratch = Run {
                    doc: doc.clone(),
                    history: History::default(),
                    index: SpatialIndex::default(),
                    search: SearchIndex::default(),
                    seen_steps: self.seen_steps.clone(),
                    seen_links: self.seen_links.clone(),
                };
                let mut edits = Vec::new();
                for op in ops {
                    if let Some((edit, Taken)) = scratch.edit(op)
                        && edit.clone().apply(&mut scratch.doc).is_ok()
                    {
                        scratch.remember_ids();
                        edits.push(edit);
                    }
                }
                let mut expect = Taken;
                if *spoil {
                    edits.push(Edit::SetStep {
                        id: scratch.gone_step(any_index()),
                        value: StepValue::Title("never applied".into()),
                    });
                    expect = Refused;
                }
                let label = format!("Batch of {}", edits.len());
                (Edit::Batch { label, edits }, expect)
            }
            Op::Invalid(kind, i) => (self.invalid(*kind, *i)?, Refused),
            Op::Undo | Op::Redo | Op::Seal | Op::MarkSaved => return None,
        })
    }

    fn invalid(&self, kind: Invalid, i: Index) -> Option<Edit> {
        let doc = &self.doc;
        let gone = self.gone_step(i);
        Some(match kind {
            Invalid::SetGoneStep => Edit::SetStep {
                id: gone,
                value: StepValue::Notes("lost".into()),
            },
            Invalid::SetGoneLink => Edit::SetLink {
                id: self.gone_link(i),
                value: LinkValue::Label("lost".into()),
            },
            Invalid::MoveGoneStep => {
                let mut moves: Vec<(String, Point)> = doc
                    .steps()
                    .iter()
                    .take(2)
                    .map(|s| (s.id.clone(), [1.0, 2.0]))
                    .collect();
                moves.push((gone, [3.0, 4.0]));
                Edit::Move(moves)
            }
            Invalid::MoveToInfinity => Edit::Move(vec![(self.step_id(i)?, [f64::INFINITY, 0.0])]),
            Invalid::DuplicateStepId => {
                let id = self.step_id(i)?;
                Edit::add(
                    doc,
                    vec![Step::new(id, Stage::Care, "Twin", [0.0, 0.0])],
                    vec![],
                )
            }
            Invalid::EmptyStepId => Edit::add(
                doc,
                vec![Step::new("", Stage::Buy, "Nameless", [0.0, 0.0])],
                vec![],
            ),
            Invalid::DanglingLink => {
                let from = self.step_id(i)?;
                Edit::add(
                    doc,
                    vec![],
                    vec![Link::new(doc.fresh_link_id(&from, &gone), from, gone)],
                )
            }
            Invalid::InsertOutOfRange => Edit::Insert {
                steps: vec![(
                    doc.steps().len() + 1,
                    Step::new(doc.fresh_step_id("far"), Stage::Tell, "Far", [0.0, 0.0]),
                )],
                links: vec![],
            },
            Invalid::RemoveGoneStep => Edit::Remove {
                steps: doc
                    .steps()
                    .iter()
                    .take(1)
                    .map(|s| s.id.clone())
                    .chain([gone])
                    .collect(),
                links: vec![],
            },
            Invalid::RemoveGoneLink => Edit::Remove {
                steps: vec![],
                links: doc
                    .links()
                    .iter()
                    .take(1)
                    .map(|l| l.id.clone())
                    .chain([self.gone_link(i)])
                    .collect(),
            },
            Invalid::LinkToGoneStep => Edit::SetLink {
                id: self.link_id(i)?,
                value: LinkValue::To(gone),
            },
            Invalid::RateOutOfRange => Edit::SetLink {
                id: self.link_id(i)?,
                value: LinkValue::Rate(Some([1.5, -0.25, f64::NAN][i.index(3)])),
            },
            Invalid::StepAtNaN => Edit::add(
                doc,
                vec![Step::new(
                    doc.fresh_step_id("nan"),
                    Stage::Delight,
                    "Nowhere",
                    [f64::NAN, 0.0],
                )],
                vec![],
            ),
        })
    }
}

/// The undo stack as the user sees it: the text before each change, and state numbers as
/// `History` keeps them (a fresh number for every change, merged or not).
#[derive(Default)]
struct Model {
    /// Per undo step: the text before it, its merge key and the state after it.
    undo: Vec<(String, Option<String>, u64)>,
    /// Per redo step: the text after it, its merge key and its state.
    redo: Vec<(String, Option<String>, u64)>,
    open: bool,
    next: u64,
    saved: Option<u64>,
}

impl Model {
    fn new() -> Self {
        Self {
            next: 1,
            saved: Some(0),
            ..Self::default()
        }
    }

    fn state(&self) -> u64 {
        self.undo.last().map_or(0, |e| e.2)
    }

    fn applied(&mut self, before: String, key: Option<String>) {
        self.redo.clear();
        let state = self.next;
        self.next += 1;
        let merges = self.open && key.is_some() && self.undo.last().is_some_and(|top| top.1 == key);
        if merges {
            if let Some(top) = self.undo.last_mut() {
                top.2 = state;
            }
        } else {
            self.undo.push((before, key, state));
        }
        self.open = true;
    }

    fn dirty(&self) -> bool {
        self.saved != Some(self.state())
    }
}

fn check_position(run: &Run, model: &Model, at: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        run.history.is_dirty(),
        model.dirty(),
        "dirty {}: state {}, saved {:?}",
        at,
        model.state(),
        model.saved
    );
    prop_assert!(
        run.index == SpatialIndex::build(&run.doc),
        "the kept spatial index differs from a fresh one {}",
        at
    );
    let fresh = SearchIndex::build(&run.doc);
    prop_assert!(
        run.search == fresh,
        "the updated search index differs from a fresh one {}",
        at
    );
    // The same matches, for letters the scripts type and for the first step's title.
    let title = run.doc.steps().first().map(|s| s.title.clone());
    for query in ["e", "a b", "é", "☺", "\""]
        .into_iter()
        .chain(title.as_deref())
    {
        prop_assert_eq!(
            run.search.search(query),
            fresh.search(query),
            "matches of {:?} {}",
            query,
            at
        );
    }
    Ok(())
}

/// Plays step `n` of a script, checking what it did against the model.
fn play_op(run: &mut Run, model: &mut Model, n: usize, op: &Op) -> Result<(), TestCaseError> {
    let before = format::to_string(&run.doc);
    match op {
        Op::Undo => {
            let label = run.history.undo(&mut run.doc);
            match model.undo.pop() {
                Some(entry) => {
                    prop_assert!(label.is_some(), "step {}: nothing undone", n);
                    prop_assert_eq!(
                        format::to_string(&run.doc),
                        entry.0.clone(),
                        "step {}: undo",
                        n
                    );
                    model.redo.push((before, entry.1, entry.2));
                    // Only a step actually undone ends a burst of typing.
                    model.open = false;
                }
                None => prop_assert!(label.is_none(), "step {}: undid past the start", n),
            }
        }
        Op::Redo => {
            let label = run.history.redo(&mut run.doc);
            match model.redo.pop() {
                Some(entry) => {
                    prop_assert!(label.is_some(), "step {}: nothing redone", n);
                    prop_assert_eq!(
                        format::to_string(&run.doc),
                        entry.0.clone(),
                        "step {}: redo",
                        n
                    );
                    model.undo.push((before, entry.1, entry.2));
                    // Only a step actually redone ends a burst of typing.
                    model.open = false;
                }
                None => prop_assert!(label.is_none(), "step {}: redid past the end", n),
            }
        }
        Op::Seal => {
            run.history.seal();
            model.open = false;
        }
        Op::MarkSaved => {
            run.history.mark_saved();
            model.saved = Some(model.state());
            model.open = false;
        }
        _ => {
            let Some((edit, expect)) = run.edit(op) else {
                return Ok(());
            };
            let key = edit.merge_key();
            let result = run.history.apply(&mut run.doc, edit.clone());
            match expect {
                Expect::Taken => {
                    prop_assert!(
                        result.is_ok(),
                        "step {}: {:?} refused: {:?}",
                        n,
                        edit,
                        result
                    );
                    model.applied(before, key);
                    run.remember_ids();
                }
                Expect::Refused => {
                    prop_assert!(result.is_err(), "step {}: {:?} was taken", n, edit);
                    prop_assert_eq!(
                        format::to_string(&run.doc),
                        before,
                        "step {}: a refused edit changed the document",
                        n
                    );
                }
            }
        }
    }
    Ok(())
}

fn play(original: &Document, script: &[Op]) -> Result<(), TestCaseError> {
    let original_text = format::to_string(original);
    let mut run = Run {
        doc: original.clone(),
        history: History::default(),
        index: SpatialIndex::build(original),
        search: SearchIndex::build(original),
        seen_steps: BTreeSet::new(),
        seen_links: BTreeSet::new(),
    };
    run.remember_ids();
    let mut model = Model::new();
    // A snapshot taken before each step and the text of the document then; every other one
    // is first read only at the end of the script.
    let mut snapshots: Vec<(Document, String)> = Vec::new();
    for (n, op) in script.iter().enumerate() {
        snapshots.push((run.doc.clone(), format::to_string(&run.doc)));
        play_op(&mut run, &mut model, n, op)?;
        run.index.update(&run.doc);
        run.search.update(&run.doc);
        check_position(&run, &model, &format!("after step {n} ({op:?})"))?;
        if n % 2 == 0 {
            let (snapshot, text) = &snapshots[n];
            prop_assert_eq!(
                &format::to_string(snapshot),
                text,
                "the snapshot taken before step {} was changed by it",
                n
            );
        }
        let snapshot = run.doc.clone();
        prop_assert!(
            snapshot == run.doc,
            "a snapshot differs from the document after step {}",
            n
        );
        prop_assert_eq!(format::to_string(&snapshot), format::to_string(&run.doc));
    }
    for (n, (snapshot, text)) in snapshots.iter().enumerate() {
        prop_assert_eq!(
            &format::to_string(snapshot),
            text,
            "the snapshot taken before step {} was changed by the script",
            n
        );
    }
    // Undo everything: each step gives back the text before it; the start is the original.
    let end_text = format::to_string(&run.doc);
    let mut undone = 0;
    while let Some(entry) = model.undo.pop() {
        let after = format::to_string(&run.doc);
        prop_assert!(
            run.history.undo(&mut run.doc).is_some(),
            "undo {} refused",
            undone
        );
        prop_assert_eq!(format::to_string(&run.doc), entry.0.clone());
        model.redo.push((after, entry.1, entry.2));
        undone += 1;
        run.index.update(&run.doc);
        run.search.update(&run.doc);
        check_position(&run, &model, &format!("after undoing {undone}"))?;
    }
    prop_assert!(
        run.history.undo(&mut run.doc).is_none(),
        "more to undo than was done"
    );
    prop_assert_eq!(
        format::to_string(&run.doc),
        original_text.clone(),
        "undoing everything"
    );
    prop_assert!(run.doc == *original);
    // Redo everything: as many redos as undos give back the text at the end of the script;
    // the rest redo what the script itself had undone.
    let redo = |run: &mut Run, model: &mut Model| -> Result<(), TestCaseError> {
        let entry = model.redo.pop().expect("a step to redo");
        let before = format::to_string(&run.doc);
        prop_assert!(run.history.redo(&mut run.doc).is_some());
        prop_assert_eq!(format::to_string(&run.doc), entry.0.clone());
        model.undo.push((before, entry.1, entry.2));
        run.index.update(&run.doc);
        run.search.update(&run.doc);
        check_position(run, model, "while redoing")
    };
    for _ in 0..undone {
        redo(&mut run, &mut model)?;
    }
    prop_assert_eq!(format::to_string(&run.doc), end_text, "redoing everything");
    while !model.redo.is_empty() {
        redo(&mut run, &mut model)?;
    }
    prop_assert!(
        run.history.redo(&mut run.doc).is_none(),
        "more to redo than was undone"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn edit_scripts_keep_undo_redo_dirty_and_the_kept_indexes_right(
        doc in journey(),
        script in script(),
    ) {
        play(&doc, &script)?;
    }
}

/// The script runner itself catches what it must: an edit that is taken though it should be
/// refused, and a dirty flag that lies.
#[test]
fn the_runner_notices_broken_promises() {
    let doc = generate::journey(3, 2, 1);
    // A valid script passes.
    let fine = [
        Op::SetFrame(FrameValue::Title("x".into())),
        Op::MarkSaved,
        Op::Undo,
        Op::Redo,
    ];
    assert!(play(&doc, &fine).is_ok());
    // A valid edit claimed to be invalid is reported.
    let mut run = Run {
        doc: doc.clone(),
        history: History::default(),
        index: SpatialIndex::build(&doc),
        search: SearchIndex::build(&doc),
        seen_steps: BTreeSet::new(),
        seen_links: BTreeSet::new(),
    };
    run.remember_ids();
    let (edit, expect) = run
        .edit(&Op::Invalid(Invalid::SetGoneStep, any_index()))
        .unwrap();
    assert_eq!(expect, Expect::Refused);
    assert!(edit.apply(&mut run.doc).is_err());
    // A dirty flag that disagrees with the model is reported.
    let mut model = Model::new();
    model.saved = None;
    assert!(check_position(&run, &model, "test").is_err());
}

/// In a journey of several chunks (see `model::shared`): a snapshot equals the document when
/// taken, and each kind of edit after it, in the middle or at either end, leaves it as it was,
/// read at once or only after every edit.
#[test]
fn snapshots_of_a_large_journey_are_left_as_they_were_by_later_edits() {
    let mut doc = generate::journey(3000, 3000, 7);
    let mut unread = Vec::new();
    let edits: Vec<fn(&Document) -> Edit> = vec![
        |doc| Edit::SetStep {
            id: doc.steps()[1500].id.clone(),
            value: StepValue::Title("Renamed in the middle".into()),
        },
        |doc| Edit::SetStep {
            id: doc.steps()[0].id.clone(),
            value: StepValue::Notes("Typed into the first step".into()),
        },
        |doc| {
            let new = doc.fresh_step_id("added");
            let from = doc.steps()[2999].id.clone();
            let link = Link::new(doc.fresh_link_id(&from, &new), from, new.clone());
            Edit::add(
                doc,
                vec![Step::new(new, Stage::Care, "Added at the end", [0.0, 0.0])],
                vec![link],
            )
        },
        |doc| {
            Edit::remove_steps(vec![
                doc.steps()[10].id.clone(),
                doc.steps()[2000].id.clone(),
            ])
        },
        |doc| Edit::SetLink {
            id: doc.links()[1200].id.clone(),
            value: LinkValue::Label("Most people".into()),
        },
    ];
    for (n, edit) in edits.into_iter().enumerate() {
        let snapshot = doc.clone();
        let text = format::to_string(&doc);
        assert!(snapshot == doc, "a snapshot equals the document");
        let edit = edit(&doc);
        let undo = edit.apply(&mut doc).expect("a valid edit");
        assert_ne!(
            format::to_string(&doc),
            text,
            "edit {n} changed the journey"
        );
        if n % 2 == 0 {
            assert_eq!(format::to_string(&snapshot), text, "edit {n}, read at once");
        }
        unread.push((snapshot, text));
        // Undone and done again, as a user might.
        let redo = undo.apply(&mut doc).expect("undo");
        let _ = redo.apply(&mut doc).expect("redo");
        let again = doc.clone();
        assert!(
            again == doc,
            "a snapshot after edit {n} equals the document"
        );
    }
    for (n, (snapshot, text)) in unread.iter().enumerate() {
        assert_eq!(
            &format::to_string(snapshot),
            text,
            "snapshot before edit {n}"
        );
    }
}
