//! Text measured with the font the exports embed, without egui: the proportional font egui
//! draws the canvas with (Ubuntu Light from `epaint_default_fonts`), read with `ttf-parser`.
//!
//! Widths are the sum of the glyphs' advances. Kerning is left out on purpose: shaping every
//! card's title with a full shaper would cost more than the whole SVG budget of a large
//! journey, and Ubuntu's kerning moves a line by well under one percent, which the wrapping
//! width absorbs (`WRAP_SLACK`). The same measurements place text in the SVG, and the PNG
//! and PDF are drawn from that SVG with this very font, so the three agree.

use std::sync::OnceLock;

/// The family name of the embedded font, as SVG's `font-family` names it.
pub const FAMILY: &str = "Ubuntu";

/// The font file embedded in PNG and PDF exports (egui's own proportional font).
pub const FONT_DATA: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;

/// The share of a row kept free so that kerning, which [`width`] ignores, never pushes a
/// wrapped row past its box.
const WRAP_SLACK: f32 = 0.02;

/// The advance of a character the font lacks, in ems: the drawing falls back to another
/// font, so this is only a fair guess.
const MISSING_ADVANCE: f32 = 0.6;

/// Vertical metrics and advances of the embedded font, in ems.
struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    ascender: f32,
    descender: f32,
    line_gap: f32,
    cap_height: f32,
    /// The advances of the ASCII characters, looked up once.
    ascii: [f32; 128],
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        // The font is compiled into the program; failing to parse it is a build defect.
        #[expect(clippy::expect_used, reason = "the font ships inside the binary")]
        let face = ttf_parser::Face::parse(FONT_DATA, 0).expect("egui's default font parses");
        let units_per_em = f32::from(face.units_per_em());
        let mut metrics = Metrics {
            units_per_em,
            ascender: f32::from(face.ascender()) / units_per_em,
            descender: f32::from(face.descender()) / units_per_em,
            line_gap: f32::from(face.line_gap()) / units_per_em,
            cap_height: face
                .capital_height()
                .map_or(0.7, |h| f32::from(h) / units_per_em),
            ascii: [0.0; 128],
            face,
        };
        for code in 0u8..128 {
            metrics.ascii[usize::from(code)] = metrics.lookup(char::from(code));
        }
        metrics
    })
}

impl Metrics {
    fn lookup(&self, c: char) -> f32 {
        self.face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(MISSING_ADVANCE, |a| f32::from(a) / self.units_per_em)
    }

    fn advance(&self, c: char) -> f32 {
        match usize::try_from(u32::from(c)) {
            Ok(i) if i < 128 => self.ascii[i],
            _ => self.lookup(c),
        }
    }
}

/// The width of `text` set in the embedded font at `size` (one line, no kerning).
pub fn width(text: &str, size: f32) -> f32 {
    let m = metrics();
    text.chars().map(|c| m.advance(c)).sum::<f32>() * size
}

/// The distance from one baseline to the next at `size`, as egui spaces rows.
pub fn line_height(size: f32) -> f32 {
    let m = metrics();
    (m.ascender - m.descender + m.line_gap) * size
}

/// The distance from the top of a row to its baseline at `size`.
pub fn ascent(size: f32) -> f32 {
    metrics().ascender * size
}

/// The height of capital letters and digits at `size`, to centre them on a point.
pub fn cap_height(size: f32) -> f32 {
    metrics().cap_height * size
}

/// Text broken into rows that fit a width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrapped {
    /// The rows, each without leading or trailing spaces.
    pub rows: Vec<String>,
    /// Whether text was cut and the last row ends in an ellipsis.
    pub elided: bool,
}

/// Breaks `text` into at most `max_rows` rows no wider than `max_width` at `size`, as the
/// canvas does: between words where possible, inside a word too long for a row, and with an
/// ellipsis ending the last row when the text does not fit. Runs of white space (newlines
/// included) count as one space, as SVG draws them.
pub fn wrap(text: &str, size: f32, max_width: f32, max_rows: usize) -> Wrapped {
    let m = metrics();
    let limit = max_width * (1.0 - WRAP_SLACK) / size;
    let space = m.advance(' ');
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    let mut row_width = 0.0;
    let words = text.split_whitespace();
    let mut elided = false;
    'words: for word in words {
        let word_width: f32 = word.chars().map(|c| m.advance(c)).sum();
        let gap = if row.is_empty() { 0.0 } else { space };
        if row_width + gap + word_width <= limit {
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(word);
            row_width += gap + word_width;
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
            row_width = 0.0;
            if rows.len() == max_rows {
                elided = true;
                break;
            }
        }
        if word_width <= limit {
            row.push_str(word);
            row_width = word_width;
            continue;
        }
        // A word longer than a row: break it between characters.
        for c in word.chars() {
            let w = m.advance(c);
            if row_width + w > limit && !row.is_empty() {
                rows.push(std::mem::take(&mut row));
                row_width = 0.0;
                if rows.len() == max_rows {
                    elided = true;
                    break 'words;
                }
            }
            row.push(c);
            row_width += w;
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    if elided && let Some(last) = rows.last_mut() {
        ellipsize(last, limit);
    }
    Wrapped { rows, elided }
}

/// Shortens `row` until it and an ellipsis fit in `limit` ems.
fn ellipsize(row: &mut String, limit: f32) {
    let m = metrics();
    let ellipsis = m.advance('…');
    let mut w: f32 = row.chars().map(|c| m.advance(c)).sum();
    while w + ellipsis > limit {
        let Some(c) = row.pop() else { break };
        w -= m.advance(c);
    }
    let trimmed = row.trim_end().len();
    row.truncate(trimmed);
    row.push('…');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_add_up_and_scale_with_the_size() {
        let a = width("Tell", 15.0);
        assert!(a > 15.0 && a < 40.0, "{a}");
        assert!((width("Tell Tell", 15.0) - (2.0 * a + width(" ", 15.0))).abs() < 1e-3);
        assert!((width("Tell", 30.0) - 2.0 * a).abs() < 1e-3);
        assert_eq!(width("", 15.0), 0.0);
        // Accented letters are in the font, so they measure like their plain forms.
        assert!((width("é", 12.0) - width("e", 12.0)).abs() < 0.5);
    }

    #[test]
    fn short_text_stays_on_one_row() {
        let w = wrap("  Tell \n people ", 15.0, 148.0, 2);
        assert_eq!(w.rows, ["Tell people"]);
        assert!(!w.elided);
        assert_eq!(wrap("", 15.0, 148.0, 2).rows, Vec::<String>::new());
    }

    #[test]
    fn long_text_wraps_between_words_and_ends_in_an_ellipsis() {
        let text = "They rave about it and their friends notice and enter the loop again";
        let w = wrap(text, 15.0, 148.0, 2);
        assert_eq!(w.rows.len(), 2);
        assert!(w.elided);
        assert!(w.rows[1].ends_with('…'), "{:?}", w.rows);
        assert!(text.starts_with(&w.rows[0]), "{:?}", w.rows);
        for row in &w.rows {
            assert!(width(row, 15.0) <= 148.0, "{row}");
        }
        let all = wrap(text, 15.0, 148.0, 10);
        assert!(!all.elided);
        assert_eq!(all.rows.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_a_row_is_broken_inside() {
        let word = "x".repeat(80);
        let w = wrap(&word, 15.0, 148.0, 10);
        assert!(w.rows.len() > 1);
        assert_eq!(w.rows.concat(), word);
        assert!(w.rows.iter().all(|r| width(r, 15.0) <= 148.0));
    }

    #[test]
    fn vertical_metrics_are_those_of_the_font() {
        assert!(ascent(10.0) > 7.0 && ascent(10.0) < 10.0);
        assert!(line_height(10.0) > ascent(10.0));
        assert!(cap_height(10.0) > 5.0 && cap_height(10.0) < ascent(10.0));
    }
}
