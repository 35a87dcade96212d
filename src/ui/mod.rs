//! The user interface below the window shell: the views (the canvas, the journey map and
//! the opportunities), the inspector, the Simulation and find panels, the command table,
//! who has the keyboard (`focus`), the spatial index and the egui colours.
//!
//! UI functions read the document and the selection through a [`view::ViewContext`] and
//! return [`Action`]s; the app applies them after the frame's drawing, so nothing changes the
//! journey or the selection in the middle of a frame. Nothing here imports [`crate::app`].

pub mod calibration;
pub mod canvas;
pub mod commands;
pub mod find;
pub mod focus;
pub mod inspector;
pub mod map;
pub mod opportunities;
pub mod simulation;
pub mod spatial;
pub mod theme;
pub mod view;

use crate::model::{Edit, Selection};
use commands::Command;

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
    /// Make this the selection (in every view and the inspector).
    Select(Selection),
    /// Put the keyboard into the selected step's title field.
    FocusTitle,
    /// Move the view to these steps or this link (the camera centres on them).
    Show(Selection),
    /// Tell the user something in the status bar.
    Notice(String),
}
