//! The round trip at scale: logs sampled from the templates and generated journeys with many
//! seeds, fitted; how often the numbers they were drawn from lie inside the 95 % intervals,
//! and how the error shrinks as the logs grow. The quick version runs in `cargo test`
//! (tests/calibrate/roundtrip.rs).
//!
//! ```text
//! cargo run --release --example calibrate_roundtrip -- [SEEDS] [PEOPLE]
//! ```

#![expect(clippy::print_stdout, reason = "the report is printed")]
#![expect(
    clippy::cast_precision_loss,
    reason = "counts of checks and people, far below 2^53"
)]

use std::io::BufWriter;
use std::ops::ControlFlow;

use journey_designer::calibrate::sample::{self, LogFormat, Plan};
use journey_designer::calibrate::{self, Observed, Options};
use journey_designer::format;
use journey_designer::model::{Document, generate};

/// The number a log was drawn from, whether it counts towards coverage, and its estimate.
type Check = (f64, bool, Option<Observed>);

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let seeds = args.first().copied().unwrap_or(40);
    let people = args.get(1).copied().unwrap_or(20_000);
    let mut journeys: Vec<(String, Document)> = format::TEMPLATES
        .iter()
        .filter_map(|t| Some((t.name.to_owned(), t.load().ok()?)))
        .collect();
    for seed in [3, 8, 13] {
        let doc = generate::with_numbers(&generate::journey(20, 30, seed));
        journeys.push((format!("generated {seed}"), doc));
    }
    for (_, doc) in &mut journeys {
        doc.audience.size = None;
    }
    println!("Coverage of the 95 % intervals ({seeds} seeds, {people} people, 24 daily periods)");
    println!("| journey | numbers checked | inside | coverage |");
    println!("|---|---|---|---|");
    let (mut all_inside, mut all_total) = (0usize, 0usize);
    for (name, doc) in &journeys {
        let (mut inside, mut total) = (0usize, 0usize);
        for seed in 1..=seeds {
            for (truth, counts, observed) in round_trip(doc, people, 24, seed) {
                if let (true, Some(o)) = (counts, observed) {
                    total += 1;
                    inside += usize::from(!o.excludes(truth));
                }
            }
        }
        all_inside += inside;
        all_total += total;
        println!(
            "| {name} | {total} | {inside} | {:.3} |",
            inside as f64 / total as f64
        );
    }
    println!(
        "| all | {all_total} | {all_inside} | {:.3} |",
        all_inside as f64 / all_total as f64
    );
    println!();
    println!(
        "Mean absolute error of the shares and counts, {}",
        journeys[0].0
    );
    println!("| people | mean error |");
    println!("|---|---|");
    for n in [1_000, 10_000, 100_000, 1_000_000] {
        let checks = round_trip(&journeys[0].1, n, 24, 7);
        let errors: Vec<f64> = checks
            .iter()
            .filter(|(truth, _, _)| *truth > 0.0 && *truth < 1.0)
            .filter_map(|(truth, _, o)| o.map(|o| (o.value - truth).abs()))
            .collect();
        println!(
            "| {n} | {:.5} |",
            errors.iter().sum::<f64>() / errors.len() as f64
        );
    }
}

/// Samples, fits, and pairs each number the journey was drawn with with its estimate.
fn round_trip(doc: &Document, people: u64, periods: usize, seed: u64) -> Vec<Check> {
    let options = sample::Options {
        seed,
        ..sample::Options::new(people, periods)
    };
    let Ok(plan) = Plan::new(doc, &options) else {
        return Vec::new();
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("log.csv");
    let mut file = BufWriter::new(std::fs::File::create(&path).expect("a log file"));
    plan.write(&mut file, LogFormat::Csv)
        .expect("the log is written");
    drop(file);
    let fit_options = Options {
        period_seconds: options.period_seconds,
        ..Options::default()
    };
    let report = calibrate::fit_logs(doc, &[path], &fit_options, &mut |_| {
        ControlFlow::Continue(())
    })
    .expect("the log fits");
    let counts = |o: Option<Observed>, share: bool, truth: f64| {
        o.is_some_and(|o| o.count >= 30) && truth > 0.0 && (!share || truth < 1.0)
    };
    let mut checks = Vec::new();
    for (step, fitted) in doc.steps().iter().zip(&report.steps) {
        let stay = step.stay.unwrap_or(0.0);
        checks.push((stay, counts(fitted.stay, true, stay), fitted.stay));
        let referrals = step.referrals.unwrap_or(0.0);
        checks.push((
            referrals,
            counts(fitted.referrals, false, referrals),
            fitted.referrals,
        ));
    }
    for fitted in &report.links {
        let rate = doc.link(&fitted.id).and_then(|l| l.rate).unwrap_or(0.0);
        checks.push((rate, counts(fitted.rate, true, rate), fitted.rate));
    }
    for (k, &tell) in plan.tells().iter().enumerate() {
        let mean = (2..=periods).map(|t| plan.reach(t)[k]).sum::<f64>() / (periods - 1) as f64;
        let fitted = report.steps[tell as usize].reach;
        checks.push((mean, counts(fitted, false, mean), fitted));
    }
    checks
}
