//! The command line's words: its commands, their options and the values they take.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use journey_designer::{calibrate, model};

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
pub(crate) struct Cli {
    /// A journey file to open in the editor.
    pub(crate) file: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        /// Draw the people under this scenario's numbers (in the periods it applies to)
        /// [default: the journey as drawn].
        #[arg(long, value_name = "NAME")]
        scenario: Option<String>,
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
pub(crate) enum LogOutput {
    /// Comma-separated values: `user_id,timestamp,event,referred_by`.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// The options of `fit`.
#[derive(clap::Args)]
pub(crate) struct FitArgs {
    /// The journey whose numbers to fit.
    pub(crate) journey: PathBuf,
    /// The event logs, read one after the other as one log: CSV or TSV with a header, JSON
    /// Lines, or either compressed with gzip (.gz).
    pub(crate) logs: Vec<PathBuf>,
    /// The length of a period of the journey: <N>h, <N>d or <N>w.
    #[arg(long, value_name = "LENGTH", value_parser = calibrate::parse_period_length)]
    pub(crate) period_length: u64,
    /// The column naming the person (found by its usual name without this).
    #[arg(long, value_name = "COLUMN")]
    pub(crate) person: Option<String>,
    /// The column holding the time.
    #[arg(long, value_name = "COLUMN")]
    pub(crate) time: Option<String>,
    /// The column holding the event's name.
    #[arg(long, value_name = "COLUMN")]
    pub(crate) event: Option<String>,
    /// The column naming who referred the person.
    #[arg(long, value_name = "COLUMN")]
    pub(crate) referrer: Option<String>,
    /// Periods in a row without a mapped event after which a person has left.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub(crate) lost_after: u32,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Output::Table)]
    pub(crate) format: Output,
    /// Write the journey with the fitted numbers to this file (replaced only on success).
    #[arg(long, value_name = "FITTED.json")]
    pub(crate) out: Option<PathBuf>,
    /// With --out: add the fitted numbers as this scenario (usually "observed"), leaving the
    /// drawn numbers alone.
    #[arg(long, value_name = "NAME")]
    pub(crate) scenario: Option<String>,
    /// Count and skip bad rows instead of stopping at the first.
    #[arg(long)]
    pub(crate) skip_bad_rows: bool,
    /// Fit to a table of counts (as the SQL of docs/calibration.md computes it) instead of
    /// logs.
    #[arg(long, value_name = "COUNTS.csv", conflicts_with = "logs")]
    pub(crate) counts: Option<PathBuf>,
    /// Also write the table of counts the logs give to this file.
    #[arg(long, value_name = "COUNTS.csv", conflicts_with = "counts")]
    pub(crate) write_counts: Option<PathBuf>,
}

/// The output formats of `simulate`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Output {
    /// An aligned table and the summary, for a terminal.
    Table,
    /// One row per scenario and period, with the people at and lost at each step.
    Csv,
    /// Everything, for programs.
    Json,
}

/// The output formats of `diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum DiffOutput {
    /// One line per change.
    Text,
    /// The changes as JSON.
    Json,
}

/// `--view`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum ViewArg {
    /// Cards and arrows where they were placed.
    Canvas,
    /// Stages as columns, lanes and the emotion curve.
    Map,
}

/// `--page`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum PageArg {
    /// A page the size of the picture.
    Fit,
    /// A4 landscape.
    A4,
    /// US Letter landscape.
    Letter,
}

/// The options of `convert` beyond its two files.
pub(crate) struct ConvertOptions {
    pub(crate) view: Option<ViewArg>,
    pub(crate) scale: Option<f32>,
    pub(crate) page: Option<PageArg>,
    pub(crate) frame: bool,
    pub(crate) slides: bool,
    pub(crate) stages: Vec<String>,
    pub(crate) columns: Vec<String>,
    pub(crate) to_be: bool,
}

/// `--seed`: a finite number of people, 0 or more.
pub(crate) fn seed_value(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if model::is_count(x) => Ok(x),
        _ => Err(format!(
            "expected a number of people, 0 or more, not {text:?}"
        )),
    }
}
