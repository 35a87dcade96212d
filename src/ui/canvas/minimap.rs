//! The minimap: the whole journey small in a corner of the canvas, cards in their stage
//! colours, the visible area outlined; clicking or dragging in it moves the view there. It
//! never covers a card: it goes to a corner that is free, smaller if it must, or waits until
//! one is.
//!
//! The cards are painted once into a small image (one texture), redrawn only when the
//! geometry (or a stage) changes, so a frame draws one textured rectangle and an outline
//! however large the journey is.

use egui::{Color32, ColorImage, Pos2, Rect, Response, Sense, Stroke, StrokeKind, Ui, pos2, vec2};

use super::CanvasState;
use crate::layout::geometry::card_rect;
use crate::model::{Document, RevisionCache};
use crate::ui::theme;

/// The largest size of the minimap, in points.
pub const MAX_SIZE: egui::Vec2 = vec2(220.0, 150.0);
/// Its distance from the canvas's corner, in points.
const INSET: f32 = 12.0;
/// The margin around the journey it shows, in canvas units, so edge cards are not cut.
pub const MARGIN: f32 = 40.0;
/// The frame drawn around it, in points.
const FRAME: f32 = 4.0;
/// The sizes it may take, largest first, as shares of its full size.
const SCALES: [f32; 4] = [1.0, 0.75, 0.5, 0.35];

/// A corner of the canvas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Corner {
    /// Bottom right, where it goes first.
    #[default]
    BottomRight,
    /// Bottom left.
    BottomLeft,
    /// Top right.
    TopRight,
    /// Top left.
    TopLeft,
}

impl Corner {
    /// Every corner, in the order they are tried.
    pub const ALL: [Self; 4] = [
        Self::BottomRight,
        Self::BottomLeft,
        Self::TopRight,
        Self::TopLeft,
    ];
}

/// What the minimap's picture shows: the geometry revision, the stage fingerprint, the
/// image's size in pixels and whether the theme is dark.
type PictureKey = (u64, u64, [usize; 2], bool);

/// The minimap's picture and what it was painted from.
#[derive(Clone, Default)]
pub(super) struct MinimapCache {
    /// The texture, repainted in place when its key changes.
    picture: RevisionCache<egui::TextureHandle, PictureKey>,
    /// The stage fingerprint, by document revision.
    stages: RevisionCache<u64>,
}

impl std::fmt::Debug for MinimapCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MinimapCache")
            .field("stages", &self.stages)
            .finish_non_exhaustive()
    }
}

/// Where the minimap sits for a journey's `bounds` in the canvas `viewport` at full size: the
/// bottom-right corner, as large as [`MAX_SIZE`] allows with the journey's proportions.
pub fn minimap_rect(viewport: Rect, bounds: Rect) -> Rect {
    minimap_rect_at(viewport, bounds, Corner::BottomRight, 1.0)
}

/// The minimap in `corner` of `viewport`, at `scale` of its full size.
pub fn minimap_rect_at(viewport: Rect, bounds: Rect, corner: Corner, scale: f32) -> Rect {
    let size = bounds.size().max(vec2(1.0, 1.0));
    let room = MAX_SIZE.min(viewport.size() * 0.3);
    let fit = (room.x / size.x).min(room.y / size.y);
    let shown = (size * fit * scale).max(vec2(24.0, 24.0));
    let inset = vec2(INSET, INSET);
    let min = match corner {
        Corner::BottomRight => viewport.right_bottom() - shown - inset,
        Corner::BottomLeft => pos2(viewport.left() + INSET, viewport.bottom() - shown.y - INSET),
        Corner::TopRight => pos2(viewport.right() - shown.x - INSET, viewport.top() + INSET),
        Corner::TopLeft => viewport.left_top() + inset,
    };
    Rect::from_min_size(min, shown)
}

/// Where the minimap goes: the largest of its sizes at which some corner leaves every card
/// uncovered (`covers` says whether a screen rectangle, the minimap with its frame, would
/// cover one), trying `current` first so it does not wander; `None` if no corner is free
/// even at its smallest.
pub fn place(
    viewport: Rect,
    bounds: Rect,
    current: Corner,
    mut covers: impl FnMut(Rect) -> bool,
) -> Option<(Rect, Corner)> {
    let corners = std::iter::once(current).chain(Corner::ALL.into_iter().filter(|c| *c != current));
    let corners: Vec<Corner> = corners.collect();
    SCALES.into_iter().find_map(|scale| {
        corners.iter().find_map(|&corner| {
            let map = minimap_rect_at(viewport, bounds, corner, scale);
            (!covers(map.expand(FRAME))).then_some((map, corner))
        })
    })
}

/// The canvas point shown at `pos` in a minimap of `map` showing `bounds`.
pub fn canvas_at(map: Rect, bounds: Rect, pos: Pos2) -> Pos2 {
    let t = (pos - map.min) / map.size();
    bounds.min + t * bounds.size()
}

fn minimap_at(map: Rect, bounds: Rect, pos_in_canvas: Pos2) -> Pos2 {
    let t = (pos_in_canvas - bounds.min) / bounds.size().max(vec2(1.0, 1.0));
    map.min + t * map.size()
}

/// A number that changes when a step's stage changes (any single change, and almost any
/// combination), worked out once per document revision.
fn stage_fingerprint(doc: &Document) -> u64 {
    doc.steps().iter().enumerate().fold(0u64, |acc, (i, s)| {
        acc.wrapping_add((i as u64 + 1).wrapping_mul(s.stage.index() as u64 + 1))
    })
}

/// Paints every card into an image of `size` pixels showing `bounds`.
fn paint(doc: &Document, bounds: Rect, size: [usize; 2]) -> ColorImage {
    let mut image = ColorImage::filled(size, Color32::TRANSPARENT);
    let (w, h) = (size[0], size[1]);
    let sx = w as f32 / bounds.width().max(1.0);
    let sy = h as f32 / bounds.height().max(1.0);
    for step in doc.steps() {
        let card = card_rect(step.position);
        let x0 = ((card.min.x - bounds.min.x) * sx).floor().max(0.0) as usize;
        let y0 = ((card.min.y - bounds.min.y) * sy).floor().max(0.0) as usize;
        let x1 = (((card.max.x - bounds.min.x) * sx).ceil() as usize).clamp(x0 + 1, w);
        let y1 = (((card.max.y - bounds.min.y) * sy).ceil() as usize).clamp(y0 + 1, h);
        let color = theme::stage_color(step.stage);
        for y in y0.min(h)..y1 {
            image.pixels[y * w + x0.min(w)..y * w + x1].fill(color);
        }
    }
    image
}

/// Draws the minimap at `map` over the canvas and moves the camera where it is clicked or
/// dragged. `bounds` are the journey's bounds (from the spatial index); returns the
/// minimap's response.
pub(super) fn minimap_ui(
    ui: &Ui,
    doc: &Document,
    bounds: Rect,
    map: Rect,
    canvas_id: egui::Id,
    state: &mut CanvasState,
    cache: &mut MinimapCache,
) -> Option<Response> {
    let viewport = state.viewport;
    if doc.steps().is_empty() || !bounds.is_finite() || !viewport.is_positive() {
        return None;
    }
    let bounds = bounds.expand(MARGIN);
    let response = ui.interact(map, canvas_id.with("minimap"), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Minimap"));
    if (response.is_pointer_button_down_on() || response.clicked())
        && let Some(pointer) = response.interact_pointer_pos()
    {
        state.camera.center = canvas_at(map, bounds, map.clamp(pointer));
    }

    let dark = ui.visuals().dark_mode;
    let ppp = ui.ctx().pixels_per_point();
    let size = [
        (map.width() * ppp).round().max(1.0) as usize,
        (map.height() * ppp).round().max(1.0) as usize,
    ];
    let fingerprint = *cache.stages.get(doc, stage_fingerprint);
    let key = (doc.geometry_revision(), fingerprint, size, dark);
    if !cache.picture.is_for(&key) {
        let image = paint(doc, bounds, size);
        // The texture is repainted in place rather than made anew.
        let texture = match cache.picture.take() {
            Some((_, mut texture)) => {
                texture.set(image, egui::TextureOptions::NEAREST);
                texture
            }
            None => ui
                .ctx()
                .load_texture("minimap", image, egui::TextureOptions::NEAREST),
        };
        cache.picture.store(key, texture);
    }

    // Its own clip rectangle makes it its own draw call. Painted in the canvas's, its
    // shapes would be appended to the far-out mesh of every card, which at 100,000 cards
    // made the tessellator reallocate and copy that mesh every frame (+18 ms).
    let painter = ui.painter_at(map.expand(FRAME + 2.0));
    let background = theme::canvas_background(dark);
    painter.rect_filled(map.expand(FRAME), 6.0, background.gamma_multiply(0.92));
    painter.rect_stroke(
        map.expand(FRAME),
        6.0,
        Stroke::new(1.0, theme::grid_color(dark)),
        StrokeKind::Outside,
    );
    if let Some(texture) = cache.picture.latest() {
        painter.image(
            texture.id(),
            map,
            Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
            Color32::WHITE,
        );
    }
    let visible = state.camera.visible_canvas_rect(viewport);
    let outline = Rect::from_min_max(
        minimap_at(map, bounds, visible.min),
        minimap_at(map, bounds, visible.max),
    )
    .intersect(map.expand(1.0));
    if outline.is_positive() {
        painter.rect_stroke(
            outline,
            2.0,
            Stroke::new(1.5, theme::selection_color(dark)),
            StrokeKind::Inside,
        );
    }
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn the_minimap_keeps_the_journeys_proportions_in_the_corner() {
        let viewport = Rect::from_min_size(pos2(0.0, 50.0), vec2(1000.0, 700.0));
        let bounds = Rect::from_min_size(pos2(-500.0, 0.0), vec2(4000.0, 1000.0));
        let map = minimap_rect(viewport, bounds);
        // 220 wide at most; 4:1 makes it 55 high.
        assert_eq!(map.size(), vec2(220.0, 55.0));
        assert_eq!(map.right_bottom(), pos2(1000.0 - INSET, 750.0 - INSET));
        // Its centre shows the journey's centre, its corners the bounds' corners.
        assert_eq!(canvas_at(map, bounds, map.center()), bounds.center());
        assert_eq!(canvas_at(map, bounds, map.min), bounds.min);
        assert_eq!(minimap_at(map, bounds, bounds.max), map.max);
    }

    #[test]
    fn the_minimap_goes_to_a_free_corner_or_shrinks_and_never_covers_a_card() {
        let viewport = Rect::from_min_size(pos2(0.0, 50.0), vec2(1000.0, 700.0));
        let bounds = Rect::from_min_size(Pos2::ZERO, vec2(2000.0, 1500.0));
        let full = minimap_rect(viewport, bounds);
        let covers = |cards: &[Rect]| {
            let cards = cards.to_vec();
            move |r: Rect| cards.iter().any(|c| c.intersects(r))
        };
        // Nothing in the way: bottom right, full size.
        let (map, corner) = place(viewport, bounds, Corner::BottomRight, covers(&[])).unwrap();
        assert_eq!((map, corner), (full, Corner::BottomRight));
        // A card in the bottom-right corner: the next free corner, still full size.
        let card = Rect::from_min_size(full.center(), vec2(160.0, 80.0));
        let (map, corner) = place(viewport, bounds, Corner::BottomRight, covers(&[card])).unwrap();
        assert_eq!(corner, Corner::BottomLeft);
        assert_eq!(map.size(), full.size());
        assert!(!map.expand(FRAME).intersects(card));
        // It stays in the corner it was in while that one is free.
        let (_, corner) = place(viewport, bounds, Corner::TopLeft, covers(&[])).unwrap();
        assert_eq!(corner, Corner::TopLeft);
        // In every corner a card three quarters of the way along the full-size minimap's
        // diagonal: only a minimap of half the size leaves it uncovered.
        let cards: Vec<Rect> = Corner::ALL
            .iter()
            .map(|&c| {
                let big = minimap_rect_at(viewport, bounds, c, 1.0);
                let (near, far) = match c {
                    Corner::BottomRight => (big.right_bottom(), big.left_top()),
                    Corner::BottomLeft => (big.left_bottom(), big.right_top()),
                    Corner::TopRight => (big.right_top(), big.left_bottom()),
                    Corner::TopLeft => (big.left_top(), big.right_bottom()),
                };
                Rect::from_center_size(near.lerp(far, 0.75), vec2(10.0, 10.0))
            })
            .collect();
        let (map, _) = place(viewport, bounds, Corner::BottomRight, covers(&cards)).unwrap();
        assert_eq!(
            map.size(),
            minimap_rect_at(viewport, bounds, Corner::TopLeft, 0.5).size()
        );
        assert!(cards.iter().all(|c| !map.expand(FRAME).intersects(*c)));
        // Cards everywhere: no place at all.
        assert!(place(viewport, bounds, Corner::BottomRight, |_| true).is_none());
    }

    #[test]
    fn cards_are_painted_in_their_stage_colours() {
        use crate::model::{Stage, Step};
        let mut doc = Document::new("t");
        doc.set_steps_and_links(
            vec![
                Step::new("a", Stage::Tell, "A", [0.0, 0.0]),
                Step::new("b", Stage::Care, "B", [1000.0, 0.0]),
            ],
            vec![],
        )
        .unwrap();
        let bounds = crate::layout::geometry::journey_bounds(&doc).unwrap();
        let image = paint(&doc, bounds, [100, 10]);
        assert_eq!(image.pixels[0], theme::stage_color(Stage::Tell));
        assert_eq!(image.pixels[99], theme::stage_color(Stage::Care));
        assert_eq!(image.pixels[50], Color32::TRANSPARENT);
    }
}
