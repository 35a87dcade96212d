//! Every broken log of `tests/corpus/logs/bad` is refused with exactly the message of its
//! `.expected` file, at its place; with `skip_bad_rows` the same rows are counted and skipped.

use std::fmt::Write as _;

use super::*;

/// The broken logs with their expected message (after the file's path).
fn cases() -> Vec<(PathBuf, String)> {
    let dir = logs_dir().join("bad");
    let mut cases: Vec<(PathBuf, String)> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "expected"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let stem = name.split('.').next().unwrap().to_owned();
            let expected = fs::read_to_string(dir.join(format!("{stem}.expected")))
                .unwrap_or_else(|_| panic!("{name} has an .expected file"));
            (p, expected.trim_end_matches('\n').to_owned())
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_broken_log_gives_its_located_message() {
    let cases = cases();
    assert!(cases.len() >= 15, "{}", cases.len());
    let doc = journey();
    for (path, expected) in cases {
        let err = calibrate::fit_logs(&doc, std::slice::from_ref(&path), &options(1), &mut go_on)
            .expect_err(&path.display().to_string());
        assert_eq!(
            err.to_string(),
            format!("{}:{expected}", path.display()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_expected_file_belongs_to_a_log() {
    let dir = logs_dir().join("bad");
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "expected") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let has_log = fs::read_dir(&dir).unwrap().any(|e| {
                let p = e.unwrap().path();
                p != path
                    && p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with(&format!("{stem}."))
            });
            assert!(has_log, "{}", path.display());
        }
    }
}

#[test]
fn rows_broken_in_a_readable_log_are_skipped_and_counted_when_asked() {
    let doc = journey();
    let skip = Options {
        skip_bad_rows: true,
        ..options(1)
    };
    // Every row-level case: the good first row is read, the bad one skipped.
    for name in [
        "bad-time.csv",
        "bad-utf8.csv",
        "empty-event.csv",
        "empty-person.csv",
        "impossible-date.csv",
        "short-row.csv",
        "not-json.jsonl",
        "not-an-object.jsonl",
        "jsonl-missing-time.jsonl",
        "jsonl-person-object.jsonl",
        "jsonl-negative-time.jsonl",
        "mixpanel-missing-event.jsonl",
    ] {
        let path = logs_dir().join("bad").join(name);
        let report = fit(&doc, std::slice::from_ref(&path), &skip);
        assert_eq!(report.skipped.count, 1, "{name}");
        assert_eq!(report.events, 1, "{name}");
        let expected = fs::read_to_string(path.with_extension("expected")).unwrap();
        assert_eq!(
            report.skipped.first[0].to_string(),
            format!("{}:{}", path.display(), expected.trim_end()),
            "{name}"
        );
    }
}

#[test]
fn a_missing_column_or_an_unreadable_file_stops_even_when_skipping() {
    let doc = journey();
    let skip = Options {
        skip_bad_rows: true,
        ..options(1)
    };
    for name in [
        "missing-person.csv",
        "missing-time.tsv",
        "empty.csv",
        "not-gzip.csv.gz",
    ] {
        let path = logs_dir().join("bad").join(name);
        assert!(
            calibrate::fit_logs(&doc, &[path], &skip, &mut go_on).is_err(),
            "{name}"
        );
    }
}

#[test]
fn only_the_first_few_skipped_rows_are_kept_but_all_are_counted() {
    let dir = temp();
    let mut text = String::from("user_id,timestamp,event\n");
    for i in 0..25 {
        let _ = writeln!(text, "u{i},not a time,order");
        let _ = writeln!(text, "u{i},2025-01-01T10:00:00Z,order");
    }
    let path = write(dir.path(), "log.csv", &text);
    let skip = Options {
        skip_bad_rows: true,
        ..options(1)
    };
    let report = fit(&journey(), &[path], &skip);
    assert_eq!(report.skipped.count, 25);
    assert_eq!(report.skipped.first.len(), calibrate::log::SHOWN_SKIPPED);
    assert_eq!(report.skipped.first[0].place.line, 2);
    assert_eq!(report.skipped.first[1].place.line, 4);
    assert_eq!(report.mapped_events, 25);
}
