//! Version 1 → 2: every file of `tests/corpus/migrate/*.v1.json` becomes exactly its
//! `.v2.json`, and a version-1 journey run by version 1's rules (written out again here, from
//! the file's own JSON) gives the same numbers as the migrated journey run by today's engine.

use journey_designer::simulation::{self, Options};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

#[test]
fn every_version_1_file_becomes_its_version_2_text() {
    let old = files("migrate", "json")
        .into_iter()
        .filter(|p| name(p).ends_with(".v1.json"))
        .collect::<Vec<_>>();
    assert!(old.len() >= 3, "{old:?}");
    for path in old {
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"version\": 1,"), "{}", name(&path));
        let doc = format::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", name(&path)));
        let expected_path = corpus("migrate").join(name(&path).replace(".v1.", ".v2."));
        let expected = fs::read_to_string(&expected_path).unwrap();
        assert_eq!(format::to_string(&doc), expected, "{}", name(&path));
        // The version-2 text is canonical and reads as the same journey.
        assert_eq!(format::from_str(&expected), Ok(doc), "{}", name(&path));
    }
}

#[test]
fn a_referral_link_joins_each_link_that_moved_people_and_routed_referrals() {
    let doc =
        format::from_str(&fs::read_to_string(corpus("migrate").join("twins.v1.json")).unwrap())
            .unwrap();
    let ids: Vec<(&str, bool)> = doc
        .links()
        .iter()
        .map(|l| (l.id.as_str(), l.referral))
        .collect();
    assert_eq!(
        ids,
        [
            ("ad-shop", false),
            ("fan-ad-referrals", false),
            ("shop-fan", false),
            ("shop-care", false),
            // Moved people at 0.1: a twin right after it, the first free id.
            ("fan-ad", false),
            ("fan-ad-referrals-2", true),
            // Moved nobody (rate null, overridden only to 0): becomes the referral link.
            ("fan-blog", true),
            // Refers only in a scenario: routed there, so it gets a twin too.
            ("care-ad", false),
            ("care-ad-referrals", true),
            ("ad-blog", false),
        ]
    );
    let twin = doc.link("fan-ad-referrals-2").unwrap();
    assert_eq!((twin.rate, twin.label.as_str()), (Some(0.1), ""));
    assert!(twin.extra.is_empty());
    // The scenario that raised fan-ad's rate raises its twin's alike.
    let scenario = &doc.scenarios()[0];
    assert_eq!(scenario.link("fan-ad-referrals-2").unwrap().rate, Some(0.3));
    assert_eq!(scenario.link("fan-blog").unwrap().rate, Some(0.0));
}

#[test]
fn errors_in_a_version_1_file_are_shown_where_they_are_in_it() {
    // The migration would put a referral link at links[1]; the broken links keep their places.
    let text = r#"{"format": "journey-designer", "version": 1,
        "steps": [{"id": "ad", "stage": "tell"}, {"id": "fan", "stage": "word_of_mouth", "referrals": 1}],
        "links": [{"id": "fan-ad", "from": "fan", "to": "ad", "rate": 0.5},
                  {"id": "x", "from": "ad", "to": "gone"}]}"#;
    let Err(LoadError::Content(errors)) = format::from_str(text) else {
        panic!("refused");
    };
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(shown, [r#"links[1].to: there is no step with id "gone""#]);
}

/// A version-1 journey's numbers, read from its JSON.
struct V1 {
    tells: Vec<usize>,
    buy: Vec<bool>,
    stay: Vec<f64>,
    reach: Vec<f64>,
    referrals: Vec<f64>,
    /// from, to, rate
    links: Vec<(usize, usize, f64)>,
    audience: Option<f64>,
}

impl V1 {
    fn of(file: &Value, scenario: Option<&str>) -> Self {
        let steps = file["steps"]
            .as_array()
            .expect("a test journey as generated");
        let index = |id: &Value| {
            steps
                .iter()
                .position(|s| &s["id"] == id)
                .expect("a test journey as generated")
        };
        let scenario = scenario.map(|name| {
            file["scenarios"]
                .as_array()
                .expect("a test journey as generated")
                .iter()
                .find(|s| s["name"] == name)
                .expect("a test journey as generated")
        });
        let number = |step: &Value, key: &str| {
            let over = scenario.and_then(|s| s["steps"].get(step["id"].as_str()?)?.get(key));
            over.or_else(|| step.get(key))
                .and_then(Value::as_f64)
                .unwrap_or(0.0)
        };
        let links = file["links"]
            .as_array()
            .expect("a test journey as generated")
            .iter()
            .map(|l| {
                let over = scenario.and_then(|s| s["links"].get(l["id"].as_str()?)?.get("rate"));
                let rate = over
                    .or(l.get("rate"))
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0);
                (index(&l["from"]), index(&l["to"]), rate)
            })
            .collect();
        Self {
            tells: (0..steps.len())
                .filter(|&i| steps[i]["stage"] == "tell")
                .collect(),
            buy: steps.iter().map(|s| s["stage"] == "buy").collect(),
            stay: steps.iter().map(|s| number(s, "stay")).collect(),
            reach: steps.iter().map(|s| number(s, "reach")).collect(),
            referrals: steps.iter().map(|s| number(s, "referrals")).collect(),
            links,
            audience: file["audience"]["size"].as_f64(),
        }
    }

    /// Version 1's period, as its docs/simulation.md gave it: a link into a tell step moves
    /// people at its rate and routes its start's referrals (by the rates of its start's links
    /// into tell steps, evenly when none is above 0; evenly over all tell steps without one).
    /// Per period: (reached, purchases, people at each step).
    fn run(&self, periods: usize) -> Vec<(f64, f64, Vec<f64>)> {
        let n = self.stay.len();
        let mut x = vec![0.0; n];
        let mut reached = 0.0;
        let mut out = Vec::new();
        for _ in 0..periods {
            let mut next: Vec<f64> = (0..n).map(|i| self.stay[i] * x[i]).collect();
            let mut purchases = 0.0;
            for &(from, to, rate) in &self.links {
                next[to] += rate * x[from];
                if self.buy[to] {
                    purchases += rate * x[from];
                }
            }
            let mut incoming = vec![0.0; n];
            for (j, here) in x.iter().enumerate() {
                let brought = self.referrals[j] * here;
                let routes: Vec<&(usize, usize, f64)> = self
                    .links
                    .iter()
                    .filter(|l| l.0 == j && self.tells.contains(&l.1))
                    .collect();
                let total: f64 = routes.iter().map(|l| l.2).sum();
                if routes.is_empty() {
                    for &t in &self.tells {
                        incoming[t] += brought / self.tells.len() as f64;
                    }
                }
                for l in &routes {
                    let share = if total > 0.0 {
                        l.2 / total
                    } else {
                        1.0 / routes.len() as f64
                    };
                    incoming[l.1] += brought * share;
                }
            }
            let wanted: f64 = self
                .tells
                .iter()
                .map(|&t| self.reach[t] + incoming[t])
                .sum();
            let factor = match self.audience {
                None => 1.0,
                Some(_) if wanted <= 0.0 => 0.0,
                Some(m) => (wanted * (m - reached).max(0.0) / m).min(m - reached) / wanted,
            };
            for &t in &self.tells {
                next[t] += factor * (self.reach[t] + incoming[t]);
            }
            reached += factor * wanted;
            x = next;
            out.push((reached, purchases, x.clone()));
        }
        out
    }
}

/// The version-1 text and the migrated journey run alike, as drawn and in every scenario.
fn runs_alike(text: &str, periods: usize) -> Result<(), TestCaseError> {
    let file: Value = serde_json::from_str(text).expect("a test journey as generated");
    let doc = format::from_str(text).expect("a test journey as generated");
    let mut names = vec![None];
    names.extend(doc.scenarios().iter().map(|s| Some(s.name.clone())));
    for name in names {
        let old = V1::of(&file, name.as_deref()).run(periods);
        let options = Options {
            record_steps: true,
            rank_links: false,
            ..Options::periods(periods)
        };
        let Ok(new) = simulation::simulate(&doc, name.as_deref(), &options) else {
            // Steps over 1 are refused alike before and after.
            continue;
        };
        let n = doc.steps().len();
        for (t, (reached, purchases, at)) in old.iter().enumerate() {
            let p = &new.run.periods[t];
            let scale = reached.max(1.0) * 1e-9;
            prop_assert!(
                (p.reached - reached).abs() <= scale,
                "{name:?} {t}: {} vs {reached}",
                p.reached
            );
            prop_assert!((p.purchases - purchases).abs() <= scale, "{name:?} {t}");
            for (i, v) in at.iter().enumerate() {
                let got = new.run.at_step[t * n + i];
                prop_assert!(
                    (got - v).abs() <= scale,
                    "{name:?} period {t} step {i}: {got} vs {v}"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn the_migrated_fixtures_run_as_version_1_ran_them() {
    for file in ["twins", "scenarios", "stripe-template"] {
        let text = fs::read_to_string(corpus("migrate").join(format!("{file}.v1.json"))).unwrap();
        runs_alike(&text, 40).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

/// A version-1 journey of up to 6 steps with two or three tell steps, referrals, links into
/// tell steps with and without rates, and scenarios that override referrals and rates.
fn version_1() -> impl Strategy<Value = String> {
    let stages = [
        "tell",
        "buy",
        "experience",
        "care",
        "delight",
        "word_of_mouth",
    ];
    let step = (
        0..6_usize,
        0.0..0.5f64,
        0.0..100.0f64,
        prop_oneof![Just(0.0), 0.0..0.8f64],
    );
    let steps = prop::collection::vec(step, 2..7);
    (steps, any::<bool>()).prop_flat_map(move |(steps, capped)| {
        let n = steps.len() + 2;
        let link = (0..n, 0..n, prop_oneof![Just(None), (0.0..0.25f64).prop_map(Some)]);
        let links = prop::collection::vec(link, 0..12);
        let over = (0..n, prop_oneof![Just(None), (0.0..0.6f64).prop_map(Some)]);
        let scenario = (prop::collection::vec(over, 0..3), prop::collection::vec((0..12_usize, 0.0..0.25f64), 0..3));
        (Just(steps), links, prop::collection::vec(scenario, 0..3), Just(capped)).prop_map(
            move |(specs, links, scenarios, capped)| {
                // Two tell steps first, then the generated ones.
                let mut steps = vec![
                    json!({"id": "t0", "stage": "tell", "reach": 50.0, "stay": 0.3}),
                    json!({"id": "t1", "stage": "tell", "stay": 0.1}),
                ];
                for (i, &(stage, stay, reach, referrals)) in specs.iter().enumerate() {
                    steps.push(json!({"id": format!("s{i}"), "stage": stages[stage],
                        "stay": stay, "reach": reach, "referrals": referrals}));
                }
                let id = |i: usize| steps[i]["id"].as_str().expect("a test journey as generated").to_owned();
                let links: Vec<Value> = links
                    .iter()
                    .enumerate()
                    .map(|(k, (from, to, rate))| {
                        json!({"id": format!("l{k}"), "from": id(*from), "to": id(*to), "rate": rate})
                    })
                    .collect();
                let scenarios: Vec<Value> = scenarios
                    .iter()
                    .enumerate()
                    .map(|(k, (steps_over, links_over))| {
                        let mut s = serde_json::Map::new();
                        for (i, referrals) in steps_over {
                            s.insert(id(*i), json!({"referrals": referrals.unwrap_or(0.0)}));
                        }
                        let mut l = serde_json::Map::new();
                        for (i, rate) in links_over {
                            if *i < links.len() {
                                l.insert(format!("l{i}"), json!({"rate": rate}));
                            }
                        }
                        json!({"name": format!("scenario {k}"), "steps": s, "links": l})
                    })
                    .collect();
                json!({"format": "journey-designer", "version": 1,
                    "audience": {"size": if capped { json!(20_000) } else { Value::Null }},
                    "steps": steps, "links": links, "scenarios": scenarios})
                .to_string()
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn every_version_1_journey_keeps_its_numbers(text in version_1()) {
        runs_alike(&text, 25)?;
    }
}
