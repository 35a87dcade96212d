//! Journey Designer: customer-journey maps around the service loop.
//!
//! [`model`] holds the journey and its edits, [`format`] reads and writes files, [`ui`] draws
//! them and [`app`] is the editor window; [`perf`] measures them.

pub mod app;
pub mod format;
pub mod model;
pub mod perf;
pub mod ui;
