//! The emotion lane: the zero line, the curve of the steps' emotions (or the filtered
//! persona's, and the other personas' beside it), the to-be curve dashed beside it, and the
//! faces that drag up and down to change an emotion.

use std::cmp::Ordering;

use egui::{Color32, Painter, Pos2, Rangef, Rect, Sense, Shape, Stroke, Ui, Vec2, pos2, vec2};

use super::draw::{Frame, display_title, select};
use super::{Drag, MapState};
use crate::layout::map::{self as map_layout, CurvePoint, MAX_PERSONA_CURVES};
use crate::layout::palette;
use crate::model::{Emotion, Step, builders};
use crate::ui::Action;
use crate::ui::theme;

impl Frame<'_> {
    /// The zero line, the curves (the steps' or the filtered persona's, and the other
    /// personas' when none is filtered), and the draggable markers.
    pub(super) fn emotion_lane(
        &self,
        ui: &mut Ui,
        painter: &Painter,
        row: Rangef,
        state: &mut MapState,
        actions: &mut Vec<Action>,
    ) {
        let doc = self.ctx.doc;
        let persona = self.ctx.settings.persona.as_deref();
        let zero = map_layout::emotion_y(row, 0.0);
        let zero_screen = self.screen_y(zero);
        painter.hline(
            self.cells_clip().x_range(),
            zero_screen,
            Stroke::new(
                1.0,
                theme::mix(
                    theme::grid_color(self.dark),
                    theme::weak_ink(self.dark),
                    0.4,
                ),
            ),
        );
        if persona.is_none() {
            for p in doc.personas().iter().take(MAX_PERSONA_CURVES) {
                let range = self
                    .layout
                    .widen(doc, self.columns.clone(), 64, |s| s.emotion_of(&p.id));
                let points = map_layout::curve_points(self.layout, doc, row, Some(&p.id), range);
                let colour = Color32::from_rgb(p.colour.0[0], p.colour.0[1], p.colour.0[2]);
                let line: Vec<Pos2> = points.iter().map(|pt| self.screen_pos(pt.pos)).collect();
                painter.add(Shape::dashed_line(
                    &line,
                    Stroke::new(2.0, colour),
                    self.z(6.0),
                    self.z(4.0),
                ));
                for pos in &line {
                    painter.circle_filled(*pos, self.z(3.5), colour);
                }
            }
        }
        if self.to_be {
            self.to_be_curve(ui, painter, row);
        }
        let range = self.layout.widen(doc, self.columns.clone(), 64, |s| {
            map_layout::emotion_for(s, persona)
        });
        let mut points = map_layout::curve_points(self.layout, doc, row, persona, range);
        // A marker being dragged shows where it would land.
        if let Some(Drag::Emotion { id, emotion }) = &state.drag {
            for p in &mut points {
                if doc.steps()[p.step].id == *id {
                    p.emotion = *emotion;
                    p.pos.y = map_layout::emotion_y(row, f32::from(emotion.value()));
                }
            }
        }
        for segment in map_layout::signed_segments(&points, zero) {
            let colour: Color32 = palette::sign_colour(segment.sign).into();
            let (a, b) = (self.screen_pos(segment.from), self.screen_pos(segment.to));
            if segment.sign != Ordering::Equal {
                let shade = vec![a, b, pos2(b.x, zero_screen), pos2(a.x, zero_screen)];
                painter.add(Shape::convex_polygon(
                    shade,
                    colour.gamma_multiply(0.15),
                    Stroke::NONE,
                ));
            }
            painter.line_segment([a, b], Stroke::new(2.5, colour));
        }
        for point in points.iter().filter(|p| self.columns.contains(&p.column)) {
            self.marker(ui, painter, row, point, state, actions);
        }
    }

    /// The to-be curve: dashed, with a ring at each step's to-be emotion, each named for a
    /// screen reader ("To be at Check in: +2 delighted").
    fn to_be_curve(&self, ui: &Ui, painter: &Painter, row: Rangef) {
        let doc = self.ctx.doc;
        let persona = self.ctx.settings.persona.as_deref();
        let range = self.layout.widen(doc, self.columns.clone(), 64, |s| {
            map_layout::to_be_for(s, persona)
        });
        let points = map_layout::to_be_points(self.layout, doc, row, persona, range);
        let line: Vec<Pos2> = points.iter().map(|p| self.screen_pos(p.pos)).collect();
        painter.extend(Shape::dashed_line(
            &line,
            Stroke::new(2.5, theme::TO_BE),
            self.z(7.0),
            self.z(5.0),
        ));
        for (point, pos) in points.iter().zip(&line) {
            if !self.columns.contains(&point.column) {
                continue;
            }
            painter.circle(
                *pos,
                self.z(6.0),
                theme::canvas_background(self.dark),
                Stroke::new(2.5, theme::TO_BE),
            );
            let step = &doc.steps()[point.step];
            let label = format!(
                "To be at {}: {:+} {}",
                display_title(step),
                point.emotion.value(),
                point.emotion.label()
            );
            let hit = Rect::from_center_size(*pos, Vec2::splat(self.z(12.0).max(8.0)))
                .intersect(self.cells_clip());
            let id = ui.scope_id().with(("map-to-be", &step.id));
            let response = ui.interact(hit, id, Sense::hover());
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &label));
        }
    }

    pub(super) fn marker(
        &self,
        ui: &mut Ui,
        painter: &Painter,
        row: Rangef,
        point: &CurvePoint,
        state: &mut MapState,
        actions: &mut Vec<Action>,
    ) {
        let doc = self.ctx.doc;
        let step = &doc.steps()[point.step];
        let pos = self.screen_pos(point.pos);
        let hit = Rect::from_center_size(pos, Vec2::splat(self.z(24.0).max(12.0)))
            .intersect(self.cells_clip());
        let id = ui.scope_id().with(("map-emotion", &step.id));
        let response = ui.interact(hit, id, Sense::click_and_drag());
        let title = display_title(step);
        let label = format!(
            "Emotion of {title}: {:+} {}",
            point.emotion.value(),
            point.emotion.label()
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, label.clone()));
        face(
            painter,
            pos,
            self.z(10.0),
            point.emotion,
            self.ctx.selection.has_step(&step.id),
            self.dark,
        );
        if response.clicked() || response.drag_started() {
            select(state, step, actions);
        }
        if response.dragged() || response.drag_started() {
            let y = response.interact_pointer_pos().map_or(pos.y, |p| p.y);
            let map_y = self.view.map_pos(self.rect, pos2(pos.x, y)).y;
            state.drag = Some(Drag::Emotion {
                id: step.id.clone(),
                emotion: map_layout::emotion_at(row, map_y),
            });
        }
        if response.drag_stopped()
            && let Some(Drag::Emotion { id, emotion }) = state.drag.take()
            && id == step.id
            && emotion != point_emotion(step, self.ctx.settings.persona.as_deref())
            && let Some(edit) =
                builders::set_emotion(step, self.ctx.settings.persona.as_deref(), emotion)
        {
            actions.push(Action::Seal);
            actions.push(Action::Edit(edit));
            actions.push(Action::Seal);
        }
    }
}

/// The emotion shown for `step` (the filtered persona's, or the step's).
fn point_emotion(step: &Step, persona: Option<&str>) -> Emotion {
    map_layout::emotion_for(step, persona).unwrap_or(step.emotion)
}

/// A marker of `radius` with a face: a smile for happy, a frown for unhappy, a straight
/// mouth between.
fn face(
    painter: &Painter,
    center: Pos2,
    radius: f32,
    emotion: Emotion,
    selected: bool,
    dark: bool,
) {
    // The face is drawn for a radius of 10 and scaled.
    let s = radius / 10.0;
    let fill = theme::emotion_color(emotion);
    let ring = if selected {
        Stroke::new(2.5, theme::selection_color(dark))
    } else {
        Stroke::new(1.5, theme::canvas_background(dark))
    };
    painter.circle(center, radius, fill, ring);
    let ink = Color32::WHITE;
    for dx in [-3.5, 3.5] {
        painter.circle_filled(center + vec2(dx, -2.5) * s, 1.4 * s, ink);
    }
    let curve = f32::from(emotion.value()) * 1.3;
    let mouth = [
        center + vec2(-4.5, 3.5 - curve * 0.4) * s,
        center + vec2(0.0, 3.5 + curve) * s,
        center + vec2(4.5, 3.5 - curve * 0.4) * s,
    ];
    painter.add(Shape::line(mouth.to_vec(), Stroke::new(1.6 * s, ink)));
}
