//! A CSV table of steps, one row per step under a header row.
//!
//! Our own export's columns (`id, stage, title, notes, emotion, channels, touchpoints, pain
//! points, opportunities, personas, leads to`) read back exactly. Another spreadsheet's
//! columns are found by their header (any case; "Name" or "Task" for the title, "Phase" for
//! the stage, …) or as [`Options::columns`] says. Lists are split at `;`; personas are
//! named; "leads to" names the steps a step links to, by title or id, each with an
//! optional rate: `Buy (30%); Care`. Commas, semicolons or tabs separate the cells,
//! whichever the header row uses.

use std::collections::HashMap;
use std::fmt;

use super::{ImportError, Imported, Note, Options, People, Problem, lay_out, slug, stage_names};
use crate::model::builders::fresh_id;
use crate::model::{Document, Emotion, FailPoint, Link, Step, ToBe, Wait, is_minutes};

/// A field of a step that a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The step's id.
    Id,
    /// Its stage.
    Stage,
    /// Its title.
    Title,
    /// Its notes.
    Notes,
    /// Its emotion, −2…2.
    Emotion,
    /// Its channels.
    Channels,
    /// Its touchpoints.
    Touchpoints,
    /// Its pain points.
    PainPoints,
    /// Its opportunities.
    Opportunities,
    /// The names of the personas it applies to.
    Personas,
    /// The steps it links to.
    LeadsTo,
    /// What the customer sees there (the service blueprint's evidence).
    Evidence,
    /// What staff do in view of the customer.
    Frontstage,
    /// What staff do out of view.
    Backstage,
    /// The systems and processes behind it.
    Support,
    /// A fail point's note ("yes" for one without a note).
    FailPoint,
    /// A wait, in words.
    Wait,
    /// A wait, in minutes.
    WaitMinutes,
    /// The metrics, as the export writes them (reported, not read back).
    Metrics,
    /// The to-be emotion, −2…2.
    ToBeEmotion,
    /// The to-be title.
    ToBeTitle,
    /// The to-be notes.
    ToBeNotes,
}

impl Field {
    /// Every field, in the order of our export's columns.
    pub const ALL: [Self; 22] = [
        Self::Id,
        Self::Stage,
        Self::Title,
        Self::Notes,
        Self::Emotion,
        Self::Channels,
        Self::Touchpoints,
        Self::PainPoints,
        Self::Opportunities,
        Self::Personas,
        Self::LeadsTo,
        Self::Evidence,
        Self::Frontstage,
        Self::Backstage,
        Self::Support,
        Self::FailPoint,
        Self::Wait,
        Self::WaitMinutes,
        Self::Metrics,
        Self::ToBeEmotion,
        Self::ToBeTitle,
        Self::ToBeNotes,
    ];

    /// Its name on the command line (`--column pain_points=Pains`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Stage => "stage",
            Self::Title => "title",
            Self::Notes => "notes",
            Self::Emotion => "emotion",
            Self::Channels => "channels",
            Self::Touchpoints => "touchpoints",
            Self::PainPoints => "pain_points",
            Self::Opportunities => "opportunities",
            Self::Personas => "personas",
            Self::LeadsTo => "leads_to",
            Self::Evidence => "evidence",
            Self::Frontstage => "frontstage",
            Self::Backstage => "backstage",
            Self::Support => "support",
            Self::FailPoint => "fail_point",
            Self::Wait => "wait",
            Self::WaitMinutes => "wait_minutes",
            Self::Metrics => "metrics",
            Self::ToBeEmotion => "to_be_emotion",
            Self::ToBeTitle => "to_be_title",
            Self::ToBeNotes => "to_be_notes",
        }
    }

    /// The headers it is found under, folded (our export's first).
    const fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Id => &["id", "step id", "key"],
            Self::Stage => &["stage", "phase", "section"],
            Self::Title => &["title", "name", "step", "task"],
            Self::Notes => &["notes", "note", "description", "details"],
            Self::Emotion => &["emotion", "feeling", "mood"],
            Self::Channels => &["channels", "channel"],
            Self::Touchpoints => &["touchpoints", "touchpoint", "touch points", "touch point"],
            Self::PainPoints => &["pain points", "pain point", "pains", "pain"],
            Self::Opportunities => &["opportunities", "opportunity", "ideas"],
            Self::Personas => &["personas", "persona", "actors", "actor", "who"],
            Self::LeadsTo => &["leads to", "next", "next steps", "links to"],
            Self::Evidence => &["evidence", "physical evidence"],
            Self::Frontstage => &["frontstage", "front stage"],
            Self::Backstage => &["backstage", "back stage"],
            Self::Support => &["support", "support processes"],
            Self::FailPoint => &["fail point", "fail points"],
            Self::Wait => &["wait", "waiting"],
            Self::WaitMinutes => &["wait minutes"],
            Self::Metrics => &["metrics", "metric"],
            Self::ToBeEmotion => &["to be emotion"],
            Self::ToBeTitle => &["to be title"],
            Self::ToBeNotes => &["to be notes"],
        }
    }

    /// The field a name on the command line means (any case; `pain points` too).
    pub fn from_name(name: &str) -> Option<Self> {
        let wanted = super::fold(name);
        Self::ALL
            .into_iter()
            .find(|f| super::fold(f.name()) == wanted || f.headers().contains(&wanted.as_str()))
    }

    /// Every field's name, for messages.
    pub fn names() -> String {
        Self::ALL.map(Self::name).join(", ")
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A row read: its line and its cells.
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// A row's cells by field: the column (from 1) and the text.
type Cells = HashMap<Field, (usize, String)>;

/// The line of a byte of a text, counted onwards from the last byte asked about.
struct Lines<'t> {
    text: &'t [u8],
    byte: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    /// The line (from 1) of byte `byte`, at or after the last one asked about.
    fn at(&mut self, byte: u64) -> usize {
        let mut byte = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        // After a CRLF the csv crate's position may be the LF; the record starts after it.
        while self
            .text
            .get(byte)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            byte += 1;
        }
        if byte > self.byte {
            #[expect(
                clippy::naive_bytecount,
                reason = "the few lines between two records; not worth a crate"
            )]
            let newlines = self.text[self.byte..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += newlines;
            self.byte = byte;
        }
        self.line
    }
}

/// Reads a CSV table of steps.
pub fn import(text: &str, options: &Options) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = sniff(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Lines are counted here from the byte where each record starts: the csv crate's own
    // count is one short after a CRLF line end, which our export and Excel write.
    let mut lines = Lines::new(text);
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(1, |p| lines.at(p.byte()));
                rows.push(Row {
                    line,
                    cells: record.iter().map(str::to_owned).collect(),
                });
            }
            Err(err) => {
                let line = err.position().map_or(1, |p| lines.at(p.byte()));
                return Err(ImportError::new(
                    vec![Problem {
                        line,
                        column: 1,
                        message: format!("this is not a CSV table: {err}"),
                    }],
                    Vec::new(),
                ));
            }
        }
    }
    let Some((header, body)) = rows.split_first() else {
        return Err(ImportError::new(
            vec![Problem {
                line: 1,
                column: 1,
                message:
                    "the file is empty; a table of steps needs a header row, then a row per step"
                        .to_owned(),
            }],
            Vec::new(),
        ));
    };
    let mut table = Table {
        options,
        columns: HashMap::new(),
        notes: Vec::new(),
        problems: Vec::new(),
        unmapped: Vec::new(),
    };
    table.columns(header);
    if !table.problems.is_empty() {
        return Err(ImportError::new(table.problems, Vec::new()));
    }
    table.rows(body)
}

/// The cell separator the header row uses: a comma, unless it has more semicolons or tabs.
fn sniff(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |c: char| header.matches(c).count();
    let (commas, semicolons, tabs) = (count(','), count(';'), count('\t'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

struct Table<'o> {
    options: &'o Options,
    /// The column (from 0) of each field found.
    columns: HashMap<Field, usize>,
    notes: Vec<Note>,
    problems: Vec<Problem>,
    unmapped: Vec<String>,
}

/// A step read from a row, with what its links need.
struct Read {
    step: Step,
    line: usize,
    leads_to: Option<(usize, String)>,
}

impl Table<'_> {
    fn problem(&mut self, line: usize, column: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            column,
            message: message.into(),
        });
    }

    /// The emotion in `field`'s cell (a whole number from −2 to 2, "+1" and "−1" read as
    /// written); `None` for an empty cell, or for a bad one, which is a problem at its place
    /// (and clears `ok`).
    fn emotion_cell(
        &mut self,
        line: usize,
        cells: &Cells,
        field: Field,
        ok: &mut bool,
    ) -> Option<Emotion> {
        let (column, cell) = cells.get(&field).filter(|(_, c)| !c.trim().is_empty())?;
        let value = cell.trim().replace('\u{2212}', "-");
        let parsed = value
            .strip_prefix('+')
            .unwrap_or(&value)
            .parse::<i64>()
            .ok()
            .and_then(Emotion::new);
        if parsed.is_none() {
            *ok = false;
            self.problem(
                line,
                *column,
                format!(
                    "({}) expected a whole number from -2 to 2, found {:?}",
                    field.name(),
                    cell.trim()
                ),
            );
        }
        parsed
    }

    /// Finds each field's column in the header row: the overrides first, then by name.
    fn columns(&mut self, header: &Row) {
        let folded: Vec<String> = header.cells.iter().map(|h| super::fold(h)).collect();
        for (field, name) in &self.options.columns {
            if let Some(i) = folded.iter().position(|h| *h == super::fold(name)) {
                self.columns.insert(*field, i);
            } else {
                let found: Vec<String> = header.cells.iter().map(|h| format!("{h:?}")).collect();
                self.problem(
                    header.line,
                    1,
                    format!(
                        "--column {field}={name}: there is no column {name:?}; the header row has {}",
                        found.join(", ")
                    ),
                );
            }
        }
        for field in Field::ALL {
            if self.columns.contains_key(&field) {
                continue;
            }
            let taken: Vec<usize> = self.columns.values().copied().collect();
            let found = field.headers().iter().find_map(|name| {
                folded
                    .iter()
                    .enumerate()
                    .position(|(i, h)| h == name && !taken.contains(&i))
            });
            if let Some(i) = found {
                self.columns.insert(field, i);
            }
        }
        for (i, cell) in header.cells.iter().enumerate() {
            if !self.columns.values().any(|&c| c == i) && !cell.trim().is_empty() {
                self.notes.push(Note {
                    line: header.line,
                    message: format!(
                        "the column {cell:?} (column {}) is not a field of a step and was left out; give it with --column FIELD={cell:?} (fields: {})",
                        i + 1,
                        Field::names()
                    ),
                });
            }
        }
        if !self.columns.contains_key(&Field::Stage) {
            self.problem(
                header.line,
                1,
                "no column gives the stage; head one \"stage\", or name it with --column stage=HEADER",
            );
        }
        if !self.columns.contains_key(&Field::Title) && !self.columns.contains_key(&Field::Id) {
            self.problem(
                header.line,
                1,
                "no column gives the steps' titles; head one \"title\", or name it with --column title=HEADER",
            );
        }
    }

    /// The cell of `field` in `row`, and its column (from 1).
    fn cell<'r>(&self, row: &'r Row, field: Field) -> Option<(usize, &'r str)> {
        let i = *self.columns.get(&field)?;
        Some((i + 1, row.cells.get(i).map_or("", String::as_str)))
    }

    fn rows(mut self, rows: &[Row]) -> Result<Imported, ImportError> {
        let mut people = People::default();
        let mut read: Vec<Read> = Vec::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        // The titles and ids of rows that could not be read: links to them are not reported
        // again, the row's own problem says what is wrong.
        let mut failed: std::collections::HashSet<String> = std::collections::HashSet::new();
        for row in rows {
            if row.cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let Some(step) = self.row(row, &mut people, &ids) else {
                for field in [Field::Title, Field::Id] {
                    if let Some((_, name)) = self.cell(row, field) {
                        failed.insert(name.trim().to_owned());
                    }
                }
                continue;
            };
            ids.insert(step.id.clone(), row.line);
            let leads_to = self
                .cell(row, Field::LeadsTo)
                .filter(|(_, text)| !text.trim().is_empty())
                .map(|(column, text)| (column, text.to_owned()));
            read.push(Read {
                step,
                line: row.line,
                leads_to,
            });
        }
        let links = self.links(&read, &failed);
        if !self.problems.is_empty() {
            self.problems.sort_by_key(|p| (p.line, p.column));
            return Err(ImportError::new(self.problems, self.unmapped));
        }
        let steps: Vec<Step> = read.into_iter().map(|r| r.step).collect();
        let mut document = Document::new("");
        let built = document
            .set_personas(people.personas)
            .and_then(|()| document.set_steps_and_links(steps, links));
        if let Err(err) = built {
            return Err(ImportError::new(
                vec![Problem {
                    line: 1,
                    column: 1,
                    message: format!("the journey read could not be built: {err}"),
                }],
                Vec::new(),
            ));
        }
        lay_out(&mut document);
        Ok(Imported {
            document,
            notes: self.notes,
        })
    }

    /// The step of one row; `None` (with its problems) when a cell is wrong.
    fn row(
        &mut self,
        row: &Row,
        people: &mut People,
        ids: &HashMap<String, usize>,
    ) -> Option<Step> {
        let line = row.line;
        let cells: Cells = Field::ALL
            .into_iter()
            .filter_map(|f| self.cell(row, f).map(|(c, t)| (f, (c, t.to_owned()))))
            .collect();
        let text = |field: Field| {
            cells
                .get(&field)
                .map(|(_, t)| t.clone())
                .unwrap_or_default()
        };
        let title = text(Field::Title);
        let mut ok = true;
        let stage = match cells.get(&Field::Stage) {
            Some((column, cell)) => {
                let stage = self.options.stage(cell);
                let name = cell.trim().to_owned();
                if name.is_empty() {
                    self.problem(
                        line,
                        *column,
                        format!("(stage) the stage is empty; give one of {}", stage_names()),
                    );
                } else if stage.is_none() {
                    if !self.unmapped.contains(&name) {
                        self.unmapped.push(name.clone());
                    }
                    self.problem(
                        line,
                        *column,
                        format!(
                            "(stage) {name:?} is not a stage of the service loop; write one of {}, or map it with --stage \"{name}=tell\"",
                            stage_names()
                        ),
                    );
                }
                stage
            }
            None => None,
        };
        let emotion = self
            .emotion_cell(line, &cells, Field::Emotion, &mut ok)
            .unwrap_or_default();
        let id = match cells.get(&Field::Id) {
            Some((column, cell)) if !cell.trim().is_empty() => {
                let id = cell.trim().to_owned();
                if let Some(first) = ids.get(&id) {
                    ok = false;
                    self.problem(
                        line,
                        *column,
                        format!("(id) {id:?} is already the id of the step on line {first}; ids must be unique"),
                    );
                }
                id
            }
            _ => fresh_id(&slug(&title, "step"), |id| ids.contains_key(id)),
        };
        let stage = stage?;
        if !ok {
            return None;
        }
        let mut step = Step::new(id, stage, title.trim(), [0.0, 0.0]);
        step.notes = text(Field::Notes);
        step.emotion = emotion;
        step.channels = list(&text(Field::Channels));
        step.touchpoints = list(&text(Field::Touchpoints));
        step.pain_points = list(&text(Field::PainPoints));
        step.opportunities = list(&text(Field::Opportunities));
        let mut personas: Vec<String> = Vec::new();
        for name in list(&text(Field::Personas)) {
            let id = people.id(&name);
            if !personas.contains(&id) {
                personas.push(id);
            }
        }
        step.personas = personas;
        if !self.blueprint(line, &cells, &mut step) {
            return None;
        }
        Some(step)
    }

    /// The service blueprint's and the to-be step's cells of a row, into `step`; `false`
    /// (with the problems) when a cell is wrong. Metrics are reported, not read back.
    fn blueprint(&mut self, line: usize, cells: &Cells, step: &mut Step) -> bool {
        let text = |field: Field| {
            cells
                .get(&field)
                .map(|(_, t)| t.clone())
                .unwrap_or_default()
        };
        let mut ok = true;
        let minutes = match cells.get(&Field::WaitMinutes) {
            Some((column, cell)) if !cell.trim().is_empty() => {
                let value = cell.trim().replace(',', "");
                let parsed = value.parse::<f64>().ok().filter(|m| is_minutes(*m));
                if parsed.is_none() {
                    ok = false;
                    self.problem(
                        line,
                        *column,
                        format!(
                            "(wait_minutes) expected a number of minutes, 0 or more, found {:?}",
                            cell.trim()
                        ),
                    );
                }
                parsed
            }
            _ => None,
        };
        let to_be_emotion = self.emotion_cell(line, cells, Field::ToBeEmotion, &mut ok);
        if let Some((_, cell)) = cells.get(&Field::Metrics)
            && !cell.trim().is_empty()
        {
            self.notes.push(Note {
                line,
                message: format!(
                    "the metrics {:?} are not read back: the cell shows them rounded and without which way is better; the journey file keeps them",
                    cell.trim()
                ),
            });
        }
        step.evidence = list(&text(Field::Evidence));
        step.frontstage = list(&text(Field::Frontstage));
        step.backstage = list(&text(Field::Backstage));
        step.support = list(&text(Field::Support));
        let fail_point = text(Field::FailPoint);
        step.fail_point = match fail_point.trim() {
            "" => None,
            "yes" => Some(Box::new(FailPoint::new(""))),
            note => Some(Box::new(FailPoint::new(note))),
        };
        let wait = text(Field::Wait).trim().to_owned();
        if !wait.is_empty() || minutes.is_some() {
            step.wait = Some(Box::new(Wait {
                text: wait,
                minutes,
                ..Wait::default()
            }));
        }
        let (to_be_title, to_be_notes) = (text(Field::ToBeTitle), text(Field::ToBeNotes));
        if to_be_emotion.is_some() || !to_be_title.trim().is_empty() || !to_be_notes.is_empty() {
            step.to_be = Some(Box::new(ToBe {
                emotion: to_be_emotion,
                title: to_be_title.trim().to_owned(),
                notes: to_be_notes,
                ..ToBe::default()
            }));
        }
        ok
    }

    /// The links the "leads to" cells name, in row order.
    fn links(&mut self, read: &[Read], failed: &std::collections::HashSet<String>) -> Vec<Link> {
        // A name is a step's title (the first step with it) or else its id.
        let mut by_title: HashMap<&str, &str> = HashMap::new();
        for r in read {
            by_title
                .entry(r.step.title.as_str())
                .or_insert(r.step.id.as_str());
        }
        let ids: std::collections::HashSet<&str> =
            read.iter().map(|r| r.step.id.as_str()).collect();
        let mut links: Vec<Link> = Vec::new();
        let mut link_ids = std::collections::HashSet::new();
        for r in read {
            let Some((column, cell)) = &r.leads_to else {
                continue;
            };
            for entry in list(cell) {
                let (name, rate) = split_rate(&entry);
                let to = by_title
                    .get(name)
                    .copied()
                    .or_else(|| ids.get(name).copied());
                let Some(to) = to else {
                    if failed.contains(name) {
                        continue;
                    }
                    self.problem(
                        r.line,
                        *column,
                        format!("(leads to) no step has the title or id {name:?}"),
                    );
                    continue;
                };
                let rate = match rate {
                    Ok(rate) => rate,
                    Err(text) => {
                        self.problem(
                            r.line,
                            *column,
                            format!("(leads to) the rate of {name:?} must be a percentage from 0% to 100%, found {text:?}"),
                        );
                        continue;
                    }
                };
                let id = fresh_id(&format!("{}-{to}", r.step.id), |id| link_ids.contains(id));
                link_ids.insert(id.clone());
                let mut link = Link::new(id, r.step.id.clone(), to);
                link.rate = rate;
                links.push(link);
            }
        }
        links
    }
}

/// A cell's list: split at `;`, each entry trimmed, empty ones left out.
fn list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A "leads to" entry as a name and a rate: `Buy (30%)` → ("Buy", 0.3); `Care` → ("Care",
/// none). A percentage out of 0–100 is the error, with its text.
fn split_rate(entry: &str) -> (&str, Result<Option<f64>, String>) {
    let Some(open) = entry.strip_suffix("%)").and_then(|e| e.rfind(" (")) else {
        return (entry, Ok(None));
    };
    let name = entry[..open].trim();
    let number = &entry[open + 2..entry.len() - 2];
    match number.trim().parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => (name, Ok(Some(p / 100.0))),
        _ => (name, Err(format!("{number}%"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_come_after_the_name_in_brackets() {
        assert_eq!(split_rate("Buy (30%)"), ("Buy", Ok(Some(0.3))));
        assert_eq!(split_rate("Care"), ("Care", Ok(None)));
        assert_eq!(
            split_rate("Pay (cash) (5%)"),
            ("Pay (cash)", Ok(Some(0.05)))
        );
        assert_eq!(split_rate("X (150%)"), ("X", Err("150%".to_owned())));
        assert_eq!(list(" a;b ;; c "), ["a", "b", "c"]);
    }

    #[test]
    fn the_separator_is_the_headers() {
        assert_eq!(sniff("a,b,c\n1;2"), b',');
        assert_eq!(sniff("a;b;c\n"), b';');
        assert_eq!(sniff("a\tb\tc"), b'\t');
        assert_eq!(sniff(""), b',');
    }

    #[test]
    fn fields_are_named_as_columns_are() {
        assert_eq!(Field::from_name("pain points"), Some(Field::PainPoints));
        assert_eq!(Field::from_name("Pain_Points"), Some(Field::PainPoints));
        assert_eq!(Field::from_name("leads to"), Some(Field::LeadsTo));
        assert_eq!(Field::from_name("Name"), Some(Field::Title));
        assert_eq!(Field::from_name("colour"), None);
    }
}
