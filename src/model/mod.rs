//! The journey model: [`Document`], [`Step`], [`Link`], [`Stage`], the marketing frame and
//! [`Edit`], the pure [`builders`] of edits and the editor's [`Selection`]. It knows nothing of files or of the user interface.

pub mod builders;
mod cache;
mod document;
mod edit;
mod frame;
pub mod generate;
pub mod search;
mod selection;
mod stage;

pub use builders::plural;
pub use cache::RevisionCache;
pub use document::{Bookmark, CARD_SIZE, Document, Link, ModelError, Point, Step, View};
pub use edit::{Edit, FrameValue, LinkValue, StepValue};
pub use frame::{Audience, Desire, Desires, Problems};
pub use selection::Selection;
pub use stage::{Emotion, Stage};

/// Fields of a file that this version does not know, kept in their order and written back.
pub type Extra = serde_json::Map<String, serde_json::Value>;
