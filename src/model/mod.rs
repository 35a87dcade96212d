//! The journey model: [`Document`], [`Step`], [`Link`], [`Stage`], the marketing frame and
//! [`Edit`], the pure [`builders`] of edits, the editor's [`Selection`], the loop's numbers with
//! their [`Scenario`]s, and the rules of ids and references ([`validate()`]). It knows nothing
//! of files or of the user interface.

mod blueprint;
pub mod builders;
mod cache;
mod document;
mod economics;
mod edit;
mod events;
mod extra;
mod fitted;
mod frame;
pub mod generate;
mod ids;
mod opportunity;
mod persona;
mod scenario;
pub mod search;
mod selection;
mod shared;
mod stage;
mod validate;

pub use blueprint::{
    Better, FailPoint, MINUTES_RANGE, Metric, Standing, ToBe, Wait, check_blueprint_numbers,
    duration, is_minutes,
};
pub use builders::plural;
pub use cache::RevisionCache;
pub use document::{Bookmark, CARD_SIZE, Document, Link, ModelError, Point, Step, View};
pub use economics::{
    BUDGET_SHARE_RANGE, DISCOUNT_RANGE, Economics, EconomicsOverride, MONEY_RANGE, MoneyBox,
    PERIOD_RANGE, StepMoney, is_budget_share, is_discount, is_money,
};
pub use edit::{Edit, FrameValue, LinkValue, StepValue};
pub use events::{EVENTS_RANGE, event_pattern_matches, event_pattern_problem};
pub use extra::Extra;
pub use fitted::{Estimate, Fitted, FittedStep};
pub use frame::{Audience, Desire, Desires, Problems};
pub use opportunity::{Change, EFFORT_MAX, Opportunity, Status, VALUE_MAX, per_effort};
pub use persona::{Colour, Lane, Persona, Side};
pub use scenario::{
    FlowWarning, LinkOverride, Numbers, Observation, REACH_RANGE, REFERRALS_RANGE, STAY_RANGE,
    Scenario, StepObservations, StepOverride, TOLERANCE, check_step_numbers, flow_warnings,
    is_count, is_share, over_one, short_number,
};
pub use selection::Selection;
pub use stage::{Emotion, Stage};
pub use validate::{EFFORT_RANGE, Journey, Problem, ProblemKind, VALUE_RANGE, push_key, validate};
