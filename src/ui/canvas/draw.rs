//! Drawing the canvas in detail: the grid, links with arrow heads and labels, cards with
//! their titles, notes, stage and emotion mark, the gesture in progress, and the cards'
//! accessibility nodes.

use std::fmt::Write as _;
use std::sync::Arc;

use egui::{
    Color32, CornerRadius, Id, Pos2, Rect, Shape, Stroke, StrokeKind, Ui, epaint::CubicBezierShape,
    pos2, vec2,
};

use super::interaction::{Gesture, HANDLE_RADIUS};
use super::{Camera, Scene};
use crate::layout::card;
use crate::layout::geometry::{self, GRID, bezier_point, handle_center, link_label};
use crate::model::Step;
use crate::ui::theme;

/// At most this many cards get an accessibility node per frame.
const MAX_ACCESSIBLE_CARDS: usize = 1000;

pub(super) fn draw_grid(painter: &egui::Painter, rect: Rect, camera: Camera, dark: bool) {
    let mut spacing = GRID * 2.0;
    while spacing * camera.zoom < 12.0 {
        spacing *= 5.0;
    }
    let visible = camera.visible_canvas_rect(rect);
    let stroke = Stroke::new(1.0, theme::grid_color(dark));
    let mut x = (visible.left() / spacing).floor() * spacing;
    while x <= visible.right() {
        let sx = camera.screen_from_canvas(rect, pos2(x, 0.0)).x;
        painter.vline(sx, rect.y_range(), stroke);
        x += spacing;
    }
    let mut y = (visible.top() / spacing).floor() * spacing;
    while y <= visible.bottom() {
        let sy = camera.screen_from_canvas(rect, pos2(0.0, y)).y;
        painter.hline(rect.x_range(), sy, stroke);
        y += spacing;
    }
}

pub(super) fn draw_links(painter: &egui::Painter, scene: &Scene<'_>, links: &[u32]) {
    let (layout, camera, rect, visible, dark) = (
        &scene.layout,
        scene.camera,
        scene.rect,
        scene.visible,
        scene.dark,
    );
    let base = theme::link_color(dark);
    for &i in links {
        let i = i as usize;
        let Some(curve) = layout.curve(i) else {
            continue;
        };
        if !Rect::from_points(&curve).intersects(visible) {
            continue;
        }
        let link = &layout.doc.links()[i];
        let selected = scene.selection.has_link(&link.id);
        let points = curve.map(|p| camera.screen_from_canvas(rect, p));
        if scene.found.is_some_and(|f| f.has_link(i)) {
            painter.add(CubicBezierShape::from_points_stroke(
                points,
                false,
                Color32::TRANSPARENT,
                Stroke::new(8.0, theme::found_color(dark)),
            ));
        }
        let color = if selected {
            theme::selection_color(dark)
        } else {
            base
        };
        let flow = scene.flow_widths.and_then(|w| w.get(i).copied());
        let width = if selected {
            flow.unwrap_or(0.0).max(3.0)
        } else {
            flow.unwrap_or(card::LINK_WIDTH)
        };
        let stroke = Stroke::new(width, color);
        if link.referral {
            // Dashed: it carries the referrals of its start, not people.
            let bezier =
                CubicBezierShape::from_points_stroke(points, false, Color32::TRANSPARENT, stroke);
            let dash = card::REFERRAL_DASH.map(|d| d * camera.zoom.clamp(0.5, 2.0));
            painter.extend(Shape::dashed_line(
                &bezier.flatten(Some(0.5)),
                stroke,
                dash[0],
                dash[1],
            ));
        } else {
            painter.add(CubicBezierShape::from_points_stroke(
                points,
                false,
                Color32::TRANSPARENT,
                stroke,
            ));
        }
        arrow_head(
            painter,
            points[2],
            points[3],
            color,
            card::ARROW * camera.zoom.clamp(0.7, 1.5),
        );
        if !link.label.is_empty() || link.rate.is_some() {
            let text = link_label(link);
            let at = camera.screen_from_canvas(rect, bezier_point(&curve, 0.5));
            let font =
                egui::FontId::proportional((card::LABEL_SIZE * camera.zoom).clamp(9.0, 18.0));
            let galley = painter.layout_no_wrap(text, font, theme::ink(dark));
            let pad = vec2(card::LABEL_PAD[0], card::LABEL_PAD[1]);
            let label_rect = Rect::from_center_size(at, galley.size() + 2.0 * pad);
            painter.rect_filled(label_rect, 4.0, theme::canvas_background(dark));
            painter.rect_stroke(label_rect, 4.0, Stroke::new(1.0, color), StrokeKind::Inside);
            painter.galley(label_rect.min + pad, galley, theme::ink(dark));
        }
    }
}

/// Gives the first visible cards accessibility nodes (screen readers, UI tests), at most
/// [`MAX_ACCESSIBLE_CARDS`] so a map zoomed far out stays fast.
pub(super) fn accessible_cards(
    ui: &Ui,
    scene: &Scene<'_>,
    cards: &[u32],
    canvas_id: Id,
    written_ids: &mut Vec<Id>,
) {
    let layout = &scene.layout;
    let ppp = ui.ctx().pixels_per_point();
    // The selected card always has its node (it takes the keyboard focus), even beyond
    // the first cards.
    let selected = scene
        .selection
        .single_step()
        .and_then(|id| layout.doc.step_position(id))
        .map(|i| i as u32)
        .filter(|i| cards.iter().skip(MAX_ACCESSIBLE_CARDS).any(|c| c == i));
    for &i in cards
        .iter()
        .take(MAX_ACCESSIBLE_CARDS)
        .chain(selected.iter())
    {
        let card = layout.rect(i as usize);
        let step = &layout.doc.steps()[i as usize];
        let screen = scene.screen_rect(card);
        let node_id = canvas_id.with(&step.id);
        let mut description = card_description(step);
        if let Some(&share) = scene.leaks.and_then(|l| l.get(i as usize))
            && share >= SHOWN_LEAK
        {
            let _ = write!(
                description,
                "; {} of everyone reached is lost here",
                leak_percent(share)
            );
        }
        let written = ui.ctx().accesskit_node_builder(node_id, |node| {
            node.set_role(egui::accesskit::Role::Button);
            node.set_label(step.title.as_str());
            node.set_description(description);
            node.set_bounds(node_bounds(screen, ppp));
            node.set_selected(scene.selection.has_step(&step.id));
        });
        if written.is_none() {
            // Accessibility is off: nothing to describe.
            return;
        }
        written_ids.push(node_id);
    }
}

/// A screen rectangle in the physical pixels an accessibility node's bounds are given in.
fn node_bounds(screen: Rect, pixels_per_point: f32) -> egui::accesskit::Rect {
    egui::accesskit::Rect {
        x0: f64::from(screen.min.x * pixels_per_point),
        y0: f64::from(screen.min.y * pixels_per_point),
        x1: f64::from(screen.max.x * pixels_per_point),
        y1: f64::from(screen.max.y * pixels_per_point),
    }
}

/// What a screen reader says after a card's title: its stage, emotion and the start of its
/// notes; its fail point, wait and the metrics off their targets.
pub(crate) fn card_description(step: &Step) -> String {
    let mut text = format!(
        "{} step, customer feels: {}",
        step.stage.label(),
        step.emotion.label()
    );
    let notes = step.notes.trim();
    if !notes.is_empty() {
        const START: usize = 80;
        let start: String = notes.chars().take(START).collect();
        let more = if notes.chars().count() > START {
            "…"
        } else {
            ""
        };
        let _ = write!(text, "; notes: {start}{more}");
    }
    if let Some(fail) = &step.fail_point {
        match fail.note.trim() {
            "" => text.push_str("; fail point"),
            note => {
                let _ = write!(text, "; fail point: {note}");
            }
        }
    }
    if let Some(wait) = &step.wait {
        let _ = write!(text, "; {}", wait.spoken());
    }
    for metric in step.metrics.iter().filter(|m| m.is_off_target()) {
        let _ = write!(text, "; {}", metric.gap_text());
    }
    text
}

/// The accessibility node id of the link with this id on the canvas `canvas_id`.
pub(super) fn link_node_id(canvas_id: Id, link_id: &str) -> Id {
    canvas_id.with(("link", link_id))
}

/// Gives the visible links accessibility nodes: named by their label (or the steps they
/// join), described
/// by the steps they join and their rate, selectable. At most [`MAX_ACCESSIBLE_CARDS`].
pub(super) fn accessible_links(
    ui: &Ui,
    scene: &Scene<'_>,
    links: &[u32],
    canvas_id: Id,
    written_ids: &mut Vec<Id>,
) {
    let layout = &scene.layout;
    let doc = layout.doc;
    let ppp = ui.ctx().pixels_per_point();
    let selected = scene
        .selection
        .link
        .as_deref()
        .and_then(|id| doc.link_position(id))
        .map(|i| i as u32)
        .filter(|i| links.iter().skip(MAX_ACCESSIBLE_CARDS).any(|l| l == i));
    for &i in links
        .iter()
        .take(MAX_ACCESSIBLE_CARDS)
        .chain(selected.iter())
    {
        let Some(curve) = layout.curve(i as usize) else {
            continue;
        };
        let link = &doc.links()[i as usize];
        let title = |id: &str| doc.step(id).map_or(id, |s| s.title.as_str()).to_owned();
        let screen = scene.screen_rect(Rect::from_points(&curve));
        let node_id = link_node_id(canvas_id, &link.id);
        let (from, to) = (title(&link.from), title(&link.to));
        let written = ui.ctx().accesskit_node_builder(node_id, |node| {
            node.set_role(egui::accesskit::Role::Link);
            // An unlabelled link is named by the steps it joins, so that a list of links
            // does not read "Link, Link, Link".
            let name = if link.label.is_empty() {
                format!("{from} to {to}")
            } else {
                link.label.clone()
            };
            node.set_label(if link.referral {
                format!("{name}, referral link")
            } else {
                name
            });
            let mut description = link_description(link, &from, &to);
            if let Some(Some(mark)) = scene.off_observed.and_then(|m| m.get(i as usize)) {
                let _ = write!(
                    description,
                    "; rate outside what the event log showed: {}",
                    mark.describe()
                );
            }
            node.set_description(description);
            node.set_bounds(node_bounds(screen, ppp));
            node.set_selected(scene.selection.has_link(&link.id));
            node.add_action(egui::accesskit::Action::Click);
        });
        if written.is_none() {
            return;
        }
        written_ids.push(node_id);
    }
}

/// Moves the card and link nodes `items`, which egui files under the window, into the canvas
/// node, so a screen reader finds them inside "Journey canvas".
pub(super) fn adopt_accessible_items(ui: &Ui, canvas_id: Id, items: &[Id]) {
    if items.is_empty() {
        return;
    }
    let ctx = ui.ctx();
    let items: std::collections::HashSet<egui::accesskit::NodeId> =
        items.iter().map(Id::accesskit_id).collect();
    let moved = ctx.accesskit_node_builder(egui::accesskit_root_id(), |root| {
        let (mine, others): (Vec<_>, Vec<_>) = root
            .children()
            .iter()
            .copied()
            .partition(|child| items.contains(child));
        root.set_children(others);
        mine
    });
    if let Some(moved) = moved {
        ctx.accesskit_node_builder(canvas_id, |node| {
            for child in moved {
                node.push_child(child);
            }
        });
    }
}

/// "from Sees an ad to Signs up, 40 % move on"; for a referral link, "from Raves to Sees an
/// ad, carries the newcomers Raves refers".
pub(crate) fn link_description(link: &crate::model::Link, from: &str, to: &str) -> String {
    let mut text = format!("from {from} to {to}");
    if link.referral {
        let _ = write!(text, ", carries the newcomers {from} refers");
    } else if let Some(rate) = link.rate {
        let _ = write!(text, ", {:.0} % move on", rate * 100.0);
    }
    text
}

fn arrow_head(painter: &egui::Painter, control: Pos2, tip: Pos2, color: Color32, size: f32) {
    if let Some(points) = geometry::arrow_head(control, tip, size) {
        painter.add(Shape::convex_polygon(points.to_vec(), color, Stroke::NONE));
    }
}

/// Draws the visible cards in detail; returns whether the hovered card's title was shortened.
pub(super) fn draw_cards(
    painter: &egui::Painter,
    scene: &Scene<'_>,
    cards: &[u32],
    hovered: Option<&str>,
) -> bool {
    let (layout, zoom, visible, dark) =
        (&scene.layout, scene.camera.zoom, scene.visible, scene.dark);
    let mut hovered_elided = false;
    for &i in cards {
        let card = layout.rect(i as usize);
        if !card.intersects(visible) {
            continue;
        }
        let step = &layout.doc.steps()[i as usize];
        let screen = scene.screen_rect(card);
        let selected = scene.selection.has_step(&step.id);
        if scene.found.is_some_and(|f| f.has_step(i as usize)) {
            painter.rect_filled(
                screen.expand(6.0),
                8.0 * zoom + 6.0,
                theme::found_color(dark),
            );
        }
        let is_hovered = hovered == Some(step.id.as_str());
        let elided = draw_card(painter, step, screen, zoom, selected, is_hovered, dark);
        hovered_elided |= elided && is_hovered;
        draw_blueprint_marks(painter, step, screen, zoom);
        if let Some(&share) = scene.leaks.and_then(|l| l.get(i as usize)) {
            draw_leak(painter, screen, share, zoom);
        }
    }
    hovered_elided
}

/// A pill of white text on `fill`, its `anchor` corner at `at`, at most `max_width` wide
/// (the text cut short with "…" past that); returns where it is.
fn draw_pill(
    painter: &egui::Painter,
    text: String,
    fill: Color32,
    at: Pos2,
    anchor: egui::Align2,
    zoom: f32,
    max_width: f32,
) -> Rect {
    let font = egui::FontId::proportional((11.0 * zoom).clamp(8.0, 16.0));
    let mut job = egui::text::LayoutJob::simple_singleline(text, font, Color32::WHITE);
    job.wrap = egui::text::TextWrapping {
        max_width: (max_width - 10.0).max(1.0),
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    let galley = painter.layout_job(job);
    let size = galley.size() + vec2(10.0, 4.0);
    let pill = anchor.anchor_size(at, size);
    painter.rect_filled(pill, size.y / 2.0, fill);
    painter.galley(pill.min + vec2(5.0, 2.0), galley, Color32::WHITE);
    pill
}

/// A step's fail point (a red pill on the card's top edge, left), its first metric off
/// target (an amber pill on the top edge, right, cut short so as not to cover the fail
/// point) and its wait (a slate pill hanging under the card's bottom edge, left, clear of the
/// stage's name). Not drawn when the card is too small to read.
fn draw_blueprint_marks(painter: &egui::Painter, step: &Step, card: Rect, zoom: f32) {
    if zoom * card::TITLE_SIZE < 5.0 {
        return;
    }
    let inset = 12.0 * zoom;
    let room = card.width() - 2.0 * inset;
    let mut left = card.left() + inset;
    if step.fail_point.is_some() {
        let pill = draw_pill(
            painter,
            "Fail point".to_owned(),
            theme::FAIL_POINT,
            pos2(left, card.top()),
            egui::Align2::LEFT_CENTER,
            zoom,
            room,
        );
        left = pill.right() + 4.0 * zoom;
    }
    let off: Vec<&crate::model::Metric> =
        step.metrics.iter().filter(|m| m.is_off_target()).collect();
    let metric_room = card.right() - inset - left;
    if let Some(first) = off.first()
        && metric_room >= 24.0 * zoom
    {
        let text = if off.len() == 1 {
            format!("{} {}", first.display_name(), first.value_text())
        } else {
            format!("{} metrics off target", off.len())
        };
        draw_pill(
            painter,
            text,
            theme::OFF_TARGET,
            pos2(card.right() - inset, card.top()),
            egui::Align2::RIGHT_CENTER,
            zoom,
            metric_room,
        );
    }
    if let Some(minutes) = step.wait.as_ref().and_then(|w| w.minutes) {
        draw_pill(
            painter,
            format!("Wait {}", crate::model::duration(minutes)),
            theme::WAIT,
            pos2(card.left() + inset, card.bottom() - 1.0),
            egui::Align2::LEFT_TOP,
            zoom,
            room,
        );
    }
}

/// The smallest leak a card shows: a tenth of a percent of everyone reached.
const SHOWN_LEAK: f32 = 0.001;

/// A step's leak, hanging from the bottom right of its card: the share of everyone reached
/// who was lost there ("12.5 % lost").
fn draw_leak(painter: &egui::Painter, card: Rect, share: f32, zoom: f32) {
    if share < SHOWN_LEAK {
        return;
    }
    let text = format!("{} lost", leak_percent(share));
    let font = egui::FontId::proportional((11.0 * zoom).clamp(8.0, 16.0));
    let galley = painter.layout_no_wrap(text, font, Color32::WHITE);
    let size = galley.size() + vec2(10.0, 4.0);
    let at = pos2(
        card.right() - 10.0 * zoom - size.x,
        card.bottom() - size.y / 2.0,
    );
    let pill = Rect::from_min_size(at, size);
    painter.rect_filled(pill, size.y / 2.0, theme::LEAK);
    painter.galley(pill.min + vec2(5.0, 2.0), galley, Color32::WHITE);
}

/// A leak as a percentage with one decimal under 10 % ("3.4 %", "27 %").
pub(crate) fn leak_percent(share: f32) -> String {
    let percent = share * 100.0;
    if percent < 10.0 {
        format!("{percent:.1} %")
    } else {
        format!("{percent:.0} %")
    }
}

/// The emotion mark: a disc from red to green with the value ("+2", "−1") in it.
fn draw_emotion_mark(
    painter: &egui::Painter,
    emotion: crate::model::Emotion,
    center: Pos2,
    radius: f32,
    zoom: f32,
) {
    painter.circle_filled(center, radius, theme::emotion_color(emotion));
    painter.text(
        center,
        egui::Align2::CENTER_CENTER,
        card::emotion_sign(emotion),
        egui::FontId::proportional(card::MARK_TEXT_SIZE * zoom),
        theme::on_stage_color(),
    );
}

/// Draws the first line of a step's notes, in at most two rows of small text.
fn draw_notes_start(
    painter: &egui::Painter,
    notes: &str,
    at: Pos2,
    width: f32,
    zoom: f32,
    dark: bool,
) {
    let first_line = notes.lines().next().unwrap_or_default();
    let galley = wrapped_text(
        painter,
        first_line,
        card::NOTES_SIZE * zoom,
        theme::weak_ink(dark),
        width,
    );
    painter.galley(at, galley, theme::weak_ink(dark));
}

/// Text wrapped to `width` in at most two rows, ending in an ellipsis when it does not fit.
fn wrapped_text(
    painter: &egui::Painter,
    text: &str,
    size: f32,
    color: Color32,
    width: f32,
) -> Arc<egui::Galley> {
    let width = width.max(1.0);
    let mut job = egui::text::LayoutJob::simple(
        text.to_owned(),
        egui::FontId::proportional(size),
        color,
        width,
    );
    job.wrap = egui::text::TextWrapping {
        max_width: width,
        max_rows: 2,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    painter.layout_job(job)
}

/// Draws one detailed card; returns whether its title had to be shortened.
fn draw_card(
    painter: &egui::Painter,
    step: &Step,
    screen: Rect,
    zoom: f32,
    selected: bool,
    hovered: bool,
    dark: bool,
) -> bool {
    let color = theme::stage_color(step.stage);
    let radius = card::RADIUS * zoom;
    painter.rect(
        screen,
        radius,
        theme::card_fill(step.stage, dark),
        Stroke::new(
            1.0,
            theme::mix(color, theme::card_fill(step.stage, dark), 0.35),
        ),
        StrokeKind::Inside,
    );
    let stripe = Rect::from_min_size(screen.min, vec2(card::STRIPE * zoom, screen.height()));
    let r = radius.min(255.0) as u8;
    painter.rect_filled(
        stripe,
        CornerRadius {
            nw: r,
            sw: r,
            ne: 0,
            se: 0,
        },
        color,
    );
    if selected {
        painter.rect_stroke(
            screen.expand(2.0),
            radius + 2.0,
            Stroke::new(2.5, theme::selection_color(dark)),
            StrokeKind::Outside,
        );
    }

    let pad = card::PAD * zoom;
    let text_left = screen.left() + pad;
    let mark_radius = card::MARK_RADIUS * zoom;
    let text_width = (screen.right() - pad - 2.0 * mark_radius - 4.0 * zoom - text_left).max(1.0);
    let mut elided = false;
    if zoom * card::TITLE_SIZE >= 5.0 {
        // Two lines of title, then an ellipsis; the full title shows on hover.
        let galley = wrapped_text(
            painter,
            &step.title,
            card::TITLE_SIZE * zoom,
            theme::ink(dark),
            text_width,
        );
        elided = galley.elided;
        let title_rows = galley.rows.len();
        let title_top = screen.top() + card::TITLE_TOP * zoom;
        let title_bottom = title_top + galley.size().y;
        painter.galley(pos2(text_left, title_top), galley, theme::ink(dark));
        // A one-line title leaves room for the start of the notes, under the emotion mark too.
        if title_rows == 1 && !step.notes.is_empty() && zoom * card::NOTES_SIZE >= 7.0 {
            let at = pos2(text_left, title_bottom + 2.0 * zoom);
            draw_notes_start(
                painter,
                &step.notes,
                at,
                screen.right() - pad - text_left,
                zoom,
                dark,
            );
        }
        let stage_color = theme::stage_text_color(step.stage, dark);
        let stage_text = painter.layout_no_wrap(
            step.stage.label().to_uppercase(),
            egui::FontId::proportional(card::STAGE_SIZE * zoom),
            stage_color,
        );
        painter.galley(
            pos2(
                text_left,
                screen.bottom() - card::STAGE_BOTTOM * zoom - stage_text.size().y,
            ),
            stage_text,
            stage_color,
        );

        let mark = pos2(
            screen.right() - pad / 1.4 - mark_radius,
            title_top + mark_radius,
        );
        draw_emotion_mark(painter, step.emotion, mark, mark_radius, zoom);
    }
    if hovered || selected {
        let handle = pos2(screen.right(), screen.center().y);
        painter.circle(
            handle,
            HANDLE_RADIUS,
            theme::canvas_background(dark),
            Stroke::new(2.0, color),
        );
    }
    elided
}

pub(super) fn draw_gesture(painter: &egui::Painter, scene: &Scene<'_>, gesture: Option<&Gesture>) {
    let (layout, camera, rect, dark) = (&scene.layout, scene.camera, scene.rect, scene.dark);
    match gesture {
        Some(Gesture::Link { from, pointer }) => {
            let Some(i) = layout.doc.step_position(from) else {
                return;
            };
            let step = &layout.doc.steps()[i];
            let start = camera.screen_from_canvas(rect, handle_center(layout.rect(i)));
            let end = camera.screen_from_canvas(rect, *pointer);
            let color = theme::stage_color(step.stage);
            let dx = ((end.x - start.x).abs() * 0.5).max(30.0);
            painter.add(CubicBezierShape::from_points_stroke(
                [start, start + vec2(dx, 0.0), end - vec2(dx, 0.0), end],
                false,
                Color32::TRANSPARENT,
                Stroke::new(2.0, color),
            ));
            arrow_head(painter, end - vec2(dx, 0.0), end, color, 10.0);
        }
        Some(Gesture::Box { start, end }) => {
            let area = Rect::from_two_pos(
                camera.screen_from_canvas(rect, *start),
                camera.screen_from_canvas(rect, *end),
            );
            let color = theme::selection_color(dark);
            painter.rect(
                area,
                2.0,
                color.gamma_multiply(0.08),
                Stroke::new(1.0, color),
                StrokeKind::Inside,
            );
        }
        _ => {}
    }
}
