//! Numbers fitted to an event log, each with what the log showed of it: what the editor's
//! "Add as scenario" and "Use these numbers" write into a journey.

use super::Observation;

/// One fitted number: the estimate and its observation (95 % interval and count).
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// The estimate (maximum likelihood).
    pub value: f64,
    /// Its 95 % interval and the observations behind it.
    pub observed: Observation,
}

impl Estimate {
    /// The estimate `value`, inside `low..=high`, from `count` observations.
    pub fn new(value: f64, low: f64, high: f64, count: u64) -> Self {
        Self {
            value,
            observed: Observation::new(low, high, count),
        }
    }
}

/// A step's fitted numbers; `None` where the log said nothing of one.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FittedStep {
    /// People brought in by marketing per period (tell steps).
    pub reach: Option<Estimate>,
    /// The share who stay for the next period.
    pub stay: Option<Estimate>,
    /// New people each person brings per period (when the log names referrers).
    pub referrals: Option<Estimate>,
    /// At a tell step whose marketing budget sets its reach: the money per person reached
    /// at which that budget would have bought the observed reach (its cost per reach × the
    /// reach drawn over the log's periods ÷ the one observed).
    pub cost_per_reach: Option<f64>,
}

/// A journey's numbers fitted to an event log, by step id and link id in journey order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Fitted {
    /// The fitted steps; a step the log said nothing of is left out.
    pub steps: Vec<(String, FittedStep)>,
    /// The fitted rates of ordinary links; a link the log said nothing of is left out.
    pub links: Vec<(String, Estimate)>,
}

impl Fitted {
    /// Whether nothing was fitted.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.links.is_empty()
    }
}
