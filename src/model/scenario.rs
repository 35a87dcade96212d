//! The loop in numbers: the allowed values of reach, stay, referrals and rates, scenarios that
//! override them, and the warnings about steps whose links and stay add up to more than all.

use std::fmt;

use super::validate::{Journey, Part};
use super::{Document, EconomicsOverride, Extra, ModelError, Step, StepMoney};

/// Overrides of one step's numbers in a [`Scenario`]; `None` keeps the journey's value.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StepOverride {
    /// People brought in by marketing per period, 0 or more.
    pub reach: Option<f64>,
    /// The share who stay, 0..=1.
    pub stay: Option<f64>,
    /// New people each person brings per period, 0 or more.
    pub referrals: Option<f64>,
    /// The step's money fields.
    pub money: StepMoney,
    /// Where the reach, stay and referrals came from, when they were fitted to an event log.
    pub observed: StepObservations,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

/// What an event log showed of one number: its 95 % interval and how many observations it
/// rests on. Kept beside a fitted number in a scenario, so the canvas can mark a drawn number
/// that lies outside what was observed, also after the file is saved and opened again.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Observation {
    /// The interval's lower end, 0 or more.
    pub low: f64,
    /// The interval's upper end, not below `low` (and at most 1 for a share).
    pub high: f64,
    /// The observations the number rests on: person-periods at the step for a stay, a rate
    /// or referrals, periods for a reach.
    pub count: u64,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Observation {
    /// The interval `low..=high` from `count` observations.
    pub fn new(low: f64, high: f64, count: u64) -> Self {
        Self {
            low,
            high,
            count,
            extra: Extra::default(),
        }
    }

    /// Whether `value` lies outside the interval.
    pub fn excludes(&self, value: f64) -> bool {
        value < self.low || value > self.high
    }
}

/// The observations behind a step override's reach, stay and referrals.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StepObservations {
    /// Behind the reach.
    pub reach: Option<Observation>,
    /// Behind the stay.
    pub stay: Option<Observation>,
    /// Behind the referrals.
    pub referrals: Option<Observation>,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl StepObservations {
    /// Whether nothing is observed (the field is then not written).
    pub fn is_empty(&self) -> bool {
        self.reach.is_none()
            && self.stay.is_none()
            && self.referrals.is_none()
            && self.extra.is_empty()
    }
}

/// An override of one link's rate in a [`Scenario`]; `None` keeps the journey's rate.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LinkOverride {
    /// The share who move along the link per period, 0..=1.
    pub rate: Option<f64>,
    /// Where the rate came from, when it was fitted to an event log.
    pub observed: Option<Observation>,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

/// A named set of overrides of the journey's numbers ("crisis: cut marketing and care").
/// The journey's own values are the scenario "as drawn".
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Scenario {
    /// Unique among the scenarios of a document, never empty.
    pub name: String,
    /// The first period the overrides apply in (1 when unset): before it the journey runs
    /// as drawn, so a crisis can hit during a run.
    pub from_period: Option<u64>,
    /// The last period the overrides apply in (the end of the run when unset).
    pub until_period: Option<u64>,
    /// Overrides of the journey's economics.
    pub economics: EconomicsOverride,
    /// Overrides by step id, in file order; each step at most once.
    pub steps: Vec<(String, StepOverride)>,
    /// Overrides by link id, in file order; each link at most once.
    pub links: Vec<(String, LinkOverride)>,
    /// Whether these are the to-be journey's numbers (at most one scenario is): the
    /// Simulation panel then compares "as is" with "to be".
    pub to_be: bool,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Scenario {
    /// A scenario with this name and no overrides.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Whether the overrides apply in period `t` (1, 2, …).
    pub fn applies_in(&self, t: u64) -> bool {
        self.from_period.is_none_or(|from| t >= from)
            && self.until_period.is_none_or(|until| t <= until)
    }

    /// Whether the scenario applies in some periods only.
    pub fn is_in_time(&self) -> bool {
        self.from_period.is_some_and(|from| from > 1) || self.until_period.is_some()
    }

    /// The override of the step with this id, if any.
    pub fn step(&self, id: &str) -> Option<&StepOverride> {
        self.steps.iter().find(|(s, _)| s == id).map(|(_, o)| o)
    }

    /// The override of the link with this id, if any.
    pub fn link(&self, id: &str) -> Option<&LinkOverride> {
        self.links.iter().find(|(l, _)| l == id).map(|(_, o)| o)
    }
}

/// What a reach must be: the reader's and the editor's words.
pub const REACH_RANGE: &str = "a number of people per period, 0 or more";
/// What a stay must be.
pub const STAY_RANGE: &str = "a share from 0 to 1";
/// What referrals must be.
pub const REFERRALS_RANGE: &str = "a number of people, 0 or more";

/// Whether `x` is a valid reach or number of referrals: finite and 0 or more.
pub fn is_count(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

/// Whether `x` is a valid share (stay or rate): 0..=1.
pub fn is_share(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

fn out_of_range(what: &str, range: &str, value: f64) -> ModelError {
    ModelError::OutOfRange(format!("{what} must be {range}, not {value}"))
}

/// Checks a step's reach, stay and referrals.
pub fn check_step_numbers(
    reach: Option<f64>,
    stay: Option<f64>,
    referrals: Option<f64>,
) -> Result<(), ModelError> {
    if let Some(x) = reach.filter(|x| !is_count(*x)) {
        return Err(out_of_range("a step's reach", REACH_RANGE, x));
    }
    if let Some(x) = stay.filter(|x| !is_share(*x)) {
        return Err(out_of_range("a step's stay", STAY_RANGE, x));
    }
    if let Some(x) = referrals.filter(|x| !is_count(*x)) {
        return Err(out_of_range("a step's referrals", REFERRALS_RANGE, x));
    }
    Ok(())
}

/// Checks scenarios against a document by the rules of [`super::validate()`]: names present
/// and unique, every id a step or link of `doc` and named once per scenario, every value in
/// range.
pub fn check_scenarios(doc: &Document, scenarios: &[Scenario]) -> Result<(), ModelError> {
    let journey = Journey {
        personas: doc.personas(),
        steps: doc.steps(),
        links: doc.links(),
        scenarios,
        opportunities: doc.opportunities(),
    };
    ModelError::refuse(super::validate::check(&journey, Part::Scenarios))
}

/// The numbers of a journey under a scenario (or as drawn), by step and link index.
#[derive(Clone, Debug, PartialEq)]
pub struct Numbers {
    /// Reach per step (0 where unset).
    pub reach: Vec<f64>,
    /// Stay per step (0 where unset).
    pub stay: Vec<f64>,
    /// Referrals per step (0 where unset).
    pub referrals: Vec<f64>,
    /// Rate per link (0 where unset).
    pub rate: Vec<f64>,
    /// Money per step, the scenario's overrides put over the step's own.
    pub money: Vec<StepMoney>,
    /// The journey's price per purchase (0 where unset).
    pub price: f64,
    /// The journey's cost per purchase (0 where unset).
    pub unit_cost: f64,
    /// The journey's fixed costs per period (0 where unset).
    pub fixed_costs: f64,
    /// The discount rate per period (0 where unset).
    pub discount_rate: f64,
}

impl Numbers {
    /// The journey's numbers, with the overrides of `scenario` if given. Ids the document
    /// does not have are ignored.
    pub fn of(doc: &Document, scenario: Option<&Scenario>) -> Self {
        let value = |x: Option<f64>| x.unwrap_or(0.0);
        let mut numbers = Self {
            reach: doc.steps().iter().map(|s| value(s.reach)).collect(),
            stay: doc.steps().iter().map(|s| value(s.stay)).collect(),
            referrals: doc.steps().iter().map(|s| value(s.referrals)).collect(),
            rate: doc.links().iter().map(|l| value(l.rate)).collect(),
            money: doc.steps().iter().map(|s| *s.money).collect(),
            price: value(doc.economics.price),
            unit_cost: value(doc.economics.unit_cost),
            fixed_costs: value(doc.economics.fixed_costs),
            discount_rate: value(doc.economics.discount_rate),
        };
        if let Some(scenario) = scenario {
            for (id, o) in &scenario.steps {
                let Some(i) = doc.step_position(id) else {
                    continue;
                };
                for (field, given) in [
                    (&mut numbers.reach, o.reach),
                    (&mut numbers.stay, o.stay),
                    (&mut numbers.referrals, o.referrals),
                ] {
                    if let Some(x) = given {
                        field[i] = x;
                    }
                }
                numbers.money[i] = numbers.money[i].overridden(&o.money);
            }
            let e = &scenario.economics;
            numbers.price = e.price.unwrap_or(numbers.price);
            numbers.unit_cost = e.unit_cost.unwrap_or(numbers.unit_cost);
            numbers.fixed_costs = e.fixed_costs.unwrap_or(numbers.fixed_costs);
            for (id, o) in &scenario.links {
                if let (Some(i), Some(x)) = (doc.link_position(id), o.rate) {
                    numbers.rate[i] = x;
                }
            }
        }
        numbers
    }

    /// Per step: its stay plus the rates of the links out of it that move people (referral
    /// links move nobody).
    pub fn out_totals(&self, doc: &Document) -> Vec<f64> {
        let mut totals = self.stay.clone();
        for (link, rate) in doc.links().iter().zip(&self.rate) {
            if link.referral {
                continue;
            }
            if let Some(i) = doc.step_position(&link.from) {
                totals[i] += rate;
            }
        }
        totals
    }
}

/// How far above 1 a step's total may lie and still count as 1: sums of shares such as
/// 0.7 + 0.2 + 0.1 land a rounding error away from it.
pub const TOLERANCE: f64 = 1e-9;

/// A step whose links and stay add up to more than everyone there: a journey that was a
/// valid file, but cannot be simulated until it is fixed.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowWarning {
    /// The step's index in [`Document::steps`].
    pub index: usize,
    /// The step's id.
    pub step: String,
    /// The step's title (or id, when it has none), for messages.
    pub name: String,
    /// The scenario (its index and name) whose overrides make it so; `None` as drawn.
    pub scenario: Option<(usize, String)>,
    /// What the rates out of the step and its stay add up to.
    pub total: f64,
}

impl FlowWarning {
    /// Where the problem is in the file: `steps[3]`, or `scenarios[0]` for a scenario.
    pub fn path(&self) -> String {
        match &self.scenario {
            None => format!("steps[{}]", self.index),
            Some((i, _)) => format!("scenarios[{i}]"),
        }
    }
}

impl fmt::Display for FlowWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = short_number(self.total);
        match &self.scenario {
            None => write!(
                f,
                "{}: links out of {:?} and its stay add up to {total}; at most 1",
                self.path(),
                self.name
            ),
            Some((_, scenario)) => write!(
                f,
                "{}: in {scenario:?}, links out of {:?} (steps[{}]) and its stay add up to {total}; at most 1",
                self.path(),
                self.name,
                self.index
            ),
        }
    }
}

/// A number with at most six decimals and no trailing zeros: `1.2`, `0.333333`, `3`.
pub fn short_number(x: f64) -> String {
    let text = format!("{x:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

fn display_name(step: &Step) -> String {
    if step.title.trim().is_empty() {
        step.id.clone()
    } else {
        step.title.clone()
    }
}

/// The steps whose links and stay add up to more than 1 as drawn, then those a scenario
/// pushes over 1 (a scenario is named only where it changes a step's total).
pub fn flow_warnings(doc: &Document) -> Vec<FlowWarning> {
    let base = Numbers::of(doc, None).out_totals(doc);
    let mut warnings = over_one(doc, &base, None, None);
    for (i, scenario) in doc.scenarios().iter().enumerate() {
        let totals = Numbers::of(doc, Some(scenario)).out_totals(doc);
        warnings.extend(over_one(
            doc,
            &totals,
            Some(&base),
            Some(&(i, scenario.name.clone())),
        ));
    }
    warnings
}

/// The warnings of one set of numbers; with `base`, only the steps whose total differs.
pub fn over_one(
    doc: &Document,
    totals: &[f64],
    base: Option<&[f64]>,
    scenario: Option<&(usize, String)>,
) -> Vec<FlowWarning> {
    doc.steps()
        .iter()
        .enumerate()
        .filter(|&(i, _)| totals[i] > 1.0 + TOLERANCE)
        .filter(|&(i, _)| base.is_none_or(|b| b[i] != totals[i]))
        .map(|(i, step)| FlowWarning {
            index: i,
            step: step.id.clone(),
            name: display_name(step),
            scenario: scenario.cloned(),
            total: totals[i],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, ProblemKind, Stage};

    fn doc() -> Document {
        let mut doc = Document::new("t");
        let mut a = Step::new("a", Stage::Tell, "Order online", [0.0, 0.0]);
        a.stay = Some(0.5);
        let b = Step::new("b", Stage::Buy, "", [0.0, 0.0]);
        let mut ab = Link::new("ab", "a", "b");
        ab.rate = Some(0.7);
        doc.set_steps_and_links(vec![a, b], vec![ab]).unwrap();
        doc
    }

    #[test]
    fn a_step_over_one_is_named_with_its_total() {
        let warnings = flow_warnings(&doc());
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].to_string(),
            "steps[0]: links out of \"Order online\" and its stay add up to 1.2; at most 1"
        );
    }

    #[test]
    fn shares_adding_up_to_one_by_rounding_are_no_warning() {
        let mut doc = Document::new("t");
        let mut a = Step::new("a", Stage::Tell, "A", [0.0, 0.0]);
        a.stay = Some(0.1);
        let mut links = Vec::new();
        for (i, rate) in [0.7, 0.2].into_iter().enumerate() {
            let mut l = Link::new(format!("l{i}"), "a", "a");
            l.rate = Some(rate);
            links.push(l);
        }
        doc.set_steps_and_links(vec![a], links).unwrap();
        assert!(flow_warnings(&doc).is_empty());
    }

    #[test]
    fn a_scenario_is_named_only_where_it_changes_a_total() {
        let mut doc = doc();
        let mut fix = Scenario::new("fix");
        fix.steps.push((
            "a".into(),
            StepOverride {
                stay: Some(0.3),
                ..StepOverride::default()
            },
        ));
        let mut worse = Scenario::new("worse");
        worse.links.push((
            "ab".into(),
            LinkOverride {
                rate: Some(0.9),
                ..LinkOverride::default()
            },
        ));
        let same = Scenario::new("same");
        doc.set_scenarios(vec![fix, worse, same]).unwrap();
        let warnings: Vec<String> = flow_warnings(&doc)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            warnings,
            [
                "steps[0]: links out of \"Order online\" and its stay add up to 1.2; at most 1",
                "scenarios[1]: in \"worse\", links out of \"Order online\" (steps[0]) and its stay add up to 1.4; at most 1",
            ]
        );
    }

    /// The place and kind of the problem that made `set_scenarios` refuse `scenarios`.
    fn refused(doc: &mut Document, scenarios: Vec<Scenario>) -> (String, ProblemKind) {
        match doc.set_scenarios(scenarios) {
            Err(ModelError::Invalid(problem)) => (problem.path, problem.kind),
            other => panic!("expected a problem, got {other:?}"),
        }
    }

    #[test]
    fn scenarios_are_checked() {
        let mut doc = doc();
        let unknown = Scenario {
            steps: vec![("zz".into(), StepOverride::default())],
            ..Scenario::new("x")
        };
        assert_eq!(
            refused(&mut doc, vec![unknown]),
            (
                "scenarios[0].steps.zz".into(),
                ProblemKind::NoSuchTarget {
                    target: "step",
                    id: "zz".into()
                }
            )
        );
        assert_eq!(
            refused(&mut doc, vec![Scenario::new("x"), Scenario::new("x")]),
            (
                "scenarios[1].name".into(),
                ProblemKind::DuplicateName {
                    name: "x".into(),
                    first: 0
                }
            )
        );
        let bad_stay = Scenario {
            steps: vec![(
                "a".into(),
                StepOverride {
                    stay: Some(1.5),
                    ..StepOverride::default()
                },
            )],
            ..Scenario::new("x")
        };
        assert_eq!(
            refused(&mut doc, vec![bad_stay]),
            (
                "scenarios[0].steps.a.stay".into(),
                ProblemKind::OutOfRange {
                    expected: STAY_RANGE,
                    found: "1.5".into()
                }
            )
        );
        assert_eq!(
            refused(&mut doc, vec![Scenario::new("crisis"), Scenario::new("")]),
            ("scenarios[1].name".into(), ProblemKind::EmptyId)
        );
        assert!(doc.scenarios().is_empty());
    }

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(1.2), "1.2");
        assert_eq!(short_number(0.1 + 0.2 + 0.9), "1.2");
        assert_eq!(short_number(3.0), "3");
        assert_eq!(short_number(2.0 / 3.0), "0.666667");
    }
}
