//! Journeys coming in: File ▸ Import… (a Mermaid diagram or a CSV table opened as a new,
//! unsaved journey, asking for the stage of any section not named after one).

use std::path::{Path, PathBuf};

use super::App;
use crate::format;
use crate::import::{self, Kind};
use crate::model::Stage;
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
