//! Bringing files of older format versions up to the current one.
//!
//! Each migration turns version `n` into `n + 1` on the raw JSON, before the content is read,
//! so the reader only ever sees the current version. A migration leaves alone whatever it does
//! not understand (a value of the wrong type, a link to a step that does not exist): the reader
//! reports those at their places in the file as it was.
//!
//! **1 → 2: referral links.** In version 1 a link from a step with referrals into a tell step
//! did two things: it moved people at its rate, and it routed the step's referred newcomers
//! (split among its links into tell steps by their rates, evenly when none had a rate above
//! 0). In version 2 a link does one of them: an ordinary link moves people, a link with
//! `"referral": true` carries referrals only. So every such link (from a step whose referrals
//! are above 0 as drawn or in any scenario) gets a referral link beside it with the same ends
//! and rate, right after it in the list, with the id `<id>-referrals` (or the next free one), and
//! every scenario that overrides the link's rate overrides the new link's the same way. A link
//! that moved nobody in version 1 (no rate above 0, as drawn and in every scenario) becomes the
//! referral link itself instead of gaining a twin. Every number a version-1 file gave is the
//! same after the migration.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::VERSION;
use crate::model::builders::fresh_id;

/// One step of migration: changes a version-`from` object into a version-`from + 1` one.
type Migration = fn(&mut Map<String, Value>);

/// `MIGRATIONS[i]` turns version `i + 1` into version `i + 2`.
const MIGRATIONS: [Migration; (VERSION - 1) as usize] = [referral_links];

/// Migrates `map`, read as version `from` (1..=[`VERSION`]), to the current version.
pub fn to_current(map: &mut Map<String, Value>, from: u64) {
    let start = usize::try_from(from.saturating_sub(1)).unwrap_or(usize::MAX);
    for migration in MIGRATIONS.iter().skip(start) {
        migration(map);
    }
    map.insert("version".to_owned(), Value::from(VERSION));
}

/// Whether a value is a number above 0.
fn positive(value: Option<&Value>) -> bool {
    value.and_then(Value::as_f64).is_some_and(|x| x > 0.0)
}

/// The objects of the list `map[key]`, if it is a list.
fn objects<'a>(
    map: &'a Map<String, Value>,
    key: &str,
) -> impl Iterator<Item = &'a Map<String, Value>> {
    map.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// The override objects of each scenario's `list` (`steps` or `links`), as (id, override).
fn overrides<'a>(
    map: &'a Map<String, Value>,
    list: &'a str,
) -> impl Iterator<Item = (&'a String, &'a Map<String, Value>)> {
    objects(map, "scenarios")
        .filter_map(move |s| s.get(list).and_then(Value::as_object))
        .flatten()
        .filter_map(|(id, o)| Some((id, o.as_object()?)))
}

/// 1 → 2: a referral link beside every link that routed referrals into a tell step.
fn referral_links(map: &mut Map<String, Value>) {
    let tells: HashSet<&str> = objects(map, "steps")
        .filter(|s| s.get("stage").and_then(Value::as_str) == Some("tell"))
        .filter_map(|s| s.get("id")?.as_str())
        .collect();
    let mut referrers: HashSet<&str> = objects(map, "steps")
        .filter(|s| positive(s.get("referrals")))
        .filter_map(|s| s.get("id")?.as_str())
        .collect();
    referrers.extend(
        overrides(map, "steps")
            .filter(|(_, o)| positive(o.get("referrals")))
            .map(|(id, _)| id.as_str()),
    );
    let overridden_rate: HashSet<&str> = overrides(map, "links")
        .filter(|(_, o)| positive(o.get("rate")))
        .map(|(id, _)| id.as_str())
        .collect();
    let mut taken: HashSet<String> = objects(map, "links")
        .filter_map(|l| Some(l.get("id")?.as_str()?.to_owned()))
        .collect();
    // Per link routing referrals: its id, and the id of its referral link (None: it becomes
    // one itself).
    let mut routing: Vec<(String, Option<String>)> = Vec::new();
    for link in objects(map, "links") {
        let end = |key: &str| link.get(key).and_then(Value::as_str);
        let (Some(id), Some(from), Some(to)) = (end("id"), end("from"), end("to")) else {
            continue;
        };
        if !referrers.contains(from) || !tells.contains(to) {
            continue;
        }
        let moved_people = positive(link.get("rate")) || overridden_rate.contains(id);
        let twin = moved_people.then(|| {
            let twin = fresh_id(&format!("{id}-referrals"), |t| taken.contains(t));
            taken.insert(twin.clone());
            twin
        });
        routing.push((id.to_owned(), twin));
    }
    if routing.is_empty() {
        return;
    }
    let twin_of = |id: &str| routing.iter().find(|(r, _)| r == id).map(|(_, t)| t);
    if let Some(Value::Array(links)) = map.get_mut("links") {
        let old = std::mem::take(links);
        for mut link in old {
            let id = link.get("id").and_then(Value::as_str).map(str::to_owned);
            match id.as_deref().and_then(twin_of) {
                Some(Some(twin)) => {
                    let mut referral = Map::new();
                    referral.insert("id".to_owned(), Value::from(twin.as_str()));
                    for key in ["from", "to"] {
                        referral.insert(key.to_owned(), link[key].clone());
                    }
                    referral.insert("label".to_owned(), Value::from(""));
                    referral.insert(
                        "rate".to_owned(),
                        link.get("rate").cloned().unwrap_or(Value::Null),
                    );
                    referral.insert("referral".to_owned(), Value::Bool(true));
                    links.push(link);
                    links.push(Value::Object(referral));
                }
                Some(None) => {
                    if let Some(object) = link.as_object_mut() {
                        object.insert("referral".to_owned(), Value::Bool(true));
                    }
                    links.push(link);
                }
                None => links.push(link),
            }
        }
    }
    if let Some(Value::Array(scenarios)) = map.get_mut("scenarios") {
        for scenario in scenarios {
            let Some(Value::Object(overrides)) = scenario.get_mut("links") else {
                continue;
            };
            let old = std::mem::take(overrides);
            for (id, value) in old {
                let twin = twin_of(&id).cloned().flatten();
                let rate = value.get("rate").cloned();
                overrides.insert(id, value);
                if let (Some(twin), Some(rate)) = (twin, rate) {
                    let mut copy = Map::new();
                    copy.insert("rate".to_owned(), rate);
                    overrides.insert(twin, Value::Object(copy));
                }
            }
        }
    }
}
