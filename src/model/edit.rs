//! Every change to a [`Document`] is an [`Edit`]; applying one returns its inverse.

use std::sync::Arc;

use super::{
    Desires, Document, Emotion, FailPoint, Lane, Link, Metric, ModelError, Opportunity, Persona,
    Point, Scenario, Stage, Step, ToBe, Wait, validate,
};

/// A new value for one field of a step.
#[derive(Clone, Debug, PartialEq)]
pub enum StepValue {
    /// The card's title.
    Title(String),
    /// The stage.
    Stage(Stage),
    /// The notes.
    Notes(String),
    /// The emotion.
    Emotion(Emotion),
    /// The channels.
    Channels(Vec<String>),
    /// The touchpoints.
    Touchpoints(Vec<String>),
    /// The pain points.
    PainPoints(Vec<String>),
    /// The opportunities.
    Opportunities(Vec<String>),
    /// The position.
    Position(Point),
    /// The ids of the personas the step applies to (none: everyone).
    Personas(Vec<String>),
    /// The personas' own emotions at the step.
    PersonaEmotions(Vec<(String, Emotion)>),
    /// What the customer sees or holds (the blueprint's physical evidence).
    Evidence(Vec<String>),
    /// What staff or the product do in the customer's view.
    Frontstage(Vec<String>),
    /// What happens out of the customer's view.
    Backstage(Vec<String>),
    /// The systems and partners behind.
    Support(Vec<String>),
    /// The fail point, or none.
    FailPoint(Option<Box<FailPoint>>),
    /// The wait, or none.
    Wait(Option<Box<Wait>>),
    /// The measured metrics.
    Metrics(Vec<Metric>),
    /// The step as it is to be, or none.
    ToBe(Option<Box<ToBe>>),
    /// The analytics events that mean "a person is here" (names and `*` patterns).
    Events(Vec<String>),
    /// People brought in by marketing per period (tell steps), 0 or more.
    Reach(Option<f64>),
    /// The share who stay, 0..=1.
    Stay(Option<f64>),
    /// New people each person brings per period, 0 or more.
    Referrals(Option<f64>),
    /// The step's money fields.
    Money(super::StepMoney),
}

impl StepValue {
    /// A short name of the field, for undo labels and coalescing.
    pub const fn field(&self) -> &'static str {
        match self {
            Self::Title(_) => "title",
            Self::Stage(_) => "stage",
            Self::Notes(_) => "notes",
            Self::Emotion(_) => "emotion",
            Self::Channels(_) => "channels",
            Self::Touchpoints(_) => "touchpoints",
            Self::PainPoints(_) => "pain points",
            Self::Opportunities(_) => "opportunities",
            Self::Position(_) => "position",
            Self::Personas(_) => "personas",
            Self::PersonaEmotions(_) => "persona emotions",
            Self::Evidence(_) => "evidence",
            Self::Frontstage(_) => "frontstage",
            Self::Backstage(_) => "backstage",
            Self::Support(_) => "support",
            Self::FailPoint(_) => "fail point",
            Self::Wait(_) => "wait",
            Self::Metrics(_) => "metrics",
            Self::ToBe(_) => "to-be step",
            Self::Reach(_) => "reach",
            Self::Events(_) => "events",
            Self::Stay(_) => "stay",
            Self::Referrals(_) => "referrals",
            Self::Money(_) => "money",
        }
    }

    /// Puts `self` into the matching field of `step` and returns the old value.
    fn swap_into(self, step: &mut Step) -> Self {
        use std::mem::replace;
        match self {
            Self::Title(v) => Self::Title(replace(&mut step.title, v)),
            Self::Stage(v) => Self::Stage(replace(&mut step.stage, v)),
            Self::Notes(v) => Self::Notes(replace(&mut step.notes, v)),
            Self::Emotion(v) => Self::Emotion(replace(&mut step.emotion, v)),
            Self::Channels(v) => Self::Channels(replace(&mut step.channels, v)),
            Self::Touchpoints(v) => Self::Touchpoints(replace(&mut step.touchpoints, v)),
            Self::PainPoints(v) => Self::PainPoints(replace(&mut step.pain_points, v)),
            Self::Opportunities(v) => Self::Opportunities(replace(&mut step.opportunities, v)),
            Self::Position(v) => Self::Position(replace(&mut step.position, v)),
            Self::Personas(v) => Self::Personas(replace(&mut step.personas, v)),
            Self::PersonaEmotions(v) => {
                Self::PersonaEmotions(replace(&mut step.persona_emotions, v))
            }
            Self::Evidence(v) => Self::Evidence(replace(&mut step.evidence, v)),
            Self::Frontstage(v) => Self::Frontstage(replace(&mut step.frontstage, v)),
            Self::Backstage(v) => Self::Backstage(replace(&mut step.backstage, v)),
            Self::Support(v) => Self::Support(replace(&mut step.support, v)),
            Self::FailPoint(v) => Self::FailPoint(replace(&mut step.fail_point, v)),
            Self::Wait(v) => Self::Wait(replace(&mut step.wait, v)),
            Self::Metrics(v) => Self::Metrics(replace(&mut step.metrics, v)),
            Self::ToBe(v) => Self::ToBe(replace(&mut step.to_be, v)),
            Self::Events(v) => Self::Events(replace(&mut step.events, v.into()).into()),
            Self::Reach(v) => Self::Reach(replace(&mut step.reach, v)),
            Self::Stay(v) => Self::Stay(replace(&mut step.stay, v)),
            Self::Referrals(v) => Self::Referrals(replace(&mut step.referrals, v)),
            Self::Money(v) => Self::Money(*replace(&mut step.money, v.into())),
        }
    }
}

/// A new value for one field of a link.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkValue {
    /// The label drawn on the arrow.
    Label(String),
    /// The share of customers moving along it, 0..=1.
    Rate(Option<f64>),
    /// The step it starts at.
    From(String),
    /// The step it points to.
    To(String),
    /// Whether it carries referrals (and no people); such a link ends at a tell step.
    Referral(bool),
}

impl LinkValue {
    /// A short name of the field, for undo labels and coalescing.
    pub const fn field(&self) -> &'static str {
        match self {
            Self::Label(_) => "label",
            Self::Rate(_) => "rate",
            Self::From(_) => "start",
            Self::To(_) => "end",
            Self::Referral(_) => "referrals",
        }
    }

    fn swap_into(self, link: &mut Link) -> Self {
        use std::mem::replace;
        match self {
            Self::Label(v) => Self::Label(replace(&mut link.label, v)),
            Self::Rate(v) => Self::Rate(replace(&mut link.rate, v)),
            Self::From(v) => Self::From(replace(&mut link.from, v)),
            Self::To(v) => Self::To(replace(&mut link.to, v)),
            Self::Referral(v) => Self::Referral(replace(&mut link.referral, v)),
        }
    }
}

/// A new value for one field of the marketing frame.
#[derive(Clone, Debug, PartialEq)]
pub enum FrameValue {
    /// The journey's title.
    Title(String),
    /// The core narrative.
    CoreNarrative(String),
    /// Who the audience is.
    AudienceDescription(String),
    /// How many they are.
    AudienceSize(Option<u64>),
    /// What makes the product unique for them.
    Uniqueness(String),
    /// The desires served.
    Desires(Desires),
    /// The external problem.
    External(String),
    /// The internal problem.
    Internal(String),
    /// The philosophical problem.
    Philosophical(String),
    /// The personas (ids unique; steps may refer only to personas of the list).
    Personas(Vec<Persona>),
    /// The order of the journey map's lanes.
    MapLanes(Vec<Lane>),
    /// The journey map's hidden lanes.
    HiddenLanes(Vec<Lane>),
    /// The scenarios, all at once (checked against the document's steps and links).
    Scenarios(Vec<Scenario>),
    /// The bookmarked views.
    Bookmarks(Vec<super::Bookmark>),
    /// The journey's money: price, unit cost, fixed costs, discount rate.
    Economics(super::Economics),
    /// The opportunities, all at once (checked against the document's steps and links).
    Opportunities(Vec<Opportunity>),
}

impl FrameValue {
    /// A short name of the field, for undo labels and coalescing.
    pub const fn field(&self) -> &'static str {
        match self {
            Self::Title(_) => "journey title",
            Self::CoreNarrative(_) => "core narrative",
            Self::AudienceDescription(_) => "audience",
            Self::AudienceSize(_) => "audience size",
            Self::Uniqueness(_) => "uniqueness",
            Self::Desires(_) => "desires",
            Self::External(_) => "external problem",
            Self::Internal(_) => "internal problem",
            Self::Philosophical(_) => "philosophical problem",
            Self::Personas(_) => "personas",
            Self::MapLanes(_) => "lane order",
            Self::HiddenLanes(_) => "hidden lanes",
            Self::Scenarios(_) => "scenarios",
            Self::Bookmarks(_) => "bookmarks",
            Self::Economics(_) => "economics",
            Self::Opportunities(_) => "opportunities",
        }
    }

    fn swap_into(self, doc: &mut Document) -> Result<Self, ModelError> {
        use std::mem::replace;
        Ok(match self {
            Self::Title(v) => Self::Title(replace(&mut doc.title, v)),
            Self::CoreNarrative(v) => Self::CoreNarrative(replace(&mut doc.core_narrative, v)),
            Self::AudienceDescription(v) => {
                Self::AudienceDescription(replace(&mut doc.audience.description, v))
            }
            Self::AudienceSize(v) => Self::AudienceSize(replace(&mut doc.audience.size, v)),
            Self::Uniqueness(v) => Self::Uniqueness(replace(&mut doc.audience.uniqueness, v)),
            Self::Desires(v) => Self::Desires(replace(&mut doc.audience.desires, v)),
            Self::External(v) => Self::External(replace(&mut doc.problems.external, v)),
            Self::Internal(v) => Self::Internal(replace(&mut doc.problems.internal, v)),
            Self::Philosophical(v) => {
                Self::Philosophical(replace(&mut doc.problems.philosophical, v))
            }
            Self::Personas(v) => Self::Personas(doc.swap_personas(v)?),
            // The map's layout is cached by revision: a lane change must give a new one.
            Self::MapLanes(v) => {
                check_lanes(&v)?;
                doc.touch();
                Self::MapLanes(replace(&mut doc.view.lanes, v))
            }
            Self::HiddenLanes(v) => {
                check_lanes(&v)?;
                doc.touch();
                Self::HiddenLanes(replace(&mut doc.view.hidden_lanes, v))
            }
            Self::Scenarios(v) => Self::Scenarios(replace(&mut doc.scenarios, v)),
            Self::Bookmarks(v) => Self::Bookmarks(replace(&mut doc.view.bookmarks, v)),
            Self::Economics(v) => {
                check_economics(&v)?;
                Self::Economics(replace(&mut doc.economics, v))
            }
            Self::Opportunities(v) => Self::Opportunities(replace(&mut doc.opportunities, v)),
        })
    }
}

/// Refuses a step value the model's rules refuse: a point off the plane, personas the journey
/// lacks, a stage a referral link may not end at, numbers out of range.
fn check_step_value(doc: &Document, id: &str, value: &StepValue) -> Result<(), ModelError> {
    match value {
        StepValue::Position(p) => check_point(*p)?,
        StepValue::Personas(_) | StepValue::PersonaEmotions(_) => {
            let mut step = doc.step(id).ok_or_else(|| not_found("step", id))?.clone();
            let _ = value.clone().swap_into(&mut step);
            doc.check_step_personas(doc.step_position(id).unwrap_or_default(), &step)?;
        }
        StepValue::Stage(stage) => check_referrals_into(doc, id, *stage)?,
        StepValue::Wait(wait) => super::check_blueprint_numbers(wait.as_deref(), &[])?,
        StepValue::Metrics(metrics) => super::check_blueprint_numbers(None, metrics)?,
        StepValue::Reach(x) => super::check_step_numbers(*x, None, None)?,
        StepValue::Stay(x) => super::check_step_numbers(None, *x, None)?,
        StepValue::Referrals(x) => super::check_step_numbers(None, None, *x)?,
        StepValue::Money(money) => check_money(doc, id, money)?,
        StepValue::Events(events) => check_events(events)?,
        _ => {}
    }
    Ok(())
}

/// Refuses a step's events the file would refuse: a bad pattern, one listed twice.
fn check_events(events: &[String]) -> Result<(), ModelError> {
    for (i, pattern) in events.iter().enumerate() {
        if let Some(why) = super::event_pattern_problem(pattern) {
            return Err(ModelError::OutOfRange(format!("{pattern:?}: {why}")));
        }
        if events[..i].contains(pattern) {
            return Err(ModelError::OutOfRange(format!(
                "{pattern:?} is listed twice"
            )));
        }
    }
    Ok(())
}

/// Refuses a step's money the file would refuse (the rule of `validate`).
fn check_money(doc: &Document, id: &str, money: &super::StepMoney) -> Result<(), ModelError> {
    let index = doc.step_position(id).unwrap_or_default();
    ModelError::refuse(validate::money_rule(
        &format!("steps[{index}]"),
        money,
        money,
    ))
}

/// Refuses economics the file would refuse: a negative amount, a discount rate outside
/// 0 ≤ d < 1.
fn check_economics(e: &super::Economics) -> Result<(), ModelError> {
    use super::{DISCOUNT_RANGE, MONEY_RANGE, is_discount, is_money};
    let fields = [
        ("price", e.price, MONEY_RANGE, is_money as fn(f64) -> bool),
        ("unit_cost", e.unit_cost, MONEY_RANGE, is_money),
        ("fixed_costs", e.fixed_costs, MONEY_RANGE, is_money),
        (
            "discount_rate",
            e.discount_rate,
            DISCOUNT_RANGE,
            is_discount,
        ),
    ];
    for (key, value, range, ok) in fields {
        if let Some(x) = value.filter(|x| !ok(*x)) {
            return Err(ModelError::OutOfRange(format!(
                "economics.{key}: expected {range}, found {x}"
            )));
        }
    }
    Ok(())
}

/// Refuses a lane list naming a lane twice.
fn check_lanes(lanes: &[Lane]) -> Result<(), ModelError> {
    if lanes
        .iter()
        .enumerate()
        .any(|(i, l)| lanes[..i].contains(l))
    {
        return Err(ModelError::OutOfRange(
            "a lane may be listed only once".into(),
        ));
    }
    Ok(())
}

/// One change to a document. [`Edit::apply`] performs it and returns the edit that undoes it.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an edit does nothing until it is applied"]
pub enum Edit {
    /// Inserts steps and links; each index is the item's position once all are inserted.
    Insert {
        /// Steps with their final indices, ascending.
        steps: Vec<(usize, Step)>,
        /// Links with their final indices, ascending.
        links: Vec<(usize, Link)>,
    },
    /// Removes steps (with every link attached to them) and links.
    Remove {
        /// Ids of the steps to remove.
        steps: Vec<String>,
        /// Ids of further links to remove.
        links: Vec<String>,
    },
    /// Puts steps at new positions.
    Move(Vec<(String, Point)>),
    /// Sets one field of a step.
    SetStep {
        /// The step's id.
        id: String,
        /// The new value.
        value: StepValue,
    },
    /// Sets one field of a link.
    SetLink {
        /// The link's id.
        id: String,
        /// The new value.
        value: LinkValue,
    },
    /// Sets one field of the marketing frame.
    SetFrame(FrameValue),
    /// Moves a step to another place in the list of steps (the map shows a stage's steps in
    /// list order).
    Reorder {
        /// The step's id.
        id: String,
        /// Its index once moved.
        index: usize,
    },
    /// Several edits applied in order as one.
    Batch {
        /// What the whole change is called ("Change stage of 3 steps").
        label: String,
        /// The edits, applied first to last.
        edits: Vec<Edit>,
    },
    /// Puts another journey in the place of the whole document (another version merged in);
    /// the inverse puts the old one back. The journey is valid already: it is a document.
    Replace {
        /// What the change is called ("Merge the changes on disk").
        label: String,
        /// The journey that takes the document's place.
        document: Box<Document>,
    },
}

impl Edit {
    /// Adds steps and links after the existing ones.
    pub fn add(doc: &Document, steps: Vec<Step>, links: Vec<Link>) -> Self {
        let (ns, nl) = (doc.steps().len(), doc.links().len());
        Self::Insert {
            steps: steps
                .into_iter()
                .enumerate()
                .map(|(i, s)| (ns + i, s))
                .collect(),
            links: links
                .into_iter()
                .enumerate()
                .map(|(i, l)| (nl + i, l))
                .collect(),
        }
    }

    /// Removes the given steps (and their links).
    pub fn remove_steps(ids: Vec<String>) -> Self {
        Self::Remove {
            steps: ids,
            links: Vec::new(),
        }
    }

    /// Whether applying the edit would change nothing at all (an empty batch, a move of no
    /// steps); such edits are not worth an undo step.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Insert { steps, links } => steps.is_empty() && links.is_empty(),
            Self::Remove { steps, links } => steps.is_empty() && links.is_empty(),
            Self::Move(moves) => moves.is_empty(),
            Self::Batch { edits, .. } => edits.iter().all(Self::is_empty),
            Self::SetStep { .. }
            | Self::SetLink { .. }
            | Self::SetFrame(_)
            | Self::Reorder { .. }
            | Self::Replace { .. } => false,
        }
    }

    /// What the edit is called in menus ("Move 3 steps").
    pub fn label(&self) -> String {
        match self {
            Self::Insert { steps, links } if steps.is_empty() => {
                counted("Add", links.len(), "link")
            }
            Self::Insert { steps, .. } => counted("Add", steps.len(), "step"),
            Self::Remove { steps, links } if steps.is_empty() => {
                counted("Delete", links.len(), "link")
            }
            Self::Remove { steps, .. } => counted("Delete", steps.len(), "step"),
            Self::Move(moves) => counted("Move", moves.len(), "step"),
            Self::SetStep {
                value: StepValue::Title(_),
                ..
            } => "Rename step".to_owned(),
            Self::SetStep {
                value: StepValue::Position(_),
                ..
            } => "Move step".to_owned(),
            Self::SetStep { value, .. } => format!("Edit {}", value.field()),
            Self::SetLink { value, .. } => format!("Edit link {}", value.field()),
            Self::SetFrame(value) => format!("Edit {}", value.field()),
            Self::Reorder { .. } => "Reorder step".to_owned(),
            Self::Batch { label, .. } | Self::Replace { label, .. } => label.clone(),
        }
    }

    /// A key shared by successive edits of the same field, which history may merge into one
    /// undo step (a burst of typing); `None` for edits that always stand alone.
    pub fn merge_key(&self) -> Option<String> {
        match self {
            Self::SetStep { id, value } => Some(format!("step\u{1f}{id}\u{1f}{}", value.field())),
            Self::SetLink { id, value } => Some(format!("link\u{1f}{id}\u{1f}{}", value.field())),
            Self::SetFrame(value) => Some(format!("frame\u{1f}{}", value.field())),
            _ => None,
        }
    }

    /// Applies the edit and returns its inverse. On error the document is unchanged.
    pub fn apply(self, doc: &mut Document) -> Result<Self, ModelError> {
        match self {
            Self::Insert { steps, links } => insert(doc, steps, links),
            Self::Remove { steps, links } => remove(doc, &steps, &links),
            Self::Move(moves) => {
                for (id, pos) in &moves {
                    check_point(*pos)?;
                    if !doc.has_step(id) {
                        return Err(not_found("step", id));
                    }
                }
                let inverse = moves
                    .into_iter()
                    .map(|(id, pos)| {
                        let step = doc
                            .step_mut(&id)
                            .map(|s| std::mem::replace(&mut s.position, pos));
                        (id, step.unwrap_or(pos))
                    })
                    .collect();
                doc.touch_geometry();
                Ok(Self::Move(inverse))
            }
            Self::SetStep { id, value } => {
                check_step_value(doc, &id, &value)?;
                let moves = matches!(value, StepValue::Position(_));
                let step = doc.step_mut(&id).ok_or_else(|| not_found("step", &id))?;
                let old = value.swap_into(step);
                if moves {
                    doc.touch_geometry();
                }
                Ok(Self::SetStep { id, value: old })
            }
            Self::SetLink { id, value } => {
                check_link_value(doc, &id, &value)?;
                let rejoins = matches!(value, LinkValue::From(_) | LinkValue::To(_));
                let link = doc.link_mut(&id).ok_or_else(|| not_found("link", &id))?;
                let old = value.swap_into(link);
                if rejoins {
                    doc.touch_geometry();
                }
                Ok(Self::SetLink { id, value: old })
            }
            Self::Reorder { id, index } => {
                let from = doc
                    .step_position(&id)
                    .ok_or_else(|| not_found("step", &id))?;
                if index >= doc.steps().len() {
                    return Err(ModelError::OutOfRange(format!(
                        "a step cannot move to place {index} of {}",
                        doc.steps().len()
                    )));
                }
                let steps = doc.steps_mut();
                let step = steps.remove(from);
                steps.insert(index, step);
                doc.reindex();
                Ok(Self::Reorder { id, index: from })
            }
            Self::SetFrame(value) => set_frame(doc, value),
            Self::Replace { label, document } => {
                let old = std::mem::replace(doc, *document);
                doc.touch_geometry();
                Ok(Self::Replace {
                    label,
                    document: Box::new(old),
                })
            }
            Self::Batch { label, edits } => {
                let mut inverses: Vec<Self> = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(doc) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(err) => {
                            // Roll back what was applied so that a failed batch changes nothing.
                            for inverse in inverses.into_iter().rev() {
                                let _ = inverse.apply(doc);
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Ok(Self::Batch {
                    label,
                    edits: inverses,
                })
            }
        }
    }
}

/// Refuses a stage other than tell for a step that referral links end at (the rule of
/// `validate`).
fn check_referrals_into(doc: &Document, id: &str, stage: Stage) -> Result<(), ModelError> {
    if stage == Stage::Tell {
        return Ok(());
    }
    let into = doc
        .links()
        .iter()
        .enumerate()
        .find(|(_, l)| l.referral && l.to == id);
    let Some((index, link)) = into else {
        return Ok(());
    };
    ModelError::refuse(validate::referral_rule(index, link, Some(stage)))
}

/// Refuses a rate outside 0..=1, an end that is not a step, and a referral link that would
/// not end at a tell step (the rules of `validate`).
fn check_link_value(doc: &Document, id: &str, value: &LinkValue) -> Result<(), ModelError> {
    let index = doc.link_position(id).unwrap_or_default();
    let referral_to = |link: &Link| {
        let stage = doc.step(&link.to).map(|s| s.stage);
        ModelError::refuse(validate::referral_rule(index, link, stage))
    };
    if let (LinkValue::To(step), Some(link)) = (value, doc.link(id))
        && link.referral
    {
        referral_to(&Link {
            to: step.clone(),
            ..link.clone()
        })?;
    }
    match value {
        LinkValue::Referral(true) => doc.link(id).map_or(Ok(()), |link| {
            referral_to(&Link {
                referral: true,
                ..link.clone()
            })
        }),
        LinkValue::Rate(Some(rate)) if !(0.0..=1.0).contains(rate) => Err(ModelError::OutOfRange(
            format!("a link's rate must be between 0 and 1, not {rate}"),
        )),
        LinkValue::From(step) | LinkValue::To(step) => {
            let key = if matches!(value, LinkValue::From(_)) {
                "from"
            } else {
                "to"
            };
            ModelError::refuse(validate::link_end_rule(
                index,
                key,
                step,
                doc.has_step(step),
            ))
        }
        _ => Ok(()),
    }
}

fn set_frame(doc: &mut Document, value: FrameValue) -> Result<Edit, ModelError> {
    match &value {
        FrameValue::Scenarios(scenarios) => super::scenario::check_scenarios(doc, scenarios)?,
        FrameValue::Opportunities(opportunities) => {
            super::opportunity::check_opportunities(doc, opportunities)?;
        }
        _ => {}
    }
    // The frame's numbers (audience size, scenarios) feed the simulation, which is cached by
    // revision.
    doc.touch();
    Ok(Edit::SetFrame(value.swap_into(doc)?))
}

fn counted(verb: &str, n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{verb} {noun}")
    } else {
        format!("{verb} {}", super::plural(n, noun))
    }
}

fn not_found(kind: &'static str, id: &str) -> ModelError {
    ModelError::NotFound {
        kind,
        id: id.to_owned(),
    }
}

fn check_point(p: Point) -> Result<(), ModelError> {
    if p.iter().all(|c| c.is_finite()) {
        Ok(())
    } else {
        Err(ModelError::OutOfRange(format!(
            "a position must be finite, not {p:?}"
        )))
    }
}

fn check_indices<T>(items: &[(usize, T)], final_len: usize) -> Result<(), ModelError> {
    let ascending = items.windows(2).all(|w| w[0].0 < w[1].0);
    let in_range = items.last().is_none_or(|(i, _)| *i < final_len);
    if ascending && in_range {
        Ok(())
    } else {
        Err(ModelError::OutOfRange(
            "insert positions must ascend and lie within the list".into(),
        ))
    }
}

fn insert(
    doc: &mut Document,
    steps: Vec<(usize, Step)>,
    links: Vec<(usize, Link)>,
) -> Result<Edit, ModelError> {
    check_indices(&steps, doc.steps().len() + steps.len())?;
    check_indices(&links, doc.links().len() + links.len())?;
    // The id rules of `validate`, against the document's items and the new ones before.
    let mut new_steps = std::collections::HashMap::new();
    let mut new_stages = std::collections::HashMap::new();
    for (index, step) in &steps {
        let first = doc
            .step_position(&step.id)
            .or_else(|| new_steps.get(step.id.as_str()).copied());
        ModelError::refuse(validate::id_rule("steps", *index, &step.id, first))?;
        check_point(step.position)?;
        doc.check_step_personas(*index, step)?;
        super::check_step_numbers(step.reach, step.stay, step.referrals)?;
        ModelError::refuse(validate::money_rule(
            &format!("steps[{index}]"),
            &step.money,
            &step.money,
        ))?;
        super::check_blueprint_numbers(step.wait.as_deref(), &step.metrics)?;
        new_steps.insert(step.id.as_str(), *index);
        new_stages.insert(step.id.as_str(), step.stage);
    }
    let mut new_links = std::collections::HashMap::new();
    for (index, link) in &links {
        let first = doc
            .link_position(&link.id)
            .or_else(|| new_links.get(link.id.as_str()).copied());
        ModelError::refuse(validate::id_rule("links", *index, &link.id, first))?;
        new_links.insert(link.id.as_str(), *index);
        for (end, key) in [(&link.from, "from"), (&link.to, "to")] {
            let exists = doc.has_step(end) || new_steps.contains_key(end.as_str());
            ModelError::refuse(validate::link_end_rule(*index, key, end, exists))?;
        }
        let to = new_stages
            .get(link.to.as_str())
            .copied()
            .or_else(|| doc.step(&link.to).map(|s| s.stage));
        ModelError::refuse(validate::referral_rule(*index, link, to))?;
        if let Some(rate) = link.rate
            && !(0.0..=1.0).contains(&rate)
        {
            return Err(ModelError::OutOfRange(format!(
                "a link's rate must be between 0 and 1, not {rate}"
            )));
        }
    }
    let inverse = Edit::Remove {
        steps: steps.iter().map(|(_, s)| s.id.clone()).collect(),
        links: links.iter().map(|(_, l)| l.id.clone()).collect(),
    };
    merge_in(
        doc.steps_mut(),
        steps.into_iter().map(|(i, s)| (i, Arc::new(s))).collect(),
    );
    merge_in(
        doc.links_mut(),
        links.into_iter().map(|(i, l)| (i, Arc::new(l))).collect(),
    );
    doc.reindex();
    Ok(inverse)
}

/// Inserts items at their final indices (ascending, checked) in one pass.
fn merge_in<T>(list: &mut Vec<T>, items: Vec<(usize, T)>) {
    if items.is_empty() {
        return;
    }
    let old = std::mem::take(list);
    list.reserve(old.len() + items.len());
    let mut old = old.into_iter();
    let mut items = items.into_iter().peekable();
    loop {
        if items.peek().is_some_and(|(i, _)| *i == list.len()) {
            if let Some((_, item)) = items.next() {
                list.push(item);
            }
        } else if let Some(item) = old.next() {
            list.push(item);
        } else if let Some((_, item)) = items.next() {
            // Unreachable for checked indices; keep the item rather than lose it.
            list.push(item);
        } else {
            break;
        }
    }
}

fn remove(
    doc: &mut Document,
    step_ids: &[String],
    link_ids: &[String],
) -> Result<Edit, ModelError> {
    let mut drop_step = vec![false; doc.steps().len()];
    for id in step_ids {
        let i = doc.step_position(id).ok_or_else(|| not_found("step", id))?;
        drop_step[i] = true;
    }
    let mut drop_link = vec![false; doc.links().len()];
    for id in link_ids {
        let i = doc.link_position(id).ok_or_else(|| not_found("link", id))?;
        drop_link[i] = true;
    }
    for (i, link) in doc.links().iter().enumerate() {
        let attached = [&link.from, &link.to]
            .into_iter()
            .any(|end| doc.step_position(end).is_some_and(|s| drop_step[s]));
        drop_link[i] |= attached;
    }
    // Overrides of what goes stay in the scenarios no longer; undo puts them back.
    let removed_steps: std::collections::HashSet<String> = doc
        .steps()
        .iter()
        .zip(&drop_step)
        .filter(|(_, drop)| **drop)
        .map(|(s, _)| s.id.clone())
        .collect();
    let removed_links: std::collections::HashSet<String> = doc
        .links()
        .iter()
        .zip(&drop_link)
        .filter(|(_, drop)| **drop)
        .map(|(l, _)| l.id.clone())
        .collect();
    let old_scenarios = doc.prune_scenarios(&|id| removed_steps.contains(id), &|id| {
        removed_links.contains(id)
    });
    let old_opportunities = doc.prune_opportunities(&|id| removed_steps.contains(id), &|id| {
        removed_links.contains(id)
    });
    let steps = split_off(doc.steps_mut(), &drop_step)
        .into_iter()
        .map(|(i, s)| (i, Arc::unwrap_or_clone(s)))
        .collect();
    let links = split_off(doc.links_mut(), &drop_link)
        .into_iter()
        .map(|(i, l)| (i, Arc::unwrap_or_clone(l)))
        .collect();
    doc.reindex();
    let insert = Edit::Insert { steps, links };
    let restore: Vec<Edit> = [
        old_scenarios.map(FrameValue::Scenarios),
        old_opportunities.map(FrameValue::Opportunities),
    ]
    .into_iter()
    .flatten()
    .map(Edit::SetFrame)
    .collect();
    Ok(if restore.is_empty() {
        insert
    } else {
        Edit::Batch {
            label: insert.label(),
            edits: std::iter::once(insert).chain(restore).collect(),
        }
    })
}

/// Takes the flagged items out of `list`, returning them with their former indices.
fn split_off<T>(list: &mut Vec<T>, flags: &[bool]) -> Vec<(usize, T)> {
    let mut taken = Vec::new();
    let mut kept = Vec::with_capacity(list.len());
    for (i, item) in std::mem::take(list).into_iter().enumerate() {
        if flags[i] {
            taken.push((i, item));
        } else {
            kept.push(item);
        }
    }
    *list = kept;
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Desire;

    fn sample() -> Document {
        let mut doc = Document::new("Sample");
        let steps = vec![
            Step::new("a", Stage::Tell, "A", [0.0, 0.0]),
            Step::new("b", Stage::Buy, "B", [100.0, 0.0]),
            Step::new("c", Stage::Care, "C", [0.0, 100.0]),
        ];
        let links = vec![
            Link::new("ab", "a", "b"),
            Link::new("bc", "b", "c"),
            Link::new("ca", "c", "a"),
        ];
        doc.set_steps_and_links(steps, links).unwrap();
        doc
    }

    /// Applies `edit`, checks the document changed, applies the inverse, checks it is restored,
    /// and that redoing gives the same changed document again.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "reads better at the many call sites"
    )]
    fn round_trip(edit: Edit) -> Document {
        round_trip_from(&sample(), &edit)
    }

    #[test]
    fn insert_steps_and_links() {
        let base = sample();
        let doc = round_trip(Edit::add(
            &base,
            vec![Step::new("d", Stage::Delight, "D", [5.0, 5.0])],
            vec![Link::new("cd", "c", "d")],
        ));
        assert_eq!(doc.steps().len(), 4);
        assert_eq!(doc.link("cd").map(|l| l.to.as_str()), Some("d"));
        // Inserting in the middle keeps its index.
        let doc = round_trip(Edit::Insert {
            steps: vec![(0, Step::new("z", Stage::Tell, "Z", [0.0, 0.0]))],
            links: vec![],
        });
        assert_eq!(doc.steps()[0].id, "z");
        assert_eq!(doc.step_position("a"), Some(1));
    }

    #[test]
    fn remove_step_takes_its_links_and_undo_restores_order() {
        let doc = round_trip(Edit::remove_steps(vec!["b".into()]));
        assert!(doc.step("b").is_none());
        assert_eq!(
            doc.links()
                .iter()
                .map(|l| l.id.as_str())
                .collect::<Vec<_>>(),
            ["ca"]
        );
    }

    #[test]
    fn remove_links_only() {
        let doc = round_trip(Edit::Remove {
            steps: vec![],
            links: vec!["bc".into()],
        });
        assert_eq!(doc.links().len(), 2);
        assert_eq!(doc.steps().len(), 3);
    }

    #[test]
    fn move_steps() {
        let doc = round_trip(Edit::Move(vec![
            ("a".into(), [7.0, 8.0]),
            ("c".into(), [-1.0, 2.5]),
        ]));
        assert_eq!(doc.step("a").unwrap().position, [7.0, 8.0]);
        assert_eq!(doc.step("c").unwrap().position, [-1.0, 2.5]);
    }

    /// A value to set, and how the thing it is set on must change: that field, nothing else.
    type Case<Value, Thing> = (Value, fn(&mut Thing));

    #[test]
    fn set_every_step_field() {
        // Each value, and the step as it must be afterwards: that field changed, nothing else.
        let cases: [Case<StepValue, Step>; 13] = [
            (StepValue::Title("New".into()), |s| s.title = "New".into()),
            (StepValue::Stage(Stage::WordOfMouth), |s| {
                s.stage = Stage::WordOfMouth;
            }),
            (StepValue::Notes("n".into()), |s| s.notes = "n".into()),
            (StepValue::Emotion(Emotion::new(-2).unwrap()), |s| {
                s.emotion = Emotion::new(-2).unwrap();
            }),
            (StepValue::Channels(vec!["email".into()]), |s| {
                s.channels = vec!["email".into()];
            }),
            (StepValue::Touchpoints(vec!["checkout".into()]), |s| {
                s.touchpoints = vec!["checkout".into()];
            }),
            (StepValue::PainPoints(vec!["slow".into()]), |s| {
                s.pain_points = vec!["slow".into()];
            }),
            (StepValue::Opportunities(vec!["faster".into()]), |s| {
                s.opportunities = vec!["faster".into()];
            }),
            (StepValue::Position([3.0, 4.0]), |s| s.position = [3.0, 4.0]),
            (StepValue::Reach(Some(250.0)), |s| s.reach = Some(250.0)),
            (
                StepValue::Events(vec!["paid".into(), "checkout_*".into()]),
                |s| {
                    s.events = vec!["paid".into(), "checkout_*".into()].into();
                },
            ),
            (StepValue::Stay(Some(0.4)), |s| s.stay = Some(0.4)),
            (StepValue::Referrals(Some(0.12)), |s| {
                s.referrals = Some(0.12);
            }),
        ];
        for (value, expect) in cases {
            let described = format!("{value:?}");
            let doc = round_trip(Edit::SetStep {
                id: "b".into(),
                value,
            });
            let mut expected = Step::clone(sample().step("b").unwrap());
            expect(&mut expected);
            assert_eq!(doc.step("b"), Some(&expected), "{described}");
            assert_eq!(doc.step("a"), sample().step("a"), "{described}");
        }
    }

    #[test]
    fn set_every_link_field() {
        let cases: [Case<LinkValue, Link>; 4] = [
            (LinkValue::Label("refers".into()), |l| {
                l.label = "refers".into();
            }),
            (LinkValue::Rate(Some(0.25)), |l| l.rate = Some(0.25)),
            (LinkValue::From("c".into()), |l| l.from = "c".into()),
            (LinkValue::To("a".into()), |l| l.to = "a".into()),
        ];
        for (value, expect) in cases {
            let described = format!("{value:?}");
            let doc = round_trip(Edit::SetLink {
                id: "ab".into(),
                value,
            });
            let mut expected = Link::clone(sample().link("ab").unwrap());
            expect(&mut expected);
            assert_eq!(doc.link("ab"), Some(&expected), "{described}");
            assert_eq!(doc.link("bc"), sample().link("bc"), "{described}");
        }
    }

    #[test]
    fn set_every_frame_field() {
        let bookmark = || crate::model::Bookmark::new("Start", [10.0, -20.0], 0.5);
        let cases: [Case<FrameValue, Document>; 13] = [
            (FrameValue::Title("T".into()), |d| d.title = "T".into()),
            (FrameValue::CoreNarrative("better world".into()), |d| {
                d.core_narrative = "better world".into();
            }),
            (FrameValue::AudienceDescription("founders".into()), |d| {
                d.audience.description = "founders".into();
            }),
            (FrameValue::AudienceSize(Some(10_000)), |d| {
                d.audience.size = Some(10_000);
            }),
            (FrameValue::Uniqueness("only one".into()), |d| {
                d.audience.uniqueness = "only one".into();
            }),
            (
                FrameValue::Desires(Desires::NONE.with(Desire::Wealthier, true)),
                |d| d.audience.desires = Desires::NONE.with(Desire::Wealthier, true),
            ),
            (FrameValue::External("need".into()), |d| {
                d.problems.external = "need".into();
            }),
            (FrameValue::Internal("fear".into()), |d| {
                d.problems.internal = "fear".into();
            }),
            (FrameValue::Philosophical("bigger".into()), |d| {
                d.problems.philosophical = "bigger".into();
            }),
            (FrameValue::Scenarios(vec![crisis()]), |d| {
                d.set_scenarios(vec![crisis()]).unwrap();
            }),
            (FrameValue::Bookmarks(vec![bookmark()]), |d| {
                d.view.bookmarks = vec![crate::model::Bookmark::new("Start", [10.0, -20.0], 0.5)];
            }),
            (
                FrameValue::MapLanes(vec![Lane::Channels, Lane::Steps]),
                |d| {
                    d.view.lanes = vec![Lane::Channels, Lane::Steps];
                },
            ),
            (FrameValue::HiddenLanes(vec![Lane::Emotion]), |d| {
                d.view.hidden_lanes = vec![Lane::Emotion];
            }),
        ];
        for (value, expect) in cases {
            let described = format!("{value:?}");
            let doc = round_trip(Edit::SetFrame(value));
            let mut expected = sample();
            expect(&mut expected);
            assert_eq!(doc, expected, "{described}");
        }
    }

    /// A scenario overriding step "b" and link "bc" of the sample.
    fn crisis() -> Scenario {
        use crate::model::{LinkOverride, StepOverride};
        Scenario {
            steps: vec![(
                "b".into(),
                StepOverride {
                    reach: Some(0.0),
                    ..StepOverride::default()
                },
            )],
            links: vec![(
                "bc".into(),
                LinkOverride {
                    rate: Some(0.1),
                    ..LinkOverride::default()
                },
            )],
            ..Scenario::new("crisis")
        }
    }

    #[test]
    fn unsetting_a_number_is_undone_too() {
        let mut doc = sample();
        let _ = Edit::SetStep {
            id: "a".into(),
            value: StepValue::Stay(Some(0.5)),
        }
        .apply(&mut doc)
        .unwrap();
        let with_stay = doc.clone();
        let undo = Edit::SetStep {
            id: "a".into(),
            value: StepValue::Stay(None),
        }
        .apply(&mut doc)
        .unwrap();
        assert_eq!(doc.step("a").unwrap().stay, None);
        let _ = undo.apply(&mut doc).unwrap();
        assert_eq!(doc, with_stay);
    }

    #[test]
    fn removing_a_step_or_link_takes_its_overrides_and_undo_restores_them() {
        let mut doc = sample();
        let _ = Edit::SetFrame(FrameValue::Scenarios(vec![crisis()]))
            .apply(&mut doc)
            .unwrap();
        let before = doc.clone();
        // Removing "c" removes link "bc", overridden by the scenario.
        let undo = Edit::remove_steps(vec!["c".into()])
            .apply(&mut doc)
            .unwrap();
        assert_eq!(doc.scenarios()[0].links, []);
        assert_eq!(doc.scenarios()[0].steps.len(), 1);
        let redo = undo.apply(&mut doc).unwrap();
        assert_eq!(doc, before);
        let _ = redo.apply(&mut doc).unwrap();
        assert!(doc.scenarios()[0].links.is_empty());
        // The saved journey stays valid: every id a scenario names exists.
        assert!(crate::model::scenario::check_scenarios(&doc, doc.scenarios()).is_ok());
    }

    #[test]
    fn frame_edits_change_the_revision() {
        let mut doc = sample();
        let revision = doc.revision();
        let _ = Edit::SetFrame(FrameValue::AudienceSize(Some(5)))
            .apply(&mut doc)
            .unwrap();
        assert_ne!(doc.revision(), revision);
    }

    #[test]
    fn batch_inverts_in_reverse_order() {
        let doc = round_trip(Edit::Batch {
            label: "Change stage of 2 steps".into(),
            edits: vec![
                Edit::SetStep {
                    id: "a".into(),
                    value: StepValue::Stage(Stage::Care),
                },
                Edit::SetStep {
                    id: "b".into(),
                    value: StepValue::Stage(Stage::Care),
                },
                Edit::remove_steps(vec!["a".into()]),
            ],
        });
        assert_eq!(doc.step("b").unwrap().stage, Stage::Care);
        assert!(doc.step("a").is_none());
    }

    #[test]
    fn an_empty_id_is_reported_at_its_place() {
        let doc = sample();
        let edit = Edit::add(
            &doc,
            vec![
                Step::new("fresh", Stage::Tell, "", [0.0, 0.0]),
                Step::new("", Stage::Tell, "", [0.0, 0.0]),
            ],
            vec![],
        );
        let n = doc.steps().len();
        let empty = |path: String| {
            Err(ModelError::Invalid(crate::model::Problem {
                path,
                kind: crate::model::ProblemKind::EmptyId,
            }))
        };
        assert_eq!(
            edit.apply(&mut doc.clone()),
            empty(format!("steps[{}].id", n + 1))
        );
        let edit = Edit::add(&doc, vec![], vec![Link::new("", "a", "b")]);
        assert_eq!(
            edit.apply(&mut doc.clone()),
            empty(format!("links[{}].id", doc.links().len()))
        );
    }

    #[test]
    fn invalid_edits_are_refused_and_change_nothing() {
        let original = sample();
        let bad = [
            Edit::add(
                &original,
                vec![Step::new("a", Stage::Tell, "dup", [0.0, 0.0])],
                vec![],
            ),
            Edit::add(&original, vec![], vec![Link::new("x", "a", "nowhere")]),
            Edit::add(&original, vec![], vec![Link::new("ab", "a", "b")]),
            Edit::add(
                &original,
                vec![Step::new("", Stage::Tell, "", [0.0, 0.0])],
                vec![],
            ),
            Edit::Move(vec![("a".into(), [f64::NAN, 0.0])]),
            Edit::Move(vec![("a".into(), [1.0, 1.0]), ("nope".into(), [0.0, 0.0])]),
            Edit::SetLink {
                id: "ab".into(),
                value: LinkValue::Rate(Some(1.5)),
            },
            Edit::SetLink {
                id: "ab".into(),
                value: LinkValue::To("nope".into()),
            },
            Edit::remove_steps(vec!["nope".into()]),
            Edit::SetStep {
                id: "a".into(),
                value: StepValue::Stay(Some(1.5)),
            },
            Edit::SetStep {
                id: "a".into(),
                value: StepValue::Reach(Some(-1.0)),
            },
            Edit::SetStep {
                id: "a".into(),
                value: StepValue::Referrals(Some(f64::INFINITY)),
            },
            Edit::SetStep {
                id: "a".into(),
                value: StepValue::Events(vec!["checkout_**".into()]),
            },
            Edit::SetStep {
                id: "a".into(),
                value: StepValue::Events(vec!["paid".into(), "paid".into()]),
            },
            Edit::SetFrame(FrameValue::Scenarios(vec![Scenario {
                links: vec![("nope".into(), crate::model::LinkOverride::default())],
                ..Scenario::new("x")
            }])),
            Edit::Insert {
                steps: vec![(9, Step::new("q", Stage::Tell, "", [0.0, 0.0]))],
                links: vec![],
            },
            Edit::Batch {
                label: "half".into(),
                edits: vec![
                    Edit::SetStep {
                        id: "a".into(),
                        value: StepValue::Title("changed".into()),
                    },
                    Edit::SetStep {
                        id: "nope".into(),
                        value: StepValue::Title("x".into()),
                    },
                ],
            },
        ];
        for edit in bad {
            let mut doc = original.clone();
            assert!(
                edit.clone().apply(&mut doc).is_err(),
                "{edit:?} was accepted"
            );
            assert_eq!(doc, original, "{edit:?} changed the document");
        }
    }

    #[test]
    fn only_moves_and_structure_change_the_geometry_revision() {
        let mut doc = sample();
        let geometry = doc.geometry_revision();
        let revision = doc.revision();
        let _ = Edit::SetStep {
            id: "a".into(),
            value: StepValue::Title("x".into()),
        }
        .apply(&mut doc)
        .unwrap();
        let _ = Edit::SetLink {
            id: "ab".into(),
            value: LinkValue::Label("x".into()),
        }
        .apply(&mut doc)
        .unwrap();
        assert_ne!(doc.revision(), revision);
        assert_eq!(
            doc.geometry_revision(),
            geometry,
            "text edits keep the geometry"
        );
        for edit in [
            Edit::Move(vec![("a".into(), [1.0, 2.0])]),
            Edit::SetStep {
                id: "b".into(),
                value: StepValue::Position([3.0, 4.0]),
            },
            Edit::SetLink {
                id: "ab".into(),
                value: LinkValue::To("c".into()),
            },
            Edit::remove_steps(vec!["c".into()]),
        ] {
            let before = doc.geometry_revision();
            let _ = edit.clone().apply(&mut doc).unwrap();
            assert_ne!(
                doc.geometry_revision(),
                before,
                "{edit:?} changes the geometry"
            );
        }
    }

    #[test]
    fn empty_edits_are_recognised() {
        assert!(Edit::Move(vec![]).is_empty());
        assert!(
            Edit::Batch {
                label: "x".into(),
                edits: vec![Edit::remove_steps(vec![])]
            }
            .is_empty()
        );
        assert!(!Edit::Move(vec![("a".into(), [0.0, 0.0])]).is_empty());
        assert!(!Edit::SetFrame(FrameValue::Title(String::new())).is_empty());
    }

    #[test]
    fn labels_name_the_action() {
        let doc = sample();
        assert_eq!(
            Edit::Move(vec![
                ("a".into(), [0.0; 2]),
                ("b".into(), [0.0; 2]),
                ("c".into(), [0.0; 2])
            ])
            .label(),
            "Move 3 steps"
        );
        assert_eq!(
            Edit::add(
                &doc,
                vec![Step::new("q", Stage::Tell, "", [0.0; 2])],
                vec![]
            )
            .label(),
            "Add step"
        );
        assert_eq!(
            Edit::remove_steps(vec!["a".into(), "b".into()]).label(),
            "Delete 2 steps"
        );
        assert_eq!(
            Edit::SetStep {
                id: "a".into(),
                value: StepValue::Title(String::new())
            }
            .label(),
            "Rename step"
        );
    }

    fn colour() -> crate::model::Colour {
        crate::model::Colour([0x2f, 0x6f, 0xde])
    }

    /// The sample with two personas; step "c" applies to "early" only and gives "family"
    /// its own emotion.
    fn with_personas() -> Document {
        let mut doc = sample();
        doc.set_personas(vec![
            Persona::new("early", "Early adopter", colour()),
            Persona::new("family", "Family", colour()),
        ])
        .unwrap();
        let step = |id: &str| Edit::SetStep {
            id: id.into(),
            value: StepValue::Personas(vec!["early".into()]),
        };
        let _ = step("c").apply(&mut doc).unwrap();
        let _ = Edit::SetStep {
            id: "c".into(),
            value: StepValue::PersonaEmotions(vec![("family".into(), Emotion::new(-2).unwrap())]),
        }
        .apply(&mut doc)
        .unwrap();
        doc
    }

    /// [`round_trip`] from another starting document.
    fn round_trip_from(original: &Document, edit: &Edit) -> Document {
        let mut doc = original.clone();
        let inverse = edit.clone().apply(&mut doc).unwrap();
        assert_ne!(&doc, original, "{edit:?} changed nothing");
        let changed = doc.clone();
        let redo = inverse.apply(&mut doc).unwrap();
        assert_eq!(
            &doc, original,
            "undo of {edit:?} did not restore the document"
        );
        let _ = redo.apply(&mut doc).unwrap();
        assert_eq!(doc, changed, "redo of {edit:?} differs");
        changed
    }

    #[test]
    fn persona_fields_of_steps_and_the_journey_undo() {
        let base = with_personas();
        for value in [
            StepValue::Personas(vec!["family".into(), "early".into()]),
            StepValue::Personas(vec![]),
            StepValue::PersonaEmotions(vec![
                ("early".into(), Emotion::new(1).unwrap()),
                ("family".into(), Emotion::new(0).unwrap()),
            ]),
        ] {
            round_trip_from(
                &base,
                &Edit::SetStep {
                    id: "c".into(),
                    value,
                },
            );
        }
        let mut renamed = base.personas().to_vec();
        renamed[1].name = "The family buying its second car".into();
        renamed[1].goals = vec!["room for three children".into()];
        renamed.swap(0, 1);
        let doc = round_trip_from(&base, &Edit::SetFrame(FrameValue::Personas(renamed)));
        assert_eq!(doc.personas()[0].id, "family");
        round_trip_from(
            &base,
            &Edit::SetFrame(FrameValue::MapLanes(vec![Lane::Emotion])),
        );
        round_trip_from(
            &base,
            &Edit::SetFrame(FrameValue::HiddenLanes(vec![Lane::Channels, Lane::Steps])),
        );
    }

    #[test]
    fn unknown_or_repeated_personas_are_refused() {
        let original = with_personas();
        let bad = [
            Edit::SetStep {
                id: "a".into(),
                value: StepValue::Personas(vec!["early".into(), "p9".into()]),
            },
            Edit::SetStep {
                id: "a".into(),
                value: StepValue::Personas(vec!["early".into(), "early".into()]),
            },
            Edit::SetStep {
                id: "a".into(),
                value: StepValue::PersonaEmotions(vec![("p9".into(), Emotion::default())]),
            },
            // "c" still names both personas.
            Edit::SetFrame(FrameValue::Personas(vec![Persona::new(
                "early",
                "E",
                colour(),
            )])),
            Edit::SetFrame(FrameValue::Personas(vec![
                Persona::new("early", "E", colour()),
                Persona::new("family", "F", colour()),
                Persona::new("early", "again", colour()),
            ])),
            Edit::SetFrame(FrameValue::Personas(vec![Persona::new("", "E", colour())])),
            Edit::SetFrame(FrameValue::HiddenLanes(vec![Lane::Steps, Lane::Steps])),
            Edit::add(
                &original,
                vec![{
                    let mut s = Step::new("new", Stage::Tell, "", [0.0, 0.0]);
                    s.personas = vec!["p9".into()];
                    s
                }],
                vec![],
            ),
        ];
        for edit in bad {
            let mut doc = original.clone();
            assert!(
                edit.clone().apply(&mut doc).is_err(),
                "{edit:?} was accepted"
            );
            assert_eq!(doc, original, "{edit:?} changed the document");
        }
        let mut doc = original.clone();
        assert_eq!(
            Edit::SetStep {
                id: "b".into(),
                value: StepValue::Personas(vec!["p9".into()]),
            }
            .apply(&mut doc)
            .unwrap_err()
            .to_string(),
            "steps[1].personas[0]: there is no persona with id \"p9\""
        );
    }

    #[test]
    fn removing_a_persona_takes_it_off_every_step_in_one_undo_step() {
        let base = with_personas();
        for (id, left) in [("early", "family"), ("family", "early")] {
            let edit = crate::model::builders::remove_persona(&base, id).unwrap();
            let doc = round_trip_from(&base, &edit);
            let ids: Vec<&str> = doc.personas().iter().map(|p| p.id.as_str()).collect();
            assert_eq!(ids, [left]);
            let c = doc.step("c").unwrap();
            assert!(!c.personas.iter().any(|p| p == id), "{c:?}");
            assert!(!c.persona_emotions.iter().any(|(p, _)| p == id), "{c:?}");
        }
        assert!(crate::model::builders::remove_persona(&base, "p9").is_none());
    }

    #[test]
    fn reorder_moves_a_step_and_undo_puts_it_back() {
        let order = |d: &Document| d.steps().iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        let doc = round_trip(Edit::Reorder {
            id: "a".into(),
            index: 2,
        });
        assert_eq!(order(&doc), ["b", "c", "a"]);
        assert_eq!(doc.step_position("a"), Some(2));
        assert_eq!(doc.step("a").map(|s| s.title.as_str()), Some("A"));
        let doc = round_trip(Edit::Reorder {
            id: "c".into(),
            index: 0,
        });
        assert_eq!(order(&doc), ["c", "a", "b"]);
        let mut doc = sample();
        assert!(
            Edit::Reorder {
                id: "a".into(),
                index: 3
            }
            .apply(&mut doc)
            .is_err()
        );
        assert!(
            Edit::Reorder {
                id: "x".into(),
                index: 0
            }
            .apply(&mut doc)
            .is_err()
        );
        assert_eq!(doc, sample());
    }

    #[test]
    fn persona_and_lane_edits_give_a_new_revision() {
        let mut doc = with_personas();
        for edit in [
            Edit::SetFrame(FrameValue::HiddenLanes(vec![Lane::Channels])),
            Edit::SetFrame(FrameValue::MapLanes(vec![Lane::Emotion])),
            Edit::SetFrame(FrameValue::Personas(doc.personas().to_vec())),
        ] {
            let before = doc.revision();
            let _ = edit.clone().apply(&mut doc).unwrap();
            assert_ne!(doc.revision(), before, "{edit:?}");
        }
    }
}
