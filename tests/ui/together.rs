//! Journeys coming in and the merge offered when the file changed on disk: File ▸ Import…
//! with its stage question, and Save ▸ Merge… with the conflicts listed and each choosable.

use std::fs;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use journey_designer::app::dialogs::{DialogAnswer, DialogKind, FileFilter};
use journey_designer::format;
use journey_designer::model::{Edit, StepValue};

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

/// An editor on the service loop saved as a file, with one step renamed in the inspector.
fn editing(title: &str) -> (Editor, tempfile::TempDir, std::path::PathBuf) {
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("loop.journey.json");
    format::save_file(&path, &format::service_loop()).unwrap();
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path.clone()));
    let care = editor.card("Care");
    editor.click_at(care.center(), Modifiers::NONE);
    editor.type_into("Title", title);
    editor.key(Key::Escape);
    assert!(editor.app().is_dirty());
    (editor, files, path)
}

/// A colleague's save: the file on disk with `edits`.
fn colleague_saves(path: &std::path::Path, edits: Vec<Edit>) {
    let mut doc = format::load_file(path).unwrap();
    for edit in edits {
        let _undo = edit.apply(&mut doc).unwrap();
    }
    format::save_file(path, &doc).unwrap();
}

#[test]
fn merge_combines_the_changes_on_disk_as_one_undoable_edit() {
    let (mut editor, _files, path) = editing("Ask for help");
    colleague_saves(
        &path,
        vec![Edit::SetStep {
            id: "delight".into(),
            value: StepValue::Notes(
                "A hand-written thank-you card, and the colleague's longer note.".into(),
            ),
        }],
    );
    editor.key_with(Modifiers::COMMAND, Key::S);
    editor.click("Merge…");
    let doc = editor.doc();
    assert_eq!(doc.step("care").unwrap().title, "Ask for help");
    assert!(
        doc.step("delight")
            .unwrap()
            .notes
            .starts_with("A hand-written")
    );
    assert!(editor.app().is_dirty(), "the merge is not saved yet");
    assert!(
        editor
            .app()
            .notice()
            .unwrap()
            .starts_with("Merged the changes on disk (no conflicts)")
    );
    // Undo takes the merge back, redo brings it again.
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert!(
        !editor
            .doc()
            .step("delight")
            .unwrap()
            .notes
            .starts_with("A hand-written")
    );
    assert_eq!(editor.doc().step("care").unwrap().title, "Ask for help");
    editor.key_with(Modifiers::COMMAND, Key::Y);
    // Saving now writes the merge without asking again.
    editor.key_with(Modifiers::COMMAND, Key::S);
    let saved = format::load_file(&path).unwrap();
    assert_eq!(saved.step("care").unwrap().title, "Ask for help");
    assert!(
        saved
            .step("delight")
            .unwrap()
            .notes
            .starts_with("A hand-written")
    );
    assert!(!editor.app().is_dirty());
}

#[test]
fn conflicts_are_listed_and_each_can_keep_the_files_version() {
    let (mut editor, _files, path) = editing("Ask for help");
    colleague_saves(
        &path,
        vec![
            Edit::SetStep {
                id: "care".into(),
                value: StepValue::Title("Get support from a person".into()),
            },
            Edit::SetStep {
                id: "buy".into(),
                value: StepValue::Title("Pay".into()),
            },
        ],
    );
    editor.key_with(Modifiers::COMMAND, Key::S);
    editor.click("Merge…");
    assert!(
        editor
            .harness
            .query_by_label("Keep mine at steps[id=care].title")
            .is_some()
    );
    assert_eq!(
        editor.doc().step("care").unwrap().title,
        "Ask for help",
        "nothing changes before Merge"
    );
    editor.click("Keep the file's at steps[id=care].title");
    editor.click("Merge");
    let doc = editor.doc();
    assert_eq!(doc.step("care").unwrap().title, "Get support from a person");
    assert_eq!(doc.step("buy").unwrap().title, "Pay");
    assert!(editor.app().is_dirty());
    assert!(
        editor
            .app()
            .notice()
            .unwrap()
            .contains("1 conflict resolved as chosen")
    );
}
