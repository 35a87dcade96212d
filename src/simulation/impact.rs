//! What each opportunity is worth: the journey run with the opportunity's change against the
//! journey as drawn, over the same periods — the extra purchases the change brings.

use serde::Serialize;

use super::engine::{Net, Run};
use super::{MAX_PERIODS, Refusal};
use crate::model::{Document, Numbers, Opportunity, Scenario, over_one, per_effort};

/// What one opportunity's change does to a run of the journey.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Impact {
    /// Purchases by the end of the run with the change, minus as drawn.
    pub extra_purchases: f64,
    /// People reached by the end of the run with the change, minus as drawn.
    pub extra_reached: f64,
}

impl Impact {
    /// The extra purchases per unit of `effort` (the opportunity's priority by what the
    /// loop says it is worth); `None` without an effort above 0.
    pub fn per_effort(&self, effort: Option<u8>) -> Option<f64> {
        per_effort(self.extra_purchases, effort)
    }
}

/// Every opportunity's impact over one number of periods.
#[derive(Clone, Debug, PartialEq)]
pub struct Impacts {
    /// The number of periods run.
    pub periods: usize,
    /// Per opportunity, in the document's order, by id: its impact, or why its change could
    /// not be run (the journey as drawn cannot be, or the change makes a step send on more
    /// people than it holds).
    pub by_opportunity: Vec<(String, Result<Impact, Refusal>)>,
}

impl Impacts {
    /// The impact of the opportunity `id`, if it was computed and could be.
    pub fn of(&self, id: &str) -> Option<&Impact> {
        self.by_opportunity
            .iter()
            .find(|(o, _)| o == id)
            .and_then(|(_, r)| r.as_ref().ok())
    }

    /// Why the opportunity `id`'s change could not be run, if it could not.
    pub fn refusal(&self, id: &str) -> Option<&Refusal> {
        self.by_opportunity
            .iter()
            .find(|(o, _)| o == id)
            .and_then(|(_, r)| r.as_ref().err())
    }
}

/// The journey's run under `scenario` (`None`: as drawn) over `periods` periods from no
/// one, or why it cannot run.
pub fn run_with(
    doc: &Document,
    scenario: Option<&Scenario>,
    periods: usize,
) -> Result<Run, Refusal> {
    let numbers = Numbers::of(doc, scenario);
    let totals = numbers.out_totals(doc);
    let warnings = over_one(doc, &totals, None, None);
    if !warnings.is_empty() {
        return Err(Refusal::Overflow(warnings));
    }
    Ok(Net::new(doc, &numbers).run(periods.min(MAX_PERIODS), 0.0, false))
}

/// The impact of `opportunity`'s change on `doc` over `periods`, against `base` (the run as
/// drawn over the same periods).
pub fn impact(
    doc: &Document,
    opportunity: &Opportunity,
    base: &Run,
    periods: usize,
) -> Result<Impact, Refusal> {
    let scenario = opportunity.change.as_scenario(&opportunity.id);
    let run = run_with(doc, Some(&scenario), periods)?;
    let last = |r: &Run| {
        r.periods
            .last()
            .map_or((0.0, 0.0), |p| (p.purchases_total, p.reached))
    };
    let (purchases, reached) = last(&run);
    let (base_purchases, base_reached) = last(base);
    Ok(Impact {
        extra_purchases: purchases - base_purchases,
        extra_reached: reached - base_reached,
    })
}

/// Every opportunity's impact on `doc` over `periods`: the journey as drawn is run once,
/// then once per opportunity with its change.
pub fn impacts(doc: &Document, periods: usize) -> Impacts {
    let base = run_with(doc, None, periods);
    let by_opportunity = doc
        .opportunities()
        .iter()
        .map(|o| {
            let result = match &base {
                Ok(base) => impact(doc, o, base, periods),
                Err(refusal) => Err(refusal.clone()),
            };
            (o.id.clone(), result)
        })
        .collect();
    Impacts {
        periods,
        by_opportunity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Link, LinkOverride, Stage, Step, StepOverride};

    /// An ad reaching 100 people a period, 10 % of whom go on to buy: no one stays.
    fn ad_and_checkout() -> Document {
        let mut doc = Document::new("t");
        let mut ad = Step::new("ad", Stage::Tell, "Ad", [0.0, 0.0]);
        ad.reach = Some(100.0);
        let pay = Step::new("pay", Stage::Buy, "Pay", [200.0, 0.0]);
        let mut link = Link::new("ad-pay", "ad", "pay");
        link.rate = Some(0.1);
        doc.set_steps_and_links(vec![ad, pay], vec![link]).unwrap();
        doc
    }

    fn raise_to(rate: f64) -> Opportunity {
        let mut o = Opportunity::new("raise", "Clearer ad");
        o.change = Change {
            links: vec![(
                "ad-pay".into(),
                LinkOverride {
                    rate: Some(rate),
                    ..LinkOverride::default()
                },
            )],
            ..Change::default()
        };
        o
    }

    #[test]
    fn the_extra_purchases_of_a_raised_rate_are_the_closed_form() {
        // The 100 people reached in a period are at the ad from the next one on, and a share
        // r of them buys there: no purchase in period 1, then 100 r in each of the P − 1
        // periods after. Raising r from 0.1 to 0.2 over 52 periods: 51 × 100 × 0.1 = 510.
        let mut doc = ad_and_checkout();
        doc.set_opportunities(vec![raise_to(0.2)]).unwrap();
        let impacts = impacts(&doc, 52);
        let impact = impacts.of("raise").unwrap();
        assert!((impact.extra_purchases - 510.0).abs() < 1e-9, "{impact:?}");
        assert_eq!(impact.extra_reached, 0.0, "reach does not change");
        assert_eq!(impact.per_effort(Some(3)), Some(170.0));
        assert_eq!(impact.per_effort(Some(0)), None);
        // The same change as a scenario, through the whole simulation: the same difference.
        let mut as_scenario = doc.clone();
        as_scenario
            .set_scenarios(vec![raise_to(0.2).change.as_scenario("raise")])
            .unwrap();
        let options = super::super::Options::periods(52);
        let with = super::super::simulate(&as_scenario, Some("raise"), &options).unwrap();
        let without = super::super::simulate(&as_scenario, None, &options).unwrap();
        let total = |o: &super::super::Outcome| o.run.periods.last().unwrap().purchases_total;
        assert!((total(&with) - total(&without) - impact.extra_purchases).abs() < 1e-9);
    }

    #[test]
    fn more_reach_brings_more_people_and_purchases() {
        // Reach 100 → 150 with the rate at 0.1: 50 more people a period (52 × 50 = 2,600 by
        // the end) and 0.1 × 50 more purchases in each of periods 2…52 (255).
        let mut doc = ad_and_checkout();
        let mut more = Opportunity::new("more", "Bigger campaign");
        more.change.steps = vec![(
            "ad".into(),
            StepOverride {
                reach: Some(150.0),
                ..StepOverride::default()
            },
        )];
        doc.set_opportunities(vec![more]).unwrap();
        let impact = impacts(&doc, 52).of("more").cloned().unwrap();
        assert!((impact.extra_reached - 2600.0).abs() < 1e-9);
        assert!((impact.extra_purchases - 255.0).abs() < 1e-9);
    }

    #[test]
    fn a_change_that_overflows_a_step_is_refused_and_named() {
        let mut doc = ad_and_checkout();
        let mut stay = raise_to(0.9);
        stay.change.steps = vec![(
            "ad".into(),
            StepOverride {
                stay: Some(0.5),
                ..StepOverride::default()
            },
        )];
        doc.set_opportunities(vec![stay, Opportunity::new("nothing", "No change")])
            .unwrap();
        let impacts = impacts(&doc, 10);
        assert!(matches!(
            impacts.refusal("raise"),
            Some(Refusal::Overflow(w)) if w[0].step == "ad"
        ));
        assert_eq!(impacts.of("nothing").map(|i| i.extra_purchases), Some(0.0));
    }
}
