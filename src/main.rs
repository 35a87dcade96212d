//! The `journey-designer` command: opens the editor, or checks and converts journey files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use journey_designer::{calibrate, compare, export, format, import, model, simulation};

/// Journey Designer: customer-journey maps around the service loop.
#[derive(Parser)]
#[command(
    version,
    about,
    after_help = "Examples:\n  \
        journey-designer                       open the editor with the service-loop template\n  \
        journey-designer plans/q3.json         open a journey\n  \
        journey-designer check plans/*.json    check files; exit 1 if any is broken\n  \
        journey-designer convert old.json new.json   rewrite a file in the current format\n  \
        journey-designer convert plan.json plan.png --scale 3   a picture for slides\n  \
        journey-designer convert plan.json plan.pdf --page a4   a page to print\n  \
        journey-designer convert plan.json plan.mmd  Mermaid text for a wiki\n  \
        journey-designer convert wiki.mmd plan.json --stage \"Go to work=experience\"   a journey from Mermaid\n  \
        journey-designer convert plan.json talk.pdf --slides   one page per slide\n  \
        journey-designer diff old.json new.json   what changed, by step and field\n  \
        journey-designer merge base.json ours.json theirs.json -o ours.json   a three-way merge\n  \
        journey-designer convert plan.json future.svg --view map --to-be   the to-be journey map\n  \
        journey-designer simulate plans/q3.json --periods 24 --scenario \"as drawn\" --scenario crisis\n  \
        journey-designer sample plans/q3.json --people 10000 --periods 52 --period-length 1w --out events.csv   a test log\n  \
        journey-designer fit plans/q3.json events.csv.gz --period-length 1d   fit the numbers to an event log"
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
    /// Read a journey (migrating older versions), a Mermaid journey diagram or a CSV table of
    /// steps, and write it to OUT, as a journey file or an export.
    ///
    /// The input type follows IN's extension: `.mmd` or `.mermaid` a Mermaid `journey`, `.csv`
    /// (or `.tsv`) a table of steps, anything else a journey file. The output type follows
    /// OUT's extension: `.json` a journey file in canonical form, `.svg`, `.png` and `.pdf` a
    /// picture, `.mmd` a Mermaid journey diagram, `.csv` a table of the steps. OUT is replaced
    /// only when everything succeeded.
    Convert {
        /// The journey to read.
        input: PathBuf,
        /// Where to write.
        output: PathBuf,
        /// The view a picture shows (.svg, .png, .pdf).
        #[arg(long, value_enum)]
        view: Option<ViewArg>,
        /// Pixels per canvas unit in a PNG, from 0.1 to 16 [default: 2].
        #[arg(long)]
        scale: Option<f32>,
        /// The page of a PDF: sized to the picture, or A4 or Letter landscape with the
        /// picture scaled to fit [default: fit].
        #[arg(long, value_enum)]
        page: Option<PageArg>,
        /// Show the marketing frame in a box beside the canvas (.svg, .png, .pdf; canvas view).
        #[arg(long)]
        frame: bool,
        /// Draw the to-be journey map: each step's to-be title, notes and emotion, today's
        /// curve dashed beside it (.svg, .png, .pdf; map view).
        #[arg(long)]
        to_be: bool,
        /// One PDF page per slide, as View ▸ Present shows them: the bookmarks in order, or
        /// the frame, each stage and the whole loop (.pdf).
        #[arg(long)]
        slides: bool,
        /// The stage a Mermaid section (or a CSV stage cell) that is not named after one
        /// stands for, as SECTION=STAGE; give it once per section.
        #[arg(long = "stage", value_name = "SECTION=STAGE")]
        stages: Vec<String>,
        /// The column of a CSV to read a field from, as FIELD=HEADER (fields: id, stage,
        /// title, notes, emotion, channels, touchpoints, `pain_points`, opportunities,
        /// personas, `leads_to`).
        #[arg(long = "column", value_name = "FIELD=HEADER")]
        columns: Vec<String>,
    },
    /// Say what changed between two journeys, by meaning: steps, links, personas, scenarios
    /// and the frame added, removed or changed field by field, named by id and title.
    ///
    /// Exits 0 when they are the same, 1 when they differ, 2 when a file cannot be read.
    Diff {
        /// The older version.
        old: PathBuf,
        /// The newer version.
        new: PathBuf,
        /// Also report steps that moved on the canvas and the saved view.
        #[arg(long)]
        positions: bool,
        /// How to print the changes.
        #[arg(long, value_enum, default_value_t = DiffOutput::Text)]
        format: DiffOutput,
    },
    /// Merge two versions of a journey edited from a common one, by id and field by field.
    ///
    /// Edits of different fields or different steps combine; a field both changed
    /// differently is a conflict, printed with its place and both values, and the merged
    /// journey keeps ours. The result is always a valid journey. Exits 0 on a clean merge, 1
    /// when there were conflicts, 2 when a file cannot be read. As git's merge driver:
    /// `journey-designer merge %O %A %B -o %A`.
    Merge {
        /// The common version both started from (an empty file: none).
        base: PathBuf,
        /// Our version; it wins conflicts.
        ours: PathBuf,
        /// Their version.
        theirs: PathBuf,
        /// Where to write the merged journey [default: standard output].
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print a journey as lines of `place: value`, one per field, named by id: git's textconv
    /// for a semantic `git diff`.
    Textconv {
        /// The journey.
        file: PathBuf,
        /// Also print positions and the saved view.
        #[arg(long)]
        positions: bool,
    },
    /// Run the journey's numbers period by period: people reached, purchases, where it leaks.
    ///
    /// Prints the per-period table and the summary (viral coefficient K, leaks, links to
    /// improve first). Steps whose links and stay add up to more than 1 are named instead.
    Simulate {
        /// The journey to simulate.
        file: PathBuf,
        /// How many periods to run.
        #[arg(long, default_value_t = 52, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        periods: u32,
        /// A scenario to run ("as drawn" for the journey's own numbers); give several to
        /// compare them. Without one, the journey runs as drawn.
        #[arg(long = "scenario", value_name = "NAME")]
        scenarios: Vec<String>,
        /// How to print the result.
        #[arg(long, value_enum, default_value_t = Output::Table)]
        format: Output,
        /// In the table, one column of people per step (headed by its id) instead of one
        /// per stage. CSV and JSON always have both.
        #[arg(long)]
        by_step: bool,
        /// People placed at the tell steps before the first period (split as marketing
        /// brings people in), counted as reached.
        #[arg(long, default_value_t = 0.0, value_parser = seed_value)]
        seed: f64,
    },
    /// Write an event log drawn at random from the journey's own numbers: the log a team
    /// would have if the journey were exactly right, to test an analytics pipeline or `fit`.
    ///
    /// People are reached by marketing and by word of mouth, move along links, stay and leave
    /// period by period as the simulation has it; each person at a step makes one event there
    /// per period, at a time within the period, named by the step's first exact event name
    /// (else its id); a newcomer brought by word of mouth names who brought them in
    /// `referred_by` on their first event. With --people, the journey's reach and audience are
    /// scaled so that PEOPLE are reached on average (the reach used is printed on the error
    /// output); every share stays as drawn. The same seed gives
    /// the same log. Written as it is drawn: memory follows the people in the journey at
    /// once, not the log.
    Sample {
        /// The journey to draw from.
        file: PathBuf,
        /// People reached over the run, on average: the journey's reach and audience are
        /// scaled to reach them [default: as many as the journey's own reach brings].
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        people: Option<u64>,
        /// How many periods the log covers.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        periods: u32,
        /// The seed of the random draws.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// The length of a period: a whole number of hours, days or weeks (12h, 1d, 1w).
        #[arg(long, default_value = "1d", value_parser = calibrate::parse_period_length)]
        period_length: u64,
        /// The day the log starts (UTC), moved on to the next whole period since 1970-01-01.
        #[arg(long, default_value = "2025-01-01", value_parser = calibrate::sample::parse_date)]
        start: i64,
        /// How to write the events: CSV with a header, or JSON Lines.
        #[arg(long, value_enum, default_value_t = LogOutput::Csv)]
        format: LogOutput,
        /// Where to write the log (replaced only once it is complete) [default: standard
        /// output].
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Fit the journey's numbers to an event log: each step's stay, reach and referrals and
    /// each link's rate with a 95 % interval, against the drawn numbers.
    ///
    /// Each step's `events` say which events mean a person is there. Prints drawn against
    /// observed (biggest differences first), where the loop leaks with each step's removal
    /// effect, the steps no event maps to and the most frequent events no step maps. A bad
    /// row stops the fit with its place (`file:line:column`) unless --skip-bad-rows.
    Fit(FitArgs),
}

/// The formats of `sample`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum LogOutput {
    /// Comma-separated values: `user_id,timestamp,event,referred_by`.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// The options of `fit`.
#[derive(clap::Args)]
struct FitArgs {
    /// The journey whose numbers to fit.
    journey: PathBuf,
    /// The event logs, read one after the other as one log: CSV or TSV with a header, JSON
    /// Lines, or either compressed with gzip (.gz).
    logs: Vec<PathBuf>,
    /// The length of a period of the journey: <N>h, <N>d or <N>w.
    #[arg(long, value_name = "LENGTH", value_parser = calibrate::parse_period_length)]
    period_length: u64,
    /// The column naming the person (found by its usual name without this).
    #[arg(long, value_name = "COLUMN")]
    person: Option<String>,
    /// The column holding the time.
    #[arg(long, value_name = "COLUMN")]
    time: Option<String>,
    /// The column holding the event's name.
    #[arg(long, value_name = "COLUMN")]
    event: Option<String>,
    /// The column naming who referred the person.
    #[arg(long, value_name = "COLUMN")]
    referrer: Option<String>,
    /// Periods in a row without a mapped event after which a person has left.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    lost_after: u32,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Output::Table)]
    format: Output,
    /// Write the journey with the fitted numbers to this file (replaced only on success).
    #[arg(long, value_name = "FITTED.json")]
    out: Option<PathBuf>,
    /// With --out: add the fitted numbers as this scenario (usually "observed"), leaving the
    /// drawn numbers alone.
    #[arg(long, value_name = "NAME")]
    scenario: Option<String>,
    /// Count and skip bad rows instead of stopping at the first.
    #[arg(long)]
    skip_bad_rows: bool,
    /// Fit to a table of counts (as the SQL of docs/calibration.md computes it) instead of
    /// logs.
    #[arg(long, value_name = "COUNTS.csv", conflicts_with = "logs")]
    counts: Option<PathBuf>,
    /// Also write the table of counts the logs give to this file.
    #[arg(long, value_name = "COUNTS.csv", conflicts_with = "counts")]
    write_counts: Option<PathBuf>,
}

/// The output formats of `simulate`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Output {
    /// An aligned table and the summary, for a terminal.
    Table,
    /// One row per scenario and period, with the people at and lost at each step.
    Csv,
    /// Everything, for programs.
    Json,
}

/// The output formats of `diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffOutput {
    /// One line per change.
    Text,
    /// The changes as JSON.
    Json,
}

/// `--view`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ViewArg {
    /// Cards and arrows where they were placed.
    Canvas,
    /// Stages as columns, lanes and the emotion curve.
    Map,
}

/// `--page`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum PageArg {
    /// A page the size of the picture.
    Fit,
    /// A4 landscape.
    A4,
    /// US Letter landscape.
    Letter,
}

/// The options of `convert` beyond its two files.
struct ConvertOptions {
    view: Option<ViewArg>,
    scale: Option<f32>,
    page: Option<PageArg>,
    frame: bool,
    slides: bool,
    stages: Vec<String>,
    columns: Vec<String>,
    to_be: bool,
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
        }) => {
            let options = calibrate::sample::Options {
                people,
                periods: periods as usize,
                seed,
                period_seconds: period_length,
                start,
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

fn fit(args: &FitArgs) -> anyhow::Result<ExitCode> {
    if args.scenario.is_some() && args.out.is_none() {
        anyhow::bail!("--scenario needs --out FITTED.json: the file the scenario is added to");
    }
    if args.logs.is_empty() && args.counts.is_none() {
        anyhow::bail!("give the event logs to fit to, or --counts COUNTS.csv");
    }
    let doc = load(&args.journey)?;
    let mut written_counts = None;
    let options = calibrate::Options {
        period_seconds: args.period_length,
        columns: calibrate::Columns {
            person: args.person.clone(),
            time: args.time.clone(),
            event: args.event.clone(),
            referrer: args.referrer.clone(),
        },
        lost_after: args.lost_after,
        skip_bad_rows: args.skip_bad_rows,
    };
    let fitted = if let Some(path) = &args.counts {
        calibrate::fit_counts(&doc, path, &options)
    } else {
        let mut no_progress = |_| std::ops::ControlFlow::Continue(());
        calibrate::count_logs(&doc, &args.logs, &options, &mut no_progress)
            .map(|(counts, facts)| {
                let report = calibrate::fit::fit(
                    &doc,
                    &counts,
                    options.lost_after,
                    options.period_seconds,
                    facts,
                );
                (report, Some(counts))
            })
            .map(|(report, counts)| {
                written_counts = counts;
                report
            })
    };
    if let (Some(path), Some(counts)) = (&args.write_counts, &written_counts) {
        format::write_atomic(path, counts.to_csv().as_bytes()).map_err(|e| {
            anyhow::anyhow!("cannot write {}: {}", path.display(), format::io_reason(&e))
        })?;
    }
    let report = match fitted {
        Ok(report) => report,
        Err(err) => {
            // A located error, as `check` prints them: the place first.
            eprintln!("{err}");
            return Ok(ExitCode::FAILURE);
        }
    };
    if let Some(out) = &args.out {
        let fitted = report.fitted();
        let edit = match &args.scenario {
            Some(name) => model::builders::observed_scenario(&doc, &fitted, name),
            None => model::builders::use_observed(&doc, &fitted),
        }
        .map_err(|e| anyhow::anyhow!("nothing written to {}: {e}", out.display()))?;
        let mut result = doc.clone();
        let _undo = edit
            .apply(&mut result)
            .map_err(|e| anyhow::anyhow!("nothing written to {}: {e}", out.display()))?;
        format::write_atomic(out, format::to_string(&result).as_bytes()).map_err(|e| {
            anyhow::anyhow!("cannot write {}: {}", out.display(), format::io_reason(&e))
        })?;
    }
    let text = match args.format {
        Output::Table => calibrate::render::table(&report),
        Output::Csv => calibrate::render::csv(&report),
        Output::Json => format!("{:#}\n", calibrate::render::json(&report)),
    };
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, text.as_bytes()).context("cannot write the report")?;
    Ok(ExitCode::SUCCESS)
}

fn check(files: &[PathBuf]) -> ExitCode {
    let mut broken = 0;
    for path in files {
        match format::load_file(path) {
            Ok(doc) => {
                eprintln!(
                    "{}: ok ({}, {})",
                    path.display(),
                    model::plural(doc.steps().len(), "step"),
                    model::plural(doc.links().len(), "link")
                );
                // Valid files that cannot be simulated as they stand: warnings, not errors.
                for warning in model::flow_warnings(&doc) {
                    eprintln!("{}: warning: {warning}", path.display());
                }
            }
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
        eprintln!("{broken} of {} {verb} broken", model::plural(total, "file"));
        ExitCode::FAILURE
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

fn convert(
    input: &std::path::Path,
    output: &std::path::Path,
    options: &ConvertOptions,
) -> anyhow::Result<()> {
    let format = match output.extension().and_then(|e| e.to_str()) {
        Some(extension) => export::Format::from_extension(extension).ok_or_else(|| {
            anyhow::anyhow!(
                "cannot write {}: unknown output type \".{extension}\"; use one of {}",
                output.display(),
                export::Format::extension_list()
            )
        })?,
        None => anyhow::bail!(
            "cannot write {}: give the output file an extension, one of {}",
            output.display(),
            export::Format::extension_list()
        ),
    };
    let export_options = export_options(format, options)?;
    let kind = import::Kind::from_path(input);
    let import_options = import_options(kind, options)?;
    let doc = match kind {
        Some(kind) => read_import(input, kind, &import_options)?,
        None => format::load_file(input).map_err(|e| anyhow::anyhow!(located(&e)))?,
    };
    export::write_file(output, &doc, format, &export_options)?;
    Ok(())
}

/// The import options from `--stage` and `--column`, which apply to Mermaid and CSV input
/// only.
fn import_options(
    kind: Option<import::Kind>,
    given: &ConvertOptions,
) -> anyhow::Result<import::Options> {
    let mut options = import::Options::default();
    if kind.is_none() && !given.stages.is_empty() {
        anyhow::bail!("--stage applies to Mermaid (.mmd) and CSV (.csv) input only");
    }
    if kind != Some(import::Kind::Csv) && !given.columns.is_empty() {
        anyhow::bail!("--column applies to CSV (.csv) input only");
    }
    for mapping in &given.stages {
        let Some((section, stage)) = mapping.rsplit_once('=') else {
            anyhow::bail!(
                "--stage {mapping:?}: write SECTION=STAGE, such as --stage \"Go to work=experience\""
            );
        };
        let Some(stage) = import::stage_named(stage) else {
            anyhow::bail!(
                "--stage {mapping:?}: {stage:?} is not a stage; use one of tell, buy, experience, care, delight, word_of_mouth"
            );
        };
        options.stages.push((section.trim().to_owned(), stage));
    }
    for mapping in &given.columns {
        let Some((field, header)) = mapping.split_once('=') else {
            anyhow::bail!("--column {mapping:?}: write FIELD=HEADER, such as --column title=Name");
        };
        let Some(field) = import::table::Field::from_name(field) else {
            anyhow::bail!(
                "--column {mapping:?}: {field:?} is not a field; use one of {}",
                import::table::Field::names()
            );
        };
        options.columns.push((field, header.trim().to_owned()));
    }
    Ok(options)
}

/// Reads a Mermaid or CSV file into a journey; what it could not hold is printed as notes
/// with the file's path and line.
fn read_import(
    path: &std::path::Path,
    kind: import::Kind,
    options: &import::Options,
) -> anyhow::Result<model::Document> {
    let bytes = std::fs::read(path).map_err(|e| {
        anyhow::anyhow!("cannot read {}: {}", path.display(), format::io_reason(&e))
    })?;
    match import::import_bytes(kind, &bytes, options) {
        Ok(imported) => {
            for note in &imported.notes {
                eprintln!("{}:{}: note: {}", path.display(), note.line, note.message);
            }
            Ok(imported.document)
        }
        Err(err) => {
            let lines: Vec<String> = err
                .problems
                .iter()
                .map(|p| format!("{}:{}:{}: {}", path.display(), p.line, p.column, p.message))
                .collect();
            Err(anyhow::anyhow!(lines.join("\n")))
        }
    }
}

/// Exit status 2 for trouble, where 1 has another meaning; the error is printed.
fn or_trouble(result: anyhow::Result<ExitCode>) -> ExitCode {
    result.unwrap_or_else(|err| {
        eprintln!("journey-designer: {err:#}");
        ExitCode::from(2)
    })
}

fn load(path: &std::path::Path) -> anyhow::Result<model::Document> {
    format::load_file(path).map_err(|e| anyhow::anyhow!(located(&e)))
}

fn diff(
    old: &std::path::Path,
    new: &std::path::Path,
    positions: bool,
    output: DiffOutput,
) -> anyhow::Result<ExitCode> {
    let (a, b) = (load(old)?, load(new)?);
    let diff = compare::diff(&a, &b, positions);
    let text = match output {
        DiffOutput::Text => diff.text(),
        DiffOutput::Json => format!("{:#}\n", diff.json()),
    };
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, text.as_bytes()).context("cannot write the changes")?;
    Ok(if diff.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn merge(
    base: &std::path::Path,
    ours: &std::path::Path,
    theirs: &std::path::Path,
    output: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    // git gives an empty file as the base when both sides added the journey.
    let base_is_empty = std::fs::metadata(base).is_ok_and(|m| m.len() == 0);
    let base = if base_is_empty {
        model::Document::default()
    } else {
        load(base)?
    };
    let (ours, theirs) = (load(ours)?, load(theirs)?);
    let merged = compare::merge(&base, &ours, &theirs);
    let text = format::to_string(&merged.document);
    if let Some(path) = output {
        format::write_atomic(path, text.as_bytes()).map_err(|e| {
            anyhow::anyhow!("cannot write {}: {}", path.display(), format::io_reason(&e))
        })?;
    } else {
        let mut stdout = std::io::stdout().lock();
        std::io::Write::write_all(&mut stdout, text.as_bytes())
            .context("cannot write the merged journey")?;
    }
    if merged.conflicts.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "journey-designer: {}; the merged journey keeps ours at each:",
        model::plural(merged.conflicts.len(), "conflict")
    );
    for conflict in &merged.conflicts {
        eprintln!("  {}", conflict.describe());
    }
    Ok(ExitCode::from(1))
}

fn textconv(path: &std::path::Path, positions: bool) -> anyhow::Result<()> {
    let doc = load(path)?;
    let text = compare::lines(&doc, positions);
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, text.as_bytes()).context("cannot write the journey")?;
    Ok(())
}

/// `--seed`: a finite number of people, 0 or more.
fn seed_value(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if model::is_count(x) => Ok(x),
        _ => Err(format!(
            "expected a number of people, 0 or more, not {text:?}"
        )),
    }
}

/// What `simulate` was asked for.
struct SimulateRun<'a> {
    periods: usize,
    scenarios: &'a [String],
    output: Output,
    by_step: bool,
    seed: f64,
}

fn simulate(path: &std::path::Path, asked: &SimulateRun<'_>) -> anyhow::Result<()> {
    if asked.by_step && !matches!(asked.output, Output::Table) {
        anyhow::bail!("--by-step applies to the table only; CSV and JSON have every step");
    }
    let doc = format::load_file(path).map_err(|e| anyhow::anyhow!(located(&e)))?;
    let names: Vec<&str> = if asked.scenarios.is_empty() {
        vec![simulation::AS_DRAWN]
    } else {
        asked.scenarios.iter().map(String::as_str).collect()
    };
    let options = simulation::Options {
        periods: asked.periods,
        seed: asked.seed,
        record_steps: asked.by_step || !matches!(asked.output, Output::Table),
        rank_links: true,
    };
    let mut outcomes = Vec::with_capacity(names.len());
    for name in names {
        let outcome = simulation::simulate(&doc, Some(name), &options)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        outcomes.push(outcome);
    }
    let text = match asked.output {
        Output::Table if asked.by_step => simulation::report::table_by_step(&doc, &outcomes),
        Output::Table => simulation::report::table(&doc, &outcomes),
        Output::Csv => simulation::report::csv(&doc, &outcomes)?,
        Output::Json => simulation::report::json(&doc, &outcomes),
    };
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, text.as_bytes()).context("cannot write the result")?;
    // A run that stopped early still prints the periods it has; the warning says why.
    for outcome in &outcomes {
        if let Some(why) = simulation::report::runaway_text(outcome) {
            eprintln!("{}: warning: {:?}: {why}", path.display(), outcome.scenario);
        }
    }
    Ok(())
}

/// Draws a log from the journey at `path` and writes it to `out` (atomically: the file
/// appears once complete) or to standard output.
fn sample(
    path: &std::path::Path,
    options: &calibrate::sample::Options,
    format: calibrate::sample::LogFormat,
    out: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let doc = load(path)?;
    let plan = calibrate::sample::Plan::new(&doc, options)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    if plan.scale() != 1.0 {
        // A fit of the log finds the reach drawn from, not the journey's: say which it is.
        let reach: Vec<String> = plan
            .tells()
            .iter()
            .zip(plan.reach(1))
            .map(|(&t, r)| format!("{:?} {r:.1}", doc.steps()[t as usize].id))
            .collect();
        eprintln!(
            "{}: note: reach scaled by {:.4} to reach {} people: {} per period at first",
            path.display(),
            plan.scale(),
            options.people.unwrap_or_default(),
            reach.join(", ")
        );
    }
    let Some(out) = out else {
        let mut stdout = std::io::stdout().lock();
        return match plan.write(&mut stdout, format) {
            // A reader that stops early (`| head`) has all it wanted.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map(drop).context("cannot write the log"),
        };
    };
    let cannot = |e: std::io::Error| {
        anyhow::anyhow!("cannot write {}: {}", out.display(), format::io_reason(&e))
    };
    let written =
        format::write_atomic_streamed(out, |file| plan.write(file, format)).map_err(cannot)?;
    let people = match written.people {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    };
    eprintln!(
        "{}: {} of {people} over {} ({:.1} MB)",
        out.display(),
        model::plural(written.events as usize, "event"),
        model::plural(options.periods, "period"),
        written.bytes as f64 / 1e6
    );
    Ok(())
}

/// The export options for `format`; an option that does not apply to it is an error, so a
/// mistyped extension is not silently ignored.
fn export_options(
    format: export::Format,
    given: &ConvertOptions,
) -> anyhow::Result<export::Options> {
    let applies = |flag: &str, yes: bool, to: &str| {
        if yes {
            Ok(())
        } else {
            Err(anyhow::anyhow!(
                "{flag} applies to {to} output only, not to .{}",
                format.extension()
            ))
        }
    };
    let mut options = export::Options::default();
    if let Some(view) = given.view {
        applies("--view", format.is_picture(), ".svg, .png and .pdf")?;
        options.view = match view {
            ViewArg::Canvas => export::View::Canvas,
            ViewArg::Map => export::View::Map,
        };
    }
    if given.frame {
        applies("--frame", format.is_picture(), ".svg, .png and .pdf")?;
        if options.view != export::View::Canvas {
            anyhow::bail!("--frame applies to the canvas view only, not to --view map");
        }
        options.frame = true;
    }
    if given.to_be {
        applies("--to-be", format.is_picture(), ".svg, .png and .pdf")?;
        if options.view != export::View::Map {
            anyhow::bail!("--to-be applies to the journey map only; add --view map");
        }
        options.to_be = true;
    }
    if let Some(scale) = given.scale {
        applies("--scale", format == export::Format::Png, ".png")?;
        options.scale = scale;
    }
    if given.slides {
        applies("--slides", format == export::Format::Pdf, ".pdf")?;
        if options.view != export::View::Canvas || options.frame {
            anyhow::bail!(
                "--slides shows the canvas as presented; leave out --view map and --frame"
            );
        }
        options.slides = true;
    }
    if let Some(page) = given.page {
        applies("--page", format == export::Format::Pdf, ".pdf")?;
        options.page = match page {
            PageArg::Fit => export::Page::Fit,
            PageArg::A4 => export::Page::A4,
            PageArg::Letter => export::Page::Letter,
        };
    }
    Ok(options)
}
