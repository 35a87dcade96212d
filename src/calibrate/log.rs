//! Reading event logs, streamed: CSV or TSV with a header, JSON Lines, and either of them
//! compressed with gzip (`.gz`). Each row gives a person, a time, an event name and,
//! optionally, who referred the person.
//!
//! The columns are found by their usual names in the common exports (Amplitude, Mixpanel,
//! Segment, GA4) unless [`Columns`] names them: see [`PERSON`], [`TIME`], [`EVENT`] and
//! [`REFERRER`], tried in that order. In JSON Lines a name may reach into a nested object
//! with a dot: Mixpanel's `properties.distinct_id` and `properties.time`.
//!
//! A time is ISO 8601 (`2025-01-01T13:05:09Z`, with a fraction, an offset, a space for the
//! `T`, or no offset for UTC; a date alone is its midnight UTC) or a number since 1970 UTC:
//! seconds, milliseconds, microseconds (GA4's `event_timestamp`) or nanoseconds, told apart
//! by size (below 10¹¹ seconds, below 10¹⁴ milliseconds, below 10¹⁷ microseconds).
//!
//! A row that cannot be read is a [`BadRow`] at `file:line:column` — in CSV the column is
//! the field's number in the row (1 the first), in JSON Lines the character where the value
//! or the object starts.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

/// The usual names of the column naming the person, tried in this order.
pub const PERSON: [&str; 6] = [
    "user_id",
    "distinct_id",
    "userId",
    "anonymousId",
    "user_pseudo_id",
    "properties.distinct_id",
];
/// The usual names of the column holding the time.
pub const TIME: [&str; 6] = [
    "time",
    "timestamp",
    "event_time",
    "event_timestamp",
    "properties.time",
    "originalTimestamp",
];
/// The usual names of the column holding the event's name.
pub const EVENT: [&str; 4] = ["event", "event_type", "event_name", "name"];
/// The usual names of the column naming the person who referred this one.
pub const REFERRER: [&str; 4] = ["referred_by", "referrer", "referrer_id", "referred_by_id"];

/// Which columns to read; `None` finds them by their usual names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// The column naming the person (`--person`).
    pub person: Option<String>,
    /// The column holding the time (`--time`).
    pub time: Option<String>,
    /// The column holding the event's name (`--event`).
    pub event: Option<String>,
    /// The column naming who referred the person (`--referrer`); without it and without a
    /// column of a usual name, referrals are not estimated.
    pub referrer: Option<String>,
}

/// One row of a log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    /// Who did it.
    pub person: &'a str,
    /// When, in milliseconds since 1970-01-01T00:00:00Z.
    pub time_ms: i64,
    /// The event's name.
    pub event: &'a str,
    /// Who referred the person, if the log says (an empty cell says nobody).
    pub referrer: Option<&'a str>,
}

/// Where in a log something is: file, line (1 the first) and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file, as it was given.
    pub file: PathBuf,
    /// The line, 1 the first.
    pub line: u64,
    /// The column: a CSV field's number, or a character in a line of JSON.
    pub column: u64,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// A row that cannot be read, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct BadRow {
    /// Where it is.
    pub place: Place,
    /// What is wrong.
    pub message: String,
}

/// A log that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// The file cannot be opened or read.
    #[error("{}: {source}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A row is broken and bad rows are not skipped.
    #[error("{0}")]
    Bad(BadRow),
    /// A column the fit needs is not there.
    #[error("{place}: {message}")]
    MissingColumn {
        /// The header's place (or the first row's, in JSON Lines).
        place: Place,
        /// Which column, what was looked for and what there is.
        message: String,
    },
}

/// How the rows a reader skipped add up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Every row skipped.
    pub count: u64,
    /// The first few of them, with why.
    pub first: Vec<BadRow>,
}

/// How many skipped rows a report shows one by one.
pub const SHOWN_SKIPPED: usize = 10;

impl Skipped {
    /// Counts `bad`, keeping it if it is among the first few.
    fn push(&mut self, bad: BadRow) {
        self.count += 1;
        if self.first.len() < SHOWN_SKIPPED {
            self.first.push(bad);
        }
    }
}

/// What a reader does with a bad row (stops with it, or counts it and reads on), and what
/// it learns of the log on the way.
pub struct BadRows<'a> {
    /// Whether to read on.
    pub skip: bool,
    /// The rows skipped so far.
    pub skipped: &'a mut Skipped,
    /// Set once a log shows a referrer column (in JSON Lines: once a row has one).
    pub has_referrer: bool,
}

impl BadRows<'_> {
    fn handle(&mut self, bad: BadRow) -> Result<(), LogError> {
        if self.skip {
            self.skipped.push(bad);
            Ok(())
        } else {
            Err(LogError::Bad(bad))
        }
    }
}

/// The kind of a log file, from its name or, failing that, its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Csv(u8),
    JsonLines,
}

/// A reader that counts the bytes read through it (of the file, before decompression).
struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// Reads the log at `path`, passing each good row to `row` (which may stop the reading
/// with `Break`) and each bad one to `bad`. `bytes` counts the bytes of the file read so
/// far. Returns `Break` when `row` stopped it.
///
/// # Errors
///
/// The file cannot be read, a column is missing, or a row is bad and bad rows are not
/// skipped.
pub fn read(
    path: &Path,
    columns: &Columns,
    bad: &mut BadRows<'_>,
    bytes: &Rc<Cell<u64>>,
    row: &mut dyn FnMut(Row<'_>) -> ControlFlow<()>,
) -> Result<ControlFlow<()>, LogError> {
    let io_error = |source| LogError::Io {
        file: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(io_error)?;
    let counted = Counted {
        inner: file,
        read: Rc::clone(bytes),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (gz, base) = match name.strip_suffix(".gz") {
        Some(base) => (true, base.to_owned()),
        None => (false, name),
    };
    let source: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(counted))
    } else {
        Box::new(counted)
    };
    let mut buffered = BufReader::with_capacity(1 << 16, source);
    let extension = Path::new(&base)
        .extension()
        .map(|e| e.to_string_lossy().into_owned());
    let kind = match extension.as_deref() {
        Some("tsv" | "tab") => Kind::Csv(b'\t'),
        Some("csv") => Kind::Csv(b','),
        Some("jsonl" | "ndjson" | "json") => Kind::JsonLines,
        _ => sniff(&mut buffered).map_err(io_error)?,
    };
    match kind {
        Kind::Csv(delimiter) => read_csv(path, buffered, delimiter, columns, bad, row),
        Kind::JsonLines => read_json_lines(path, buffered, columns, bad, row),
    }
}

/// The kind of a log without a telling name: JSON Lines if it starts with `{`, else CSV,
/// with tabs if its first line has a tab and no comma.
fn sniff(reader: &mut impl BufRead) -> io::Result<Kind> {
    let head = reader.fill_buf()?;
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        return Ok(Kind::JsonLines);
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let tabs = line.contains(&b'\t') && !line.contains(&b',');
    Ok(Kind::Csv(if tabs { b'\t' } else { b',' }))
}

/// The column a flag names, or the first of the usual names the header has.
fn pick<'h>(
    header: &'h [String],
    named: Option<&str>,
    usual: &[&str],
) -> Result<Option<usize>, Option<&'h str>> {
    if let Some(name) = named {
        return header.iter().position(|h| h == name).map(Some).ok_or(None);
    }
    Ok(usual
        .iter()
        .find_map(|u| header.iter().position(|h| h == u)))
}

/// The message for a column that is not there.
fn missing_message(
    what: &str,
    flag: &str,
    named: Option<&str>,
    usual: &[&str],
    has: &str,
) -> String {
    match named {
        Some(name) => format!("no column {name:?} for {what} (named by {flag}); {has}"),
        None => format!(
            "no column for {what}: expected one of {} (or name it with {flag}); {has}",
            usual.join(", ")
        ),
    }
}

/// The columns of a CSV header: person, time, event, referrer.
fn csv_columns(
    path: &Path,
    header: &[String],
    columns: &Columns,
) -> Result<[Option<usize>; 4], LogError> {
    let has = format!("the header has {}", header.join(", "));
    let place = Place {
        file: path.to_owned(),
        line: 1,
        column: 1,
    };
    let needed = [
        (
            "the person",
            "--person",
            columns.person.as_deref(),
            &PERSON[..],
        ),
        ("the time", "--time", columns.time.as_deref(), &TIME[..]),
        ("the event", "--event", columns.event.as_deref(), &EVENT[..]),
    ];
    let mut out = [None; 4];
    for (slot, (what, flag, named, usual)) in out.iter_mut().zip(needed) {
        match pick(header, named, usual) {
            Ok(Some(at)) => *slot = Some(at),
            _ => {
                return Err(LogError::MissingColumn {
                    place,
                    message: missing_message(what, flag, named, usual, &has),
                });
            }
        }
    }
    out[3] = match pick(header, columns.referrer.as_deref(), &REFERRER) {
        Ok(at) => at,
        Err(_) => {
            return Err(LogError::MissingColumn {
                place,
                message: missing_message(
                    "the referrer",
                    "--referrer",
                    columns.referrer.as_deref(),
                    &REFERRER,
                    &has,
                ),
            });
        }
    };
    Ok(out)
}

fn read_csv(
    path: &Path,
    source: impl Read,
    delimiter: u8,
    columns: &Columns,
    bad: &mut BadRows<'_>,
    row: &mut dyn FnMut(Row<'_>) -> ControlFlow<()>,
) -> Result<ControlFlow<()>, LogError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(source);
    let place = |line: u64, column: u64| Place {
        file: path.to_owned(),
        line,
        column,
    };
    let header: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|c| {
                String::from_utf8_lossy(c)
                    .trim_start_matches('\u{feff}')
                    .to_owned()
            })
            .collect(),
        Err(e) => return Err(csv_error(path, &e, 1)),
    };
    if header.len() <= 1 && header.first().is_none_or(String::is_empty) {
        return Err(LogError::MissingColumn {
            place: place(1, 1),
            message: "the log is empty: expected a header naming the columns".to_owned(),
        });
    }
    let [Some(person), Some(time), Some(event), referrer] = csv_columns(path, &header, columns)?
    else {
        unreachable!("csv_columns returns the three needed columns or an error");
    };
    let width = header.len();
    bad.has_referrer |= referrer.is_some();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(ControlFlow::Continue(())),
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                let err = csv_error(path, &e, line);
                match err {
                    LogError::Bad(b) => {
                        bad.handle(b)?;
                        continue;
                    }
                    other => return Err(other),
                }
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() != width {
            if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
                // A blank line.
                continue;
            }
            bad.handle(BadRow {
                place: place(line, (record.len().min(width) + 1) as u64),
                message: format!(
                    "the row has {} fields; the header has {width}",
                    record.len()
                ),
            })?;
            continue;
        }
        let parsed = csv_row(
            &record,
            &header,
            [person, time, event],
            referrer,
            &|column| place(line, column),
        );
        match parsed {
            Ok(r) => {
                if row(r).is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
            Err(b) => bad.handle(b)?,
        }
    }
}

/// The row in `record`, whose person, time and event are the fields `at`; or why not.
/// `place` gives the place of a field's number.
fn csv_row<'r>(
    record: &'r csv::ByteRecord,
    header: &[String],
    at: [usize; 3],
    referrer: Option<usize>,
    place: &dyn Fn(u64) -> Place,
) -> Result<Row<'r>, BadRow> {
    let [person, time, event] = at;
    let bad = |at: usize, message: String| BadRow {
        place: place(at as u64 + 1),
        message,
    };
    let text = |at: usize| -> Result<&'r str, BadRow> {
        let bytes = record.get(at).unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|e| {
            let message = format!(
                "{} is not UTF-8 text (a bad byte after {} bytes)",
                header[at],
                e.valid_up_to()
            );
            bad(at, message)
        })
    };
    let who = text(person)?;
    if who.is_empty() {
        let message = format!("{} is empty: every row needs a person", header[person]);
        return Err(bad(person, message));
    }
    let name = text(event)?;
    if name.is_empty() {
        let message = format!("{} is empty: every row needs an event", header[event]);
        return Err(bad(event, message));
    }
    let time_ms =
        parse_time_text(text(time)?).map_err(|why| bad(time, format!("{} {why}", header[time])))?;
    let by = match referrer {
        Some(at) => Some(text(at)?).filter(|r| !r.is_empty()),
        None => None,
    };
    Ok(Row {
        person: who,
        time_ms,
        event: name,
        referrer: by,
    })
}

/// A CSV reader's error as ours: a broken row, or the file's.
fn csv_error(path: &Path, e: &csv::Error, line: u64) -> LogError {
    match e.kind() {
        csv::ErrorKind::Io(err) => LogError::Io {
            file: path.to_owned(),
            source: io::Error::new(err.kind(), err.to_string()),
        },
        _ => LogError::Bad(BadRow {
            place: Place {
                file: path.to_owned(),
                line: line.max(1),
                column: 1,
            },
            message: format!("the row cannot be read as CSV: {e}"),
        }),
    }
}

/// The value at a dotted `name` in `object` (`properties.time`); a key holding the dot
/// itself wins.
fn lookup<'v>(object: &'v serde_json::Map<String, Value>, name: &str) -> Option<&'v Value> {
    if let Some(v) = object.get(name) {
        return Some(v);
    }
    let (head, rest) = name.split_once('.')?;
    match object.get(head)? {
        Value::Object(inner) => lookup(inner, rest),
        _ => None,
    }
}

/// A key or a string of a line, borrowed from it unless it holds escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(Visit)
    }
}

/// One object of JSON Lines: its keys, and each value as the text it is, read only when a
/// field asks for it (a line's four fields, not the whole object, are what a fit needs).
struct Line<'a>(Vec<(Text<'a>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Line<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Line<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(entry) = map.next_entry::<Text<'de>, &'de RawValue>()? {
                    entries.push(entry);
                }
                Ok(Line(entries))
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

/// A field's value as a fit reads it.
enum Field<'a> {
    Str(Cow<'a, str>),
    Number(serde_json::Number),
    /// Anything else (null, true, an array, an object), read whole for its message.
    Other(Value),
}

impl<'a> Line<'a> {
    /// The value at a dotted `name` (`properties.time`), as [`lookup`] finds it in a whole
    /// object: a key holding the dot itself wins, and of a key given twice the last.
    fn field(&self, name: &str) -> Option<Field<'a>> {
        self.raw(name).map(|raw| {
            let text = raw.get();
            let read = match text.as_bytes().first() {
                Some(b'"') => serde_json::from_str::<Text<'a>>(text).map(|t| Field::Str(t.0)),
                Some(b'-' | b'0'..=b'9') => serde_json::from_str(text).map(Field::Number),
                _ => serde_json::from_str(text).map(Field::Other),
            };
            // The line was read as JSON already, so its values read again.
            read.unwrap_or(Field::Other(Value::Null))
        })
    }

    fn raw(&self, name: &str) -> Option<&'a RawValue> {
        let get = |key: &str| {
            self.0
                .iter()
                .rev()
                .find(|(k, _)| k.0 == key)
                .map(|&(_, raw)| raw)
        };
        if let Some(raw) = get(name) {
            return Some(raw);
        }
        let (head, rest) = name.split_once('.')?;
        let inner = get(head)?.get();
        if !inner.starts_with('{') {
            return None;
        }
        serde_json::from_str::<Line<'a>>(inner).ok()?.raw(rest)
    }
}

/// The column of `name`'s value in a line of JSON: where its key starts, else 1.
fn column_of(line: &str, name: &str) -> u64 {
    let last = name.rsplit('.').next().unwrap_or(name);
    let key = format!("\"{last}\"");
    line.find(&key)
        .map_or(1, |at| line[..at].chars().count() as u64 + 1)
}

/// The columns of JSON Lines, chosen from the first object's keys.
struct JsonColumns {
    person: String,
    time: String,
    event: String,
    referrer: Option<String>,
}

fn json_columns(
    path: &Path,
    line: u64,
    object: &serde_json::Map<String, Value>,
    columns: &Columns,
) -> Result<JsonColumns, LogError> {
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    let has = format!("the first row has {}", keys.join(", "));
    let find = |named: Option<&str>, usual: &[&str]| -> Option<String> {
        match named {
            Some(n) => lookup(object, n).map(|_| n.to_owned()),
            None => usual
                .iter()
                .find(|u| lookup(object, u).is_some())
                .map(|u| (*u).to_owned()),
        }
    };
    let place = Place {
        file: path.to_owned(),
        line,
        column: 1,
    };
    let need = |what: &str, flag: &str, named: Option<&str>, usual: &[&str]| {
        find(named, usual).ok_or_else(|| LogError::MissingColumn {
            place: place.clone(),
            message: missing_message(what, flag, named, usual, &has),
        })
    };
    let person = need("the person", "--person", columns.person.as_deref(), &PERSON)?;
    let time = need("the time", "--time", columns.time.as_deref(), &TIME)?;
    let event = need("the event", "--event", columns.event.as_deref(), &EVENT)?;
    // A referrer column is left out of rows without a referrer, so any row may show it
    // first: the flag's name, or the usual names, are looked up in every row.
    let referrer = columns.referrer.clone();
    Ok(JsonColumns {
        person,
        time,
        event,
        referrer,
    })
}

fn read_json_lines(
    path: &Path,
    mut source: impl BufRead,
    columns: &Columns,
    bad: &mut BadRows<'_>,
    row: &mut dyn FnMut(Row<'_>) -> ControlFlow<()>,
) -> Result<ControlFlow<()>, LogError> {
    let mut buffer = Vec::new();
    let mut line_number = 0u64;
    let mut chosen: Option<JsonColumns> = None;
    let place = |line: u64, column: u64| Place {
        file: path.to_owned(),
        line,
        column,
    };
    loop {
        buffer.clear();
        let n = source
            .read_until(b'\n', &mut buffer)
            .map_err(|source| LogError::Io {
                file: path.to_owned(),
                source,
            })?;
        if n == 0 {
            break;
        }
        line_number += 1;
        let Ok(text) = std::str::from_utf8(&buffer) else {
            let valid = std::str::from_utf8(&buffer)
                .err()
                .map_or(0, |e| e.valid_up_to());
            let column = String::from_utf8_lossy(&buffer[..valid]).chars().count() as u64 + 1;
            bad.handle(BadRow {
                place: place(line_number, column),
                message: "the line is not UTF-8 text".to_owned(),
            })?;
            continue;
        };
        let text = text.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            continue;
        }
        // Each line is read only as far as its fields need; a line that is not an object is
        // read whole, for the message, as is the first, whose keys choose the columns.
        let line = serde_json::from_str::<Line<'_>>(text);
        if line.is_err() || chosen.is_none() {
            match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(object)) => {
                    if chosen.is_none() {
                        chosen = Some(json_columns(path, line_number, &object, columns)?);
                    }
                }
                Ok(_) => {
                    bad.handle(BadRow {
                        place: place(line_number, 1),
                        message: "expected a JSON object, one per line".to_owned(),
                    })?;
                    continue;
                }
                Err(e) => {
                    bad.handle(BadRow {
                        place: place(line_number, e.column().max(1) as u64),
                        message: format!("the line is not JSON: {e}"),
                    })?;
                    continue;
                }
            }
        }
        let object = match line {
            Ok(object) => object,
            // Read whole, the line was an object: say so rather than pass over it.
            Err(e) => {
                bad.handle(BadRow {
                    place: place(line_number, e.column().max(1) as u64),
                    message: format!("the line cannot be read: {e}"),
                })?;
                continue;
            }
        };
        let Some(cols) = &chosen else {
            // Chosen above from the first object.
            continue;
        };
        let parsed = json_row(&object, cols).map_err(|(name, message)| BadRow {
            place: place(line_number, column_of(text, name)),
            message,
        });
        match parsed {
            Ok((who, time_ms, event, by, has_referrer)) => {
                bad.has_referrer |= has_referrer;
                let r = Row {
                    person: &who,
                    time_ms,
                    event: &event,
                    referrer: by.as_deref(),
                };
                if row(r).is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
            Err(b) => bad.handle(b)?,
        }
    }
    Ok(ControlFlow::Continue(()))
}

/// A person, a time, an event, a referrer and whether the row has a referrer column, from
/// one object of JSON Lines.
type JsonRow<'o> = (String, i64, Cow<'o, str>, Option<String>, bool);

/// The row in `object`; or the column that is wrong and why.
fn json_row<'o, 'c>(
    object: &Line<'o>,
    cols: &'c JsonColumns,
) -> Result<JsonRow<'o>, (&'c str, String)> {
    let person = match object.field(&cols.person) {
        Some(Field::Str(s)) if !s.is_empty() => s.into_owned(),
        Some(Field::Number(n)) => n.to_string(),
        Some(Field::Str(_) | Field::Other(Value::Null)) | None => {
            return Err((
                &cols.person,
                format!("{} is missing: every row needs a person", cols.person),
            ));
        }
        Some(Field::Other(other)) => {
            return Err((
                &cols.person,
                format!("{} is {other}: expected a string or a number", cols.person),
            ));
        }
    };
    let time_ms = match object.field(&cols.time) {
        Some(Field::Str(s)) => parse_time_text(&s),
        Some(Field::Number(n)) => n
            .as_f64()
            .ok_or_else(|| format!("is {n}: {TIME_EXPECTED}"))
            .and_then(epoch_ms),
        Some(Field::Other(other)) => Err(format!("is {other}: {TIME_EXPECTED}")),
        None => Err(format!("is missing: {TIME_EXPECTED}")),
    }
    .map_err(|why| (cols.time.as_str(), format!("{} {why}", cols.time)))?;
    let event = match object.field(&cols.event) {
        Some(Field::Str(s)) if !s.is_empty() => s,
        _ => {
            return Err((
                &cols.event,
                format!("{} is missing: every row needs an event name", cols.event),
            ));
        }
    };
    let referrer_value = match &cols.referrer {
        Some(name) => object.field(name),
        None => REFERRER.iter().find_map(|u| object.field(u)),
    };
    let has_referrer = referrer_value.is_some();
    let referrer = match referrer_value {
        Some(Field::Str(s)) if !s.is_empty() => Some(s.into_owned()),
        Some(Field::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Ok((person, time_ms, event, referrer, has_referrer))
}

/// What a time must be, in messages.
const TIME_EXPECTED: &str = "expected an ISO 8601 time (2025-01-01T13:05:09Z) or seconds, \
                             milliseconds or microseconds since 1970";

/// A number since 1970 as milliseconds, its unit told by its size.
fn epoch_ms(x: f64) -> Result<i64, String> {
    if !x.is_finite() || x < 0.0 {
        return Err(format!("is {x}: {TIME_EXPECTED}"));
    }
    let ms = if x < 1e11 {
        x * 1e3
    } else if x < 1e14 {
        x
    } else if x < 1e17 {
        x / 1e3
    } else {
        x / 1e6
    };
    // Below 2^53, so the cast is exact in whole milliseconds.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "finite, 0 or more, below 2^63"
    )]
    Ok(ms.floor() as i64)
}

/// A time written as text: a number since 1970, or ISO 8601.
pub fn parse_time_text(text: &str) -> Result<i64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("is empty: {TIME_EXPECTED}"));
    }
    if let Some(ms) = fast_iso(t.as_bytes()) {
        return Ok(ms);
    }
    if t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && let Ok(x) = t.parse::<f64>()
    {
        return epoch_ms(x);
    }
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Ok(ts.as_millisecond());
    }
    if let Ok(date) = t.parse::<jiff::civil::Date>()
        && let Ok(ts) =
            jiff::tz::Offset::UTC.to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
    {
        return Ok(ts.as_millisecond());
    }
    if let Ok(dt) = t.parse::<jiff::civil::DateTime>()
        && let Ok(ts) = jiff::tz::Offset::UTC.to_timestamp(dt)
    {
        return Ok(ts.as_millisecond());
    }
    let shown = if t.chars().count() <= 40 {
        format!("{t:?}")
    } else {
        "a long text".to_owned()
    };
    Err(format!("{shown} is not a time: {TIME_EXPECTED}"))
}

/// `YYYY-MM-DDTHH:MM:SS` with an optional fraction and `Z`, read without allocating: the
/// shape most exports write. `None` for anything else (left to the full parser).
fn fast_iso(b: &[u8]) -> Option<i64> {
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let mut v = 0i64;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(c - b'0');
        }
        Some(v)
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0i64;
    if let Some((&b'.', digits)) = rest.split_first() {
        let n = digits.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        for (i, &c) in digits[..n].iter().take(3).enumerate() {
            millis += i64::from(c - b'0') * [100, 10, 1][i];
        }
        rest = &digits[n..];
    }
    if !(rest.is_empty() || rest == b"Z" || rest == b"z") {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_read_field_by_field_gives_what_the_whole_object_gives() {
        let line = r#"{"a": "x", "b": 1.50, "c": null, "d": true, "e": [1, {"z": 2}],
            "f": {"g": "h", "i.j": -2e3, "g": "last g"}, "a.b": "dot", "k\"q": "esc",
            "s": "t\u00e9 \n", "n": 12345678901234567890, "a": "later", "h": "not an object"}"#
            .replace('\n', " ");
        let whole = match serde_json::from_str::<Value>(&line).unwrap() {
            Value::Object(o) => o,
            other => panic!("{other}"),
        };
        let read = serde_json::from_str::<Line<'_>>(&line).unwrap();
        let names = [
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
            "f.g",
            "f.i.j",
            "a.b",
            "k\"q",
            "s",
            "n",
            "missing",
            "f.missing",
            "h.x",
            "b.x",
            "e.z",
        ];
        for name in names {
            let field = read.field(name).map(|f| match f {
                Field::Str(s) => Value::String(s.into_owned()),
                Field::Number(n) => Value::Number(n),
                Field::Other(v) => v,
            });
            assert_eq!(field.as_ref(), lookup(&whole, name), "{name}");
        }
        assert_eq!(
            read.field("a")
                .map(|f| matches!(f, Field::Str(s) if s == "later")),
            Some(true)
        );
        // A line that is not an object is not a line.
        assert!(serde_json::from_str::<Line<'_>>("[1, 2]").is_err());
    }

    #[test]
    fn times_of_every_usual_shape_read_alike() {
        let ms = 1_735_736_709_000; // 2025-01-01T13:05:09Z
        for text in [
            "2025-01-01T13:05:09Z",
            "2025-01-01 13:05:09",
            "2025-01-01T13:05:09",
            "2025-01-01T14:05:09+01:00",
            "2025-01-01T13:05:09.000Z",
            "1735736709",
            "1735736709000",
            "1735736709000000",
            "1735736709000000000",
        ] {
            assert_eq!(parse_time_text(text), Ok(ms), "{text}");
        }
        assert_eq!(parse_time_text("2025-01-01T13:05:09.25Z"), Ok(ms + 250));
        assert_eq!(parse_time_text("1735736709.5"), Ok(ms + 500));
        assert_eq!(
            parse_time_text("2024-02-29T00:00:00Z"),
            Ok(jiff::Timestamp::from_second(1_709_164_800)
                .unwrap()
                .as_millisecond())
        );
    }

    #[test]
    fn the_fast_reader_agrees_with_jiff_and_refuses_impossible_dates() {
        for text in [
            "1970-01-01T00:00:00Z",
            "1999-12-31T23:59:59Z",
            "2000-02-29T12:00:00Z",
            "2100-03-01T00:00:00Z",
            "2025-07-15T08:30:00.123Z",
        ] {
            let jiff = text.parse::<jiff::Timestamp>().unwrap().as_millisecond();
            assert_eq!(fast_iso(text.as_bytes()), Some(jiff), "{text}");
        }
        assert_eq!(fast_iso(b"2025-02-30T00:00:00Z"), None);
        assert!(parse_time_text("2025-02-30T00:00:00Z").is_err());
        assert!(parse_time_text("yesterday").is_err());
        assert!(parse_time_text("").is_err());
    }
}
