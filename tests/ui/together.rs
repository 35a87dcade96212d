//! Journeys coming in: File ▸ Import… with its stage question.

use std::fs;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use journey_designer::app::dialogs::{DialogAnswer, DialogKind, FileFilter};

use super::Editor;

const DIAGRAM: &str = "journey\n    title My working day\n    section Go to work\n      Make tea: 5: Me\n      Do work: 1: Me, Cat\n    section Care\n      Call support: 2: Me\n";

#[test]
fn import_opens_mermaid_as_a_new_unsaved_journey_asking_the_stage_of_a_section() {
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("day.mmd");
    fs::write(&path, DIAGRAM).unwrap();
    let mut editor = Editor::new();
    editor.dialogs.answer(DialogAnswer::Chosen(path.clone()));
    editor.menu("File", "Import…");
    let request = &editor.dialogs.requests()[0];
    assert_eq!(request.kind, DialogKind::Import);
    assert_eq!(request.filter, FileFilter::imports());
    assert_eq!(request.filter.extensions, ["mmd", "mermaid", "csv", "tsv"]);
    // "Go to work" is no stage: the editor asks which it is.
    assert_eq!(
        editor.doc().title,
        "Service loop",
        "nothing changes before the answer"
    );
    assert!(editor.harness.query_by_label("Import").is_some());
    editor.harness.get_by_label("Stage for Go to work").click();
    editor.harness.run();
    editor.choose("Experience");
    editor.click("Import");
    let doc = editor.doc();
    assert_eq!(doc.title, "My working day");
    let steps: Vec<(&str, &str, i8)> = doc
        .steps()
        .iter()
        .map(|s| (s.title.as_str(), s.stage.as_str(), s.emotion.value()))
        .collect();
    assert_eq!(
        steps,
        [
            ("Make tea", "experience", 2),
            ("Do work", "experience", -2),
            ("Call support", "care", -1)
        ]
    );
    assert_eq!(
        editor.app().file(),
        None,
        "a new journey, not the Mermaid file"
    );
    assert!(editor.app().is_dirty());
    assert_eq!(editor.app().window_title(), "● Untitled — Journey Designer");
    assert_eq!(
        editor.app().notice(),
        Some("Imported day.mmd: 3 steps. Save it to keep it.")
    );
}

#[test]
fn a_broken_csv_is_shown_where_it_is_broken_and_the_journey_stays() {
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("steps.csv");
    fs::write(&path, "stage,title,emotion\nTell,Ad,2\nBuy,Pay,great\n").unwrap();
    let mut editor = Editor::new();
    editor.dialogs.answer(DialogAnswer::Chosen(path.clone()));
    editor.key_with(Modifiers::COMMAND, Key::I);
    let message = editor.app().error_message().unwrap().to_owned();
    assert!(
        message.contains(
            "line 3, column 3: (emotion) expected a whole number from -2 to 2, found \"great\""
        ),
        "{message}"
    );
    assert_eq!(editor.doc().title, "Service loop");
    assert!(!editor.app().is_dirty());
}
