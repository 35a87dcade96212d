//! The user interface: the canvas, the inspector and the stage colours.
//!
//! UI functions read the document and return [`Action`]s; the app applies them after the
//! frame's drawing, so nothing changes the journey in the middle of a frame.

pub mod canvas;
pub mod inspector;
pub mod spatial;
pub mod theme;

use crate::app::commands::Command;
use crate::model::Edit;

/// What a piece of the interface asks the app to do.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Action {
    /// Apply this edit to the journey (through the history).
    Edit(Edit),
    /// End the current undo step (a text field lost focus, a slider was released).
    Seal,
    /// Run a command, as if chosen from the menu.
    Command(Command),
    /// Put the keyboard into the selected step's title field.
    FocusTitle,
    /// Tell the user something in the status bar.
    Notice(String),
}
