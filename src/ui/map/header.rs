//! The line above the map: the scores, the persona legend and the lanes menu.

use egui::{Color32, RichText, Ui};

/// Gives a small button a full accessible name ("Move Channels up" rather than "Up").
trait LabelledAs {
    fn labelled_as(self, label: String) -> Self;
}

impl LabelledAs for egui::Response {
    fn labelled_as(self, label: String) -> Self {
        self.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, self.enabled(), &label));
        self
    }
}

use crate::layout::map::{MAX_PERSONA_CURVES, Scores};
use crate::model::{Lane, Stage, builders};
use crate::ui::Action;
use crate::ui::theme;
use crate::ui::view::ViewContext;

/// Draws the scores, the legend of the persona curves and the lanes menu.
pub(super) fn header_ui(
    ui: &mut Ui,
    ctx: &ViewContext<'_>,
    scores: &Scores,
    actions: &mut Vec<Action>,
) {
    let frame = egui::Frame::new()
        .fill(ui.visuals().panel_fill)
        .inner_margin(egui::Margin::symmetric(6, 4));
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        // A long legend wraps to a second line rather than running under a side panel.
        ui.horizontal_wrapped(|ui| row_ui(ui, ctx, scores, actions));
    });
}

fn row_ui(ui: &mut Ui, ctx: &ViewContext<'_>, scores: &Scores, actions: &mut Vec<Action>) {
    {
        ui.menu_button("Lanes", |ui| lanes_menu(ui, ctx, actions))
            .response
            .on_hover_text("Show, hide and reorder the map's lanes");
        ui.separator();
        let percent =
            |h: Option<f32>| h.map_or_else(|| "–".to_owned(), |h| format!("{:.0} %", h * 100.0));
        let happiness = percent(scores.happiness);
        match scores.to_be_happiness {
            Some(to_be) => {
                let to_be = percent(Some(to_be));
                // The arrow is read out in words.
                let said = format!("Happiness {happiness} now, {to_be} to be");
                // The interface's font has no arrow; the monospace one has.
                let size = egui::TextStyle::Body.resolve(ui.style()).size;
                let colour = ui.visuals().strong_text_color();
                let format = |family| egui::TextFormat {
                    font_id: egui::FontId::new(size, family),
                    color: colour,
                    valign: egui::Align::Center,
                    ..egui::TextFormat::default()
                };
                let mut text = egui::text::LayoutJob::default();
                text.append(
                    &format!("Happiness {happiness} "),
                    0.0,
                    format(egui::FontFamily::Proportional),
                );
                text.append("→", 0.0, format(egui::FontFamily::Monospace));
                text.append(
                    &format!(" {to_be}"),
                    0.0,
                    format(egui::FontFamily::Proportional),
                );
                ui.label(text)
                    .on_hover_text(
                        "The share of steps where the customer feels positive, as is and to be \
                         (the dashed curve)",
                    )
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &said));
            }
            None => {
                ui.label(RichText::new(format!("Happiness {happiness}")).strong())
                    .on_hover_text("The share of steps where the customer feels positive");
            }
        }
        for stage in Stage::ALL {
            let Some(average) = scores.stage_average[stage.index()] else {
                continue;
            };
            ui.label(
                RichText::new(format!("{} {average:+.1}", stage.label()))
                    .color(theme::stage_text_color(stage, ui.visuals().dark_mode)),
            )
            .on_hover_text(format!(
                "The average emotion of the {} steps",
                stage.label()
            ));
        }
        ui.separator();
        legend_ui(ui, ctx);
    }
}

fn legend_ui(ui: &mut Ui, ctx: &ViewContext<'_>) {
    let doc = ctx.doc;
    let persona = ctx.settings.persona.as_deref();
    let shown: Vec<_> = match persona {
        Some(id) => doc.persona(id).into_iter().collect(),
        None => doc.personas().iter().take(MAX_PERSONA_CURVES).collect(),
    };
    if shown.is_empty() {
        ui.weak("Emotion: the steps' own");
        return;
    }
    if persona.is_none() {
        ui.weak("Curves:");
    } else {
        ui.weak("Only:");
    }
    for p in shown {
        let colour = Color32::from_rgb(p.colour.0[0], p.colour.0[1], p.colour.0[2]);
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 4.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 1.0, colour);
        let name = if p.name.is_empty() { &p.id } else { &p.name };
        ui.label(name).on_hover_text(&p.description);
    }
    if persona.is_none() && doc.personas().len() > MAX_PERSONA_CURVES {
        ui.weak(format!("(first {MAX_PERSONA_CURVES} personas)"));
    }
}

fn lanes_menu(ui: &mut Ui, ctx: &ViewContext<'_>, actions: &mut Vec<Action>) {
    let doc = ctx.doc;
    let order = Lane::ordered(&doc.view.lanes);
    for (i, lane) in order.iter().copied().enumerate() {
        ui.horizontal(|ui| {
            let mut shown = !doc.view.hidden_lanes.contains(&lane);
            if ui.checkbox(&mut shown, lane.label()).changed() {
                actions.extend(builders::show_lane(doc, lane, shown).map(Action::Edit));
            }
            if ui
                .add_enabled(i > 0, egui::Button::new("Up").small())
                .on_hover_text(format!("Move {} up", lane.label()))
                .labelled_as(format!("Move {} up", lane.label()))
                .clicked()
            {
                actions.extend(builders::move_lane(doc, lane, -1).map(Action::Edit));
            }
            if ui
                .add_enabled(i + 1 < order.len(), egui::Button::new("Down").small())
                .on_hover_text(format!("Move {} down", lane.label()))
                .labelled_as(format!("Move {} down", lane.label()))
                .clicked()
            {
                actions.extend(builders::move_lane(doc, lane, 1).map(Action::Edit));
            }
        });
    }
}
