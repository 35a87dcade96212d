//! Calibration: fitting a journey's numbers to what really happened, from an event log.
//!
//! [`map`] says which step an event stands for, from the steps' `events`; [`log`] reads the
//! logs, streamed; [`state`] follows each person from period to period and fills the
//! sufficient statistics of [`counts`]; [`fit`] turns them into estimates with intervals
//! beside the drawn numbers; [`attribution`] ranks the steps by their removal effect;
//! [`sample`] draws an event log from a journey's own numbers, to test a pipeline or the fit.
//!
//! The editor and `journey-designer fit` call [`fit_logs`] (or [`fit_counts`] for a table a
//! warehouse computed), and put the result into the journey with
//! [`crate::model::builders::observed_scenario`] or
//! [`crate::model::builders::use_observed`], given [`Report::fitted`].

pub mod attribution;
pub mod counts;
pub mod fit;
pub mod log;
pub mod map;
pub mod render;
pub mod sample;
pub mod state;

use std::cell::Cell;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub use self::counts::{Counts, CountsError};
pub use self::fit::{Difference, LinkFit, Observed, Report, StepFit};
pub use self::log::{BadRow, Columns, LogError, Place, Skipped};

use self::fit::Facts;
use self::map::EventMap;
use self::state::{Disorder, Hasher, MAX_STEPS, Sorted, Tracker};
use crate::model::Document;

/// How to read and fit a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The length of a period of the journey, in seconds (a day: 86,400).
    pub period_seconds: u64,
    /// Which columns hold the person, the time, the event and the referrer.
    pub columns: Columns,
    /// Periods in a row without a mapped event after which a person has left (1 or more).
    pub lost_after: u32,
    /// Whether a bad row is counted and skipped (else it stops the fit with its place).
    pub skip_bad_rows: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            period_seconds: 86_400,
            columns: Columns::default(),
            lost_after: 1,
            skip_bad_rows: false,
        }
    }
}

/// How far the reading is, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Progress {
    /// Bytes of the files read so far (compressed bytes for `.gz`). A log out of time order
    /// is read twice; the count starts again for the second reading.
    pub bytes_read: u64,
    /// The size of all the files.
    pub bytes_total: u64,
    /// Rows read so far.
    pub events: u64,
}

/// Why a fit gave no report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A log cannot be read, a column is missing, or a row is bad (with its place).
    #[error(transparent)]
    Log(#[from] LogError),
    /// A counts table cannot be read (with its place).
    #[error(transparent)]
    Counts(#[from] CountsError),
    /// The progress callback asked to stop.
    #[error("the fit was cancelled")]
    Cancelled,
    /// The journey has too many steps to fit.
    #[error("the journey has {0} steps; a fit takes at most {MAX_STEPS}")]
    TooManySteps(usize),
    /// The period length is 0.
    #[error("the period length must be 1 second or more")]
    NoPeriod,
}

/// Rows read between two calls of the progress callback.
const PROGRESS_EVERY: u64 = 1 << 15;

/// Fits `journey`'s numbers to the event logs at `paths`, read one after the other as one
/// log. `progress` is called every few thousand rows and after each file; returning
/// `Break` stops the fit with [`Error::Cancelled`]. Runs on the caller's thread: the editor
/// runs it in a [`crate::task::Task`] and passes a callback that sends the progress to the
/// window and reads a cancel flag.
///
/// # Errors
///
/// See [`Error`]. Nothing is written anywhere; a failed fit leaves no trace.
pub fn fit_logs(
    journey: &Document,
    paths: &[PathBuf],
    options: &Options,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<Report, Error> {
    let (counts, facts) = count_logs(journey, paths, options, progress)?;
    Ok(fit::fit(
        journey,
        &counts,
        options.lost_after,
        options.period_seconds,
        facts,
    ))
}

/// Fits `journey`'s numbers to a counts table (as `fit --counts` reads it, and as the SQL
/// of docs/calibration.md computes it): the same report as from the raw log, without what
/// only the raw log shows (event names, rows).
///
/// # Errors
///
/// The table cannot be read ([`Error::Counts`], at its line and field).
pub fn fit_counts(journey: &Document, path: &Path, options: &Options) -> Result<Report, Error> {
    let steps = step_ids(journey)?;
    let counts = Counts::read_csv(path, steps)?;
    let has_referrer = counts.rows.keys().any(|k| k.1 == counts::Kind::Referred);
    let facts = Facts {
        has_referrer,
        clashes: EventMap::new(journey).clashes().to_vec(),
        ..Facts::default()
    };
    Ok(fit::fit(
        journey,
        &counts,
        options.lost_after,
        options.period_seconds,
        facts,
    ))
}

fn step_ids(journey: &Document) -> Result<Vec<String>, Error> {
    if journey.steps().len() > MAX_STEPS {
        return Err(Error::TooManySteps(journey.steps().len()));
    }
    Ok(journey.steps().iter().map(|s| s.id.clone()).collect())
}

/// Reads the logs into the counts table and what else they show. A log that turns out not
/// to be in time order is read a second time into memory and sorted.
///
/// # Errors
///
/// As [`fit_logs`].
pub fn count_logs(
    journey: &Document,
    paths: &[PathBuf],
    options: &Options,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
) -> Result<(Counts, Facts), Error> {
    let steps = step_ids(journey)?;
    if options.period_seconds == 0 {
        return Err(Error::NoPeriod);
    }
    let bytes_total = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    match read_all(journey, &steps, paths, options, bytes_total, progress, true)? {
        Some(done) => Ok(done),
        None => read_all(
            journey,
            &steps,
            paths,
            options,
            bytes_total,
            progress,
            false,
        )?
        .ok_or(Error::Cancelled),
    }
}

/// Where mapped events go: the tracker while the log is in order, else memory to sort.
enum Sink {
    Streaming(Tracker<state::PersonHash>),
    Sorting(Sorted),
}

/// One reading of every file: `Ok(None)` when streaming found the log out of order.
fn read_all(
    journey: &Document,
    steps: &[String],
    paths: &[PathBuf],
    options: &Options,
    bytes_total: u64,
    progress: &mut dyn FnMut(Progress) -> ControlFlow<()>,
    streaming: bool,
) -> Result<Option<(Counts, Facts)>, Error> {
    let mut map = EventMap::new(journey);
    let hasher = Hasher::default();
    let period_ms = i64::try_from(options.period_seconds.saturating_mul(1000)).unwrap_or(i64::MAX);
    let mut sink = if streaming {
        Sink::Streaming(Tracker::new(steps.to_vec(), options.lost_after))
    } else {
        Sink::Sorting(Sorted::default())
    };
    let mut skipped = Skipped::default();
    let mut bad = log::BadRows {
        skip: options.skip_bad_rows,
        skipped: &mut skipped,
        has_referrer: false,
    };
    let mut unmapped: hashbrown::HashMap<String, u64> = hashbrown::HashMap::new();
    let mut step_events = vec![0u64; steps.len()];
    let mut events = 0u64;
    let mut bytes_before = 0u64;
    let mut disorder = false;
    let mut cancelled = false;
    for path in paths {
        let bytes = Rc::new(Cell::new(0u64));
        let outcome = log::read(path, &options.columns, &mut bad, &bytes, &mut |row| {
            events += 1;
            if events.is_multiple_of(PROGRESS_EVERY) {
                let p = Progress {
                    bytes_read: bytes_before + bytes.get(),
                    bytes_total,
                    events,
                };
                if progress(p).is_break() {
                    cancelled = true;
                    return ControlFlow::Break(());
                }
            }
            let Some(step) = map.step_of(row.event) else {
                match unmapped.get_mut(row.event) {
                    Some(n) => *n += 1,
                    None => {
                        unmapped.insert(row.event.to_owned(), 1);
                    }
                }
                return ControlFlow::Continue(());
            };
            step_events[usize::from(step)] += 1;
            let period = row.time_ms.div_euclid(period_ms);
            let who = hasher.hash(row.person);
            let referrer = row.referrer.map(|r| hasher.hash(r));
            match &mut sink {
                Sink::Streaming(t) => {
                    if t.event(who, period, row.time_ms, step, referrer) == Err(Disorder) {
                        disorder = true;
                        return ControlFlow::Break(());
                    }
                }
                Sink::Sorting(s) => s.push(who, period, row.time_ms, step, referrer),
            }
            ControlFlow::Continue(())
        })?;
        if cancelled {
            return Err(Error::Cancelled);
        }
        if disorder {
            return Ok(None);
        }
        bytes_before += bytes.get();
        let p = Progress {
            bytes_read: bytes_before,
            bytes_total,
            events,
        };
        if outcome.is_break() || progress(p).is_break() {
            return Err(Error::Cancelled);
        }
    }
    let has_referrer = bad.has_referrer;
    let (counts, peak_people) = match sink {
        Sink::Streaming(t) => {
            let peak = t.peak_people();
            (t.finish(), peak)
        }
        Sink::Sorting(s) => (s.replay(steps.to_vec(), options.lost_after), 0),
    };
    let facts = Facts {
        events,
        step_events,
        unmapped: unmapped.into_iter().collect(),
        has_referrer,
        skipped,
        peak_people,
        sorted_in_memory: !streaming,
        clashes: map.clashes().to_vec(),
    };
    Ok(Some((counts, facts)))
}

/// A period length as the command line writes it: `<N>h`, `<N>d` or `<N>w` (`1d`, `12h`,
/// `2w`), in seconds.
///
/// # Errors
///
/// Anything else, with what is expected.
pub fn parse_period_length(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let expected = || {
        format!(
            "{text:?} is not a period length: expected <N>h, <N>d or <N>w (such as 1d, 12h, 1w)"
        )
    };
    let unit = match t.chars().last() {
        Some('h') => 3600,
        Some('d') => 86_400,
        Some('w') => 604_800,
        _ => return Err(expected()),
    };
    let number = &t[..t.len() - 1];
    let n: u64 = if number.is_empty() {
        1
    } else {
        number.parse().map_err(|_| expected())?
    };
    if n == 0 {
        return Err(format!("{text:?}: a period must be longer than 0"));
    }
    n.checked_mul(unit).ok_or_else(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_lengths_read_in_hours_days_and_weeks() {
        assert_eq!(parse_period_length("1d"), Ok(86_400));
        assert_eq!(parse_period_length("12h"), Ok(43_200));
        assert_eq!(parse_period_length("2w"), Ok(1_209_600));
        assert_eq!(parse_period_length("w"), Ok(604_800));
        assert!(parse_period_length("0d").is_err());
        assert!(parse_period_length("1y").is_err());
        assert!(parse_period_length("day").is_err());
    }
}
