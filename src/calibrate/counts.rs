//! The fit's sufficient statistics: per period, how many people stayed at each step, moved
//! between each pair of steps, were lost at each step, and entered at each step (brought by
//! marketing, or referred by someone at a step). The fit needs nothing else, so a warehouse
//! can compute this table with SQL (docs/calibration.md) and `fit --counts` reads it.
//!
//! The table as CSV, one row per period, kind and pair of steps, sorted:
//!
//! ```text
//! period,kind,from_step,to_step,count
//! 20089,log_first,,,120
//! 20089,new,,ads,120
//! 20089,stay,ads,ads,40
//! 20089,move,ads,shop,31
//! ```
//!
//! `period` is ⌊seconds since 1970 ÷ period length⌋; the kinds are in [`Kind`].

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::map::StepIndex;

/// No step: the empty `from_step` of an arrival or the empty `to_step` of a loss.
pub const NO_STEP: StepIndex = StepIndex::MAX;

/// What a row of the table counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The first period with a mapped event; the count is the mapped events in it.
    LogFirst,
    /// The last period with a mapped event; the count is the mapped events in it.
    LogLast,
    /// People who entered in the period at `to_step`, with no referrer.
    New,
    /// People who entered in the period at `to_step`, referred by someone who was at
    /// `from_step` at the end of the period before (empty: not at any step then).
    Referred,
    /// People at `from_step` at the end of the period who are still there at the end of the
    /// next.
    Stay,
    /// People at `from_step` at the end of the period who are at `to_step` at the end of
    /// the next.
    Move,
    /// People at `from_step` at the end of the period, their last there: no mapped event
    /// follows within `--lost-after` periods.
    Lost,
}

impl Kind {
    /// Every kind, in the table's order.
    pub const ALL: [Self; 7] = [
        Self::LogFirst,
        Self::LogLast,
        Self::New,
        Self::Referred,
        Self::Stay,
        Self::Move,
        Self::Lost,
    ];

    /// The kind as the table writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::LogFirst => "log_first",
            Self::LogLast => "log_last",
            Self::New => "new",
            Self::Referred => "referred",
            Self::Stay => "stay",
            Self::Move => "move",
            Self::Lost => "lost",
        }
    }

    fn from_str_value(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A row's key: period, kind, from step, to step (each [`NO_STEP`] where the kind has none).
pub type Key = (i64, Kind, StepIndex, StepIndex);

/// The table, by step index into [`Counts::steps`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// The ids of the steps the indices stand for.
    pub steps: Vec<String>,
    /// Every row with a count above 0 (the log's first and last period even with 0).
    pub rows: hashbrown::HashMap<Key, u64>,
}

/// A counts file that cannot be read, at `file:line:column`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct CountsError {
    /// The file.
    pub file: String,
    /// The line, 1 the first.
    pub line: u64,
    /// The field's number in the row, 1 the first.
    pub column: u64,
    /// What is wrong.
    pub message: String,
}

impl Counts {
    /// An empty table over these steps.
    pub fn new(steps: Vec<String>) -> Self {
        Self {
            steps,
            rows: hashbrown::HashMap::new(),
        }
    }

    /// Adds `n` to the row `key`.
    pub fn add(&mut self, key: Key, n: u64) {
        *self.rows.entry(key).or_insert(0) += n;
    }

    /// The rows, sorted by period, kind, from and to (in step order).
    pub fn sorted(&self) -> BTreeMap<Key, u64> {
        self.rows.iter().map(|(k, v)| (*k, *v)).collect()
    }

    /// The first and last periods with a mapped event, if any.
    pub fn span(&self) -> Option<(i64, i64)> {
        let find = |kind: Kind| self.rows.keys().filter(|k| k.1 == kind).map(|k| k.0).min();
        Some((find(Kind::LogFirst)?, find(Kind::LogLast)?))
    }

    /// The table as CSV (see the module's documentation), rows sorted, steps by id.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("period,kind,from_step,to_step,count\n");
        let id = |s: StepIndex| -> String {
            if s == NO_STEP {
                String::new()
            } else {
                csv_field(self.steps.get(usize::from(s)).map_or("", String::as_str))
            }
        };
        for ((period, kind, from, to), n) in self.sorted() {
            let _ = writeln!(
                out,
                "{period},{},{},{},{n}",
                kind.as_str(),
                id(from),
                id(to)
            );
        }
        out
    }

    /// Reads a counts table for the journey with these step ids. Rows of the same key add up.
    ///
    /// # Errors
    ///
    /// A missing or extra column, an unknown kind or step id, a count or period that is not
    /// a whole number — each at its line and field.
    pub fn read_csv(path: &Path, steps: Vec<String>) -> Result<Self, CountsError> {
        let file = path.display().to_string();
        let err = |line: u64, column: u64, message: String| CountsError {
            file: file.clone(),
            line,
            column,
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_path(path)
            .map_err(|e| err(1, 1, e.to_string()))?;
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| err(1, 1, e.to_string()))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_owned())
            .collect();
        let expected = ["period", "kind", "from_step", "to_step", "count"];
        if header != expected {
            return Err(err(
                1,
                1,
                format!(
                    "expected the header {}; found {}",
                    expected.join(","),
                    header.join(",")
                ),
            ));
        }
        let index: hashbrown::HashMap<String, StepIndex> = steps
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((s.clone(), StepIndex::try_from(i).ok()?)))
            .collect();
        let mut rows: Vec<(Key, u64)> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(1, csv::Position::line);
                err(line, 1, format!("the row cannot be read as CSV: {e}"))
            })?;
            let line = record.position().map_or(0, csv::Position::line);
            if record.len() != 5 {
                return Err(err(
                    line,
                    1,
                    format!("the row has {} fields; expected 5", record.len()),
                ));
            }
            let row = parse_row(&record, &index)
                .map_err(|(column, message)| err(line, column, message))?;
            rows.push(row);
        }
        let mut counts = Self::new(steps);
        for (key, n) in rows {
            counts.add(key, n);
        }
        if counts.span().is_none() {
            return Err(err(
                1,
                1,
                "the table has no log_first and log_last rows: it does not say which periods \
                 the log covers"
                    .into(),
            ));
        }
        Ok(counts)
    }
}

/// One row of a counts table (of 5 fields), or the field that is wrong and why.
fn parse_row(
    record: &csv::StringRecord,
    index: &hashbrown::HashMap<String, StepIndex>,
) -> Result<(Key, u64), (u64, String)> {
    let field = |i: usize| record.get(i).unwrap_or_default();
    let period = field(0).parse::<i64>().map_err(|_| {
        (
            1,
            format!("{:?} is not a whole number of a period", field(0)),
        )
    })?;
    let kind = Kind::from_str_value(field(1)).ok_or_else(|| {
        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        let message = format!(
            "unknown kind {:?}; expected one of {}",
            field(1),
            kinds.join(", ")
        );
        (2, message)
    })?;
    let step = |i: usize| -> Result<StepIndex, (u64, String)> {
        let id = field(i);
        if id.is_empty() {
            return Ok(NO_STEP);
        }
        index.get(id).copied().ok_or_else(|| {
            let message = format!("there is no step with id {id:?} in the journey");
            (i as u64 + 1, message)
        })
    };
    let (from, to) = (step(2)?, step(3)?);
    let (needs_from, needs_to) = match kind {
        Kind::LogFirst | Kind::LogLast => (false, false),
        Kind::New => (false, true),
        Kind::Referred => (from != NO_STEP, true),
        Kind::Stay | Kind::Move => (true, true),
        Kind::Lost => (true, false),
    };
    let name = kind.as_str();
    if (from != NO_STEP) != needs_from {
        let what = if needs_from { "needs a" } else { "has no" };
        return Err((3, format!("a {name} row {what} from_step")));
    }
    if (to != NO_STEP) != needs_to {
        let what = if needs_to { "needs a" } else { "has no" };
        return Err((4, format!("a {name} row {what} to_step")));
    }
    if kind == Kind::Stay && from != to {
        return Err((4, "a stay row needs the same from_step and to_step".into()));
    }
    let n = field(4).parse::<u64>().map_err(|_| {
        (
            5,
            format!("{:?} is not a whole number, 0 or more", field(4)),
        )
    })?;
    Ok(((period, kind, from, to), n))
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
