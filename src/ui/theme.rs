//! Colours of the six stages, readable in light and dark themes.

use egui::Color32;

use crate::model::{Emotion, Stage};

/// The full colour of a stage: toolbar buttons, card stripes, legend swatches.
pub const fn stage_color(stage: Stage) -> Color32 {
    match stage {
        Stage::Tell => Color32::from_rgb(0x2F, 0x6F, 0xDE),
        Stage::Buy => Color32::from_rgb(0x1E, 0x9E, 0x55),
        Stage::Experience => Color32::from_rgb(0x0E, 0x9E, 0x94),
        Stage::Care => Color32::from_rgb(0xE8, 0x7A, 0x14),
        Stage::Delight => Color32::from_rgb(0xD9, 0x3C, 0x8C),
        Stage::WordOfMouth => Color32::from_rgb(0x84, 0x4F, 0xD9),
    }
}

/// The fill of a card of this stage: a tint of its colour over the canvas background.
pub fn card_fill(stage: Stage, dark_mode: bool) -> Color32 {
    let base = stage_color(stage);
    if dark_mode {
        mix(Color32::from_rgb(0x26, 0x28, 0x2C), base, 0.28)
    } else {
        mix(Color32::WHITE, base, 0.14)
    }
}

/// The stage's colour for small text on a card, with enough contrast in either theme.
pub fn stage_text_color(stage: Stage, dark_mode: bool) -> Color32 {
    if dark_mode {
        mix(stage_color(stage), Color32::WHITE, 0.45)
    } else {
        mix(stage_color(stage), Color32::BLACK, 0.15)
    }
}

/// The colour of text drawn on a full stage colour.
pub const fn on_stage_color() -> Color32 {
    Color32::WHITE
}

/// The canvas background.
pub const fn canvas_background(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(0x1B, 0x1C, 0x1F)
    } else {
        Color32::from_rgb(0xF7, 0xF8, 0xFA)
    }
}

/// The grid lines.
pub const fn grid_color(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(0x2A, 0x2C, 0x30)
    } else {
        Color32::from_rgb(0xE4, 0xE7, 0xEC)
    }
}

/// Card titles and link labels.
pub const fn ink(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(0xEE, 0xEE, 0xF0)
    } else {
        Color32::from_rgb(0x1D, 0x20, 0x26)
    }
}

/// Secondary text on cards (the start of the notes).
pub const fn weak_ink(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(0xA8, 0xAD, 0xB6)
    } else {
        Color32::from_rgb(0x5A, 0x61, 0x6E)
    }
}

/// Links.
pub const fn link_color(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(0x9A, 0xA0, 0xAA)
    } else {
        Color32::from_rgb(0x6B, 0x72, 0x80)
    }
}

/// The highlight of selected cards and links.
pub const fn selection_color(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(0xFF, 0xD2, 0x4A)
    } else {
        Color32::from_rgb(0x11, 0x18, 0x27)
    }
}

/// The colour of the emotion mark, from red (very unhappy) through grey to green (delighted).
pub const fn emotion_color(emotion: Emotion) -> Color32 {
    match emotion.value() {
        ..=-2 => Color32::from_rgb(0xD6, 0x33, 0x33),
        -1 => Color32::from_rgb(0xEE, 0x8A, 0x3A),
        0 => Color32::from_rgb(0x8A, 0x90, 0x9A),
        1 => Color32::from_rgb(0x52, 0xB0, 0x5A),
        _ => Color32::from_rgb(0x1E, 0x9E, 0x55),
    }
}

/// `a` moved towards `b` by `t` (0..=1).
pub fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let lerp = |x: u8, y: u8| {
        (f32::from(x) + (f32::from(y) - f32::from(x)) * t)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Color32::from_rgb(lerp(a.r(), b.r()), lerp(a.g(), b.g()), lerp(a.b(), b.b()))
}
