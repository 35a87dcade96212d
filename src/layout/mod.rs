//! Where things are drawn and in which colours, as plain functions over emath's points and
//! plain RGB — the layer the views ([`crate::ui`]) and the exporters ([`crate::export`]) both
//! draw from, so a picture looks like the window:
//!
//! - [`geometry`]: a step's card, a link's curve and arrow head, a journey's bounds,
//!   hit-testing a curve.
//! - [`card`]: the measures of a card's insides (stripe, padding, type sizes, the emotion
//!   mark) and the mark's text.
//! - [`map`]: the journey map's stage columns, lanes, cells, emotion curve and scores.
//! - [`palette`]: stage, emotion, ink and background colours, light and dark.
//! - [`slides`]: the slides of a presentation and the region of the canvas each shows.
//! - [`words`]: numbers as people read them ("500,000").
//!
//! Nothing here knows egui's `Context`; it uses only the model.

pub mod card;
pub mod geometry;
pub mod map;
pub mod palette;
pub mod slides;
pub mod words;
