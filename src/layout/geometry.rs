//! Where things are, as plain functions: the size and rectangle of a step's card, the curve
//! of a link, the bounds of a journey, hit-testing a curve. No `egui::Context` here — only
//! emath's points and rectangles — so the canvas, its spatial index and the exporters all
//! draw the same journey.

use emath::{Pos2, Rect, Vec2, pos2, vec2};

use crate::model::{self, Document, Point};

/// The size of a card in canvas units.
pub const CARD_SIZE: Vec2 = vec2(model::CARD_SIZE[0] as f32, model::CARD_SIZE[1] as f32);
/// The grid spacing in canvas units; snapping and nudging use it too.
pub const GRID: f32 = 20.0;

/// A document point as an emath point.
pub fn to_pos(p: Point) -> Pos2 {
    pos2(p[0] as f32, p[1] as f32)
}

/// An emath point as a document point.
pub fn to_point(p: Pos2) -> Point {
    [f64::from(p.x), f64::from(p.y)]
}

/// The rectangle of a card in canvas units.
pub fn card_rect(position: Point) -> Rect {
    Rect::from_center_size(to_pos(position), CARD_SIZE)
}

/// The smallest canvas rectangle holding every card, if there are any.
pub fn journey_bounds(doc: &Document) -> Option<Rect> {
    doc.steps()
        .iter()
        .map(|s| card_rect(s.position))
        .reduce(Rect::union)
}

/// The connection handle of a card, in canvas units: the middle of its right edge.
pub fn handle_center(card: Rect) -> Pos2 {
    pos2(card.right(), card.center().y)
}

/// The curve of a link between two cards (canvas units): start, two controls, end.
pub fn link_curve(from: Rect, to: Rect) -> [Pos2; 4] {
    let (a, b) = (from.center(), to.center());
    let dir = (b - a).normalized();
    if !dir.is_finite() || dir == Vec2::ZERO {
        // A self-link or two cards on the same spot: a small loop on the right.
        let start = pos2(from.right(), from.center().y - 12.0);
        let end = pos2(from.right(), from.center().y + 12.0);
        return [
            start,
            start + vec2(60.0, -40.0),
            end + vec2(60.0, 40.0),
            end,
        ];
    }
    let start = rect_exit(from, dir) + dir * 2.0;
    let end = rect_exit(to, -dir) - dir * 6.0;
    let length = (end - start).length();
    let normal = vec2(-dir.y, dir.x);
    let bend = normal * (length * 0.12);
    [
        start,
        start + dir * (length / 3.0) + bend,
        end - dir * (length / 3.0) + bend,
        end,
    ]
}

/// Where a ray from the centre of `rect` in direction `dir` leaves it.
fn rect_exit(rect: Rect, dir: Vec2) -> Pos2 {
    let half = rect.size() / 2.0;
    let tx = if dir.x.abs() > f32::EPSILON {
        half.x / dir.x.abs()
    } else {
        f32::INFINITY
    };
    let ty = if dir.y.abs() > f32::EPSILON {
        half.y / dir.y.abs()
    } else {
        f32::INFINITY
    };
    rect.center() + dir * tx.min(ty)
}

/// The point at `t` (0..=1) along a cubic Bézier curve.
pub fn bezier_point(p: &[Pos2; 4], t: f32) -> Pos2 {
    let u = 1.0 - t;
    let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
    pos2(
        w[0] * p[0].x + w[1] * p[1].x + w[2] * p[2].x + w[3] * p[3].x,
        w[0] * p[0].y + w[1] * p[1].y + w[2] * p[2].y + w[3] * p[3].y,
    )
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a + ab * t - p).length()
}

/// Whether `pos_in_canvas` is within `tolerance` (canvas units) of the curve.
pub fn near_curve(curve: &[Pos2; 4], pos_in_canvas: Pos2, tolerance: f32) -> bool {
    let bounds = Rect::from_points(curve).expand(tolerance);
    if !bounds.contains(pos_in_canvas) {
        return false;
    }
    let mut prev = curve[0];
    (1..=16).any(|i| {
        let next = bezier_point(curve, i as f32 / 16.0);
        let near = distance_to_segment(pos_in_canvas, prev, next) <= tolerance;
        prev = next;
        near
    })
}

/// The three corners of an arrow head at `tip`, pointing away from `control`, `size` long;
/// `None` if the direction is undefined.
pub fn arrow_head(control: Pos2, tip: Pos2, size: f32) -> Option<[Pos2; 3]> {
    let dir = (tip - control).normalized();
    if !dir.is_finite() || dir == Vec2::ZERO {
        return None;
    }
    let normal = vec2(-dir.y, dir.x);
    let back = tip - dir * size;
    Some([
        tip + dir * 2.0,
        back + normal * size * 0.5,
        back - normal * size * 0.5,
    ])
}

/// A link's label with its rate, if any ("refers a friend · 30%").
pub fn link_label(link: &model::Link) -> String {
    match link.rate {
        Some(rate) if link.label.is_empty() => format!("{:.0}%", rate * 100.0),
        Some(rate) => format!("{} · {:.0}%", link.label, rate * 100.0),
        None => link.label.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Stage, Step};

    #[test]
    fn curve_hit_testing() {
        let a = Rect::from_center_size(pos2(0.0, 0.0), CARD_SIZE);
        let b = Rect::from_center_size(pos2(400.0, 0.0), CARD_SIZE);
        let curve = link_curve(a, b);
        let mid = bezier_point(&curve, 0.5);
        assert!(near_curve(&curve, mid, 2.0));
        assert!(!near_curve(&curve, mid + vec2(0.0, 40.0), 2.0));
        assert!(curve[0].x >= a.right() && curve[3].x <= b.left());
    }

    #[test]
    fn bounds_hold_every_card() {
        let mut doc = Document::new("t");
        assert_eq!(journey_bounds(&doc), None);
        doc.set_steps_and_links(
            vec![
                Step::new("a", Stage::Tell, "A", [0.0, 0.0]),
                Step::new("b", Stage::Buy, "B", [300.0, 100.0]),
            ],
            vec![Link::new("ab", "a", "b")],
        )
        .unwrap();
        let bounds = journey_bounds(&doc).unwrap();
        assert_eq!(bounds.min, pos2(-100.0, -42.0));
        assert_eq!(bounds.max, pos2(400.0, 142.0));
        assert_eq!(card_rect([0.0, 0.0]).size(), CARD_SIZE);
    }

    #[test]
    fn a_self_link_loops_on_the_right() {
        let a = card_rect([0.0, 0.0]);
        let curve = link_curve(a, a);
        assert!(curve.iter().all(|p| p.x >= a.right()));
        assert!(arrow_head(curve[2], curve[3], 9.0).is_some());
        assert_eq!(arrow_head(curve[3], curve[3], 9.0), None);
    }

    #[test]
    fn labels_show_the_rate() {
        let mut link = Link::new("l", "a", "b");
        assert_eq!(link_label(&link), "");
        link.rate = Some(0.3);
        assert_eq!(link_label(&link), "30%");
        link.label = "refers a friend".into();
        assert_eq!(link_label(&link), "refers a friend · 30%");
    }
}
