//! The map's sticky headers: the stage names along the top and the lane names down the left
//! stay in view while the cells scroll under them; a lane's name has a menu to move or hide it.

use egui::{Align2, FontId, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::draw::Frame;
use super::{lane_header_rect, stage_header_rect};
use crate::layout::map::{self as map_layout, LANE_HEADER_WIDTH, STAGE_HEADER_HEIGHT};
use crate::model::{Lane, builders};
use crate::ui::Action;
use crate::ui::theme;
use crate::ui::view::ViewContext;

impl Frame<'_> {
    /// The stage headers along the top and the lane headers down the left, over the cells.
    pub(super) fn draw_headers(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
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
