//! The canvas camera: which canvas point is at the centre of the view, and the zoom.

use egui::{Pos2, Rect, Vec2};

/// The zoom range.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.005..=4.0;

/// Where the canvas looks: the canvas point at the centre of the view and the zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// The canvas point shown at the centre of the viewport.
    pub center: Pos2,
    /// Screen points per canvas unit.
    pub zoom: f32,
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            center: Pos2::ZERO,
            zoom: 1.0,
        }
    }
}

impl Camera {
    /// The screen position of a canvas point.
    pub fn screen_from_canvas(&self, viewport: Rect, pos_in_canvas: Pos2) -> Pos2 {
        viewport.center() + (pos_in_canvas - self.center) * self.zoom
    }

    /// The canvas point under a screen position.
    pub fn canvas_from_screen(&self, viewport: Rect, pos_on_screen: Pos2) -> Pos2 {
        self.center + (pos_on_screen - viewport.center()) / self.zoom
    }

    /// The part of the canvas the viewport shows.
    pub fn visible_canvas_rect(&self, viewport: Rect) -> Rect {
        Rect::from_center_size(self.center, viewport.size() / self.zoom)
    }

    /// Zooms by `factor`, keeping the canvas point under `anchor_on_screen` in place.
    pub fn zoom_at(&mut self, viewport: Rect, anchor_on_screen: Pos2, factor: f32) {
        let before = self.canvas_from_screen(viewport, anchor_on_screen);
        self.zoom = (self.zoom * factor).clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        let after = self.canvas_from_screen(viewport, anchor_on_screen);
        self.center += before - after;
    }

    /// The camera a share `t` (0..=1) of the way from `self` to `to`: the centre moves in a
    /// straight line and the zoom by equal factors, so zooming far out or in looks even.
    #[must_use]
    pub fn toward(self, to: Self, t: f32) -> Self {
        let t = t.clamp(0.0, 1.0);
        Self {
            center: self.center.lerp(to.center, t),
            zoom: self.zoom * (to.zoom / self.zoom).powf(t),
        }
    }

    /// Shows `bounds` (canvas units) as large as fits, at most at 100 %.
    pub fn fit(&mut self, viewport: Rect, bounds: Rect) {
        if !bounds.is_finite() || bounds.is_negative() {
            *self = Self::default();
            return;
        }
        let margin = 40.0;
        let room = (viewport.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(1.0));
        let zoom = (room.x / bounds.width().max(1.0)).min(room.y / bounds.height().max(1.0));
        self.zoom = zoom.clamp(*ZOOM_RANGE.start(), 1.0);
        self.center = bounds.center();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{pos2, vec2};

    #[test]
    fn camera_round_trips_and_zooms_at_the_anchor() {
        let viewport = Rect::from_min_size(pos2(10.0, 20.0), vec2(800.0, 600.0));
        let mut camera = Camera {
            center: pos2(100.0, -50.0),
            zoom: 1.5,
        };
        let p = pos2(37.0, 12.0);
        let back = camera.canvas_from_screen(viewport, camera.screen_from_canvas(viewport, p));
        assert!((back - p).length() < 1e-3);
        let anchor = pos2(200.0, 300.0);
        let under = camera.canvas_from_screen(viewport, anchor);
        camera.zoom_at(viewport, anchor, 2.0);
        assert!((camera.canvas_from_screen(viewport, anchor) - under).length() < 1e-3);
        assert!((camera.zoom - 3.0).abs() < 1e-6);
        camera.zoom_at(viewport, anchor, 1000.0);
        assert_eq!(camera.zoom, *ZOOM_RANGE.end());
    }

    #[test]
    fn a_flight_moves_the_centre_evenly_and_the_zoom_by_equal_factors() {
        let from = Camera {
            center: Pos2::new(0.0, 0.0),
            zoom: 0.25,
        };
        let to = Camera {
            center: Pos2::new(100.0, -40.0),
            zoom: 1.0,
        };
        assert_eq!(from.toward(to, 0.0), from);
        assert_eq!(from.toward(to, 1.0), to);
        let half = from.toward(to, 0.5);
        assert_eq!(half.center, Pos2::new(50.0, -20.0));
        // Half way from ×0.25 to ×1 by factors is ×0.5.
        assert!((half.zoom - 0.5).abs() < 1e-6, "{half:?}");
    }

    #[test]
    fn fit_shows_the_whole_bounds() {
        let viewport = Rect::from_min_size(Pos2::ZERO, vec2(1000.0, 500.0));
        let bounds = Rect::from_min_max(pos2(-2000.0, -100.0), pos2(2000.0, 100.0));
        let mut camera = Camera::default();
        camera.fit(viewport, bounds);
        let shown = camera.visible_canvas_rect(viewport);
        assert!(shown.contains_rect(bounds));
        assert_eq!(camera.center, bounds.center());
    }
}
