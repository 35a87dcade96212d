//! `journey-designer fit` as users run it: exit codes, located errors, the report, and
//! `--out` written only on success.

use std::process::{Command, Output};

use super::logs::{csv, generated};
use super::*;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journey-designer"))
        .args(args)
        .env("RUST_LOG", "off")
        .output()
        .expect("the journey-designer binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_fit_prints_drawn_against_observed_and_what_to_map_next() {
    let dir = temp();
    let log = write(dir.path(), "log.csv", &csv(&generated(3, 40)));
    let journey = logs_dir().join("journey.json");
    let output = run(&["fit", s(&journey), s(&log), "--period-length", "1d"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    for expected in [
        "Drawn against observed, biggest differences first:",
        "rate of \"ads-shop\"",
        "Where it leaks, most people lost first:",
        "removal effect",
        "page_viewed",
        "Moves that no link joins (counted in the leak):",
        "club → ads",
    ] {
        assert!(out.contains(expected), "{expected:?} in\n{out}");
    }
    let json = run(&[
        "fit",
        s(&journey),
        s(&log),
        "--period-length",
        "1d",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["steps"].as_array().unwrap().len(), 3);
    assert_eq!(value["unmapped_events"][0]["event"], "page_viewed");
    let csv_out = run(&[
        "fit",
        s(&journey),
        s(&log),
        "--period-length",
        "1d",
        "--format",
        "csv",
    ]);
    let csv_text = text(&csv_out.stdout);
    assert!(csv_text.starts_with("id,field,drawn,observed,low,high,count,outside\n"));
}

#[test]
fn a_bad_row_is_a_located_error_and_nothing_is_written() {
    let dir = temp();
    let out = dir.path().join("fitted.json");
    let journey = logs_dir().join("journey.json");
    let log = logs_dir().join("bad/bad-time.csv");
    let output = run(&[
        "fit",
        s(&journey),
        s(&log),
        "--period-length",
        "1d",
        "--out",
        s(&out),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let expected = fs::read_to_string(logs_dir().join("bad/bad-time.expected")).unwrap();
    assert_eq!(
        text(&output.stderr),
        format!("{}:{expected}", log.display())
    );
    assert!(!out.exists());
    // Skipping bad rows, the fit goes on and says what it skipped.
    let output = run(&[
        "fit",
        s(&journey),
        s(&log),
        "--period-length",
        "1d",
        "--skip-bad-rows",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output.stdout).contains("Skipped 1 bad row:"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn out_writes_the_fitted_numbers_or_the_observed_scenario() {
    let dir = temp();
    let log = write(dir.path(), "log.csv", &csv(&generated(5, 40)));
    let journey = logs_dir().join("journey.json");
    let fitted = dir.path().join("fitted.json");
    let output = run(&[
        "fit",
        s(&journey),
        s(&log),
        "--period-length",
        "1d",
        "--out",
        s(&fitted),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let doc = format::load_file(&fitted).unwrap();
    let report = fit(&super::journey(), std::slice::from_ref(&log), &options(1));
    let rate = link(&report, "ads-shop").rate.unwrap().value;
    assert_eq!(doc.link("ads-shop").unwrap().rate, Some(rate));
    assert!(doc.scenarios().is_empty());
    // As a scenario: the drawn numbers stay; the scenario keeps each interval.
    let output = run(&[
        "fit",
        s(&journey),
        s(&log),
        "--period-length",
        "1d",
        "--out",
        s(&fitted),
        "--scenario",
        "observed",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let doc = format::load_file(&fitted).unwrap();
    assert_eq!(doc.link("ads-shop").unwrap().rate, Some(0.3));
    let o = doc.scenario("observed").unwrap().link("ads-shop").unwrap();
    assert_eq!(o.rate, Some(rate));
    let observed = o.observed.as_ref().unwrap();
    let expected = link(&report, "ads-shop").rate.unwrap();
    assert_eq!(
        (observed.low, observed.high, observed.count),
        (expected.low, expected.high, expected.count)
    );
}

#[test]
fn the_counts_of_a_log_fit_like_the_log() {
    let dir = temp();
    let log = write(dir.path(), "log.csv", &csv(&generated(6, 40)));
    let journey = logs_dir().join("journey.json");
    let counts = dir.path().join("counts.csv");
    let from_log = run(&[
        "fit",
        s(&journey),
        s(&log),
        "--period-length",
        "1d",
        "--format",
        "csv",
        "--write-counts",
        s(&counts),
    ]);
    let from_counts = run(&[
        "fit",
        s(&journey),
        "--counts",
        s(&counts),
        "--period-length",
        "1d",
        "--format",
        "csv",
    ]);
    assert_eq!(
        from_counts.status.code(),
        Some(0),
        "{}",
        text(&from_counts.stderr)
    );
    assert_eq!(text(&from_log.stdout), text(&from_counts.stdout));
}

/// Runs the command and checks that it exits with `code`, saying `message` on stderr.
fn assert_fails(args: &[&str], code: i32, message: &str) {
    let output = run(args);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
}

#[test]
fn wrong_arguments_say_what_is_wrong() {
    let journey = logs_dir().join("journey.json");
    let log = logs_dir().join("bad/bad-time.csv");
    let (journey, log) = (s(&journey), s(&log));
    assert_fails(
        &["fit", journey, log, "--period-length", "1y"],
        2,
        "expected <N>h, <N>d or <N>w",
    );
    assert_fails(
        &[
            "fit",
            journey,
            log,
            "--period-length",
            "1d",
            "--scenario",
            "observed",
        ],
        1,
        "--scenario needs --out",
    );
    assert_fails(
        &["fit", journey, "--period-length", "1d"],
        1,
        "give the event logs",
    );
}
