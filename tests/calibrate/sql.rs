//! The counts table as the SQL of docs/sql/counts.sql defines it, computed here in Rust one
//! query at a time — over the whole log at once, with no streaming — and compared with what
//! the reader derives from the same log.

use std::collections::{BTreeMap, HashMap};

use std::fmt::Write as _;

use super::logs::{DAY_MS, Event, csv, generated};
use super::*;

/// `name LIKE pattern` with `*` turned into `%` (any run of characters) and nothing else
/// special, as the SQL escapes `%`, `_` and `\`.
fn like(name: &[char], pattern: &[char]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some(('*', rest)) => (0..=name.len()).any(|i| like(&name[i..], rest)),
        Some((c, rest)) => name.first() == Some(c) && like(&name[1..], rest),
    }
}

/// The `step_events` table of a journey: (step id, step order, pattern, pattern order).
fn step_events(doc: &Document) -> Vec<(String, i64, String, i64)> {
    let mut rows = Vec::new();
    for (order, step) in doc.steps().iter().enumerate() {
        if step.events.is_empty() {
            rows.push((step.id.clone(), order as i64, step.id.clone(), -1));
        }
        for (i, p) in step.events.iter().enumerate() {
            rows.push((step.id.clone(), order as i64, p.clone(), i as i64));
        }
    }
    rows
}

/// A row of the query's `mapped`.
struct Mapped<'e> {
    person: &'e str,
    ts: i64,
    step: String,
    order: i64,
    referrer: Option<&'e str>,
    period: i64,
}

/// The query's result, as the reader writes its table.
#[expect(
    clippy::too_many_lines,
    reason = "the query's steps one after the other, as the SQL has them"
)]
fn counts_by_the_sql(doc: &Document, events: &[Event], period_ms: i64, lost_after: i64) -> String {
    // patterns and name_steps: rank the matching patterns of each distinct name.
    let patterns = step_events(doc);
    let mut name_steps: HashMap<&str, (String, i64)> = HashMap::new();
    for e in events {
        if name_steps.contains_key(e.name.as_str()) {
            continue;
        }
        let name: Vec<char> = e.name.chars().collect();
        let best = patterns
            .iter()
            .filter(|(_, _, p, _)| like(&name, &p.chars().collect::<Vec<_>>()))
            .map(|(id, order, p, p_order)| {
                let priority = if p.contains('*') {
                    0
                } else if *p_order < 0 {
                    1
                } else {
                    2
                };
                let fixed = p.chars().filter(|&c| c != '*').count() as i64;
                ((-priority, -fixed, *order, *p_order), (id.clone(), *order))
            })
            .min_by(|a, b| a.0.cmp(&b.0));
        if let Some((_, step)) = best {
            name_steps.insert(&e.name, step);
        }
    }
    // mapped.
    let mapped: Vec<Mapped<'_>> = events
        .iter()
        .filter_map(|e| {
            let (step, order) = name_steps.get(e.name.as_str())?.clone();
            Some(Mapped {
                person: &e.person,
                ts: e.time_ms,
                step,
                order,
                referrer: e
                    .referrer
                    .as_deref()
                    .filter(|r| !r.is_empty() && *r != e.person),
                period: e.time_ms.div_euclid(period_ms),
            })
        })
        .collect();
    // states: per (person, period) the latest (ts, order).
    let mut states: BTreeMap<(&str, i64), (i64, i64, String)> = BTreeMap::new();
    for m in &mapped {
        let entry = states
            .entry((m.person, m.period))
            .or_insert((m.ts, m.order, m.step.clone()));
        if (m.ts, m.order) > (entry.0, entry.1) {
            *entry = (m.ts, m.order, m.step.clone());
        }
    }
    let first = mapped.iter().map(|m| m.period).min().unwrap();
    let last = mapped.iter().map(|m| m.period).max().unwrap();
    let periods: std::collections::BTreeSet<i64> = mapped.iter().map(|m| m.period).collect();
    // seq: per person, periods in order with lag and lead.
    let mut by_person: BTreeMap<&str, Vec<(i64, String, i64)>> = BTreeMap::new();
    for ((person, period), (_, order, step)) in &states {
        by_person
            .entry(person)
            .or_default()
            .push((*period, step.clone(), *order));
    }
    // referrer_steps and entry_referrers.
    let mut referrers: BTreeMap<(&str, i64), Vec<&str>> = BTreeMap::new();
    for m in &mapped {
        if let Some(r) = m.referrer {
            let named = referrers.entry((m.person, m.period)).or_default();
            if !named.contains(&r) {
                named.push(r);
            }
        }
    }
    let entry_referrer = |person: &str, period: i64| -> Option<Option<(i64, String)>> {
        let named = referrers.get(&(person, period))?;
        let steps = named.iter().map(|r| {
            (period - lost_after..period)
                .rev()
                .find_map(|t| states.get(&(*r, t)))
                .map(|(_, order, step)| (*order, step.clone()))
        });
        // The step listed first; at no step last.
        Some(
            steps
                .min_by_key(|s| s.as_ref().map_or(i64::MAX, |(o, _)| *o))
                .unwrap(),
        )
    };
    let mut rows: BTreeMap<(i64, &str, String, String), u64> = BTreeMap::new();
    let mut add = |period: i64, kind: &'static str, from: &str, to: &str| {
        *rows
            .entry((period, kind, from.to_owned(), to.to_owned()))
            .or_insert(0) += 1;
    };
    for (person, seq) in &by_person {
        for (i, (period, step, _)) in seq.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| seq[j].0);
            let next = seq.get(i + 1);
            if prev.is_none_or(|p| period - p > lost_after) {
                match entry_referrer(person, *period) {
                    None => add(*period, "new", "", step),
                    Some(from) => add(
                        *period,
                        "referred",
                        from.as_ref().map_or("", |(_, s)| s.as_str()),
                        step,
                    ),
                }
            }
            match next {
                Some((next_period, next_step, _)) if next_period - period <= lost_after => {
                    for p in periods.range(*period..next_period - 1) {
                        add(*p, "stay", step, step);
                    }
                    let kind = if next_step == step { "stay" } else { "move" };
                    add(next_period - 1, kind, step, next_step);
                }
                _ => {
                    if period + lost_after <= last {
                        add(*period, "lost", step, "");
                    }
                }
            }
        }
    }
    let in_first = mapped.iter().filter(|m| m.period == first).count() as u64;
    let in_last = mapped.iter().filter(|m| m.period == last).count() as u64;
    let mut out = String::from("period,kind,from_step,to_step,count\n");
    // The reader's order: by period, then kind, then steps in journey order.
    let kinds = [
        "log_first",
        "log_last",
        "new",
        "referred",
        "stay",
        "move",
        "lost",
    ];
    let order = |id: &str| doc.step_position(id).map_or(usize::MAX, |i| i);
    let mut sorted: Vec<_> = rows.into_iter().collect();
    sorted.push(((first, "log_first", String::new(), String::new()), in_first));
    sorted.push(((last, "log_last", String::new(), String::new()), in_last));
    sorted.sort_by_key(|((p, k, f, t), _)| {
        (*p, kinds.iter().position(|x| x == k), order(f), order(t))
    });
    for ((p, k, f, t), n) in sorted {
        let _ = writeln!(out, "{p},{k},{f},{t},{n}");
    }
    out
}

#[test]
fn the_reader_derives_the_counts_the_sql_defines() {
    let doc = journey();
    for seed in [1, 2, 3, 4, 5] {
        let events = generated(seed, 60);
        let dir = temp();
        let path = write(dir.path(), "log.csv", &csv(&events));
        for lost_after in [1, 2, 3] {
            let expected = counts_by_the_sql(&doc, &events, DAY_MS, lost_after);
            let derived = counts_of(
                &doc,
                std::slice::from_ref(&path),
                &options(lost_after as u32),
            );
            assert_eq!(derived, expected, "seed {seed}, lost after {lost_after}");
        }
    }
}

#[test]
fn a_fit_to_the_counts_table_equals_the_fit_to_the_log() {
    let doc = journey();
    let events = generated(23, 60);
    let dir = temp();
    let path = write(dir.path(), "log.csv", &csv(&events));
    let from_log = fit(&doc, std::slice::from_ref(&path), &options(2));
    let table = write(
        dir.path(),
        "counts.csv",
        &counts_of(&doc, &[path], &options(2)),
    );
    let from_table = calibrate::fit_counts(&doc, &table, &options(2)).unwrap();
    // What only the raw log shows (rows and names) aside, every estimate is the same.
    assert_eq!(from_table.links, from_log.links);
    for (a, b) in from_table.steps.iter().zip(&from_log.steps) {
        assert_eq!((a.at, a.lost, a.entered), (b.at, b.lost, b.entered));
        assert_eq!(
            (a.stay, a.leak, a.reach, a.referrals),
            (b.stay, b.leak, b.reach, b.referrals)
        );
        assert_eq!(
            (a.removal_effect, a.credited),
            (b.removal_effect, b.credited)
        );
    }
    assert_eq!(from_table.differences(), from_log.differences());
    // And the table read back is the table written.
    let again = parse_counts(&doc, &fs::read_to_string(&table).unwrap());
    assert_eq!(again.to_csv(), fs::read_to_string(&table).unwrap());
}

#[test]
fn a_broken_counts_table_is_refused_at_its_place() {
    let doc = journey();
    let dir = temp();
    let cases = [
        (
            "period,kind,from,to,count\n",
            "1:1: expected the header period,kind,from_step,to_step,count; found period,kind,from,to,count",
        ),
        (
            "period,kind,from_step,to_step,count\n1,jump,ads,shop,3\n",
            "2:2: unknown kind \"jump\"; expected one of log_first, log_last, new, referred, stay, move, lost",
        ),
        (
            "period,kind,from_step,to_step,count\n1,move,ads,nowhere,3\n",
            "2:4: there is no step with id \"nowhere\" in the journey",
        ),
        (
            "period,kind,from_step,to_step,count\n1,move,ads,shop,-3\n",
            "2:5: \"-3\" is not a whole number, 0 or more",
        ),
        (
            "period,kind,from_step,to_step,count\nx,move,ads,shop,3\n",
            "2:1: \"x\" is not a whole number of a period",
        ),
        (
            "period,kind,from_step,to_step,count\n1,lost,ads,shop,3\n",
            "2:4: a lost row has no to_step",
        ),
        (
            "period,kind,from_step,to_step,count\n1,stay,ads,shop,3\n",
            "2:4: a stay row needs the same from_step and to_step",
        ),
        (
            "period,kind,from_step,to_step,count\n1,move,ads,shop\n",
            "2:1: the row has 4 fields; expected 5",
        ),
        (
            "period,kind,from_step,to_step,count\n1,move,ads,shop,3\n",
            "1:1: the table has no log_first and log_last rows: it does not say which periods the log covers",
        ),
    ];
    for (text, expected) in cases {
        let path = write(dir.path(), "counts.csv", text);
        let err = calibrate::fit_counts(&doc, &path, &options(1)).unwrap_err();
        assert_eq!(err.to_string(), format!("{}:{expected}", path.display()));
    }
}

#[test]
fn the_documented_query_is_the_query_file() {
    let doc = fs::read_to_string(root().join("docs/calibration.md")).unwrap();
    let query = fs::read_to_string(root().join("docs/sql/counts.sql")).unwrap();
    let block = doc
        .split("```sql\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    assert_eq!(block, query);
}
