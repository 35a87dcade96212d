//! The same events read alike in every shape: CSV and its JSON Lines twin, gzip and plain,
//! out of order and sorted, one file and several; the usual columns of the common exports
//! found without flags, and flags that name others.

use std::io::Write as _;

use std::fmt::Write as _;

use super::*;

/// One event of a generated log.
#[derive(Clone, Debug)]
pub struct Event {
    pub person: String,
    pub time_ms: i64,
    pub name: String,
    pub referrer: Option<String>,
}

/// A small deterministic random source (xorshift).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in 0..1.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// 2025-01-01T00:00:00Z in milliseconds.
pub const START_MS: i64 = 1_735_689_600_000;
pub const DAY_MS: i64 = 86_400_000;

/// A log of people walking the corpus journey (ads → shop → club) over `days` days: some
/// arrive each day (some referred by someone there), move, stay, fall silent for a day now
/// and then, come back, leave; with events no step maps, several events a day and equal
/// times. Sorted by time.
pub fn generated(seed: u64, days: i64) -> Vec<Event> {
    struct Person {
        name: String,
        /// 0 ads, 1 shop, 2 club, 3 gone.
        step: usize,
        arrived: i64,
        silent_until: i64,
    }
    let mut rng = Rng::new(seed);
    let mut events = Vec::new();
    let mut people: Vec<Person> = Vec::new();
    let names = [
        ["ad_click_fb", "ad_click_google"],
        ["order", "order"],
        ["club", "club"],
    ];
    for day in 0..days {
        let at = |rng: &mut Rng| START_MS + day * DAY_MS + rng.below(DAY_MS as u64) as i64;
        // Newcomers, some referred by anyone seen so far.
        for _ in 0..rng.below(6) {
            let referrer = if !people.is_empty() && rng.unit() < 0.3 {
                Some(people[rng.below(people.len() as u64) as usize].name.clone())
            } else {
                None
            };
            let name = format!("p{}", people.len());
            events.push(Event {
                person: name.clone(),
                time_ms: at(&mut rng),
                name: names[0][rng.below(2) as usize].to_owned(),
                referrer,
            });
            people.push(Person {
                name,
                step: 0,
                arrived: day,
                silent_until: day,
            });
        }
        for person in &mut people {
            if person.step == 3 || person.arrived == day || person.silent_until > day {
                continue;
            }
            let u = rng.unit();
            person.step = match person.step {
                0 if u < 0.35 => 0,
                0 if u < 0.7 => 1,
                1 if u < 0.2 => 1,
                1 if u < 0.75 => 2,
                2 if u < 0.8 => 2,
                // Now and then someone moves where no link goes (club → ads).
                2 if u < 0.85 => 0,
                _ => 3,
            };
            if person.step == 3 {
                // Some come back after a long silence: a new life at the ads.
                if rng.unit() < 0.2 {
                    person.step = 0;
                    person.silent_until = day + 4;
                }
                continue;
            }
            // Silent for a day now and then: a stay nobody saw.
            if rng.unit() < 0.08 {
                person.silent_until = day + 2;
                continue;
            }
            let t = at(&mut rng);
            events.push(Event {
                person: person.name.clone(),
                time_ms: t,
                name: names[person.step][rng.below(2) as usize].to_owned(),
                referrer: None,
            });
            // A second event the same day: sometimes at the same time, sometimes unmapped.
            match rng.below(10) {
                0 => events.push(Event {
                    person: person.name.clone(),
                    time_ms: t,
                    name: names[(person.step + 1) % 3][0].to_owned(),
                    referrer: None,
                }),
                1 => events.push(Event {
                    person: person.name.clone(),
                    time_ms: t + 1000,
                    name: "page_viewed".to_owned(),
                    referrer: None,
                }),
                _ => {}
            }
        }
    }
    // Sorted by time (the order of equal times kept).
    events.sort_by_key(|e| e.time_ms);
    events
}

/// ISO 8601 of milliseconds since 1970, to the millisecond.
pub fn iso(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

pub fn csv(events: &[Event]) -> String {
    let mut out = String::from("user_id,timestamp,event,referred_by\n");
    for e in events {
        let _ = writeln!(
            out,
            "{},{},{},{}",
            e.person,
            iso(e.time_ms),
            e.name,
            e.referrer.as_deref().unwrap_or("")
        );
    }
    out
}

/// The twin in JSON Lines, times in seconds with a fraction, the referrer left out when none.
fn jsonl(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        let mut object = serde_json::json!({
            "distinct_id": e.person,
            "time": e.time_ms as f64 / 1000.0,
            "event": e.name,
        });
        if let Some(r) = &e.referrer {
            object["referred_by"] = serde_json::json!(r);
        }
        out.push_str(&object.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn a_csv_and_its_json_lines_twin_fit_alike() {
    let events = generated(7, 40);
    let dir = temp();
    let a = write(dir.path(), "log.csv", &csv(&events));
    let b = write(dir.path(), "log.jsonl", &jsonl(&events));
    let doc = journey();
    let csv_counts = counts_of(&doc, std::slice::from_ref(&a), &options(1));
    assert_eq!(
        csv_counts,
        counts_of(&doc, std::slice::from_ref(&b), &options(1))
    );
    assert_eq!(fit(&doc, &[a], &options(1)), fit(&doc, &[b], &options(1)));
    assert!(csv_counts.lines().count() > 50, "{csv_counts}");
}

#[test]
fn a_gzip_log_reads_like_the_plain_file() {
    let events = generated(11, 30);
    let dir = temp();
    let text = csv(&events);
    let plain = write(dir.path(), "log.csv", &text);
    let gz = dir.path().join("log.csv.gz");
    let mut encoder =
        flate2::write::GzEncoder::new(fs::File::create(&gz).unwrap(), flate2::Compression::fast());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap();
    let doc = journey();
    assert_eq!(
        fit(&doc, &[plain], &options(2)),
        fit(&doc, &[gz], &options(2))
    );
}

#[test]
fn events_out_of_order_fit_like_sorted_ones() {
    let events = generated(13, 40);
    let mut shuffled = events.clone();
    let mut rng = Rng::new(99);
    for i in (1..shuffled.len()).rev() {
        shuffled.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let dir = temp();
    let sorted = write(dir.path(), "sorted.csv", &csv(&events));
    let out_of_order = write(dir.path(), "shuffled.csv", &csv(&shuffled));
    let doc = journey();
    for lost_after in [1, 2, 3] {
        let a = fit(&doc, std::slice::from_ref(&sorted), &options(lost_after));
        let b = fit(
            &doc,
            std::slice::from_ref(&out_of_order),
            &options(lost_after),
        );
        assert!(!a.sorted_in_memory);
        assert!(b.sorted_in_memory);
        assert_eq!(
            counts_of(&doc, std::slice::from_ref(&sorted), &options(lost_after)),
            counts_of(
                &doc,
                std::slice::from_ref(&out_of_order),
                &options(lost_after)
            )
        );
        assert_eq!(a.steps, b.steps);
        assert_eq!(a.links, b.links);
    }
}

#[test]
fn several_files_read_as_one_log() {
    let events = generated(17, 30);
    let half = events.len() / 2;
    let dir = temp();
    let whole = write(dir.path(), "all.csv", &csv(&events));
    let first = write(dir.path(), "a.csv", &csv(&events[..half]));
    let second = write(dir.path(), "b.jsonl", &jsonl(&events[half..]));
    let doc = journey();
    assert_eq!(
        counts_of(&doc, &[whole], &options(1)),
        counts_of(&doc, &[first, second], &options(1))
    );
}

#[test]
fn the_usual_columns_of_common_exports_are_found() {
    let doc = journey();
    let dir = temp();
    // Amplitude CSV: user_id, event_time (with a space), event_type.
    let amplitude = write(
        dir.path(),
        "amplitude.csv",
        "event_type,user_id,event_time\nad_click,u1,2025-01-01 10:00:00.000000\norder,u1,2025-01-02 10:00:00\n",
    );
    // Mixpanel JSON: the person and the time in properties, the time in seconds.
    let mixpanel = write(
        dir.path(),
        "mixpanel.json",
        "{\"event\":\"ad_click\",\"properties\":{\"distinct_id\":\"u1\",\"time\":1735725600}}\n\
         {\"event\":\"order\",\"properties\":{\"distinct_id\":\"u1\",\"time\":1735812000}}\n",
    );
    // GA4 export: event_name, user_pseudo_id, event_timestamp in microseconds.
    let ga4 = write(
        dir.path(),
        "ga4.jsonl",
        "{\"event_name\":\"ad_click\",\"user_pseudo_id\":\"u1\",\"event_timestamp\":1735725600000000}\n\
         {\"event_name\":\"order\",\"user_pseudo_id\":\"u1\",\"event_timestamp\":1735812000000000}\n",
    );
    // Segment: userId and an ISO timestamp with an offset, tab-separated with no telling name.
    let segment = write(
        dir.path(),
        "segment.export",
        "userId\ttimestamp\tevent\nu1\t2025-01-01T11:00:00+01:00\tad_click\nu1\t2025-01-02T10:00:00Z\torder\n",
    );
    let expected = counts_of(&doc, std::slice::from_ref(&amplitude), &options(1));
    assert!(expected.contains("20089,move,ads,shop,1"), "{expected}");
    for path in [mixpanel, ga4, segment] {
        assert_eq!(
            counts_of(&doc, std::slice::from_ref(&path), &options(1)),
            expected,
            "{}",
            path.display()
        );
    }
}

#[test]
fn flags_name_other_columns() {
    let doc = journey();
    let dir = temp();
    let path = write(
        dir.path(),
        "custom.csv",
        "who,when,what,user_id,invited_by\nu1,2025-01-01T10:00:00Z,ad_click,x,\nu2,2025-01-02T10:00:00Z,ad_click,x,u1\n",
    );
    let named = Options {
        columns: calibrate::Columns {
            person: Some("who".into()),
            time: Some("when".into()),
            event: Some("what".into()),
            referrer: Some("invited_by".into()),
        },
        ..options(1)
    };
    let counts = counts_of(&doc, std::slice::from_ref(&path), &named);
    assert!(counts.contains("20090,referred,ads,ads,1"), "{counts}");
    // A named column that is not there is refused at the header.
    let wrong = Options {
        columns: calibrate::Columns {
            time: Some("at".into()),
            ..calibrate::Columns::default()
        },
        ..options(1)
    };
    let err =
        calibrate::fit_logs(&doc, std::slice::from_ref(&path), &wrong, &mut go_on).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}:1:1: no column \"at\" for the time (named by --time); the header has who, when, \
             what, user_id, invited_by",
            path.display()
        )
    );
}

#[test]
fn progress_counts_bytes_and_events_and_cancel_stops_the_fit() {
    let events = generated(19, 200);
    let dir = temp();
    let path = write(dir.path(), "log.csv", &csv(&events));
    let size = fs::metadata(&path).unwrap().len();
    let doc = journey();
    let mut last = calibrate::Progress::default();
    let mut calls = 0;
    let report = calibrate::fit_logs(&doc, std::slice::from_ref(&path), &options(1), &mut |p| {
        assert!(p.bytes_read >= last.bytes_read && p.events >= last.events);
        last = p;
        calls += 1;
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(last.bytes_total, size);
    assert_eq!(last.bytes_read, size);
    assert_eq!(last.events, report.events);
    assert!(calls >= 1);
    let cancelled =
        calibrate::fit_logs(&doc, &[path], &options(1), &mut |_| ControlFlow::Break(()));
    assert!(matches!(cancelled, Err(calibrate::Error::Cancelled)));
}
