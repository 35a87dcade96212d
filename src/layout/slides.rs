//! The slides of a presentation — View ▸ Present in the editor, `convert --slides` to PDF —
//! and what each one shows.
//!
//! The journey's bookmarks are the slides, in their order. A journey without bookmarks is
//! presented as the marketing frame, then each stage that has steps, then the whole loop.
//! A slide other than the frame shows a region of the canvas, fitted to the screen or page
//! by [`fit`]: a bookmark the region its view covers on a [`REFERENCE`] screen (so on such a
//! screen it shows exactly the bookmarked view), a stage or the loop its cards with a margin.

use emath::{Pos2, Rect, Vec2, pos2, vec2};

use super::geometry::{card_rect, journey_bounds};
use super::words::thousands;
use crate::model::{Desire, Document, Stage};

/// The screen a bookmark's view is measured on: 16:9, the shape of projectors and of the
/// PDF's slide pages.
pub const REFERENCE: Vec2 = vec2(1280.0, 720.0);

/// The closest a stage or the whole loop is shown: a stage of one step is not blown up to
/// fill the screen.
pub const MAX_ZOOM: f32 = 1.5;

/// The farthest out any slide is shown.
const MIN_ZOOM: f32 = 0.005;

/// Empty space around a stage's or the loop's cards, as a share of the larger side.
const MARGIN_SHARE: f32 = 0.08;

/// Empty space around a stage's or the loop's cards at least, in canvas units.
const MARGIN: f32 = 40.0;

/// What a slide is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlideKind {
    /// The journey's bookmark of this index.
    Bookmark(usize),
    /// The marketing frame: narrative, audience, desires, problems.
    Frame,
    /// The steps of one stage.
    Stage(Stage),
    /// The whole loop.
    Whole,
}

/// One slide: what it is, its title, and the region of the canvas it shows (none for the
/// frame).
#[derive(Clone, Debug, PartialEq)]
pub struct Slide {
    /// What it is.
    pub kind: SlideKind,
    /// Its title, shown with its number.
    pub title: String,
    /// The canvas region it shows; `None` for the frame.
    pub region: Option<Rect>,
}

/// The slides of `doc`, in order.
pub fn slides(doc: &Document) -> Vec<Slide> {
    let bookmarks = &doc.view.bookmarks;
    if !bookmarks.is_empty() {
        return bookmarks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let zoom = (b.zoom as f32).max(MIN_ZOOM);
                let center = pos2(b.center[0] as f32, b.center[1] as f32);
                Slide {
                    kind: SlideKind::Bookmark(i),
                    title: b.name.clone(),
                    region: Some(Rect::from_center_size(center, REFERENCE / zoom)),
                }
            })
            .collect();
    }
    let mut out = vec![Slide {
        kind: SlideKind::Frame,
        title: "The marketing frame".to_owned(),
        region: None,
    }];
    for stage in Stage::ALL {
        let bounds = doc
            .steps()
            .iter()
            .filter(|s| s.stage == stage)
            .map(|s| card_rect(s.position))
            .reduce(Rect::union);
        if let Some(bounds) = bounds {
            out.push(Slide {
                kind: SlideKind::Stage(stage),
                title: stage.label().to_owned(),
                region: Some(with_margin(bounds)),
            });
        }
    }
    out.push(Slide {
        kind: SlideKind::Whole,
        title: "The whole loop".to_owned(),
        region: Some(journey_bounds(doc).map_or_else(
            || Rect::from_center_size(Pos2::ZERO, REFERENCE),
            with_margin,
        )),
    });
    out
}

/// What the corner of slide `index` (from 0) of `count` says: "2 / 8 · Buy".
pub fn label(index: usize, count: usize, slide: &Slide) -> String {
    format!("{} / {count} · {}", index + 1, slide.title)
}

/// The marketing frame as the frame slide and the exported frame box show it: a heading
/// and a text for each part that is filled in, in the order of the journey panel.
pub fn frame_entries(doc: &Document) -> Vec<(&'static str, String)> {
    let desires: Vec<&str> = doc.audience.desires.iter().map(Desire::label).collect();
    let entries = [
        ("Core narrative", doc.core_narrative.clone()),
        ("Audience", doc.audience.description.clone()),
        (
            "Audience size",
            doc.audience.size.map(thousands).unwrap_or_default(),
        ),
        ("What makes it unique", doc.audience.uniqueness.clone()),
        ("Desires", desires.join(" · ")),
        ("External problem", doc.problems.external.clone()),
        ("Internal problem", doc.problems.internal.clone()),
        ("Philosophical problem", doc.problems.philosophical.clone()),
    ];
    entries
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .collect()
}

fn with_margin(bounds: Rect) -> Rect {
    bounds.expand((bounds.width().max(bounds.height()) * MARGIN_SHARE).max(MARGIN))
}

/// The camera showing `region` as large as fits in a screen of `size`: the canvas point at
/// the centre, and screen points per canvas unit. A bookmark's region on a [`REFERENCE`]
/// screen gives back its view; other regions are shown at most at [`MAX_ZOOM`].
pub fn fit(slide: &Slide, size: Vec2) -> Option<(Pos2, f32)> {
    let region = slide.region?;
    let zoom = (size.x / region.width().max(1.0)).min(size.y / region.height().max(1.0));
    let most = match slide.kind {
        SlideKind::Bookmark(_) => f32::INFINITY,
        SlideKind::Frame | SlideKind::Stage(_) | SlideKind::Whole => MAX_ZOOM,
    };
    let zoom = zoom.clamp(MIN_ZOOM, most.max(MIN_ZOOM));
    zoom.is_finite().then_some((region.center(), zoom))
}

/// The part of the canvas a screen of `size` shows of `slide`.
pub fn visible(slide: &Slide, size: Vec2) -> Option<Rect> {
    let (center, zoom) = fit(slide, size)?;
    Some(Rect::from_center_size(center, size / zoom))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bookmark, Step};

    fn journey() -> Document {
        let mut doc = Document::new("t");
        doc.set_steps_and_links(
            vec![
                Step::new("a", Stage::Tell, "A", [0.0, 0.0]),
                Step::new("b", Stage::Tell, "B", [400.0, 0.0]),
                Step::new("c", Stage::Care, "C", [0.0, 600.0]),
            ],
            vec![],
        )
        .unwrap();
        doc
    }

    #[test]
    fn without_bookmarks_the_frame_each_stage_with_steps_and_the_loop() {
        let slides = slides(&journey());
        let kinds: Vec<SlideKind> = slides.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SlideKind::Frame,
                SlideKind::Stage(Stage::Tell),
                SlideKind::Stage(Stage::Care),
                SlideKind::Whole
            ]
        );
        assert_eq!(slides[0].region, None);
        // Tell's two cards, 400 apart and 200 × 84 each, with a margin of 8 % of 600.
        let tell = slides[1].region.unwrap();
        assert_eq!(
            tell,
            Rect::from_min_max(pos2(-148.0, -90.0), pos2(548.0, 90.0))
        );
        let whole = slides[3].region.unwrap();
        assert!(whole.contains_rect(tell) && whole.contains(pos2(0.0, 600.0)));
    }

    #[test]
    fn a_bookmark_on_the_reference_screen_is_its_own_view() {
        let mut doc = journey();
        doc.view.bookmarks = vec![
            Bookmark::new("Close", [100.0, 50.0], 1.25),
            Bookmark::new("Far", [-20.0, 0.0], 0.2),
        ];
        let slides = slides(&doc);
        assert_eq!(slides.len(), 2);
        assert_eq!(slides[1].title, "Far");
        let (center, zoom) = fit(&slides[0], REFERENCE).unwrap();
        assert_eq!((center, zoom), (pos2(100.0, 50.0), 1.25));
        // Twice the screen shows the same region twice as large.
        let (_, zoom) = fit(&slides[1], REFERENCE * 2.0).unwrap();
        assert!((zoom - 0.4).abs() < 1e-6);
    }

    #[test]
    fn a_stage_of_one_step_is_not_blown_up() {
        let mut doc = Document::new("t");
        doc.set_steps_and_links(vec![Step::new("a", Stage::Buy, "A", [0.0, 0.0])], vec![])
            .unwrap();
        let slides = slides(&doc);
        let (center, zoom) = fit(&slides[1], REFERENCE).unwrap();
        assert_eq!(center, Pos2::ZERO);
        assert_eq!(zoom, MAX_ZOOM);
        assert_eq!(fit(&slides[0], REFERENCE), None);
        // An empty journey still has its frame and a loop to show.
        assert_eq!(self::slides(&Document::new("")).len(), 2);
    }
}
