//! What can be wrong with a file, each error saying where.

use std::fmt;
use std::path::PathBuf;

/// One problem with the content of a file, at a JSON path such as `steps[3].stage`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError {
    /// Where the problem is (`steps[3].stage`); `(file)` for the file as a whole.
    pub path: String,
    /// What is wrong, and what was expected.
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a journey could not be read from text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The bytes are not UTF-8 text.
    #[error("line {line}, column {column}: the file is not UTF-8 text (is it a journey file?)")]
    NotText {
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in characters) of the first bad byte.
        column: usize,
    },
    /// The text is not valid JSON.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON parser found.
        message: String,
    },
    /// The file was written by a newer version of the app.
    #[error(
        "version: this journey is in file format version {found}, but this Journey Designer reads versions up to {supported}; open it with a newer Journey Designer"
    )]
    NewerVersion {
        /// The file's version.
        found: u64,
        /// The newest version this app reads.
        supported: u64,
    },
    /// The JSON is well formed but its content is not a valid journey: every problem found.
    #[error("{}", display_all(.0))]
    Content(Vec<ContentError>),
}

fn display_all(errors: &[ContentError]) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

/// Why a journey file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be read.
    #[error("cannot read {}: {}", .path.display(), super::io_reason(.source))]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file was read but is not a valid journey.
    #[error("{}: {source}", .path.display())]
    Load {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: LoadError,
    },
}
