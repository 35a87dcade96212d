//! Fitting a journey to an event log: reading logs of every kind and their broken rows, the
//! counts against the documented SQL's definition, the estimates against closed forms, and
//! `journey-designer fit` as users run it.

#![expect(clippy::unwrap_used, reason = "a test fails loudly on purpose")]
#![expect(clippy::cast_possible_wrap, reason = "small generated numbers")]

use std::fs;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use journey_designer::calibrate::{self, Counts, Options, Report};
use journey_designer::format;
use journey_designer::model::Document;

mod cli;
mod corpus;
mod fits;
mod logs;
mod roundtrip;
mod sql;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The folder of the log corpus.
fn logs_dir() -> PathBuf {
    root().join("tests/corpus/logs")
}

/// The small journey of the log corpus: ads (tell, `ad_click*`) → shop (buy, `order`) →
/// club (care, no events: its id).
fn journey() -> Document {
    format::load_file(&logs_dir().join("journey.json")).unwrap()
}

fn options(lost_after: u32) -> Options {
    Options {
        lost_after,
        ..Options::default()
    }
}

fn go_on(_: calibrate::Progress) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

/// The counts table the reader derives from these logs, as CSV.
fn counts_of(doc: &Document, paths: &[PathBuf], options: &Options) -> String {
    let (counts, _) = calibrate::count_logs(doc, paths, options, &mut go_on).unwrap();
    counts.to_csv()
}

/// The fit of these logs.
fn fit(doc: &Document, paths: &[PathBuf], options: &Options) -> Report {
    calibrate::fit_logs(doc, paths, options, &mut go_on).unwrap()
}

/// A fresh temporary folder.
fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Writes `text` to `name` in `dir` and gives its path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

/// A step's fit by id.
fn step<'r>(report: &'r Report, id: &str) -> &'r calibrate::StepFit {
    report.steps.iter().find(|s| s.id == id).unwrap()
}

/// A link's fit by id.
fn link<'r>(report: &'r Report, id: &str) -> &'r calibrate::LinkFit {
    report.links.iter().find(|l| l.id == id).unwrap()
}

/// Parses a counts table back, for comparisons that need its rows.
fn parse_counts(doc: &Document, csv: &str) -> Counts {
    let dir = temp();
    let path = write(dir.path(), "counts.csv", csv);
    let steps = doc.steps().iter().map(|s| s.id.clone()).collect();
    Counts::read_csv(&path, steps).unwrap()
}
