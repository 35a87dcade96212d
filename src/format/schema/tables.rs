//! Every object's table of fields, in the order files list them.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A document being read: its own fields in place, and the lists the document keeps
/// checked (personas, steps, links, scenarios) apart until the model's rules pass.
#[derive(Default)]
pub(in crate::format) struct Parts {
    /// The fields a document holds in the open.
    pub doc: Document,
    /// `format`, if it was a string.
    pub format: Option<String>,
    /// `version`, if it was a whole number.
    pub version: Option<u64>,
    /// The personas.
    pub personas: Vec<Persona>,
    /// The steps.
    pub steps: Vec<Step>,
    /// The links.
    pub links: Vec<Link>,
    /// The scenarios.
    pub scenarios: Vec<Scenario>,
    /// The opportunities.
    pub opportunities: Vec<Opportunity>,
}

impl Deref for Parts {
    type Target = Document;

    fn deref(&self) -> &Document {
        &self.doc
    }
}

impl DerefMut for Parts {
    fn deref_mut(&mut self) -> &mut Document {
        &mut self.doc
    }
}

impl Parts {
    /// The document, if its parts keep the model's rules.
    pub(in crate::format) fn into_document(self) -> Result<Document, ModelError> {
        let mut doc = self.doc;
        doc.set_personas(self.personas)?;
        doc.set_steps_and_links(self.steps, self.links)?;
        doc.set_scenarios(self.scenarios)?;
        doc.set_opportunities(self.opportunities)?;
        Ok(doc)
    }
}

/// The top level.
pub(in crate::format) const DOCUMENT: Object<Parts, Document> = Object {
    name: "top level",
    collection: "a list",
    fields: &[
        required(
            Field::new(
                "format",
                |p, s| p.format = s.string(&"a string"),
                |_, w| {
                    w.key("format");
                    w.scalar(FORMAT_NAME);
                },
            ),
            "a Journey Designer file has \"format\": \"journey-designer\"",
        ),
        required(
            Field::new(
                "version",
                |p, s| {
                    p.version = scalar(s, &"a whole number", |s| match s {
                        Scalar::Number(n) => n.as_u64().ok_or(None),
                        _ => Err(None),
                    });
                },
                |_, w| {
                    w.key("version");
                    w.scalar(&VERSION);
                },
            ),
            "the file must say which format version it uses",
        ),
        field!("title", title, TEXT),
        field!("core_narrative", core_narrative, TEXT),
        field!("audience", audience, object::<Audience>()),
        field!("problems", problems, object::<Problems>()),
        field!("economics", economics, object::<Economics>(), omit Economics::is_empty),
        Field::new(
            "personas",
            |p, s| p.personas = (list::<Persona>().read)(s).unwrap_or_default(),
            |d, w| {
                // Optional: absent when there are none, so older files save back as they were.
                if !d.personas().is_empty() {
                    w.key("personas");
                    write_list(w, d.personas().iter());
                }
            },
        ),
        Field::new(
            "steps",
            |p, s| p.steps = (list::<Step>().read)(s).unwrap_or_default(),
            |d, w| {
                w.key("steps");
                write_list(w, d.steps().iter().map(|s| &**s));
            },
        ),
        Field::new(
            "links",
            |p, s| p.links = (list::<Link>().read)(s).unwrap_or_default(),
            |d, w| {
                w.key("links");
                write_list(w, d.links().iter().map(|l| &**l));
            },
        ),
        Field::new(
            "scenarios",
            |p, s| p.scenarios = (list::<Scenario>().read)(s).unwrap_or_default(),
            |d, w| {
                if !d.scenarios().is_empty() {
                    w.key("scenarios");
                    write_list(w, d.scenarios().iter());
                }
            },
        ),
        Field::new(
            "opportunities",
            |p, s| p.opportunities = (list::<Opportunity>().read)(s).unwrap_or_default(),
            |d, w| {
                if !d.opportunities().is_empty() {
                    w.key("opportunities");
                    write_list(w, d.opportunities().iter());
                }
            },
        ),
        field!("view", view, object::<View>()),
    ],
    new: Parts::default,
    extra: |p| &mut p.doc.extra,
    written_extra: |d| &d.extra,
};

impl Schema for Audience {
    const OBJECT: Object<Self> = Object {
        name: "audience",
        collection: "a list",
        fields: &[
            field!("description", description, TEXT),
            field!("size", size, SIZE),
            field!("uniqueness", uniqueness, TEXT),
            field!("desires", desires, DESIRES),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Economics {
    const OBJECT: Object<Self> = Object {
        name: "economics",
        collection: "a list",
        fields: &[
            field!("currency", currency, TEXT, omit String::is_empty),
            field!("price", price, MONEY, omit Option::is_none),
            field!("unit_cost", unit_cost, MONEY, omit Option::is_none),
            field!("fixed_costs", fixed_costs, MONEY, omit Option::is_none),
            field!("discount_rate", discount_rate, DISCOUNT, omit Option::is_none),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for EconomicsOverride {
    const OBJECT: Object<Self> = Object {
        name: "economics override",
        collection: "a list",
        fields: &[
            field!("price", price, MONEY, omit Option::is_none),
            field!("unit_cost", unit_cost, MONEY, omit Option::is_none),
            field!("fixed_costs", fixed_costs, MONEY, omit Option::is_none),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Problems {
    const OBJECT: Object<Self> = Object {
        name: "problems",
        collection: "a list",
        fields: &[
            field!("external", external, TEXT),
            field!("internal", internal, TEXT),
            field!("philosophical", philosophical, TEXT),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Persona {
    const OBJECT: Object<Self> = Object {
        name: "persona",
        collection: "a list",
        fields: &[
            checked(required(
                field!("id", id, TEXT),
                "every persona needs an id",
            )),
            field!("name", name, TEXT),
            field!("description", description, TEXT),
            field!("goals", goals, STRINGS),
            field!("colour", colour, COLOUR),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Step {
    const OBJECT: Object<Self> = Object {
        name: "step",
        collection: "a list",
        fields: &[
            checked(required(field!("id", id, TEXT), "every step needs an id")),
            required(
                field!("stage", stage, STAGE),
                "expected one of tell, buy, experience, care, delight, word_of_mouth",
            ),
            field!("title", title, TEXT),
            field!("notes", notes, TEXT),
            field!("position", position, POINT),
            field!("emotion", emotion, EMOTION),
            field!("channels", channels, STRINGS),
            field!("touchpoints", touchpoints, STRINGS),
            field!("pain_points", pain_points, STRINGS),
            field!("opportunities", opportunities, STRINGS),
            checked(field!("personas", personas, STRINGS, omit Vec::is_empty)),
            field!(
                "persona_emotions",
                persona_emotions,
                PERSONA_EMOTIONS,
                omit Vec::is_empty
            ),
            field!("evidence", evidence, STRINGS, omit Vec::is_empty),
            field!("frontstage", frontstage, STRINGS, omit Vec::is_empty),
            field!("backstage", backstage, STRINGS, omit Vec::is_empty),
            field!("support", support, STRINGS, omit Vec::is_empty),
            field!("fail_point", fail_point, boxed::<FailPoint>(), omit Option::is_none),
            field!("wait", wait, boxed::<Wait>(), omit Option::is_none),
            field!("metrics", metrics, list::<Metric>(), omit Vec::is_empty),
            field!("to_be", to_be, boxed::<ToBe>(), omit Option::is_none),
            field!("events", events, EVENTS, omit ThinVec::is_empty),
            field!("reach", reach, REACH, omit Option::is_none),
            field!("stay", stay, SHARE, omit Option::is_none),
            field!("referrals", referrals, REFERRALS, omit Option::is_none),
            field!("revenue", money.revenue, MONEY, omit Option::is_none),
            field!("cost", money.cost, MONEY, omit Option::is_none),
            field!("price", money.price, MONEY, omit Option::is_none),
            field!("cost_per_reach", money.cost_per_reach, MONEY, omit Option::is_none),
            field!("budget", money.budget, MONEY, omit Option::is_none),
            field!("budget_share", money.budget_share, BUDGET_SHARE, omit Option::is_none),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Link {
    const OBJECT: Object<Self> = Object {
        name: "link",
        collection: "a list",
        fields: &[
            checked(required(field!("id", id, TEXT), "every link needs an id")),
            checked(required(
                field!("from", from, TEXT),
                "a link needs the id of a step",
            )),
            checked(required(
                field!("to", to, TEXT),
                "a link needs the id of a step",
            )),
            field!("label", label, TEXT),
            field!("rate", rate, RATE),
            field!("referral", referral, FLAG, omit |on: &bool| !*on),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for View {
    const OBJECT: Object<Self> = Object {
        name: "view",
        collection: "a list",
        fields: &[
            field!("center", center, POINT),
            field!("zoom", zoom, ZOOM),
            field!("lanes", lanes, LANES, omit Vec::is_empty),
            field!("hidden_lanes", hidden_lanes, LANES, omit Vec::is_empty),
            field!("bookmarks", bookmarks, list::<Bookmark>(), omit Vec::is_empty),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Bookmark {
    const OBJECT: Object<Self> = Object {
        name: "bookmark",
        collection: "a list",
        fields: &[
            required(field!("name", name, TEXT), "a bookmark needs a name"),
            field!("center", center, POINT),
            field!("zoom", zoom, ZOOM),
        ],
        new: || Self::new("", [0.0, 0.0], 1.0),
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Scenario {
    const OBJECT: Object<Self> = Object {
        name: "scenario",
        collection: "a list of scenarios",
        fields: &[
            checked(required(
                field!("name", name, TEXT),
                "every scenario needs a name",
            )),
            checked(field!("from_period", from_period, PERIOD, omit Option::is_none)),
            checked(field!("until_period", until_period, PERIOD, omit Option::is_none)),
            field!("steps", steps, overrides::<StepOverride>()),
            field!("links", links, overrides::<LinkOverride>()),
            field!(
                "economics",
                economics,
                object::<EconomicsOverride>(),
                omit EconomicsOverride::is_empty
            ),
            field!("to_be", to_be, FLAG, omit |b: &bool| !*b),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for StepOverride {
    const OBJECT: Object<Self> = Object {
        name: "step override",
        collection: "an object of step ids",
        fields: &[
            field!("reach", reach, REACH, omit Option::is_none),
            field!("stay", stay, SHARE, omit Option::is_none),
            field!("referrals", referrals, REFERRALS, omit Option::is_none),
            field!("revenue", money.revenue, MONEY, omit Option::is_none),
            field!("cost", money.cost, MONEY, omit Option::is_none),
            field!("price", money.price, MONEY, omit Option::is_none),
            field!("cost_per_reach", money.cost_per_reach, MONEY, omit Option::is_none),
            field!("budget", money.budget, MONEY, omit Option::is_none),
            field!("budget_share", money.budget_share, BUDGET_SHARE, omit Option::is_none),
            field!(
                "observed",
                observed,
                object::<StepObservations>(),
                omit StepObservations::is_empty
            ),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for LinkOverride {
    const OBJECT: Object<Self> = Object {
        name: "link override",
        collection: "an object of link ids",
        fields: &[
            field!("rate", rate, SHARE, omit Option::is_none),
            field!("observed", observed, optional::<Observation>(), omit Option::is_none),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for StepObservations {
    const OBJECT: Object<Self> = Object {
        name: "step observations",
        collection: "an object",
        fields: &[
            field!("reach", reach, optional::<Observation>(), omit Option::is_none),
            field!("stay", stay, optional::<Observation>(), omit Option::is_none),
            field!("referrals", referrals, optional::<Observation>(), omit Option::is_none),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Observation {
    const OBJECT: Object<Self> = Object {
        name: "observation",
        collection: "an object",
        fields: &[
            required(
                field!("low", low, BOUND),
                "an observation needs its interval",
            ),
            required(
                field!("high", high, BOUND),
                "an observation needs its interval",
            ),
            required(
                field!("count", count, COUNT),
                "an observation needs its number of observations",
            ),
        ],
        // A missing end stays not-a-number, so the model's rules (low ≤ high) keep quiet
        // about the field the reader already reports as missing.
        new: || Self::new(f64::NAN, f64::NAN, 0),
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for FailPoint {
    const OBJECT: Object<Self> = Object {
        name: "fail_point",
        collection: "a list",
        fields: &[field!("note", note, TEXT)],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Wait {
    const OBJECT: Object<Self> = Object {
        name: "wait",
        collection: "a list",
        fields: &[
            field!("text", text, TEXT),
            field!("minutes", minutes, MINUTES),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Metric {
    const OBJECT: Object<Self> = Object {
        name: "metric",
        collection: "a list of metrics",
        fields: &[
            field!("name", name, TEXT),
            field!("value", value, MEASURE),
            field!("target", target, MEASURE),
            field!("unit", unit, TEXT),
            field!("better", better, BETTER, omit |b: &Better| *b == Better::Higher),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for ToBe {
    const OBJECT: Object<Self> = Object {
        name: "to_be",
        collection: "a list",
        fields: &[
            field!("emotion", emotion, EMOTION_OR_NULL),
            field!("title", title, TEXT),
            field!("notes", notes, TEXT),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Opportunity {
    const OBJECT: Object<Self> = Object {
        name: "opportunity",
        collection: "a list of opportunities",
        fields: &[
            checked(required(
                field!("id", id, TEXT),
                "every opportunity needs an id",
            )),
            field!("title", title, TEXT),
            field!("description", description, TEXT),
            checked(field!("steps", steps, STRINGS)),
            field!("customer_value", customer_value, VALUE_SCORE),
            field!("business_value", business_value, VALUE_SCORE),
            field!("effort", effort, EFFORT_SCORE),
            field!("status", status, STATUS),
            field!("change", change, object::<Change>(), omit Change::is_empty),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Change {
    const OBJECT: Object<Self> = Object {
        name: "change",
        collection: "a list",
        fields: &[
            field!("steps", steps, overrides::<StepOverride>()),
            field!("links", links, overrides::<LinkOverride>()),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

/// Every object's name and known keys in canonical order, the top level first (for the
/// test that holds `docs/file-format.md` to the tables).
#[cfg(any(test, feature = "testing"))]
pub fn canonical_keys() -> Vec<(&'static str, Vec<&'static str>)> {
    fn of<R, W>(object: &Object<R, W>) -> (&'static str, Vec<&'static str>) {
        (object.name, object.keys().collect())
    }
    vec![
        of(&DOCUMENT),
        of(&Audience::OBJECT),
        of(&Problems::OBJECT),
        of(&Economics::OBJECT),
        of(&Persona::OBJECT),
        of(&Step::OBJECT),
        of(&FailPoint::OBJECT),
        of(&Wait::OBJECT),
        of(&Metric::OBJECT),
        of(&ToBe::OBJECT),
        of(&Link::OBJECT),
        of(&Scenario::OBJECT),
        of(&StepOverride::OBJECT),
        of(&LinkOverride::OBJECT),
        of(&StepObservations::OBJECT),
        of(&Observation::OBJECT),
        of(&EconomicsOverride::OBJECT),
        of(&Opportunity::OBJECT),
        of(&Change::OBJECT),
        of(&View::OBJECT),
        of(&Bookmark::OBJECT),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_fits_the_readers_set_of_seen_fields() {
        for (name, keys) in canonical_keys() {
            assert!(keys.len() <= 64, "{name} has {} fields", keys.len());
            for (i, key) in keys.iter().enumerate() {
                assert!(!keys[..i].contains(key), "{name}.{key} listed twice");
            }
        }
    }

    #[test]
    fn the_stage_names_in_messages_are_the_stages() {
        let missing = Step::OBJECT.fields[1].required.unwrap_or_default();
        assert_eq!(missing, format!("expected one of {STAGES}"));
    }
}
