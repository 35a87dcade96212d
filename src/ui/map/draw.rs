//! Drawing the map's cells, emotion curve and headers, and the gestures on them.

use std::ops::Range;

use egui::{Align2, Color32, FontId, Painter, Pos2, Rangef, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::{Drag, Editing, MapState};
use crate::layout::map::{
    CELL_PADDING, LANE_HEADER_WIDTH, LINE_HEIGHT, MapLayout, MapView, STAGE_HEADER_HEIGHT,
};
use crate::model::{Lane, Selection, Step, StepValue, builders};
use crate::ui::Action;
use crate::ui::theme;
use crate::ui::view::ViewContext;

/// One frame of the map: what it draws and where.
pub(super) struct Frame<'a> {
    pub ctx: &'a ViewContext<'a>,
    pub layout: &'a MapLayout,
    /// The map's rectangle on screen.
    pub rect: Rect,
    /// The zoom and scrolling it is drawn with.
    pub view: MapView,
    pub dark: bool,
    /// The columns on screen.
    pub columns: Range<usize>,
    /// Whether the emotion lane draws the to-be curve.
    pub to_be: bool,
    /// The simulation's figures per step, when the Simulation panel shows a run.
    pub modelled: Option<&'a super::Modelled>,
}

impl Frame<'_> {
    /// A length in map units (a font size, a padding) as screen points at this zoom.
    pub(super) fn z(&self, length: f32) -> f32 {
        length * self.view.zoom
    }

    /// The part of the screen the cells scroll in (right of the lane headers, below the
    /// stage headers).
    pub(super) fn cells_clip(&self) -> Rect {
        Rect::from_min_max(
            self.rect.min + vec2(self.z(LANE_HEADER_WIDTH), self.z(STAGE_HEADER_HEIGHT)),
            self.rect.max,
        )
    }

    pub(super) fn screen(&self, map: Rect) -> Rect {
        self.view.screen_rect(self.rect, map)
    }

    pub(super) fn screen_pos(&self, map: Pos2) -> Pos2 {
        self.view.screen_pos(self.rect, map)
    }

    /// The screen y of a map y.
    pub(super) fn screen_y(&self, y: f32) -> f32 {
        self.screen_pos(pos2(0.0, y)).y
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
            painter.hline(clip.x_range(), self.screen_y(row.y.max), rule);
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
                    Lane::Metrics => {
                        self.metrics_cell(ui, &painter, step, cell, self.modelled, state, actions);
                    }
                    lane => self.list_cell(ui, &painter, step, lane, cell, state, actions),
                }
            }
        }
        if let Some(r) = self.layout.row_of(Lane::Emotion) {
            self.emotion_lane(ui, &painter, self.layout.lanes[r].y, state, actions);
        }
        state.lines = self.blueprint_lines(ui, &painter);
        self.step_drag(ui, &painter, state, actions);
    }

    pub(super) fn empty_column(&self, painter: &Painter, c: usize) {
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
            FontId::proportional(self.z(12.0)),
            theme::weak_ink(self.dark),
        );
    }

    pub(super) fn step_cell(
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
        // Selected as the canvas's cards are, so a screen reader says the same in both views;
        // a fail point and a wait are said after the name.
        let extras = super::blueprint::step_extras(step);
        let _ = ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_selected(selected);
            if let Some(extras) = extras {
                node.set_description(extras);
            }
        });
        let editing = state
            .editing
            .as_ref()
            .is_some_and(|e| e.step == step.id && e.lane == Lane::Steps);
        let inner = cell.shrink(self.z(CELL_PADDING));
        if editing {
            let rect = Rect::from_min_size(inner.min, vec2(inner.width(), self.z(24.0)));
            let mut text = step.title.clone();
            let edit = egui::TextEdit::singleline(&mut text)
                .id_salt(("map-title", &step.id))
                .font(FontId::proportional(self.z(14.0)))
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
            let title_galley = wrapped(painter, &title, self.z(14.0), ink, inner.width(), 2, true);
            let title_height = title_galley.size().y;
            painter.galley(inner.min, title_galley, ink);
            if !step.notes.is_empty() {
                let notes = wrapped(
                    painter,
                    &step.notes,
                    self.z(12.0),
                    theme::weak_ink(self.dark),
                    inner.width(),
                    2,
                    false,
                );
                painter.galley(
                    inner.min + vec2(0.0, title_height + self.z(4.0)),
                    notes,
                    ink,
                );
            }
        }
        self.step_badges(painter, step, cell);
        if selected {
            painter.rect_stroke(
                cell.shrink(2.0),
                self.z(4.0),
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
    pub(super) fn list_cell(
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
        let inner = cell.shrink(self.z(CELL_PADDING));
        let item_height = self.z(LINE_HEIGHT);
        let item_rect = |i: usize| {
            Rect::from_min_size(
                pos2(inner.min.x, inner.min.y + i as f32 * item_height),
                vec2(inner.width(), item_height - self.z(2.0)),
            )
        };
        let font = FontId::proportional(self.z(13.0));
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
                    font.size,
                    ink,
                    inner.width(),
                    1,
                    false,
                );
                painter.galley(item_rect(i).min + vec2(0.0, self.z(2.0)), galley, ink);
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
                let clicked_line = ((at.y - inner.min.y) / item_height).floor();
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
            let remove_rect = Rect::from_min_size(
                pos2(row.max.x - self.z(20.0), row.min.y),
                vec2(self.z(20.0), row.height()),
            );
            let text_rect = row.with_max_x(row.max.x - self.z(22.0));
            let mut text = item.clone();
            let edit = egui::TextEdit::singleline(&mut text)
                .id_salt(("map-item", &step.id, lane, i))
                .hint_text(format!("{} {noun}", article(noun)))
                .font(font.clone())
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
            let remove = put_clipped(
                ui,
                clip,
                remove_rect,
                egui::Button::new(egui::RichText::new("×").font(font.clone())).small(),
            )
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
        // As wide as its words at this zoom (the button's own padding does not scale).
        let add_text = format!("+ {noun}");
        let add_width = painter
            .layout_no_wrap(add_text.clone(), font.clone(), Color32::WHITE)
            .size()
            .x
            + 2.0 * ui.spacing().button_padding.x
            + 2.0;
        let add_rect =
            item_rect(items.len()).with_max_x((inner.min.x + add_width).min(inner.max.x));
        let add = put_clipped(
            ui,
            clip,
            add_rect,
            egui::Button::new(egui::RichText::new(add_text).font(font)).small(),
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
            self.z(4.0),
            Stroke::new(2.0, theme::selection_color(self.dark)),
            egui::StrokeKind::Inside,
        );
    }

    /// A step being dragged sideways: where it would land, and the drop.
    pub(super) fn step_drag(
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
        let map = self.view.map_pos(self.rect, mouse);
        let (target, before) = self.layout.drop_target(map.x);
        let span = &self.layout.stages[target.index()];
        let x = match before.and_then(|b| self.layout.column_of(b)) {
            Some(c) => self.layout.column_x(c).min,
            None if span.steps == 0 => span.x.center(),
            None => span.x.max,
        };
        let x = self.screen_pos(pos2(x, 0.0)).x;
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
}

/// Puts a widget at `rect`, clipped to the scrolling part of the map.
pub(super) fn put_clipped(
    ui: &mut Ui,
    clip: Rect,
    rect: Rect,
    widget: impl egui::Widget,
) -> egui::Response {
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
    child.set_clip_rect(clip.intersect(ui.clip_rect()));
    child.put(rect, widget)
}

pub(super) fn select(state: &mut MapState, step: &Step, actions: &mut Vec<Action>) {
    if state.editing.as_ref().is_some_and(|e| e.step != step.id) {
        state.editing = None;
    }
    actions.push(Action::Select(Selection::step(&step.id)));
}

/// `text` laid out in at most `rows` lines of `width`, ending in "…" when cut.
pub(super) fn wrapped(
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

pub(super) fn display_title(step: &Step) -> String {
    if step.title.trim().is_empty() {
        format!("({})", step.id)
    } else {
        step.title.clone()
    }
}

/// The word for one item of a list lane.
pub(super) const fn noun(lane: Lane) -> &'static str {
    match lane {
        Lane::Channels => "channel",
        Lane::Touchpoints => "touchpoint",
        Lane::PainPoints => "pain point",
        Lane::Opportunities => "opportunity",
        Lane::Evidence => "evidence item",
        Lane::Frontstage => "frontstage action",
        Lane::Backstage => "backstage action",
        Lane::Support => "support process",
        Lane::Metrics => "metric",
        Lane::Steps | Lane::Emotion => "item",
    }
}

/// "a" or "an", as the word's first letter asks.
pub(super) fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
