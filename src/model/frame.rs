//! The marketing frame around a journey: problems, audience and desires.

use super::Extra;

/// One of the five universal outcomes a product can deliver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Desire {
    /// Healthier.
    Healthier,
    /// Happier.
    Happier,
    /// Wealthier.
    Wealthier,
    /// Less stressed.
    LessStressed,
    /// Higher social status.
    Status,
}

impl Desire {
    /// All desires, in the order files list them.
    pub const ALL: [Self; 5] = [
        Self::Healthier,
        Self::Happier,
        Self::Wealthier,
        Self::LessStressed,
        Self::Status,
    ];

    /// The value used in files (`"less_stressed"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Healthier => "healthier",
            Self::Happier => "happier",
            Self::Wealthier => "wealthier",
            Self::LessStressed => "less_stressed",
            Self::Status => "status",
        }
    }

    /// The name shown to people.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Healthier => "Healthier",
            Self::Happier => "Happier",
            Self::Wealthier => "Wealthier",
            Self::LessStressed => "Less stressed",
            Self::Status => "Higher social status",
        }
    }

    /// Parses a file value.
    pub fn from_str_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == value)
    }

    const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of [`Desire`]s; iteration is always in [`Desire::ALL`] order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub struct Desires(u8);

impl Desires {
    /// The empty set.
    pub const NONE: Self = Self(0);

    /// Whether `desire` is in the set.
    pub const fn contains(self, desire: Desire) -> bool {
        self.0 & desire.bit() != 0
    }

    /// The set with `desire` added or removed.
    #[must_use]
    pub const fn with(self, desire: Desire, present: bool) -> Self {
        if present {
            Self(self.0 | desire.bit())
        } else {
            Self(self.0 & !desire.bit())
        }
    }

    /// The desires in the set, in [`Desire::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Desire> {
        Desire::ALL.into_iter().filter(move |d| self.contains(*d))
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl FromIterator<Desire> for Desires {
    fn from_iter<I: IntoIterator<Item = Desire>>(iter: I) -> Self {
        iter.into_iter()
            .fold(Self::NONE, |set, d| set.with(d, true))
    }
}

/// Who the product is for: the minimum viable audience.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Audience {
    /// Who they are (the product is not for everyone).
    pub description: String,
    /// How many they are, if known; it must be big enough to sustain the business.
    pub size: Option<u64>,
    /// What makes the product unique for them.
    pub uniqueness: String,
    /// The universal outcomes the product delivers to them.
    pub desires: Desires,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

/// The customer's problem in three layers.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Problems {
    /// The physical need ("I need a car").
    pub external: String,
    /// Frustration, fear or self-doubt ("I want to be an early adopter of cool technology").
    pub internal: String,
    /// Being part of something bigger ("my choice of car should help save energy").
    pub philosophical: String,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Problems {
    /// A one-line hint of what each layer means, for editors: in general words, so it fits
    /// whatever journey is open.
    pub const HINTS: [(&'static str, &'static str); 3] = [
        (
            "External",
            "The physical need: what the customer must get done, in their own words.",
        ),
        (
            "Internal",
            "How that need makes them feel: frustration, fear or self-doubt.",
        ),
        (
            "Philosophical",
            "Why it matters beyond them: being part of something bigger.",
        ),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desires_iterate_in_file_order_whatever_the_insertion_order() {
        let set: Desires = [Desire::Status, Desire::Healthier, Desire::Status]
            .into_iter()
            .collect();
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [Desire::Healthier, Desire::Status]
        );
        assert!(!set.with(Desire::Status, false).contains(Desire::Status));
        for d in Desire::ALL {
            assert_eq!(Desire::from_str_value(d.as_str()), Some(d));
        }
    }
}
