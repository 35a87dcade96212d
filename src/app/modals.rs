//! Questions and messages over the window. Each dialog is drawn from a [`Modal`] value and
//! answers with an [`Outcome`], which the app then carries out: the flow reads as data.

use std::path::{Path, PathBuf};

use egui::RichText;

use super::App;
use super::incoming::{self, ConflictAnswer, ConflictChoice, StageAnswer, StageChoice};
use super::pending::{Awaiting, Pending};
use super::storage::Leftover;
use crate::export;
use crate::format::TEMPLATES;
use crate::ui::commands;

/// A question or message over the window.
#[derive(Debug)]
pub(super) enum Modal {
    Unsaved {
        then: Pending,
    },
    Error {
        title: String,
        message: String,
    },
    Restore(Box<Leftover>),
    ChangedOnDisk {
        then: Option<Pending>,
    },
    NewJourney,
    TypePath {
        reason: String,
        awaiting: Awaiting,
        text: String,
    },
    Shortcuts,
    /// The welcome at the first start, or from Help ▸ Getting started.
    Welcome,
    /// File ▸ Export…: the format and how to draw it, before asking where.
    Export(ExportChoice),
    /// Asks for the name of a bookmark: of the current view, or a new name for bookmark
    /// `rename`.
    NameBookmark {
        text: String,
        rename: Option<usize>,
    },
    /// File ▸ Import…: the stage of each section that is not named after one.
    ImportStages(StageChoice),
    /// Merging with the file on disk: the conflicts, each to keep as ours or theirs.
    MergeConflicts(ConflictChoice),
}

/// What File ▸ Export… asks before the save dialog.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct ExportChoice {
    pub(super) format: export::Format,
    pub(super) options: export::Options,
}

impl Default for ExportChoice {
    fn default() -> Self {
        Self {
            format: export::Format::Png,
            options: export::Options::default(),
        }
    }
}

/// The formats File ▸ Export… offers (a journey file is File ▸ Save As…).
const EXPORT_FORMATS: [export::Format; 5] = [
    export::Format::Svg,
    export::Format::Png,
    export::Format::Pdf,
    export::Format::Mermaid,
    export::Format::Csv,
];

/// What the user answered; carried out once the dialog is drawn.
#[derive(Debug)]
enum Outcome {
    /// Close the dialog and do nothing more.
    Close,
    /// Save first, then go on.
    SaveThen(Pending),
    /// Go on without saving.
    Proceed(Pending),
    /// Ask about unsaved changes, then go on.
    Request(Pending),
    /// Write over the file that changed on disk.
    Overwrite(Option<Pending>),
    /// Choose another file to save to.
    SaveElsewhere(Option<Pending>),
    /// Use the typed path as the dialog's answer.
    TypedPath(Awaiting, PathBuf),
    /// Restore (`true`) or discard the recovered journey.
    Restore(bool),
    /// Ask where to write this export.
    Export(ExportChoice),
    /// Bookmark the current view under this name, or rename bookmark `rename` to it.
    Bookmark { name: String, rename: Option<usize> },
    /// Merge the file's version into the journey (it changed on disk).
    MergeWithDisk,
    /// Import again with the stages chosen.
    ImportWithStages,
    /// Merge, resolving the conflicts as chosen.
    MergeAsChosen,
    /// The welcome was closed: it does not come back at the next start.
    WelcomeSeen,
}

impl App {
    pub(super) fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(mut modal) = self.modal.take() else {
            return;
        };
        let outcome = self.draw_modal(ctx, &mut modal);
        match outcome {
            None => self.modal = Some(modal),
            Some(outcome) => {
                // The keyboard goes back to the selected card, not to nowhere.
                self.canvas.refocus = true;
                self.settle(outcome, modal);
            }
        }
    }

    fn settle(&mut self, outcome: Outcome, modal: Modal) {
        match outcome {
            Outcome::Close => {}
            Outcome::SaveThen(pending) => self.save(Some(pending)),
            Outcome::Proceed(pending) => self.proceed(pending),
            Outcome::Request(pending) => self.request(pending),
            Outcome::Overwrite(pending) => {
                if let Some(path) = self.file().map(Path::to_path_buf) {
                    self.save_to(&path, pending);
                }
            }
            Outcome::SaveElsewhere(pending) => self.save_as(pending),
            Outcome::TypedPath(awaiting, path) => self.answer_with_path(awaiting, &path),
            Outcome::Export(choice) => self.export_as(choice.format, choice.options),
            Outcome::Bookmark { name, rename } => match rename {
                Some(index) => self.rename_bookmark(index, &name),
                None => self.add_bookmark(&name),
            },
            Outcome::MergeWithDisk => self.merge_with_disk(),
            Outcome::ImportWithStages => {
                if let Modal::ImportStages(choice) = modal {
                    self.import_with_stages(&choice);
                }
            }
            Outcome::MergeAsChosen => {
                if let Modal::MergeConflicts(choice) = modal {
                    self.merge_as_chosen(choice);
                }
            }
            Outcome::WelcomeSeen => {
                self.files.settings.welcome_dismissed = true;
                self.store_settings();
            }
            Outcome::Restore(restore) => {
                if let Modal::Restore(leftover) = modal {
                    self.settle_leftover(*leftover, restore);
                }
            }
        }
    }

    fn file_name(&self) -> String {
        self.file().and_then(Path::file_name).map_or_else(
            || "This journey".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one match over the dialog kinds, each arm a short dialog"
    )]
    fn draw_modal(&self, ctx: &egui::Context, modal: &mut Modal) -> Option<Outcome> {
        let mut outcome = None;
        match modal {
            Modal::Unsaved { then } => {
                egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
                    ui.heading("Save changes?");
                    ui.label(format!("{} has unsaved changes.", self.file_name()));
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            outcome = Some(Outcome::SaveThen(then.clone()));
                        }
                        if ui.button("Don't save").clicked() {
                            outcome = Some(Outcome::Proceed(then.clone()));
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Some(Outcome::Close);
                        }
                    });
                });
            }
            Modal::Error { title, message } => {
                let response = egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
                    ui.heading(title.as_str());
                    ui.add(egui::Label::new(RichText::new(message.as_str()).monospace()).wrap());
                    if ui.button("OK").clicked() {
                        outcome = Some(Outcome::Close);
                    }
                });
                if response.should_close() {
                    outcome = Some(Outcome::Close);
                }
            }
            Modal::Restore(leftover) => {
                egui::Modal::new(egui::Id::unique("restore")).show(ctx, |ui| {
                    ui.heading("Restore unsaved work?");
                    let from = leftover.file.as_deref().map_or_else(
                        || "an unsaved journey".to_owned(),
                        |p| p.display().to_string(),
                    );
                    ui.label(format!(
                        "Journey Designer did not close cleanly last time. Unsaved changes to {from} were kept."
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            outcome = Some(Outcome::Restore(true));
                        }
                        if ui.button("Discard").clicked() {
                            outcome = Some(Outcome::Restore(false));
                        }
                    });
                });
            }
            Modal::ChangedOnDisk { then } => {
                egui::Modal::new(egui::Id::unique("changed")).show(ctx, |ui| {
                    ui.heading("The file changed on disk");
                    ui.label(
                        "Something else changed this file since you opened or saved it. Saving will replace those changes; merging combines them with yours.",
                    );
                    ui.horizontal(|ui| {
                        if ui
                            .button("Merge…")
                            .on_hover_text("Combine the changes in the file with yours, step by step and field by field")
                            .clicked()
                        {
                            outcome = Some(Outcome::MergeWithDisk);
                        }
                        if ui.button("Overwrite").clicked() {
                            outcome = Some(Outcome::Overwrite(then.clone()));
                        }
                        if ui.button("Save elsewhere").clicked() {
                            outcome = Some(Outcome::SaveElsewhere(then.clone()));
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Some(Outcome::Close);
                        }
                    });
                });
            }
            Modal::NewJourney => {
                let response = egui::Modal::new(egui::Id::unique("new")).show(ctx, |ui| {
                    ui.heading("New journey");
                    if ui
                        .button("Blank journey")
                        .on_hover_text("An empty canvas")
                        .clicked()
                    {
                        outcome = Some(Outcome::Request(Pending::New(None)));
                    }
                    for (i, template) in TEMPLATES.iter().enumerate() {
                        if ui
                            .button(template.name)
                            .on_hover_text(template.description)
                            .clicked()
                        {
                            outcome = Some(Outcome::Request(Pending::New(Some(i))));
                        }
                    }
                    ui.separator();
                    if ui.button("Cancel").clicked() {
                        outcome = Some(Outcome::Close);
                    }
                });
                if response.should_close() && outcome.is_none() {
                    outcome = Some(Outcome::Close);
                }
            }
            Modal::TypePath {
                reason,
                awaiting,
                text,
            } => {
                egui::Modal::new(egui::Id::unique("path")).show(ctx, |ui| {
                    ui.heading(match awaiting {
                        Awaiting::Open => "Open journey",
                        Awaiting::Import => "Import a journey",
                        Awaiting::Logs => "Calibrate from event logs",
                        Awaiting::SaveAs { .. } => "Save journey",
                        Awaiting::Export { .. } => "Export journey",
                    });
                    ui.label(reason.as_str());
                    let label = ui.label("File path");
                    let response = ui
                        .add(egui::TextEdit::singleline(text).desired_width(420.0))
                        .labelled_by(label.id);
                    if text.is_empty() && !response.has_focus() {
                        // The keyboard goes straight to the only field of the dialog.
                        response.request_focus();
                    }
                    let enter =
                        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.horizontal(|ui| {
                        if (ui.button("OK").clicked() || enter) && !text.trim().is_empty() {
                            outcome = Some(Outcome::TypedPath(
                                awaiting.clone(),
                                PathBuf::from(text.trim()),
                            ));
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Some(Outcome::Close);
                        }
                    });
                });
            }
            Modal::Export(choice) => outcome = export_ui(ctx, choice),
            Modal::ImportStages(choice) => {
                outcome = incoming::stages_ui(ctx, choice).map(|answer| match answer {
                    StageAnswer::Import => Outcome::ImportWithStages,
                    StageAnswer::Cancel => Outcome::Close,
                });
            }
            Modal::MergeConflicts(choice) => {
                outcome = incoming::conflicts_ui(ctx, choice).map(|answer| match answer {
                    ConflictAnswer::Merge => Outcome::MergeAsChosen,
                    ConflictAnswer::Cancel => Outcome::Close,
                });
            }
            Modal::Welcome => {
                if super::welcome::welcome_ui(ctx) {
                    outcome = Some(Outcome::WelcomeSeen);
                }
            }
            Modal::NameBookmark { text, rename } => {
                let rename = *rename;
                let response = egui::Modal::new(egui::Id::unique("bookmark")).show(ctx, |ui| {
                    let (heading, button) = match rename {
                        Some(_) => ("Rename bookmark", "Rename"),
                        None => ("Bookmark this view", "Add bookmark"),
                    };
                    ui.heading(heading);
                    ui.label("Come back to it from the View menu, under Bookmarks.");
                    let label = ui.label("Bookmark name");
                    let response = ui
                        .add(egui::TextEdit::singleline(text).desired_width(320.0))
                        .labelled_by(label.id);
                    if !response.has_focus() && !response.lost_focus() {
                        response.request_focus();
                    }
                    let enter =
                        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.horizontal(|ui| {
                        if (ui.button(button).clicked() || enter) && !text.trim().is_empty() {
                            outcome = Some(Outcome::Bookmark {
                                name: text.trim().to_owned(),
                                rename,
                            });
                        }
                        if ui.button("Cancel").clicked() {
                            outcome = Some(Outcome::Close);
                        }
                    });
                });
                if response.should_close() && outcome.is_none() {
                    outcome = Some(Outcome::Close);
                }
            }
            Modal::Shortcuts => {
                let response = egui::Modal::new(egui::Id::unique("shortcuts")).show(ctx, |ui| {
                    ui.heading("Keyboard shortcuts");
                    egui::ScrollArea::vertical()
                        .max_height(480.0)
                        .show(ui, |ui| {
                            egui::Grid::new("shortcut-grid")
                                .striped(true)
                                .show(ui, |ui| {
                                    for (keys, label, tooltip) in commands::shortcut_table(ctx) {
                                        ui.label(RichText::new(keys).monospace());
                                        ui.label(label);
                                        ui.label(RichText::new(tooltip).weak());
                                        ui.end_row();
                                    }
                                });
                        });
                    if ui.button("Close").clicked() {
                        outcome = Some(Outcome::Close);
                    }
                });
                if response.should_close() {
                    outcome = Some(Outcome::Close);
                }
            }
        }
        outcome
    }

    /// Shows an error (or a message) titled `title`.
    pub(super) fn show_error(&mut self, title: &str, message: String) {
        self.modal = Some(Modal::Error {
            title: title.to_owned(),
            message,
        });
    }

    /// Asks which stage each of an import's sections stands for.
    pub(super) fn ask_stages(&mut self, choice: StageChoice) {
        self.modal = Some(Modal::ImportStages(choice));
    }

    /// Lists a merge's conflicts to choose from.
    pub(super) fn show_conflicts(&mut self, choice: ConflictChoice) {
        self.modal = Some(Modal::MergeConflicts(choice));
    }

    /// Shows that a file is opening, over the window, while it is read in the background.
    pub(super) fn loading_ui(&self, ctx: &egui::Context) {
        let Some(loading) = &self.files.loading else {
            return;
        };
        let name = loading.path.file_name().map_or_else(
            || loading.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        egui::Modal::new(egui::Id::unique("opening")).show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.heading(format!("Opening {name}…"));
            });
            ui.label(format!(
                "{:.1} MB · {:.1} s",
                loading.bytes as f64 / 1e6,
                loading.started.elapsed().as_secs_f64()
            ));
        });
    }
}

/// File ▸ Export…: the format, and for pictures the frame, scale and page; then a button
/// that asks where to write.
fn export_ui(ctx: &egui::Context, choice: &mut ExportChoice) -> Option<Outcome> {
    let mut outcome = None;
    let response = egui::Modal::new(egui::Id::unique("export")).show(ctx, |ui| {
        ui.heading("Export journey");
        for format in EXPORT_FORMATS {
            ui.radio_value(&mut choice.format, format, format.label());
        }
        ui.separator();
        let options = &mut choice.options;
        if choice.format.is_picture() {
            ui.horizontal(|ui| {
                ui.label("View");
                ui.radio_value(&mut options.view, export::View::Canvas, "Picture of the canvas");
                ui.radio_value(&mut options.view, export::View::Map, "Picture of the journey map");
            });
            if options.view == export::View::Canvas {
                ui.checkbox(&mut options.frame, "Show the marketing frame");
            } else {
                ui.checkbox(&mut options.to_be, "The to-be journey")
                    .on_hover_text(
                        "Each step's to-be title, notes and emotion, today's curve dashed beside",
                    );
            }
        }
        if choice.format == export::Format::Png {
            ui.horizontal(|ui| {
                let label = ui.label("Scale");
                ui.add(
                    egui::DragValue::new(&mut options.scale)
                        .range(export::Options::MIN_SCALE..=export::Options::MAX_SCALE)
                        .speed(0.1)
                        .suffix("×"),
                )
                .labelled_by(label.id);
            });
        }
        if choice.format == export::Format::Pdf {
            ui.horizontal(|ui| {
                ui.label("Page");
                for (page, name) in [
                    (export::Page::Fit, "Fit the picture"),
                    (export::Page::A4, "A4 landscape"),
                    (export::Page::Letter, "Letter landscape"),
                ] {
                    ui.radio_value(&mut options.page, page, name);
                }
            });
        }
        if choice.format == export::Format::Mermaid {
            ui.label("Stages become sections and steps tasks scored by emotion; links, rates, the blueprint, metrics and the frame are left out (a comment says which).");
        }
        if choice.format == export::Format::Csv {
            ui.label("One row per step with its lanes, blueprint, metrics and to-be columns, for spreadsheets (UTF-8).");
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Choose file…").clicked() {
                outcome = Some(Outcome::Export(*choice));
            }
            if ui.button("Cancel").clicked() {
                outcome = Some(Outcome::Close);
            }
        });
    });
    if response.should_close() && outcome.is_none() {
        outcome = Some(Outcome::Close);
    }
    outcome
}
