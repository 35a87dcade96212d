//! The map's sticky headers: the stage names along the top and the lane names down the left
//! stay in view while the cells scroll under them; a lane's name has a menu to move or hide it.

use egui::{Align2, FontId, Rangef, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::draw::Frame;
use crate::layout::map::{self as map_layout, LANE_HEADER_WIDTH, STAGE_HEADER_HEIGHT};
use crate::model::{Lane, builders};
use crate::ui::Action;
use crate::ui::theme;
use crate::ui::view::ViewContext;

impl Frame<'_> {
    /// The screen rectangle of a header strip at the top, over columns `x` (map space).
    fn stage_header_rect(&self, x: Rangef) -> Rect {
        let left = self.screen_pos(pos2(x.min, 0.0)).x;
        let right = self.screen_pos(pos2(x.max, 0.0)).x;
        Rect::from_x_y_ranges(
            left..=right,
            self.rect.min.y..=self.rect.min.y + self.z(STAGE_HEADER_HEIGHT),
        )
    }

    /// The screen rectangle of a lane header, the lane spanning `y` (map space).
    fn lane_header_rect(&self, y: Rangef) -> Rect {
        Rect::from_x_y_ranges(
            self.rect.min.x..=self.rect.min.x + self.z(LANE_HEADER_WIDTH),
            self.screen_y(y.min)..=self.screen_y(y.max),
        )
    }

    /// The stage headers along the top and the lane headers down the left, over the cells.
    pub(super) fn draw_headers(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let (lane_width, stage_height) = (self.z(LANE_HEADER_WIDTH), self.z(STAGE_HEADER_HEIGHT));
        let top = Rect::from_min_max(
            self.rect.min + vec2(lane_width, 0.0),
            pos2(self.rect.max.x, self.rect.min.y + stage_height),
        );
        let painter = ui.painter_at(top);
        for span in &self.layout.stages {
            let rect = self.stage_header_rect(span.x);
            if !rect.intersects(top) {
                continue;
            }
            painter.rect_filled(
                rect.shrink2(vec2(1.0, self.z(2.0))),
                self.z(4.0),
                theme::stage_color(span.stage),
            );
            let text = format!("{} · {}", span.stage.label(), span.steps);
            // The label stays on screen while its stage is.
            let x = rect.min.x.max(top.min.x) + self.z(8.0);
            painter.text(
                pos2(
                    x.min(rect.max.x - self.z(40.0))
                        .max(rect.min.x + self.z(8.0)),
                    rect.center().y,
                ),
                Align2::LEFT_CENTER,
                text,
                FontId::proportional(self.z(14.0)),
                theme::on_stage_color(),
            );
        }
        let left = Rect::from_min_max(
            self.rect.min + vec2(0.0, stage_height),
            pos2(self.rect.min.x + lane_width, self.rect.max.y),
        );
        let panel = ui.visuals().panel_fill;
        ui.painter().rect_filled(
            Rect::from_min_size(self.rect.min, vec2(lane_width, stage_height)),
            0.0,
            panel,
        );
        let painter = ui.painter_at(left);
        painter.rect_filled(left, 0.0, panel);
        let shown: Vec<Lane> = self.layout.lanes.iter().map(|l| l.lane).collect();
        for (r, row) in self.layout.lanes.iter().enumerate() {
            let rect = self.lane_header_rect(row.y);
            if !rect.intersects(left) {
                continue;
            }
            painter.hline(
                rect.x_range(),
                rect.max.y,
                Stroke::new(1.0, theme::grid_color(self.dark)),
            );
            painter.text(
                rect.min + vec2(self.z(10.0), self.z(10.0)),
                Align2::LEFT_TOP,
                row.lane.label(),
                FontId::proportional(self.z(14.0)),
                theme::ink(self.dark),
            );
            if row.lane == Lane::Emotion {
                for value in [2.0, 0.0, -2.0] {
                    let y = self.screen_y(map_layout::emotion_y(row.y, value));
                    painter.text(
                        pos2(rect.max.x - self.z(8.0), y),
                        Align2::RIGHT_CENTER,
                        if value == 0.0 {
                            "0".to_owned()
                        } else {
                            format!("{value:+}")
                        },
                        FontId::proportional(self.z(11.0)),
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
