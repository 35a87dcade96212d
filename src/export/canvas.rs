//! The canvas as a picture: the journey's title, links as curved arrows with their labels,
//! cards as the canvas draws them at 100 % zoom in the light theme, and optionally the
//! marketing frame in a box on the right.
//!
//! Sizes and offsets are those of `ui::canvas` at zoom 1, and shapes come from
//! [`crate::layout::geometry`] and colours from [`crate::layout::palette`], so the export
//! looks like the canvas.

use emath::{Pos2, Rect, Vec2, pos2, vec2};

use super::svg::{Anchor, Svg};
use super::text;
use crate::layout::palette::{self, Rgb};
use crate::layout::slides::{self, REFERENCE, Slide};
use crate::layout::{card, geometry};
use crate::model::{Document, Emotion, Step};

/// Exports are drawn in the light theme: they go on slides and paper.
const DARK: bool = false;
/// Empty space around everything, in canvas units.
const MARGIN: f32 = 32.0;
/// The journey's title.
const TITLE_SIZE: f32 = 24.0;
/// Space between the title and the map under it.
const TITLE_GAP: f32 = 24.0;
/// The space between the map and the marketing frame's box.
const FRAME_GAP: f32 = 40.0;
/// The width of the marketing frame's box.
const FRAME_WIDTH: f32 = 300.0;
/// The padding inside the frame's box.
const FRAME_PAD: f32 = 16.0;
/// Headings in the frame's box.
const FRAME_HEADING_SIZE: f32 = 10.5;
/// Text in the frame's box.
const FRAME_TEXT_SIZE: f32 = 12.5;
/// At most this many rows of text per entry in the frame's box.
const FRAME_ROWS: usize = 6;

/// The canvas of `doc` as SVG text; with `frame`, the marketing frame in a box beside it.
pub fn svg(doc: &Document, frame: bool) -> String {
    let map = map_bounds(doc);
    let title_rows = if doc.title.trim().is_empty() {
        Vec::new()
    } else {
        text::wrap(&doc.title, TITLE_SIZE, map.width().max(600.0), 2).rows
    };
    let title_height = title_rows.len() as f32 * text::line_height(TITLE_SIZE);
    let title_top = map.min.y - TITLE_GAP - title_height;
    let mut everything = map;
    for (i, row) in title_rows.iter().enumerate() {
        let top = title_top + i as f32 * text::line_height(TITLE_SIZE);
        everything = everything.union(Rect::from_min_size(
            pos2(map.min.x, top),
            vec2(text::width(row, TITLE_SIZE), text::line_height(TITLE_SIZE)),
        ));
    }
    let frame_box =
        frame.then(|| FrameBox::new(doc, pos2(map.max.x + FRAME_GAP, map.min.y), FRAME_WIDTH));
    if let Some(b) = &frame_box {
        everything = everything.union(b.rect);
    }
    let view = outward(everything.expand(MARGIN));

    let document_title = if doc.title.trim().is_empty() {
        "Journey"
    } else {
        doc.title.as_str()
    };
    let mut svg = Svg::new(view, palette::background(DARK), document_title);
    svg.reserve(doc.steps().len() * 900 + doc.links().len() * 400);
    if !title_rows.is_empty() {
        svg.begin_group("title");
        for (i, row) in title_rows.iter().enumerate() {
            let top = title_top + i as f32 * text::line_height(TITLE_SIZE);
            let baseline = pos2(map.min.x, top + text::ascent(TITLE_SIZE));
            svg.text(baseline, TITLE_SIZE, palette::ink(DARK), Anchor::Start, row);
        }
        svg.end_group();
    }
    svg.begin_group("links");
    for (curve, label, referral) in link_shapes(doc) {
        draw_link(&mut svg, &curve, label.as_deref(), referral);
    }
    svg.end_group();
    svg.begin_group("cards");
    for step in doc.steps() {
        draw_card(&mut svg, step);
    }
    svg.end_group();
    if let Some(b) = frame_box {
        b.draw(&mut svg);
    }
    svg.finish()
}

/// The size of a slide's page in points: 16:9, the wide slide of presentation programs
/// (13.33 × 7.5 inches).
pub const SLIDE_PAGE: Vec2 = vec2(960.0, 540.0);
/// The width of the marketing frame's box on the frame slide.
const SLIDE_FRAME_WIDTH: f32 = 640.0;
/// The size of a slide's number and title in its corner, in points of a [`REFERENCE`]
/// screen, and its distance from the edges.
const SLIDE_LABEL_SIZE: f32 = 14.0;
const SLIDE_LABEL_INSET: f32 = 16.0;

/// One slide as View ▸ Present shows it, as SVG on a 16:9 page: the region of the canvas the
/// slide shows fitted to a [`REFERENCE`] screen, or the journey's title over the marketing
/// frame; `label` (its number and title) in the bottom right-hand corner.
pub fn slide_svg(doc: &Document, slide: &Slide, label: &str) -> String {
    let title = if doc.title.trim().is_empty() {
        "Journey"
    } else {
        doc.title.as_str()
    };
    let background = palette::background(DARK);
    let (view, mut svg) = if let Some(view) = slides::visible(slide, REFERENCE) {
        let mut svg = Svg::with_size(view, SLIDE_PAGE, background, title);
        let near = view.expand(view.width().max(view.height()) * 0.1);
        svg.begin_group("links");
        for (curve, label, referral) in link_shapes(doc) {
            if near.intersects(Rect::from_points(&curve)) {
                draw_link(&mut svg, &curve, label.as_deref(), referral);
            }
        }
        svg.end_group();
        svg.begin_group("cards");
        for step in doc.steps() {
            if near.intersects(geometry::card_rect(step.position)) {
                draw_card(&mut svg, step);
            }
        }
        svg.end_group();
        (view, svg)
    } else {
        let rows = text::wrap(title, TITLE_SIZE, SLIDE_FRAME_WIDTH, 2).rows;
        let title_height = rows.len() as f32 * text::line_height(TITLE_SIZE);
        let frame = FrameBox::new(doc, pos2(0.0, title_height + TITLE_GAP), SLIDE_FRAME_WIDTH);
        let content = Rect::from_min_max(Pos2::ZERO, frame.rect.max).expand(MARGIN);
        // Widen (or heighten) the content to the page's shape around its centre.
        let aspect = SLIDE_PAGE.x / SLIDE_PAGE.y;
        let size = if content.width() / content.height() < aspect {
            vec2(content.height() * aspect, content.height())
        } else {
            vec2(content.width(), content.width() / aspect)
        };
        let view = Rect::from_center_size(content.center(), size);
        let mut svg = Svg::with_size(view, SLIDE_PAGE, background, title);
        svg.begin_group("title");
        for (i, row) in rows.iter().enumerate() {
            let top = i as f32 * text::line_height(TITLE_SIZE);
            let baseline = pos2(0.0, top + text::ascent(TITLE_SIZE));
            svg.text(baseline, TITLE_SIZE, palette::ink(DARK), Anchor::Start, row);
        }
        svg.end_group();
        frame.draw(&mut svg);
        (view, svg)
    };
    // Sizes on a REFERENCE screen, in canvas units.
    let unit = view.width() / REFERENCE.x;
    svg.begin_group("slide-number");
    svg.text(
        pos2(
            view.right() - SLIDE_LABEL_INSET * unit,
            view.bottom() - SLIDE_LABEL_INSET * unit,
        ),
        SLIDE_LABEL_SIZE * unit,
        palette::weak_ink(DARK),
        Anchor::End,
        label,
    );
    svg.end_group();
    svg.finish()
}

/// The rectangle with its corners moved out to whole units, so the picture has a whole
/// number of pixels.
fn outward(r: Rect) -> Rect {
    Rect::from_min_max(
        pos2(r.min.x.floor(), r.min.y.floor()),
        pos2(r.max.x.ceil(), r.max.y.ceil()),
    )
}

/// Every link's curve, label ("label · 30%") and whether it carries referrals (drawn
/// dashed), skipping any whose ends are missing.
fn link_shapes(doc: &Document) -> impl Iterator<Item = ([Pos2; 4], Option<String>, bool)> + '_ {
    doc.links().iter().filter_map(|link| {
        let from = doc.step(&link.from)?;
        let to = doc.step(&link.to)?;
        let curve = geometry::link_curve(
            geometry::card_rect(from.position),
            geometry::card_rect(to.position),
        );
        let label = geometry::link_label(link);
        Some((curve, (!label.is_empty()).then_some(label), link.referral))
    })
}

/// Where the cards, the curves and the labels of the links are; a small area at the origin
/// for an empty journey.
fn map_bounds(doc: &Document) -> Rect {
    let mut bounds = geometry::journey_bounds(doc);
    for (curve, label, _) in link_shapes(doc) {
        let mut r = Rect::from_points(&curve);
        if let Some(label) = label {
            r = r.union(label_rect(&curve, &label));
        }
        bounds = Some(bounds.map_or(r, |b| b.union(r)));
    }
    bounds.unwrap_or_else(|| Rect::from_min_size(Pos2::ZERO, vec2(200.0, 84.0)))
}

/// The box behind a link's label, centred on the middle of the curve.
fn label_rect(curve: &[Pos2; 4], label: &str) -> Rect {
    let size = vec2(
        text::width(label, card::LABEL_SIZE),
        text::line_height(card::LABEL_SIZE),
    ) + 2.0 * vec2(card::LABEL_PAD[0], card::LABEL_PAD[1]);
    Rect::from_center_size(geometry::bezier_point(curve, 0.5), size)
}

fn draw_link(svg: &mut Svg, curve: &[Pos2; 4], label: Option<&str>, referral: bool) {
    let color = palette::link(DARK);
    svg.curve(curve, color, card::LINK_WIDTH, referral);
    if let Some(head) = geometry::arrow_head(curve[2], curve[3], card::ARROW) {
        svg.polygon(&head, color);
    }
    if let Some(label) = label {
        let r = label_rect(curve, label);
        svg.rect(r, 4.0, palette::background(DARK), Some((color, 1.0)));
        let baseline = pos2(
            r.center().x,
            r.min.y + card::LABEL_PAD[1] + text::ascent(card::LABEL_SIZE),
        );
        svg.text(
            baseline,
            card::LABEL_SIZE,
            palette::ink(DARK),
            Anchor::Middle,
            label,
        );
    }
}

fn draw_card(svg: &mut Svg, step: &Step) {
    let card = geometry::card_rect(step.position);
    let color = palette::stage(step.stage);
    let fill = palette::card_fill(step.stage, DARK);
    // egui strokes inside the rectangle; SVG strokes on the edge, so move in half a width.
    svg.rect(
        card.shrink(0.5),
        card::RADIUS - 0.5,
        fill,
        Some((color.mix(fill, 0.35), 1.0)),
    );
    svg.path(&stripe_path(card), color);

    let text_left = card.left() + card::PAD;
    let title_width = card.right() - card::PAD - 2.0 * card::MARK_RADIUS - 4.0 - text_left;
    let title = text::wrap(&step.title, card::TITLE_SIZE, title_width, 2);
    let ink = palette::ink(DARK);
    let line = text::line_height(card::TITLE_SIZE);
    let top = card.top() + card::TITLE_TOP;
    for (i, row) in title.rows.iter().enumerate() {
        let baseline = pos2(
            text_left,
            top + i as f32 * line + text::ascent(card::TITLE_SIZE),
        );
        svg.text(baseline, card::TITLE_SIZE, ink, Anchor::Start, row);
    }
    // A one-line title leaves room for the start of the notes, under the emotion mark too.
    let first_note = step.notes.lines().next().unwrap_or_default();
    if title.rows.len() == 1 && !first_note.trim().is_empty() {
        let notes_top = top + line + 2.0;
        let notes = text::wrap(
            first_note,
            card::NOTES_SIZE,
            card.right() - card::PAD - text_left,
            2,
        );
        for (i, row) in notes.rows.iter().enumerate() {
            let baseline = pos2(
                text_left,
                notes_top
                    + i as f32 * text::line_height(card::NOTES_SIZE)
                    + text::ascent(card::NOTES_SIZE),
            );
            svg.text(
                baseline,
                card::NOTES_SIZE,
                palette::weak_ink(DARK),
                Anchor::Start,
                row,
            );
        }
    }
    let stage_top = card.bottom() - card::STAGE_BOTTOM - text::line_height(card::STAGE_SIZE);
    svg.text(
        pos2(text_left, stage_top + text::ascent(card::STAGE_SIZE)),
        card::STAGE_SIZE,
        palette::stage_text(step.stage, DARK),
        Anchor::Start,
        &step.stage.label().to_uppercase(),
    );
    let mark = pos2(
        card.right() - card::PAD / 1.4 - card::MARK_RADIUS,
        card.top() + card::TITLE_TOP + card::MARK_RADIUS,
    );
    draw_emotion_mark(svg, step.emotion, mark);
}

/// The stage stripe: the part of the card's rounded outline left of `card::STRIPE`, so its
/// corners follow the card's.
fn stripe_path(card: Rect) -> String {
    let (left, top, bottom, radius) = (card.left(), card.top(), card.bottom(), card::RADIUS);
    // Where the stripe's right edge meets the corner arcs.
    let inset =
        radius - (radius * radius - (radius - card::STRIPE) * (radius - card::STRIPE)).sqrt();
    let mut data = String::with_capacity(96);
    let point = |data: &mut String, x: f32, y: f32| {
        Svg::path_num(data, x);
        data.push(',');
        Svg::path_num(data, y);
    };
    let arc_to = |data: &mut String, x: f32, y: f32| {
        data.push('A');
        point(data, radius, radius);
        data.push_str(" 0 0 0 ");
        point(data, x, y);
    };
    data.push('M');
    point(&mut data, left + card::STRIPE, top + inset);
    arc_to(&mut data, left, top + radius);
    data.push('V');
    Svg::path_num(&mut data, bottom - radius);
    arc_to(&mut data, left + card::STRIPE, bottom - inset);
    data.push('Z');
    data
}

/// The emotion mark: a disc from red to green with the value ("+2", "−1") in it.
fn draw_emotion_mark(svg: &mut Svg, emotion: Emotion, center: Pos2) {
    svg.circle(center, card::MARK_RADIUS, palette::emotion(emotion));
    let sign = card::emotion_sign(emotion);
    let baseline = pos2(
        center.x,
        center.y + text::cap_height(card::MARK_TEXT_SIZE) / 2.0,
    );
    svg.text(
        baseline,
        card::MARK_TEXT_SIZE,
        palette::ON_STAGE,
        Anchor::Middle,
        &sign,
    );
}

/// One line in the frame's box.
enum FrameLine {
    Heading(String),
    Text(String),
    /// Space between entries.
    Gap,
}

/// The marketing frame laid out in a box.
struct FrameBox {
    rect: Rect,
    lines: Vec<FrameLine>,
}

impl FrameBox {
    /// The frame of `doc` in a box `box_width` wide with its top left-hand corner at
    /// `top_left`.
    fn new(doc: &Document, top_left: Pos2, box_width: f32) -> Self {
        let width = box_width - 2.0 * FRAME_PAD;
        let mut lines = Vec::new();
        for (heading, body) in slides::frame_entries(doc) {
            if !lines.is_empty() {
                lines.push(FrameLine::Gap);
            }
            lines.push(FrameLine::Heading(heading.to_uppercase()));
            for row in text::wrap(&body, FRAME_TEXT_SIZE, width, FRAME_ROWS).rows {
                lines.push(FrameLine::Text(row));
            }
        }
        if lines.is_empty() {
            lines.push(FrameLine::Text("No marketing frame yet.".to_owned()));
        }
        let height: f32 = lines.iter().map(Self::height).sum::<f32>() + 2.0 * FRAME_PAD;
        Self {
            rect: Rect::from_min_size(top_left, vec2(box_width, height)),
            lines,
        }
    }

    fn height(line: &FrameLine) -> f32 {
        match line {
            FrameLine::Heading(_) => text::line_height(FRAME_HEADING_SIZE) + 2.0,
            FrameLine::Text(_) => text::line_height(FRAME_TEXT_SIZE),
            FrameLine::Gap => 10.0,
        }
    }

    fn draw(&self, svg: &mut Svg) {
        svg.begin_group("frame");
        svg.rect(
            self.rect.shrink(0.5),
            card::RADIUS,
            Rgb::WHITE,
            Some((palette::grid(DARK), 1.0)),
        );
        let left = self.rect.left() + FRAME_PAD;
        let mut top = self.rect.top() + FRAME_PAD;
        for line in &self.lines {
            match line {
                FrameLine::Heading(t) => svg.text(
                    pos2(left, top + text::ascent(FRAME_HEADING_SIZE)),
                    FRAME_HEADING_SIZE,
                    palette::weak_ink(DARK),
                    Anchor::Start,
                    t,
                ),
                FrameLine::Text(t) => svg.text(
                    pos2(left, top + text::ascent(FRAME_TEXT_SIZE)),
                    FRAME_TEXT_SIZE,
                    palette::ink(DARK),
                    Anchor::Start,
                    t,
                ),
                FrameLine::Gap => {}
            }
            top += Self::height(line);
        }
        svg.end_group();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Stage};

    fn two_steps() -> Document {
        let mut doc = Document::new("Q3 <launch> & more");
        let mut a = Step::new("a", Stage::Tell, "Hear about us", [0.0, 0.0]);
        a.emotion = Emotion::new(-1).unwrap();
        let b = Step::new("b", Stage::Buy, "Buy", [400.0, 0.0]);
        let mut link = Link::new("ab", "a", "b");
        link.rate = Some(0.25);
        doc.set_steps_and_links(vec![a, b], vec![link]).unwrap();
        doc
    }

    #[test]
    fn the_picture_holds_every_card_and_the_title_with_a_margin() {
        let svg = svg(&two_steps(), false);
        // Cards span x −100..500 and y −42..42; the link's label sits between them.
        let head = svg.lines().next().unwrap();
        let title_height = text::line_height(TITLE_SIZE);
        let top = (-42.0 - TITLE_GAP - title_height - MARGIN).floor();
        let expected = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"664\" height=\"{}\" viewBox=\"-132 {top} 664 {}\"",
            74.0 - top,
            74.0 - top
        );
        assert!(head.starts_with(&expected), "{head}\n{expected}");
        assert!(svg.contains("<title>Q3 &lt;launch&gt; &amp; more</title>"));
        assert!(svg.contains(">Q3 &lt;launch&gt; &amp; more</text>"));
        assert!(svg.contains(">Hear about us</text>"));
        assert!(svg.contains(">BUY</text>"));
        assert!(svg.contains(">TELL</text>"));
        assert!(svg.contains(">−1</text>"));
        assert!(svg.contains(">25%</text>"));
        assert!(svg.ends_with("</svg>\n"));
    }

    #[test]
    fn cards_take_their_stage_colours() {
        let svg = svg(&two_steps(), false);
        assert!(svg.contains(&format!("fill=\"{}\"", palette::stage(Stage::Tell).hex())));
        assert!(svg.contains(&format!(
            "fill=\"{}\"",
            palette::card_fill(Stage::Buy, false).hex()
        )));
        assert!(svg.contains(&format!(
            "fill=\"{}\"",
            palette::emotion(Emotion::new(-1).unwrap()).hex()
        )));
    }

    #[test]
    fn the_frame_box_shows_what_is_filled_in() {
        let mut doc = two_steps();
        doc.core_narrative = "Meaningful holidays with friends".into();
        doc.problems.external = "I need a room".into();
        let without = svg(&doc, false);
        let with = svg(&doc, true);
        assert!(!without.contains("CORE NARRATIVE"));
        assert!(with.contains(">CORE NARRATIVE</text>"));
        assert!(with.contains(">Meaningful holidays with friends</text>"));
        assert!(with.contains(">EXTERNAL PROBLEM</text>"));
        assert!(!with.contains("INTERNAL PROBLEM"));
        // The box sits to the right of the cards, which end at x = 500.
        let svg_width = |s: &str| -> f32 {
            let start = s.find("width=\"").unwrap() + 7;
            let end = s[start..].find('"').unwrap() + start;
            s[start..end].parse().unwrap()
        };
        assert_eq!(
            svg_width(&with),
            500.0 + FRAME_GAP + FRAME_WIDTH + MARGIN + 132.0
        );
    }

    #[test]
    fn the_same_journey_gives_the_same_bytes() {
        assert_eq!(svg(&two_steps(), true), svg(&two_steps(), true));
    }

    #[test]
    fn an_empty_journey_is_still_a_picture() {
        let svg = svg(&Document::new(""), false);
        assert!(svg.contains("<title>Journey</title>"));
        assert!(svg.contains("viewBox=\"-32 -32 264 148\""), "{svg}");
    }

    #[test]
    fn the_stripe_follows_the_rounded_corner() {
        let card = geometry::card_rect([0.0, 0.0]);
        // sqrt(8² − 2²) = 7.746: the stripe's right edge meets the arc 0.254 below the top.
        assert_eq!(
            stripe_path(card),
            "M-94,-41.75A8,8 0 0 0 -100,-34V34A8,8 0 0 0 -94,41.75Z"
        );
    }
}
