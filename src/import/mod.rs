//! Journeys coming in: a Mermaid `journey` diagram ([`mermaid`]) or a CSV table of steps
//! ([`table`]) becomes a journey, laid out around the loop.
//!
//! What the input holds that a journey cannot is reported as a [`Note`] with its line, never
//! dropped silently; what cannot be read is an [`ImportError`] listing every problem with its
//! line and column. Names that are not stages (a Mermaid section "Go to work", a cell
//! "Onboarding") take a stage from [`Options::stages`]; the ones without one are listed in
//! [`ImportError::unmapped`], so the editor can ask for them.

pub mod mermaid;
pub mod table;

use std::fmt;
use std::path::Path;

use crate::model::builders::{self, PERSONA_COLOURS};
use crate::model::{Colour, Document, Persona, Stage};

/// What an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A Mermaid `journey` diagram (`.mmd`, `.mermaid`).
    Mermaid,
    /// A table of steps (`.csv`, or `.tsv` separated by tabs).
    Csv,
}

impl Kind {
    /// Every kind, in the order dialogs list them.
    pub const ALL: [Self; 2] = [Self::Mermaid, Self::Csv];

    /// The kind a file's extension (any case) names.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.extensions().contains(&extension.as_str()))
    }

    /// The extensions read as this kind, without dots.
    pub const fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Mermaid => &["mmd", "mermaid"],
            Self::Csv => &["csv", "tsv"],
        }
    }

    /// The name shown to people, as in an open dialog's filter.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Mermaid => "Mermaid journey diagram",
            Self::Csv => "CSV table of steps",
        }
    }
}

/// How to read names and columns the input does not spell as we do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The stage for each name that is not a stage (a Mermaid section, a CSV stage cell),
    /// as given on the command line with `--stage "Go to work=tell"`.
    pub stages: Vec<(String, Stage)>,
    /// The header of the column to read each field from, overriding the columns found by
    /// name (CSV), as given with `--column title=Name`.
    pub columns: Vec<(table::Field, String)>,
}

impl Options {
    /// The stage `name` stands for: a stage's name or value in any case ("Word of mouth",
    /// `word_of_mouth`, "WORD OF MOUTH"), or the one it is mapped to.
    pub fn stage(&self, name: &str) -> Option<Stage> {
        let wanted = fold(name);
        self.stages
            .iter()
            .find(|(n, _)| fold(n) == wanted)
            .map(|(_, s)| *s)
            .or_else(|| stage_named(name))
    }
}

/// The stage a name means: its label or its file value, in any case, with spaces, `_` and
/// `-` alike.
pub fn stage_named(name: &str) -> Option<Stage> {
    let wanted = fold(name);
    Stage::ALL
        .into_iter()
        .find(|s| fold(s.label()) == wanted || fold(s.as_str()) == wanted)
}

/// A name folded for matching: lower case, `_` and `-` as spaces, runs of spaces as one.
fn fold(name: &str) -> String {
    name.to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stages' names as a message lists them: "Tell, Buy, …, Word of mouth".
fn stage_names() -> String {
    Stage::ALL.map(Stage::label).join(", ")
}

/// A journey read from Mermaid or CSV, and what of the input it could not hold.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The journey, its steps laid out around the loop.
    pub document: Document,
    /// What the input held that the journey cannot, in the order of the input.
    pub notes: Vec<Note>,
}

/// Something in the input that the journey cannot hold: reported, not dropped silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The line of the input it is on, from 1.
    pub line: usize,
    /// What was left out, and why.
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A problem with the input at a line and a column (both from 1; columns in characters, or
/// the cell's number in a CSV).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The line.
    pub line: usize,
    /// The column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Why an input could not become a journey: every problem, each where it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct ImportError {
    /// Every problem, in the order of the input.
    pub problems: Vec<Problem>,
    /// Names that need a stage ([`Options::stages`]), in the order they first appear.
    pub unmapped: Vec<String>,
}

impl ImportError {
    fn new(problems: Vec<Problem>, unmapped: Vec<String>) -> Self {
        Self { problems, unmapped }
    }
}

/// Reads `text` as `kind` into a journey.
pub fn import(kind: Kind, text: &str, options: &Options) -> Result<Imported, ImportError> {
    match kind {
        Kind::Mermaid => mermaid::import(text, options),
        Kind::Csv => table::import(text, options),
    }
}

/// Reads the bytes of a file as `kind`: UTF-8 text, a byte-order mark allowed.
pub fn import_bytes(kind: Kind, bytes: &[u8], options: &Options) -> Result<Imported, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => import(kind, text, options),
        Err(err) => {
            let good = &bytes[..err.valid_up_to()];
            let line = good.split(|&b| b == b'\n').count();
            let start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[start..]).chars().count() + 1;
            Err(ImportError::new(
                vec![Problem {
                    line,
                    column,
                    message: "the file is not UTF-8 text; save it as UTF-8 and try again"
                        .to_owned(),
                }],
                Vec::new(),
            ))
        }
    }
}

/// Builds the people of an import: a persona per name, in the order they first appear.
#[derive(Default)]
struct People {
    personas: Vec<Persona>,
}

impl People {
    /// The id of the persona called `name`, added if it is new.
    fn id(&mut self, name: &str) -> String {
        if let Some(p) = self.personas.iter().find(|p| p.name == name) {
            return p.id.clone();
        }
        let base = slug(name, "persona");
        let id = builders::fresh_id(&base, |id| self.personas.iter().any(|p| p.id == id));
        let colour: Colour = PERSONA_COLOURS[self.personas.len() % PERSONA_COLOURS.len()];
        self.personas.push(Persona::new(id.clone(), name, colour));
        id
    }
}

/// An id made from a name: lower-case letters and digits joined by `-` ("Make tea" →
/// "make-tea"); `fallback` when nothing is left.
fn slug(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out.to_owned()
    }
}

/// Places every step of `doc` around the loop in stage order, as Arrange ▸ Arrange as loop
/// does.
fn lay_out(doc: &mut Document) {
    let ids = doc.steps().iter().map(|s| s.id.clone()).collect();
    let edit = builders::arrange_loop(doc, &ids);
    // Moving existing steps to finite places cannot be refused.
    let _ = edit.apply(doc);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_found_by_name_or_value_in_any_case() {
        assert_eq!(stage_named("Word of mouth"), Some(Stage::WordOfMouth));
        assert_eq!(stage_named("word_of_mouth"), Some(Stage::WordOfMouth));
        assert_eq!(stage_named("  WORD-OF-MOUTH "), Some(Stage::WordOfMouth));
        assert_eq!(stage_named("tell"), Some(Stage::Tell));
        assert_eq!(stage_named("Go to work"), None);
        let options = Options {
            stages: vec![("Go to work".into(), Stage::Experience)],
            columns: Vec::new(),
        };
        assert_eq!(options.stage("go to WORK"), Some(Stage::Experience));
        assert_eq!(options.stage("Care"), Some(Stage::Care));
    }

    #[test]
    fn ids_are_made_from_names() {
        assert_eq!(slug("Make tea", "step"), "make-tea");
        assert_eq!(slug("  Café: crème! ", "step"), "café-crème");
        assert_eq!(slug("#?!", "step"), "step");
        let mut people = People::default();
        assert_eq!(people.id("Me"), "me");
        assert_eq!(people.id("ME"), "me-2");
        assert_eq!(people.id("Me"), "me");
        assert_eq!(people.personas.len(), 2);
        assert_ne!(people.personas[0].colour, people.personas[1].colour);
    }
}
