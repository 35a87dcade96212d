//! A journey compiled for the run: its numbers by inner index (steps in stage order), its
//! links, referral routes and marketing, and what it hands out in document order.

use super::run::sum;
use super::{Money, Net, People, Route, Run, run_phases};
use crate::model::{Document, Numbers, Stage, StepMoney};

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
    pub(super) fn marketing(&self, revenue_before: f64) -> (f64, f64) {
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
    pub(in crate::simulation) fn in_document_order(&self, values: &[f64]) -> Vec<f64> {
        self.inner.iter().map(|&k| values[k]).collect()
    }

    /// The document index of the step at this inner index.
    pub(in crate::simulation) fn document_index(&self, inner: usize) -> usize {
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
    pub(super) fn at_stage(&self, x: &[f64]) -> [f64; 6] {
        let b = &self.stage_bounds;
        std::array::from_fn(|s| sum(&x[b[s]..b[s + 1]]))
    }

    /// The share of `wanted` new people who come, given `reached` so far: the part of the
    /// audience not yet reached (Bass), and never more than all of it.
    pub(super) fn saturation(&self, reached: f64, wanted: f64) -> f64 {
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
