//! The review of a calibration: what an event log showed of each number beside what is drawn,
//! the biggest differences first, and what a marketing budget paid per person reached; the
//! steps no event maps to and the events no step maps (a click adds one to the selected
//! step); where the loop leaks with each step's removal effect and purchases credited; what
//! the fit could not use (moves no link joins, event names two steps claim, skipped rows);
//! and the two ways of keeping the numbers. Draws only: the app carries out the answer.

use egui::{RichText, Ui};

use crate::calibrate::render::interval_ends;
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
            budgets_ui(ui, doc, report);
            ui.add_space(8.0);
            if let Some(event) = unmapped_ui(ui, doc, report, selected) {
                answer = Some(ReviewAnswer::AddEvent(event));
            }
            ui.add_space(8.0);
            leaks_ui(ui, report);
            ui.add_space(8.0);
            unused_ui(ui, doc, report);
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
                let interval = interval_text(d.observed.low, d.observed.high, d.drawn);
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
        .num_columns(5)
        .show(ui, |ui| {
            for heading in [
                "step",
                "people lost",
                "leak",
                "removal effect",
                "purchases credited",
            ] {
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
                ui.label(step.credited.map_or_else(String::new, count_text))
                    .on_hover_text(
                        "The purchases seen in the log, shared among the steps in proportion to their removal effects",
                    );
                ui.end_row();
            }
        });
    if let Some(p) = report.purchase_probability {
        ui.label(format!(
            "A newcomer buys with probability {} under the observed numbers; {} {} seen.",
            short_number(p),
            thousands(report.purchases),
            if report.purchases == 1 {
                "purchase"
            } else {
                "purchases"
            }
        ));
    }
}

/// What each tell step on a marketing budget paid per person reached, going by the log: the
/// cost per reach "Use these numbers" writes, since such a step does not use its reach.
fn budgets_ui(ui: &mut Ui, doc: &Document, report: &Report) {
    for s in &report.steps {
        if let (Some(cost), Some(reach)) = (s.cost_per_reach, s.reach) {
            let drawn = doc.step(&s.id).and_then(|d| d.money.cost_per_reach);
            ui.label(format!(
                "\"{}\" reaches {} a period on its marketing budget ({} as drawn): {} per person \
                 reached{}, which \"Use these numbers\" makes its cost per reach.",
                s.title,
                short_number(reach.value),
                short_number(s.drawn_reach),
                short_number(cost),
                drawn.map_or_else(String::new, |d| format!(
                    " against {} drawn",
                    short_number(d)
                ))
            ));
        }
    }
}

/// What the fit could not use: moves between steps no link joins (counted in the leak),
/// event names more than one step lists, and the rows skipped.
fn unused_ui(ui: &mut Ui, doc: &Document, report: &Report) {
    let title = |id: &str| {
        doc.step(id)
            .map_or_else(|| id.to_owned(), |s| s.title.clone())
    };
    let skipped = &report.skipped;
    if report.unlinked_moves.is_empty() && report.clashes.is_empty() && skipped.count == 0 {
        return;
    }
    ui.label(RichText::new("What the fit could not use").strong());
    if !report.unlinked_moves.is_empty() {
        ui.label("Moves that no link joins, counted in the leak of where they start:");
        for (from, to, people) in &report.unlinked_moves {
            ui.label(format!(
                "    {} to {}: {}",
                title(from),
                title(to),
                match people {
                    1 => "1 person".to_owned(),
                    n => format!("{} people", thousands(*n)),
                }
            ));
        }
    }
    for (pattern, steps) in &report.clashes {
        let titles: Vec<String> = steps.iter().map(|id| title(id)).collect();
        ui.label(format!(
            "\"{pattern}\" is listed by {}; \"{}\" gets its events.",
            titles.join(", "),
            titles.first().map_or("", String::as_str)
        ));
    }
    if skipped.count > 0 {
        ui.label(format!(
            "Skipped {}{}:",
            crate::model::plural(usize::try_from(skipped.count).unwrap_or(usize::MAX), "row"),
            if skipped.count > skipped.first.len() as u64 {
                format!(", the first {} here", skipped.first.len())
            } else {
                String::new()
            }
        ));
        for bad in &skipped.first {
            ui.label(format!("    {bad}"));
        }
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
    with_decimals(x, 3)
}

/// [`short_number`] with `decimals` decimals below 100.
fn with_decimals(x: f64, decimals: usize) -> String {
    let decimals = if x.abs() >= 100.0 { 1 } else { decimals };
    let text = format!("{x:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0" } else { text }.to_owned()
}

/// An interval as read in the review: [`short_number`]'s digits, or more where fewer would hide
/// what matters ([`interval_ends`]).
fn interval_text(low: f64, high: f64, drawn: f64) -> String {
    let (low, high) = interval_ends(low, high, drawn, with_decimals);
    format!("{low} to {high}")
}

/// A count that may have a fraction (purchases credited): whole and grouped from 1,000 on.
fn count_text(x: f64) -> String {
    if x >= 1000.0 {
        thousands(x.round() as u64)
    } else {
        short_number(x)
    }
}

fn thousands(n: u64) -> String {
    crate::layout::words::thousands(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_shows_the_digits_that_tell_its_ends_apart() {
        assert_eq!(interval_text(0.1234, 0.5678, 0.3), "0.123 to 0.568");
        assert_eq!(interval_text(0.000_012, 0.000_3, 0.0), "0.00001 to 0.0003");
        assert_eq!(interval_text(0.999_74, 1.0, 1.0), "0.9997 to 1");
        assert_eq!(interval_text(0.0, 0.0, 0.0), "0 to 0");
        assert_eq!(interval_text(0.0, 0.000_000_1, 0.0), "0 to 0");
        assert_eq!(interval_text(1143.71, 1162.44, 1161.8), "1143.7 to 1162.4");
        // A drawn 0.6 just above the interval does not read as its end.
        assert_eq!(interval_text(0.5912, 0.59974, 0.6), "0.5912 to 0.5997");
        assert_eq!(interval_text(0.5912, 0.59974, 0.595), "0.591 to 0.6");
        assert_eq!(count_text(18_797.4), "18,797");
        assert_eq!(count_text(12.25), "12.25");
    }
}
