//! What each opportunity is worth: the journey run with the opportunity's change against the
//! journey as drawn, over the same periods — the extra purchases the change brings, and once
//! money is in the loop the extra discounted cash (the run's own ledger, period by period).

use serde::Serialize;

use super::engine::{Net, Run};
use super::{MAX_PERIODS, Refusal, has_money};
use crate::model::{Document, Numbers, Opportunity, Scenario, over_one, per_effort};

/// What one opportunity's change does to a run of the journey.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Impact {
    /// Purchases by the end of the run with the change, minus as drawn.
    pub extra_purchases: f64,
    /// People reached by the end of the run with the change, minus as drawn.
    pub extra_reached: f64,
    /// Discounted cash at the end of the run with the change, minus as drawn (each period's
    /// profit discounted by (1 + d)^−(t−1), as in the run's report); `None` when the journey
    /// has no money in it (see [`money_in_the_loop`]).
    pub extra_discounted_cash: Option<f64>,
}

impl Impact {
    /// The extra purchases per unit of `effort` (the opportunity's priority by what the
    /// loop says it is worth); `None` without an effort above 0.
    pub fn per_effort(&self, effort: Option<u8>) -> Option<f64> {
        per_effort(self.extra_purchases, effort)
    }
}

/// Whether the impacts of `doc`'s opportunities count money: the journey has money in it
/// (as drawn or in a scenario), or an opportunity's change puts some in.
pub fn money_in_the_loop(doc: &Document) -> bool {
    has_money(doc)
        || doc
            .opportunities()
            .iter()
            .any(|o| o.change.steps.iter().any(|(_, s)| !s.money.is_empty()))
}

/// Every opportunity's impact over one number of periods.
#[derive(Clone, Debug, PartialEq)]
pub struct Impacts {
    /// The number of periods run.
    pub periods: usize,
    /// Whether money is in the loop ([`money_in_the_loop`]): each impact then has its extra
    /// discounted cash.
    pub money: bool,
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
/// drawn over the same periods); `money`: whether to count its extra discounted cash.
pub fn impact(
    doc: &Document,
    opportunity: &Opportunity,
    base: &Run,
    periods: usize,
    money: bool,
) -> Result<Impact, Refusal> {
    let scenario = opportunity.change.as_scenario(&opportunity.id);
    let run = run_with(doc, Some(&scenario), periods)?;
    let last = |r: &Run| {
        r.periods.last().map_or((0.0, 0.0, 0.0), |p| {
            (p.purchases_total, p.reached, p.discounted_cash)
        })
    };
    let (purchases, reached, cash) = last(&run);
    let (base_purchases, base_reached, base_cash) = last(base);
    Ok(Impact {
        extra_purchases: purchases - base_purchases,
        extra_reached: reached - base_reached,
        extra_discounted_cash: money.then_some(cash - base_cash),
    })
}

/// Every opportunity's impact on `doc` over `periods`: the journey as drawn is run once,
/// then once per opportunity with its change.
pub fn impacts(doc: &Document, periods: usize) -> Impacts {
    let base = run_with(doc, None, periods);
    let money = money_in_the_loop(doc);
    let by_opportunity = doc
        .opportunities()
        .iter()
        .map(|o| {
            let result = match &base {
                Ok(base) => impact(doc, o, base, periods, money),
                Err(refusal) => Err(refusal.clone()),
            };
            (o.id.clone(), result)
        })
        .collect();
    Impacts {
        periods,
        money,
        by_opportunity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Link, LinkOverride, Stage, Step, StepMoney, StepOverride};

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
        assert!(!impacts.money);
        assert_eq!(impact.extra_discounted_cash, None, "no money in the loop");
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

    /// An opportunity that sets the cost per person per period at `step` to `cost`.
    fn cost_to(step: &str, cost: f64) -> Opportunity {
        let mut o = Opportunity::new("cheaper", "Cheaper to serve");
        o.change.steps = vec![(
            step.into(),
            StepOverride {
                money: StepMoney {
                    cost: Some(cost),
                    ..StepMoney::default()
                },
                ..StepOverride::default()
            },
        )];
        o
    }

    /// The discounted cash at the end of `doc`'s run with scenario `name` (or as drawn) over
    /// `periods`, through the whole simulation.
    fn end_cash(doc: &Document, name: Option<&str>, periods: usize) -> f64 {
        let options = super::super::Options::periods(periods);
        let outcome = super::super::simulate(doc, name, &options).unwrap();
        outcome.run.periods.last().unwrap().discounted_cash
    }

    #[test]
    fn a_cost_cut_brings_the_people_there_times_the_cut_discounted() {
        // One step reaching 100 a period and keeping half of those there: 100, 150, 175
        // people at the end of periods 1, 2, 3. Their cost per person per period drops from
        // 2 to 1, at d = 0.1: Σ people_t × 1 × 1.1^−(t−1) = 100 + 150 ÷ 1.1 + 175 ÷ 1.21
        // = 100 + 136.3636… + 144.6281… = 380.9917.
        let mut doc = Document::new("club");
        let mut club = Step::new("club", Stage::Tell, "Club", [0.0, 0.0]);
        club.reach = Some(100.0);
        club.stay = Some(0.5);
        club.money.cost = Some(2.0);
        doc.set_steps_and_links(vec![club], vec![]).unwrap();
        doc.economics.discount_rate = Some(0.1);
        doc.set_opportunities(vec![cost_to("club", 1.0)]).unwrap();
        let impacts = impacts(&doc, 3);
        assert!(impacts.money);
        let impact = impacts.of("cheaper").unwrap();
        let cash = impact.extra_discounted_cash.unwrap();
        let by_hand = 100.0 + 150.0 / 1.1 + 175.0 / 1.21;
        assert!((cash - by_hand).abs() < 1e-9, "{cash} against {by_hand}");
        assert!((cash - 380.991_735_5).abs() < 1e-6, "{cash}");
        assert_eq!(impact.extra_purchases, 0.0);
        // Priority stays the extra purchases per unit of effort.
        assert_eq!(impact.per_effort(Some(2)), Some(0.0));
        // The same change as a scenario, through the whole simulation: the same difference.
        let mut as_scenario = doc.clone();
        as_scenario
            .set_scenarios(vec![cost_to("club", 1.0).change.as_scenario("cheaper")])
            .unwrap();
        let second = end_cash(&as_scenario, Some("cheaper"), 3) - end_cash(&as_scenario, None, 3);
        assert!((second - cash).abs() < 1e-9, "{second} against {cash}");
    }

    #[test]
    fn care_cost_down_saves_its_cost_on_the_people_in_care_discounted() {
        // An ad reaching 100 a period (kept by no one); half of those at the ad buy a period
        // later at 30, and everyone who bought comes to care a period after that, where half
        // stay each period. People in care at the end of periods 1…4: 0, 0, 50, 25 + 50 = 75.
        // Care's cost per person per period drops from 4 to 1 at d = 0.25:
        // 3 × (50 ÷ 1.25² + 75 ÷ 1.25³) = 3 × (32 + 38.4) = 211.2.
        let mut doc = Document::new("care");
        let mut ad = Step::new("ad", Stage::Tell, "Ad", [0.0, 0.0]);
        ad.reach = Some(100.0);
        ad.money.cost_per_reach = Some(0.5);
        let pay = Step::new("pay", Stage::Buy, "Pay", [200.0, 0.0]);
        let mut care = Step::new("care", Stage::Care, "Help desk", [400.0, 0.0]);
        care.stay = Some(0.5);
        care.money.cost = Some(4.0);
        let mut ad_pay = Link::new("ad-pay", "ad", "pay");
        ad_pay.rate = Some(0.5);
        let mut pay_care = Link::new("pay-care", "pay", "care");
        pay_care.rate = Some(1.0);
        doc.set_steps_and_links(vec![ad, pay, care], vec![ad_pay, pay_care])
            .unwrap();
        doc.economics.price = Some(30.0);
        doc.economics.unit_cost = Some(10.0);
        doc.economics.discount_rate = Some(0.25);
        doc.set_opportunities(vec![cost_to("care", 1.0), raise_to(0.5)])
            .unwrap();
        let impacts = impacts(&doc, 4);
        let cheaper = impacts.of("cheaper").unwrap();
        let cash = cheaper.extra_discounted_cash.unwrap();
        assert!((cash - 211.2).abs() < 1e-9, "{cash}");
        assert!((cash - 3.0 * (50.0 / 1.25_f64.powi(2) + 75.0 / 1.25_f64.powi(3))).abs() < 1e-9);
        assert_eq!(cheaper.extra_purchases, 0.0);
        // A change that moves no number moves no money.
        assert_eq!(
            impacts.of("raise").map(|i| i.extra_discounted_cash),
            Some(Some(0.0))
        );
        // Against the run report's own ledger, as drawn and with the change as a scenario.
        let mut as_scenario = doc.clone();
        as_scenario
            .set_scenarios(vec![cost_to("care", 1.0).change.as_scenario("cheaper")])
            .unwrap();
        let second = end_cash(&as_scenario, Some("cheaper"), 4) - end_cash(&as_scenario, None, 4);
        assert!((second - cash).abs() < 1e-9, "{second} against {cash}");
    }

    #[test]
    fn a_change_that_puts_money_in_a_journey_without_counts_it_for_every_opportunity() {
        // The ad journey has no money; one change gives the ad a revenue of 1 per person per
        // period: 100 people there at the end of each of 3 periods, no discount: 300.
        let mut doc = ad_and_checkout();
        let mut paid = Opportunity::new("paid", "Paid ad");
        paid.change.steps = vec![(
            "ad".into(),
            StepOverride {
                money: StepMoney {
                    revenue: Some(1.0),
                    ..StepMoney::default()
                },
                ..StepOverride::default()
            },
        )];
        doc.set_opportunities(vec![paid, raise_to(0.2)]).unwrap();
        let impacts = impacts(&doc, 3);
        assert!(impacts.money);
        let cash = |id: &str| impacts.of(id).and_then(|i| i.extra_discounted_cash);
        assert_eq!(cash("paid"), Some(300.0));
        assert_eq!(cash("raise"), Some(0.0));
    }

    #[test]
    fn a_gain_or_loss_of_money_reads_with_its_sign() {
        use super::super::report::signed_money_text;
        assert_eq!(signed_money_text(380.991_7), "+380.99");
        assert_eq!(signed_money_text(-1250.4), "\u{2212}1,250");
        assert_eq!(signed_money_text(0.001), "0.00");
        assert_eq!(signed_money_text(-0.001), "0.00");
    }
}
