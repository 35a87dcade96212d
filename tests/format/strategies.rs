//! Strategies for the properties: journeys with strange text, extreme numbers, personas,
//! service blueprints, scenarios, opportunities and unknown fields, and any JSON.

use std::collections::HashSet;

use journey_designer::model::{
    Better, Change, Colour, Desire, Desires, Economics, EconomicsOverride, Emotion, Extra,
    FailPoint, Lane, Link, LinkOverride, Metric, Observation, Opportunity, Persona, Point,
    Scenario, Stage, Status, Step, StepMoney, StepObservations, StepOverride, ToBe, Wait,
};
use proptest::prelude::*;
use serde_json::Value;

use journey_designer::model::Document;

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -5000.0..5000.0f64,
        2 => prop::num::f64::POSITIVE
            | prop::num::f64::NEGATIVE
            | prop::num::f64::NORMAL
            | prop::num::f64::SUBNORMAL
            | prop::num::f64::ZERO,
        1 => prop::sample::select(vec![0.0, -0.0, 1e300, -1e300, f64::MAX, f64::MIN, 0.1, 1e-300]),
    ]
}

fn point() -> impl Strategy<Value = Point> {
    [finite(), finite()]
}

/// Text with the characters that need care in JSON: quotes, backslashes, line breaks,
/// control characters and any Unicode.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[a-zA-Z0-9 ]{0,12}",
        2 => "[a-zé☺\"\\\\\n\r\t /\u{0}\u{1f}\u{7f}\u{2028}]{0,12}",
        1 => any::<String>(),
    ]
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..4)
}

pub(super) fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// Unknown fields; their names never clash with the known ones.
fn extra() -> impl Strategy<Value = Extra> {
    prop::collection::vec(("x_[a-z_]{0,6}|x-\\PC{0,6}", json()), 0..3)
        .prop_map(|entries| entries.into_iter().collect())
}

fn stage() -> impl Strategy<Value = Stage> {
    prop::sample::select(Stage::ALL.to_vec())
}

fn emotion() -> impl Strategy<Value = Emotion> {
    (-2_i64..=2).prop_map(|v| Emotion::new(v).expect("an emotion in range"))
}

fn rate() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        (0.0..=1.0f64).prop_map(Some),
        prop::sample::select(vec![0.0, 1.0, -0.0]).prop_map(Some),
    ]
}

/// A number of people: absent, or 0 or more.
fn count() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        (0.0..1e7f64).prop_map(Some),
        prop::sample::select(vec![0.0, -0.0, 1e300, 0.1]).prop_map(Some),
    ]
}

/// A number that may be unset: a metric's value or target.
fn measure() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![Just(None), finite().prop_map(Some)]
}

fn metric() -> impl Strategy<Value = Metric> {
    (text(), measure(), measure(), text(), any::<bool>(), extra()).prop_map(
        |(name, value, target, unit, lower, extra)| Metric {
            name,
            value,
            target,
            unit,
            better: if lower { Better::Lower } else { Better::Higher },
            extra,
        },
    )
}

/// A step's blueprint: its four lists, fail point, wait, metrics and to-be step.
#[derive(Debug, Clone)]
struct Blueprint {
    lists: [Vec<String>; 4],
    fail_point: Option<FailPoint>,
    wait: Option<Wait>,
    metrics: Vec<Metric>,
    to_be: Option<ToBe>,
}

fn blueprint() -> impl Strategy<Value = Blueprint> {
    (
        [texts(), texts(), texts(), texts()],
        prop::option::of((text(), extra()).prop_map(|(note, extra)| FailPoint { note, extra })),
        prop::option::of(
            (text(), count(), extra()).prop_map(|(text, minutes, extra)| Wait {
                text,
                minutes,
                extra,
            }),
        ),
        prop::collection::vec(metric(), 0..3),
        prop::option::of(
            (prop::option::of(emotion()), text(), text(), extra()).prop_map(
                |(emotion, title, notes, extra)| ToBe {
                    emotion,
                    title,
                    notes,
                    extra,
                },
            ),
        ),
    )
        .prop_map(|(lists, fail_point, wait, metrics, to_be)| Blueprint {
            lists,
            fail_point,
            wait,
            metrics,
            to_be,
        })
}

/// A step's money (or an override of it): any field absent or in range, a budget always
/// with a cost per reach above 0.
fn money() -> impl Strategy<Value = StepMoney> {
    (count(), count(), count(), count(), count(), rate()).prop_map(
        |(revenue, cost, price, cost_per_reach, budget, budget_share)| {
            let mut money = StepMoney {
                revenue,
                cost,
                price,
                cost_per_reach,
                budget,
                budget_share,
            };
            if money.has_budget() && !money.cost_per_reach.is_some_and(|c| c > 0.0) {
                money.cost_per_reach = Some(0.25);
            }
            money
        },
    )
}

/// A journey's economics.
fn economics() -> impl Strategy<Value = Economics> {
    (
        prop_oneof![Just(String::new()), text()],
        (count(), count(), count()),
        prop_oneof![Just(None), (0.0..1.0f64).prop_map(Some)],
        extra(),
    )
        .prop_map(
            |(currency, (price, unit_cost, fixed_costs), discount_rate, extra)| Economics {
                currency,
                price,
                unit_cost,
                fixed_costs,
                discount_rate,
                extra,
            },
        )
}

/// A step's event names and patterns: distinct, each one the reader takes.
fn events() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        "[a-z_]{1,8}\\*?|\\*[a-z ]{0,4}[a-z]|Order [A-Z][a-z]{1,5}",
        0..4,
    )
    .prop_map(|mut names| {
        names.dedup();
        let mut seen = Vec::new();
        names.retain(|n| {
            let fresh = !seen.contains(n);
            seen.push(n.clone());
            fresh
        });
        names
    })
}

/// What an event log showed of a number: absent, or an interval within 0..=1 and a count.
fn observation() -> impl Strategy<Value = Option<Observation>> {
    prop_oneof![
        Just(None),
        (0.0..=1.0f64, 0.0..=1.0f64, any::<u32>()).prop_map(|(a, b, count)| {
            Some(Observation::new(a.min(b), a.max(b), u64::from(count)))
        }),
    ]
}

fn step(id: String) -> impl Strategy<Value = Step> {
    (
        (stage(), text(), text(), point(), emotion()),
        (texts(), texts(), texts(), texts(), extra()),
        (count(), rate(), count(), money()),
        blueprint(),
        events(),
    )
        .prop_map(
            move |(
                (stage, title, notes, position, emotion),
                (channels, touchpoints, pain_points, opportunities, extra),
                (reach, stay, referrals, money),
                blueprint,
                events,
            )| {
                let mut step = Step::new(id.clone(), stage, title, position);
                step.notes = notes;
                step.emotion = emotion;
                step.channels = channels;
                step.touchpoints = touchpoints;
                step.pain_points = pain_points;
                step.opportunities = opportunities;
                step.reach = reach;
                step.stay = stay;
                step.referrals = referrals;
                step.money = money.into();
                step.extra = extra;
                let [evidence, frontstage, backstage, support] = blueprint.lists;
                step.evidence = evidence;
                step.frontstage = frontstage;
                step.backstage = backstage;
                step.support = support;
                step.fail_point = blueprint.fail_point.map(Box::new);
                step.wait = blueprint.wait.map(Box::new);
                step.metrics = blueprint.metrics;
                step.to_be = blueprint.to_be.map(Box::new);
                step.events = events.into();
                step
            },
        )
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof!["[a-z0-9-]{1,6}", "\\PC{1,6}", "[\"\\\\ \n]{1,3}"],
        0..8,
    )
    .prop_map(|ids| {
        let mut seen = HashSet::new();
        ids.into_iter()
            .filter(|id| seen.insert(id.clone()))
            .collect::<Vec<_>>()
    })
    .prop_flat_map(|ids| ids.into_iter().map(step).collect::<Vec<_>>())
}

fn links(steps: &[Step]) -> BoxedStrategy<Vec<Link>> {
    if steps.is_empty() {
        return Just(Vec::new()).boxed();
    }
    let ids: Vec<String> = steps.iter().map(|s| s.id.clone()).collect();
    prop::collection::vec(
        (
            prop::sample::select(ids.clone()),
            prop::sample::select(ids),
            text(),
            rate(),
            extra(),
        ),
        0..10,
    )
    .prop_map(|ends| {
        ends.into_iter()
            .enumerate()
            .map(|(i, (from, to, label, rate, extra))| {
                let mut link = Link::new(format!("{from}→{to} #{i}"), from, to);
                link.label = label;
                link.rate = rate;
                link.extra = extra;
                link
            })
            .collect()
    })
    .boxed()
}

fn lanes() -> impl Strategy<Value = Vec<Lane>> {
    prop::sample::subsequence(Lane::ALL.to_vec(), 0..=Lane::ALL.len()).prop_shuffle()
}

/// Personas `p0`, `p1`, … with any text, and per step a choice of them (`mask` bit i:
/// persona i) and own emotions; applied once the steps are known.
fn personas() -> impl Strategy<Value = Vec<Persona>> {
    prop::collection::vec((text(), text(), texts(), any::<[u8; 3]>(), extra()), 0..4).prop_map(
        |items| {
            items
                .into_iter()
                .enumerate()
                .map(|(i, (name, description, goals, rgb, extra))| Persona {
                    id: format!("p{i}"),
                    name,
                    description,
                    goals,
                    colour: Colour(rgb),
                    extra,
                })
                .collect()
        },
    )
}

/// Gives step `i` the personas and emotions that `choices[i]` picks among `personas`.
fn assign(steps: &mut [Step], personas: &[Persona], choices: &[(u8, u8, [i8; 4])]) {
    for (step, (listed, felt, values)) in steps.iter_mut().zip(choices) {
        let pick = |mask: u8| {
            personas
                .iter()
                .enumerate()
                .filter(move |(i, _)| mask & (1 << i) != 0)
                .map(|(i, p)| (i, p.id.clone()))
        };
        step.personas = pick(*listed).map(|(_, id)| id).collect();
        step.persona_emotions = pick(*felt)
            .map(|(i, id)| (id, Emotion::new(i64::from(values[i])).expect("-2..=2")))
            .collect();
        // Reversed, so file order is not always persona order.
        if listed % 3 == 0 {
            step.personas.reverse();
            step.persona_emotions.reverse();
        }
    }
}

/// Overrides by step id and by link id.
type Overrides = (Vec<(String, StepOverride)>, Vec<(String, LinkOverride)>);

/// Overrides of some of these steps and links, as a scenario or an opportunity's change
/// holds them.
fn overrides(steps: &[Step], links: &[Link]) -> BoxedStrategy<Overrides> {
    let step_ids: Vec<String> = steps.iter().map(|s| s.id.clone()).collect();
    let link_ids: Vec<String> = links.iter().map(|l| l.id.clone()).collect();
    let observed =
        (observation(), observation(), observation()).prop_map(|(reach, stay, referrals)| {
            StepObservations {
                reach,
                stay,
                referrals,
                ..StepObservations::default()
            }
        });
    let step_override = (count(), rate(), count(), money(), observed, extra())
        .prop_map(
            |(reach, stay, referrals, money, observed, extra)| StepOverride {
                reach,
                stay,
                referrals,
                money,
                observed,
                extra,
            },
        )
        .boxed();
    let link_override = (rate(), observation(), extra())
        .prop_map(|(rate, observed, extra)| LinkOverride {
            rate,
            observed,
            extra,
        })
        .boxed();
    let pick = |ids: Vec<String>| {
        if ids.is_empty() {
            Just(Vec::new()).boxed()
        } else {
            prop::sample::subsequence(ids.clone(), 0..=ids.len()).boxed()
        }
    };
    (
        pick(step_ids).prop_flat_map(move |ids| {
            let n = ids.len();
            (Just(ids), prop::collection::vec(step_override.clone(), n))
        }),
        pick(link_ids).prop_flat_map(move |ids| {
            let n = ids.len();
            (Just(ids), prop::collection::vec(link_override.clone(), n))
        }),
    )
        .prop_map(|((sids, sos), (lids, los))| {
            (
                sids.into_iter().zip(sos).collect(),
                lids.into_iter().zip(los).collect(),
            )
        })
        .boxed()
}

/// Scenarios overriding some of these steps and links, with unique names, at most one the
/// to-be journey's numbers.
fn scenarios(steps: &[Step], links: &[Link]) -> BoxedStrategy<Vec<Scenario>> {
    let periods = (
        prop_oneof![Just(None), (1_u64..200).prop_map(Some)],
        prop_oneof![Just(None), (0_u64..200).prop_map(Some)],
        (count(), count(), count(), extra()),
    );
    let one = (text(), overrides(steps, links), extra(), periods).prop_map(
        |(name, (steps, links), extra, (from, length, economics))| {
            let (price, unit_cost, fixed_costs, extra_economics) = economics;
            Scenario {
                name,
                from_period: from,
                until_period: length.map(|l| from.unwrap_or(1) + l),
                steps,
                links,
                economics: EconomicsOverride {
                    price,
                    unit_cost,
                    fixed_costs,
                    extra: extra_economics,
                },
                to_be: false,
                extra,
            }
        },
    );
    (prop::collection::vec(one, 0..3), 0_usize..4)
        .prop_map(|(list, to_be)| {
            let mut names = HashSet::new();
            let mut list: Vec<Scenario> = list
                .into_iter()
                .filter(|s| !s.name.is_empty() && names.insert(s.name.clone()))
                .collect();
            if let Some(s) = list.get_mut(to_be) {
                s.to_be = true;
            }
            list
        })
        .boxed()
}

/// Opportunities `o0`, `o1`, … naming some of these steps and changing some of these steps
/// and links.
fn opportunities(steps: &[Step], links: &[Link]) -> BoxedStrategy<Vec<Opportunity>> {
    let step_ids: Vec<String> = steps.iter().map(|s| s.id.clone()).collect();
    let named = if step_ids.is_empty() {
        Just(Vec::new()).boxed()
    } else {
        prop::sample::subsequence(step_ids.clone(), 0..=step_ids.len().min(3))
            .prop_shuffle()
            .boxed()
    };
    let score = |max: u8| prop::option::of(0..=max);
    let one = (
        (text(), text(), named),
        (score(100), score(100), score(5)),
        (
            prop::sample::select(Status::ALL.to_vec()),
            overrides(steps, links),
            extra(),
            extra(),
        ),
    )
        .prop_map(
            |(
                (title, description, steps),
                (customer_value, business_value, effort),
                (status, (change_steps, change_links), change_extra, extra),
            )| {
                Opportunity {
                    id: String::new(),
                    title,
                    description,
                    steps,
                    customer_value,
                    business_value,
                    effort,
                    status,
                    change: Change {
                        steps: change_steps,
                        links: change_links,
                        extra: change_extra,
                    },
                    extra,
                }
            },
        );
    prop::collection::vec(one, 0..3)
        .prop_map(|list| {
            list.into_iter()
                .enumerate()
                .map(|(i, o)| Opportunity {
                    id: format!("o{i}"),
                    ..o
                })
                .collect()
        })
        .boxed()
}

pub(super) fn document() -> impl Strategy<Value = Document> {
    let frame = (
        (text(), text(), text(), any::<Option<u64>>(), text()),
        (0_u8..32, text(), text(), text()),
        (extra(), extra(), extra()),
    );
    let view = (point(), prop::num::f64::POSITIVE | prop::num::f64::NORMAL);
    let people = (
        personas(),
        prop::collection::vec(
            (
                any::<u8>(),
                any::<u8>(),
                [-2_i8..=2, -2_i8..=2, -2_i8..=2, -2_i8..=2],
            ),
            8,
        ),
        lanes(),
        lanes(),
    );
    let graph = steps()
        .prop_flat_map(|steps| {
            let links = links(&steps);
            (Just(steps), links)
        })
        .prop_flat_map(|(steps, links)| {
            let scenarios = scenarios(&steps, &links);
            let opportunities = opportunities(&steps, &links);
            (Just(steps), Just(links), scenarios, opportunities)
        });
    (frame, view, graph, (extra(), economics()), people).prop_map(
        |(
            (
                (title, narrative, description, size, uniqueness),
                (desires, external, internal, philosophical),
                (audience_extra, problems_extra, view_extra),
            ),
            (center, zoom),
            (mut steps, links, scenarios, opportunities),
            (extra, economics),
            (personas, choices, lanes, hidden_lanes),
        )| {
            let mut doc = Document::new(title);
            doc.core_narrative = narrative;
            doc.audience.description = description;
            doc.audience.size = size;
            doc.audience.uniqueness = uniqueness;
            doc.audience.desires = Desire::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| desires & (1 << i) != 0)
                .map(|(_, d)| d)
                .collect::<Desires>();
            doc.audience.extra = audience_extra;
            doc.problems.external = external;
            doc.problems.internal = internal;
            doc.problems.philosophical = philosophical;
            doc.problems.extra = problems_extra;
            doc.view.center = center;
            doc.view.zoom = zoom;
            doc.view.extra = view_extra;
            doc.extra = extra;
            doc.economics = economics;
            doc.view.lanes = lanes;
            doc.view.hidden_lanes = hidden_lanes;
            assign(&mut steps, &personas, &choices);
            doc.set_personas(personas).expect("unique persona ids");
            doc.set_steps_and_links(steps, links)
                .expect("unique step ids and links between them");
            // An override's budget, or one of its step's, keeps a cost per reach above 0 (in a
            // scenario and in an opportunity's change).
            let (mut scenarios, mut opportunities) = (scenarios, opportunities);
            let changes = opportunities
                .iter_mut()
                .flat_map(|o| o.change.steps.iter_mut());
            for (id, o) in scenarios
                .iter_mut()
                .flat_map(|s| s.steps.iter_mut())
                .chain(changes)
            {
                let base = doc.step(id).map(|s| *s.money).unwrap_or_default();
                let effective = base.overridden(&o.money);
                if effective.has_budget() && !effective.cost_per_reach.is_some_and(|c| c > 0.0) {
                    o.money.cost_per_reach = Some(0.25);
                }
            }
            doc.set_scenarios(scenarios)
                .expect("scenarios naming steps and links of the document");
            doc.set_opportunities(opportunities)
                .expect("opportunities naming steps and links of the document");
            doc
        },
    )
}

/// A journey header with arbitrary values in the known places, as text: the fields of the
/// top level and of its lists' objects drawn from the known keys and any JSON.
pub(super) fn content() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                prop::sample::select(vec![
                    "title",
                    "core_narrative",
                    "audience",
                    "problems",
                    "steps",
                    "links",
                    "view",
                    "personas",
                    "opportunities",
                    "scenarios",
                    "other",
                ]),
                json(),
            ),
            0..6,
        ),
        prop::collection::vec(
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "id",
                        "stage",
                        "title",
                        "position",
                        "emotion",
                        "channels",
                        "from",
                        "to",
                        "rate",
                        "center",
                        "zoom",
                        "size",
                        "desires",
                        "personas",
                        "persona_emotions",
                        "lanes",
                        "hidden_lanes",
                        "colour",
                        "goals",
                        "name",
                        "evidence",
                        "frontstage",
                        "fail_point",
                        "wait",
                        "metrics",
                        "to_be",
                        "customer_value",
                        "effort",
                        "status",
                        "change",
                        "steps",
                    ]),
                    json(),
                ),
                0..6,
            ),
            0..4,
        ),
    )
        .prop_map(|(fields, items)| {
            let mut map = serde_json::Map::new();
            map.insert("format".into(), "journey-designer".into());
            map.insert("version".into(), journey_designer::format::VERSION.into());
            for (key, value) in fields {
                map.insert(key.into(), value);
            }
            let objects: Vec<Value> = items
                .into_iter()
                .map(|entries| {
                    Value::Object(
                        entries
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect(),
                    )
                })
                .collect();
            for key in ["steps", "links", "personas", "opportunities"] {
                map.entry(key)
                    .or_insert_with(|| Value::Array(objects.clone()));
            }
            for key in ["audience", "view"] {
                if let Some(first) = objects.first() {
                    map.entry(key).or_insert_with(|| first.clone());
                }
            }
            Value::Object(map).to_string()
        })
}
