//! The period-by-period run: people at steps, moving along links, staying, leaving, and new
//! people from marketing and word of mouth, capped by the audience.

use serde::Serialize;

use crate::model::{Document, Numbers, Stage};

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
    /// People who moved along each link over the whole run.
    pub flow: Vec<f64>,
}

/// A journey compiled for simulation: its numbers under one scenario, by index.
#[derive(Clone, Debug)]
pub struct Net {
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
    /// People per period brought in by marketing at each tell step (parallel to `tells`).
    reach: Vec<f64>,
    /// Where newcomers brought by marketing (or a seed) enter: shares parallel to `tells`.
    pub(super) entry: Vec<f64>,
    /// Steps with referrals above 0.
    referrers: Vec<usize>,
    /// For each step: its referrals' tell steps with their shares (positions in `tells`);
    /// empty means all tell steps evenly.
    routes: Vec<Vec<(usize, f64)>>,
    /// Rates of every link by document index (0 where unset).
    all_rates: Vec<f64>,
    /// The hot loop's copy of `links`: ends and rates side by side.
    hot_links: Vec<(u32, u32, f64)>,
    /// Per step: the rates of the links out of it, added up.
    out_rate: Vec<f64>,
    /// Per step: the rates of the links out of it into buy steps, added up.
    buy_rate: Vec<f64>,
    /// From and to of every link by document index.
    ends: Vec<(usize, usize)>,
    audience: Option<f64>,
}

impl Net {
    /// Compiles the journey with these numbers (see [`Numbers::of`]).
    pub fn new(doc: &Document, numbers: &Numbers) -> Self {
        let n = doc.steps().len();
        let stage: Vec<u8> = doc.steps().iter().map(|s| s.stage.index() as u8).collect();
        let tell = Stage::Tell.index() as u8;
        let tells: Vec<usize> = (0..n).filter(|&i| stage[i] == tell).collect();
        let mut position_in_tells = vec![usize::MAX; n];
        for (k, &t) in tells.iter().enumerate() {
            position_in_tells[t] = k;
        }
        let ends: Vec<(usize, usize)> = doc
            .links()
            .iter()
            .map(|l| {
                (
                    doc.step_position(&l.from).unwrap_or(0),
                    doc.step_position(&l.to).unwrap_or(0),
                )
            })
            .collect();
        let mut leak: Vec<f64> = numbers.stay.iter().map(|s| 1.0 - s).collect();
        let mut links = Vec::new();
        let mut routes: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for (i, (&(from, to), &rate)) in ends.iter().zip(&numbers.rate).enumerate() {
            leak[from] -= rate;
            if rate > 0.0 {
                links.push((i, from, to, rate));
            }
            if position_in_tells[to] != usize::MAX {
                routes[from].push((position_in_tells[to], rate));
            }
        }
        for route in &mut routes {
            let total: f64 = route.iter().map(|(_, r)| r).sum();
            let even = 1.0 / route.len().max(1) as f64;
            for (_, share) in route.iter_mut() {
                *share = if total > 0.0 { *share / total } else { even };
            }
        }
        // Sums of shares a rounding error above 1 leave nobody, not a negative number.
        for l in &mut leak {
            *l = l.max(0.0);
        }
        let reach: Vec<f64> = tells.iter().map(|&t| numbers.reach[t]).collect();
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
        let referrers = (0..n).filter(|&i| numbers.referrals[i] > 0.0).collect();
        Self {
            is_buy: doc.steps().iter().map(|s| s.stage == Stage::Buy).collect(),
            stage,
            stay: numbers.stay.clone(),
            leak,
            referrals: numbers.referrals.clone(),
            links,
            tells,
            reach,
            entry,
            referrers,
            routes,
            all_rates: numbers.rate.clone(),
            hot_links: Vec::new(),
            out_rate: Vec::new(),
            buy_rate: Vec::new(),
            ends,
            audience: doc.audience.size.map(|m| m as f64),
        }
        .with_hot_loop()
    }

    /// Fills the hot loop's arrays from `links`.
    fn with_hot_loop(mut self) -> Self {
        let n = self.len();
        self.out_rate = vec![0.0; n];
        self.buy_rate = vec![0.0; n];
        self.hot_links = Vec::with_capacity(self.links.len());
        for &(_, from, to, rate) in &self.links {
            self.out_rate[from] += rate;
            if self.is_buy[to] {
                self.buy_rate[from] += rate;
            }
            // Step indices fit in u32: a journey of 4 billion steps does not fit in memory.
            self.hot_links.push((from as u32, to as u32, rate));
        }
        self
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.stage.len()
    }

    /// Whether the journey has no steps.
    pub fn is_empty(&self) -> bool {
        self.stage.is_empty()
    }

    /// The rate of the link at this document index.
    pub fn rate_of(&self, link: usize) -> f64 {
        self.all_rates.get(link).copied().unwrap_or(0.0)
    }

    /// The same journey with one link's rate changed.
    #[must_use]
    pub fn with_rate(&self, link: usize, rate: f64) -> Self {
        let mut net = self.clone();
        let Some(&(from, to)) = self.ends.get(link) else {
            return net;
        };
        let old = net.all_rates[link];
        net.all_rates[link] = rate;
        net.leak[from] = (net.leak[from] + old - rate).max(0.0);
        net.links.retain(|l| l.0 != link);
        if rate > 0.0 {
            let at = net.links.partition_point(|l| l.0 < link);
            net.links.insert(at, (link, from, to, rate));
        }
        let tell = Stage::Tell.index() as u8;
        let routed: Vec<usize> = (0..self.ends.len())
            .filter(|&i| self.ends[i].0 == from && self.stage[self.ends[i].1] == tell)
            .collect();
        if !routed.is_empty() {
            let total: f64 = routed.iter().map(|&i| net.all_rates[i]).sum();
            let even = 1.0 / routed.len() as f64;
            net.routes[from] = routed
                .iter()
                .map(|&i| {
                    let k = net.tells.iter().position(|&t| t == self.ends[i].1);
                    let share = if total > 0.0 {
                        net.all_rates[i] / total
                    } else {
                        even
                    };
                    (k.unwrap_or(0), share)
                })
                .collect();
        }
        net.with_hot_loop()
    }

    /// Runs `periods` periods from `seed` people at the tell steps.
    pub fn run(&self, periods: usize, seed: f64, record_steps: bool) -> Run {
        let n = self.len();
        let mut x = vec![0.0; n];
        let mut next = vec![0.0; n];
        let mut incoming = vec![0.0; self.tells.len()];
        // People at each step summed over the starts of all periods: a link's flow over the
        // run is its rate times that of its start, a step's loss its leak times its own.
        let mut present = vec![0.0; n];
        let mut reached = 0.0;
        if seed > 0.0 && !self.tells.is_empty() {
            for (&t, share) in self.tells.iter().zip(&self.entry) {
                x[t] += seed * share;
            }
            reached = seed;
        }
        let mut run = Run {
            seed: reached,
            periods: Vec::with_capacity(periods),
            lost_at_step: Vec::new(),
            flow: Vec::new(),
            at_step: Vec::with_capacity(if record_steps { periods * n } else { 0 }),
            lost_at_step_per_period: Vec::with_capacity(if record_steps { periods * n } else { 0 }),
        };
        let mut purchases_total = 0.0;
        let marketing: f64 = self.reach.iter().sum();
        for _ in 0..periods {
            let mut period = Period::default();
            // People at each stage at the start: the end of the period before.
            let mut at_start = [0.0; 6];
            for i in 0..n {
                let here = x[i];
                let stayed = self.stay[i] * here;
                let lost = self.leak[i] * here;
                next[i] = stayed;
                period.stayed += stayed;
                period.lost += lost;
                period.moved += self.out_rate[i] * here;
                period.purchases += self.buy_rate[i] * here;
                present[i] += here;
                at_start[self.stage[i] as usize] += here;
                if record_steps {
                    run.lost_at_step_per_period.push(lost);
                }
            }
            if let Some(before) = run.periods.last_mut() {
                before.at_stage = at_start;
                before.at_steps = at_start.iter().sum();
            }
            for &(from, to, rate) in &self.hot_links {
                next[to as usize] += rate * x[from as usize];
            }
            // Word of mouth from the people here at the start of the period.
            incoming.fill(0.0);
            let mut everywhere = 0.0;
            for &j in &self.referrers {
                let brought = self.referrals[j] * x[j];
                let route = &self.routes[j];
                if route.is_empty() {
                    everywhere += brought;
                } else {
                    for &(k, share) in route {
                        incoming[k] += brought * share;
                    }
                }
            }
            if !incoming.is_empty() {
                let each = everywhere / incoming.len() as f64;
                for v in &mut incoming {
                    *v += each;
                }
            }
            let referrals: f64 = incoming.iter().sum();
            let factor = self.saturation(reached, marketing + referrals);
            for (k, &t) in self.tells.iter().enumerate() {
                next[t] += factor * (self.reach[k] + incoming[k]);
            }
            period.new_marketing = factor * marketing;
            period.new_referrals = factor * referrals;
            reached += period.new_marketing + period.new_referrals;
            purchases_total += period.purchases;
            std::mem::swap(&mut x, &mut next);
            period.reached = reached;
            period.purchases_total = purchases_total;
            if record_steps {
                run.at_step.extend_from_slice(&x);
            }
            run.periods.push(period);
        }
        // The last period's end, which no period after it counted.
        if let Some(last) = run.periods.last_mut() {
            for (i, &here) in x.iter().enumerate() {
                last.at_stage[self.stage[i] as usize] += here;
            }
            last.at_steps = last.at_stage.iter().sum();
        }
        let mut flow = vec![0.0; self.all_rates.len()];
        for &(index, from, _, rate) in &self.links {
            flow[index] = rate * present[from];
        }
        run.lost_at_step = present
            .iter()
            .zip(&self.leak)
            .map(|(p, leak)| leak * p)
            .collect();
        run.flow = flow;
        run
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
