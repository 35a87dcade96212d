//! The estimates: each step's stay, leak, reach and referrals and each link's rate, by
//! maximum likelihood from the [`Counts`] table, with 95 % intervals (docs/calibration.md
//! gives the estimator exactly).
//!
//! Periods whose outcome the log cannot show yet are left out for everyone: a transition
//! from period t counts only when t + `lost_after` ≤ the log's last period. Then the people
//! at step i at the end of the periods counted, nᵢ, split into those who stayed, moved along
//! each link, and were lost (or moved where no link goes) — a multinomial, whose maximum
//! likelihood estimates are the shares: stayᵢ = staysᵢ ÷ nᵢ, rateᵢⱼ = movesᵢⱼ ÷ nᵢ. Each
//! share's interval is Wilson's score interval. Newcomers at a tell step per period after the
//! first (people already in the journey before the log began look new in its first period)
//! are a Poisson count: reach = arrivals ÷ periods. Referred newcomers per person at step j
//! and period: referralsⱼ = referred ÷ nⱼ, also Poisson; both with the score interval.

use super::attribution::{self, Chain};
use super::counts::{Counts, Kind, NO_STEP};
use crate::model::{Document, Estimate, Fitted, FittedStep, Numbers, Stage};
use crate::simulation::{self, Net};

/// z of a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// An estimate with its 95 % interval and the observations it rests on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Observed {
    /// The maximum likelihood estimate.
    pub value: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
    /// The observations: people at the step during a counted period (a share, referrals),
    /// or periods (a reach).
    pub count: u64,
}

impl Observed {
    /// Whether `x` lies outside the interval.
    pub fn excludes(&self, x: f64) -> bool {
        x < self.low || x > self.high
    }

    fn estimate(&self) -> Estimate {
        Estimate::new(self.value, self.low, self.high, self.count)
    }
}

/// The share `k` of `n` with Wilson's 95 % score interval; `None` when `n` is 0.
pub fn wilson(k: u64, n: u64) -> Option<Observed> {
    if n == 0 {
        return None;
    }
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
    let (kf, nf) = (k as f64, n as f64);
    let p = kf / nf;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denominator;
    let half = Z95 * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denominator;
    // At k = 0 and k = n the interval reaches the edge exactly; rounding would leave it a
    // hair short and exclude the edge value itself.
    Some(Observed {
        value: p,
        low: if k == 0 {
            0.0
        } else {
            (centre - half).max(0.0)
        },
        high: if k == n {
            1.0
        } else {
            (centre + half).min(1.0)
        },
        count: n,
    })
}

/// A Poisson rate: `k` events over an exposure of `n`, with the 95 % score interval
/// (k + z²/2 ± z·√(k + z²/4)) ÷ n; `None` when `n` is 0.
pub fn poisson(k: u64, n: u64) -> Option<Observed> {
    if n == 0 {
        return None;
    }
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
    let (kf, nf) = (k as f64, n as f64);
    let z2 = Z95 * Z95;
    let root = Z95 * (kf + z2 / 4.0).sqrt();
    Some(Observed {
        value: kf / nf,
        low: ((kf + z2 / 2.0 - root) / nf).max(0.0),
        high: (kf + z2 / 2.0 + root) / nf,
        count: n,
    })
}

/// What the log showed of one step, beside its drawn numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct StepFit {
    /// The step's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its stage.
    pub stage: Stage,
    /// Mapped events of this step read (with `--counts`: people counted at it).
    pub events: u64,
    /// People at the step at the end of a counted period (nᵢ).
    pub at: u64,
    /// People lost here in the counted periods.
    pub lost: u64,
    /// People who entered here over the whole log.
    pub entered: u64,
    /// The observed stay.
    pub stay: Option<Observed>,
    /// The observed leak: lost, or moved where no link goes.
    pub leak: Option<Observed>,
    /// The observed reach (tell steps).
    pub reach: Option<Observed>,
    /// The observed referrals per person per period (when the log names referrers).
    pub referrals: Option<Observed>,
    /// The drawn stay (0 when unset).
    pub drawn_stay: f64,
    /// The drawn leak: 1 − stay − the rates of the ordinary links out.
    pub drawn_leak: f64,
    /// The drawn reach at a tell step, over the periods its observed reach is counted in
    /// (see [`drawn_reach`]); 0 elsewhere.
    pub drawn_reach: f64,
    /// The drawn referrals (0 when unset).
    pub drawn_referrals: f64,
    /// At a tell step whose marketing budget sets its reach: the cost per reach at which the
    /// budget buys the observed reach, its cost per reach × `drawn_reach` ÷ the observed
    /// reach (none when either reach is 0).
    pub cost_per_reach: Option<f64>,
    /// The removal effect (not for buy steps, nor when nobody buys).
    pub removal_effect: Option<f64>,
    /// Purchases credited to the step by removal effect.
    pub credited: Option<f64>,
}

/// What the log showed of one ordinary link, beside its drawn rate.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkFit {
    /// The link's id.
    pub id: String,
    /// Its start.
    pub from: String,
    /// Its end.
    pub to: String,
    /// People who moved between its steps in the counted periods (along it, or along
    /// another link joining the same steps).
    pub moved: u64,
    /// How many ordinary links join its two steps (1: only this one). The log shows their
    /// moves together; the rate and interval are shared among them as their drawn rates
    /// are (evenly when none has a rate).
    pub parallel: usize,
    /// The observed rate.
    pub rate: Option<Observed>,
    /// The drawn rate (0 when unset).
    pub drawn: f64,
}

/// One number drawn and observed, for the ranking of differences.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// What: `stay of "shop"`, `rate of "ads-shop"`.
    pub what: String,
    /// The step's or link's id.
    pub id: String,
    /// Which number: `stay`, `leak`, `reach`, `referrals`, `rate`.
    pub field: &'static str,
    /// The drawn number.
    pub drawn: f64,
    /// What was observed.
    pub observed: Observed,
    /// How far apart: points of a share, or relative to the observed for a reach or
    /// referrals.
    pub size: f64,
}

/// The fit of a journey to a log: every estimate beside the drawn number, what could not be
/// used, and the attribution. Plain data.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Report {
    /// The period length, in seconds.
    pub period_seconds: u64,
    /// Periods without an event before a person counts as lost.
    pub lost_after: u32,
    /// The first and last period with a mapped event (⌊seconds since 1970 ÷ length⌋).
    pub span: Option<(i64, i64)>,
    /// Periods whose transitions were counted (the rest are censored).
    pub counted_periods: u64,
    /// Rows read (with `--counts`: 0).
    pub events: u64,
    /// Rows whose event maps to a step.
    pub mapped_events: u64,
    /// Whether the log names referrers (so referrals are estimated).
    pub has_referrer: bool,
    /// Every step, in journey order.
    pub steps: Vec<StepFit>,
    /// Every ordinary link, in journey order.
    pub links: Vec<LinkFit>,
    /// Steps no event of the log maps to.
    pub unmapped_steps: Vec<String>,
    /// Event names no step maps, with how often they came, most frequent first.
    pub unmapped_events: Vec<(String, u64)>,
    /// Moves between steps that no link joins: (from, to, people), most first.
    pub unlinked_moves: Vec<(String, String, u64)>,
    /// Referred newcomers whose referrer was at no step the period before.
    pub referred_from_nowhere: u64,
    /// Names or patterns listed by more than one step, with those steps.
    pub clashes: Vec<(String, Vec<String>)>,
    /// Bad rows skipped.
    pub skipped: super::log::Skipped,
    /// P(purchase) of a newcomer under the fitted numbers.
    pub purchase_probability: Option<f64>,
    /// Purchases seen: arrivals at buy steps along links, over the whole log.
    pub purchases: u64,
    /// The most people held in memory at once while reading.
    pub peak_people: usize,
    /// Whether the log was out of time order and was held in memory to be sorted.
    pub sorted_in_memory: bool,
}

impl Report {
    /// The fitted numbers, for the builders that put them into the journey.
    pub fn fitted(&self) -> Fitted {
        let steps = self
            .steps
            .iter()
            .filter_map(|s| {
                let f = FittedStep {
                    reach: s.reach.map(|o| o.estimate()),
                    stay: s.stay.map(|o| o.estimate()),
                    referrals: s.referrals.map(|o| o.estimate()),
                    cost_per_reach: s.cost_per_reach,
                };
                let any = f.reach.is_some() || f.stay.is_some() || f.referrals.is_some();
                any.then(|| (s.id.clone(), f))
            })
            .collect();
        let links = self
            .links
            .iter()
            .filter_map(|l| Some((l.id.clone(), l.rate?.estimate())))
            .collect();
        Fitted { steps, links }
    }

    /// Every number drawn and observed, the biggest differences first: numbers whose drawn
    /// value lies outside the observed interval before those inside; then by size (points
    /// of a share, or relative to the observed for a reach or referrals); then in journey
    /// order.
    pub fn differences(&self) -> Vec<Difference> {
        let mut out = Vec::new();
        for s in &self.steps {
            let fields = [
                ("stay", s.stay, s.drawn_stay, true),
                ("leak", s.leak, s.drawn_leak, true),
                ("reach", s.reach, s.drawn_reach, false),
                ("referrals", s.referrals, s.drawn_referrals, false),
            ];
            for (field, observed, drawn, share) in fields {
                if let Some(o) = observed {
                    out.push(difference(
                        format!("{field} of {:?}", s.id),
                        &s.id,
                        field,
                        drawn,
                        o,
                        share,
                    ));
                }
            }
        }
        for l in &self.links {
            if let Some(o) = l.rate {
                out.push(difference(
                    format!("rate of {:?}", l.id),
                    &l.id,
                    "rate",
                    l.drawn,
                    o,
                    true,
                ));
            }
        }
        // Stable: equal differences keep journey order.
        out.sort_by(|a, b| {
            let outside = |d: &Difference| !d.observed.excludes(d.drawn);
            outside(a).cmp(&outside(b)).then(b.size.total_cmp(&a.size))
        });
        out
    }

    /// The steps by the people lost there in the counted periods, most first, with their
    /// observed leak and removal effect: where the loop really leaks.
    pub fn leaks(&self) -> Vec<&StepFit> {
        let mut steps: Vec<&StepFit> = self.steps.iter().filter(|s| s.at > 0).collect();
        steps.sort_by_key(|s| std::cmp::Reverse(s.lost));
        steps
    }
}

fn difference(
    what: String,
    id: &str,
    field: &'static str,
    drawn: f64,
    o: Observed,
    share: bool,
) -> Difference {
    let size = if share {
        (drawn - o.value).abs()
    } else if o.value > 0.0 {
        (drawn - o.value).abs() / o.value
    } else if drawn > 0.0 {
        f64::INFINITY
    } else {
        0.0
    };
    Difference {
        what,
        id: id.to_owned(),
        field,
        drawn,
        observed: o,
        size,
    }
}

/// What the reading learned beside the counts.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// Rows read.
    pub events: u64,
    /// Mapped events per step.
    pub step_events: Vec<u64>,
    /// Unmapped event names with counts.
    pub unmapped: Vec<(String, u64)>,
    /// Whether the log names referrers.
    pub has_referrer: bool,
    /// Bad rows skipped.
    pub skipped: super::log::Skipped,
    /// The most people held at once.
    pub peak_people: usize,
    /// Whether the log had to be sorted in memory.
    pub sorted_in_memory: bool,
    /// Names or patterns listed by more than one step.
    pub clashes: Vec<(String, Vec<String>)>,
}

/// Fits `doc`'s numbers to the table `counts` (its steps must be `doc`'s, in order).
#[expect(
    clippy::too_many_lines,
    reason = "one pass over the table, then one estimate per step and link, read top to bottom"
)]
pub fn fit(
    doc: &Document,
    counts: &Counts,
    lost_after: u32,
    period_seconds: u64,
    facts: Facts,
) -> Report {
    let n = doc.steps().len();
    let index = |id: &str| doc.step_position(id);
    let span = counts.span();
    let lost_after_periods = i64::from(lost_after.max(1));
    let (first, last) = span.unwrap_or((0, -1));
    let cut = last - lost_after_periods;
    let counted = |t: i64| t >= first && t <= cut;
    let mut at = vec![0u64; n];
    let mut stays = vec![0u64; n];
    let mut losses = vec![0u64; n];
    let mut entered = vec![0u64; n];
    let mut new_after_first = vec![0u64; n];
    let mut referred_from = vec![0u64; n];
    let mut moves: hashbrown::HashMap<(usize, usize), u64> = hashbrown::HashMap::new();
    let mut referred_from_nowhere = 0;
    let mut purchases = 0u64;
    let buy: Vec<bool> = doc.steps().iter().map(|s| s.stage == Stage::Buy).collect();
    for (&(t, kind, from, to), &k) in &counts.rows {
        let (f, g) = (usize::from(from), usize::from(to));
        match kind {
            Kind::LogFirst | Kind::LogLast => {}
            Kind::New | Kind::Referred => {
                if let Some(e) = entered.get_mut(g) {
                    *e += k;
                }
                if kind == Kind::New && t > first && g < n {
                    new_after_first[g] += k;
                }
                if kind == Kind::Referred && counted(t - 1) {
                    if from == NO_STEP {
                        referred_from_nowhere += k;
                    } else if f < n {
                        referred_from[f] += k;
                    }
                }
            }
            Kind::Stay | Kind::Move | Kind::Lost => {
                if kind == Kind::Move && buy.get(g).copied().unwrap_or(false) {
                    purchases += k;
                }
                if !counted(t) || f >= n {
                    continue;
                }
                at[f] += k;
                match kind {
                    Kind::Stay => stays[f] += k,
                    Kind::Lost => losses[f] += k,
                    _ => *moves.entry((f, g)).or_insert(0) += k,
                }
            }
        }
    }
    let counted_periods = u64::try_from((cut - first + 1).max(0)).unwrap_or(0);
    let arrival_periods = u64::try_from((last - first).max(0)).unwrap_or(0);
    let drawn_reach = drawn_reach(doc, arrival_periods);
    // Links: the ordinary ones get the moves between their ends.
    // Ordinary links by the pair of steps they join: the log shows the moves between two
    // steps, not which of several links joining them was taken.
    let mut linked: hashbrown::HashMap<(usize, usize), (usize, f64)> = hashbrown::HashMap::new();
    let ordinary: Vec<(&crate::model::Link, usize, usize)> = doc
        .links()
        .iter()
        .filter(|l| !l.referral)
        .filter_map(|l| Some((&**l, index(&l.from)?, index(&l.to)?)))
        .collect();
    for &(link, f, g) in &ordinary {
        let pair = linked.entry((f, g)).or_insert((0, 0.0));
        pair.0 += 1;
        pair.1 += link.rate.unwrap_or(0.0);
    }
    let mut links = Vec::new();
    let mut out_rates = vec![0.0f64; n];
    for &(link, f, g) in &ordinary {
        let drawn = link.rate.unwrap_or(0.0);
        out_rates[f] += drawn;
        let along = moves.get(&(f, g)).copied().unwrap_or(0);
        let (parallel, drawn_sum) = linked.get(&(f, g)).copied().unwrap_or((1, drawn));
        // Shared among parallel links as drawn (evenly when none has a rate).
        #[expect(clippy::cast_precision_loss, reason = "a handful of links")]
        let share = if parallel == 1 {
            1.0
        } else if drawn_sum > 0.0 {
            drawn / drawn_sum
        } else {
            1.0 / parallel as f64
        };
        links.push(LinkFit {
            id: link.id.clone(),
            from: link.from.clone(),
            to: link.to.clone(),
            moved: along,
            rate: wilson(along, at[f]).map(|o| Observed {
                value: o.value * share,
                low: o.low * share,
                high: o.high * share,
                count: o.count,
            }),
            drawn,
            parallel,
        });
    }
    let mut unlinked: Vec<(String, String, u64)> = moves
        .iter()
        .filter(|(pair, _)| !linked.contains_key(*pair))
        .map(|(&(f, g), &k)| (doc.steps()[f].id.clone(), doc.steps()[g].id.clone(), k))
        .collect();
    unlinked.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    let mut unlinked_out = vec![0u64; n];
    for (&(f, g), &k) in &moves {
        if !linked.contains_key(&(f, g)) {
            unlinked_out[f] += k;
        }
    }
    let mut steps: Vec<StepFit> = doc
        .steps()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let reach = if s.stage == Stage::Tell {
                poisson(new_after_first[i], arrival_periods)
            } else {
                None
            };
            StepFit {
                id: s.id.clone(),
                title: s.title.clone(),
                stage: s.stage,
                events: facts
                    .step_events
                    .get(i)
                    .copied()
                    .unwrap_or(at[i] + entered[i]),
                at: at[i],
                lost: losses[i],
                entered: entered[i],
                stay: wilson(stays[i], at[i]),
                leak: wilson(losses[i] + unlinked_out[i], at[i]),
                reach,
                referrals: if facts.has_referrer {
                    poisson(referred_from[i], at[i])
                } else {
                    None
                },
                drawn_stay: s.stay.unwrap_or(0.0),
                drawn_leak: (1.0 - s.stay.unwrap_or(0.0) - out_rates[i]).max(0.0),
                drawn_reach: drawn_reach[i],
                drawn_referrals: s.referrals.unwrap_or(0.0),
                cost_per_reach: budget_cost_per_reach(s, drawn_reach[i], reach),
                removal_effect: None,
                credited: None,
            }
        })
        .collect();
    // Attribution on the fitted chain: observed numbers where there are some, drawn ones
    // where the log said nothing.
    let chain = Chain {
        buy: buy.clone(),
        stay: steps
            .iter()
            .map(|s| s.stay.map_or(s.drawn_stay, |o| o.value))
            .collect(),
        links: links
            .iter()
            .filter_map(|l| {
                let rate = l.rate.map_or(l.drawn, |o| o.value);
                Some((index(&l.from)?, index(&l.to)?, rate))
            })
            .collect(),
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
        start: entered.iter().map(|&e| e as f64).collect(),
    };
    let mut purchase_probability = None;
    if entered.iter().any(|&e| e > 0) && buy.iter().any(|&b| b) {
        purchase_probability = Some(chain.purchase_probability(None));
        let effects = chain.removal_effects();
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
        let credited = attribution::share(purchases as f64, &effects);
        for ((s, e), c) in steps.iter_mut().zip(effects).zip(credited) {
            s.removal_effect = e;
            s.credited = c;
        }
    }
    let unmapped_steps = steps
        .iter()
        .filter(|s| s.events == 0)
        .map(|s| s.id.clone())
        .collect();
    let mut unmapped_events = facts.unmapped;
    unmapped_events.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Report {
        period_seconds,
        lost_after,
        span,
        counted_periods,
        events: facts.events,
        mapped_events: facts.step_events.iter().sum(),
        has_referrer: facts.has_referrer,
        steps,
        links,
        unmapped_steps,
        unmapped_events,
        unlinked_moves: unlinked,
        referred_from_nowhere,
        clashes: facts.clashes,
        skipped: facts.skipped,
        purchase_probability,
        purchases,
        peak_people: facts.peak_people,
        sorted_in_memory: facts.sorted_in_memory,
    }
}

/// The cost per reach at which a tell step's marketing budget buys the reach observed: its
/// cost per reach × `drawn` ÷ the observed reach, for a tell step whose budget sets its reach
/// (none elsewhere, or when either reach is 0).
fn budget_cost_per_reach(
    step: &crate::model::Step,
    drawn: f64,
    observed: Option<Observed>,
) -> Option<f64> {
    let cost = step.money.cost_per_reach.filter(|&c| c > 0.0)?;
    let observed = observed.map(|o| o.value).filter(|&r| r > 0.0)?;
    (step.stage == Stage::Tell && step.money.has_budget() && drawn > 0.0)
        .then(|| cost * drawn / observed)
}

/// The newcomers marketing brings at each step (by document index) as drawn, over the
/// periods whose newcomers the observed reach counts: the mean over periods 2 to P + 1 of the
/// journey's own run (period 1 alone when P is 0), as though the log began with the journey,
/// which is how `sample` draws a log. At a tell step that is its `reach`, or what its marketing
/// budget and share of the previous period's revenue buy, scaled as the run scales everyone
/// new by the share of the audience not yet reached; 0 at other steps. Periods a journey
/// cannot run to (it cannot be run, or stops early) take the revenue of its last period run,
/// or none, and no audience's cap.
pub fn drawn_reach(doc: &Document, periods: u64) -> Vec<f64> {
    let mut drawn = vec![0.0; doc.steps().len()];
    let net = Net::new(doc, &Numbers::of(doc, None));
    let tells = net.people().tells;
    let counted = usize::try_from(periods)
        .unwrap_or(usize::MAX)
        .min(simulation::MAX_PERIODS - 1);
    let options = simulation::Options {
        periods: counted + 1,
        seed: 0.0,
        record_steps: false,
        rank_links: false,
    };
    let run = simulation::simulate(doc, None, &options)
        .map(|o| o.run.periods)
        .unwrap_or_default();
    let periods: Vec<usize> = if counted == 0 {
        vec![1]
    } else {
        (2..=counted + 1).collect()
    };
    for &period in &periods {
        // What the previous period earned buys this one's reach.
        let revenue_before = match period {
            1 => 0.0,
            _ => run
                .get(period - 2)
                .or(run.last())
                .map_or(0.0, |p| p.revenue),
        };
        let reach = net.marketing_reach(revenue_before);
        // The run's newcomers by marketing over what marketing reached: the audience's cap.
        let wanted: f64 = reach.iter().sum();
        let capped = match run.get(period - 1) {
            Some(p) if wanted > 0.0 => p.new_marketing / wanted,
            _ => 1.0,
        };
        for (&t, reach) in tells.iter().zip(reach) {
            drawn[t] += reach * capped / periods.len() as f64;
        }
    }
    drawn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_the_published_interval() {
        // Wilson (1927) as given by Newcombe (1998), example: 81 of 263 → 0.2553 to 0.3662.
        let o = wilson(81, 263).unwrap();
        assert!((o.low - 0.2553).abs() < 5e-5, "{o:?}");
        assert!((o.high - 0.3662).abs() < 5e-5, "{o:?}");
        // 0 of 10: from 0 to 0.2775 (Newcombe's table).
        let o = wilson(0, 10).unwrap();
        assert_eq!(o.low, 0.0);
        assert!(!o.excludes(0.0));
        assert!(!wilson(719, 719).unwrap().excludes(1.0));
        assert!((o.high - 0.2775).abs() < 5e-5, "{o:?}");
        assert_eq!(wilson(0, 0), None);
    }

    #[test]
    fn the_poisson_interval_covers_its_estimate() {
        let o = poisson(100, 10).unwrap();
        assert!((o.value - 10.0).abs() < 1e-12);
        // (100 + 1.92 ± 1.96·√100.96) ÷ 10.
        assert!((o.low - 8.2227).abs() < 1e-3, "{o:?}");
        assert!((o.high - 12.1614).abs() < 1e-3, "{o:?}");
    }
}
