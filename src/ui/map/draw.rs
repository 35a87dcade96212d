//! Drawing the map's cells, emotion curve and headers, and the gestures on them.

use std::cmp::Ordering;
use std::ops::Range;

use egui::{
    Align2, Color32, FontId, Painter, Pos2, Rangef, Rect, Sense, Shape, Stroke, Ui, Vec2, pos2,
    vec2,
};

use super::{Drag, Editing, MapState, lane_header_rect, map_pos, stage_header_rect};
use crate::layout::map::{
    self as map_layout, CELL_PADDING, CurvePoint, LANE_HEADER_WIDTH, LINE_HEIGHT,
    MAX_PERSONA_CURVES, MapLayout, STAGE_HEADER_HEIGHT,
};
use crate::layout::palette;
use crate::model::{Emotion, Lane, Selection, Step, StepValue, builders};
use crate::ui::Action;
use crate::ui::theme;
use crate::ui::view::ViewContext;

/// One frame of the map: what it draws and where.
pub(super) struct Frame<'a> {
    pub ctx: &'a ViewContext<'a>,
    pub layout: &'a MapLayout,
    /// The map's rectangle on screen.
    pub rect: Rect,
    pub offset: Vec2,
    pub dark: bool,
    /// The columns on screen.
    pub columns: Range<usize>,
}

impl Frame<'_> {
    /// The part of the screen the cells scroll in (right of the lane headers, below the
    /// stage headers).
    fn cells_clip(&self) -> Rect {
        Rect::from_min_max(
            self.rect.min + vec2(LANE_HEADER_WIDTH, STAGE_HEADER_HEIGHT),
            self.rect.max,
        )
    }

    fn screen(&self, map: Rect) -> Rect {
        map.translate(self.rect.min.to_vec2() - self.offset)
    }

    fn screen_pos(&self, map: Pos2) -> Pos2 {
        map + (self.rect.min.to_vec2() - self.offset)
    }

    /// Cells, the emotion curve, and the gestures on them.
    pub fn draw_cells(&self, ui: &mut Ui, state: &mut MapState, actions: &mut Vec<Action>) {
        let clip = self.cells_clip();
        let painter = ui.painter_at(self.rect);
        painter.rect_filled(self.rect, 0.0, theme::canvas_background(self.dark));
        let painter = ui.painter_at(clip);
        let doc = self.ctx.doc;
        let bottom = self.layout.size().y;
        for c in self.columns.clone() {
            let column = self.layout.columns[c];
            let x = self.layout.column_x(c);
            let column_rect = self.screen(Rect::from_x_y_ranges(
                x,
                Rangef::new(STAGE_HEADER_HEIGHT, bottom),
            ));
            let selected = column
                .step
                .is_some_and(|s| self.ctx.selection.has_step(&doc.steps()[s].id));
            let mut fill = theme::card_fill(column.stage, self.dark);
            if selected {
                fill = theme::mix(fill, theme::stage_color(column.stage), 0.18);
            }
            painter.rect_filled(column_rect.shrink2(vec2(1.0, 0.0)), 0.0, fill);
        }
        let rule = Stroke::new(1.0, theme::grid_color(self.dark));
        for row in &self.layout.lanes {
            let y = row.y.max - self.offset.y + self.rect.min.y;
            painter.hline(clip.x_range(), y, rule);
        }

        for c in self.columns.clone() {
            let Some(index) = self.layout.columns[c].step else {
                self.empty_column(&painter, c);
                continue;
            };
            let step = &doc.steps()[index];
            for (r, row) in self.layout.lanes.iter().enumerate() {
                let cell = self.screen(self.layout.cell(c, r));
                match row.lane {
                    Lane::Steps => self.step_cell(ui, &painter, step, cell, state, actions),
                    Lane::Emotion => {}
                    lane => self.list_cell(ui, &painter, step, lane, cell, state, actions),
                }
            }
        }
        if let Some(r) = self.layout.row_of(Lane::Emotion) {
            self.emotion_lane(ui, &painter, self.layout.lanes[r].y, state, actions);
        }
        self.step_drag(ui, &painter, state, actions);
    }

    fn empty_column(&self, painter: &Painter, c: usize) {
        let Some(r) = self.layout.row_of(Lane::Steps).or(Some(0)) else {
            return;
        };
        if self.layout.lanes.is_empty() {
            return;
        }
        let cell = self.screen(self.layout.cell(c, r));
        painter.text(
            cell.center(),
            Align2::CENTER_CENTER,
            "No steps",
            FontId::proportional(12.0),
            theme::weak_ink(self.dark),
        );
    }

    fn step_cell(
        &self,
        ui: &mut Ui,
        painter: &Painter,
        step: &Step,
        cell: Rect,
        state: &mut MapState,
        actions: &mut Vec<Action>,
    ) {
        let clip = self.cells_clip();
        let id = ui.scope_id().with(("map-step", &step.id));
        let response = ui.interact(cell.intersect(clip), id, Sense::click_and_drag());
        let title = display_title(step);
        let selected = self.ctx.selection.has_step(&step.id);
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Step {title}"))
        });
        // Selected as the canvas's cards are, so a screen reader says the same in both views.
        let _ = ui
            .ctx()
            .accesskit_node_builder(response.id, |node| node.set_selected(selected));
        let editing = state
            .editing
            .as_ref()
            .is_some_and(|e| e.step == step.id && e.lane == Lane::Steps);
        let inner = cell.shrink(CELL_PADDING);
        if editing {
            let rect = Rect::from_min_size(inner.min, vec2(inner.width(), 24.0));
            let mut text = step.title.clone();
            let edit = egui::TextEdit::singleline(&mut text)
                .id_salt(("map-title", &step.id))
                .desired_width(inner.width());
            let r = put_clipped(ui, clip, rect, edit);
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("Title of {title}"))
            });
            if state.focus_item.take().is_some() {
                r.request_focus();
            }
            if r.lost_focus() {
                actions.push(Action::Seal);
            }
            if r.changed() && text != step.title {
                actions.push(Action::Edit(builders::set_step(
                    &step.id,
                    StepValue::Title(text),
                )));
            }
        } else {
            let ink = theme::ink(self.dark);
            let title_galley = wrapped(painter, &title, 14.0, ink, inner.width(), 2, true);
            let title_height = title_galley.size().y;
            painter.galley(inner.min, title_galley, ink);
            if !step.notes.is_empty() {
                let notes = wrapped(
                    painter,
                    &step.notes,
                    12.0,
                    theme::weak_ink(self.dark),
                    inner.width(),
                    2,
                    false,
                );
                painter.galley(inner.min + vec2(0.0, title_height + 4.0), notes, ink);
            }
        }
        if selected {
            painter.rect_stroke(
                cell.shrink(2.0),
                4.0,
                Stroke::new(2.0, theme::selection_color(self.dark)),
                egui::StrokeKind::Inside,
            );
        }
        if response.double_clicked()
            || (response.clicked() && self.ctx.selection.single_step() == Some(&step.id))
        {
            state.editing = Some(Editing {
                step: step.id.clone(),
                lane: Lane::Steps,
            });
            state.focus_item = Some(0);
        } else if response.clicked() {
            select(state, step, actions);
        }
        if response.drag_started() {
            state.drag = Some(Drag::Step {
                id: step.id.clone(),
            });
            if !selected {
                select(state, step, actions);
            }
        }
    }

    #[expect(clippy::too_many_arguments, reason = "one cell's drawing and gestures")]
    #[expect(
        clippy::too_many_lines,
        reason = "a list cell shown, then edited: items, remove buttons, the add button"
    )]
    fn list_cell(
        &self,
        ui: &mut Ui,
        painter: &Painter,
        step: &Step,
        lane: Lane,
        cell: Rect,
        state: &mut MapState,
        actions: &mut Vec<Action>,
    ) {
        let items = lane.items(step).unwrap_or_default();
        let clip = self.cells_clip();
        let title = display_title(step);
        let inner = cell.shrink2(vec2(CELL_PADDING, CELL_PADDING));
        let item_rect = |i: usize| {
            Rect::from_min_size(
                pos2(inner.min.x, inner.min.y + i as f32 * LINE_HEIGHT),
                vec2(inner.width(), LINE_HEIGHT - 2.0),
            )
        };
        let editing = state
            .editing
            .as_ref()
            .is_some_and(|e| e.step == step.id && e.lane == lane);
        let set = |new: Vec<String>| {
            lane.list_value(new)
                .map(|value| Action::Edit(builders::set_step(&step.id, value)))
        };
        if !editing {
            let id = ui.scope_id().with(("map-cell", &step.id, lane));
            let response = ui.interact(cell.intersect(clip), id, Sense::click());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("{} of {title}", lane.label()),
                )
            });
            let ink = theme::ink(self.dark);
            for (i, item) in items.iter().enumerate() {
                let galley = wrapped(
                    painter,
                    &format!("• {item}"),
                    13.0,
                    ink,
                    inner.width(),
                    1,
                    false,
                );
                painter.galley(item_rect(i).min + vec2(0.0, 2.0), galley, ink);
            }
            if response.hovered() {
                painter.rect_stroke(
                    cell.shrink(2.0),
                    4.0,
                    Stroke::new(1.0, theme::link_color(self.dark)),
                    egui::StrokeKind::Inside,
                );
            }
            if response.clicked() {
                let at = response.interact_pointer_pos().unwrap_or(cell.min);
                let clicked_line = ((at.y - inner.min.y) / LINE_HEIGHT).floor();
                state.focus_item = (clicked_line >= 0.0 && (clicked_line as usize) < items.len())
                    .then_some(clicked_line as usize);
                state.editing = Some(Editing {
                    step: step.id.clone(),
                    lane,
                });
                if self.ctx.selection.single_step() != Some(&step.id) {
                    actions.push(Action::Select(Selection::step(&step.id)));
                }
            }
            return;
        }
        let noun = noun(lane);
        let focus = state.focus_item.take();
        for (i, item) in items.iter().enumerate() {
            let row = item_rect(i);
            let remove_rect =
                Rect::from_min_size(pos2(row.max.x - 20.0, row.min.y), vec2(20.0, row.height()));
            let text_rect = row.with_max_x(row.max.x - 22.0);
            let mut text = item.clone();
            let edit = egui::TextEdit::singleline(&mut text)
                .id_salt(("map-item", &step.id, lane, i))
                .hint_text(format!("a {noun}"))
                .desired_width(text_rect.width());
            let r = put_clipped(ui, clip, text_rect, edit);
            r.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::TextInput,
                    true,
                    format!("{} {} of {title}", capitalised(noun), i + 1),
                )
            });
            if focus == Some(i) {
                r.request_focus();
            }
            if r.lost_focus() {
                actions.push(Action::Seal);
            }
            let remove = put_clipped(ui, clip, remove_rect, egui::Button::new("×").small())
                .on_hover_text(format!("Remove this {noun}"));
            remove.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Remove {noun} {} of {title}", i + 1),
                )
            });
            if remove.clicked() {
                let mut new = items.to_vec();
                new.remove(i);
                actions.push(Action::Seal);
                actions.extend(set(new));
                actions.push(Action::Seal);
            } else if r.changed() && text != *item {
                let mut new = items.to_vec();
                new[i] = text;
                actions.extend(set(new));
            }
        }
        let add_rect = item_rect(items.len()).with_max_x(inner.min.x + 90.0);
        let add = put_clipped(
            ui,
            clip,
            add_rect,
            egui::Button::new(format!("+ {noun}")).small(),
        );
        add.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Add {noun} to {title}"))
        });
        if add.clicked() {
            let mut new = items.to_vec();
            new.push(String::new());
            actions.push(Action::Seal);
            actions.extend(set(new));
            actions.push(Action::Seal);
            state.focus_item = Some(items.len());
        }
        painter.rect_stroke(
            cell.shrink(1.0),
            4.0,
            Stroke::new(2.0, theme::selection_color(self.dark)),
            egui::StrokeKind::Inside,
        );
    }

    /// The zero line, the curves (the steps' or the filtered persona's, and the other
    /// personas' when none is filtered), and the draggable markers.
    fn emotion_lane(
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
        let zero_screen = zero - self.offset.y + self.rect.min.y;
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
                    6.0,
                    4.0,
                ));
                for pos in &line {
                    painter.circle_filled(*pos, 3.5, colour);
                }
            }
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

    fn marker(
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
        let hit = Rect::from_center_size(pos, Vec2::splat(24.0)).intersect(self.cells_clip());
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
            point.emotion,
            self.ctx.selection.has_step(&step.id),
            self.dark,
        );
        if response.clicked() || response.drag_started() {
            select(state, step, actions);
        }
        if response.dragged() || response.drag_started() {
            let y = response.interact_pointer_pos().map_or(pos.y, |p| p.y);
            let map_y = y - self.rect.min.y + self.offset.y;
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

    /// A step being dragged sideways: where it would land, and the drop.
    fn step_drag(
        &self,
        ui: &Ui,
        painter: &Painter,
        state: &mut MapState,
        actions: &mut Vec<Action>,
    ) {
        let Some(Drag::Step { id }) = &state.drag else {
            return;
        };
        let Some(mouse) = ui.input(|i| i.pointer.latest_pos()) else {
            return;
        };
        let map = map_pos(self.rect, self.offset, mouse);
        let (target, before) = self.layout.drop_target(map.x);
        let span = &self.layout.stages[target.index()];
        let x = match before.and_then(|b| self.layout.column_of(b)) {
            Some(c) => self.layout.column_x(c).min,
            None if span.steps == 0 => span.x.center(),
            None => span.x.max,
        };
        let x = x - self.offset.x + self.rect.min.x;
        let colour = theme::stage_color(target);
        painter.vline(x, self.cells_clip().y_range(), Stroke::new(3.0, colour));
        let doc = self.ctx.doc;
        if let Some(step) = doc.step(id) {
            painter.text(
                mouse + vec2(12.0, -12.0),
                Align2::LEFT_BOTTOM,
                display_title(step),
                FontId::proportional(13.0),
                theme::ink(self.dark),
            );
        }
        if ui.input(|i| !i.pointer.primary_down()) {
            let id = id.clone();
            state.drag = None;
            let before = before.map(|b| doc.steps()[b].id.as_str());
            if let Some(edit) = builders::place_step(doc, &id, target, before) {
                actions.push(Action::Seal);
                actions.push(Action::Edit(edit));
                actions.push(Action::Seal);
            }
        }
    }

    /// The stage headers along the top and the lane headers down the left, over the cells.
    pub fn draw_headers(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let top = Rect::from_min_max(
            self.rect.min + vec2(LANE_HEADER_WIDTH, 0.0),
            pos2(self.rect.max.x, self.rect.min.y + STAGE_HEADER_HEIGHT),
        );
        let painter = ui.painter_at(top);
        for span in &self.layout.stages {
            let rect = stage_header_rect(self.rect, self.offset, span.x);
            if !rect.intersects(top) {
                continue;
            }
            painter.rect_filled(
                rect.shrink2(vec2(1.0, 2.0)),
                4.0,
                theme::stage_color(span.stage),
            );
            let text = format!("{} · {}", span.stage.label(), span.steps);
            // The label stays on screen while its stage is.
            let x = rect.min.x.max(top.min.x) + 8.0;
            painter.text(
                pos2(
                    x.min(rect.max.x - 40.0).max(rect.min.x + 8.0),
                    rect.center().y,
                ),
                Align2::LEFT_CENTER,
                text,
                FontId::proportional(14.0),
                theme::on_stage_color(),
            );
        }
        let left = Rect::from_min_max(
            self.rect.min + vec2(0.0, STAGE_HEADER_HEIGHT),
            pos2(self.rect.min.x + LANE_HEADER_WIDTH, self.rect.max.y),
        );
        let panel = ui.visuals().panel_fill;
        ui.painter().rect_filled(
            Rect::from_min_size(self.rect.min, vec2(LANE_HEADER_WIDTH, STAGE_HEADER_HEIGHT)),
            0.0,
            panel,
        );
        let painter = ui.painter_at(left);
        painter.rect_filled(left, 0.0, panel);
        let shown: Vec<Lane> = self.layout.lanes.iter().map(|l| l.lane).collect();
        for (r, row) in self.layout.lanes.iter().enumerate() {
            let rect = lane_header_rect(self.rect, self.offset, row.y);
            if !rect.intersects(left) {
                continue;
            }
            painter.hline(
                rect.x_range(),
                rect.max.y,
                Stroke::new(1.0, theme::grid_color(self.dark)),
            );
            painter.text(
                rect.min + vec2(10.0, 10.0),
                Align2::LEFT_TOP,
                row.lane.label(),
                FontId::proportional(14.0),
                theme::ink(self.dark),
            );
            if row.lane == Lane::Emotion {
                for value in [2.0, 0.0, -2.0] {
                    let y = map_layout::emotion_y(row.y, value) - self.offset.y + self.rect.min.y;
                    painter.text(
                        pos2(rect.max.x - 8.0, y),
                        Align2::RIGHT_CENTER,
                        if value == 0.0 {
                            "0".to_owned()
                        } else {
                            format!("{value:+}")
                        },
                        FontId::proportional(11.0),
                        theme::weak_ink(self.dark),
                    );
                }
            }
            let id = ui.scope_id().with(("map-lane", row.lane));
            let response = ui.interact(rect.intersect(left), id, Sense::click());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("{} lane", row.lane.label()),
                )
            });
            let response = response.on_hover_text("Right-click to move or hide this lane");
            response.context_menu(|ui| {
                lane_menu(ui, self.ctx, row.lane, r, &shown, actions);
            });
        }
    }
}

/// Moving and hiding one lane: the lane header's context menu.
fn lane_menu(
    ui: &mut Ui,
    ctx: &ViewContext<'_>,
    lane: Lane,
    row: usize,
    shown: &[Lane],
    actions: &mut Vec<Action>,
) {
    let doc = ctx.doc;
    if ui
        .add_enabled(row > 0, egui::Button::new("Move up"))
        .clicked()
    {
        actions.extend(builders::move_lane(doc, lane, -1).map(Action::Edit));
        ui.close();
    }
    if ui
        .add_enabled(row + 1 < shown.len(), egui::Button::new("Move down"))
        .clicked()
    {
        actions.extend(builders::move_lane(doc, lane, 1).map(Action::Edit));
        ui.close();
    }
    if ui.button("Hide lane").clicked() {
        actions.extend(builders::show_lane(doc, lane, false).map(Action::Edit));
        ui.close();
    }
}

/// Puts a widget at `rect`, clipped to the scrolling part of the map.
fn put_clipped(ui: &mut Ui, clip: Rect, rect: Rect, widget: impl egui::Widget) -> egui::Response {
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
    child.set_clip_rect(clip.intersect(ui.clip_rect()));
    child.put(rect, widget)
}

fn select(state: &mut MapState, step: &Step, actions: &mut Vec<Action>) {
    if state.editing.as_ref().is_some_and(|e| e.step != step.id) {
        state.editing = None;
    }
    actions.push(Action::Select(Selection::step(&step.id)));
}

/// The emotion shown for `step` (the filtered persona's, or the step's).
fn point_emotion(step: &Step, persona: Option<&str>) -> Emotion {
    map_layout::emotion_for(step, persona).unwrap_or(step.emotion)
}

/// A marker with a face: a smile for happy, a frown for unhappy, a straight mouth between.
fn face(painter: &Painter, center: Pos2, emotion: Emotion, selected: bool, dark: bool) {
    let radius = 10.0;
    let fill = theme::emotion_color(emotion);
    let ring = if selected {
        Stroke::new(2.5, theme::selection_color(dark))
    } else {
        Stroke::new(1.5, theme::canvas_background(dark))
    };
    painter.circle(center, radius, fill, ring);
    let ink = Color32::WHITE;
    for dx in [-3.5, 3.5] {
        painter.circle_filled(center + vec2(dx, -2.5), 1.4, ink);
    }
    let curve = f32::from(emotion.value()) * 1.3;
    let mouth = [
        center + vec2(-4.5, 3.5 - curve * 0.4),
        center + vec2(0.0, 3.5 + curve),
        center + vec2(4.5, 3.5 - curve * 0.4),
    ];
    painter.add(Shape::line(mouth.to_vec(), Stroke::new(1.6, ink)));
}

/// `text` laid out in at most `rows` lines of `width`, ending in "…" when cut.
fn wrapped(
    painter: &Painter,
    text: &str,
    size: f32,
    color: Color32,
    width: f32,
    rows: usize,
    strong: bool,
) -> std::sync::Arc<egui::Galley> {
    let mut job =
        egui::text::LayoutJob::simple(text.to_owned(), FontId::proportional(size), color, width);
    job.wrap = egui::text::TextWrapping {
        max_width: width,
        max_rows: rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    if strong && let Some(section) = job.sections.first_mut() {
        section.format.color = color;
    }
    painter.layout_job(job)
}

fn display_title(step: &Step) -> String {
    if step.title.trim().is_empty() {
        format!("({})", step.id)
    } else {
        step.title.clone()
    }
}

/// The word for one item of a list lane.
const fn noun(lane: Lane) -> &'static str {
    match lane {
        Lane::Channels => "channel",
        Lane::Touchpoints => "touchpoint",
        Lane::PainPoints => "pain point",
        Lane::Opportunities => "opportunity",
        Lane::Steps | Lane::Emotion => "item",
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
