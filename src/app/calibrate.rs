//! File ▸ Calibrate from events…: event logs chosen in the file dialog, a small form (the
//! period's length, when a silent person has left), the fit in the background with its
//! progress and Cancel, then the review (see [`crate::ui::calibration`]) and the two ways of
//! keeping the numbers, each one undoable edit. The journey is never touched by the fit:
//! a cancelled or failed fit leaves it as it was.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use super::App;
use super::dialogs::DialogKind;
use super::pending::Awaiting;
use crate::calibrate::{self, Progress, Report};
use crate::model::builders;
use crate::task::Task;
use crate::ui::calibration::{self, ReviewAnswer};

/// Where a calibration is.
pub(super) enum Calibration {
    /// The logs are chosen; the form asks how to read them.
    Options {
        paths: Vec<PathBuf>,
        /// The period's length as typed (`1d`, `1w`, `12h`).
        period: String,
        /// Periods without an event after which a person has left.
        lost_after: u32,
        /// Whether rows that cannot be read are counted and skipped rather than stopping.
        skip_bad_rows: bool,
        /// Why the period's length is refused, if it is.
        problem: Option<String>,
    },
    /// The fit runs in the background.
    Running {
        paths: Vec<PathBuf>,
        /// Boxed: its result holds a whole report.
        task: Box<Task<Result<Report, calibrate::Error>>>,
        progress: Arc<Mutex<Progress>>,
        cancel: Arc<AtomicBool>,
        started: Instant,
    },
    /// The fit is done: its report.
    Review(Box<Report>),
    /// The fit failed: why, with the place in the log.
    Failed(String),
}

impl App {
    /// Asks for the event logs to calibrate from.
    pub(super) fn start_calibration(&mut self) {
        self.ask(DialogKind::Logs, Awaiting::Logs);
    }

    /// The logs are chosen: asks how to read them.
    pub(super) fn calibrate_options(&mut self, paths: Vec<PathBuf>) {
        self.calibration = Some(Calibration::Options {
            paths,
            period: "1d".to_owned(),
            lost_after: 1,
            skip_bad_rows: false,
            problem: None,
        });
    }

    /// Whether a calibration's window is open.
    pub fn is_calibrating(&self) -> bool {
        self.calibration.is_some()
    }

    /// Starts the fit in the background.
    fn run_calibration(&mut self, paths: Vec<PathBuf>, read: Reading) {
        let doc = self.session.document().clone();
        let progress = Arc::new(Mutex::new(Progress::default()));
        let cancel = Arc::new(AtomicBool::new(false));
        let wake = self.wake();
        let options = calibrate::Options {
            period_seconds: read.period_seconds,
            lost_after: read.lost_after,
            skip_bad_rows: read.skip_bad_rows,
            ..calibrate::Options::default()
        };
        let (shared, stop, files, woken) = (
            Arc::clone(&progress),
            Arc::clone(&cancel),
            paths.clone(),
            Arc::clone(&wake),
        );
        let task = Task::spawn("calibration", wake, move || {
            calibrate::fit_logs(&doc, &files, &options, &mut |p| {
                *shared.lock().unwrap_or_else(PoisonError::into_inner) = p;
                woken();
                if stop.load(Ordering::Relaxed) {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
        });
        self.calibration = Some(Calibration::Running {
            paths,
            task: Box::new(task),
            progress,
            cancel,
            started: Instant::now(),
        });
    }

    /// Draws the calibration's window and carries out what the user asked for in it.
    pub(super) fn calibration_ui(&mut self, ctx: &egui::Context) {
        let Some(mut calibration) = self.calibration.take() else {
            return;
        };
        let mut open = true;
        let mut next: Option<Next> = None;
        let selected = self.session.selection().single_step().map(str::to_owned);
        egui::Window::new("Calibrate from events")
            .id(egui::Id::unique("calibration"))
            .open(&mut open)
            .default_size([640.0, 520.0])
            .collapsible(false)
            .show(ctx, |ui| match &mut calibration {
                Calibration::Options {
                    paths,
                    period,
                    lost_after,
                    skip_bad_rows,
                    problem,
                } => next = options_ui(ui, paths, period, lost_after, skip_bad_rows, problem),
                Calibration::Running {
                    paths,
                    task,
                    progress,
                    cancel,
                    started,
                } => {
                    ui.label(format!("Reading {}…", names(paths)));
                    let now = *progress.lock().unwrap_or_else(PoisonError::into_inner);
                    let seconds = started.elapsed().as_secs_f64();
                    if calibration::progress_ui(ui, now, seconds) {
                        cancel.store(true, Ordering::Relaxed);
                    }
                    if let Some(result) = task.try_take() {
                        next = Some(match result {
                            Ok(Ok(report)) => Next::Review(Box::new(report)),
                            Ok(Err(calibrate::Error::Cancelled)) => Next::Cancelled,
                            Ok(Err(err)) => Next::Failed(err.to_string()),
                            Err(lost) => Next::Failed(lost.to_string()),
                        });
                    }
                }
                Calibration::Review(report) => {
                    let doc = self.session.document();
                    next = calibration::review_ui(ui, doc, report, selected.as_deref())
                        .map(Next::Answer);
                }
                Calibration::Failed(message) => {
                    ui.label(egui::RichText::new("The log could not be read").strong());
                    ui.label(
                        egui::RichText::new(message.as_str()).color(ui.visuals().error_fg_color),
                    );
                    ui.label("The journey is as it was.");
                    if ui.button("Close").clicked() {
                        next = Some(Next::Close);
                    }
                }
            });
        if !open {
            if let Calibration::Running { cancel, .. } = &calibration {
                cancel.store(true, Ordering::Relaxed);
            }
            return;
        }
        self.calibration = Some(calibration);
        if let Some(next) = next {
            self.calibration_next(next);
        }
    }

    fn calibration_next(&mut self, next: Next) {
        match next {
            Next::Run(read) => {
                if let Some(Calibration::Options { paths, .. }) = self.calibration.take() {
                    self.run_calibration(paths, read);
                }
            }
            Next::Review(report) => self.calibration = Some(Calibration::Review(report)),
            Next::Failed(message) => self.calibration = Some(Calibration::Failed(message)),
            Next::Cancelled => {
                self.calibration = None;
                self.notice = Some("Calibration cancelled; the journey is as it was.".to_owned());
            }
            Next::Close => self.calibration = None,
            Next::Answer(answer) => self.review_answer(&answer),
        }
    }

    /// Carries out what the user asked for in the review.
    fn review_answer(&mut self, answer: &ReviewAnswer) {
        let Some(Calibration::Review(report)) = &self.calibration else {
            return;
        };
        let doc = self.session.document();
        let edit = match answer {
            ReviewAnswer::AddScenario => {
                builders::observed_scenario(doc, &report.fitted(), builders::OBSERVED)
                    .map_err(|e| e.to_string())
            }
            ReviewAnswer::UseNumbers => {
                builders::use_observed(doc, &report.fitted()).map_err(|e| e.to_string())
            }
            ReviewAnswer::AddEvent(name) => match self.session.selection().single_step() {
                Some(step) => builders::add_event(doc, step, name).map_err(|e| e.to_string()),
                None => Err("Select a step to add the event to.".to_owned()),
            },
            ReviewAnswer::Close => {
                self.calibration = None;
                return;
            }
        };
        match edit {
            Ok(edit) => {
                let label = edit.label();
                self.apply_alone(edit);
                self.notice = Some(format!("{label}. Undo takes it back."));
                if matches!(answer, ReviewAnswer::AddScenario) {
                    // The scenario is compared with the journey as drawn at once.
                    self.simulation.ticked.insert(builders::OBSERVED.to_owned());
                }
                if !matches!(answer, ReviewAnswer::AddEvent(_)) {
                    self.calibration = None;
                }
            }
            Err(why) => self.notice = Some(why),
        }
    }
}

/// How the form asks the logs to be read.
#[derive(Clone, Copy, Debug)]
struct Reading {
    /// A period's length in seconds.
    period_seconds: u64,
    /// Periods without an event after which a person has left.
    lost_after: u32,
    /// Whether rows that cannot be read are counted and skipped.
    skip_bad_rows: bool,
}

/// What the calibration's window asks for next.
enum Next {
    /// Fit, reading the logs so.
    Run(Reading),
    Review(Box<Report>),
    Failed(String),
    Cancelled,
    Close,
    Answer(ReviewAnswer),
}

/// The files' names, for a line of text.
fn names(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    names.join(", ")
}

/// The form before the fit: the logs, the period's length and when a silent person has left.
fn options_ui(
    ui: &mut egui::Ui,
    paths: &[PathBuf],
    period: &mut String,
    lost_after: &mut u32,
    skip_bad_rows: &mut bool,
    problem: &mut Option<String>,
) -> Option<Next> {
    ui.label(format!("Event logs: {}", names(paths)));
    ui.add_space(6.0);
    let mut run = false;
    egui::Grid::new("calibration-options")
        .num_columns(2)
        .show(ui, |ui| {
            let label = ui.label("Period length");
            let field = ui
                .add(egui::TextEdit::singleline(period).desired_width(80.0))
                .labelled_by(label.id)
                .on_hover_text("How long a period of the journey is: 12h, 1d, 1w…");
            if field.changed() {
                *problem = None;
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                run = true;
            }
            ui.end_row();
            let label = ui.label("Left after");
            ui.horizontal(|ui| {
                let unit = if *lost_after == 1 {
                    " period"
                } else {
                    " periods"
                };
                ui.add(
                    egui::DragValue::new(lost_after)
                        .range(1..=1_000)
                        .suffix(unit),
                )
                .labelled_by(label.id)
                .on_hover_text(
                    "A person without an event for this many periods in a row has left the journey",
                );
                ui.label("without an event");
            });
            ui.end_row();
        });
    ui.checkbox(skip_bad_rows, "Skip rows that cannot be read")
        .on_hover_text(
            "Count them and read on, rather than stop at the first; the review lists the first few with their places",
        );
    if let Some(problem) = problem.as_deref() {
        ui.label(egui::RichText::new(problem).color(ui.visuals().error_fg_color));
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        run |= ui.button("Calibrate").clicked();
        if ui.button("Cancel").clicked() {
            return Some(Next::Close);
        }
        None
    })
    .inner
    .or_else(|| {
        if !run {
            return None;
        }
        match calibrate::parse_period_length(period) {
            Ok(period_seconds) => Some(Next::Run(Reading {
                period_seconds,
                lost_after: *lost_after,
                skip_bad_rows: *skip_bad_rows,
            })),
            Err(why) => {
                *problem = Some(why);
                None
            }
        }
    })
}
