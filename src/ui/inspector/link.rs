//! The selected link: its label and rate, its figures in the current run, and Delete.

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::fields::{hint, text_field_id};
use super::figures::link_figures_ui;
use crate::model::{Link, LinkValue, builders};
use crate::ui::Action;
use crate::ui::view::ViewContext;

pub(super) fn link_ui(
    ui: &mut Ui,
    ctx: &ViewContext<'_>,
    link: &Link,
    focus: bool,
    actions: &mut Vec<Action>,
) -> egui::Id {
    let doc = ctx.doc;
    let set = |value| Action::Edit(builders::set_link(&link.id, value));
    let title = |id: &str| {
        doc.step(id)
            .map_or_else(|| id.to_owned(), |s| s.title.clone())
    };
    ui.heading("Link");
    ui.label(format!("From {} to {}", title(&link.from), title(&link.to)));
    ui.add_space(6.0);
    let (label, first) = text_field_id(
        ui,
        "Label",
        "what moves people along",
        None,
        &link.label,
        false,
        focus,
        actions,
    );
    if let Some(label) = label {
        actions.push(set(LinkValue::Label(label)));
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Rate").strong());
    hint(
        ui,
        "The share of customers who move along this link per period.",
    );
    let mut known = link.rate.is_some();
    if ui.checkbox(&mut known, "Rate known").changed() {
        actions.push(Action::Seal);
        actions.push(set(LinkValue::Rate(known.then_some(0.5))));
        actions.push(Action::Seal);
    }
    if let Some(rate) = link.rate {
        let mut percent = rate * 100.0;
        let response = ui.add(
            egui::Slider::new(&mut percent, 0.0..=100.0)
                .suffix(" %")
                .text("Rate"),
        );
        if response.changed() && (percent / 100.0 - rate).abs() > f64::EPSILON {
            actions.push(set(LinkValue::Rate(Some(
                (percent / 100.0).clamp(0.0, 1.0),
            ))));
        }
        if response.drag_stopped() || (response.changed() && !response.dragged()) {
            actions.push(Action::Seal);
        }
    }
    if let Some(outcome) = ctx.simulated {
        link_figures_ui(ui, doc, link, outcome);
    }
    ui.add_space(10.0);
    if ui.button("Delete link").clicked() {
        actions.push(Action::Edit(builders::remove(
            &BTreeSet::new(),
            Some(&link.id),
        )));
    }
    first
}
