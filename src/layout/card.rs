//! The inside of a step's card and of a link, in canvas units at 100 % zoom: the canvas
//! multiplies them by its zoom, the exporters use them as they are, so an exported picture
//! shows the cards the window shows.

use crate::model::Emotion;

/// The radius of a card's corners.
pub const RADIUS: f32 = 8.0;
/// The width of the stage-coloured stripe down a card's left edge.
pub const STRIPE: f32 = 6.0;
/// The padding inside a card, left and right of its text.
pub const PAD: f32 = 14.0;
/// From a card's top to its title.
pub const TITLE_TOP: f32 = 10.0;
/// The size of a card's title.
pub const TITLE_SIZE: f32 = 15.0;
/// The size of the start of a card's notes, under a one-row title.
pub const NOTES_SIZE: f32 = 11.5;
/// The size of the stage's name at the bottom of a card.
pub const STAGE_SIZE: f32 = 10.5;
/// From the stage's name to the card's bottom.
pub const STAGE_BOTTOM: f32 = 7.0;
/// The radius of the emotion mark in a card's top-right corner.
pub const MARK_RADIUS: f32 = 10.0;
/// The size of the emotion mark's value.
pub const MARK_TEXT_SIZE: f32 = 10.0;
/// The width of a link's line.
pub const LINK_WIDTH: f32 = 1.6;
/// The length of a link's arrow head.
pub const ARROW: f32 = 9.0;
/// The size of a link's label.
pub const LABEL_SIZE: f32 = 12.0;
/// The padding around a link's label, across and down.
pub const LABEL_PAD: [f32; 2] = [4.0, 2.0];

/// The emotion's value as the mark shows it: "+2", "0", "−1" (with a real minus sign).
pub fn emotion_sign(emotion: Emotion) -> String {
    match emotion.value() {
        v if v > 0 => format!("+{v}"),
        v if v < 0 => format!("\u{2212}{}", -v),
        _ => "0".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_writes_a_plus_or_a_real_minus() {
        let text = |v| emotion_sign(Emotion::new(v).unwrap());
        assert_eq!(
            [-2, -1, 0, 1, 2].map(text),
            ["\u{2212}2", "\u{2212}1", "0", "+1", "+2"]
        );
    }
}
