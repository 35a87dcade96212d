//! Nothing selected: the journey's marketing frame — title, core narrative, the problem in
//! three layers, the minimum viable audience and the desires it serves.

use egui::{RichText, Ui};

use super::fields::{described_text_field, hint, text_field, text_field_id};
use crate::model::{Desire, Document, FrameValue, builders};
use crate::ui::Action;

/// The largest audience the size field offers: more people than live on Earth. A bigger
/// number in a file is kept as it is.
pub(super) const AUDIENCE_MAX: u64 = 10_000_000_000;

#[expect(
    clippy::too_many_lines,
    reason = "the journey's frame top to bottom, as the panel shows them"
)]
pub(super) fn journey_ui(
    ui: &mut Ui,
    doc: &Document,
    focus: bool,
    actions: &mut Vec<Action>,
) -> egui::Id {
    let set = |value| Action::Edit(builders::set_frame(value));
    ui.heading("Journey");
    hint(
        ui,
        "Select a step or a link to edit it; this is the frame around the whole journey.",
    );
    ui.add_space(6.0);
    let (title, first) = text_field_id(
        ui,
        "Journey title",
        "name this journey",
        None,
        &doc.title,
        false,
        focus,
        actions,
    );
    if let Some(v) = title {
        actions.push(set(FrameValue::Title(v)));
    }
    ui.add_space(6.0);
    if let Some(v) = described_text_field(
        ui,
        "Core narrative",
        "the better world behind what we do",
        Some("The change you make in your customers' lives, rather than the thing you sell."),
        &doc.core_narrative,
        true,
        actions,
    ) {
        actions.push(set(FrameValue::CoreNarrative(v)));
    }

    ui.add_space(10.0);
    ui.label(RichText::new("Customer problems").heading().size(16.0));
    let problems = [
        (
            &doc.problems.external,
            FrameValue::External as fn(String) -> FrameValue,
        ),
        (&doc.problems.internal, FrameValue::Internal),
        (&doc.problems.philosophical, FrameValue::Philosophical),
    ];
    // What an empty field invites.
    let placeholders = [
        "the need, as the customer says it",
        "the feeling behind it",
        "the bigger thing it serves",
    ];
    for (((value, make), (name, meaning)), placeholder) in problems
        .into_iter()
        .zip(crate::model::Problems::HINTS)
        .zip(placeholders)
    {
        ui.add_space(4.0);
        if let Some(v) =
            described_text_field(ui, name, placeholder, Some(meaning), value, true, actions)
        {
            actions.push(set(make(v)));
        }
    }

    ui.add_space(10.0);
    ui.label(
        RichText::new("Minimum viable audience")
            .heading()
            .size(16.0),
    );
    ui.add_space(4.0);
    if let Some(v) = text_field(
        ui,
        "Who it is for",
        "it is not for everyone",
        &doc.audience.description,
        true,
        actions,
    ) {
        actions.push(set(FrameValue::AudienceDescription(v)));
    }
    ui.add_space(4.0);
    ui.label(RichText::new("How many they are").strong());
    ui.horizontal(|ui| {
        let mut known = doc.audience.size.is_some();
        if ui
            .checkbox(&mut known, "Known")
            .on_hover_text("Whether you know the audience's size")
            .changed()
        {
            actions.push(set(FrameValue::AudienceSize(known.then_some(1000))));
            actions.push(Action::Seal);
        }
        if let Some(size) = doc.audience.size {
            let mut value = size;
            let response = ui.add(
                egui::DragValue::new(&mut value)
                    .range(0..=AUDIENCE_MAX)
                    .clamp_existing_to_range(false)
                    .suffix(" people"),
            );
            // Named by what it is, not by its suffix; the reader hears the unit and range.
            ui.ctx().accesskit_node_builder(response.id, |node| {
                node.set_label("Audience size");
                node.set_description("people; big enough to sustain the business");
                node.set_max_numeric_value(AUDIENCE_MAX as f64);
            });
            if response.changed() && value != size {
                actions.push(set(FrameValue::AudienceSize(Some(value))));
            }
            if response.drag_stopped() || response.lost_focus() {
                actions.push(Action::Seal);
            }
        }
    });
    hint(ui, "Big enough to sustain the business.");
    ui.add_space(4.0);
    if let Some(v) = text_field(
        ui,
        "What makes it unique",
        "why them, why us",
        &doc.audience.uniqueness,
        true,
        actions,
    ) {
        actions.push(set(FrameValue::Uniqueness(v)));
    }

    ui.add_space(10.0);
    ui.label(RichText::new("Desires it serves").heading().size(16.0));
    for desire in Desire::ALL {
        let mut on = doc.audience.desires.contains(desire);
        if ui.checkbox(&mut on, desire.label()).changed() {
            actions.push(Action::Seal);
            actions.push(set(FrameValue::Desires(
                doc.audience.desires.with(desire, on),
            )));
            actions.push(Action::Seal);
        }
    }
    first
}
