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
mod tests;
