//! Journeys coming in: File ▸ Import… (a Mermaid diagram or a CSV table opened as a new,
//! unsaved journey, asking for the stage of any section not named after one), and merging in
//! the changes someone else saved to the open journey's file.
//!
//! A merge is taken in as one undoable edit ([`crate::model::Edit::Replace`]): Edit ▸ Undo
//! goes back to the journey as it was before, and the result is unsaved until saved. The
//! conflicts are listed, each to keep as ours or theirs, before anything changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use egui::RichText;

use super::App;
use crate::compare::{self, Conflict, Take};
use crate::format;
use crate::import::{self, Kind};
use crate::model::{Document, Stage};
use crate::ui::canvas::CanvasState;

/// The stages asked for the names of an input that are not stages.
#[derive(Debug)]
pub(super) struct StageChoice {
    /// The file being imported.
    pub(super) path: PathBuf,
    /// Each name, and the stage chosen for it so far.
    pub(super) names: Vec<(String, Option<Stage>)>,
}

/// What the stage dialog answers.
pub(super) enum StageAnswer {
    /// Import with these stages.
    Import,
    /// Leave it.
    Cancel,
}

/// The conflicts of a merge with the file on disk, each with the side chosen so far.
#[derive(Debug)]
pub(super) struct ConflictChoice {
    /// The common version.
    pub(super) base: Box<Document>,
    /// The file's version.
    pub(super) disk: Box<Document>,
    /// The conflicts and the side chosen for each.
    pub(super) conflicts: Vec<(Conflict, Take)>,
}

/// What the conflicts dialog answers.
pub(super) enum ConflictAnswer {
    /// Merge, resolving each conflict as chosen.
    Merge,
    /// Leave the journey as it is.
    Cancel,
}

impl App {
    /// Imports a Mermaid or CSV file as a new, unsaved journey (the unsaved-changes guard
    /// was passed before the file was chosen). Names that are not stages are asked for;
    /// other problems are shown with their lines and columns, and the open journey stays.
    pub(super) fn import_path(&mut self, path: &Path, options: &import::Options) {
        let Some(kind) = Kind::from_path(path) else {
            self.show_error(
                "Cannot import the file",
                format!(
                    "{}: import reads Mermaid journey diagrams (.mmd, .mermaid) and CSV tables (.csv, .tsv)",
                    path.display()
                ),
            );
            return;
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                let message = format!(
                    "cannot read {}: {}",
                    path.display(),
                    format::io_reason(&err)
                );
                self.show_error("Cannot import the file", message);
                return;
            }
        };
        match import::import_bytes(kind, &bytes, options) {
            Ok(imported) => {
                let name = file_name(path);
                let mut doc = imported.document;
                if doc.title.trim().is_empty() {
                    doc.title = path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                }
                let steps = crate::model::plural(doc.steps().len(), "step");
                self.canvas = CanvasState::for_document(&doc).fitted(true);
                self.session.replace_unsaved(doc);
                self.notice = Some(format!("Imported {name}: {steps}. Save it to keep it."));
                if !imported.notes.is_empty() {
                    let notes: Vec<String> =
                        imported.notes.iter().map(ToString::to_string).collect();
                    self.show_error(
                        &format!("Imported {name}, leaving some lines out"),
                        format!(
                            "A journey cannot hold these lines of {name}; they were left out:\n{}",
                            notes.join("\n")
                        ),
                    );
                }
            }
            Err(err) if !err.unmapped.is_empty() => {
                let names = err
                    .unmapped
                    .iter()
                    .map(|name| {
                        let given = options
                            .stages
                            .iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, s)| *s);
                        (name.clone(), given)
                    })
                    .collect();
                self.ask_stages(StageChoice {
                    path: path.to_path_buf(),
                    names,
                });
            }
            Err(err) => {
                let message = format!("{}:\n{err}\nThe open journey is unchanged.", path.display());
                self.show_error("Cannot import the file", message);
            }
        }
    }

    /// Imports again with the stages chosen in the dialog.
    pub(super) fn import_with_stages(&mut self, choice: &StageChoice) {
        let options = import::Options {
            stages: choice
                .names
                .iter()
                .filter_map(|(name, stage)| Some((name.clone(), (*stage)?)))
                .collect(),
            columns: Vec::new(),
        };
        self.import_path(&choice.path, &options);
    }

    /// Merges the file's version (changed on disk since it was opened or saved) into the open
    /// journey. A clean merge is taken in at once; conflicts are listed to choose first.
    pub(super) fn merge_with_disk(&mut self) {
        let Some(path) = self.file().map(Path::to_path_buf) else {
            return;
        };
        let disk = match format::load_file(&path) {
            Ok(disk) => disk,
            Err(err) => {
                self.show_error(
                    "Cannot merge",
                    format!(
                        "The file on disk cannot be read, so there is nothing to merge:\n{err}"
                    ),
                );
                return;
            }
        };
        // Without the version it was opened as (a restored copy), every difference is a
        // conflict to choose.
        let base = self.session.saved_version().cloned().unwrap_or_default();
        let ours = self.ours();
        let merged = compare::merge(&base, &ours, &disk);
        if merged.conflicts.is_empty() {
            self.take_merge(merged.document, disk, 0);
        } else {
            let conflicts = merged
                .conflicts
                .into_iter()
                .map(|c| {
                    let took = c.took;
                    (c, took)
                })
                .collect();
            self.show_conflicts(ConflictChoice {
                base: Box::new(base),
                disk: Box::new(disk),
                conflicts,
            });
        }
    }

    /// Merges again, each conflict resolved as chosen, and takes the result in.
    pub(super) fn merge_as_chosen(&mut self, choice: ConflictChoice) {
        let choices: HashMap<String, Take> = choice
            .conflicts
            .iter()
            .map(|(c, take)| (c.path.clone(), *take))
            .collect();
        let ours = self.ours();
        let merged = compare::merge_with(&choice.base, &ours, &choice.disk, &choices);
        let count = merged.conflicts.len();
        self.take_merge(merged.document, *choice.disk, count);
    }

    /// The open journey with the canvas's view, as it would be saved.
    fn ours(&self) -> Document {
        let mut ours = self.session.document().clone();
        ours.view = self.canvas_view();
        ours
    }

    fn take_merge(&mut self, merged: Document, disk: Document, conflicts: usize) {
        match self.session.take_merge(merged, disk) {
            Ok(()) => {
                let how = if conflicts == 0 {
                    "no conflicts".to_owned()
                } else {
                    format!(
                        "{} resolved as chosen",
                        crate::model::plural(conflicts, "conflict")
                    )
                };
                self.notice = Some(format!(
                    "Merged the changes on disk ({how}). Save to keep the result; Undo takes the merge back."
                ));
            }
            Err(err) => self.show_error("Cannot merge", err.to_string()),
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The dialog asking which stage each name stands for.
pub(super) fn stages_ui(ctx: &egui::Context, choice: &mut StageChoice) -> Option<StageAnswer> {
    let mut answer = None;
    let response = egui::Modal::new(egui::Id::unique("import-stages")).show(ctx, |ui| {
        ui.heading("Which stage is each section?");
        ui.label(format!(
            "{} has sections that are not named after a stage of the service loop. Choose the stage each one's steps go to.",
            file_name(&choice.path)
        ));
        egui::Grid::new("import-stage-grid").num_columns(2).show(ui, |ui| {
            for (i, (name, stage)) in choice.names.iter_mut().enumerate() {
                let label = ui.label(name.as_str());
                let text = stage.map_or("Choose…", Stage::label);
                egui::ComboBox::from_id_salt(("import-stage", i))
                    .selected_text(text)
                    .show_ui(ui, |ui| {
                        for s in Stage::ALL {
                            ui.selectable_value(stage, Some(s), s.label());
                        }
                    })
                    .response
                    .labelled_by(label.id)
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::ComboBox, true, format!("Stage for {name}"))
                    });
                ui.end_row();
            }
        });
        ui.separator();
        ui.horizontal(|ui| {
            let ready = choice.names.iter().all(|(_, s)| s.is_some());
            if ui.add_enabled(ready, egui::Button::new("Import")).clicked() {
                answer = Some(StageAnswer::Import);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(StageAnswer::Cancel);
            }
        });
    });
    if response.should_close() && answer.is_none() {
        answer = Some(StageAnswer::Cancel);
    }
    answer
}

/// The dialog listing a merge's conflicts, each to keep as ours or theirs.
pub(super) fn conflicts_ui(
    ctx: &egui::Context,
    choice: &mut ConflictChoice,
) -> Option<ConflictAnswer> {
    let mut answer = None;
    let response = egui::Modal::new(egui::Id::unique("merge-conflicts")).show(ctx, |ui| {
        ui.heading("Merge with the file on disk");
        ui.label(format!(
            "Your changes and the ones saved to the file combine, except at {}. Choose which to keep at each.",
            crate::model::plural(choice.conflicts.len(), "place")
        ));
        egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
            for (conflict, take) in &mut choice.conflicts {
                ui.separator();
                // A link is named by the steps it joins, "Tell → Buy"; the window's font
                // has no arrow.
                let place = match &conflict.name {
                    Some(name) => format!("{} ({})", conflict.path, name.replace('→', "to")),
                    None => conflict.path.clone(),
                };
                ui.label(RichText::new(place).strong());
                if let compare::ConflictKind::Broken { problem } = &conflict.kind {
                    ui.label(RichText::new(format!("Together the changes break a rule: {problem}")).weak());
                }
                let shown = |v: &Option<serde_json::Value>| v.as_ref().map_or_else(|| "(none)".to_owned(), compare::show);
                ui.horizontal(|ui| {
                    ui.radio_value(take, Take::Ours, "Keep mine")
                        .widget_info(|| {
                            egui::WidgetInfo::selected(
                                egui::Role::RadioButton,
                                true,
                                *take == Take::Ours,
                                format!("Keep mine at {}", conflict.path),
                            )
                        });
                    ui.label(RichText::new(shown(&conflict.ours)).monospace());
                });
                ui.horizontal(|ui| {
                    ui.radio_value(take, Take::Theirs, "Keep the file's")
                        .widget_info(|| {
                            egui::WidgetInfo::selected(
                                egui::Role::RadioButton,
                                true,
                                *take == Take::Theirs,
                                format!("Keep the file's at {}", conflict.path),
                            )
                        });
                    ui.label(RichText::new(shown(&conflict.theirs)).monospace());
                });
            }
        });
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Merge").clicked() {
                answer = Some(ConflictAnswer::Merge);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(ConflictAnswer::Cancel);
            }
        });
    });
    if response.should_close() && answer.is_none() {
        answer = Some(ConflictAnswer::Cancel);
    }
    answer
}
