//! Money in the loop: the journey's economics (a purchase's price and unit cost, fixed costs,
//! the discount rate), a step's money (what a person there earns and costs per period, a buy
//! step's own price, a tell step's marketing), and the allowed values of each.

use super::Extra;

/// What a journey's purchases earn and cost, what running it costs, and how later money is
/// discounted; every number optional.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Economics {
    /// The money's label: "€", "USD", "kr". Only shown, never converted.
    pub currency: String,
    /// What one purchase earns, 0 or more; a buy step may set its own.
    pub price: Option<f64>,
    /// What one purchase costs (goods, fees), 0 or more.
    pub unit_cost: Option<f64>,
    /// What running the business costs per period, whoever comes, 0 or more.
    pub fixed_costs: Option<f64>,
    /// How much less money is worth per period it comes later, 0 ≤ d < 1: money in period t
    /// counts (1 + d)^−(t−1).
    pub discount_rate: Option<f64>,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Economics {
    /// Whether nothing is set: no currency, no numbers, no unknown fields.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A scenario's overrides of the journey's economics; `None` keeps the journey's value.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EconomicsOverride {
    /// What one purchase earns.
    pub price: Option<f64>,
    /// What one purchase costs.
    pub unit_cost: Option<f64>,
    /// What running the business costs per period.
    pub fixed_costs: Option<f64>,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl EconomicsOverride {
    /// Whether it overrides nothing and holds no unknown fields.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A money field: its key in the file, its value, what it must be and the check.
pub type MoneyField = (&'static str, Option<f64>, &'static str, fn(f64) -> bool);

/// A step's money, every field optional; the same fields override it in a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct StepMoney {
    /// Money each person at the step at the end of a period pays in that period (a
    /// subscription fee), 0 or more.
    pub revenue: Option<f64>,
    /// Money each person at the step at the end of a period costs in that period (a care
    /// agent's time), 0 or more.
    pub cost: Option<f64>,
    /// A buy step's own price per purchase, instead of the journey's.
    pub price: Option<f64>,
    /// A tell step's marketing: money per person it reaches, 0 or more.
    pub cost_per_reach: Option<f64>,
    /// A tell step's marketing budget per period: reach = spend ÷ cost per reach.
    pub budget: Option<f64>,
    /// A tell step's marketing spend as a share of the previous period's revenue, 0 to 1
    /// (added to the budget).
    pub budget_share: Option<f64>,
}

/// A step's money, kept out of line: one pointer, and no allocation until a field is set
/// (most steps have none; in line it would be 96 bytes of every step). It reads as a
/// [`StepMoney`], all unset when the step has none; writing through it sets it up.
#[derive(Clone, Default)]
pub struct MoneyBox(Option<Box<StepMoney>>);

/// The money of a step that has none.
static UNSET: StepMoney = StepMoney {
    revenue: None,
    cost: None,
    price: None,
    cost_per_reach: None,
    budget: None,
    budget_share: None,
};

impl std::ops::Deref for MoneyBox {
    type Target = StepMoney;

    fn deref(&self) -> &StepMoney {
        self.0.as_deref().unwrap_or(&UNSET)
    }
}

impl std::ops::DerefMut for MoneyBox {
    fn deref_mut(&mut self) -> &mut StepMoney {
        self.0.get_or_insert_with(Box::default)
    }
}

impl From<StepMoney> for MoneyBox {
    /// Holds nothing out of line when no field is set.
    fn from(money: StepMoney) -> Self {
        Self((!money.is_empty()).then(|| Box::new(money)))
    }
}

impl PartialEq for MoneyBox {
    /// The same fields set to the same values, however they are kept.
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for MoneyBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        StepMoney::fmt(self, f)
    }
}

impl StepMoney {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// These values with those `over` sets put in their place.
    #[must_use]
    pub fn overridden(self, over: &Self) -> Self {
        Self {
            revenue: over.revenue.or(self.revenue),
            cost: over.cost.or(self.cost),
            price: over.price.or(self.price),
            cost_per_reach: over.cost_per_reach.or(self.cost_per_reach),
            budget: over.budget.or(self.budget),
            budget_share: over.budget_share.or(self.budget_share),
        }
    }

    /// Each field's key in the file with its value, what it must be and the check.
    pub fn fields(&self) -> [MoneyField; 6] {
        [
            ("revenue", self.revenue, MONEY_RANGE, is_money),
            ("cost", self.cost, MONEY_RANGE, is_money),
            ("price", self.price, MONEY_RANGE, is_money),
            ("cost_per_reach", self.cost_per_reach, MONEY_RANGE, is_money),
            ("budget", self.budget, MONEY_RANGE, is_money),
            (
                "budget_share",
                self.budget_share,
                BUDGET_SHARE_RANGE,
                is_budget_share,
            ),
        ]
    }

    /// Whether marketing's spend is set by a budget (a budget or a budget share): then reach
    /// follows from spend ÷ cost per reach.
    pub fn has_budget(&self) -> bool {
        self.budget.is_some() || self.budget_share.is_some()
    }
}

/// What an amount of money must be: the reader's and the editor's words.
pub const MONEY_RANGE: &str = "an amount of money, 0 or more";
/// What a discount rate must be.
pub const DISCOUNT_RANGE: &str = "a rate per period from 0 to below 1";
/// What a budget share must be.
pub const BUDGET_SHARE_RANGE: &str = "a share of the revenue from 0 to 1";
/// What a scenario's first or last period must be.
pub const PERIOD_RANGE: &str = "a period, 1 or more";

/// Whether `x` is a valid amount of money: finite and 0 or more.
pub fn is_money(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

/// Whether `x` is a valid discount rate: 0 ≤ x < 1.
pub fn is_discount(x: f64) -> bool {
    (0.0..1.0).contains(&x)
}

/// Whether `x` is a valid budget share: 0 ≤ x ≤ 1.
pub fn is_budget_share(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Stage, Step, StepValue, builders};

    #[test]
    fn a_steps_money_is_one_pointer_that_reads_as_unset_until_it_is_set() {
        assert_eq!(
            std::mem::size_of::<MoneyBox>(),
            std::mem::size_of::<usize>()
        );
        let mut money = MoneyBox::default();
        assert!(money.is_empty() && money.revenue.is_none());
        assert!(
            MoneyBox::from(StepMoney::default()).0.is_none(),
            "nothing out of line"
        );
        money.revenue = Some(3.0);
        assert_eq!(money.revenue, Some(3.0));
        assert_ne!(money, MoneyBox::default());
        // Equal by value, however it is kept: set, then unset again.
        money.revenue = None;
        assert!(money.0.is_some());
        assert_eq!(money, MoneyBox::default());
        let priced = StepMoney {
            price: Some(9.0),
            ..StepMoney::default()
        };
        assert_eq!(*MoneyBox::from(priced), priced);
        assert_eq!(
            format!("{:?}", MoneyBox::from(priced)),
            format!("{priced:?}")
        );
    }

    #[test]
    fn an_edit_of_a_steps_money_keeps_the_files_rules() {
        let mut doc = Document::new("t");
        doc.set_steps_and_links(
            vec![Step::new("ads", Stage::Tell, "Ads", [0.0, 0.0])],
            vec![],
        )
        .unwrap();
        let budget = StepMoney {
            budget: Some(500.0),
            ..StepMoney::default()
        };
        let refused = builders::set_step("ads", StepValue::Money(budget))
            .apply(&mut doc)
            .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "steps[0].budget: a budget needs a cost_per_reach above 0 to turn spend into reach"
        );
        let negative = StepMoney {
            revenue: Some(-1.0),
            ..StepMoney::default()
        };
        let refused = builders::set_step("ads", StepValue::Money(negative))
            .apply(&mut doc)
            .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "steps[0].revenue: expected an amount of money, 0 or more, found -1"
        );
        assert!(doc.step("ads").unwrap().money.is_empty());
        let priced = StepMoney {
            cost_per_reach: Some(2.0),
            ..budget
        };
        let undo = builders::set_step("ads", StepValue::Money(priced))
            .apply(&mut doc)
            .unwrap();
        assert_eq!(*doc.step("ads").unwrap().money, priced);
        let _redo = undo.apply(&mut doc).unwrap();
        assert!(doc.step("ads").unwrap().money.is_empty());
    }

    #[test]
    fn an_edit_of_the_economics_keeps_the_files_rules() {
        let mut doc = Document::new("t");
        let bad = Economics {
            discount_rate: Some(1.0),
            ..Economics::default()
        };
        let refused = builders::set_frame(crate::model::FrameValue::Economics(bad))
            .apply(&mut doc)
            .unwrap_err();
        assert_eq!(
            refused.to_string(),
            "economics.discount_rate: expected a rate per period from 0 to below 1, found 1"
        );
        assert!(doc.economics.is_empty());
        let good = Economics {
            price: Some(40.0),
            discount_rate: Some(0.01),
            ..Economics::default()
        };
        let undo = builders::set_frame(crate::model::FrameValue::Economics(good.clone()))
            .apply(&mut doc)
            .unwrap();
        assert_eq!(doc.economics, good);
        let _redo = undo.apply(&mut doc).unwrap();
        assert!(doc.economics.is_empty());
    }

    #[test]
    fn an_override_puts_its_values_over_the_steps() {
        let step = StepMoney {
            revenue: Some(10.0),
            budget: Some(100.0),
            cost_per_reach: Some(1.0),
            ..StepMoney::default()
        };
        let cut = StepMoney {
            budget: Some(20.0),
            ..StepMoney::default()
        };
        let both = step.overridden(&cut);
        assert_eq!(
            (both.revenue, both.budget, both.cost_per_reach),
            (Some(10.0), Some(20.0), Some(1.0))
        );
    }
}
