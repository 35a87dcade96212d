//! Journey Designer: customer-journey maps around the service loop.
//!
//! [`model`] holds the journey and its edits, [`format`](mod@format) reads and writes files,
//! [`export`] turns a journey into pictures, Mermaid and CSV and [`import`] reads Mermaid and
//! CSV back, [`compare`] diffs and merges versions of a journey, [`ui`] draws it and [`app`]
//! is the editor window; [`simulation`] runs a journey's numbers and [`calibrate`] fits them
//! to an event log. With the `testing` feature (tests, benches and examples), `perf` measures
//! them.
//!
//! Reading a journey, changing it through an [`model::Edit`] and writing it back:
//!
//! ```
//! use journey_designer::format;
//! use journey_designer::model::{Edit, FrameValue};
//!
//! let mut doc = format::from_str(r#"{"format": "journey-designer", "version": 2}"#)?;
//! let undo = Edit::SetFrame(FrameValue::Title("Q3 launch".into())).apply(&mut doc)?;
//! assert!(format::to_string(&doc).contains(r#""title": "Q3 launch""#));
//! let _redo = undo.apply(&mut doc)?;
//! assert_eq!(doc.title, "");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod app;
pub mod calibrate;
pub mod compare;
pub mod export;
pub mod format;
pub mod import;
pub mod layout;
pub mod model;
#[cfg(feature = "testing")]
pub mod perf;
pub mod simulation;
pub mod task;
pub mod ui;
