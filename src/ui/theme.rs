//! The [`palette`]'s colours as egui colours, readable in light and dark themes.

use egui::Color32;

use crate::layout::palette::{self, Rgb};
use crate::model::{Emotion, Stage};

impl From<Rgb> for Color32 {
    fn from(Rgb(r, g, b): Rgb) -> Self {
        Self::from_rgb(r, g, b)
    }
}

/// The full colour of a stage: toolbar buttons, card stripes, legend swatches.
pub fn stage_color(stage: Stage) -> Color32 {
    palette::stage(stage).into()
}

/// The fill of a card of this stage: a tint of its colour over the canvas background.
pub fn card_fill(stage: Stage, dark_mode: bool) -> Color32 {
    palette::card_fill(stage, dark_mode).into()
}

/// The stage's colour for small text on a card, with enough contrast in either theme.
pub fn stage_text_color(stage: Stage, dark_mode: bool) -> Color32 {
    palette::stage_text(stage, dark_mode).into()
}

/// The colour of text drawn on a full stage colour.
pub fn on_stage_color() -> Color32 {
    palette::ON_STAGE.into()
}

/// The canvas background.
pub fn canvas_background(dark_mode: bool) -> Color32 {
    palette::background(dark_mode).into()
}

/// The grid lines.
pub fn grid_color(dark_mode: bool) -> Color32 {
    palette::grid(dark_mode).into()
}

/// Card titles and link labels.
pub fn ink(dark_mode: bool) -> Color32 {
    palette::ink(dark_mode).into()
}

/// Secondary text on cards (the start of the notes).
pub fn weak_ink(dark_mode: bool) -> Color32 {
    palette::weak_ink(dark_mode).into()
}

/// Links.
pub fn link_color(dark_mode: bool) -> Color32 {
    palette::link(dark_mode).into()
}

/// The highlight of selected cards and links.
pub fn selection_color(dark_mode: bool) -> Color32 {
    palette::selection(dark_mode).into()
}

/// The halo of cards and links that Find matched: amber, apart from the selection's blue.
pub fn found_color(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(214, 158, 0)
    } else {
        Color32::from_rgb(255, 190, 20)
    }
}

/// The colour of the emotion mark, from red (very unhappy) through grey to green (delighted).
pub fn emotion_color(emotion: Emotion) -> Color32 {
    palette::emotion(emotion).into()
}

/// `a` moved towards `b` by `t` (0..=1).
pub fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    Rgb(a.r(), a.g(), a.b())
        .mix(Rgb(b.r(), b.g(), b.b()), t)
        .into()
}

/// The badge of a step's leak on the canvas: a deep red that white text reads on (contrast
/// 6.5:1) in either theme.
pub const LEAK: Color32 = Color32::from_rgb(0xb0, 0x1e, 0x2e);

/// A fail point's mark.
pub const FAIL_POINT: Color32 = rgb(palette::FAIL_POINT);
/// A metric short of its target.
pub const OFF_TARGET: Color32 = rgb(palette::OFF_TARGET);
/// A metric at or past its target.
pub const ON_TARGET: Color32 = rgb(palette::ON_TARGET);
/// A wait's mark.
pub const WAIT: Color32 = rgb(palette::WAIT);
/// The to-be journey's curve.
pub const TO_BE: Color32 = rgb(palette::TO_BE);

/// The service blueprint's dashed lines and their labels.
pub fn blueprint_line(dark_mode: bool) -> Color32 {
    palette::blueprint_line(dark_mode).into()
}

const fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}
