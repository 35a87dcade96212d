//! Behind the line of visibility: the service blueprint's dashed, labelled lines between the
//! lanes, the metrics lane (each metric against its target, and the simulation's figures
//! beside them), and a step's fail point and wait under its title.

use egui::{FontId, Painter, Rect, Sense, Shape, Stroke, Ui, pos2, vec2};

use super::draw::{Frame, display_title, wrapped};
use super::{Figures, MapState, Modelled};
use crate::layout::map::{BlueprintLine, CELL_PADDING, LINE_HEIGHT, STEP_BADGE_HEIGHT};
use crate::layout::words::thousands;
use crate::model::{Selection, Standing, Step};
use crate::ui::Action;
use crate::ui::theme;

impl Frame<'_> {
    /// The blueprint's lines across the cells, dashed, each labelled at the left of the
    /// cells; a screen reader finds each as a label. Returns the screen y of each line.
    pub(super) fn blueprint_lines(&self, ui: &Ui, painter: &Painter) -> Vec<(BlueprintLine, f32)> {
        let clip = self.cells_clip();
        let colour = theme::blueprint_line(self.dark);
        let mut drawn: Vec<(BlueprintLine, f32)> = Vec::new();
        for at in &self.layout.lines {
            let y = self.screen_pos(pos2(0.0, at.y)).y;
            drawn.push((at.line, y));
            if !clip.y_range().contains(y) {
                continue;
            }
            painter.extend(Shape::dashed_line(
                &[pos2(clip.min.x, y), pos2(clip.max.x, y)],
                Stroke::new(1.5, colour),
                self.z(8.0),
                self.z(5.0),
            ));
        }
        // One label per place: lines that fall together (the lanes between them hidden)
        // share it.
        let mut places: Vec<(f32, Vec<BlueprintLine>)> = Vec::new();
        for (line, y) in &drawn {
            match places.iter_mut().find(|(at, _)| at == y) {
                Some((_, lines)) => lines.push(*line),
                None => places.push((*y, vec![*line])),
            }
        }
        for (y, lines) in places {
            if !clip.y_range().contains(y) {
                continue;
            }
            let text: Vec<&str> = lines.iter().map(|l| l.label()).collect();
            let text = text.join(" · ");
            let galley =
                painter.layout_no_wrap(text.clone(), FontId::proportional(self.z(11.0)), colour);
            let at = pos2(clip.min.x + self.z(6.0), y - galley.size().y - self.z(2.0));
            let back = Rect::from_min_size(at, galley.size()).expand2(vec2(self.z(4.0), 1.0));
            painter.rect_filled(back, self.z(3.0), theme::canvas_background(self.dark));
            painter.galley(at, galley, colour);
            let id = ui.scope_id().with(("blueprint-line", lines[0].label()));
            let response = ui.interact(back.intersect(clip), id, Sense::hover());
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
        }
        drawn
    }

    /// A step's fail point and wait, on the lines under its notes in the steps lane, and
    /// a red mark in the cell's top-right corner for a fail point.
    pub(super) fn step_badges(&self, painter: &Painter, step: &Step, cell: Rect) {
        if step.fail_point.is_none() && step.wait.is_none() {
            return;
        }
        let inner = cell.shrink(self.z(CELL_PADDING));
        let badge_height = self.z(STEP_BADGE_HEIGHT);
        let mut top = inner.max.y - self.layout.badge_rows as f32 * badge_height;
        let font = FontId::proportional(self.z(11.5));
        if let Some(fail) = &step.fail_point {
            let corner = pos2(cell.max.x - self.z(6.0), cell.min.y + self.z(6.0));
            let side = self.z(16.0);
            painter.add(Shape::convex_polygon(
                vec![corner, corner + vec2(0.0, side), corner + vec2(-side, 0.0)],
                theme::FAIL_POINT,
                Stroke::NONE,
            ));
            let text = if fail.note.trim().is_empty() {
                "Fail point".to_owned()
            } else {
                format!("Fail point: {}", fail.note.trim())
            };
            let galley = wrapped(
                painter,
                &text,
                font.size,
                theme::FAIL_POINT,
                inner.width(),
                1,
                false,
            );
            painter.galley(pos2(inner.min.x, top), galley, theme::FAIL_POINT);
            top += badge_height;
        }
        if let Some(wait) = &step.wait {
            let text = wait.label();
            let colour = if self.dark {
                theme::mix(theme::WAIT, egui::Color32::WHITE, 0.5)
            } else {
                theme::WAIT
            };
            let galley = wrapped(painter, &text, font.size, colour, inner.width(), 1, false);
            painter.galley(pos2(inner.min.x, top), galley, colour);
        }
    }

    /// The metrics lane's cell of `step`: each metric against its target (green on target,
    /// amber off it, each row named by its gap in words for a screen reader), and under
    /// them the simulation's figures for the step when the Simulation panel is open.
    /// Clicking the cell selects the step; its metrics are edited in the inspector.
    #[expect(clippy::too_many_arguments, reason = "one cell's drawing and gestures")]
    pub(super) fn metrics_cell(
        &self,
        ui: &mut Ui,
        painter: &Painter,
        step: &Step,
        cell: Rect,
        modelled: Option<&Modelled>,
        state: &mut MapState,
        actions: &mut Vec<Action>,
    ) {
        let clip = self.cells_clip();
        let title = display_title(step);
        let inner = cell.shrink(self.z(CELL_PADDING));
        let line_height = self.z(LINE_HEIGHT);
        let id = ui.scope_id().with(("map-metrics", &step.id));
        let response = ui.interact(cell.intersect(clip), id, Sense::click());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Metrics of {title}"))
        });
        let font = FontId::proportional(self.z(12.5));
        for (i, metric) in step.metrics.iter().enumerate() {
            let row = Rect::from_min_size(
                pos2(inner.min.x, inner.min.y + i as f32 * line_height),
                vec2(inner.width(), line_height - self.z(2.0)),
            );
            let colour = match metric.standing() {
                Standing::OnTarget => theme::ON_TARGET,
                Standing::Off(_) => theme::OFF_TARGET,
                Standing::Unknown => theme::weak_ink(self.dark),
            };
            let colour = if self.dark {
                theme::mix(colour, egui::Color32::WHITE, 0.35)
            } else {
                colour
            };
            painter.circle_filled(
                pos2(row.min.x + self.z(4.0), row.center().y),
                self.z(4.0),
                colour,
            );
            let text = format!("{} {}", metric.display_name(), metric.value_text());
            let galley = wrapped(
                painter,
                &text,
                font.size,
                colour,
                row.width() - self.z(12.0),
                1,
                false,
            );
            painter.galley(
                pos2(row.min.x + self.z(12.0), row.min.y + self.z(2.0)),
                galley,
                colour,
            );
            let gap = metric.gap_text();
            let row_id = ui.scope_id().with(("map-metric", &step.id, i));
            let node = ui
                .interact(row.intersect(clip), row_id, Sense::hover())
                .on_hover_text(&gap);
            node.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &gap));
        }
        if let Some(figures) = modelled.and_then(|m| m.of(self.ctx.doc, step)) {
            self.modelled_row(ui, painter, step, inner, figures);
        }
        if response.hovered() {
            painter.rect_stroke(
                cell.shrink(2.0),
                self.z(4.0),
                Stroke::new(1.0, theme::link_color(self.dark)),
                egui::StrokeKind::Inside,
            );
        }
        if response.clicked() {
            state.editing = None;
            if self.ctx.selection.single_step() != Some(&step.id) {
                actions.push(Action::Select(Selection::step(&step.id)));
            }
        }
    }

    /// The simulation's figures of `step` under its metrics in the cell's `inner`
    /// rectangle, on as many lines as the cell has left there (at least one), the whole
    /// text on hover and for a screen reader.
    fn modelled_row(&self, ui: &Ui, painter: &Painter, step: &Step, inner: Rect, figures: Figures) {
        let clip = self.cells_clip();
        let line_height = self.z(LINE_HEIGHT);
        // As many lines as the cell has left under the metrics (a step with fewer
        // metrics than the longest list shows the figures whole), at least one.
        let top = inner.min.y + step.metrics.len() as f32 * line_height;
        let lines = ((inner.max.y - top) / line_height).floor().max(1.0);
        let row = Rect::from_min_size(
            pos2(inner.min.x, top),
            vec2(inner.width(), lines * line_height - self.z(2.0)),
        );
        let text = format!(
            "Model: {} here · {} moved on · {} lost",
            short_people(figures.here),
            short_people(figures.moved_on),
            short_people(figures.lost)
        );
        let colour = theme::weak_ink(self.dark);
        let galley = wrapped(
            painter,
            &text,
            self.z(11.5),
            colour,
            row.width(),
            lines as usize,
            false,
        );
        painter.galley(row.min + vec2(0.0, self.z(3.0)), galley, colour);
        let said = format!(
            "In the simulation: {} people here at the end, {} moved on, {} lost here",
            short_people(figures.here),
            short_people(figures.moved_on),
            short_people(figures.lost)
        );
        let row_id = ui.scope_id().with(("map-modelled", &step.id));
        let node = ui
            .interact(row.intersect(clip), row_id, Sense::hover())
            .on_hover_text(&said);
        node.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &said));
    }
}

/// A number of people, short: "1,234", "0.4".
fn short_people(n: f64) -> String {
    if n >= 10.0 {
        thousands(n.round() as u64)
    } else {
        crate::model::short_number((n * 10.0).round() / 10.0)
    }
}

/// What a screen reader hears after a step cell's name: its fail point and wait.
pub(super) fn step_extras(step: &Step) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(fail) = &step.fail_point {
        parts.push(if fail.note.trim().is_empty() {
            "fail point".to_owned()
        } else {
            format!("fail point: {}", fail.note.trim())
        });
    }
    if let Some(wait) = &step.wait {
        parts.push(wait.spoken());
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
