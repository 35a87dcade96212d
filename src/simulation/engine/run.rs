//! The period loop: one pass over the steps per period, the links walked by their end, new
//! people from marketing and word of mouth, and the ledger of the money.

use super::{Money, Net, Period, RUNAWAY, Run};

/// Runs `periods` periods from `seed` people at the tell steps, period t (0, 1, …) under
/// `nets[phase_of(t)]`: compilations of one journey under different numbers (a scenario that
/// applies from a period on). The seed enters as the first period's journey brings people in.
///
/// One pass over the steps at the start of each period adds up everything the period needs
/// from the people there (see [`step_pass`]), and the end of a period is the start of the
/// next: so the people at each stage and the revenue and costs of the people at the steps at
/// a period's end are booked when the next period's pass has counted them (or after the last
/// period, or where the numbers change, by a pass of their own).
#[expect(
    clippy::too_many_lines,
    reason = "the period loop, kept whole so the order of its steps reads as documented"
)]
pub fn run_phases(
    nets: &[&Net],
    phase_of: &dyn Fn(usize) -> usize,
    periods: usize,
    seed: f64,
    record_steps: bool,
) -> Run {
    let first = nets[phase_of(0)];
    let n = first.len();
    let tells = first.tells.len();
    let mut x = vec![0.0; n];
    let mut next = vec![0.0; n];
    let mut incoming = vec![0.0; tells];
    // Per phase, people at each step summed over the starts of its periods: a link's flow
    // over the run is its rate times that of its start, a step's loss its leak times its own.
    let mut present = vec![vec![0.0; n]; nets.len()];
    let mut reached = 0.0;
    if seed > 0.0 && tells > 0 {
        for (&t, share) in first.tells.iter().zip(&first.entry) {
            x[t] += seed * share;
        }
        reached = seed;
    }
    let mut run = Run {
        seed: reached,
        periods: Vec::with_capacity(periods),
        lost_at_step: Vec::new(),
        at_end: Vec::new(),
        flow: Vec::new(),
        at_step: Vec::with_capacity(if record_steps { periods * n } else { 0 }),
        lost_at_step_per_period: Vec::with_capacity(if record_steps { periods * n } else { 0 }),
        stopped: None,
    };
    let mut purchases_total = 0.0;
    let mut ledger = Ledger::default();
    // Per routed referrer: what it brought this period, before the audience's cap.
    let mut brought: Vec<f64> = Vec::new();
    let mut referral_flow = vec![0.0; first.all_rates.len()];
    // The period whose money is booked when its end is counted: its phase, what its
    // purchases earned and what marketing spent.
    let mut open: Option<(usize, f64, f64)> = None;
    for t in 0..periods {
        let phase = phase_of(t);
        let this = nets[phase];
        let sums = this.pass(&x, &mut next, &mut present[phase]);
        if let Some(before) = run.periods.last_mut() {
            // People at each stage at the start: the end of the period before.
            before.at_stage = sums.map(|s| s.at);
            before.at_steps = before.at_stage.iter().sum();
            if let Some((was, purchase_value, spend)) = open.take() {
                let per_person = if was == phase {
                    total(&sums, |s| (s.revenue, s.serving))
                } else {
                    nets[was].per_person(&x)
                };
                ledger.close(before, &nets[was].money, purchase_value, spend, per_person);
            }
        }
        let mut period = Period::default();
        let revenue_before = ledger.revenue_before.max(0.0);
        let (reach_total, spend) = this.money.marketing(revenue_before);
        (period.stayed, period.lost, period.moved, period.purchases) =
            total(&sums, |s| (s.stayed, s.lost, s.moved, s.purchases));
        let (purchase_value, everywhere) = total(&sums, |s| (s.purchase_value, s.spread));
        for &(from, to, rate) in &this.hot_links {
            next[to as usize] += rate * x[from as usize];
        }
        // Word of mouth from the people here at the start of the period: along referral
        // links into `incoming`, and `everywhere` to all tell steps evenly.
        brought.clear();
        if !this.routed.is_empty() {
            incoming.fill(0.0);
            for &(j, referrals) in &this.routed {
                let b = referrals * x[j];
                brought.push(b);
                for r in &this.routes[j] {
                    incoming[r.tell] += b * r.share;
                }
            }
        }
        let referrals = if tells > 0 {
            everywhere + sum(&brought)
        } else {
            0.0
        };
        let factor = this.saturation(reached, reach_total + referrals);
        period.new_marketing = factor * reach_total;
        period.new_referrals = factor * referrals;
        let now_reached = reached + period.new_marketing + period.new_referrals;
        let now_at_steps =
            period.stayed + period.moved + period.new_marketing + period.new_referrals;
        // Beyond 10³⁰⁰ the next periods would be infinite or not a number: the run stops
        // with the periods before.
        let runaway = [
            now_at_steps,
            now_reached,
            purchases_total + period.purchases,
        ]
        .iter()
        .any(|v| v.is_nan() || v.abs() > RUNAWAY);
        if runaway {
            for (p, here) in present[phase].iter_mut().zip(&x) {
                *p -= here;
            }
            run.stopped = Some(t + 1);
            break;
        }
        // The tell steps come first in the inner order.
        let each = factor * everywhere / tells.max(1) as f64;
        let per_revenue = factor * revenue_before;
        let arrivals = next[..tells]
            .iter_mut()
            .zip(&this.money.reach_base)
            .zip(&this.money.reach_per_revenue);
        for ((here, base), per) in arrivals {
            *here += factor * base + per_revenue * per + each;
        }
        if !this.routed.is_empty() {
            for (here, routed) in next[..tells].iter_mut().zip(&incoming) {
                *here += factor * routed;
            }
        }
        for (b, &(j, _)) in brought.iter().zip(&this.routed) {
            for r in &this.routes[j] {
                referral_flow[r.link] += factor * b * r.share;
            }
        }
        if record_steps {
            run.lost_at_step_per_period
                .extend(this.inner.iter().map(|&k| this.leak[k] * x[k]));
        }
        reached = now_reached;
        purchases_total += period.purchases;
        std::mem::swap(&mut x, &mut next);
        period.reached = reached;
        period.purchases_total = purchases_total;
        open = Some((phase, purchase_value, spend));
        if record_steps {
            run.at_step.extend(this.inner.iter().map(|&k| x[k]));
        }
        run.periods.push(period);
    }
    // The last period's end, which no period after it counted.
    if let Some(last) = run.periods.last_mut() {
        last.at_stage = first.at_stage(&x);
        last.at_steps = last.at_stage.iter().sum();
        if let Some((was, purchase_value, spend)) = open {
            let per_person = nets[was].per_person(&x);
            ledger.close(last, &nets[was].money, purchase_value, spend, per_person);
        }
    }
    let mut flow = referral_flow;
    let mut lost = vec![0.0; n];
    for (net, present) in nets.iter().zip(&present) {
        for &(index, from, _, rate) in &net.links {
            flow[index] += rate * present[from];
        }
        for ((l, p), leak) in lost.iter_mut().zip(present).zip(&net.leak) {
            *l += leak * p;
        }
    }
    run.lost_at_step = first.in_document_order(&lost);
    run.at_end = first.in_document_order(&x);
    run.flow = flow;
    run
}

/// Adds up one figure (or a tuple of them) of the six stages' sums.
fn total<T: Summed>(sums: &[Sums; 6], figure: impl Fn(&Sums) -> T) -> T {
    sums.iter().map(figure).fold(T::default(), T::plus)
}

/// Figures [`total`] adds up.
trait Summed: Default {
    fn plus(self, other: Self) -> Self;
}

impl Summed for (f64, f64) {
    fn plus(self, o: Self) -> Self {
        (self.0 + o.0, self.1 + o.1)
    }
}

impl Summed for (f64, f64, f64, f64) {
    fn plus(self, o: Self) -> Self {
        (self.0 + o.0, self.1 + o.1, self.2 + o.2, self.3 + o.3)
    }
}

/// The money of a run so far.
#[derive(Default)]
struct Ledger {
    /// The previous period's revenue, which a budget share follows.
    revenue_before: f64,
    /// Profit so far.
    cash: f64,
    /// Discounted profit so far.
    discounted: f64,
    /// What money this period is worth in period 1: (1 + d)^−(t−1).
    weight: f64,
}

impl Ledger {
    /// Books period t's money: purchases earn `purchase_value`, the people at the steps at
    /// its end pay `per_person` (their revenue and their cost), marketing spent `spend`.
    fn close(
        &mut self,
        period: &mut Period,
        money: &Money,
        purchase_value: f64,
        spend: f64,
        (revenue_per_person, serving): (f64, f64),
    ) {
        let revenue = purchase_value + revenue_per_person;
        period.revenue = revenue;
        period.purchase_costs = period.purchases * money.unit_cost;
        period.marketing = spend;
        period.serving_costs = serving;
        period.fixed_costs = money.fixed_costs;
        period.profit = revenue - period.purchase_costs - spend - serving - period.fixed_costs;
        if self.weight == 0.0 {
            self.weight = 1.0;
        } else {
            self.weight *= money.discount;
        }
        self.cash += period.profit;
        self.discounted += period.profit * self.weight;
        period.cash = self.cash;
        period.discounted_cash = self.discounted;
        self.revenue_before = revenue;
    }
}

/// What the step pass adds up over one stage's steps from the people there at the start of
/// a period.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Sums {
    /// People at the steps.
    at: f64,
    /// People who stay.
    stayed: f64,
    /// People who leave.
    lost: f64,
    /// People who move along a link.
    moved: f64,
    /// People who move into a buy step.
    purchases: f64,
    /// Referrals of steps without referral links, which go to all tell steps evenly.
    spread: f64,
    /// What this period's purchases earn ([`Money::purchase_value`]).
    purchase_value: f64,
    /// The revenue of the people here (the period before's, whose end this is).
    revenue: f64,
    /// The cost of the people here.
    serving: f64,
}

impl Net {
    /// The step pass of a period, stage by stage: everyone at a step who stays is carried to
    /// `next`, `present` adds up who was there, and the stages' [`Sums`] are returned.
    fn pass(&self, x: &[f64], next: &mut [f64], present: &mut [f64]) -> [Sums; 6] {
        let b = &self.stage_bounds;
        let money = self.money.per_person || self.money.priced;
        std::array::from_fn(|s| {
            let range = b[s]..b[s + 1];
            if money {
                step_pass::<2, true>(self, range, x, next, present)
            } else {
                step_pass::<4, false>(self, range, x, next, present)
            }
        })
    }

    /// The revenue and cost of the people at the steps (a pass of its own, for a period's
    /// end that no step pass under the same numbers counts).
    fn per_person(&self, x: &[f64]) -> (f64, f64) {
        if !self.money.per_person {
            return (0.0, 0.0);
        }
        x.iter()
            .zip(&self.money.revenue)
            .zip(&self.money.cost)
            .fold((0.0, 0.0), |(r, c), ((here, rv), cs)| {
                (r + here * rv, c + here * cs)
            })
    }
}

/// The part of a period that goes step by step, over the steps in `range` (one stage): see
/// [`Net::pass`]. `MONEY` adds the money's sums.
///
/// Written in `LANES` lanes with no index checks, so that the compiler can keep the totals
/// in vector registers (fewer lanes when there are more totals): this loop and the links'
/// are all a period costs.
fn step_pass<const LANES: usize, const MONEY: bool>(
    journey: &Net,
    range: std::ops::Range<usize>,
    x: &[f64],
    next: &mut [f64],
    present: &mut [f64],
) -> Sums {
    let x = &x[range.clone()];
    let next = &mut next[range.clone()];
    let present = &mut present[range.clone()];
    let stay = &journey.stay[range.clone()];
    let leak = &journey.leak[range.clone()];
    let out = &journey.out_rate[range.clone()];
    let buy = &journey.buy_rate[range.clone()];
    let spread = &journey.spread[range.clone()];
    let (value, revenue, cost) = if MONEY {
        (
            &journey.money.purchase_value[range.clone()],
            &journey.money.revenue[range.clone()],
            &journey.money.cost[range],
        )
    } else {
        (x, x, x)
    };
    let mut t = [[0.0; LANES]; 9];
    let n = x.len() / LANES * LANES;
    let lanes = x[..n]
        .chunks_exact(LANES)
        .zip(next[..n].chunks_exact_mut(LANES))
        .zip(present[..n].chunks_exact_mut(LANES))
        .zip(stay[..n].chunks_exact(LANES))
        .zip(leak[..n].chunks_exact(LANES))
        .zip(out[..n].chunks_exact(LANES))
        .zip(buy[..n].chunks_exact(LANES))
        .zip(spread[..n].chunks_exact(LANES))
        .zip(value[..n].chunks_exact(LANES))
        .zip(revenue[..n].chunks_exact(LANES))
        .zip(cost[..n].chunks_exact(LANES));
    for ((((((((((x, next), present), stay), leak), out), buy), spread), value), revenue), cost) in
        lanes
    {
        for k in 0..LANES {
            let here = x[k];
            let stayed = stay[k] * here;
            next[k] = stayed;
            present[k] += here;
            t[0][k] += here;
            t[1][k] += stayed;
            t[2][k] += leak[k] * here;
            t[3][k] += out[k] * here;
            t[4][k] += buy[k] * here;
            t[5][k] += spread[k] * here;
            if MONEY {
                t[6][k] += value[k] * here;
                t[7][k] += revenue[k] * here;
                t[8][k] += cost[k] * here;
            }
        }
    }
    let mut r = t.map(|lanes| lanes.iter().sum::<f64>());
    for i in n..x.len() {
        let here = x[i];
        let stayed = stay[i] * here;
        next[i] = stayed;
        present[i] += here;
        r[0] += here;
        r[1] += stayed;
        r[2] += leak[i] * here;
        r[3] += out[i] * here;
        r[4] += buy[i] * here;
        r[5] += spread[i] * here;
        if MONEY {
            r[6] += value[i] * here;
            r[7] += revenue[i] * here;
            r[8] += cost[i] * here;
        }
    }
    Sums {
        at: r[0],
        stayed: r[1],
        lost: r[2],
        moved: r[3],
        purchases: r[4],
        spread: r[5],
        purchase_value: r[6],
        revenue: r[7],
        serving: r[8],
    }
}

/// A sum in lanes of four, which the compiler can keep in vector registers.
pub(super) fn sum(values: &[f64]) -> f64 {
    const LANES: usize = 4;
    let mut lanes = [0.0; LANES];
    let chunks = values.chunks_exact(LANES);
    let rest: f64 = chunks.remainder().iter().sum();
    for chunk in chunks {
        for k in 0..LANES {
            lanes[k] += chunk[k];
        }
    }
    lanes.iter().sum::<f64>() + rest
}
