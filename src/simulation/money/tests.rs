use proptest::prelude::*;

use super::super::{Options, simulate};
use super::*;
use crate::model::{Document, Link, Scenario, Stage, Step, StepMoney, StepOverride};

fn step(id: &str, stage: Stage, stay: f64, money: StepMoney) -> Step {
    let mut s = Step::new(id, stage, id, [0.0, 0.0]);
    s.stay = (stay > 0.0).then_some(stay);
    s.money = money.into();
    s
}

fn link(from: &str, to: &str, rate: f64) -> Link {
    let mut l = Link::new(format!("{from}-{to}"), from, to);
    l.rate = Some(rate);
    l
}

fn options(periods: usize) -> Options {
    Options {
        periods,
        seed: 0.0,
        record_steps: false,
        rank_links: false,
    }
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn a_step_that_keeps_a_share_is_worth_m_times_1_plus_d_over_1_plus_d_minus_r() {
    // m = 100 per period, r = 0.8 kept, d = 0.1: 100 · 1.1 ÷ 0.3 = 366.67, which is
    // Gupta–Lehmann's m·r ÷ (1 + d − r) = 266.67 plus the first period's m.
    let mut doc = Document::new("club");
    let mut club = step(
        "club",
        Stage::Tell,
        0.8,
        StepMoney {
            revenue: Some(100.0),
            ..StepMoney::default()
        },
    );
    club.reach = Some(1.0);
    doc.set_steps_and_links(vec![club], vec![]).unwrap();
    doc.economics.discount_rate = Some(0.1);
    let outcome = simulate(&doc, None, &options(10)).unwrap();
    let value = outcome.per_newcomer.value.unwrap();
    assert!(close(value, 100.0 * 1.1 / 0.3, 1e-12), "{value}");
    assert!(close(value, 366.666_666_666_666_7, 1e-12));
    assert!(close(value - 100.0, 100.0 * 0.8 / 0.3, 1e-12));
}

/// Everyone stays at "club", where marketing brings 100 people a period: 100·t people
/// are there at the end of period t. Each pays 1 a period and costs 0.25, and a scenario
/// raises what they pay to 3 in periods 2 and 3 only. A period's revenue is booked at
/// the price of its own period, also where the numbers change from one period to the
/// next: 100, 2·100·3, 3·100·3, 400, 500.
#[test]
fn people_at_a_step_pay_the_price_of_the_period_they_end_in() {
    let mut doc = Document::new("club");
    let mut club = step(
        "club",
        Stage::Tell,
        1.0,
        StepMoney {
            revenue: Some(1.0),
            cost: Some(0.25),
            ..StepMoney::default()
        },
    );
    club.reach = Some(100.0);
    doc.set_steps_and_links(vec![club], vec![]).unwrap();
    let mut promo = Scenario::new("promo");
    promo.from_period = Some(2);
    promo.until_period = Some(3);
    promo.steps.push((
        "club".into(),
        StepOverride {
            money: StepMoney {
                revenue: Some(3.0),
                ..StepMoney::default()
            },
            ..StepOverride::default()
        },
    ));
    doc.set_scenarios(vec![promo]).unwrap();
    let run = simulate(&doc, Some("promo"), &options(5)).unwrap().run;
    let revenue: Vec<f64> = run.periods.iter().map(|p| p.revenue).collect();
    assert_eq!(revenue, [100.0, 600.0, 900.0, 400.0, 500.0]);
    let serving: Vec<f64> = run.periods.iter().map(|p| p.serving_costs).collect();
    assert_eq!(serving, [25.0, 50.0, 75.0, 100.0, 125.0]);
    let at: Vec<f64> = run.periods.iter().map(|p| p.at_steps).collect();
    assert_eq!(at, [100.0, 200.0, 300.0, 400.0, 500.0]);
    // Profit adds up: (1 − 0.25)·100 + (3 − 0.25)·500 + (1 − 0.25)·900.
    assert_eq!(run.periods[4].cash, 75.0 + 1375.0 + 675.0);
}

/// Marketing brings 100 people a period at 2 each; half of those at "ads" buy in the next
/// period at 4 (unit cost 1); fixed costs are 10. Marketing's budget is 200 plus a quarter
/// of the previous period's revenue, and from period 2 a crisis cuts the 200 to nothing:
/// spend follows sales alone, and sales follow spend.
#[test]
fn a_budget_share_spirals_down_as_worked_out_by_hand() {
    let mut doc = Document::new("spiral");
    let ads = step(
        "ads",
        Stage::Tell,
        0.0,
        StepMoney {
            cost_per_reach: Some(2.0),
            budget: Some(200.0),
            budget_share: Some(0.25),
            ..StepMoney::default()
        },
    );
    let shop = step("shop", Stage::Buy, 0.0, StepMoney::default());
    doc.set_steps_and_links(vec![ads, shop], vec![link("ads", "shop", 0.5)])
        .unwrap();
    doc.economics.price = Some(4.0);
    doc.economics.unit_cost = Some(1.0);
    doc.economics.fixed_costs = Some(10.0);
    doc.economics.discount_rate = Some(0.1);
    let mut crisis = Scenario::new("crisis");
    crisis.from_period = Some(2);
    crisis.steps.push((
        "ads".into(),
        StepOverride {
            money: StepMoney {
                budget: Some(0.0),
                ..StepMoney::default()
            },
            ..StepOverride::default()
        },
    ));
    doc.set_scenarios(vec![crisis]).unwrap();
    let run = simulate(&doc, Some("crisis"), &options(5)).unwrap().run;
    // Period: (spend, reached, purchases, revenue).
    // 1: 200 + ¼·0 = 200 → 100 reached; nobody there yet to buy.
    // 2: 0 + ¼·0 = 0 → nobody; ½·100 = 50 buy at 4: 200.
    // 3: ¼·200 = 50 → 25; nobody there to buy.
    // 4: ¼·0 = 0; ½·25 = 12.5 buy: 50.
    // 5: ¼·50 = 12.5 → 6.25; nobody to buy.
    let expected = [
        (200.0, 100.0, 0.0, 0.0),
        (0.0, 0.0, 50.0, 200.0),
        (50.0, 25.0, 0.0, 0.0),
        (0.0, 0.0, 12.5, 50.0),
        (12.5, 6.25, 0.0, 0.0),
    ];
    let mut cash = 0.0;
    let mut discounted = 0.0;
    for (t, (p, &(spend, reached, purchases, revenue))) in
        run.periods.iter().zip(&expected).enumerate()
    {
        assert_eq!(p.marketing, spend, "period {}", t + 1);
        assert_eq!(p.new_marketing, reached, "period {}", t + 1);
        assert_eq!(p.purchases, purchases, "period {}", t + 1);
        assert_eq!(p.revenue, revenue, "period {}", t + 1);
        assert_eq!(p.purchase_costs, purchases, "unit cost 1");
        assert_eq!(p.fixed_costs, 10.0);
        let profit = revenue - purchases - spend - 10.0;
        assert_eq!(p.profit, profit);
        cash += profit;
        discounted += profit / 1.1_f64.powi(i32::try_from(t).unwrap());
        assert!(close(p.cash, cash, 1e-12));
        assert!(
            close(p.discounted_cash, discounted, 1e-12),
            "period {}",
            t + 1
        );
    }
    // −210, 140, −60, 27.5, −22.5.
    assert_eq!(run.periods[4].cash, -125.0);
    // As drawn, the budget keeps marketing going: 200 + a quarter of the sales.
    let drawn = simulate(&doc, None, &options(5)).unwrap().run;
    assert_eq!(drawn.periods[2].marketing, 250.0);
}

#[test]
fn a_scenario_overrides_the_economics_during_its_periods_only() {
    let mut doc = two_periods(1.0, 200.0);
    doc.economics.price = Some(3.0);
    let mut dear = Scenario::new("dear rent");
    dear.from_period = Some(2);
    dear.until_period = Some(3);
    dear.economics.fixed_costs = Some(500.0);
    doc.set_scenarios(vec![dear]).unwrap();
    let run = simulate(&doc, Some("dear rent"), &options(5)).unwrap().run;
    let fixed: Vec<f64> = run.periods.iter().map(|p| p.fixed_costs).collect();
    assert_eq!(fixed, [200.0, 500.0, 500.0, 200.0, 200.0]);
    // Outside its periods the run is the journey as drawn, period by period.
    let drawn = simulate(&doc, None, &options(5)).unwrap().run;
    assert_eq!(run.periods[0], drawn.periods[0]);
    assert_eq!(run.periods[3].revenue, drawn.periods[3].revenue);
}

/// Two periods of a tell step that keeps nobody, reached 1,000 a period at 0.4 each, each
/// person paying 1 in the period they are there; fixed costs 200, no discount. With an
/// audience of M ≥ 1,000: 1,000 come in period 1 and 1,000·(1 − 1,000 ÷ M) in period 2, so
/// the cash at the end is 1,000 + 1,000·(1 − 1,000 ÷ M) − 800 − 400, ≥ 0 from M = 1,250.
fn two_periods(revenue: f64, fixed_costs: f64) -> Document {
    let mut doc = Document::new("break-even");
    let mut tell = step(
        "tell",
        Stage::Tell,
        0.0,
        StepMoney {
            revenue: Some(revenue),
            cost_per_reach: Some(0.4),
            ..StepMoney::default()
        },
    );
    tell.reach = Some(1000.0);
    doc.set_steps_and_links(vec![tell], vec![]).unwrap();
    doc.economics.fixed_costs = Some(fixed_costs);
    doc
}

#[test]
fn the_minimum_viable_audience_of_a_journey_worked_out_by_hand() {
    let doc = two_periods(1.0, 200.0);
    let outcome = simulate(&doc, None, &options(2)).unwrap();
    let Some(Viability::BreaksEven { size }) = outcome.viability else {
        panic!("{:?}", outcome.viability);
    };
    assert!((1250..=1263).contains(&size), "{size}");
    // Monotone: a larger audience ends with more, a smaller one (beyond the 1 %) short.
    let end = |m: u64| {
        let mut doc = doc.clone();
        doc.audience.size = Some(m);
        simulate(&doc, None, &options(2))
            .unwrap()
            .run
            .periods
            .last()
            .unwrap()
            .discounted_cash
    };
    assert!(end(size) >= 0.0);
    assert!(end(1237) < 0.0);
    let ends: Vec<f64> = [1000, 1100, 1250, 2000, 10_000].map(end).to_vec();
    assert!(ends.windows(2).all(|w| w[0] <= w[1]), "{ends:?}");
    assert!(close(end(2000), 1000.0 + 500.0 - 1200.0, 1e-12));
}

#[test]
fn a_journey_that_cannot_live_on_any_audience_says_why() {
    // Each newcomer pays 0.1 and costs 0.4 to reach.
    let outcome = simulate(&two_periods(0.1, 0.0), None, &options(2)).unwrap();
    assert_eq!(
        outcome.viability,
        Some(Viability::NotViable {
            reason: "a newcomer brings less than they cost: 0.10 against 0.40 to reach them"
                .to_owned()
        })
    );
    // Each pays 1 for 0.4, but 2,000 of fixed costs a period eat the 600 they leave.
    let outcome = simulate(&two_periods(1.0, 2000.0), None, &options(2)).unwrap();
    assert_eq!(
        outcome.viability,
        Some(Viability::NotViable {
            reason: "the fixed costs exceed the best contribution: even an unlimited \
                     audience ends the run with -2,800 of discounted cash"
                .to_owned()
        })
    );
    // Without fixed costs: marketing spends 800 over the two periods whoever is left to
    // reach, and an audience of M ≤ 1,000 all come in period 1 and pay M; M = 800.
    let outcome = simulate(&two_periods(1.0, 0.0), None, &options(2)).unwrap();
    assert_eq!(outcome.viability, Some(Viability::BreaksEven { size: 800 }));
    // A journey that costs nothing lives on no audience at all.
    let mut free = two_periods(1.0, 0.0);
    let mut tell = (*free.steps()[0]).clone();
    tell.money.cost_per_reach = None;
    free.set_steps_and_links(vec![tell], vec![]).unwrap();
    let outcome = simulate(&free, None, &options(2)).unwrap();
    assert_eq!(outcome.viability, Some(Viability::BreaksEven { size: 0 }));
}

#[test]
fn ltv_cac_and_payback_of_a_journey_worked_out_by_hand() {
    // Newcomers cost 5 each; half of them buy (at 30, unit cost 10) in their second
    // period; a buyer then stays at the club (paying 8, costing 3) with chance 0.5 a
    // period. No discount: value = ½·20 + ½·5·(1 ÷ (1 − 0.5)) = 15; per customer 30 and
    // 10; payback: 0 in period 1, 10 + 2.5 by the end of period 2.
    let mut doc = Document::new("ltv");
    let mut ads = step(
        "ads",
        Stage::Tell,
        0.0,
        StepMoney {
            cost_per_reach: Some(5.0),
            ..StepMoney::default()
        },
    );
    ads.reach = Some(10.0);
    let club = step(
        "club",
        Stage::Buy,
        0.5,
        StepMoney {
            revenue: Some(8.0),
            cost: Some(3.0),
            ..StepMoney::default()
        },
    );
    doc.set_steps_and_links(vec![ads, club], vec![link("ads", "club", 0.5)])
        .unwrap();
    doc.economics.price = Some(30.0);
    doc.economics.unit_cost = Some(10.0);
    let n = simulate(&doc, None, &options(20)).unwrap().per_newcomer;
    assert!(close(n.value.unwrap(), 15.0, 1e-12), "{n:?}");
    assert_eq!(n.value_with_referrals, n.value);
    assert_eq!(n.acquisition_cost, Some(5.0));
    assert!(close(n.buy_chance.unwrap(), 0.5, 1e-12));
    assert!(close(n.lifetime_value.unwrap(), 30.0, 1e-12));
    assert!(close(n.customer_acquisition_cost.unwrap(), 10.0, 1e-12));
    assert!(close(n.ltv_to_cac.unwrap(), 3.0, 1e-12));
    assert_eq!(n.payback_period, Some(2));
}

#[test]
fn referrals_add_their_newcomers_value_discounted() {
    // One tell step keeping nobody, each person paying 10 and referring 0.5 newcomers who
    // arrive a period later: V = 10 + 0.5·β·V, so V = 10 ÷ (1 − 0.5 ÷ 1.25) = 16.67 at
    // d = 0.25.
    let mut doc = Document::new("refer");
    let mut tell = step(
        "tell",
        Stage::Tell,
        0.0,
        StepMoney {
            revenue: Some(10.0),
            ..StepMoney::default()
        },
    );
    tell.reach = Some(1.0);
    tell.referrals = Some(0.5);
    doc.set_steps_and_links(vec![tell], vec![]).unwrap();
    doc.economics.discount_rate = Some(0.25);
    let n = simulate(&doc, None, &options(5)).unwrap().per_newcomer;
    assert!(close(n.value.unwrap(), 10.0, 1e-12));
    assert!(
        close(n.value_with_referrals.unwrap(), 10.0 / 0.6, 1e-12),
        "{n:?}"
    );
}

/// A journey of up to 6 steps with money, stays and links (no referrals), and a scenario
/// that has marketing reach its tell steps in period 1 only: one cohort.
fn cohort_journey() -> impl Strategy<Value = (Document, f64)> {
    let spec = (
        0..6_usize,
        0.0..0.9f64,
        (0.0..50.0f64, 0.0..20.0f64, 0.0..100.0f64),
        1.0..100.0f64,
    );
    (
        prop::collection::vec(spec, 1..6),
        prop::collection::vec((0..7_usize, 0..7_usize, 0.0..1.0f64), 0..10),
        0.05..0.5f64,
        (0.0..40.0f64, 0.0..10.0f64),
    )
        .prop_map(|(specs, links, d, (price, unit_cost))| {
            let mut steps = vec![step("t0", Stage::Tell, 0.3, StepMoney::default())];
            for (i, &(stage, stay, (revenue, cost, own_price), _)) in specs.iter().enumerate() {
                let stage = Stage::ALL[stage];
                let money = StepMoney {
                    revenue: Some(revenue),
                    cost: Some(cost),
                    price: (stage == Stage::Buy).then_some(own_price),
                    ..StepMoney::default()
                };
                steps.push(step(&format!("s{i}"), stage, stay, money));
            }
            let n = steps.len();
            // Rates scaled so that no step sends on more than it holds.
            let mut out = vec![0.0; n];
            let mut kept = Vec::new();
            for (k, &(from, to, rate)) in links.iter().enumerate() {
                let (from, to) = (from % n, to % n);
                let room = 1.0 - steps[from].stay.unwrap_or(0.0) - out[from];
                let rate = rate * room * 0.9;
                out[from] += rate;
                let mut l = link(&steps[from].id.clone(), &steps[to].id.clone(), rate);
                l.id = format!("l{k}");
                kept.push(l);
            }
            let mut doc = Document::new("cohort");
            let mut cohort = Scenario::new("cohort");
            cohort.until_period = Some(1);
            let mut total = 0.0;
            let reaches = std::iter::once(10.0).chain(specs.iter().map(|s| s.3));
            for (s, reach) in steps.iter().zip(reaches) {
                if s.stage == Stage::Tell {
                    total += reach;
                    cohort.steps.push((
                        s.id.clone(),
                        StepOverride {
                            reach: Some(reach),
                            ..StepOverride::default()
                        },
                    ));
                }
            }
            doc.set_steps_and_links(steps, kept).unwrap();
            doc.set_scenarios(vec![cohort]).unwrap();
            doc.economics.price = Some(price);
            doc.economics.unit_cost = Some(unit_cost);
            doc.economics.discount_rate = Some(d);
            (doc, total)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_value_from_the_fundamental_matrix_is_a_discounted_cohorts_money(
        (doc, cohort) in cohort_journey()
    ) {
        // The cohort: the people marketing brings in period 1, in its mix.
        let outcome = simulate(&doc, Some("cohort"), &options(1500)).unwrap();
        let value = outcome.per_newcomer.value.unwrap();
        let cash = outcome.run.periods.last().unwrap().discounted_cash;
        prop_assert!(
            (cash / cohort - value).abs() <= 1e-9 * value.abs().max(1.0),
            "{} per newcomer from the run, {value} from the matrix", cash / cohort
        );
    }
}
