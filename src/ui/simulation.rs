//! The Simulation panel: how many people the journey reaches and how many buy, period by
//! period, for the scenarios ticked; K and what follows; where the journey leaks.
//!
//! The runs happen on a background [`Task`]; their result is kept for the document revision,
//! number of periods and scenarios it was computed for, so editing a rate starts a new run
//! and the frame never waits for it (the last result stays on screen meanwhile).

use std::collections::BTreeSet;
use std::sync::Arc;

use egui::{RichText, Ui};
use egui_plot::{Legend, Line, Plot, PlotPoints};

use super::Action;
use super::view::ViewContext;
use crate::model::{Document, RevisionCache, Selection, short_number};
use crate::simulation::{self, AS_DRAWN, Options, Outcome, Refusal, report};
use crate::task::{Task, Wake};

/// The most work (steps and links × periods × runs) done at once on the UI thread.
pub const INLINE_WORK: f64 = 1e5;

/// Per scenario ticked, in order: its outcome, or why it did not run.
pub type Results = Vec<(String, Result<Outcome, Refusal>)>;

/// What a result was computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    revision: u64,
    periods: usize,
    scenarios: Vec<String>,
}

/// A finished run on screen: every scenario's outcome, and for the first one the link widths
/// (see [`flow_widths`]) and each step's share of everyone reached who was lost there.
#[derive(Debug)]
struct Shown {
    results: Arc<Results>,
    widths: Option<Arc<[f32]>>,
    leaks: Option<Arc<[f32]>>,
}

/// The panel's state: its settings, the result on screen and the run in progress.
#[derive(Debug)]
pub struct SimulationState {
    /// How many periods to run.
    pub periods: usize,
    /// The scenarios ticked, by name ([`AS_DRAWN`] for the journey's own numbers).
    pub ticked: BTreeSet<String>,
    /// Whether the canvas shows the flow of the result on screen: links as wide as the
    /// people moving along them, and each step's leak.
    pub show_flow: bool,
    /// The result on screen, with what it was computed from.
    shown: RevisionCache<Shown, Key>,
    running: Option<(Key, Task<Results>)>,
}

impl Default for SimulationState {
    fn default() -> Self {
        Self {
            periods: 52,
            ticked: BTreeSet::from([AS_DRAWN.to_owned()]),
            show_flow: true,
            shown: RevisionCache::default(),
            running: None,
        }
    }
}

impl SimulationState {
    /// The scenarios to run, in the order the panel lists them.
    fn scenarios(&self, doc: &Document) -> Vec<String> {
        std::iter::once(AS_DRAWN)
            .chain(doc.scenarios().iter().map(|s| s.name.as_str()))
            .filter(|name| self.ticked.contains(*name))
            .map(str::to_owned)
            .collect()
    }

    fn key(&self, doc: &Document) -> Key {
        Key {
            revision: doc.revision(),
            periods: self.periods,
            scenarios: self.scenarios(doc),
        }
    }

    /// Takes a finished run's result, and starts a run if no run is in progress and the
    /// result on screen is not for the journey as it is now.
    pub fn update(&mut self, doc: &Document, wake: &Wake) {
        self.take_finished();
        let key = self.key(doc);
        let shown = self.shown.is_for(&key);
        // One run at a time: while a slider is dragged, the journey changes every frame, and
        // a run cannot be stopped half way. The run in progress finishes (its result shows
        // meanwhile), then the next starts from the journey as it is then.
        if shown || self.running.is_some() {
            return;
        }
        let doc = doc.clone();
        let (periods, names) = (key.periods, key.scenarios.clone());
        let size = (doc.steps().len() + doc.links().len()) as f64;
        let work = size * periods as f64 * (1.0 + doc.links().len() as f64) * names.len() as f64;
        let run = move || -> Results {
            let options = Options::periods(periods);
            names
                .into_iter()
                .map(|name| {
                    let outcome = simulation::simulate(&doc, Some(&name), &options);
                    (name, outcome)
                })
                .collect()
        };
        // A small journey is simulated at once (well under a millisecond): a thread would
        // only make the chart flicker. Anything larger goes to the background.
        let task = if work <= INLINE_WORK {
            Task::ready(Ok(run()))
        } else {
            Task::spawn("simulation", Arc::clone(wake), run)
        };
        self.running = Some((key, task));
        // A run done at once shows in this frame.
        self.take_finished();
    }

    /// Moves a finished run's result on screen.
    fn take_finished(&mut self) {
        if let Some((_, task)) = &mut self.running
            && let Some(result) = task.try_take()
            && let Some((key, _)) = self.running.take()
        {
            match result {
                Ok(results) => {
                    let first = results.iter().find_map(|(_, o)| o.as_ref().ok());
                    let shown = Shown {
                        widths: first.map(|o| flow_widths(&o.run.flow).into()),
                        leaks: first.map(|o| leak_shares(&o.run).into()),
                        results: Arc::new(results),
                    };
                    self.shown.store(key, shown);
                }
                Err(lost) => log::warn!("the simulation stopped: {lost}"),
            }
        }
    }

    /// The result on screen, whatever revision it was computed for.
    pub fn results(&self) -> Option<&Results> {
        self.shown.latest().map(|s| s.results.as_ref())
    }

    /// Whether the result on screen is for this revision of the journey and the panel's
    /// settings.
    pub fn is_current(&self, doc: &Document) -> bool {
        self.shown.is_for(&self.key(doc))
    }

    /// Whether a run is in progress.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

/// Link widths on the canvas for the people who moved along each link in a run: 1.6 points
/// for none, up to 9.6 for the busiest link, by the square root so that small flows show.
pub fn flow_widths(flow: &[f64]) -> Vec<f32> {
    let max = flow.iter().copied().fold(0.0_f64, f64::max);
    flow.iter()
        .map(|f| {
            let share = if max > 0.0 {
                (f / max).max(0.0).sqrt()
            } else {
                0.0
            };
            1.6 + 8.0 * share as f32
        })
        .collect()
}

/// For each step of a run, the share of everyone reached who was lost there (0..=1).
pub fn leak_shares(run: &simulation::Run) -> Vec<f32> {
    let entered = run.periods.last().map_or(run.seed, |p| p.reached);
    run.lost_at_step
        .iter()
        .map(|lost| {
            if entered > 0.0 {
                (lost / entered).clamp(0.0, 1.0) as f32
            } else {
                0.0
            }
        })
        .collect()
}

impl SimulationState {
    /// The canvas's link widths for the first scenario shown, kept for this revision of the
    /// journey if the result on screen is for it.
    pub fn current_flow_widths(&self, doc: &Document) -> RevisionCache<Arc<[f32]>> {
        self.current_shown(doc, |s| s.widths.as_ref())
    }

    /// Each step's share of everyone reached lost there, for the first scenario shown, kept
    /// for this revision of the journey if the result on screen is for it.
    pub fn current_leaks(&self, doc: &Document) -> RevisionCache<Arc<[f32]>> {
        self.current_shown(doc, |s| s.leaks.as_ref())
    }

    /// A part of the result on screen, for this revision of `doc` if it is current.
    fn current_shown(
        &self,
        doc: &Document,
        part: impl Fn(&Shown) -> Option<&Arc<[f32]>>,
    ) -> RevisionCache<Arc<[f32]>> {
        self.shown
            .get_for(&self.key(doc))
            .and_then(part)
            .map(|v| RevisionCache::holding(doc.revision(), Arc::clone(v)))
            .unwrap_or_default()
    }

    /// The first scenario's outcome, if the result on screen is for this revision of the
    /// journey: the inspector shows its figures.
    pub fn current_outcome(&self, doc: &Document) -> Option<&Outcome> {
        if !self.is_current(doc) {
            return None;
        }
        self.results()?.iter().find_map(|(_, o)| o.as_ref().ok())
    }
}

/// The steps between a chart's grid lines: the first 1, 2 or 5 × 10ⁿ at least `base`, then
/// two larger ones, each a multiple of the one before (2k, 10k, 20k), so that a short chart
/// still labels a few marks rather than only the powers of ten, and no two labels crowd.
pub fn nice_steps(base: f64) -> [f64; 3] {
    let at_least = base.abs().max(f64::MIN_POSITIVE);
    let power = 10f64.powf(at_least.log10().floor());
    let first = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|step| *step >= at_least * (1.0 - 1e-9))
        .unwrap_or(10.0 * power);
    // 1 → 2 → 10 → 20 → 100 …, 5 → 10 → 20 …: each a whole multiple of the one before.
    let leading_digit = |x: f64| (x / 10f64.powf(x.log10().floor())).round();
    let next = |x: f64| x * if leading_digit(x) == 2.0 { 5.0 } else { 2.0 };
    let second = next(first);
    [first, second, next(second)]
}

/// A number on a chart's axis, short enough for its width: "250", "12.5k", "3M", with as
/// many decimals as the distance `step` between two marks needs.
pub fn compact(value: f64, step: f64) -> String {
    if value == 0.0 {
        return "0".to_owned();
    }
    let big = value.abs().max(step.abs());
    let (scale, suffix) = if big >= 1e6 {
        (1e6, "M")
    } else if big >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let step = (step / scale).abs();
    // The fewest decimals (up to 3) that write the step between marks exactly.
    let decimals = (0..=3)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(3) as usize;
    format!("{:.*}{suffix}", decimals, value / scale)
}

/// The colour of the `i`-th scenario's lines.
fn colour(i: usize) -> egui::Color32 {
    const COLOURS: [egui::Color32; 6] = [
        egui::Color32::from_rgb(0x1f, 0x6f, 0xb4),
        egui::Color32::from_rgb(0xd9, 0x5f, 0x02),
        egui::Color32::from_rgb(0x1b, 0x9e, 0x77),
        egui::Color32::from_rgb(0x75, 0x70, 0xb3),
        egui::Color32::from_rgb(0xe7, 0x29, 0x8a),
        egui::Color32::from_rgb(0x66, 0x66, 0x66),
    ];
    COLOURS[i % COLOURS.len()]
}

/// Draws the panel: settings, charts, summaries and rankings.
pub fn simulation_ui(
    ui: &mut Ui,
    ctx: &ViewContext<'_>,
    state: &mut SimulationState,
    actions: &mut Vec<Action>,
) {
    let wake: Wake = {
        let egui_ctx = ui.ctx().clone();
        Arc::new(move || egui_ctx.request_repaint())
    };
    state.update(ctx.doc, &wake);
    settings_ui(ui, ctx.doc, state, actions);
    ui.separator();
    let Some(results) = state.shown.latest().map(|s| Arc::clone(&s.results)) else {
        ui.label("Running…");
        return;
    };
    if !state.is_current(ctx.doc) {
        ui.label(RichText::new("Updating…").weak());
    }
    if results.is_empty() {
        ui.label("Tick a scenario to run it.");
        return;
    }
    ui.columns(2, |columns| {
        charts_ui(&mut columns[0], ctx.doc, &results);
        egui::ScrollArea::vertical()
            .id_salt("simulation-summary")
            .show(&mut columns[1], |ui| {
                for (i, (name, outcome)) in results.iter().enumerate() {
                    ui.push_id(i, |ui| match outcome {
                        Ok(outcome) => summary_ui(ui, ctx.doc, outcome, actions),
                        Err(refusal) => refusal_ui(ui, ctx.doc, name, refusal, actions),
                    });
                    ui.add_space(8.0);
                }
            });
    });
}

/// The name a run is shown under: with a scenario marked as the to-be journey's numbers,
/// the journey as drawn is "as is" and that scenario "to be (its name)".
pub fn run_name(doc: &Document, name: &str) -> String {
    let Some(to_be) = doc.scenarios().iter().find(|s| s.to_be) else {
        return name.to_owned();
    };
    if name == AS_DRAWN {
        "as is".to_owned()
    } else if name == to_be.name {
        format!("to be ({name})")
    } else {
        name.to_owned()
    }
}

fn settings_ui(
    ui: &mut Ui,
    doc: &Document,
    state: &mut SimulationState,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Simulation");
        let label = ui.label("Periods");
        let mut periods = state.periods;
        ui.add(egui::DragValue::new(&mut periods).range(1..=1000))
            .labelled_by(label.id)
            .on_hover_text("How many periods (weeks, months…) to run");
        state.periods = periods.max(1);
        ui.checkbox(&mut state.show_flow, "Flow on the canvas")
            .on_hover_text(
                "Links as wide as the people moving along them, and each step's share of \
                 everyone reached who is lost there",
            );
        ui.separator();
        ui.label("Compare:");
        let names =
            std::iter::once(AS_DRAWN).chain(doc.scenarios().iter().map(|s| s.name.as_str()));
        for name in names {
            let mut on = state.ticked.contains(name);
            if ui
                .checkbox(&mut on, run_name(doc, name))
                .on_hover_text(format!("Show the scenario \"{name}\""))
                .changed()
            {
                if on {
                    state.ticked.insert(name.to_owned());
                } else {
                    state.ticked.remove(name);
                }
            }
        }
        if !doc.scenarios().is_empty() {
            to_be_ui(ui, doc, state, actions);
        }
    });
}

/// Which scenario holds the to-be journey's numbers: the comparison is then "as is / to be".
fn to_be_ui(ui: &mut Ui, doc: &Document, state: &mut SimulationState, actions: &mut Vec<Action>) {
    ui.separator();
    let label = ui.label("To be:");
    let current = doc
        .scenarios()
        .iter()
        .find(|s| s.to_be)
        .map(|s| s.name.clone());
    let mut chosen = current.clone();
    egui::ComboBox::from_id_salt("simulation-to-be")
        .selected_text(current.as_deref().unwrap_or("none"))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, None, "none");
            for s in doc.scenarios() {
                ui.selectable_value(&mut chosen, Some(s.name.clone()), s.name.as_str());
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text("The scenario that holds the to-be journey's numbers, compared with as is");
    if chosen != current
        && let Some(edit) = crate::model::builders::mark_to_be(doc, chosen.as_deref())
    {
        // The comparison shows both.
        if let Some(name) = &chosen {
            state.ticked.insert(AS_DRAWN.to_owned());
            state.ticked.insert(name.clone());
        }
        actions.push(Action::Seal);
        actions.push(Action::Edit(edit));
        actions.push(Action::Seal);
    }
}

fn charts_ui(ui: &mut Ui, doc: &Document, results: &Results) {
    let height = (ui.available_height() / 2.0 - 24.0).max(80.0);
    for (title, id, value) in [
        (
            "Purchases per period",
            "simulation-purchases",
            (|p: &simulation::Period| p.purchases) as fn(&simulation::Period) -> f64,
        ),
        ("People reached so far", "simulation-reached", |p| p.reached),
    ] {
        ui.label(RichText::new(title).strong());
        Plot::new(id)
            .height(height)
            .legend(Legend::default())
            .allow_scroll(false)
            .x_axis_label("period")
            .y_grid_spacer(egui_plot::uniform_grid_spacer(|input| {
                nice_steps(input.base_step_size)
            }))
            .y_axis_formatter(|mark, _| compact(mark.value, mark.step_size))
            .y_axis_min_width(40.0)
            .show(ui, |plot| {
                for (i, (name, outcome)) in results.iter().enumerate() {
                    let Ok(outcome) = outcome else {
                        continue;
                    };
                    let points: Vec<[f64; 2]> = outcome
                        .run
                        .periods
                        .iter()
                        .enumerate()
                        .map(|(t, p)| [(t + 1) as f64, value(p)])
                        .collect();
                    plot.line(
                        Line::new(run_name(doc, name), PlotPoints::new(points))
                            .color(colour(i))
                            .id((id, i)),
                    );
                }
            });
    }
}

fn step_title(doc: &Document, id: &str) -> String {
    doc.step(id)
        .map(|s| s.title.trim())
        .filter(|t| !t.is_empty())
        .map_or_else(|| id.to_owned(), str::to_owned)
}

fn summary_ui(ui: &mut Ui, doc: &Document, outcome: &Outcome, actions: &mut Vec<Action>) {
    let s = &outcome.summary;
    ui.label(RichText::new(format!("Scenario: {}", run_name(doc, &outcome.scenario))).strong());
    let sustaining = if s.self_sustaining {
        "self-sustaining"
    } else {
        "not self-sustaining"
    };
    ui.label(format!(
        "Viral coefficient K: {} ({sustaining})",
        report::viral_text(s)
    ))
    .on_hover_text("New people one newcomer brings over their whole journey");
    if let Some(g) = s.growth_per_seed {
        ui.label(format!(
            "A seed of people grows to {} times its size",
            short_number(g)
        ));
    }
    if let Some(p) = s.purchases_per_person {
        let text = if p.is_infinite() {
            "infinite".to_owned()
        } else {
            short_number(p)
        };
        ui.label(format!("Purchases per person reached: {text}"));
    }
    let periods = outcome.run.periods.len();
    let last = outcome.run.periods.last();
    ui.label(format!(
        "After {periods} periods: {:.0} reached, {:.0} purchases",
        last.map_or(0.0, |p| p.reached),
        last.map_or(0.0, |p| p.purchases_total)
    ));
    match (s.audience, s.half_audience_period) {
        (Some(_), Some(t)) => ui.label(format!("Half the audience reached in period {t}")),
        (Some(_), None) => ui.label(format!(
            "Half the audience not reached in {periods} periods"
        )),
        (None, _) => ui.label("Set the audience size to see when half of it is reached"),
    };
    if !outcome.leaks.is_empty() {
        let rows: Vec<Ranked> = outcome
            .leaks
            .iter()
            .take(5)
            .map(|leak| {
                let name = step_title(doc, &leak.step);
                let figure = format!("{:.1} %", leak.share * 100.0);
                Ranked {
                    label: format!("{name}: {figure} lost"),
                    name,
                    figure,
                }
            })
            .collect();
        let table = Ranking {
            id: "leaks",
            title: "Where it leaks",
            title_hover: "Each step's share of everyone reached who is lost there",
            figures: "lost",
            row_hover: "Select this step",
        };
        if let Some(i) = ranking_ui(ui, &table, &rows) {
            actions.push(Action::Select(Selection::step(&outcome.leaks[i].step)));
        }
    }
    if let Some(gains) = outcome.link_gains.as_ref().filter(|g| !g.is_empty()) {
        let rows: Vec<Ranked> = gains
            .iter()
            .take(5)
            .map(|gain| {
                let name = doc.link(&gain.link).map_or_else(
                    || gain.link.clone(),
                    |l| format!("{} to {}", step_title(doc, &l.from), step_title(doc, &l.to)),
                );
                let figure = format!("{:+.0}", gain.gain);
                Ranked {
                    label: format!("{name}: {figure} purchases"),
                    name,
                    figure,
                }
            })
            .collect();
        let table = Ranking {
            id: "gains",
            title: "Improve first",
            title_hover: "Purchases gained by the end of the run from raising a link's rate by 0.05",
            figures: "purchases",
            row_hover: "Select this link",
        };
        if let Some(i) = ranking_ui(ui, &table, &rows) {
            actions.push(Action::Select(Selection::link(&gains[i].link)));
        }
    }
}

/// A ranked list shown as a table: names on the left, their figures right-aligned.
struct Ranking {
    /// Keeps its widgets apart from another table's.
    id: &'static str,
    /// The heading over the names.
    title: &'static str,
    /// What the ranking means.
    title_hover: &'static str,
    /// The heading over the figures (their unit).
    figures: &'static str,
    /// What clicking a row does.
    row_hover: &'static str,
}

/// One row of a [`Ranking`].
struct Ranked {
    /// The name, a link that selects what it names.
    name: String,
    /// The figure, shown right-aligned.
    figure: String,
    /// The whole row in words, for a screen reader ("Sign up: 12.5 % lost").
    label: String,
}

/// Draws `table` with `rows`; returns the row clicked, if any. A long name wraps within its
/// column, left-aligned, and never under the figures.
fn ranking_ui(ui: &mut Ui, table: &Ranking, rows: &[Ranked]) -> Option<usize> {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let measure = |text: &str| {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(text.to_owned(), font.clone(), egui::Color32::WHITE)
                .size()
                .x
        })
    };
    let figure_width = rows
        .iter()
        .map(|r| measure(&r.figure))
        .fold(measure(table.figures), f32::max);
    let gap = ui.spacing().item_spacing.x * 2.0;
    let name_width = (ui.available_width() - figure_width - gap).max(60.0);
    let mut clicked = None;
    let row_ui =
        |ui: &mut Ui, name: &dyn Fn(&mut Ui) -> egui::Response, figure: &dyn Fn(&mut Ui)| {
            ui.horizontal_top(|ui| {
                let response = ui
                    .allocate_ui_with_layout(
                        egui::vec2(name_width, 0.0),
                        egui::Layout::top_down(egui::Align::LEFT),
                        |ui| {
                            ui.set_width(name_width);
                            name(ui)
                        },
                    )
                    .inner;
                ui.add_space(gap - ui.spacing().item_spacing.x);
                ui.allocate_ui_with_layout(
                    egui::vec2(figure_width, 0.0),
                    egui::Layout::top_down(egui::Align::RIGHT),
                    |ui| {
                        ui.set_width(figure_width);
                        figure(ui);
                    },
                );
                response
            })
            .inner
        };
    ui.push_id(table.id, |ui| {
        row_ui(
            ui,
            &|ui| {
                ui.label(RichText::new(table.title).strong())
                    .on_hover_text(table.title_hover)
            },
            &|ui| {
                ui.weak(table.figures);
            },
        );
        for (i, row) in rows.iter().enumerate() {
            let response = row_ui(
                ui,
                &|ui| {
                    let response = ui.link(&row.name).on_hover_text(table.row_hover);
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Link, true, &row.label)
                    });
                    response
                },
                &|ui| {
                    let figure = ui.label(&row.figure);
                    // The row's link says it already.
                    ui.ctx()
                        .accesskit_node_builder(figure.id, egui::accesskit::Node::set_hidden);
                },
            );
            if response.clicked() {
                clicked = Some(i);
            }
        }
    });
    clicked
}

fn refusal_ui(
    ui: &mut Ui,
    doc: &Document,
    name: &str,
    refusal: &Refusal,
    actions: &mut Vec<Action>,
) {
    ui.label(RichText::new(format!("Scenario: {name}")).strong());
    match refusal {
        Refusal::Overflow(warnings) => {
            ui.label(
                "Not run: fix these steps first (their links and stay add up to more than 1).",
            );
            for w in warnings {
                let text = format!(
                    "{}: {} in all",
                    step_title(doc, &w.step),
                    short_number(w.total)
                );
                if ui.link(text).on_hover_text(w.to_string()).clicked() {
                    actions.push(Action::Select(Selection::step(&w.step)));
                }
            }
        }
        Refusal::UnknownScenario { .. } => {
            ui.label(refusal.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;
    use crate::model::{Edit, FrameValue, generate};

    #[test]
    fn a_large_journey_runs_in_the_background_and_is_kept_for_its_revision() {
        let doc = generate::with_numbers(&generate::journey(300, 300, 1));
        let mut state = SimulationState {
            periods: 20,
            ..SimulationState::default()
        };
        let woken = Arc::new(AtomicBool::new(false));
        let wake: Wake = {
            let woken = Arc::clone(&woken);
            Arc::new(move || woken.store(true, Ordering::SeqCst))
        };
        state.update(&doc, &wake);
        assert!(state.is_running());
        assert!(state.results().is_none());
        for _ in 0..2000 {
            if state.is_current(&doc) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
            state.update(&doc, &wake);
        }
        assert!(state.is_current(&doc));
        assert!(woken.load(Ordering::SeqCst));
        // The same journey runs no more.
        state.update(&doc, &wake);
        assert!(!state.is_running());
        // An edit starts a new run; the last result stays on screen meanwhile.
        let mut edited = doc.clone();
        let _ = Edit::SetFrame(FrameValue::AudienceSize(Some(1000)))
            .apply(&mut edited)
            .unwrap();
        state.update(&edited, &wake);
        assert!(state.is_running());
        assert!(state.results().is_some() && !state.is_current(&edited));
    }

    #[test]
    fn chart_numbers_are_short_and_as_precise_as_their_marks() {
        assert_eq!(compact(0.0, 50_000.0), "0");
        assert_eq!(compact(250.0, 50.0), "250");
        assert_eq!(compact(12_500.0, 2_500.0), "12.5k");
        assert_eq!(compact(150_000.0, 50_000.0), "150k");
        assert_eq!(compact(3_000_000.0, 1_000_000.0), "3M");
        assert_eq!(compact(2_500_000.0, 500_000.0), "2.5M");
        assert_eq!(compact(0.25, 0.05), "0.25");
    }

    #[test]
    fn grid_steps_go_one_two_five() {
        assert_eq!(nice_steps(1.0), [1.0, 2.0, 10.0]);
        assert_eq!(nice_steps(1_300.0), [2_000.0, 10_000.0, 20_000.0]);
        assert_eq!(nice_steps(4_000.0), [5_000.0, 10_000.0, 20_000.0]);
        assert_eq!(nice_steps(0.03), [0.05, 0.1, 0.2]);
        assert_eq!(nice_steps(8.0), [10.0, 20.0, 100.0]);
    }

    #[test]
    fn links_widen_with_the_square_root_of_their_flow() {
        assert_eq!(
            flow_widths(&[0.0, 25.0, 100.0]),
            [1.6, 1.6 + 4.0, 1.6 + 8.0]
        );
        assert_eq!(flow_widths(&[0.0, 0.0]), [1.6, 1.6]);
    }

    #[test]
    fn a_small_journey_is_simulated_at_once() {
        let doc = crate::format::TEMPLATES[3].load().unwrap();
        let mut state = SimulationState::default();
        state.update(&doc, &crate::task::no_wake());
        assert!(state.is_current(&doc) && !state.is_running());
        let results = state.results().unwrap();
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].0, AS_DRAWN);
        let widths = state.current_flow_widths(&doc);
        let widths = widths.current(&doc).unwrap();
        assert_eq!(widths.len(), doc.links().len());
        assert!(widths.iter().any(|w| *w > 9.0));
    }
}
