//! Behind the line of visibility: what a step's service blueprint holds beside the
//! customer's action — a fail point, a wait, measured metrics and the step as it is to be.
//! The evidence, frontstage, backstage and support lists are plain lists of text on the
//! [`Step`](super::Step) itself.

use super::{Emotion, Extra};

/// A fail point (Shostack, 1984): where the service is likely to go wrong. A step has one
/// or none; the note says what goes wrong.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FailPoint {
    /// What goes wrong here, if said.
    pub note: String,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl FailPoint {
    /// A fail point with this note.
    pub fn new(note: impl Into<String>) -> Self {
        Self {
            note: note.into(),
            extra: Extra::new(),
        }
    }
}

/// How long the customer waits at a step (Shostack's waiting time).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Wait {
    /// The wait in words ("a day for the confirmation").
    pub text: String,
    /// The wait in minutes, if known; finite and 0 or more.
    pub minutes: Option<f64>,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Wait {
    /// The wait as a short text: the minutes in the largest whole unit they make, then the
    /// words ("2 h · queue at the desk"); empty when the wait says neither.
    pub fn summary(&self) -> String {
        let time = self.minutes.map(duration);
        match (time, self.text.trim()) {
            (Some(time), "") => time,
            (Some(time), text) => format!("{time} · {text}"),
            (None, text) => text.to_owned(),
        }
    }
}

impl Wait {
    /// "Wait: " and the summary, or "Wait" when the wait says neither text nor minutes.
    pub fn label(&self) -> String {
        match self.summary() {
            s if s.is_empty() => "Wait".to_owned(),
            s => format!("Wait: {s}"),
        }
    }

    /// The same in the middle of a sentence: "wait: 12 min", "wait".
    pub fn spoken(&self) -> String {
        match self.summary() {
            s if s.is_empty() => "wait".to_owned(),
            s => format!("wait: {s}"),
        }
    }
}

/// Minutes as people say them: "45 min", "2 h", "1.5 h", "3 days".
pub fn duration(minutes: f64) -> String {
    let short = super::short_number;
    if minutes < 60.0 {
        format!("{} min", short((minutes * 10.0).round() / 10.0))
    } else if minutes < 24.0 * 60.0 {
        format!("{} h", short((minutes / 6.0).round() / 10.0))
    } else {
        let days = (minutes / 144.0).round() / 10.0;
        format!(
            "{} {}",
            short(days),
            if days == 1.0 { "day" } else { "days" }
        )
    }
}

/// Which way a metric is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Better {
    /// Higher values are better (NPS, CSAT, conversion).
    #[default]
    Higher,
    /// Lower values are better (effort, time to resolve, complaints).
    Lower,
}

impl Better {
    /// Both directions.
    pub const ALL: [Self; 2] = [Self::Higher, Self::Lower];

    /// The value used in files.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Higher => "higher",
            Self::Lower => "lower",
        }
    }

    /// Parses a file value.
    pub fn from_str_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == value)
    }
}

/// A measured figure of a step (NPS, CSAT, CES, a conversion rate, anything) with the
/// target it should reach.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Metric {
    /// What is measured ("NPS").
    pub name: String,
    /// The measured value, if there is one yet; finite.
    pub value: Option<f64>,
    /// The value it should reach, if set; finite.
    pub target: Option<f64>,
    /// The unit the value is in ("%", "min", "points"); may be empty.
    pub unit: String,
    /// Which way is better: the value is on target when it is at least (or, for
    /// [`Better::Lower`], at most) the target.
    pub better: Better,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

/// How a metric stands against its target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Standing {
    /// No value, or no target: nothing to compare.
    Unknown,
    /// At or past the target.
    OnTarget,
    /// Short of the target by this much (always positive).
    Off(f64),
}

impl Metric {
    /// A metric with a name, a value, a target and a unit, better when higher.
    pub fn new(name: impl Into<String>, value: f64, target: f64, unit: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: Some(value),
            target: Some(target),
            unit: unit.into(),
            ..Self::default()
        }
    }

    /// How the value stands against the target.
    pub fn standing(&self) -> Standing {
        let (Some(value), Some(target)) = (self.value, self.target) else {
            return Standing::Unknown;
        };
        let short = match self.better {
            Better::Higher => target - value,
            Better::Lower => value - target,
        };
        if short > 0.0 {
            Standing::Off(short)
        } else {
            Standing::OnTarget
        }
    }

    /// Whether the value is short of the target.
    pub fn is_off_target(&self) -> bool {
        matches!(self.standing(), Standing::Off(_))
    }

    /// The metric's name, or "Metric" when it has none.
    pub fn display_name(&self) -> &str {
        let name = self.name.trim();
        if name.is_empty() { "Metric" } else { name }
    }

    /// A number with the metric's unit: "32", "4.2 %", "12 min".
    pub fn with_unit(&self, x: f64) -> String {
        let number = super::short_number(x);
        let unit = self.unit.trim();
        match unit {
            "" => number,
            "%" => format!("{number} %"),
            unit => format!("{number} {unit}"),
        }
    }

    /// The value against the target, short, as a cell shows it: "32 / 50".
    pub fn value_text(&self) -> String {
        let value = self
            .value
            .map_or_else(|| "–".to_owned(), |v| self.with_unit(v));
        match self.target {
            Some(target) => format!("{value} / {}", self.with_unit(target)),
            None => value,
        }
    }

    /// The gap in words, as a screen reader says it: "NPS is 32, 18 below its target of
    /// 50", "Wait is 12 min, 2 min above its target of 10 min", "CSAT is 4.5, on target
    /// (4.2)".
    pub fn gap_text(&self) -> String {
        let name = self.display_name();
        let Some(value) = self.value else {
            return match self.target {
                Some(t) => format!("{name} is not measured yet; target {}", self.with_unit(t)),
                None => format!("{name} is not measured yet"),
            };
        };
        let value_text = self.with_unit(value);
        let Some(target) = self.target else {
            return format!("{name} is {value_text}; no target set");
        };
        let target_text = self.with_unit(target);
        match self.standing() {
            Standing::Off(gap) => {
                let side = if value < target { "below" } else { "above" };
                format!(
                    "{name} is {value_text}, {} {side} its target of {target_text}",
                    self.with_unit(gap)
                )
            }
            Standing::OnTarget | Standing::Unknown => {
                format!("{name} is {value_text}, on target ({target_text})")
            }
        }
    }
}

/// The step as it is to be: the future journey's emotion there, and its title and notes
/// where they differ from today's.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ToBe {
    /// How the customer is to feel here; `None` keeps today's emotion.
    pub emotion: Option<Emotion>,
    /// The step's title in the future journey; empty keeps today's.
    pub title: String,
    /// The step's notes in the future journey; empty keeps today's.
    pub notes: String,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl super::Step {
    /// How the customer is to feel here in the to-be journey: the to-be emotion, else
    /// today's.
    pub fn to_be_emotion(&self) -> Emotion {
        self.to_be
            .as_ref()
            .and_then(|t| t.emotion)
            .unwrap_or(self.emotion)
    }

    /// The title in the to-be journey: the to-be title, else today's.
    pub fn to_be_title(&self) -> &str {
        self.to_be
            .as_ref()
            .map(|t| t.title.as_str())
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&self.title)
    }

    /// The notes in the to-be journey: the to-be notes, else today's.
    pub fn to_be_notes(&self) -> &str {
        self.to_be
            .as_ref()
            .map(|t| t.notes.as_str())
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&self.notes)
    }

    /// Whether any metric of the step is short of its target.
    pub fn has_metric_off_target(&self) -> bool {
        self.metrics.iter().any(Metric::is_off_target)
    }
}

/// Checks the numbers of a step's wait and metrics: a wait of 0 minutes or more, finite
/// metric values and targets.
pub fn check_blueprint_numbers(
    wait: Option<&Wait>,
    metrics: &[Metric],
) -> Result<(), super::ModelError> {
    if let Some(m) = wait.and_then(|w| w.minutes).filter(|m| !is_minutes(*m)) {
        return Err(super::ModelError::OutOfRange(format!(
            "a wait must be {MINUTES_RANGE}, not {m}"
        )));
    }
    for metric in metrics {
        for x in [metric.value, metric.target].into_iter().flatten() {
            if !x.is_finite() {
                return Err(super::ModelError::OutOfRange(format!(
                    "a metric's value and target must be finite numbers, not {x}"
                )));
            }
        }
    }
    Ok(())
}

/// What a wait's minutes must be, in the reader's and the editor's words.
pub const MINUTES_RANGE: &str = "a number of minutes, 0 or more";

/// Whether `x` is a valid number of minutes: finite and 0 or more.
pub fn is_minutes(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, Step};

    #[test]
    fn a_metric_is_off_target_on_the_side_that_is_worse() {
        let nps = Metric::new("NPS", 32.0, 50.0, "");
        assert_eq!(nps.standing(), Standing::Off(18.0));
        assert_eq!(nps.gap_text(), "NPS is 32, 18 below its target of 50");
        assert_eq!(nps.value_text(), "32 / 50");
        let csat = Metric::new("CSAT", 4.5, 4.2, "");
        assert_eq!(csat.standing(), Standing::OnTarget);
        assert_eq!(csat.gap_text(), "CSAT is 4.5, on target (4.2)");
        let wait = Metric {
            better: Better::Lower,
            ..Metric::new("Time to answer", 12.0, 10.0, "min")
        };
        assert!(wait.is_off_target());
        assert_eq!(
            wait.gap_text(),
            "Time to answer is 12 min, 2 min above its target of 10 min"
        );
        let fast = Metric {
            better: Better::Lower,
            ..Metric::new("Effort", 2.0, 3.0, "")
        };
        assert!(!fast.is_off_target());
        let conversion = Metric::new("Conversion", 2.5, 4.0, "%");
        assert_eq!(conversion.value_text(), "2.5 % / 4 %");
        let unmeasured = Metric {
            value: None,
            ..Metric::new("", 0.0, 9.0, "")
        };
        assert_eq!(unmeasured.standing(), Standing::Unknown);
        assert_eq!(
            unmeasured.gap_text(),
            "Metric is not measured yet; target 9"
        );
        let untargeted = Metric {
            target: None,
            ..Metric::new("NPS", 40.0, 0.0, "")
        };
        assert_eq!(untargeted.gap_text(), "NPS is 40; no target set");
        assert_eq!(untargeted.value_text(), "40");
    }

    #[test]
    fn waits_read_as_people_say_them() {
        assert_eq!(duration(45.0), "45 min");
        assert_eq!(duration(90.0), "1.5 h");
        assert_eq!(duration(24.0 * 60.0), "1 day");
        assert_eq!(duration(3.0 * 24.0 * 60.0), "3 days");
        let wait = Wait {
            text: "queue at the desk".into(),
            minutes: Some(12.0),
            extra: Extra::new(),
        };
        assert_eq!(wait.summary(), "12 min · queue at the desk");
        let words = Wait {
            text: "until the parcel comes".into(),
            ..Wait::default()
        };
        assert_eq!(words.summary(), "until the parcel comes");
        assert_eq!(words.label(), "Wait: until the parcel comes");
        assert_eq!(Wait::default().label(), "Wait");
    }

    #[test]
    fn the_to_be_step_keeps_todays_values_where_it_says_nothing() {
        let mut step = Step::new("s", Stage::Care, "Call support", [0.0, 0.0]);
        step.notes = "On hold for long".into();
        step.emotion = Emotion::new(-2).unwrap();
        assert_eq!(step.to_be_emotion(), step.emotion);
        assert_eq!(step.to_be_title(), "Call support");
        step.to_be = Some(Box::new(ToBe {
            emotion: Emotion::new(1),
            title: "Chat with support".into(),
            ..ToBe::default()
        }));
        assert_eq!(step.to_be_emotion(), Emotion::new(1).unwrap());
        assert_eq!(step.to_be_title(), "Chat with support");
        assert_eq!(step.to_be_notes(), "On hold for long");
    }

    #[test]
    fn blueprint_numbers_are_checked() {
        let bad_wait = Wait {
            minutes: Some(-1.0),
            ..Wait::default()
        };
        assert!(check_blueprint_numbers(Some(&bad_wait), &[]).is_err());
        let nan = Metric {
            value: Some(f64::NAN),
            ..Metric::default()
        };
        assert!(check_blueprint_numbers(None, &[nan]).is_err());
        assert!(check_blueprint_numbers(None, &[Metric::new("a", 1.0, 2.0, "")]).is_ok());
    }
}
