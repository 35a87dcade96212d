//! What a newcomer is worth and costs, and the smallest audience a journey lives on.
//!
//! A person at step i at the end of a period pays the step's revenue less its cost, `m[i]`,
//! in that period; in the next one they buy along their links into buy steps (earning the
//! price less the unit cost, `p[i]` per person at i) and move on. Discounting by β = 1 ÷ (1 + d)
//! per period, what a person at i brings from then on is v = m + β·p + β·Q·v, so
//! (I − β·Q) v = m + β·p: one solve with the fundamental matrix (see [`super::fundamental`]).
//! A newcomer brought by marketing enters at the tell steps in proportion to their reach.

use serde::Serialize;

use super::engine::{Net, run_phases};
use super::fundamental::solve;
use super::viral::with_referrals;

/// Money per newcomer and per customer, for the numbers a scenario puts in force.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PerNewcomer {
    /// The expected discounted money a newcomer brought by marketing brings over their
    /// journey, without the people they refer; `None` without a tell step, infinite when
    /// people can stay forever where they earn (with no discount).
    pub value: Option<f64>,
    /// The same with the newcomers they refer (and theirs, …), discounted alike.
    pub value_with_referrals: Option<f64>,
    /// What marketing pays to bring one newcomer: the tell steps' costs per reach, weighed by
    /// where marketing brings people.
    pub acquisition_cost: Option<f64>,
    /// The chance that a newcomer ever buys (moves into a buy step).
    pub buy_chance: Option<f64>,
    /// Value per customer: `value` ÷ `buy_chance`.
    pub lifetime_value: Option<f64>,
    /// Acquisition cost per customer: `acquisition_cost` ÷ `buy_chance`.
    pub customer_acquisition_cost: Option<f64>,
    /// `lifetime_value` ÷ `customer_acquisition_cost` (the same as value ÷ acquisition cost).
    pub ltv_to_cac: Option<f64>,
    /// The first period by whose end the money a cohort of newcomers has brought (not
    /// discounted, without referrals) covers what bringing them cost; `None` if not within
    /// the run's periods, or when bringing them costs nothing.
    pub payback_period: Option<usize>,
}

/// Per step (inner order): what a person there brings this period, m, and next period by
/// buying, p.
fn margins(net: &Net) -> (Vec<f64>, Vec<f64>) {
    let money = &net.money;
    let m: Vec<f64> = money
        .revenue
        .iter()
        .zip(&money.cost)
        .map(|(r, c)| r - c)
        .collect();
    let mut p = money.purchase_value.clone();
    for &(_, from, to, rate) in &net.links {
        if net.is_buy[to] {
            p[from] -= rate * money.unit_cost;
        }
    }
    (m, p)
}

/// Per step (inner order): the discounted money a person there at the end of a period brings
/// from then on, that period included (without referrals).
pub(super) fn step_values(net: &Net) -> Vec<f64> {
    let beta = net.money.discount;
    let (m, p) = margins(net);
    let column: Vec<f64> = m.iter().zip(&p).map(|(m, p)| m + beta * p).collect();
    solve(net, beta, &[column]).pop().unwrap_or_default()
}

/// The chance that a person at each step (inner order) ever moves into a buy step.
fn buy_chances(net: &Net) -> Vec<f64> {
    let mut before = net.clone();
    // Arriving at a buy step ends the question: those links lead out of the system.
    before.links.retain(|&(_, _, to, _)| !net.is_buy[to]);
    let mut into_buy = vec![0.0; net.len()];
    for &(_, from, to, rate) in &net.links {
        if net.is_buy[to] {
            into_buy[from] += rate;
        }
    }
    solve(&before, 1.0, &[into_buy]).pop().unwrap_or_default()
}

/// Marketing's mix: the shares of a newcomer's entry at each tell step.
fn at_entry(net: &Net, per_step: &[f64]) -> f64 {
    net.tells
        .iter()
        .zip(&net.entry)
        .map(|(&t, share)| share * per_step[t])
        .sum()
}

/// Money per newcomer for the compiled journey; `periods` bounds the payback period.
pub(super) fn per_newcomer(net: &Net, periods: usize) -> PerNewcomer {
    if net.tells.is_empty() {
        return PerNewcomer {
            value: None,
            value_with_referrals: None,
            acquisition_cost: None,
            buy_chance: None,
            lifetime_value: None,
            customer_acquisition_cost: None,
            ltv_to_cac: None,
            payback_period: None,
        };
    }
    let values = step_values(net);
    let value = at_entry(net, &values);
    let value_with_referrals = with_referrals(net, net.money.discount, &values);
    let acquisition_cost: f64 = net
        .entry
        .iter()
        .zip(&net.money.cost_per_reach)
        .map(|(share, cpr)| share * cpr)
        .sum();
    let buy_chance = at_entry(net, &buy_chances(net));
    let per_customer = |x: f64| (buy_chance > 0.0).then(|| x / buy_chance);
    PerNewcomer {
        value: Some(value),
        value_with_referrals: Some(value_with_referrals),
        acquisition_cost: Some(acquisition_cost),
        buy_chance: Some(buy_chance),
        lifetime_value: per_customer(value),
        customer_acquisition_cost: per_customer(acquisition_cost),
        ltv_to_cac: (acquisition_cost > 0.0).then(|| value / acquisition_cost),
        payback_period: payback(net, acquisition_cost, periods),
    }
}

/// The first period by whose end one newcomer's money (in period 1 at the tell steps in
/// marketing's mix) covers `cost`, within `periods`.
fn payback(net: &Net, cost: f64, periods: usize) -> Option<usize> {
    if cost <= 0.0 {
        return None;
    }
    let (m, p) = margins(net);
    let mut x = vec![0.0; net.len()];
    for (&t, share) in net.tells.iter().zip(&net.entry) {
        x[t] += share;
    }
    let mut after = vec![0.0; net.len()];
    let mut earned: f64 = x.iter().zip(&m).map(|(x, m)| x * m).sum();
    for t in 1..=periods {
        if earned >= cost {
            return Some(t);
        }
        earned += x.iter().zip(&p).map(|(x, p)| x * p).sum::<f64>();
        for ((n, x), stay) in after.iter_mut().zip(&x).zip(&net.stay) {
            *n = stay * x;
        }
        for &(_, from, to, rate) in &net.links {
            after[to] += rate * x[from];
        }
        std::mem::swap(&mut x, &mut after);
        earned += x.iter().zip(&m).map(|(x, m)| x * m).sum::<f64>();
    }
    None
}

/// The smallest audience that lives on the journey, or why none does.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum Viability {
    /// Discounted cash at the end of the run is ≥ 0 from this audience size on (to 1 %).
    BreaksEven {
        /// The smallest such audience size, in people.
        size: u64,
    },
    /// Not at any audience size.
    NotViable {
        /// Why, in words.
        reason: String,
    },
}

/// The most people the search for the minimum viable audience tries: beyond it, the audience
/// cap no longer matters for any count a run holds.
const LARGEST_AUDIENCE: f64 = 1e18;

/// The smallest audience size at which discounted cash at the end of a run of `periods` is
/// ≥ 0, found to 1 % by bisection (discounted cash grows with the audience when a newcomer
/// brings more than they cost); `nets` and `phase` as for a run.
pub(super) fn minimum_viable_audience(
    nets: &[&Net],
    phase: &dyn Fn(usize) -> usize,
    periods: usize,
    newcomer: &PerNewcomer,
) -> Viability {
    let end_cash = |audience: Option<f64>| {
        let capped: Vec<Net> = nets
            .iter()
            .map(|&n| {
                let mut n = n.clone();
                n.audience = audience;
                n
            })
            .collect();
        let capped: Vec<&Net> = capped.iter().collect();
        run_phases(&capped, phase, periods, 0.0, false)
            .periods
            .last()
            .map_or(0.0, |p| p.discounted_cash)
    };
    if end_cash(Some(0.0)) >= 0.0 {
        return Viability::BreaksEven { size: 0 };
    }
    let value = newcomer.value_with_referrals.unwrap_or(0.0);
    let cost = newcomer.acquisition_cost.unwrap_or(0.0);
    let unlimited = end_cash(None);
    if unlimited.is_nan() || unlimited < 0.0 || end_cash(Some(LARGEST_AUDIENCE)) < 0.0 {
        let reason = if value <= cost || value.is_nan() {
            format!(
                "a newcomer brings less than they cost: {} against {} to reach them",
                super::report::money_text(value),
                super::report::money_text(cost)
            )
        } else {
            format!(
                "the fixed costs exceed the best contribution: even an unlimited audience \
                 ends the run with {} of discounted cash",
                super::report::money_text(unlimited)
            )
        };
        return Viability::NotViable { reason };
    }
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    while end_cash(Some(high)) < 0.0 {
        low = high;
        high *= 2.0;
    }
    while high - low > 0.01 * high && high - low > 1.0 {
        let middle = f64::midpoint(low, high);
        if end_cash(Some(middle)) >= 0.0 {
            high = middle;
        } else {
            low = middle;
        }
    }
    Viability::BreaksEven {
        size: high.ceil() as u64,
    }
}

#[cfg(test)]
mod tests;
