//! The review of a calibration: what an event log showed of each number beside what is drawn,
//! the biggest differences first; the steps no event maps to and the events no step maps (a
//! click adds one to the selected step); where the loop leaks with each step's removal
//! effect; and the two ways of keeping the numbers. Draws only: the app carries out the
//! answer.

use egui::{RichText, Ui};

use crate::calibrate::{Progress, Report};
use crate::model::Document;

/// What the user asked for in the review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewAnswer {
    /// Add (or replace) the scenario "observed" with the fitted numbers.
    AddScenario,
    /// Write the fitted numbers into the journey.
    UseNumbers,
    /// Add this event name to the selected step's events.
    AddEvent(String),
    /// Close the review.
    Close,
}

/// The most unmapped event names listed.
const UNMAPPED_SHOWN: usize = 12;

/// Draws the review of `report` for `doc`; `selected` is the step an unmapped event would be
/// added to, if one is selected.
pub fn review_ui(
    ui: &mut Ui,
    doc: &Document,
    report: &Report,
    selected: Option<&str>,
) -> Option<ReviewAnswer> {
    let mut answer = None;
    ui.label(format!(
        "{} events read, {} mapped to steps; {} of {} counted.",
        thousands(report.events),
        thousands(report.mapped_events),
        crate::model::plural(report.counted_periods as usize, "period"),
        period_name(report.period_seconds),
    ));
    ui.horizontal(|ui| {
        if ui
            .button("Add as scenario \"observed\"")
            .on_hover_text(
                "Keep the drawn numbers and add the observed ones beside them as the scenario \"observed\" (with each interval), to compare in the Simulation panel",
            )
            .clicked()
        {
            answer = Some(ReviewAnswer::AddScenario);
        }
        if ui
            .button("Use these numbers")
            .on_hover_text("Put the observed numbers in place of the drawn ones (undo takes them back)")
            .clicked()
        {
            answer = Some(ReviewAnswer::UseNumbers);
        }
        if ui.button("Close").clicked() {
            answer = Some(ReviewAnswer::Close);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .max_height(ui.available_height())
        .show(ui, |ui| {
            differences_ui(ui, report);
            ui.add_space(8.0);
            if let Some(event) = unmapped_ui(ui, doc, report, selected) {
                answer = Some(ReviewAnswer::AddEvent(event));
            }
            ui.add_space(8.0);
            leaks_ui(ui, report);
        });
    answer
}

/// Drawn against observed for every number, the biggest differences first.
fn differences_ui(ui: &mut Ui, report: &Report) {
    ui.label(RichText::new("Drawn against observed, biggest differences first").strong());
    let differences = report.differences();
    if differences.is_empty() {
        ui.label("The log showed nothing of this journey's numbers.");
        return;
    }
    let error = ui.visuals().error_fg_color;
    egui::Grid::new("differences")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for heading in ["number", "drawn", "observed", "95 % interval", "count"] {
                ui.label(RichText::new(heading).small().strong());
            }
            ui.end_row();
            for d in &differences {
                let outside = d.observed.excludes(d.drawn);
                let what = ui.label(&d.what);
                ui.label(short_number(d.drawn));
                let observed = ui.label(short_number(d.observed.value));
                let interval = format!(
                    "{} to {}",
                    short_number(d.observed.low),
                    short_number(d.observed.high)
                );
                if outside {
                    ui.label(RichText::new(format!("{interval} (drawn outside)")).color(error));
                } else {
                    ui.label(interval.clone());
                }
                ui.label(thousands(d.observed.count));
                ui.end_row();
                // One sentence per row for a screen reader.
                let sentence = format!(
                    "{}: drawn {}, observed {}, 95 % interval {interval}, {} observations{}",
                    d.what,
                    short_number(d.drawn),
                    short_number(d.observed.value),
                    thousands(d.observed.count),
                    if outside { ", drawn outside" } else { "" }
                );
                what.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &sentence));
                let _ = observed;
            }
        });
}

/// The steps no event maps to and the most frequent events no step maps; clicking an event
/// adds it to the selected step. Returns the event clicked.
fn unmapped_ui(
    ui: &mut Ui,
    doc: &Document,
    report: &Report,
    selected: Option<&str>,
) -> Option<String> {
    let mut clicked = None;
    if !report.unmapped_steps.is_empty() {
        ui.label(RichText::new("Steps no event maps to").strong());
        let titles: Vec<String> = report
            .unmapped_steps
            .iter()
            .map(|id| doc.step(id).map_or_else(|| id.clone(), |s| s.title.clone()))
            .collect();
        ui.label(titles.join(", "));
        ui.add_space(4.0);
    }
    if report.unmapped_events.is_empty() {
        return None;
    }
    ui.label(RichText::new("Events no step maps, most frequent first").strong());
    let target = selected.and_then(|id| doc.step(id));
    match target {
        Some(step) => ui.label(format!(
            "Click one to add it to the events of \"{}\".",
            step.title
        )),
        None => ui.label("Select a step, then click an event to add it to that step's events."),
    };
    ui.horizontal_wrapped(|ui| {
        for (name, count) in report.unmapped_events.iter().take(UNMAPPED_SHOWN) {
            let text = format!("{name} ({})", thousands(*count));
            let button = ui.add_enabled(target.is_some(), egui::Button::new(text));
            let button = match target {
                Some(step) => button.on_hover_text(format!("Add \"{name}\" to \"{}\"", step.title)),
                None => button,
            };
            button.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    target.is_some(),
                    format!("Add the event {name}, seen {count} times"),
                )
            });
            if button.clicked() {
                clicked = Some(name.clone());
            }
        }
    });
    if report.unmapped_events.len() > UNMAPPED_SHOWN {
        ui.label(
            RichText::new(format!(
                "and {} more",
                report.unmapped_events.len() - UNMAPPED_SHOWN
            ))
            .weak(),
        );
    }
    clicked
}

/// Steps by people lost there, with each step's removal effect.
fn leaks_ui(ui: &mut Ui, report: &Report) {
    let leaks = report.leaks();
    if leaks.is_empty() {
        return;
    }
    ui.label(RichText::new("Where it leaks, and what each step is worth").strong());
    egui::Grid::new("leaks")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for heading in ["step", "people lost", "leak", "removal effect"] {
                ui.label(RichText::new(heading).small().strong());
            }
            ui.end_row();
            for step in leaks {
                ui.label(&step.title);
                ui.label(thousands(step.lost));
                ui.label(step.leak.as_ref().map_or_else(String::new, |l| short_number(l.value)));
                ui.label(
                    step.removal_effect
                        .map_or_else(String::new, |e| format!("{:.0} %", e * 100.0)),
                )
                .on_hover_text(
                    "The share of purchases lost if nobody could pass this step (1 − P(purchase without it) ÷ P(purchase))",
                );
                ui.end_row();
            }
        });
    if let Some(p) = report.purchase_probability {
        ui.label(format!(
            "A newcomer buys with probability {} under the observed numbers.",
            short_number(p)
        ));
    }
}

/// The progress of a fit: a bar of the bytes read, the events per second, and Cancel.
/// Returns true when Cancel was clicked.
pub fn progress_ui(ui: &mut Ui, progress: Progress, seconds: f64) -> bool {
    let share = if progress.bytes_total > 0 {
        (progress.bytes_read as f32 / progress.bytes_total as f32).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let text = format!(
        "{:.1} of {:.1} MB read",
        progress.bytes_read as f64 / 1e6,
        progress.bytes_total as f64 / 1e6
    );
    let bar = ui.add(egui::ProgressBar::new(share).text(text.clone()));
    bar.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, &text));
    let rate = if seconds > 0.0 {
        progress.events as f64 / seconds
    } else {
        0.0
    };
    ui.label(format!(
        "{} events, {} events per second",
        thousands(progress.events),
        thousands(rate.round() as u64)
    ));
    ui.button("Cancel")
        .on_hover_text("Stop reading; the journey stays as it is")
        .clicked()
}

/// A period length in words: "1 day", "2 weeks", "12 hours".
pub fn period_name(seconds: u64) -> String {
    let (n, unit) = if seconds.is_multiple_of(604_800) {
        (seconds / 604_800, "week")
    } else if seconds.is_multiple_of(86_400) {
        (seconds / 86_400, "day")
    } else if seconds.is_multiple_of(3_600) {
        (seconds / 3_600, "hour")
    } else {
        (seconds, "second")
    };
    crate::model::plural(n as usize, unit)
}

/// A fitted or drawn number as read in the review: three decimals for shares and rates, one
/// from 100 on (a reach), trailing zeros left out: 0.352778 → "0.353", 1118.1379 → "1118.1".
pub fn short_number(x: f64) -> String {
    let text = if x.abs() >= 100.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    };
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

fn thousands(n: u64) -> String {
    crate::layout::words::thousands(n)
}
