//! Journey Designer: customer-journey maps around the service loop.
//!
//! [`model`] holds the journey and its edits, [`format`] reads and writes files.

pub mod app;
pub mod format;
pub mod model;
pub mod ui;
