//! The selected link: its label, whether it carries referrals, its rate, its figures in the
//! current run, and Delete.

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::fields::{described_hint, hint, text_field_id};
use super::figures::link_figures_ui;
use crate::model::{Link, LinkValue, Stage, builders};
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
    ui.heading(if link.referral {
        "Referral link"
    } else {
        "Link"
    });
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
    let to_tell = doc.step(&link.to).is_some_and(|s| s.stage == Stage::Tell);
    let mut referral = link.referral;
    let help = if to_tell || link.referral {
        "Carries the newcomers its start brings by word of mouth into this tell step, and no \
         people; drawn dashed."
    } else {
        "Only a link that ends at a tell step can carry referrals."
    };
    let response = ui
        .add_enabled(
            to_tell || link.referral,
            egui::Checkbox::new(&mut referral, "Carries referrals"),
        )
        .on_hover_text(help)
        .on_disabled_hover_text(help);
    described_hint(ui, help, response.id);
    if response.changed()
        && let Ok(edit) = builders::set_referral(doc, &link.id, referral)
    {
        actions.push(Action::Seal);
        actions.push(Action::Edit(edit));
        actions.push(Action::Seal);
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Rate").strong());
    hint(
        ui,
        if link.referral {
            "Its weight in splitting the referrals among its start's referral links (evenly \
             when none has a rate above 0)."
        } else {
            "The share of customers who move along this link per period."
        },
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
