//! The canvas far out: every visible card a stage-coloured rectangle and every link a
//! straight line, in one mesh reused from frame to frame.

use std::sync::Arc;

use egui::{Mesh, Rect, Shape, vec2};

use super::Scene;
use crate::ui::theme;

/// Far out: links as straight lines and cards as plain stage-coloured rectangles (at least a
/// pixel or so, so the map stays visible), all in one mesh reused from frame to frame.
pub(super) fn draw_far(
    painter: &egui::Painter,
    scene: &Scene<'_>,
    cards: &[u32],
    links: &[u32],
    mesh: &mut Option<Arc<Mesh>>,
) {
    let (layout, camera, rect, dark) = (&scene.layout, scene.camera, scene.rect, scene.dark);
    let mesh = mesh.get_or_insert_with(Arc::default);
    // The mesh given to the painter last frame was dropped after tessellation, so this
    // normally reuses its buffers rather than cloning them.
    let out = Arc::make_mut(mesh);
    out.clear();
    out.reserve_vertices(4 * (cards.len() + links.len()));
    out.reserve_triangles(2 * (cards.len() + links.len()));
    let base = theme::link_color(dark);
    let selection = theme::selection_color(dark);
    let found = theme::found_color(dark);
    for &i in links {
        let i = i as usize;
        let Some(curve) = layout.curve(i) else {
            continue;
        };
        let a = camera.screen_from_canvas(rect, curve[0]);
        let b = camera.screen_from_canvas(rect, curve[3]);
        let along = b - a;
        if along.length_sq() < 4.0 {
            continue;
        }
        let selected = scene.selection.has_link(&layout.doc.links()[i].id);
        let (color, width) = if selected {
            (selection, 2.5)
        } else if scene.found.is_some_and(|f| f.has_link(i)) {
            (found, 3.0)
        } else {
            (base, 1.0)
        };
        let normal = along.normalized().rot90() * (width / 2.0);
        let first = out.vertices.len() as u32;
        out.colored_vertex(a + normal, color);
        out.colored_vertex(a - normal, color);
        out.colored_vertex(b + normal, color);
        out.colored_vertex(b - normal, color);
        out.add_triangle(first, first + 1, first + 2);
        out.add_triangle(first + 2, first + 1, first + 3);
    }
    let steps = layout.doc.steps();
    let min_size = vec2(1.5, 1.0);
    for &i in cards {
        let i = i as usize;
        let card = layout.rect(i);
        let screen = Rect::from_center_size(
            camera.screen_from_canvas(rect, card.center()),
            (card.size() * camera.zoom).max(min_size),
        );
        let step = &steps[i];
        if !scene.selection.steps.is_empty() && scene.selection.has_step(&step.id) {
            out.add_colored_rect(screen.expand(2.0), selection);
        } else if scene.found.is_some_and(|f| f.has_step(i)) {
            out.add_colored_rect(screen.expand(3.0), found);
        }
        out.add_colored_rect(screen, theme::stage_color(step.stage));
    }
    painter.add(Shape::Mesh(Arc::clone(mesh)));
}
