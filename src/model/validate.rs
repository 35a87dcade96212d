//! The rules a journey's ids and references keep, in one place: ids present and unique,
//! links joining existing steps (a referral link ending at a tell step), steps naming the
//! journey's personas once each, scenarios named once and overriding existing steps and links
//! with numbers in range (one of them at most the to-be journey's numbers; a budget with a cost
//! per reach; a last period not before the first), opportunities with unique ids, scores in
//! range, naming existing steps and changing existing steps and links.
//!
//! [`validate`] returns every [`Problem`] of a journey with the JSON path of its file where
//! it lies (`steps[3].id`, `links[0].to`, `scenarios[1].steps.care`), so the file reader
//! shows them to people as they are, and the [`Document`](super::Document) setters and
//! edits refuse what breaks a rule with the first of them.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt::{self, Write as _};

use super::opportunity::{EFFORT_MAX, VALUE_MAX};
use super::{
    Link, LinkOverride, Opportunity, Persona, REACH_RANGE, REFERRALS_RANGE, STAY_RANGE, Scenario,
    Stage, Step, StepMoney, StepOverride, is_count, is_share,
};

/// One broken rule, at the JSON path of the file where it lies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is: `steps[3].id`, `scenarios[1].steps.care`.
    pub path: String,
    /// Which rule is broken, and by what.
    pub kind: ProblemKind,
}

/// The rule a [`Problem`] breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// An id, or a scenario's name, is empty.
    EmptyId,
    /// A link's `from` or `to` is empty.
    EmptyEnd,
    /// An id is already the id of an earlier item of the same list.
    DuplicateId {
        /// The list: `steps`, `links` or `personas`.
        list: &'static str,
        /// The id.
        id: String,
        /// The index of the item that has it first.
        first: usize,
    },
    /// A scenario's name is already the name of an earlier scenario.
    DuplicateName {
        /// The name.
        name: String,
        /// The index of the scenario that has it first.
        first: usize,
    },
    /// A link's end names a step the journey does not have.
    NoSuchStep {
        /// The id named.
        id: String,
    },
    /// A referral link ends at a step that is not a tell step.
    ReferralNotToTell {
        /// The id of the step it ends at.
        id: String,
        /// That step's stage.
        stage: Stage,
    },
    /// A step names a persona the journey does not have.
    NoSuchPersona {
        /// The id named.
        id: String,
    },
    /// A step names a persona twice (in `personas`, or in `persona_emotions`).
    RepeatedPersona {
        /// The persona's id.
        id: String,
    },
    /// A scenario overrides a step or link the journey does not have.
    NoSuchTarget {
        /// `step` or `link`.
        target: &'static str,
        /// The id named.
        id: String,
    },
    /// A scenario overrides the same step or link twice.
    RepeatedOverride {
        /// `step` or `link`.
        target: &'static str,
        /// The id named twice.
        id: String,
    },
    /// A tell step's budget (or budget share) without a cost per reach above 0 to turn spend
    /// into reach.
    BudgetWithoutCost,
    /// A scenario's last period comes before its first.
    UntilBeforeFrom {
        /// The first period.
        from: u64,
        /// The last period.
        until: u64,
    },
    /// An opportunity names a step twice.
    RepeatedStep {
        /// The step's id.
        id: String,
    },
    /// A second scenario is marked as the to-be journey's numbers.
    SecondToBe {
        /// The index of the scenario marked first.
        first: usize,
    },
    /// An observed interval's low end lies above its high end.
    LowAboveHigh {
        /// The low end, as written in messages.
        low: String,
        /// The high end, as written in messages.
        high: String,
    },
    /// A scenario's or an opportunity's number lies outside what it may be.
    OutOfRange {
        /// What it must be ([`STAY_RANGE`], …).
        expected: &'static str,
        /// The number, as written in messages.
        found: String,
    },
}

impl ProblemKind {
    /// What is wrong, as the file reader says it after the path.
    pub fn message(&self) -> String {
        match self {
            Self::EmptyId => "must not be empty".to_owned(),
            Self::EmptyEnd => "must not be empty; a link needs the id of a step".to_owned(),
            Self::DuplicateId { list, id, first } => {
                format!("{id:?} is already the id of {list}[{first}]; ids must be unique")
            }
            Self::DuplicateName { name, first } => {
                format!("{name:?} is already the name of scenarios[{first}]; names must be unique")
            }
            Self::NoSuchStep { id } => format!("there is no step with id {id:?}"),
            Self::ReferralNotToTell { id, stage } => format!(
                "{id:?} is a {} step; a referral link must end at a tell step",
                stage.label().to_lowercase()
            ),
            Self::NoSuchPersona { id } => format!("there is no persona with id {id:?}"),
            Self::RepeatedPersona { id } | Self::RepeatedStep { id } => {
                format!("{id:?} is listed twice")
            }
            Self::SecondToBe { first } => format!(
                "scenarios[{first}] is already the to-be journey's numbers; only one scenario can be"
            ),
            Self::NoSuchTarget { target, id } => format!("there is no {target} with id {id:?}"),
            Self::RepeatedOverride { target, id } => {
                format!("the {target} {id:?} is overridden twice")
            }
            Self::BudgetWithoutCost => {
                "a budget needs a cost_per_reach above 0 to turn spend into reach".to_owned()
            }
            Self::UntilBeforeFrom { from, until } => {
                format!("the scenario ends in period {until}, before it starts in period {from}")
            }
            Self::LowAboveHigh { low, high } => {
                format!("the interval's low end {low} is above its high end {high}")
            }
            Self::OutOfRange { expected, found } => format!("expected {expected}, found {found}"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind.message())
    }
}

/// Whether a key can be written bare in a path: letters, digits, `_` and `-`.
fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Appends `.key` to a path (`key` alone at its start); a key that is not a plain name (an
/// id may hold dots, brackets or line breaks) as a quoted JSON string in brackets.
pub fn push_key(path: &mut String, key: &str) {
    if is_plain_key(key) {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        let quoted = serde_json::to_string(key).unwrap_or_default();
        let _ = write!(path, "[{quoted}]");
    }
}

/// `list[index].key`.
fn at(list: &str, index: usize, key: &str) -> String {
    let mut path = format!("{list}[{index}]");
    push_key(&mut path, key);
    path
}

/// The parts of a journey the rules speak of, borrowed from a document or from a file being
/// read (`S` and `L` are [`Step`] and [`Link`], or what holds them).
pub struct Journey<'a, S, L> {
    /// The personas, in file order.
    pub personas: &'a [Persona],
    /// The steps, in file order.
    pub steps: &'a [S],
    /// The links, in file order.
    pub links: &'a [L],
    /// The scenarios, in file order.
    pub scenarios: &'a [Scenario],
    /// The opportunities, in file order.
    pub opportunities: &'a [Opportunity],
}

/// Which part of a journey is being replaced: a setter checks only the rules that speak of
/// it, the reader all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    /// The whole journey.
    All,
    /// The personas.
    Personas,
    /// The steps and links.
    StepsAndLinks,
    /// The scenarios.
    Scenarios,
    /// The opportunities.
    Opportunities,
}

/// Every problem of a journey, rule by rule: step ids, link ids and ends, persona ids,
/// the personas steps name, scenario names and their to-be mark, what scenarios override,
/// then opportunity ids, the steps they name, their scores and what their changes override.
pub fn validate<S: Borrow<Step>, L: Borrow<Link>>(journey: &Journey<'_, S, L>) -> Vec<Problem> {
    check(journey, Part::All)
}

/// The problems of the rules that speak of `part`.
#[expect(
    clippy::too_many_lines,
    reason = "every rule in the order problems are reported, read top to bottom"
)]
pub(super) fn check<S: Borrow<Step>, L: Borrow<Link>>(
    journey: &Journey<'_, S, L>,
    part: Part,
) -> Vec<Problem> {
    let all = part == Part::All;
    let mut problems = Vec::new();
    let steps_and_links = all || part == Part::StepsAndLinks;
    let overrides = steps_and_links || part == Part::Scenarios;
    let overridden = |pick: fn(&Scenario) -> bool| overrides && journey.scenarios.iter().any(pick);
    let opportunities = steps_and_links || part == Part::Opportunities;
    let changed =
        |pick: fn(&Opportunity) -> bool| opportunities && journey.opportunities.iter().any(pick);
    // An id index is built only when a rule needs it: replacing scenarios that override
    // nothing costs nothing per step.
    let needs_steps = steps_and_links
        || overridden(|s| !s.steps.is_empty())
        || changed(|o| !o.steps.is_empty() || !o.change.steps.is_empty());
    let needs_links = steps_and_links
        || overridden(|s| !s.links.is_empty())
        || changed(|o| !o.change.links.is_empty());
    let step_at = needs_steps.then(|| {
        index(
            "steps",
            journey.steps.iter().map(|s| s.borrow().id.as_str()),
            &mut problems,
            steps_and_links,
        )
    });
    let link_at = needs_links.then(|| {
        index(
            "links",
            journey.links.iter().map(|l| l.borrow().id.as_str()),
            &mut problems,
            steps_and_links,
        )
    });
    if steps_and_links {
        for (i, link) in journey.links.iter().enumerate() {
            let link = link.borrow();
            for (end, key) in [(&link.from, "from"), (&link.to, "to")] {
                let exists = step_at
                    .as_ref()
                    .is_some_and(|s| s.contains_key(end.as_str()));
                problems.extend(link_end_rule(i, key, end, exists));
            }
            if link.referral {
                let to = step_at
                    .as_ref()
                    .and_then(|s| s.get(link.to.as_str()))
                    .map(|&at| journey.steps[at].borrow().stage);
                problems.extend(referral_rule(i, link, to));
            }
        }
    }
    if all || part == Part::Personas {
        index(
            "personas",
            journey.personas.iter().map(|p| p.id.as_str()),
            &mut problems,
            true,
        );
    }
    if all || part == Part::Personas || part == Part::StepsAndLinks {
        // A step's money rules: those of a valid step, kept when the personas change.
        for (i, step) in journey.steps.iter().enumerate() {
            let step = step.borrow();
            problems.extend(persona_rule(journey.personas, i, step));
            problems.extend(money_rule(&format!("steps[{i}]"), &step.money, &step.money));
        }
    }
    if all || part == Part::Scenarios {
        scenario_rules(journey.scenarios, &mut problems);
    }
    if overrides {
        for (i, scenario) in journey.scenarios.iter().enumerate() {
            override_rule(
                &format!("scenarios[{i}]"),
                &scenario.steps,
                &scenario.links,
                step_at.as_ref(),
                link_at.as_ref(),
                &mut problems,
            );
            problems.extend(scenario_money_rule(
                i,
                scenario,
                journey.steps,
                step_at.as_ref(),
            ));
            problems.extend(observed_rule(&format!("scenarios[{i}]"), scenario));
        }
    }
    if all || part == Part::Opportunities {
        index(
            "opportunities",
            journey.opportunities.iter().map(|o| o.id.as_str()),
            &mut problems,
            true,
        );
    }
    if opportunities {
        for (i, opportunity) in journey.opportunities.iter().enumerate() {
            opportunity_rule(i, opportunity, step_at.as_ref(), &mut problems);
            override_rule(
                &format!("opportunities[{i}].change"),
                &opportunity.change.steps,
                &opportunity.change.links,
                step_at.as_ref(),
                link_at.as_ref(),
                &mut problems,
            );
            problems.extend(change_money_rule(
                &format!("opportunities[{i}].change.steps"),
                &opportunity.change.steps,
                journey.steps,
                step_at.as_ref(),
            ));
        }
    }
    problems
}

/// The scenarios' own rules: names present and unique, at most one marked as the to-be
/// journey's numbers.
fn scenario_rules(scenarios: &[Scenario], problems: &mut Vec<Problem>) {
    let mut named: HashMap<&str, usize> = HashMap::new();
    let mut to_be = None;
    for (i, scenario) in scenarios.iter().enumerate() {
        if scenario.to_be {
            match to_be {
                Some(first) => problems.push(Problem {
                    path: at("scenarios", i, "to_be"),
                    kind: ProblemKind::SecondToBe { first },
                }),
                None => to_be = Some(i),
            }
        }
        let path = at("scenarios", i, "name");
        if scenario.name.is_empty() {
            problems.push(Problem {
                path,
                kind: ProblemKind::EmptyId,
            });
        } else if let Some(&first) = named.get(scenario.name.as_str()) {
            problems.push(Problem {
                path,
                kind: ProblemKind::DuplicateName {
                    name: scenario.name.clone(),
                    first,
                },
            });
        } else {
            named.insert(&scenario.name, i);
        }
    }
}

/// The index of a list's ids (the first item holding each), with the problems of each id
/// when `report`.
fn index<'a>(
    list: &'static str,
    ids: impl ExactSizeIterator<Item = &'a str>,
    problems: &mut Vec<Problem>,
    report: bool,
) -> HashMap<String, usize> {
    let mut at = HashMap::with_capacity(ids.len());
    for (i, id) in ids.enumerate() {
        let first = if id.is_empty() {
            None
        } else if let Some(first) = at.insert(id.to_owned(), i) {
            // One lookup for the common case; a repeated id puts the first one back.
            at.insert(id.to_owned(), first);
            Some(first)
        } else {
            None
        };
        if report {
            problems.extend(id_rule(list, i, id, first));
        }
    }
    at
}

/// The rule for the id of item `index` of `list` (`steps`, `links`, `personas`): not
/// empty, and not the id of an earlier item (`first`, the index of the earliest holding it).
pub(super) fn id_rule(
    list: &'static str,
    index: usize,
    id: &str,
    first: Option<usize>,
) -> Option<Problem> {
    let kind = if id.is_empty() {
        ProblemKind::EmptyId
    } else {
        ProblemKind::DuplicateId {
            list,
            id: id.to_owned(),
            first: first?,
        }
    };
    Some(Problem {
        path: at(list, index, "id"),
        kind,
    })
}

/// The rule for a link's end (`key` is `from` or `to`): not empty, and a step that
/// `exists`.
pub(super) fn link_end_rule(index: usize, key: &str, id: &str, exists: bool) -> Option<Problem> {
    let kind = if id.is_empty() {
        ProblemKind::EmptyEnd
    } else if !exists {
        ProblemKind::NoSuchStep { id: id.to_owned() }
    } else {
        return None;
    };
    Some(Problem {
        path: at("links", index, key),
        kind,
    })
}

/// The rule for the end of link `index` when it carries referrals: a tell step. `to` is the
/// stage of the step it ends at (`None` when there is no such step, which
/// [`link_end_rule`] reports).
pub(super) fn referral_rule(index: usize, link: &Link, to: Option<Stage>) -> Option<Problem> {
    let stage = to.filter(|s| link.referral && *s != Stage::Tell)?;
    Some(Problem {
        path: at("links", index, "to"),
        kind: ProblemKind::ReferralNotToTell {
            id: link.to.clone(),
            stage,
        },
    })
}

/// The rule for the personas step `index` names: each one of `personas`, and named once in
/// its `personas` and once in its `persona_emotions`.
pub(super) fn persona_rule(personas: &[Persona], index: usize, step: &Step) -> Vec<Problem> {
    let mut problems = Vec::new();
    if step.personas.is_empty() && step.persona_emotions.is_empty() {
        return problems;
    }
    let known = |id: &str| personas.iter().any(|p| p.id == id);
    for (j, id) in step.personas.iter().enumerate() {
        let kind = if !known(id) {
            ProblemKind::NoSuchPersona { id: id.clone() }
        } else if step.personas[..j].contains(id) {
            ProblemKind::RepeatedPersona { id: id.clone() }
        } else {
            continue;
        };
        problems.push(Problem {
            path: format!("{}[{j}]", at("steps", index, "personas")),
            kind,
        });
    }
    for (j, (id, _)) in step.persona_emotions.iter().enumerate() {
        let kind = if !known(id) {
            ProblemKind::NoSuchPersona { id: id.clone() }
        } else if step.persona_emotions[..j].iter().any(|(p, _)| p == id) {
            ProblemKind::RepeatedPersona { id: id.clone() }
        } else {
            continue;
        };
        let mut path = at("steps", index, "persona_emotions");
        push_key(&mut path, id);
        problems.push(Problem { path, kind });
    }
    problems
}

/// The rule for what a scenario (or an opportunity's change) at `base` overrides: steps
/// and links of the journey (`None`: it overrides none), each once, with numbers in range.
fn override_rule(
    base: &str,
    steps: &[(String, StepOverride)],
    links: &[(String, LinkOverride)],
    step_at: Option<&HashMap<String, usize>>,
    link_at: Option<&HashMap<String, usize>>,
    problems: &mut Vec<Problem>,
) {
    let path = |list: &str, id: &str| {
        let mut path = base.to_owned();
        push_key(&mut path, list);
        push_key(&mut path, id);
        path
    };
    let target = |target: &'static str, j: usize, id: &str, ids: &[&str], exists: bool| {
        let kind = if !exists {
            ProblemKind::NoSuchTarget {
                target,
                id: id.to_owned(),
            }
        } else if ids[..j].contains(&id) {
            ProblemKind::RepeatedOverride {
                target,
                id: id.to_owned(),
            }
        } else {
            return None;
        };
        Some(kind)
    };
    let step_ids: Vec<&str> = steps.iter().map(|(id, _)| id.as_str()).collect();
    for (j, (id, o)) in steps.iter().enumerate() {
        let exists = step_at.is_some_and(|s| s.contains_key(id.as_str()));
        if let Some(kind) = target("step", j, id, &step_ids, exists) {
            problems.push(Problem {
                path: path("steps", id),
                kind,
            });
            continue;
        }
        for (key, value, expected, ok) in [
            ("reach", o.reach, REACH_RANGE, is_count as fn(f64) -> bool),
            ("stay", o.stay, STAY_RANGE, is_share),
            ("referrals", o.referrals, REFERRALS_RANGE, is_count),
        ] {
            problems.extend(number_rule(path("steps", id), key, value, expected, ok));
        }
    }
    let link_ids: Vec<&str> = links.iter().map(|(id, _)| id.as_str()).collect();
    for (j, (id, o)) in links.iter().enumerate() {
        let exists = link_at.is_some_and(|l| l.contains_key(id.as_str()));
        if let Some(kind) = target("link", j, id, &link_ids, exists) {
            problems.push(Problem {
                path: path("links", id),
                kind,
            });
            continue;
        }
        problems.extend(number_rule(
            path("links", id),
            "rate",
            o.rate,
            STAY_RANGE,
            is_share,
        ));
    }
}

/// The rules of a step's money at `path` (a step, or a scenario's override of one): the
/// fields `own` sets in range, and the money in effect (`effective`, the step's with the
/// override's) able to turn a budget into reach.
pub(super) fn money_rule(path: &str, own: &StepMoney, effective: &StepMoney) -> Vec<Problem> {
    let mut problems = Vec::new();
    let at_key = |key: &str| {
        let mut path = path.to_owned();
        push_key(&mut path, key);
        path
    };
    for (key, value, range, ok) in own.fields() {
        if let Some(x) = value.filter(|x| !ok(*x)) {
            problems.push(Problem {
                path: at_key(key),
                kind: ProblemKind::OutOfRange {
                    expected: range,
                    found: x.to_string(),
                },
            });
        }
    }
    if (own.has_budget() || own.cost_per_reach.is_some())
        && effective.has_budget()
        && !effective.cost_per_reach.is_some_and(|c| c > 0.0)
    {
        let key = if own.budget.is_some() {
            "budget"
        } else if own.budget_share.is_some() {
            "budget_share"
        } else {
            "cost_per_reach"
        };
        problems.push(Problem {
            path: at_key(key),
            kind: ProblemKind::BudgetWithoutCost,
        });
    }
    problems
}

/// The rules of scenario `index`'s periods and of the money its step overrides put in
/// effect.
fn scenario_money_rule<S: Borrow<Step>>(
    index: usize,
    scenario: &Scenario,
    steps: &[S],
    step_at: Option<&HashMap<String, usize>>,
) -> Vec<Problem> {
    let mut problems: Vec<Problem> = period_rule(index, scenario).into_iter().collect();
    problems.extend(change_money_rule(
        &format!("scenarios[{index}].steps"),
        &scenario.steps,
        steps,
        step_at,
    ));
    problems
}

/// The money rules of step overrides at `path` (a scenario's or an opportunity's change),
/// each put over its step's money.
fn change_money_rule<S: Borrow<Step>>(
    path: &str,
    overrides: &[(String, StepOverride)],
    steps: &[S],
    step_at: Option<&HashMap<String, usize>>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (id, o) in overrides {
        let Some(step) = step_at
            .and_then(|s| s.get(id.as_str()))
            .and_then(|&at| steps.get(at))
        else {
            continue;
        };
        let step = step.borrow();
        let mut path = path.to_owned();
        push_key(&mut path, id);
        problems.extend(money_rule(
            &path,
            &o.money,
            &step.money.overridden(&o.money),
        ));
    }
    problems
}

/// The rules of the observed intervals kept in the overrides of the scenario at `path`: the
/// low end not above the high end, and a share's high end at most 1 (the reader has
/// checked that both ends are numbers, 0 or more).
fn observed_rule(path: &str, scenario: &Scenario) -> Vec<Problem> {
    use super::{Observation, STAY_RANGE};
    let mut problems = Vec::new();
    let mut check = |mut path: String, o: &Observation, share: bool| {
        if o.low > o.high {
            push_key(&mut path, "low");
            problems.push(Problem {
                path,
                kind: ProblemKind::LowAboveHigh {
                    low: o.low.to_string(),
                    high: o.high.to_string(),
                },
            });
        } else if share && o.high > 1.0 {
            push_key(&mut path, "high");
            problems.push(Problem {
                path,
                kind: ProblemKind::OutOfRange {
                    expected: STAY_RANGE,
                    found: o.high.to_string(),
                },
            });
        }
    };
    for (id, o) in &scenario.steps {
        let fields = [
            ("reach", &o.observed.reach, false),
            ("stay", &o.observed.stay, true),
            ("referrals", &o.observed.referrals, false),
        ];
        for (key, observed, share) in fields {
            if let Some(observed) = observed {
                let mut at = format!("{path}.steps");
                push_key(&mut at, id);
                push_key(&mut at, "observed");
                push_key(&mut at, key);
                check(at, observed, share);
            }
        }
    }
    for (id, o) in &scenario.links {
        if let Some(observed) = &o.observed {
            let mut at = format!("{path}.links");
            push_key(&mut at, id);
            push_key(&mut at, "observed");
            check(at, observed, true);
        }
    }
    problems
}

/// The rule of scenario `index`'s periods: its last not before its first.
fn period_rule(index: usize, scenario: &Scenario) -> Option<Problem> {
    let from = scenario.from_period.unwrap_or(1);
    let until = scenario.until_period?;
    (until < from).then(|| Problem {
        path: at("scenarios", index, "until_period"),
        kind: ProblemKind::UntilBeforeFrom { from, until },
    })
}

/// What a value score must be, in the reader's and the editor's words.
pub const VALUE_RANGE: &str = "a whole number from 0 to 100";
/// What an effort score must be.
pub const EFFORT_RANGE: &str = "a whole number from 0 to 5";

/// The rule for opportunity `index`: the steps it names exist (`step_at`; `None` when the
/// journey has no step index to look in), each named once, and its scores in range.
fn opportunity_rule(
    index: usize,
    opportunity: &Opportunity,
    step_at: Option<&HashMap<String, usize>>,
    problems: &mut Vec<Problem>,
) {
    for (j, id) in opportunity.steps.iter().enumerate() {
        let kind = if !step_at.is_some_and(|s| s.contains_key(id.as_str())) {
            ProblemKind::NoSuchStep { id: id.clone() }
        } else if opportunity.steps[..j].contains(id) {
            ProblemKind::RepeatedStep { id: id.clone() }
        } else {
            continue;
        };
        problems.push(Problem {
            path: format!("{}[{j}]", at("opportunities", index, "steps")),
            kind,
        });
    }
    for (key, value, max, expected) in [
        (
            "customer_value",
            opportunity.customer_value,
            VALUE_MAX,
            VALUE_RANGE,
        ),
        (
            "business_value",
            opportunity.business_value,
            VALUE_MAX,
            VALUE_RANGE,
        ),
        ("effort", opportunity.effort, EFFORT_MAX, EFFORT_RANGE),
    ] {
        if let Some(v) = value.filter(|v| *v > max) {
            problems.push(Problem {
                path: at("opportunities", index, key),
                kind: ProblemKind::OutOfRange {
                    expected,
                    found: v.to_string(),
                },
            });
        }
    }
}

/// An override's number, if set, in range.
fn number_rule(
    mut path: String,
    key: &str,
    value: Option<f64>,
    expected: &'static str,
    ok: fn(f64) -> bool,
) -> Option<Problem> {
    let x = value.filter(|x| !ok(*x))?;
    push_key(&mut path, key);
    Some(Problem {
        path,
        kind: ProblemKind::OutOfRange {
            expected,
            found: x.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Colour, Emotion, LinkOverride, Stage, StepOverride};

    fn journey<'a>(
        personas: &'a [Persona],
        steps: &'a [Step],
        links: &'a [Link],
        scenarios: &'a [Scenario],
    ) -> Journey<'a, Step, Link> {
        Journey {
            personas,
            steps,
            links,
            scenarios,
            opportunities: &[],
        }
    }

    fn shown(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_problem_is_found_with_its_place() {
        let personas = [
            Persona::new("p", "P", Colour::default()),
            Persona::new("p", "Q", Colour::default()),
            Persona::new("", "R", Colour::default()),
        ];
        let mut a = Step::new("a", Stage::Tell, "A", [0.0, 0.0]);
        a.personas = vec!["p".into(), "zz".into(), "p".into()];
        a.persona_emotions = vec![("odd.id".into(), Emotion::default())];
        let steps = [
            a,
            Step::new("a", Stage::Buy, "", [0.0, 0.0]),
            Step::new("", Stage::Care, "", [0.0, 0.0]),
        ];
        let links = [
            Link::new("l", "a", "nowhere"),
            Link::new("l", "", "a"),
            Link::new("", "a", "a"),
        ];
        let mut crisis = Scenario::new("crisis");
        crisis.steps = vec![
            ("gone".into(), StepOverride::default()),
            (
                "a".into(),
                StepOverride {
                    stay: Some(1.5),
                    ..StepOverride::default()
                },
            ),
            ("a".into(), StepOverride::default()),
        ];
        crisis.links = vec![(
            "l".into(),
            LinkOverride {
                rate: Some(-0.5),
                ..LinkOverride::default()
            },
        )];
        let scenarios = [crisis, Scenario::new("crisis"), Scenario::new("")];
        let problems = validate(&journey(&personas, &steps, &links, &scenarios));
        assert_eq!(
            shown(&problems),
            [
                r#"steps[1].id: "a" is already the id of steps[0]; ids must be unique"#,
                "steps[2].id: must not be empty",
                r#"links[1].id: "l" is already the id of links[0]; ids must be unique"#,
                "links[2].id: must not be empty",
                r#"links[0].to: there is no step with id "nowhere""#,
                "links[1].from: must not be empty; a link needs the id of a step",
                r#"personas[1].id: "p" is already the id of personas[0]; ids must be unique"#,
                "personas[2].id: must not be empty",
                r#"steps[0].personas[1]: there is no persona with id "zz""#,
                r#"steps[0].personas[2]: "p" is listed twice"#,
                r#"steps[0].persona_emotions["odd.id"]: there is no persona with id "odd.id""#,
                r#"scenarios[1].name: "crisis" is already the name of scenarios[0]; names must be unique"#,
                "scenarios[2].name: must not be empty",
                r#"scenarios[0].steps.gone: there is no step with id "gone""#,
                "scenarios[0].steps.a.stay: expected a share from 0 to 1, found 1.5",
                r#"scenarios[0].steps.a: the step "a" is overridden twice"#,
                "scenarios[0].links.l.rate: expected a share from 0 to 1, found -0.5",
            ]
        );
    }

    #[test]
    fn a_setter_checks_only_the_rules_of_its_part() {
        let steps = [Step::new("a", Stage::Tell, "", [0.0, 0.0])];
        let links = [Link::new("l", "a", "gone")];
        let scenarios = [Scenario::new(""), Scenario::new("x")];
        let j = journey(&[], &steps, &links, &scenarios);
        assert_eq!(check(&j, Part::Personas), []);
        assert_eq!(
            shown(&check(&j, Part::Scenarios)),
            ["scenarios[0].name: must not be empty"]
        );
        assert_eq!(
            shown(&check(&j, Part::StepsAndLinks)),
            [r#"links[0].to: there is no step with id "gone""#]
        );
    }

    #[test]
    fn a_valid_journey_has_no_problems() {
        let doc = crate::model::generate::journey(40, 80, 3);
        let journey = Journey {
            personas: doc.personas(),
            steps: doc.steps(),
            links: doc.links(),
            scenarios: doc.scenarios(),
            opportunities: doc.opportunities(),
        };
        assert_eq!(validate(&journey), []);
    }
}
