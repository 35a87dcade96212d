//! Opportunities: improvements of the journey, scored by the value they bring and the effort
//! they take, each with the change of the loop's numbers it would make — so the simulation
//! can say what it is worth.

use super::validate::{Journey, Part};
use super::{Document, Extra, LinkOverride, ModelError, Scenario, StepOverride};

/// Where an opportunity stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub enum Status {
    /// An idea, not yet planned.
    #[default]
    Idea,
    /// Planned.
    Planned,
    /// Being done.
    Doing,
    /// Done.
    Done,
}

impl Status {
    /// Every status, in order.
    pub const ALL: [Self; 4] = [Self::Idea, Self::Planned, Self::Doing, Self::Done];

    /// The value used in files.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Idea => "idea",
            Self::Planned => "planned",
            Self::Doing => "doing",
            Self::Done => "done",
        }
    }

    /// The name shown to people.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Idea => "Idea",
            Self::Planned => "Planned",
            Self::Doing => "Doing",
            Self::Done => "Done",
        }
    }

    /// Parses a file value.
    pub fn from_str_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// The change of the loop's numbers an opportunity would make: overrides of steps' and
/// links' numbers, as a [`Scenario`] holds them.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Change {
    /// Overrides by step id, in file order; each step at most once.
    pub steps: Vec<(String, StepOverride)>,
    /// Overrides by link id, in file order; each link at most once.
    pub links: Vec<(String, LinkOverride)>,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Change {
    /// Whether the change overrides nothing (and holds no unknown fields).
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.links.is_empty() && self.extra.is_empty()
    }

    /// The change as a scenario named `name`, to run through the simulation as any
    /// scenario runs.
    pub fn as_scenario(&self, name: &str) -> Scenario {
        Scenario {
            name: name.to_owned(),
            steps: self.steps.clone(),
            links: self.links.clone(),
            ..Scenario::default()
        }
    }
}

/// The highest value score.
pub const VALUE_MAX: u8 = 100;
/// The highest effort score.
pub const EFFORT_MAX: u8 = 5;

/// An improvement of the journey, scored, linked to the steps it improves.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Opportunity {
    /// Unique among the opportunities of a document, never empty.
    pub id: String,
    /// What it is, short.
    pub title: String,
    /// What it is, in full.
    pub description: String,
    /// The ids of the steps it improves, each at most once.
    pub steps: Vec<String>,
    /// What it is worth to the customer, 0..=100, if scored.
    pub customer_value: Option<u8>,
    /// What it is worth to the business, 0..=100, if scored.
    pub business_value: Option<u8>,
    /// How much work it takes, 0..=5, if scored.
    pub effort: Option<u8>,
    /// Where it stands.
    pub status: Status,
    /// The numbers it would change, for the simulation to value it.
    pub change: Change,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Opportunity {
    /// An opportunity with this id and title and nothing else.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            ..Self::default()
        }
    }

    /// The title, or the id when it has none.
    pub fn display_title(&self) -> &str {
        if self.title.trim().is_empty() {
            &self.id
        } else {
            &self.title
        }
    }

    /// Its value score: the mean of the customer and business values that are scored.
    pub fn value(&self) -> Option<f64> {
        let scored: Vec<f64> = [self.customer_value, self.business_value]
            .into_iter()
            .flatten()
            .map(f64::from)
            .collect();
        (!scored.is_empty()).then(|| scored.iter().sum::<f64>() / scored.len() as f64)
    }

    /// `TheyDo`'s priority: the value score per unit of effort; `None` without a value or
    /// with no effort scored above 0.
    pub fn value_per_effort(&self) -> Option<f64> {
        per_effort(self.value()?, self.effort)
    }
}

/// Checks opportunities against a document by the rules of [`super::validate()`]: ids
/// present and unique, the steps named exist (each once), scores in range, changes
/// overriding existing steps and links with numbers in range.
pub fn check_opportunities(
    doc: &Document,
    opportunities: &[Opportunity],
) -> Result<(), ModelError> {
    let journey = Journey {
        personas: doc.personas(),
        steps: doc.steps(),
        links: doc.links(),
        scenarios: doc.scenarios(),
        opportunities,
    };
    ModelError::refuse(super::validate::check(&journey, Part::Opportunities))
}

/// `amount` per unit of `effort`; `None` when the effort is not scored or is 0 (nothing to
/// divide by: such an opportunity is ranked apart).
pub fn per_effort(amount: f64, effort: Option<u8>) -> Option<f64> {
    effort.filter(|e| *e > 0).map(|e| amount / f64::from(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_per_effort_is_the_mean_value_over_the_effort() {
        let mut o = Opportunity::new("o", "Faster refunds");
        assert_eq!(o.value(), None);
        assert_eq!(o.value_per_effort(), None);
        o.customer_value = Some(80);
        assert_eq!(o.value(), Some(80.0));
        o.business_value = Some(40);
        assert_eq!(o.value(), Some(60.0));
        assert_eq!(o.value_per_effort(), None, "no effort scored");
        o.effort = Some(0);
        assert_eq!(o.value_per_effort(), None, "nothing to divide by");
        o.effort = Some(3);
        assert_eq!(o.value_per_effort(), Some(20.0));
    }

    #[test]
    fn statuses_read_their_file_values() {
        for s in Status::ALL {
            assert_eq!(Status::from_str_value(s.as_str()), Some(s));
        }
        assert_eq!(Status::from_str_value("Done"), None);
    }

    #[test]
    fn a_change_runs_as_a_scenario_of_its_overrides() {
        let change = Change {
            links: vec![(
                "a-b".into(),
                LinkOverride {
                    rate: Some(0.2),
                    ..LinkOverride::default()
                },
            )],
            ..Change::default()
        };
        assert!(!change.is_empty());
        let s = change.as_scenario("faster");
        assert_eq!(s.name, "faster");
        assert_eq!(s.link("a-b").and_then(|o| o.rate), Some(0.2));
        assert!(Change::default().is_empty());
    }
}
