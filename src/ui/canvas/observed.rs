//! Links whose drawn rate lies outside what an event log showed: while the scenario
//! "observed" is shown in the Simulation panel, each such link carries a mark beside its
//! middle, with a tooltip and an accessible name saying the drawn rate and the observed
//! interval.

use std::fmt::Write as _;
use std::sync::Arc;

use egui::{Color32, Id, Rect, Sense, Stroke, Ui, vec2};

use super::Scene;
use crate::layout::geometry::bezier_point;
use crate::model::{Document, builders};
use crate::ui::calibration::short_number;

/// A link's drawn rate and the interval an event log showed, when the rate lies outside it.
#[derive(Clone, Debug, PartialEq)]
pub struct OffObserved {
    /// The rate as drawn.
    pub drawn: f64,
    /// The observed 95 % interval's ends.
    pub low: f64,
    /// See `low`.
    pub high: f64,
    /// The observations behind it.
    pub count: u64,
}

impl OffObserved {
    /// "drawn 0.3, observed 0.35 to 0.42 (812 observations)".
    pub fn describe(&self) -> String {
        format!(
            "drawn {}, observed {} to {} ({} observations)",
            short_number(self.drawn),
            short_number(self.low),
            short_number(self.high),
            crate::layout::words::thousands(self.count)
        )
    }
}

/// For each link of `doc` (by index), its mark if the scenario "observed" holds an interval
/// for it that its drawn rate lies outside.
pub fn off_observed(doc: &Document) -> Arc<[Option<OffObserved>]> {
    let mut marks: Vec<Option<OffObserved>> = vec![None; doc.links().len()];
    let Some(scenario) = doc.scenario(builders::OBSERVED) else {
        return marks.into();
    };
    for (id, o) in &scenario.links {
        let (Some(i), Some(observed)) = (doc.link_position(id), &o.observed) else {
            continue;
        };
        let drawn = doc.links()[i].rate.unwrap_or(0.0);
        if observed.excludes(drawn) {
            marks[i] = Some(OffObserved {
                drawn,
                low: observed.low,
                high: observed.high,
                count: observed.count,
            });
        }
    }
    marks.into()
}

/// The mark's colour: an amber that reads on light and dark canvases.
const MARK: Color32 = Color32::from_rgb(0xE0, 0x8A, 0x00);

/// Draws the marks of the visible links that have one, each a small "!" disc beside the
/// link's middle that says what it means when hovered and to a screen reader.
pub(super) fn marks_ui(ui: &Ui, scene: &Scene<'_>, links: &[u32], canvas_id: Id) {
    let Some(marks) = scene.off_observed else {
        return;
    };
    let layout = &scene.layout;
    let doc = layout.doc;
    let painter = ui.painter_at(scene.rect);
    let radius = (8.0 * scene.camera.zoom).clamp(7.0, 10.0);
    for &i in links {
        let i = i as usize;
        let (Some(Some(mark)), Some(curve)) = (marks.get(i), layout.curve(i)) else {
            continue;
        };
        let at = scene
            .camera
            .screen_from_canvas(scene.rect, bezier_point(&curve, 0.3));
        if !scene.rect.contains(at) {
            continue;
        }
        painter.circle(at, radius, MARK, Stroke::new(1.5, Color32::WHITE));
        painter.text(
            at,
            egui::Align2::CENTER_CENTER,
            "!",
            egui::FontId::proportional(radius * 1.5),
            Color32::WHITE,
        );
        let link = &doc.links()[i];
        let title = |id: &str| doc.step(id).map_or(id, |s| s.title.as_str()).to_owned();
        let mut text = format!(
            "{} to {}: rate outside what the event log showed",
            title(&link.from),
            title(&link.to)
        );
        let _ = write!(text, ": {}", mark.describe());
        let response = ui.interact(
            Rect::from_center_size(at, vec2(2.0 * radius, 2.0 * radius)),
            canvas_id.with(("observed", &link.id)),
            Sense::hover(),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &text));
        response.on_hover_text(text);
    }
}
