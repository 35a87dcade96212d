//! Personas (the people a journey is drawn for), their colours, and the lanes of the journey
//! map whose order and visibility are saved with a journey.

use super::{Emotion, Extra, Step};

/// A colour as red, green and blue bytes, written `#rrggbb` in files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Colour(pub [u8; 3]);

impl Colour {
    /// Parses `#rrggbb` (hex digits in either case).
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Self([byte(0)?, byte(2)?, byte(4)?]))
    }

    /// `#rrggbb` in lower case, as files hold it.
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// One of the people a journey is drawn for.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Persona {
    /// Unique among the personas of a document, never empty; steps refer to it.
    pub id: String,
    /// The name shown in legends and chips ("The early adopter").
    pub name: String,
    /// A short description of who they are.
    pub description: String,
    /// What they want to achieve, one goal per entry (a list, like a step's channels, so
    /// each goal can be added, edited and removed on its own).
    pub goals: Vec<String>,
    /// The colour of their curve and chips.
    pub colour: Colour,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Persona {
    /// A persona with the given id, name and colour and no description or goals.
    pub fn new(id: impl Into<String>, name: impl Into<String>, colour: Colour) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            colour,
            ..Self::default()
        }
    }
}

impl Step {
    /// Whether this step applies to the persona `id` (a step listing no personas applies to
    /// everyone).
    pub fn applies_to(&self, persona: &str) -> bool {
        self.personas.is_empty() || self.personas.iter().any(|p| p == persona)
    }

    /// How the persona `id` feels at this step: its own emotion if the step gives one, else
    /// the step's; `None` if the step does not apply to the persona.
    pub fn emotion_of(&self, persona: &str) -> Option<Emotion> {
        if !self.applies_to(persona) {
            return None;
        }
        let own = self.persona_emotions.iter().find(|(p, _)| p == persona);
        Some(own.map_or(self.emotion, |(_, e)| *e))
    }
}

/// A row of the journey map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lane {
    /// What the customer sees or holds: the blueprint's physical evidence.
    Evidence,
    /// The steps: title and the start of the notes (the blueprint's customer actions).
    Steps,
    /// The emotion curve.
    Emotion,
    /// The channels.
    Channels,
    /// The touchpoints.
    Touchpoints,
    /// The pain points.
    PainPoints,
    /// The opportunities.
    Opportunities,
    /// The measured metrics against their targets.
    Metrics,
    /// What staff or the product do in the customer's view.
    Frontstage,
    /// What happens out of the customer's view.
    Backstage,
    /// The systems and partners behind.
    Support,
}

/// Where a lane lies in a service blueprint, top to bottom: the lines of interaction,
/// visibility and internal interaction run between these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// What the customer does, sees and feels.
    Customer,
    /// What staff or the product do in the customer's view.
    Frontstage,
    /// What happens out of view.
    Backstage,
    /// The systems and partners behind.
    Support,
}

impl Lane {
    /// Every lane, in the default order.
    pub const ALL: [Self; 11] = [
        Self::Evidence,
        Self::Steps,
        Self::Emotion,
        Self::Channels,
        Self::Touchpoints,
        Self::PainPoints,
        Self::Opportunities,
        Self::Metrics,
        Self::Frontstage,
        Self::Backstage,
        Self::Support,
    ];

    /// The service blueprint's lanes, in its order: evidence, the customer's actions (the
    /// steps), frontstage, backstage, support.
    pub const BLUEPRINT: [Self; 5] = [
        Self::Evidence,
        Self::Steps,
        Self::Frontstage,
        Self::Backstage,
        Self::Support,
    ];

    /// The value used in files (`"pain_points"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Evidence => "evidence",
            Self::Steps => "steps",
            Self::Emotion => "emotion",
            Self::Channels => "channels",
            Self::Touchpoints => "touchpoints",
            Self::PainPoints => "pain_points",
            Self::Opportunities => "opportunities",
            Self::Metrics => "metrics",
            Self::Frontstage => "frontstage",
            Self::Backstage => "backstage",
            Self::Support => "support",
        }
    }

    /// The name shown to people (`"Pain points"`).
    pub const fn label(self) -> &'static str {
        match self {
            Self::Evidence => "Evidence",
            Self::Steps => "Steps",
            Self::Emotion => "Emotion",
            Self::Channels => "Channels",
            Self::Touchpoints => "Touchpoints",
            Self::PainPoints => "Pain points",
            Self::Opportunities => "Opportunities",
            Self::Metrics => "Metrics",
            Self::Frontstage => "Frontstage",
            Self::Backstage => "Backstage",
            Self::Support => "Support",
        }
    }

    /// Where the lane lies in a service blueprint; `None` for the lanes of analysis
    /// (opportunities, metrics), which lie on no side of its lines.
    pub const fn side(self) -> Option<Side> {
        match self {
            Self::Evidence
            | Self::Steps
            | Self::Emotion
            | Self::Channels
            | Self::Touchpoints
            | Self::PainPoints => Some(Side::Customer),
            Self::Frontstage => Some(Side::Frontstage),
            Self::Backstage => Some(Side::Backstage),
            Self::Support => Some(Side::Support),
            Self::Opportunities | Self::Metrics => None,
        }
    }

    /// Parses a file value such as `"pain_points"`.
    pub fn from_str_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|lane| lane.as_str() == value)
    }

    /// The step's list this lane shows, for the lanes that are lists of text.
    pub fn items(self, step: &Step) -> Option<&[String]> {
        match self {
            Self::Evidence => Some(&step.evidence),
            Self::Channels => Some(&step.channels),
            Self::Touchpoints => Some(&step.touchpoints),
            Self::PainPoints => Some(&step.pain_points),
            Self::Opportunities => Some(&step.opportunities),
            Self::Frontstage => Some(&step.frontstage),
            Self::Backstage => Some(&step.backstage),
            Self::Support => Some(&step.support),
            Self::Steps | Self::Emotion | Self::Metrics => None,
        }
    }

    /// The edit value that replaces this lane's list on a step, for the lanes that are lists
    /// of text.
    pub fn list_value(self, items: Vec<String>) -> Option<super::StepValue> {
        use super::StepValue;
        match self {
            Self::Evidence => Some(StepValue::Evidence(items)),
            Self::Channels => Some(StepValue::Channels(items)),
            Self::Touchpoints => Some(StepValue::Touchpoints(items)),
            Self::PainPoints => Some(StepValue::PainPoints(items)),
            Self::Opportunities => Some(StepValue::Opportunities(items)),
            Self::Frontstage => Some(StepValue::Frontstage(items)),
            Self::Backstage => Some(StepValue::Backstage(items)),
            Self::Support => Some(StepValue::Support(items)),
            Self::Steps | Self::Emotion | Self::Metrics => None,
        }
    }

    /// The lanes in the order `saved` gives (lanes it leaves out follow in the default
    /// order), without those in `hidden`.
    pub fn shown(saved: &[Self], hidden: &[Self]) -> Vec<Self> {
        let rest = Self::ALL.into_iter().filter(|l| !saved.contains(l));
        saved
            .iter()
            .copied()
            .chain(rest)
            .filter(|l| !hidden.contains(l))
            .collect()
    }

    /// Every lane in the order `saved` gives, lanes it leaves out following in the default
    /// order.
    pub fn ordered(saved: &[Self]) -> Vec<Self> {
        Self::shown(saved, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;

    #[test]
    fn colours_parse_and_print() {
        assert_eq!(Colour::parse("#2F6fde"), Some(Colour([0x2f, 0x6f, 0xde])));
        assert_eq!(Colour([0x2f, 0x6f, 0xde]).hex(), "#2f6fde");
        for bad in [
            "2f6fde", "#2f6fd", "#2f6fdez", "#gg0000", "red", "", "#", "#ééé",
        ] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_step_applies_to_everyone_unless_it_lists_personas() {
        let mut step = Step::new("s", Stage::Care, "S", [0.0, 0.0]);
        step.emotion = Emotion::new(-1).unwrap();
        assert!(step.applies_to("a"));
        assert_eq!(step.emotion_of("a"), Emotion::new(-1));
        step.personas = vec!["b".into()];
        step.persona_emotions = vec![("b".into(), Emotion::new(2).unwrap())];
        assert!(!step.applies_to("a"));
        assert_eq!(step.emotion_of("a"), None);
        assert_eq!(step.emotion_of("b"), Emotion::new(2));
    }

    #[test]
    fn lanes_follow_the_saved_order_then_the_default_one() {
        assert_eq!(Lane::shown(&[], &[]), Lane::ALL);
        assert_eq!(
            Lane::shown(
                &[Lane::Emotion, Lane::PainPoints],
                &[Lane::Channels, Lane::Metrics, Lane::Support]
            ),
            [
                Lane::Emotion,
                Lane::PainPoints,
                Lane::Evidence,
                Lane::Steps,
                Lane::Touchpoints,
                Lane::Opportunities,
                Lane::Frontstage,
                Lane::Backstage,
            ]
        );
        for lane in Lane::ALL {
            assert_eq!(Lane::from_str_value(lane.as_str()), Some(lane));
        }
    }
}
