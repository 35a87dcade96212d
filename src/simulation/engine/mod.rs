//! The period-by-period run: people at steps, moving along links, staying, leaving, and new
//! people from marketing and word of mouth, capped by the audience.

mod compile;
mod run;

use serde::Serialize;

pub use run::run_phases;

/// What happened in one period, totalled over the journey.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Period {
    /// People at the steps of each stage at the end of the period, in [`Stage::ALL`](crate::model::Stage::ALL) order.
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
