//! The sampler against the simulation it draws from: mean counts over many seeds against the
//! deterministic run, a closed form worked out by hand, and the log's text.

use std::collections::HashMap;

use super::*;
use crate::model::{Link, Stage, Step};

fn step(id: &str, stage: Stage, stay: f64, reach: f64, referrals: f64) -> Step {
    let mut s = Step::new(id, stage, id.to_uppercase(), [0.0, 0.0]);
    s.stay = (stay > 0.0).then_some(stay);
    s.reach = (reach > 0.0).then_some(reach);
    s.referrals = (referrals > 0.0).then_some(referrals);
    s
}

fn link(from: &str, to: &str, rate: f64) -> Link {
    let mut l = Link::new(format!("{from}-{to}"), from, to);
    l.rate = Some(rate);
    l
}

fn referral(from: &str, to: &str, rate: f64) -> Link {
    let mut l = Link::new(format!("{from}-{to}-referrals"), from, to);
    l.rate = Some(rate);
    l.referral = true;
    l
}

fn journey(steps: Vec<Step>, links: Vec<Link>, audience: Option<u64>) -> Document {
    let mut doc = Document::new("test");
    doc.audience.size = audience;
    doc.set_steps_and_links(steps, links).unwrap();
    doc
}

/// Two tell steps with marketing, a buy step, a use step that keeps people, word of mouth
/// split by referral links, a step that refers without referral links (evenly to both tell
/// steps), links back and leaks everywhere; K well below 1.
fn the_loop(audience: Option<u64>) -> Document {
    journey(
        vec![
            step("ad", Stage::Tell, 0.3, 100.0, 0.0),
            step("friend", Stage::Tell, 0.1, 30.0, 0.0),
            step("buy", Stage::Buy, 0.0, 0.0, 0.0),
            step("use", Stage::Experience, 0.5, 0.0, 0.0),
            step("happy", Stage::Delight, 0.2, 0.0, 0.4),
            step("tell", Stage::WordOfMouth, 0.5, 0.0, 0.9),
        ],
        vec![
            link("ad", "buy", 0.2),
            link("friend", "buy", 0.5),
            link("buy", "use", 0.9),
            link("use", "happy", 0.4),
            link("use", "buy", 0.1),
            link("happy", "tell", 0.6),
            link("tell", "ad", 0.1),
            referral("tell", "friend", 0.75),
            referral("tell", "ad", 0.25),
        ],
        audience,
    )
}

/// What one drawn log adds up to, period by period.
#[derive(Default)]
struct Tally {
    /// Per period, per step: people there at the period's end (its events).
    at: Vec<Vec<f64>>,
    /// Per period: newcomers without and with a referrer.
    marketing: Vec<f64>,
    referred: Vec<f64>,
    /// Per link (by index in the document): people who moved along it over the run.
    flow: Vec<f64>,
    /// Per step: people lost there over the run.
    lost: Vec<f64>,
    /// Everyone who entered.
    people: u64,
}

fn tally(doc: &Document, plan: &Plan) -> Tally {
    let n = doc.steps().len();
    let links: HashMap<(u32, u32), usize> = doc
        .links()
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.referral)
        .map(|(i, l)| {
            let end = |id: &str| doc.step_position(id).unwrap() as u32;
            ((end(&l.from), end(&l.to)), i)
        })
        .collect();
    let mut tally = Tally {
        flow: vec![0.0; doc.links().len()],
        lost: vec![0.0; n],
        ..Tally::default()
    };
    let mut before: HashMap<u64, u32> = HashMap::new();
    let mut draw = plan.draw();
    while let Some(events) = draw.next_period() {
        let mut at = vec![0.0; n];
        let (mut marketing, mut referred) = (0.0, 0.0);
        let mut now = HashMap::with_capacity(events.len());
        for e in events {
            at[e.step as usize] += 1.0;
            now.insert(e.person, e.step);
            match before.get(&e.person) {
                Some(&from) if from == e.step => {}
                Some(&from) => tally.flow[links[&(from, e.step)]] += 1.0,
                None if e.referrer == 0 => marketing += 1.0,
                None => referred += 1.0,
            }
        }
        for (person, &step) in &before {
            if !now.contains_key(person) {
                tally.lost[step as usize] += 1.0;
            }
        }
        tally.at.push(at);
        tally.marketing.push(marketing);
        tally.referred.push(referred);
        before = now;
    }
    tally.people = draw.people();
    tally
}

/// Mean and standard error of the mean of each column over the rows.
fn mean_and_error(rows: &[Vec<f64>]) -> Vec<(f64, f64)> {
    let r = rows.len() as f64;
    (0..rows[0].len())
        .map(|k| {
            let mean = rows.iter().map(|row| row[k]).sum::<f64>() / r;
            let var = rows.iter().map(|row| (row[k] - mean).powi(2)).sum::<f64>() / (r - 1.0);
            (mean, (var / r).sqrt())
        })
        .collect()
}

/// `observed` (mean, standard error) agrees with `expected` within `sigmas` standard errors;
/// a count whose every draw was the same (0 before anyone can get there) must be exact.
fn agrees((mean, error): (f64, f64), expected: f64, sigmas: f64) -> bool {
    (mean - expected).abs() <= sigmas * error + 1e-9 * expected.abs().max(1.0)
}

/// The tolerance of the comparisons with the simulation: 5 standard errors of the mean over
/// the seeds. Each comparison's chance of failing by bad luck is below 10⁻⁵ (the seeds are
/// fixed, so a pass stays a pass); a sampler whose stays were 2 % too low, or whose
/// referrals 5 % too many, fails the comparisons below (both were tried).
const SIGMAS: f64 = 5.0;

/// The people at each step at the end of each period, over many logs (one row of `at_rows`
/// per log), agree with the plan's expected run.
fn assert_at_steps_agree(doc: &Document, plan: &Plan, at_rows: &[Vec<f64>]) {
    let n = doc.steps().len();
    for (k, observed) in mean_and_error(at_rows).into_iter().enumerate() {
        let (period, step) = (k / n + 1, k % n);
        let expected = plan.expected_at(period, step);
        assert!(
            agrees(observed, expected, SIGMAS),
            "period {period}, step {}: {observed:?} against {expected}",
            doc.steps()[step].id
        );
    }
}

#[test]
fn the_mean_counts_of_many_logs_are_the_simulations_expected_counts() {
    let doc = the_loop(None);
    let periods = 12;
    let seeds = 50;
    let mut options = Options::new(4_000, periods);
    let mut at_rows = Vec::new();
    let mut flow_rows = Vec::new();
    let mut lost_rows = Vec::new();
    let mut new_rows = Vec::new();
    let plan = Plan::new(&doc, &options).unwrap();
    for seed in 1..=seeds {
        options.seed = seed;
        let t = tally(&doc, &Plan::new(&doc, &options).unwrap());
        at_rows.push(t.at.concat());
        flow_rows.push(t.flow);
        lost_rows.push(t.lost);
        let totals = vec![
            t.referred.iter().sum::<f64>(),
            t.marketing.iter().sum::<f64>(),
        ];
        new_rows.push([t.marketing, t.referred, totals].concat());
    }
    let n = doc.steps().len();
    let scale = plan.scale();
    let run = plan.expected();
    // People at each step at the end of each period: the events named for it.
    assert_at_steps_agree(&doc, &plan, &at_rows);
    // Every step is reached by the last periods, and the means are not trivially 0.
    assert!((0..n).all(|i| plan.expected_at(periods, i) > 50.0));
    // People moved along each link, lost at each step, and the newcomers of each period.
    for (i, observed) in mean_and_error(&flow_rows).into_iter().enumerate() {
        if !doc.links()[i].referral {
            let expected = run.flow[i] * scale;
            assert!(
                agrees(observed, expected, SIGMAS),
                "link {i}: {observed:?} against {expected}"
            );
        }
    }
    for (i, observed) in mean_and_error(&lost_rows).into_iter().enumerate() {
        let expected = run.lost_at_step[i] * scale;
        assert!(
            agrees(observed, expected, SIGMAS),
            "step {i}: {observed:?} against {expected}"
        );
    }
    let referred: f64 = run.periods.iter().map(|p| p.new_referrals).sum();
    let marketing: f64 = run.periods.iter().map(|p| p.new_marketing).sum();
    for (k, observed) in mean_and_error(&new_rows).into_iter().enumerate() {
        let expected = scale
            * match k {
                k if k < periods => run.periods[k].new_marketing,
                k if k < 2 * periods => run.periods[k - periods].new_referrals,
                k if k == 2 * periods => referred,
                _ => marketing,
            };
        assert!(
            agrees(observed, expected, SIGMAS),
            "newcomers {k}: {observed:?} against {expected}"
        );
    }
}

#[test]
fn people_stay_a_geometric_number_of_periods_at_a_step_that_keeps_a_share() {
    // One tell step keeping s = 0.6 and nothing else: a person's events are k with chance
    // (1 − s)·s^(k − 1), k = 1, 2, …, a mean of 1 ÷ (1 − s) = 2.5; reaching r a period, the
    // step holds r·(1 − sᵗ) ÷ (1 − s) people at the end of period t.
    let s = 0.6;
    let doc = journey(vec![step("ad", Stage::Tell, s, 50.0, 0.0)], vec![], None);
    let periods = 40;
    let options = Options {
        seed: 7,
        ..Options::new(40_000, periods)
    };
    let plan = Plan::new(&doc, &options).unwrap();
    let r = 40_000.0 / periods as f64;
    assert!((plan.reach(1)[0] - r).abs() < 1e-9);
    for t in [1, 2, 5, 40] {
        let by_hand = r * (1.0 - s.powf(t as f64)) / (1.0 - s);
        assert!((plan.expected_at(t, 0) - by_hand).abs() < 1e-9 * by_hand);
    }
    // Everyone who entered in the first ten periods could stay 31 periods or more; the
    // chance of staying that long, 0.6³⁰ ≈ 2·10⁻⁷, is negligible.
    let mut first = HashMap::new();
    let mut events: HashMap<u64, u64> = HashMap::new();
    let mut draw = plan.draw();
    let mut t = 0;
    while let Some(period) = draw.next_period() {
        t += 1;
        for e in period {
            first.entry(e.person).or_insert(t);
            *events.entry(e.person).or_default() += 1;
        }
    }
    // Marketing's newcomers add up to a Poisson count with mean 40,000.
    let people = draw.people() as f64;
    assert!((people - 40_000.0).abs() < 5.0 * 200.0, "{people}");
    let early: Vec<u64> = first
        .iter()
        .filter(|&(_, &t)| t <= 10)
        .map(|(p, _)| events[p])
        .collect();
    let count = early.len() as f64;
    assert!(count > 9_000.0);
    let mean = early.iter().sum::<u64>() as f64 / count;
    let error = s.sqrt() / (1.0 - s) / count.sqrt();
    assert!((mean - 2.5).abs() < SIGMAS * error, "{mean}");
    for k in 1..=5 {
        let p = (1.0 - s) * s.powf(k as f64 - 1.0);
        let seen = early.iter().filter(|&&e| e == k).count() as f64 / count;
        let error = (p * (1.0 - p) / count).sqrt();
        assert!(
            (seen - p).abs() < SIGMAS * error,
            "{k} events: {seen} against {p}"
        );
    }
}

#[test]
fn an_audience_caps_everyone_reached_and_the_means_stay_close_to_the_run() {
    // An audience of 2,000 as drawn, reached fast: scaled with the people asked for.
    let doc = the_loop(Some(2_000));
    let options = Options {
        seed: 3,
        ..Options::new(3_000, 30)
    };
    let plan = Plan::new(&doc, &options).unwrap();
    let cap = plan.audience().unwrap();
    assert!((plan.scale() * 2_000.0 - cap).abs() < 1e-6);
    let mut totals = Vec::new();
    for seed in 1..=10 {
        let plan = Plan::new(
            &doc,
            &Options {
                seed,
                ..options.clone()
            },
        )
        .unwrap();
        let t = tally(&doc, &plan);
        assert!(t.people as f64 <= cap.floor());
        totals.push(t.people as f64);
    }
    // The cap applies each newcomer's chance to the people reached so far in each log,
    // where the run applies it to their mean: the means agree to a few per cent.
    let mean = totals.iter().sum::<f64>() / totals.len() as f64;
    assert!((mean - 3_000.0).abs() < 0.03 * 3_000.0, "{mean}");
}

#[test]
fn without_a_number_of_people_the_journeys_own_reach_sets_the_size() {
    let doc = the_loop(Some(50_000));
    let own = Plan::new(
        &doc,
        &Options {
            people: None,
            ..Options::new(1, 6)
        },
    )
    .unwrap();
    assert_eq!(own.scale(), 1.0);
    assert_eq!(own.reach(1), [100.0, 30.0]);
    assert_eq!(own.audience(), Some(50_000.0));
    let reached = own.expected().periods[5].reached;
    // Asked for twice the people, the reach and the audience double.
    let twice = Plan::new(&doc, &Options::new((2.0 * reached).round() as u64, 6)).unwrap();
    assert!((twice.scale() - 2.0).abs() < 1e-3, "{}", twice.scale());
    assert!((twice.reach(3)[0] - 200.0).abs() < 0.1);
    assert!((twice.audience().unwrap() - 100_000.0).abs() < 100.0);
}

#[test]
fn a_seed_gives_the_same_log_and_another_seed_another() {
    let doc = the_loop(None);
    let text = |seed: u64, format: LogFormat| {
        let plan = Plan::new(
            &doc,
            &Options {
                seed,
                ..Options::new(500, 6)
            },
        )
        .unwrap();
        let mut out = Vec::new();
        let written = plan.write(&mut out, format).unwrap();
        assert_eq!(written.bytes, out.len() as u64);
        String::from_utf8(out).unwrap()
    };
    assert_eq!(text(9, LogFormat::Csv), text(9, LogFormat::Csv));
    assert_ne!(text(9, LogFormat::Csv), text(10, LogFormat::Csv));
    assert_eq!(text(9, LogFormat::JsonLines), text(9, LogFormat::JsonLines));
}

/// The rows of a CSV log as (user, time, event, referrer).
fn csv_rows(text: &str) -> Vec<[String; 4]> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["user_id", "timestamp", "event", "referred_by"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            std::array::from_fn(|k| r[k].to_owned())
        })
        .collect()
}

#[test]
fn the_csv_and_json_lines_of_a_seed_hold_the_same_events_in_time_order() {
    let doc = the_loop(None);
    let options = Options {
        seed: 4,
        period_seconds: 7 * 86_400,
        ..Options::new(800, 5)
    };
    let plan = Plan::new(&doc, &options).unwrap();
    // Weeks start at whole weeks since the epoch: the Thursday after 2025-01-01.
    assert_eq!(format_time(plan.period_start(1)), "2025-01-02T00:00:00Z");
    let (mut csv, mut jsonl) = (Vec::new(), Vec::new());
    let written = plan.write(&mut csv, LogFormat::Csv).unwrap();
    plan.write(&mut jsonl, LogFormat::JsonLines).unwrap();
    let rows = csv_rows(std::str::from_utf8(&csv).unwrap());
    assert_eq!(rows.len() as u64, written.events);
    let lines: Vec<[String; 4]> = std::str::from_utf8(&jsonl)
        .unwrap()
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let field = |key: &str| {
                value
                    .get(key)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned()
            };
            // A referrer is written only when there is one.
            assert_eq!(
                value.get("referred_by").is_some(),
                !field("referred_by").is_empty()
            );
            [
                field("user_id"),
                field("timestamp"),
                field("event"),
                field("referred_by"),
            ]
        })
        .collect();
    assert_eq!(rows, lines);
    // ISO 8601 times sort as text: the whole log is in time order, inside the five weeks.
    assert!(rows.windows(2).all(|w| w[0][1] <= w[1][1]));
    assert!(rows[0][1].as_str() >= "2025-01-02T00:00:00Z");
    assert!(rows.last().unwrap()[1].as_str() < "2025-02-06T00:00:00Z");
    let names: Vec<&str> = doc.steps().iter().map(|s| s.id.as_str()).collect();
    assert!(rows.iter().all(|r| names.contains(&r[2].as_str())));
    assert!(rows.iter().any(|r| !r[3].is_empty()));
}

#[test]
fn a_referrer_was_at_a_referring_step_in_the_period_before_and_only_the_first_event_names_them() {
    let doc = the_loop(None);
    let plan = Plan::new(&doc, &Options::new(2_000, 10)).unwrap();
    let refers: Vec<bool> = doc.steps().iter().map(|s| s.referrals.is_some()).collect();
    let mut before: HashMap<u64, u32> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut referred = 0;
    let mut draw = plan.draw();
    while let Some(events) = draw.next_period() {
        let mut now = HashMap::new();
        for e in events {
            let first = seen.insert(e.person);
            if e.referrer != 0 {
                referred += 1;
                assert!(first, "only a newcomer's first event names a referrer");
                let at = before[&e.referrer];
                assert!(
                    refers[at as usize],
                    "referred from {}",
                    doc.steps()[at as usize].id
                );
                // Newcomers enter at tell steps.
                assert!(plan.tells().contains(&e.step));
            }
            now.insert(e.person, e.step);
        }
        before = now;
    }
    assert!(referred > 50, "{referred}");
}

#[test]
fn a_journey_that_cannot_be_drawn_says_why() {
    let nobody = journey(vec![step("ad", Stage::Tell, 0.5, 0.0, 0.0)], vec![], None);
    assert_eq!(
        Plan::new(&nobody, &Options::new(10, 5))
            .unwrap_err()
            .to_string(),
        "nobody enters the journey: give a tell step a reach (or a marketing budget) to bring people in"
    );
    let over = journey(
        vec![
            step("ad", Stage::Tell, 0.8, 10.0, 0.0),
            step("buy", Stage::Buy, 0.0, 0.0, 0.0),
        ],
        vec![link("ad", "buy", 0.5)],
        None,
    );
    assert!(matches!(
        Plan::new(&over, &Options::new(10, 5)),
        Err(SampleError::Refused(Refusal::Overflow(_)))
    ));
    let doc = the_loop(None);
    assert!(matches!(
        Plan::new(&doc, &Options::new(0, 5)),
        Err(SampleError::Empty(_))
    ));
    assert!(matches!(
        Plan::new(&doc, &Options::new(10, 0)),
        Err(SampleError::Empty(_))
    ));
    let late = Options {
        start: parse_date("9999-12-01").unwrap(),
        ..Options::new(10, 60)
    };
    assert_eq!(Plan::new(&doc, &late).unwrap_err(), SampleError::TooLate);
}

#[test]
fn a_step_is_named_by_an_event_that_maps_back_to_it() {
    let mut doc = the_loop(None);
    let events = |list: &[&str]| list.iter().map(|e| (*e).to_owned()).collect::<Vec<_>>();
    let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
    let links: Vec<Link> = doc.links().iter().map(|l| Link::clone(l)).collect();
    // ad: a pattern, then an exact name; friend: only a pattern; buy: an exact name that ad
    // listed first (so it is ad's), then a pattern; use: a pattern that buy's longer one
    // does not take; happy: only ad's name, so its id; tell: none.
    steps[0].events = events(&["ad_*", "ad_clicked"]).into();
    steps[1].events = events(&["invite_*_opened"]).into();
    steps[2].events = events(&["ad_clicked", "checkout_paid*"]).into();
    steps[3].events = events(&["checkout*"]).into();
    steps[4].events = events(&["ad_clicked"]).into();
    doc.set_steps_and_links(steps, links).unwrap();
    assert_eq!(
        event_names(&doc),
        [
            "ad_clicked",
            "invite__opened",
            "checkout_paid",
            "checkout",
            "happy",
            "tell"
        ]
    );
}

#[test]
fn under_a_scenario_in_time_the_mean_counts_are_the_scenarios_run() {
    use crate::model::{Edit, FrameValue, LinkOverride, Scenario, StepOverride};
    // From period 5 on, fewer buy after the ad, people leave use sooner and the happy tell
    // more friends.
    let mut doc = the_loop(None);
    let mut crisis = Scenario::new("crisis");
    crisis.from_period = Some(5);
    crisis.links.push((
        "ad-buy".into(),
        LinkOverride {
            rate: Some(0.05),
            ..LinkOverride::default()
        },
    ));
    for (id, stay, referrals) in [("use", Some(0.2), None), ("happy", None, Some(1.2))] {
        crisis.steps.push((
            id.into(),
            StepOverride {
                stay,
                referrals,
                ..StepOverride::default()
            },
        ));
    }
    let _undo = Edit::SetFrame(FrameValue::Scenarios(vec![crisis]))
        .apply(&mut doc)
        .unwrap();
    let periods = 10;
    let mut options = Options {
        scenario: Some("crisis".into()),
        ..Options::new(3_000, periods)
    };
    let plan = Plan::new(&doc, &options).unwrap();
    // The run the draws follow is the simulation's under the scenario, not as drawn.
    let settings = simulation::Options {
        periods,
        seed: 0.0,
        record_steps: true,
        rank_links: false,
    };
    let scenario_run = simulation::simulate(&doc, Some("crisis"), &settings)
        .unwrap()
        .run;
    let drawn_run = simulation::simulate(&doc, None, &settings).unwrap().run;
    assert_eq!(plan.expected().at_step, scenario_run.at_step);
    let n = doc.steps().len();
    let use_at = |run: &Run, period: usize| run.at_step[(period - 1) * n + 3];
    assert!(use_at(&scenario_run, periods) < 0.7 * use_at(&drawn_run, periods));
    assert_eq!(
        use_at(&scenario_run, 4),
        use_at(&drawn_run, 4),
        "as drawn before period 5"
    );
    let mut at_rows = Vec::new();
    for seed in 1..=40 {
        options.seed = seed;
        at_rows.push(tally(&doc, &Plan::new(&doc, &options).unwrap()).at.concat());
    }
    assert_at_steps_agree(&doc, &plan, &at_rows);
    // A scenario the journey does not have is refused with the names it has.
    let unknown = Options {
        scenario: Some("boom".into()),
        ..Options::new(10, 5)
    };
    let refused = Plan::new(&doc, &unknown).unwrap_err().to_string();
    assert!(
        refused.contains("boom") && refused.contains("crisis"),
        "{refused}"
    );
}
