//! The `journey-designer` command: opens the editor, or checks and converts journey files.

mod cli;

use std::process::ExitCode;

use clap::Parser as _;
use journey_designer::calibrate;

use cli::args::{Cli, Command, ConvertOptions, LogOutput};
use cli::files::{check, convert, diff, merge, or_trouble, textconv};
use cli::numbers::{SimulateRun, fit, sample, simulate};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("journey-designer: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Check { files }) => Ok(check(&files)),
        Some(Command::Convert {
            input,
            output,
            view,
            scale,
            page,
            frame,
            slides,
            stages,
            columns,
            to_be,
        }) => {
            let options = ConvertOptions {
                view,
                scale,
                page,
                frame,
                slides,
                stages,
                columns,
                to_be,
            };
            convert(&input, &output, &options).map(|()| ExitCode::SUCCESS)
        }
        // Status 1 means "different" or "conflicts" here, so trouble is 2.
        Some(Command::Diff {
            old,
            new,
            positions,
            format,
        }) => Ok(or_trouble(diff(&old, &new, positions, format))),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            output,
        }) => Ok(or_trouble(merge(&base, &ours, &theirs, output.as_deref()))),
        Some(Command::Textconv { file, positions }) => {
            textconv(&file, positions).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Simulate {
            file,
            periods,
            scenarios,
            format,
            by_step,
            seed,
        }) => {
            let run = SimulateRun {
                periods: periods as usize,
                scenarios: &scenarios,
                output: format,
                by_step,
                seed,
            };
            simulate(&file, &run).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Sample {
            file,
            people,
            periods,
            seed,
            period_length,
            start,
            format,
            out,
            scenario,
        }) => {
            let options = calibrate::sample::Options {
                people,
                periods: periods as usize,
                seed,
                period_seconds: period_length,
                start,
                scenario,
            };
            let format = match format {
                LogOutput::Csv => calibrate::sample::LogFormat::Csv,
                LogOutput::Jsonl => calibrate::sample::LogFormat::JsonLines,
            };
            sample(&file, &options, format, out.as_deref()).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Fit(args)) => fit(&args),
        None => journey_designer::app::run(cli.file).map(|()| ExitCode::SUCCESS),
    }
}
