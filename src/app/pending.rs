//! What the user is on the way to doing while a question or a file dialog is open: the
//! file workflow (`files`) starts these and the dialogs (`modals`) answer with them.

use std::path::PathBuf;

use crate::export;

/// What the user wanted to do when the unsaved-changes question came up.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Pending {
    /// Start a new journey: `None` blank, `Some(i)` from template `i`.
    New(Option<usize>),
    /// Ask for a file and open it.
    Open,
    /// Ask for a Mermaid or CSV file and open it as a new, unsaved journey.
    Import,
    /// Open this file.
    OpenPath(PathBuf),
    /// Close the window.
    Quit,
}

/// Why a file dialog is open.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Awaiting {
    Open,
    /// A Mermaid or CSV file to import.
    Import,
    /// Event logs to calibrate the journey from.
    Logs,
    SaveAs {
        then: Option<Pending>,
    },
    /// Where to write an export in this format, drawn with these options.
    Export {
        format: export::Format,
        options: export::Options,
    },
}
