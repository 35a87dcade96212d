//! The six stages of the service loop and the emotion scale of a step.

use std::fmt;

/// One stage of the service loop, in loop order.
///
/// The loop closes: [`Stage::WordOfMouth`] feeds [`Stage::Tell`] again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Stage {
    /// We tell people that the product solves their problem.
    #[default]
    Tell,
    /// They buy.
    Buy,
    /// They use it; we want the best experience.
    Experience,
    /// Something goes wrong and customer care solves it.
    Care,
    /// The problem was solved so well that they are delighted.
    Delight,
    /// They rave about it and their friends notice.
    WordOfMouth,
}

impl Stage {
    /// All stages in loop order.
    pub const ALL: [Self; 6] = [
        Self::Tell,
        Self::Buy,
        Self::Experience,
        Self::Care,
        Self::Delight,
        Self::WordOfMouth,
    ];

    /// The value used in files (`"word_of_mouth"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Tell => "tell",
            Self::Buy => "buy",
            Self::Experience => "experience",
            Self::Care => "care",
            Self::Delight => "delight",
            Self::WordOfMouth => "word_of_mouth",
        }
    }

    /// The name shown to people (`"Word of mouth"`).
    pub const fn label(self) -> &'static str {
        match self {
            Self::Tell => "Tell",
            Self::Buy => "Buy",
            Self::Experience => "Experience",
            Self::Care => "Care",
            Self::Delight => "Delight",
            Self::WordOfMouth => "Word of mouth",
        }
    }

    /// One sentence on what happens in this stage.
    pub const fn description(self) -> &'static str {
        match self {
            Self::Tell => "We tell people that the product solves their problem.",
            Self::Buy => "They buy.",
            Self::Experience => "They use it; we want the best experience.",
            Self::Care => "Something goes wrong; customer care solves it.",
            Self::Delight => "The problem is solved so well that they are delighted.",
            Self::WordOfMouth => "They rave about it; their friends notice and enter the loop.",
        }
    }

    /// The position of this stage in [`Stage::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The stage that follows in the loop (word of mouth is followed by tell).
    #[must_use]
    pub const fn next(self) -> Self {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    /// Parses a file value such as `"word_of_mouth"`.
    pub fn from_str_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|stage| stage.as_str() == value)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How the customer feels at a step, from −2 (very unhappy) to +2 (delighted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Emotion(i8);

impl Emotion {
    /// The lowest value.
    pub const MIN: i8 = -2;
    /// The highest value.
    pub const MAX: i8 = 2;

    /// An emotion, if `value` lies in −2..=2.
    pub fn new(value: i64) -> Option<Self> {
        i8::try_from(value)
            .ok()
            .filter(|v| (Self::MIN..=Self::MAX).contains(v))
            .map(Self)
    }

    /// The value, −2..=2.
    pub const fn value(self) -> i8 {
        self.0
    }

    /// Words for the value, from "very unhappy" to "delighted".
    pub const fn label(self) -> &'static str {
        match self.0 {
            ..=-2 => "very unhappy",
            -1 => "unhappy",
            0 => "neutral",
            1 => "happy",
            _ => "delighted",
        }
    }

    /// Every emotion, from very unhappy to delighted.
    pub fn all() -> impl Iterator<Item = Self> {
        (Self::MIN..=Self::MAX).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_values_round_trip_and_loop_closes() {
        for stage in Stage::ALL {
            assert_eq!(Stage::from_str_value(stage.as_str()), Some(stage));
        }
        assert_eq!(Stage::from_str_value("sell"), None);
        assert_eq!(Stage::WordOfMouth.next(), Stage::Tell);
        assert_eq!(Stage::Tell.next(), Stage::Buy);
    }

    #[test]
    fn emotion_range_is_enforced() {
        assert_eq!(Emotion::new(-3), None);
        assert_eq!(Emotion::new(3), None);
        assert_eq!(Emotion::new(i64::MAX), None);
        assert_eq!(Emotion::new(-2).map(Emotion::label), Some("very unhappy"));
        assert_eq!(Emotion::new(2).map(Emotion::label), Some("delighted"));
        assert_eq!(Emotion::all().count(), 5);
    }
}
