//! The app's colours as plain RGB, for the canvas and for exported pictures alike: the six
//! stage colours, the emotion scale, and the inks and backgrounds of the light and dark
//! themes. The egui side converts them in [`crate::ui::theme`].

use crate::model::{Emotion, Stage};

/// A colour as red, green and blue bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// White.
    pub const WHITE: Self = Self(0xFF, 0xFF, 0xFF);
    /// Black.
    pub const BLACK: Self = Self(0, 0, 0);

    /// `#rrggbb`, as SVG and CSS write colours.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// This colour moved towards `other` by `t` (0..=1).
    #[must_use]
    pub fn mix(self, other: Self, t: f32) -> Self {
        let lerp = |x: u8, y: u8| {
            (f32::from(x) + (f32::from(y) - f32::from(x)) * t)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Self(
            lerp(self.0, other.0),
            lerp(self.1, other.1),
            lerp(self.2, other.2),
        )
    }
}

/// The full colour of a stage: toolbar buttons, card stripes, legend swatches, column heads.
pub const fn stage(stage: Stage) -> Rgb {
    match stage {
        Stage::Tell => Rgb(0x2F, 0x6F, 0xDE),
        Stage::Buy => Rgb(0x1E, 0x9E, 0x55),
        Stage::Experience => Rgb(0x0E, 0x9E, 0x94),
        Stage::Care => Rgb(0xE8, 0x7A, 0x14),
        Stage::Delight => Rgb(0xD9, 0x3C, 0x8C),
        Stage::WordOfMouth => Rgb(0x84, 0x4F, 0xD9),
    }
}

/// The fill of a card of this stage: a tint of its colour over the background.
pub fn card_fill(s: Stage, dark: bool) -> Rgb {
    if dark {
        Rgb(0x26, 0x28, 0x2C).mix(stage(s), 0.28)
    } else {
        Rgb::WHITE.mix(stage(s), 0.14)
    }
}

/// The stage's colour for small text on a card, with enough contrast in either theme.
pub fn stage_text(s: Stage, dark: bool) -> Rgb {
    if dark {
        stage(s).mix(Rgb::WHITE, 0.45)
    } else {
        stage(s).mix(Rgb::BLACK, 0.15)
    }
}

/// The colour of text drawn on a full stage colour.
pub const ON_STAGE: Rgb = Rgb::WHITE;

/// The canvas background.
pub const fn background(dark: bool) -> Rgb {
    if dark {
        Rgb(0x1B, 0x1C, 0x1F)
    } else {
        Rgb(0xF7, 0xF8, 0xFA)
    }
}

/// The grid lines.
pub const fn grid(dark: bool) -> Rgb {
    if dark {
        Rgb(0x2A, 0x2C, 0x30)
    } else {
        Rgb(0xE4, 0xE7, 0xEC)
    }
}

/// Titles and labels.
pub const fn ink(dark: bool) -> Rgb {
    if dark {
        Rgb(0xEE, 0xEE, 0xF0)
    } else {
        Rgb(0x1D, 0x20, 0x26)
    }
}

/// Secondary text (the start of the notes).
pub const fn weak_ink(dark: bool) -> Rgb {
    if dark {
        Rgb(0xA8, 0xAD, 0xB6)
    } else {
        Rgb(0x5A, 0x61, 0x6E)
    }
}

/// Links.
pub const fn link(dark: bool) -> Rgb {
    if dark {
        Rgb(0x9A, 0xA0, 0xAA)
    } else {
        Rgb(0x6B, 0x72, 0x80)
    }
}

/// The highlight of selected cards and links.
pub const fn selection(dark: bool) -> Rgb {
    if dark {
        Rgb(0xFF, 0xD2, 0x4A)
    } else {
        Rgb(0x11, 0x18, 0x27)
    }
}

/// The emotion scale, from red (very unhappy) through grey to green (delighted).
pub const fn emotion(emotion: Emotion) -> Rgb {
    emotion_value(emotion.value())
}

/// The emotion scale's colour for a value from −2 to 2.
const fn emotion_value(value: i8) -> Rgb {
    match value {
        ..=-2 => Rgb(0xD6, 0x33, 0x33),
        -1 => Rgb(0xEE, 0x8A, 0x3A),
        0 => Rgb(0x8A, 0x90, 0x9A),
        1 => Rgb(0x52, 0xB0, 0x5A),
        _ => Rgb(0x1E, 0x9E, 0x55),
    }
}

/// The colour of a piece of the emotion curve: green above neutral, red below, grey on it.
pub const fn sign_colour(sign: std::cmp::Ordering) -> Rgb {
    match sign {
        std::cmp::Ordering::Greater => emotion_value(1),
        std::cmp::Ordering::Less => emotion_value(-2),
        std::cmp::Ordering::Equal => emotion_value(0),
    }
}

/// A fail point's mark: a red that white text reads on in either theme.
pub const FAIL_POINT: Rgb = Rgb(0xC0, 0x26, 0x26);

/// A metric short of its target: a deep amber that white text reads on.
pub const OFF_TARGET: Rgb = Rgb(0xB4, 0x53, 0x09);

/// A metric at or past its target: a deep green that white text reads on.
pub const ON_TARGET: Rgb = Rgb(0x15, 0x80, 0x3D);

/// A wait's mark: a slate blue that white text reads on.
pub const WAIT: Rgb = Rgb(0x3B, 0x55, 0x8C);

/// The to-be journey's curve: a violet apart from the emotion scale and the personas'.
pub const TO_BE: Rgb = Rgb(0x6D, 0x28, 0xD9);

/// The service blueprint's dashed lines and their labels.
pub const fn blueprint_line(dark: bool) -> Rgb {
    if dark {
        Rgb(0xB8, 0xBE, 0xC8)
    } else {
        Rgb(0x47, 0x4F, 0x5C)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_mix() {
        assert_eq!(stage(Stage::Tell).hex(), "#2f6fde");
        assert_eq!(Rgb::BLACK.mix(Rgb::WHITE, 0.5), Rgb(128, 128, 128));
        assert_eq!(Rgb(10, 20, 30).mix(Rgb::WHITE, 0.0), Rgb(10, 20, 30));
    }
}
