//! The `journey-designer` command: opens the editor, or checks and converts journey files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use journey_designer::format;

/// Journey Designer: customer-journey maps around the service loop.
#[derive(Parser)]
#[command(
    version,
    about,
    after_help = "Examples:\n  \
        journey-designer                       open the editor with the service-loop template\n  \
        journey-designer plans/q3.json         open a journey\n  \
        journey-designer check plans/*.json    check files; exit 1 if any is broken\n  \
        journey-designer convert old.json new.json   rewrite a file in the current format"
)]
struct Cli {
    /// A journey file to open in the editor.
    file: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check journey files; print each problem with where it is, and exit 1 if any file is broken.
    Check {
        /// The files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Read a journey (migrating older versions) and write it to OUT in canonical form.
    ///
    /// The output type follows OUT's extension: `.json` writes a journey file.
    Convert {
        /// The journey to read.
        input: PathBuf,
        /// Where to write.
        output: PathBuf,
    },
}

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
        Some(Command::Convert { input, output }) => {
            convert(&input, &output).map(|()| ExitCode::SUCCESS)
        }
        None => journey_designer::app::run(cli.file).map(|()| ExitCode::SUCCESS),
    }
}

fn check(files: &[PathBuf]) -> ExitCode {
    let mut broken = 0;
    for path in files {
        match format::load_file(path) {
            Ok(doc) => eprintln!(
                "{}: ok ({}, {})",
                path.display(),
                counted(doc.steps().len(), "step"),
                counted(doc.links().len(), "link")
            ),
            Err(err) => {
                broken += 1;
                eprintln!("{}", located(&err));
            }
        }
    }
    if broken == 0 {
        ExitCode::SUCCESS
    } else {
        let total = files.len();
        let verb = if broken == 1 { "is" } else { "are" };
        eprintln!("{broken} of {} {verb} broken", counted(total, "file"));
        ExitCode::FAILURE
    }
}

/// "1 step", "2 steps".
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// One line per problem, each starting with the file's path, as compilers print errors.
fn located(err: &format::FileError) -> String {
    match err {
        format::FileError::Load {
            path,
            source: format::LoadError::Content(errors),
        } => errors
            .iter()
            .map(|e| format!("{}: {e}", path.display()))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

fn convert(input: &std::path::Path, output: &std::path::Path) -> anyhow::Result<()> {
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("json") => {}
        Some(other) => anyhow::bail!(
            "cannot write {}: unknown output type \".{other}\"; use .json",
            output.display()
        ),
        None => anyhow::bail!(
            "cannot write {}: give the output file an extension such as .json",
            output.display()
        ),
    }
    let doc = format::load_file(input).map_err(|e| anyhow::anyhow!(located(&e)))?;
    format::save_file(output, &doc)
        .with_context(|| format!("cannot write {}", output.display()))?;
    Ok(())
}
