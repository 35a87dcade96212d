//! A small SVG writer: the shapes our scenes need, numbers written the same way every time,
//! text escaped for XML. A scene (the canvas today, the map view later) measures itself,
//! opens a [`Svg`] on its bounds and draws into it.

use std::fmt::Write as _;

use emath::{Pos2, Rect};

use super::text;
use crate::layout::palette::Rgb;

/// How a text is placed relative to its x coordinate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// x is where the text starts.
    Start,
    /// x is the middle of the text.
    Middle,
    /// x is where the text ends.
    End,
}

/// An SVG document being written.
pub struct Svg {
    out: String,
}

impl Svg {
    /// Opens a document showing the canvas rectangle `view` (its size is the picture's size in
    /// pixels at scale 1), on a `background` colour, with `title` as the document's title.
    pub fn new(view: Rect, background: Rgb, title: &str) -> Self {
        Self::with_size(view, view.size(), background, title)
    }

    /// A picture of `size` showing the region `view` of the canvas, scaled to fill it.
    pub fn with_size(view: Rect, size: emath::Vec2, background: Rgb, title: &str) -> Self {
        let mut out = String::with_capacity(4096);
        out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
        num(&mut out, size.x);
        out.push_str("\" height=\"");
        num(&mut out, size.y);
        out.push_str("\" viewBox=\"");
        num(&mut out, view.min.x);
        out.push(' ');
        num(&mut out, view.min.y);
        out.push(' ');
        num(&mut out, view.width());
        out.push(' ');
        num(&mut out, view.height());
        let _ = write!(
            out,
            "\" font-family=\"{}, sans-serif\">\n<title>",
            text::FAMILY
        );
        escape_into(&mut out, title);
        out.push_str("</title>\n");
        let mut svg = Self { out };
        svg.rect(view, 0.0, background, None);
        svg
    }

    /// Reserves room for about `bytes` more bytes.
    pub fn reserve(&mut self, bytes: usize) {
        self.out.reserve(bytes);
    }

    /// Opens a group (`<g>`) with a comment-like class name, for readers of the file.
    pub fn begin_group(&mut self, class: &str) {
        let _ = writeln!(self.out, "<g class=\"{class}\">");
    }

    /// Closes the innermost group.
    pub fn end_group(&mut self) {
        self.out.push_str("</g>\n");
    }

    /// A rectangle with rounded corners, filled, optionally stroked on its edge.
    pub fn rect(&mut self, r: Rect, radius: f32, fill: Rgb, stroke: Option<(Rgb, f32)>) {
        let out = &mut self.out;
        out.push_str("<rect x=\"");
        num(out, r.min.x);
        out.push_str("\" y=\"");
        num(out, r.min.y);
        out.push_str("\" width=\"");
        num(out, r.width());
        out.push_str("\" height=\"");
        num(out, r.height());
        if radius > 0.0 {
            out.push_str("\" rx=\"");
            num(out, radius);
        }
        out.push_str("\" fill=\"");
        out.push_str(&fill.hex());
        if let Some((color, width)) = stroke {
            stroke_attrs(out, color, width);
        }
        out.push_str("\"/>\n");
    }

    /// A filled circle.
    pub fn circle(&mut self, center: Pos2, radius: f32, fill: Rgb) {
        let out = &mut self.out;
        out.push_str("<circle cx=\"");
        num(out, center.x);
        out.push_str("\" cy=\"");
        num(out, center.y);
        out.push_str("\" r=\"");
        num(out, radius);
        out.push_str("\" fill=\"");
        out.push_str(&fill.hex());
        out.push_str("\"/>\n");
    }

    /// A cubic Bézier curve, stroked; `dashed` in a referral link's dashes.
    pub fn curve(&mut self, p: &[Pos2; 4], color: Rgb, width: f32, dashed: bool) {
        let out = &mut self.out;
        out.push_str("<path d=\"M");
        point(out, p[0]);
        out.push('C');
        point(out, p[1]);
        out.push(' ');
        point(out, p[2]);
        out.push(' ');
        point(out, p[3]);
        out.push_str("\" fill=\"none");
        stroke_attrs(out, color, width);
        if dashed {
            out.push_str("\" stroke-dasharray=\"");
            num(out, crate::layout::card::REFERRAL_DASH[0]);
            out.push(' ');
            num(out, crate::layout::card::REFERRAL_DASH[1]);
        }
        out.push_str("\"/>\n");
    }

    /// A straight line through `points`, optionally dashed.
    pub fn polyline(&mut self, points: &[Pos2], color: Rgb, width: f32, dashed: bool) {
        let out = &mut self.out;
        out.push_str("<polyline points=\"");
        point_list(out, points);
        out.push_str("\" fill=\"none");
        stroke_attrs(out, color, width);
        if dashed {
            out.push_str("\" stroke-dasharray=\"6 4");
        }
        out.push_str("\"/>\n");
    }

    /// A filled polygon.
    pub fn polygon(&mut self, points: &[Pos2], fill: Rgb) {
        let out = &mut self.out;
        out.push_str("<polygon points=\"");
        point_list(out, points);
        out.push_str("\" fill=\"");
        out.push_str(&fill.hex());
        out.push_str("\"/>\n");
    }

    /// A filled path from raw path data (numbers written with [`Svg::path_num`]).
    pub fn path(&mut self, data: &str, fill: Rgb) {
        let _ = writeln!(self.out, "<path d=\"{data}\" fill=\"{}\"/>", fill.hex());
    }

    /// One line of text with its baseline at `at`.
    pub fn text(&mut self, at: Pos2, size: f32, fill: Rgb, anchor: Anchor, content: &str) {
        let out = &mut self.out;
        out.push_str("<text x=\"");
        num(out, at.x);
        out.push_str("\" y=\"");
        num(out, at.y);
        out.push_str("\" font-size=\"");
        num(out, size);
        out.push_str("\" fill=\"");
        out.push_str(&fill.hex());
        match anchor {
            Anchor::Start => {}
            Anchor::Middle => out.push_str("\" text-anchor=\"middle"),
            Anchor::End => out.push_str("\" text-anchor=\"end"),
        }
        out.push_str("\">");
        escape_into(out, content);
        out.push_str("</text>\n");
    }

    /// Appends a number to path data as the writer formats numbers.
    pub fn path_num(data: &mut String, x: f32) {
        num(data, x);
    }

    /// Closes the document and returns its text.
    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

fn stroke_attrs(out: &mut String, color: Rgb, width: f32) {
    out.push_str("\" stroke=\"");
    out.push_str(&color.hex());
    out.push_str("\" stroke-width=\"");
    num(out, width);
}

/// Points separated by spaces, as `points` attributes take them.
fn point_list(out: &mut String, points: &[Pos2]) {
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        point(out, *p);
    }
}

fn point(out: &mut String, p: Pos2) {
    num(out, p.x);
    out.push(',');
    num(out, p.y);
}

/// Writes `x` rounded to hundredths, without trailing zeros ("12", "-3.5", "0.25"): the same
/// number always gives the same text, and integer formatting keeps large files quick.
fn num(out: &mut String, x: f32) {
    let hundredths = if x.is_finite() {
        (f64::from(x) * 100.0).round() as i64
    } else {
        0
    };
    if hundredths < 0 {
        out.push('-');
    }
    let abs = hundredths.unsigned_abs();
    let _ = write!(out, "{}", abs / 100);
    let frac = abs % 100;
    if frac != 0 {
        out.push('.');
        if frac % 10 == 0 {
            let _ = write!(out, "{}", frac / 10);
        } else {
            let _ = write!(out, "{frac:02}");
        }
    }
}

/// Appends `text` escaped for XML content and attribute values. Characters XML 1.0 cannot
/// hold (most control characters) are left out; tabs and line breaks become spaces, as a
/// single-line SVG text shows them anyway.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(x: f32) -> String {
        let mut s = String::new();
        num(&mut s, x);
        s
    }

    #[test]
    fn numbers_are_written_briefly_and_exactly() {
        assert_eq!(formatted(12.0), "12");
        assert_eq!(formatted(-3.5), "-3.5");
        assert_eq!(formatted(0.25), "0.25");
        assert_eq!(formatted(0.05), "0.05");
        assert_eq!(formatted(-0.001), "0");
        assert_eq!(formatted(1234.567), "1234.57");
        assert_eq!(formatted(f32::NAN), "0");
    }

    #[test]
    fn text_is_escaped_for_xml() {
        let mut s = String::new();
        escape_into(&mut s, "a<b & \"c\" 'd'>\u{7}\né");
        assert_eq!(s, "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt; é");
    }
}
