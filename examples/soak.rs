//! The loader's soak: `cargo run --release --example soak -- --cases 1000000 [--seed S]
//! [--out DIR]`.
//!
//! Mutates the templates and `tests/corpus/good/*.json` and feeds each case to the loader
//! and to both readers in this process (see `journey_designer::format::soak`). Stops at the
//! first panic or broken promise, writes the input that caused it to `DIR/soak-case-N.json`
//! (with `soak-case-N.txt` saying how it was made and what broke) and exits with status 1.
//! `--case N` replays one case; `--first N` starts the run at case N.

#![expect(clippy::print_stdout, reason = "the soak reports on the terminal")]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use journey_designer::format::soak::{self, Mutator};

#[derive(Parser)]
#[command(about = "Feeds mutated journey files to the loader until one breaks a promise")]
struct Args {
    /// How many cases to run.
    #[arg(long, default_value_t = 1_000_000)]
    cases: u64,
    /// The run's seed: the same seed gives the same cases.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The first case number.
    #[arg(long, default_value_t = 0)]
    first: u64,
    /// Runs only this case (and writes it to the output folder).
    #[arg(long)]
    case: Option<u64>,
    /// Where the input of a failing case is written.
    #[arg(long, default_value = "target/soak")]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/good");
    let files = match soak::files_in(&corpus) {
        Ok(files) => files,
        Err(err) => {
            println!("cannot read the good corpus {}: {err}", corpus.display());
            return ExitCode::FAILURE;
        }
    };
    let mutator = Mutator::new(args.seed, files);
    if let Some(number) = args.case {
        let case = mutator.case(number);
        println!("case {number}: {}", case.description);
        let finding = soak::Finding {
            problem: match soak::check(&case.bytes) {
                Ok(verdict) => format!("none ({verdict:?})"),
                Err(problem) => problem,
            },
            case,
        };
        println!("{}", finding.problem);
        return match finding.write_to(&args.out) {
            Ok(path) => {
                println!("input written to {}", path.display());
                ExitCode::SUCCESS
            }
            Err(err) => {
                println!("cannot write to {}: {err}", args.out.display());
                ExitCode::FAILURE
            }
        };
    }
    println!(
        "seed {}: {} systematic cases (every path, every type), then random mutations",
        args.seed,
        mutator.systematic_cases()
    );
    let start = Instant::now();
    let step = (args.cases / 20).max(1);
    let result = soak::run(&mutator, args.first..args.first + args.cases, |tally| {
        if tally.cases % step == 0 {
            println!(
                "{:>9} cases, {:>8} accepted, {:>9} refused, {:.0} s",
                tally.cases,
                tally.accepted,
                tally.rejected,
                start.elapsed().as_secs_f64()
            );
        }
    });
    let seconds = start.elapsed().as_secs_f64();
    match result {
        Ok(tally) => {
            println!(
                "passed: {} cases ({} accepted, {} refused) in {seconds:.1} s, {:.0} cases/s",
                tally.cases,
                tally.accepted,
                tally.rejected,
                tally.cases as f64 / seconds.max(1e-9)
            );
            ExitCode::SUCCESS
        }
        Err(finding) => {
            println!(
                "FAILED at case {} after {seconds:.1} s: {}\nmade from: {}",
                finding.case.number, finding.problem, finding.case.description
            );
            match finding.write_to(&args.out) {
                Ok(path) => println!("input written to {}", path.display()),
                Err(err) => println!("cannot write to {}: {err}", args.out.display()),
            }
            ExitCode::FAILURE
        }
    }
}
