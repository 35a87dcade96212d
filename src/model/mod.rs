//! The journey model: [`Document`], [`Step`], [`Link`], [`Stage`], the marketing frame and
//! [`Edit`]. It knows nothing of files or of the user interface.

mod document;
mod edit;
mod frame;
pub mod generate;
mod stage;

pub use document::{Document, Link, ModelError, Point, Step, View};
pub use edit::{Edit, FrameValue, LinkValue, StepValue};
pub use frame::{Audience, Desire, Desires, Problems};
pub use stage::{Emotion, Stage};

/// Fields of a file that this version does not know, kept in their order and written back.
pub type Extra = serde_json::Map<String, serde_json::Value>;
