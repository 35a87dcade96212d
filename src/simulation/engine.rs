//! The period-by-period run: people at steps, moving along links, staying, leaving, and new
//! people from marketing and word of mouth, capped by the audience.

use serde::Serialize;

use crate::model::{Document, Numbers, Stage, StepMoney};

/// What happened in one period, totalled over the journey.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Period {
    /// People at the steps of each stage at the end of the period, in [`Stage::ALL`] order.
    pub at_stage: [f64; 6],
    /// People at all steps at the end of the period.
    pub at_steps: f64,
    /// New people brought in by marketing (reach) this period.
    pub new_marketing: f64,
    /// New people brought in by word of mouth (referrals) this period.
    pub new_referrals: f64,
    /// People who stayed at their step.
    pub stayed: f64,
    /// People who moved along a link.
    pub moved: f64,
    /// Purchases: people who arrived at a buy step along a link.
    pub purchases: f64,
    /// People who left the journey.
    pub lost: f64,
    /// Everyone reached so far (the seed and every new person), at the end of the period.
    pub reached: f64,
    /// Purchases so far, at the end of the period.
    pub purchases_total: f64,
    /// Money in: purchases × their price, plus the revenue of the people at steps.
    pub revenue: f64,
    /// Purchases × the unit cost.
    pub purchase_costs: f64,
    /// Marketing's spend.
    pub marketing: f64,
    /// The cost of the people at steps.
    pub serving_costs: f64,
    /// The fixed costs.
    pub fixed_costs: f64,
    /// Revenue less every cost.
    pub profit: f64,
    /// Profit so far.
    pub cash: f64,
    /// Profit so far, each period's discounted by (1 + d)^−(t−1).
    pub discounted_cash: f64,
}

/// Where a share of a step's referrals enters: along one referral link to a tell step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Route {
    /// The tell step, as its position in [`Net::tells`].
    pub tell: usize,
    /// The share of the step's referrals that go this way.
    pub share: f64,
    /// The referral link's index in the document.
    pub link: usize,
}

/// A whole run.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Run {
    /// The people placed before the first period.
    pub seed: f64,
    /// Periods 1, 2, … in order.
    pub periods: Vec<Period>,
    /// If recorded: people at each step at the end of each period, period by period
    /// (`periods.len()` rows of one number per step).
    pub at_step: Vec<f64>,
    /// If recorded: people lost at each step in each period, laid out as `at_step`.
    pub lost_at_step_per_period: Vec<f64>,
    /// People lost at each step over the whole run.
    pub lost_at_step: Vec<f64>,
    /// People at each step at the end of the run (at the start when it has no periods).
    pub at_end: Vec<f64>,
    /// People who moved along each link over the whole run; for a referral link, the
    /// newcomers it brought.
    pub flow: Vec<f64>,
    /// The period in which a count would have gone beyond [`RUNAWAY`] (10³⁰⁰), where the run
    /// stopped; `periods` holds the ones before it.
    pub stopped: Option<usize>,
}

/// A compiled journey seen one person at a time, steps and links by their index in the
/// document: in a period, a person at step i stays with probability `stay[i]`, moves along
/// each of `out[i]` with its rate, and otherwise leaves; meanwhile they bring
/// `referrals[i]` newcomers on average, who enter at the tell steps of `routes[i]`. The
/// numbers are those the run uses (a step whose shares add up to a rounding error above 1
/// scaled to exactly 1), so drawing people this way has the run's counts as its mean.
#[derive(Clone, Debug, PartialEq)]
pub struct People {
    /// Per step: the share who stay for the next period.
    pub stay: Vec<f64>,
    /// Per step: the ordinary links out of it with a rate above 0, as (link, end step,
    /// rate).
    pub out: Vec<Vec<(usize, usize, f64)>>,
    /// Per step: newcomers each person there brings per period by word of mouth.
    pub referrals: Vec<f64>,
    /// Per step: where its newcomers enter, as (tell step, share), the shares adding up to 1
    /// (every tell step evenly when the step has no referral link; empty without tell
    /// steps).
    pub routes: Vec<Vec<(usize, f64)>>,
    /// The tell steps, where people enter.
    pub tells: Vec<usize>,
    /// The audience size m that caps everyone reached, if set.
    pub audience: Option<f64>,
}

/// The largest count a run goes on with: beyond it the next periods would overflow to
/// infinity (growth without an audience to cap it), so the run stops.
pub const RUNAWAY: f64 = 1e300;

/// A journey compiled for simulation: its numbers under one scenario, by index.
///
/// Inside, steps are numbered in stage order (document order within a stage), so that the
/// people at a stage are one slice of the state: the period loop then sums slices rather
/// than scattering into six totals. Everything it hands out is in document order.
#[derive(Clone, Debug)]
pub struct Net {
    /// For each step in document order, its inner index.
    inner: Vec<usize>,
    /// For each inner index, the step's index in the document.
    order: Vec<usize>,
    /// Inner indices of each stage's steps: `stage_bounds[s]..stage_bounds[s + 1]`.
    stage_bounds: [usize; 7],
    /// Stage index of each step.
    pub(super) stage: Vec<u8>,
    /// Whether each step is a buy step.
    pub(super) is_buy: Vec<bool>,
    pub(super) stay: Vec<f64>,
    /// The share of the people at each step who leave per period.
    pub(super) leak: Vec<f64>,
    /// Referrals per person per period at each step.
    pub(super) referrals: Vec<f64>,
    /// Links with a rate above 0: index in the document, from, to, rate.
    pub(super) links: Vec<(usize, usize, usize, f64)>,
    /// The tell steps, where people enter.
    pub(super) tells: Vec<usize>,
    /// Where newcomers brought by marketing (or a seed) enter: shares parallel to `tells`.
    pub(super) entry: Vec<f64>,
    /// Per step: its referrals per person when they go to all tell steps evenly (it has no
    /// referral links), else 0; the step pass adds them up.
    spread: Vec<f64>,
    /// Steps with referrals above 0 whose referrals go along referral links, with their
    /// referrals per person.
    routed: Vec<(usize, f64)>,
    /// For each step: where its referrals go, along its referral links; empty means all
    /// tell steps evenly.
    pub(super) routes: Vec<Vec<Route>>,
    /// Rates of every link by document index (0 where unset).
    all_rates: Vec<f64>,
    /// The hot loop's copy of `links`: ends and rates side by side, by end.
    hot_links: Vec<(u32, u32, f64)>,
    /// Per step: the rates of the links out of it, added up.
    out_rate: Vec<f64>,
    /// Per step: the rates of the links out of it into buy steps, added up.
    buy_rate: Vec<f64>,
    /// From and to of every link by document index.
    ends: Vec<(usize, usize)>,
    /// Whether each link (by document index) carries referrals.
    referral_link: Vec<bool>,
    pub(super) audience: Option<f64>,
    /// The money.
    pub(super) money: Money,
}

/// A compiled journey's money, steps by inner index and tell steps parallel to `tells`.
#[derive(Clone, Debug, Default)]
pub(super) struct Money {
    /// Per step: revenue per person there at the end of a period.
    pub revenue: Vec<f64>,
    /// Per step: cost per person there at the end of a period.
    pub cost: Vec<f64>,
    /// Per step: the price of a purchase there (buy steps; 0 elsewhere).
    pub price: Vec<f64>,
    /// Per step: what the purchases made from it earn per person there at the start of a
    /// period (the rates into buy steps times their prices).
    pub purchase_value: Vec<f64>,
    /// Per purchase.
    pub unit_cost: f64,
    /// Per period.
    pub fixed_costs: f64,
    /// 1 ÷ (1 + d): what money a period later is worth.
    pub discount: f64,
    /// Per tell step: money per person reached.
    pub cost_per_reach: Vec<f64>,
    /// Per tell step: the people marketing reaches in a period are `reach_base +
    /// reach_per_revenue · R`, R the previous period's revenue (0 when it is below 0): a
    /// budget plus a share of R, divided by the cost per reach; else the reach as drawn.
    pub reach_base: Vec<f64>,
    /// See `reach_base`.
    pub reach_per_revenue: Vec<f64>,
    /// `reach_base` and `reach_per_revenue` added up over the tell steps.
    pub reach_totals: (f64, f64),
    /// Marketing's spend in a period over all tell steps: `spend.0 + spend.1 · R` (each
    /// budget plus its share of R, or the reach as drawn times its cost per reach).
    pub spend: (f64, f64),
    /// Whether any step earns or costs per person (else that pass is skipped).
    pub per_person: bool,
    /// Whether any purchase earns something (else that sum is skipped).
    pub priced: bool,
}

impl Money {
    /// Fills in what marketing reaches and spends at each tell step (by inner index, parallel
    /// to `reach`, the reach as drawn or a budget's, and `budgeted`, whether spend sets it).
    fn with_marketing(
        mut self,
        tells: &[usize],
        reach: &[f64],
        budgeted: &[bool],
        money_at: impl Fn(usize) -> StepMoney,
    ) -> Self {
        for (k, &t) in tells.iter().enumerate() {
            let cpr = self.cost_per_reach[k];
            // The validator keeps a cost per reach above 0 with a budget.
            let per_reach = |spend: f64| if cpr > 0.0 { spend / cpr } else { 0.0 };
            // Reach and spend when the previous period earned nothing, and per unit earned.
            let (base, per, budget, share) = if budgeted[k] {
                let m = money_at(t);
                let (budget, share) = (m.budget.unwrap_or(0.0), m.budget_share.unwrap_or(0.0));
                (per_reach(budget), per_reach(share), budget, share)
            } else {
                (reach[k], 0.0, reach[k] * cpr, 0.0)
            };
            self.reach_base.push(base);
            self.reach_per_revenue.push(per);
            self.reach_totals.0 += base;
            self.reach_totals.1 += per;
            self.spend.0 += budget;
            self.spend.1 += share;
        }
        self
    }

    /// This period's reach and spend over all tell steps, given the previous period's
    /// revenue.
    fn marketing(&self, revenue_before: f64) -> (f64, f64) {
        let r = revenue_before.max(0.0);
        (
            self.reach_totals.0 + self.reach_totals.1 * r,
            self.spend.0 + self.spend.1 * r,
        )
    }
}

impl Net {
    /// Compiles the journey with these numbers (see [`Numbers::of`]).
    #[expect(
        clippy::too_many_lines,
        reason = "one compilation read top to bottom: steps, links, shares, routes"
    )]
    pub fn new(doc: &Document, numbers: &Numbers) -> Self {
        let n = doc.steps().len();
        let doc_stage: Vec<u8> = doc.steps().iter().map(|s| s.stage.index() as u8).collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| doc_stage[i]);
        let mut inner = vec![0; n];
        for (k, &i) in order.iter().enumerate() {
            inner[i] = k;
        }
        let stage: Vec<u8> = order.iter().map(|&i| doc_stage[i]).collect();
        let mut stage_bounds = [0; 7];
        for (s, bound) in stage_bounds.iter_mut().enumerate().skip(1) {
            *bound = stage.partition_point(|&t| usize::from(t) < s);
        }
        let in_order = |values: &[f64]| -> Vec<f64> { order.iter().map(|&i| values[i]).collect() };
        let tell = Stage::Tell.index() as u8;
        let tells: Vec<usize> = (0..n).filter(|&i| stage[i] == tell).collect();
        // Tell is the first stage: the tell steps are the first inner indices, which the
        // period loop relies on.
        debug_assert!(tells.iter().enumerate().all(|(k, &t)| k == t));
        let mut position_in_tells = vec![usize::MAX; n];
        for (k, &t) in tells.iter().enumerate() {
            position_in_tells[t] = k;
        }
        let ends: Vec<(usize, usize)> = doc
            .links()
            .iter()
            .map(|l| {
                (
                    inner[doc.step_position(&l.from).unwrap_or(0)],
                    inner[doc.step_position(&l.to).unwrap_or(0)],
                )
            })
            .collect();
        let mut stay = in_order(&numbers.stay);
        let mut links = Vec::new();
        let mut referral_links = Vec::new();
        for (i, (&(from, to), &rate)) in ends.iter().zip(&numbers.rate).enumerate() {
            if doc.links()[i].referral {
                // Only a tell step takes newcomers; the validator keeps it so.
                if position_in_tells[to] != usize::MAX {
                    referral_links.push((i, from, position_in_tells[to], rate));
                }
            } else if rate > 0.0 {
                links.push((i, from, to, rate));
            }
        }
        // A step whose shares add up to a rounding error above 1 (the simulation refuses
        // more) sends on exactly everyone: its stay and rates are scaled to add up to 1, so
        // that nobody is created.
        let mut total = stay.clone();
        for &(_, from, _, rate) in &links {
            total[from] += rate;
        }
        for (s, t) in stay.iter_mut().zip(&total) {
            if *t > 1.0 {
                *s /= t;
            }
        }
        for link in &mut links {
            if total[link.1] > 1.0 {
                link.3 /= total[link.1];
            }
        }
        let mut leak: Vec<f64> = stay.iter().map(|s| 1.0 - s).collect();
        for &(_, from, _, rate) in &links {
            leak[from] -= rate;
        }
        // What is left of 1 after the scaled shares is at most a rounding error.
        for l in &mut leak {
            *l = l.max(0.0);
        }
        let mut routes: Vec<Vec<Route>> = vec![Vec::new(); n];
        for &(index, from, tell, rate) in &referral_links {
            routes[from].push(Route {
                tell,
                share: rate,
                link: index,
            });
        }
        for route in &mut routes {
            let total: f64 = route.iter().map(|r| r.share).sum();
            // The even split is per link: two referral links into one tell step give it two
            // shares.
            let even = 1.0 / route.len().max(1) as f64;
            for r in route.iter_mut() {
                r.share = if total > 0.0 { r.share / total } else { even };
            }
        }
        let money_at = |t: usize| numbers.money[order[t]];
        let budgeted: Vec<bool> = tells.iter().map(|&t| money_at(t).has_budget()).collect();
        let cost_per_reach: Vec<f64> = tells
            .iter()
            .map(|&t| money_at(t).cost_per_reach.unwrap_or(0.0))
            .collect();
        // A budget's reach, as drawn: spend ÷ cost per reach (a budget share adds to it
        // during a run).
        let reach: Vec<f64> = tells
            .iter()
            .zip(&budgeted)
            .zip(&cost_per_reach)
            .map(|((&t, &budgeted), &cpr)| match money_at(t).budget {
                _ if !budgeted => numbers.reach[order[t]],
                Some(b) if cpr > 0.0 => b / cpr,
                _ => 0.0,
            })
            .collect();
        let is_buy: Vec<bool> = stage
            .iter()
            .map(|&s| s == Stage::Buy.index() as u8)
            .collect();
        let revenue: Vec<f64> = order
            .iter()
            .map(|&i| numbers.money[i].revenue.unwrap_or(0.0))
            .collect();
        let cost: Vec<f64> = order
            .iter()
            .map(|&i| numbers.money[i].cost.unwrap_or(0.0))
            .collect();
        let money = Money {
            per_person: revenue.iter().chain(&cost).any(|&x| x != 0.0),
            revenue,
            cost,
            price: order
                .iter()
                .zip(&is_buy)
                .map(|(&i, &buy)| {
                    if buy {
                        numbers.money[i].price.unwrap_or(numbers.price)
                    } else {
                        0.0
                    }
                })
                .collect(),
            purchase_value: Vec::new(),
            priced: false,
            unit_cost: numbers.unit_cost,
            fixed_costs: numbers.fixed_costs,
            discount: 1.0 / (1.0 + numbers.discount_rate),
            reach_base: Vec::new(),
            reach_per_revenue: Vec::new(),
            reach_totals: (0.0, 0.0),
            spend: (0.0, 0.0),
            cost_per_reach,
        }
        .with_marketing(&tells, &reach, &budgeted, money_at);
        let total_reach: f64 = reach.iter().sum();
        let entry = tells
            .iter()
            .zip(&reach)
            .map(|(_, r)| {
                if total_reach > 0.0 {
                    r / total_reach
                } else {
                    1.0 / tells.len() as f64
                }
            })
            .collect();
        let referrals = in_order(&numbers.referrals);
        let spread = (0..n)
            .map(|i| {
                if routes[i].is_empty() {
                    referrals[i]
                } else {
                    0.0
                }
            })
            .collect();
        let along_links = (0..n)
            .filter(|&i| referrals[i] > 0.0 && !routes[i].is_empty())
            .map(|i| (i, referrals[i]))
            .collect();
        Self {
            is_buy,
            money,
            inner,
            order,
            stage_bounds,
            stage,
            stay,
            leak,
            referrals,
            links,
            tells,
            entry,
            spread,
            routed: along_links,
            routes,
            all_rates: numbers.rate.clone(),
            hot_links: Vec::new(),
            out_rate: Vec::new(),
            buy_rate: Vec::new(),
            ends,
            referral_link: doc.links().iter().map(|l| l.referral).collect(),
            audience: doc.audience.size.map(|m| m as f64),
        }
        .with_hot_loop()
    }

    /// Fills the hot loop's arrays from `links`.
    fn with_hot_loop(mut self) -> Self {
        let n = self.len();
        self.out_rate = vec![0.0; n];
        self.buy_rate = vec![0.0; n];
        self.money.purchase_value = vec![0.0; n];
        self.hot_links = Vec::with_capacity(self.links.len());
        for &(_, from, to, rate) in &self.links {
            self.out_rate[from] += rate;
            if self.is_buy[to] {
                self.buy_rate[from] += rate;
                self.money.purchase_value[from] += rate * self.money.price[to];
            }
            // Step indices fit in u32: a journey of 4 billion steps does not fit in memory.
            self.hot_links.push((from as u32, to as u32, rate));
        }
        self.money.priced = self.money.purchase_value.iter().any(|&v| v != 0.0);
        // Adding into the people at each link's end in order keeps the loop's writes in the
        // cache and off each other's way; its reads are independent of each other.
        self.hot_links.sort_by_key(|&(from, to, _)| (to, from));
        self
    }

    /// The journey seen one person at a time, in document order: what a drawn log of people
    /// follows (see [`People`]).
    pub fn people(&self) -> People {
        let doc = |inner: usize| self.order[inner];
        let n = self.len();
        let mut stay = vec![0.0; n];
        let mut referrals = vec![0.0; n];
        let mut routes = vec![Vec::new(); n];
        let mut out = vec![Vec::new(); n];
        let tells: Vec<usize> = self.tells.iter().map(|&t| doc(t)).collect();
        for inner in 0..n {
            let i = doc(inner);
            stay[i] = self.stay[inner];
            referrals[i] = self.referrals[inner];
            routes[i] = if self.routes[inner].is_empty() {
                // Referrals without a referral link enter at every tell step evenly.
                let even = 1.0 / tells.len().max(1) as f64;
                tells.iter().map(|&t| (t, even)).collect()
            } else {
                self.routes[inner]
                    .iter()
                    .map(|r| (tells[r.tell], r.share))
                    .collect()
            };
        }
        for &(link, from, to, rate) in &self.links {
            out[doc(from)].push((link, doc(to), rate));
        }
        People {
            stay,
            out,
            referrals,
            routes,
            tells,
            audience: self.audience,
        }
    }

    /// People marketing brings in at each tell step (parallel to [`People::tells`]) in a
    /// period after one whose revenue was `revenue_before`, before the audience's cap: the
    /// reach, or what a budget and a share of sales buy.
    pub fn marketing_reach(&self, revenue_before: f64) -> Vec<f64> {
        let r = revenue_before.max(0.0);
        self.money
            .reach_base
            .iter()
            .zip(&self.money.reach_per_revenue)
            .map(|(base, per)| base + per * r)
            .collect()
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.stage.len()
    }

    /// Whether the journey has no steps.
    pub fn is_empty(&self) -> bool {
        self.stage.is_empty()
    }

    /// Values by inner index, put in document order.
    pub(super) fn in_document_order(&self, values: &[f64]) -> Vec<f64> {
        self.inner.iter().map(|&k| values[k]).collect()
    }

    /// The document index of the step at this inner index.
    pub(super) fn document_index(&self, inner: usize) -> usize {
        self.order[inner]
    }

    /// The rate of the link at this document index.
    pub fn rate_of(&self, link: usize) -> f64 {
        self.all_rates.get(link).copied().unwrap_or(0.0)
    }

    /// The same journey with one ordinary link's rate changed (a referral link's rate splits
    /// referrals; this journey is returned unchanged for one).
    #[must_use]
    pub fn with_rate(&self, link: usize, rate: f64) -> Self {
        let mut net = self.clone();
        let Some(&(from, to)) = self.ends.get(link) else {
            return net;
        };
        if self.referral_link.get(link).copied().unwrap_or(true) {
            return net;
        }
        let old = self.links.iter().find(|l| l.0 == link).map_or(0.0, |l| l.3);
        net.all_rates[link] = rate;
        net.leak[from] = (net.leak[from] + old - rate).max(0.0);
        net.links.retain(|l| l.0 != link);
        if rate > 0.0 {
            let at = net.links.partition_point(|l| l.0 < link);
            net.links.insert(at, (link, from, to, rate));
        }
        net.with_hot_loop()
    }

    /// Runs `periods` periods from `seed` people at the tell steps.
    pub fn run(&self, periods: usize, seed: f64, record_steps: bool) -> Run {
        run_phases(&[self], &|_| 0, periods, seed, record_steps)
    }

    /// People at each stage: the sums of the stages' slices of `x`.
    fn at_stage(&self, x: &[f64]) -> [f64; 6] {
        let b = &self.stage_bounds;
        std::array::from_fn(|s| sum(&x[b[s]..b[s + 1]]))
    }

    /// The share of `wanted` new people who come, given `reached` so far: the part of the
    /// audience not yet reached (Bass), and never more than all of it.
    fn saturation(&self, reached: f64, wanted: f64) -> f64 {
        match self.audience {
            None => 1.0,
            Some(_) if wanted <= 0.0 => 0.0,
            Some(m) => {
                let room = (m - reached).max(0.0);
                let share = if m > 0.0 { room / m } else { 0.0 };
                (wanted * share).min(room) / wanted
            }
        }
    }
}

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
struct Sums {
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
fn sum(values: &[f64]) -> f64 {
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
