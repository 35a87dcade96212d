//! How fast `fit` reads an event log and how much memory it holds, against `DuckDB` computing
//! the same counts with the documented SQL (docs/sql/counts.sql) from the same CSV — one run
//! of each, on the same machine.
//!
//! ```text
//! cargo run --release --example calibrate_perf -- JOURNEY LOG.csv [--period-length 1d] [--lost-after 1]
//! ```
//!
//! The fit runs in a child process of its own, so that its peak resident memory (`VmHWM`) is
//! its alone; a second child fits a log of one row, for the fixed part. `DuckDB` runs through
//! its Python package (`pip install duckdb`), timed inside `Python` around the query alone
//! (reading the CSV included). Prints one table, with the machine's load.

#![expect(clippy::print_stdout, reason = "the report is printed")]

use std::fmt::Write as _;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use journey_designer::calibrate::{self, Options};
use journey_designer::format;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(&args[1..]);
        return;
    }
    let (journey, log, options) = parse(&args);
    let size = std::fs::metadata(&log).map_or(0, |m| m.len());
    let fit = run_child(&journey, &log, &args);
    // The fixed part: the same journey and a log of one row.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let tiny = dir.path().join("one.csv");
    let first_lines = std::fs::read_to_string(&log).map_or_else(
        |_| String::new(),
        |t| {
            t.lines().take(2).fold(String::new(), |mut out, l| {
                let _ = writeln!(out, "{l}");
                out
            })
        },
    );
    std::fs::write(&tiny, first_lines).expect("a tiny log");
    let base = run_child(&journey, &tiny, &args);
    let duckdb = duckdb_seconds(&journey, &log, &options);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mb = size as f64 / 1e6;
    let held = (fit.hwm_kb.saturating_sub(base.hwm_kb)) as f64 * 1024.0;
    println!(
        "Calibration ({}, {} events, {:.0} MB)",
        log.display(),
        fit.events,
        mb
    );
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| fit (one run) | {:.2} s ({:.1} M events/s, {:.0} MB/s) |",
        fit.seconds,
        fit.events as f64 / fit.seconds / 1e6,
        mb / fit.seconds
    );
    match duckdb {
        Some(d) => println!(
            "| DuckDB, same counts with the documented SQL (one run) | {d:.2} s; fit ÷ DuckDB = {:.2} |",
            fit.seconds / d
        ),
        None => println!("| DuckDB | not run (python3 with the duckdb package not found) |"),
    }
    println!(
        "| peak resident memory of the fit | {:.1} MB (of a one-row log: {:.1} MB) |",
        fit.hwm_kb as f64 / 1024.0,
        base.hwm_kb as f64 / 1024.0
    );
    println!("| most people held at once | {} |", fit.peak_people);
    if fit.peak_people > 0 {
        println!(
            "| memory above the one-row log per person held | {:.0} bytes |",
            held / fit.peak_people as f64
        );
    }
    println!("| sorted in memory (log out of order) | {} |", fit.sorted);
    println!(
        "| load average (1, 5, 15 min) at the end | {} |",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// What a child fit reported.
struct Measured {
    seconds: f64,
    events: u64,
    peak_people: usize,
    hwm_kb: u64,
    sorted: bool,
}

fn run_child(journey: &Path, log: &Path, args: &[String]) -> Measured {
    let exe = std::env::current_exe().expect("this example's path");
    let mut child_args: Vec<String> = vec![
        "--child".into(),
        journey.display().to_string(),
        log.display().to_string(),
    ];
    child_args.extend(args.iter().skip(2).cloned());
    let output = Command::new(exe)
        .args(&child_args)
        .output()
        .expect("the child runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let value: serde_json::Value = serde_json::from_str(text.trim()).unwrap_or_else(|_| {
        panic!(
            "the child's report: {text} {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    Measured {
        seconds: value["seconds"].as_f64().unwrap_or(0.0),
        events: value["events"].as_u64().unwrap_or(0),
        peak_people: value["peak_people"].as_u64().unwrap_or(0) as usize,
        hwm_kb: value["hwm_kb"].as_u64().unwrap_or(0),
        sorted: value["sorted"].as_bool().unwrap_or(false),
    }
}

/// The child: one fit, then its time, counts and peak memory as one line of JSON.
fn child(args: &[String]) {
    let (journey, log, options) = parse(args);
    let doc = format::load_file(&journey).expect("a journey");
    let start = Instant::now();
    let report = calibrate::fit_logs(&doc, &[log], &options, &mut |_| ControlFlow::Continue(()))
        .expect("the log fits");
    let seconds = start.elapsed().as_secs_f64();
    let hwm_kb = std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!(
        "{}",
        serde_json::json!({
            "seconds": seconds,
            "events": report.events,
            "peak_people": report.peak_people,
            "hwm_kb": hwm_kb,
            "sorted": report.sorted_in_memory,
        })
    );
}

fn parse(args: &[String]) -> (PathBuf, PathBuf, Options) {
    let [journey, log, rest @ ..] = args else {
        eprintln!("usage: calibrate_perf JOURNEY LOG.csv [--period-length 1d] [--lost-after N]");
        std::process::exit(2);
    };
    let mut options = Options::default();
    let mut i = 0;
    while i < rest.len() {
        match (rest[i].as_str(), rest.get(i + 1)) {
            ("--period-length", Some(v)) => {
                options.period_seconds =
                    calibrate::parse_period_length(v).expect("a period length");
            }
            ("--lost-after", Some(v)) => options.lost_after = v.parse().expect("a whole number"),
            (other, _) => panic!("unknown option {other}"),
        }
        i += 2;
    }
    (PathBuf::from(journey), PathBuf::from(log), options)
}

/// `DuckDB`'s time for the documented query on the CSV, or `None` without `DuckDB`.
fn duckdb_seconds(journey: &Path, log: &Path, options: &Options) -> Option<f64> {
    let doc = format::load_file(journey).ok()?;
    let mut rows = Vec::new();
    for (order, step) in doc.steps().iter().enumerate() {
        if step.events.is_empty() {
            rows.push(serde_json::json!([step.id, order, step.id, -1]));
        }
        for (i, p) in step.events.iter().enumerate() {
            rows.push(serde_json::json!([step.id, order, p, i]));
        }
    }
    let sql_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/sql/counts.sql");
    let sql = std::fs::read_to_string(sql_path).ok()?.replace(
        "SELECT 86400 AS period_seconds, 1 AS lost_after",
        &format!(
            "SELECT {} AS period_seconds, {} AS lost_after",
            options.period_seconds, options.lost_after
        ),
    );
    let script = r#"
import duckdb, json, sys, time
rows = json.loads(sys.argv[1]); log = sys.argv[2]; sql = sys.stdin.read()
con = duckdb.connect()
con.execute("CREATE TABLE step_events(step_id VARCHAR, step_order INTEGER, pattern VARCHAR, pattern_order INTEGER)")
con.executemany("INSERT INTO step_events VALUES (?, ?, ?, ?)", rows)
con.execute(f"CREATE VIEW events AS SELECT user_id AS person, CAST(timestamp AS TIMESTAMP) AS ts, event, referred_by AS referrer FROM read_csv('{log}', header = true, all_varchar = true)")
start = time.perf_counter()
n = len(con.execute(sql).fetchall())
print(time.perf_counter() - start)
"#;
    let dir = tempfile::tempdir().ok()?;
    let script_path = dir.path().join("counts.py");
    std::fs::write(&script_path, script).ok()?;
    let mut child = Command::new("python3")
        .arg(&script_path)
        .args([
            serde_json::Value::from(rows).to_string(),
            log.display().to_string(),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    std::io::Write::write_all(child.stdin.as_mut()?, sql.as_bytes()).ok()?;
    drop(child.stdin.take());
    let output = child.wait_with_output().ok()?;
    let seconds = String::from_utf8_lossy(&output.stdout).trim().parse().ok();
    if seconds.is_none() {
        eprintln!(
            "DuckDB ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    seconds
}
