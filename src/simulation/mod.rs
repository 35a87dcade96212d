//! The loop simulation: how many people a journey reaches, how many buy, how many they bring
//! back, and where it leaks. Discrete periods, deterministic; described in
//! `docs/simulation.md`. No egui here: the app, the command line and the tests share it.
//!
//! ```
//! use journey_designer::{format, simulation};
//!
//! let doc = format::TEMPLATES[3].load()?;
//! let outcome = simulation::simulate(&doc, None, &simulation::Options::periods(12))?;
//! assert_eq!(outcome.run.periods.len(), 12);
//! assert!(outcome.summary.self_sustaining);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod engine;
mod fundamental;
pub mod impact;
mod money;
pub mod report;
mod viral;

use std::fmt;

use serde::Serialize;

use crate::model::{Document, FlowWarning, Numbers, Scenario, over_one};

pub use engine::{Net, People, Period, RUNAWAY, Run};
pub use fundamental::CLOSED;
pub use impact::{Impact, Impacts, impacts};
pub use money::{PerNewcomer, Viability};
pub use viral::{Entry, Fundamentals, fundamentals, next_generation, spectral_radius};

/// The name of the journey's own numbers, compared with its scenarios.
pub const AS_DRAWN: &str = "as drawn";

/// The most periods a run may have.
pub const MAX_PERIODS: usize = 100_000;

/// What to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// How many periods to run.
    pub periods: usize,
    /// People placed at the tell steps before the first period, split as marketing brings
    /// people in; 0 for none.
    pub seed: f64,
    /// Whether to keep the people at each step and lost at each step for every period
    /// (memory: two numbers per step and period).
    pub record_steps: bool,
    /// Whether to rank links by the purchases gained from raising their rate (one extra run
    /// per link, within [`LINK_RANKING_BUDGET`]).
    pub rank_links: bool,
}

impl Options {
    /// `periods` periods, no seed, no per-step record, links ranked.
    pub const fn periods(periods: usize) -> Self {
        Self {
            periods,
            seed: 0.0,
            record_steps: false,
            rank_links: true,
        }
    }
}

/// How much a raise of a link's rate is in the link ranking ("improve this first").
pub const RATE_STEP: f64 = 0.05;

/// The most work (links × periods × (steps + links)) the link ranking does; beyond it the
/// ranking is skipped, since each link costs a whole extra run.
pub const LINK_RANKING_BUDGET: f64 = 4e8;

/// Why a journey was not simulated.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// No scenario has this name.
    UnknownScenario {
        /// The name asked for.
        name: String,
        /// The names there are, "as drawn" first.
        known: Vec<String>,
    },
    /// Some steps send on more people than they hold: fix these first.
    Overflow(Vec<FlowWarning>),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownScenario { name, known } => {
                let known: Vec<String> = known.iter().map(|k| format!("{k:?}")).collect();
                write!(
                    f,
                    "there is no scenario {name:?}; the journey has {}",
                    known.join(", ")
                )
            }
            Self::Overflow(warnings) => {
                write!(
                    f,
                    "cannot simulate until the links and stay of these steps add up to at most 1:"
                )?;
                for w in warnings {
                    write!(f, "\n  {w}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Refusal {}

/// The summary of a journey's numbers, from its fundamental matrix and its run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// K: new people one newcomer brings over their whole journey (infinite when people can
    /// stay forever where they bring others); `None` without a tell step to enter at.
    pub viral_coefficient: Option<f64>,
    /// Whether K ≥ 1: word of mouth alone keeps bringing people.
    pub self_sustaining: bool,
    /// With K < 1, what a seed of people grows to in all, per person: 1 ÷ (1 − K).
    pub growth_per_seed: Option<f64>,
    /// Expected purchases (arrivals at buy steps) of one person reached by marketing.
    pub purchases_per_person: Option<f64>,
    /// The first period by whose end half the audience was reached; `None` if the audience
    /// size is unset or it did not happen within the run.
    pub half_audience_period: Option<usize>,
    /// The audience size the run was capped by.
    pub audience: Option<u64>,
}

/// One step's leak: the share of everyone who entered the journey that was lost there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Leak {
    /// The step's id.
    pub step: String,
    /// People lost there over the run.
    pub lost: f64,
    /// `lost` as a share of everyone who entered (0..=1).
    pub share: f64,
}

/// How many more purchases raising one link's rate would bring.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkGain {
    /// The link's id.
    pub link: String,
    /// How much its rate was raised: [`RATE_STEP`], or less if its step has less room.
    pub raise: f64,
    /// Purchases by the end of the run with the raise, minus without.
    pub gain: f64,
}

/// Everything one scenario's simulation tells.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The scenario's name ([`AS_DRAWN`] for the journey's own numbers).
    pub scenario: String,
    /// The run, period by period.
    pub run: engine::Run,
    /// K and what follows from it.
    pub summary: Summary,
    /// Steps by the share of people lost there, most first; steps losing no one left out.
    pub leaks: Vec<Leak>,
    /// Links by purchases gained from raising their rate, most first; `None` when the
    /// ranking was not asked for or is beyond [`LINK_RANKING_BUDGET`].
    pub link_gains: Option<Vec<LinkGain>>,
    /// Money per newcomer and per customer (of the scenario's numbers).
    pub per_newcomer: PerNewcomer,
    /// The minimum viable audience; `None` for a journey without money.
    pub viability: Option<Viability>,
}

/// Whether the journey has any money in it (as drawn or in a scenario).
pub fn has_money(doc: &Document) -> bool {
    !doc.economics.is_empty()
        || doc.steps().iter().any(|s| !s.money.is_empty())
        || doc
            .scenarios()
            .iter()
            .any(|s| !s.economics.is_empty() || s.steps.iter().any(|(_, o)| !o.money.is_empty()))
}

/// The scenario of this name, `None` for [`AS_DRAWN`].
pub fn find_scenario<'a>(doc: &'a Document, name: &str) -> Result<Option<&'a Scenario>, Refusal> {
    if name == AS_DRAWN {
        return Ok(None);
    }
    doc.scenarios()
        .iter()
        .find(|s| s.name == name)
        .map(Some)
        .ok_or_else(|| Refusal::UnknownScenario {
            name: name.to_owned(),
            known: std::iter::once(AS_DRAWN.to_owned())
                .chain(doc.scenarios().iter().map(|s| s.name.clone()))
                .collect(),
        })
}

/// Simulates the journey under the named scenario (`None` or [`AS_DRAWN`]: its own numbers).
pub fn simulate(
    doc: &Document,
    scenario: Option<&str>,
    options: &Options,
) -> Result<Outcome, Refusal> {
    let name = scenario.unwrap_or(AS_DRAWN);
    let found = find_scenario(doc, name)?;
    let numbers = Numbers::of(doc, found);
    let totals = numbers.out_totals(doc);
    let index = found.and_then(|f| doc.scenarios().iter().position(|s| s.name == f.name));
    let place = index.map(|i| (i, name.to_owned()));
    let mut warnings = over_one(doc, &totals, None, place.as_ref());
    // A scenario in time runs as drawn outside its periods.
    let in_time = found.filter(|s| s.is_in_time());
    let drawn = in_time.map(|_| Numbers::of(doc, None));
    // The room a link's rate has to grow: the least over the periods' numbers.
    let mut room_totals = totals.clone();
    if let Some(drawn) = &drawn {
        let drawn_totals = drawn.out_totals(doc);
        warnings.extend(over_one(doc, &drawn_totals, None, None));
        for (t, d) in room_totals.iter_mut().zip(drawn_totals) {
            *t = t.max(d);
        }
    }
    if !warnings.is_empty() {
        return Err(Refusal::Overflow(warnings));
    }
    let net = Net::new(doc, &numbers);
    let base = drawn.map(|d| Net::new(doc, &d));
    let phase_of = |t: usize| usize::from(in_time.is_some_and(|s| s.applies_in(t as u64 + 1)));
    let periods = options.periods.min(MAX_PERIODS);
    let nets: Vec<&Net> = match &base {
        Some(base) => vec![base, &net],
        None => vec![&net],
    };
    let phase: &dyn Fn(usize) -> usize = if base.is_some() { &phase_of } else { &|_| 0 };
    let run = engine::run_phases(&nets, phase, periods, options.seed, options.record_steps);
    let fundamentals = viral::fundamentals(&net);
    let audience = doc.audience.size;
    let half_audience_period = audience.and_then(|m| {
        let half = m as f64 / 2.0;
        run.periods
            .iter()
            .position(|p| p.reached >= half && m > 0)
            .map(|i| i + 1)
    });
    let k = fundamentals.viral_coefficient;
    let summary = Summary {
        viral_coefficient: k,
        self_sustaining: k.is_some_and(|k| k >= 1.0),
        growth_per_seed: k.filter(|k| *k < 1.0).map(|k| 1.0 / (1.0 - k)),
        purchases_per_person: fundamentals.purchases_per_person,
        half_audience_period,
        audience,
    };
    let leaks = leaks(doc, &run);
    let per_newcomer = money::per_newcomer(&net, periods);
    let viability = has_money(doc)
        .then(|| money::minimum_viable_audience(&nets, phase, periods, &per_newcomer));
    let link_gains = options
        .rank_links
        .then(|| {
            link_gains(
                doc,
                (&nets, phase),
                &room_totals,
                periods,
                options.seed,
                &run,
            )
        })
        .flatten();
    Ok(Outcome {
        scenario: name.to_owned(),
        run,
        summary,
        leaks,
        link_gains,
        per_newcomer,
        viability,
    })
}

fn leaks(doc: &Document, run: &engine::Run) -> Vec<Leak> {
    let entered = run.periods.last().map_or(run.seed, |p| p.reached);
    let mut leaks: Vec<Leak> = doc
        .steps()
        .iter()
        .zip(&run.lost_at_step)
        .filter(|(_, lost)| **lost > 0.0)
        .map(|(step, &lost)| Leak {
            step: step.id.clone(),
            lost,
            share: if entered > 0.0 { lost / entered } else { 0.0 },
        })
        .collect();
    // Ties keep file order.
    leaks.sort_by(|a, b| b.lost.total_cmp(&a.lost));
    leaks
}

/// Purchases gained by raising each ordinary link's rate, in every phase of the run.
fn link_gains(
    doc: &Document,
    (nets, phase): (&[&Net], &dyn Fn(usize) -> usize),
    totals: &[f64],
    periods: usize,
    seed: f64,
    run: &engine::Run,
) -> Option<Vec<LinkGain>> {
    let links = doc.links().len() as f64;
    let work = links * periods as f64 * (doc.steps().len() as f64 + links);
    if work > LINK_RANKING_BUDGET {
        return None;
    }
    let base = run.periods.last().map_or(0.0, |p| p.purchases_total);
    let mut gains = Vec::new();
    for (i, link) in doc.links().iter().enumerate() {
        // A referral link's rate splits referrals; raising it moves nobody.
        if link.referral {
            continue;
        }
        let Some(from) = doc.step_position(&link.from) else {
            continue;
        };
        let raise = RATE_STEP.min(1.0 - totals[from]);
        if raise <= 1e-12 {
            continue;
        }
        let raised: Vec<Net> = nets
            .iter()
            .map(|net| net.with_rate(i, net.rate_of(i) + raise))
            .collect();
        let raised: Vec<&Net> = raised.iter().collect();
        let run = engine::run_phases(&raised, phase, periods, seed, false);
        let purchases = run.periods.last().map_or(0.0, |p| p.purchases_total);
        gains.push(LinkGain {
            link: link.id.clone(),
            raise,
            gain: purchases - base,
        });
    }
    gains.sort_by(|a, b| b.gain.total_cmp(&a.gain));
    Some(gains)
}

#[cfg(test)]
mod tests;
