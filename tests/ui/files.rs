//! Opening and saving through (scripted) dialogs, the unsaved-changes guard, errors that keep
//! the open journey, crash recovery and recent files.

use std::fs;

use egui::{Key, Modifiers, ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::kittest::Queryable as _;
use journey_designer::app::dialogs::{DialogAnswer, DialogKind};
use journey_designer::format;

use super::{Editor, journey, poll_until, write_journey};

/// Makes an edit through the UI so the journey has unsaved changes.
fn make_dirty(editor: &mut Editor) {
    editor.click("+ Tell");
    assert!(editor.app().is_dirty());
}

#[test]
fn open_edit_save_reopen_gives_the_same_journey() {
    let files = tempfile::tempdir().unwrap();
    let path = write_journey(files.path(), "plan.json", "Plan");
    let mut editor = Editor::new();
    editor.dialogs.answer(DialogAnswer::Chosen(path.clone()));
    editor.key_with(Modifiers::COMMAND, Key::O);
    assert_eq!(editor.doc().title, "Plan");
    assert_eq!(editor.app().file(), Some(path.as_path()));
    assert_eq!(editor.app().window_title(), "plan.json — Journey Designer");

    make_dirty(&mut editor);
    editor.type_into("Title", "Ad on the radio");
    assert!(editor.app().window_title().starts_with("● plan.json"));
    editor.key_with(Modifiers::COMMAND, Key::S);
    assert!(!editor.app().is_dirty());
    assert_eq!(editor.app().window_title(), "plan.json — Journey Designer");
    // Save wrote to the open file without asking.
    assert_eq!(editor.dialogs.requests().len(), 1);

    let reopened = format::load_file(&path).unwrap();
    let mut saved = editor.doc().clone();
    saved.view = reopened.view.clone();
    assert_eq!(reopened, saved);
    assert!(
        reopened
            .steps()
            .iter()
            .any(|s| s.title == "Ad on the radio")
    );
}

#[test]
fn save_without_a_file_asks_where_suggesting_a_name_from_the_title() {
    let files = tempfile::tempdir().unwrap();
    let mut editor = Editor::new();
    let target = files.path().join("loop");
    editor.dialogs.answer(DialogAnswer::Chosen(target.clone()));
    editor.key_with(Modifiers::COMMAND, Key::S);
    let request = &editor.dialogs.requests()[0];
    assert_eq!(request.kind, DialogKind::Save);
    assert_eq!(request.file_name.as_deref(), Some("Service loop.json"));
    let written = files.path().join("loop.json");
    assert!(written.exists(), "a missing extension becomes .json");
    assert_eq!(editor.app().file(), Some(written.as_path()));
    assert!(format::load_file(&written).is_ok());
}

#[test]
fn undoing_back_to_the_saved_state_is_clean_again() {
    let mut editor = Editor::new();
    make_dirty(&mut editor);
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert!(!editor.app().is_dirty());
    assert!(!editor.app().window_title().starts_with('●'));
}

#[test]
fn the_guard_cancel_keeps_everything() {
    let files = tempfile::tempdir().unwrap();
    let other = write_journey(files.path(), "other.json", "Other");
    let mut editor = Editor::new();
    make_dirty(&mut editor);
    let before = editor.doc().clone();
    editor.dialogs.answer(DialogAnswer::Chosen(other));
    editor.key_with(Modifiers::COMMAND, Key::O);
    editor.click("Cancel");
    assert_eq!(editor.doc(), &before);
    assert!(editor.app().is_dirty());
    assert!(
        editor.dialogs.requests().is_empty(),
        "no dialog after cancel"
    );
}

#[test]
fn the_guard_dont_save_drops_the_changes_and_proceeds() {
    let files = tempfile::tempdir().unwrap();
    let other = write_journey(files.path(), "other.json", "Other");
    let mut editor = Editor::new();
    make_dirty(&mut editor);
    editor.dialogs.answer(DialogAnswer::Chosen(other));
    editor.key_with(Modifiers::COMMAND, Key::O);
    editor.click("Don't save");
    assert_eq!(editor.doc().title, "Other");
    assert!(!editor.app().is_dirty());
}

#[test]
fn the_guard_save_writes_then_proceeds() {
    let files = tempfile::tempdir().unwrap();
    let target = files.path().join("kept.json");
    let mut editor = Editor::new();
    make_dirty(&mut editor);
    let edited = editor.doc().clone();
    // First the save dialog (the journey has no file yet), then nothing more: New shows
    // its template chooser.
    editor.dialogs.answer(DialogAnswer::Chosen(target.clone()));
    editor.key_with(Modifiers::COMMAND, Key::N);
    editor.click("Blank journey");
    editor.click("Save");
    let saved = format::load_file(&target).unwrap();
    assert_eq!(saved.steps(), edited.steps());
    assert!(
        editor.doc().steps().is_empty(),
        "then the blank journey was started"
    );
    assert!(!editor.app().is_dirty());
}

/// The window manager's close button: one frame with a close request.
fn request_close(editor: &mut Editor) {
    editor
        .harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    editor.harness.step();
    editor
        .harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .clear();
}

#[test]
fn closing_with_unsaved_changes_asks_and_cancel_keeps_the_window() {
    let mut editor = Editor::new();
    make_dirty(&mut editor);
    request_close(&mut editor);
    let commands = &editor.harness.output().viewport_output[&ViewportId::ROOT].commands;
    assert!(
        commands.contains(&ViewportCommand::CancelClose),
        "{commands:?}"
    );
    editor.harness.run();
    editor.click("Cancel");
    assert!(editor.app().is_dirty());

    request_close(&mut editor);
    editor.harness.run();
    editor.harness.get_by_label("Don't save").click();
    let closed = (0..5).any(|_| {
        editor.harness.step();
        editor.harness.output().viewport_output[&ViewportId::ROOT]
            .commands
            .contains(&ViewportCommand::Close)
    });
    assert!(closed, "Don't save closes the window");
}

#[test]
fn a_broken_file_keeps_the_open_journey_and_shows_where_it_is_broken() {
    let files = tempfile::tempdir().unwrap();
    let broken = files.path().join("broken.json");
    fs::write(
        &broken,
        r#"{"format":"journey-designer","version":1,"steps":[{"id":"a","stage":"sell"}]}"#,
    )
    .unwrap();
    let mut editor = Editor::new();
    make_dirty(&mut editor);
    let before = editor.doc().clone();
    editor.dialogs.answer(DialogAnswer::Chosen(broken));
    editor.key_with(Modifiers::COMMAND, Key::O);
    editor.click("Don't save");
    let message = editor
        .app()
        .error_message()
        .expect("an error is shown")
        .to_owned();
    assert!(message.contains("steps[0].stage"), "{message}");
    assert!(message.contains("sell"), "{message}");
    assert_eq!(editor.doc(), &before);
    editor.click("OK");
    assert!(editor.app().error_message().is_none());
}

#[test]
fn a_failed_save_keeps_the_journey_dirty_and_the_old_file_intact() {
    let files = tempfile::tempdir().unwrap();
    let path = write_journey(files.path(), "plan.json", "Plan");
    let original = fs::read(&path).unwrap();
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path.clone()));
    make_dirty(&mut editor);
    // Save As into a folder that cannot exist (its parent is a file).
    let impossible = path.join("inside.json");
    editor.dialogs.answer(DialogAnswer::Chosen(impossible));
    editor.key_with(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    let message = editor
        .app()
        .error_message()
        .expect("the failure is shown")
        .to_owned();
    assert!(message.contains("inside.json"), "{message}");
    assert!(editor.app().is_dirty());
    assert_eq!(editor.app().file(), Some(path.as_path()));
    assert_eq!(fs::read(&path).unwrap(), original);
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_without_asking() {
    let files = tempfile::tempdir().unwrap();
    let path = write_journey(files.path(), "plan.json", "Plan");
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path.clone()));
    make_dirty(&mut editor);
    // Someone else rewrites the file (a different length, so the change is seen whatever
    // the file system's timestamp resolution).
    format::save_file(
        &path,
        &journey("Changed by a colleague with a longer title"),
    )
    .unwrap();
    editor.key_with(Modifiers::COMMAND, Key::S);
    editor.click("Cancel");
    assert_eq!(
        format::load_file(&path).unwrap().title,
        "Changed by a colleague with a longer title"
    );
    assert!(editor.app().is_dirty());
    editor.key_with(Modifiers::COMMAND, Key::S);
    editor.click("Overwrite");
    assert_eq!(format::load_file(&path).unwrap().title, "Plan");
    assert!(!editor.app().is_dirty());
}

#[test]
fn unsaved_work_is_recovered_after_a_crash_and_a_save_removes_the_copy() {
    let data = tempfile::tempdir().unwrap();
    let data_path = data.path().to_path_buf();
    let files = tempfile::tempdir().unwrap();
    {
        let mut editor = Editor::with(data, None);
        make_dirty(&mut editor);
        editor.type_into("Title", "Unsaved idea");
        editor.harness.run();
        // The recovery copy is in the data folder, not next to any user file. It is written
        // in the background: give it a moment.
        let holds_the_edit = || {
            fs::read_dir(&data_path)
                .unwrap()
                .filter_map(Result::ok)
                .any(|e| {
                    e.file_name().to_string_lossy().starts_with("recovery-")
                        && fs::read_to_string(e.path()).is_ok_and(|t| t.contains("Unsaved idea"))
                })
        };
        poll_until(&mut editor.harness, "the recovery copy of the edit", |_| {
            holds_the_edit()
        });
        let copies: Vec<_> = fs::read_dir(&data_path)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("recovery-"))
            .collect();
        assert_eq!(copies.len(), 1);
        // Simulate a crash: the copy is left behind under the name of a process that is gone.
        let left = data_path.join("recovery-4000000000.json");
        fs::rename(copies[0].path(), &left).unwrap();
        std::mem::forget(editor.data);
    }
    let data = tempfile::TempDir::new_in(files.path()).unwrap();
    for entry in fs::read_dir(&data_path).unwrap().filter_map(Result::ok) {
        fs::copy(entry.path(), data.path().join(entry.file_name())).unwrap();
    }
    let mut editor = Editor::with(data, None);
    editor.click("Restore");
    assert!(
        editor
            .doc()
            .steps()
            .iter()
            .any(|s| s.title == "Unsaved idea")
    );
    assert!(
        editor.app().is_dirty(),
        "restored work is unsaved until saved"
    );
    let target = files.path().join("rescued.json");
    editor.dialogs.answer(DialogAnswer::Chosen(target.clone()));
    editor.key_with(Modifiers::COMMAND, Key::S);
    assert!(target.exists());
    let left: Vec<_> = fs::read_dir(editor.data.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("recovery-"))
        .collect();
    assert!(
        left.is_empty(),
        "saving removes the recovery copies: {left:?}"
    );
    let _ = fs::remove_dir_all(&data_path);
}

#[test]
fn discarding_the_recovered_work_removes_it() {
    let data = tempfile::tempdir().unwrap();
    let leftover = data.path().join("recovery-4000000001.json");
    let journey =
        serde_json::from_str::<serde_json::Value>(&format::to_string(&journey("Lost"))).unwrap();
    fs::write(
        &leftover,
        serde_json::json!({"journey_designer_recovery": 1, "file": null, "journey": journey})
            .to_string(),
    )
    .unwrap();
    let mut editor = Editor::with(data, None);
    editor.click("Discard");
    assert_eq!(editor.doc().title, "Service loop");
    assert!(!leftover.exists());
}

#[test]
fn recent_files_persist_across_runs_and_missing_ones_can_be_removed() {
    let files = tempfile::tempdir().unwrap();
    let a = write_journey(files.path(), "a.json", "A");
    let b = write_journey(files.path(), "b.json", "B");
    let data = tempfile::tempdir().unwrap();
    let data_path = data.path().to_path_buf();
    {
        let mut editor = Editor::with(data, Some(a.clone()));
        editor.dialogs.answer(DialogAnswer::Chosen(b.clone()));
        editor.key_with(Modifiers::COMMAND, Key::O);
        assert_eq!(editor.doc().title, "B");
        std::mem::forget(editor.data);
    }
    let data = tempfile::TempDir::new_in(files.path()).unwrap();
    fs::copy(
        data_path.join("settings.json"),
        data.path().join("settings.json"),
    )
    .unwrap();
    let _ = fs::remove_dir_all(&data_path);
    fs::remove_file(&a).unwrap();
    let mut editor = Editor::with(data, None);
    let recent: Vec<_> = editor
        .app()
        .recent_files()
        .iter()
        .map(|p| p.file_name().unwrap().to_owned())
        .collect();
    assert_eq!(recent, ["b.json", "a.json"]);
    editor.click("File");
    editor.click("Open Recent");
    assert!(
        editor
            .harness
            .query_by_label_contains("a.json (missing)")
            .is_some()
    );
    // The button says which file it removes.
    let missing = editor.app().recent_files()[1].display().to_string();
    editor.click(&format!("Remove {missing} from the list"));
    assert_eq!(editor.app().recent_files().len(), 1);
    editor.click("File");
    editor.click("Open Recent");
    editor.harness.get_by_label_contains("b.json").click();
    editor.harness.run();
    assert_eq!(editor.doc().title, "B");
}

#[test]
fn no_dialog_available_says_so_and_takes_a_typed_path() {
    let files = tempfile::tempdir().unwrap();
    let path = write_journey(files.path(), "typed.json", "Typed");
    let mut editor = Editor::new();
    editor.dialogs.answer(DialogAnswer::Unavailable(
        "No file dialog could be shown".to_owned(),
    ));
    editor.key_with(Modifiers::COMMAND, Key::O);
    assert!(
        editor
            .harness
            .query_by_label_contains("No file dialog could be shown")
            .is_some()
    );
    assert!(
        editor.harness.get_by_label("File path").is_focused(),
        "the path field has the keyboard"
    );
    editor.type_into("File path", path.to_str().unwrap());
    editor.click("OK");
    assert_eq!(editor.doc().title, "Typed");
}

/// A file dropped onto the window, as the windowing layer hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_file_opens_it_after_the_guard() {
    let files = tempfile::tempdir().unwrap();
    let path = write_journey(files.path(), "dropped.json", "Dropped");
    let mut editor = Editor::new();
    make_dirty(&mut editor);
    editor
        .harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    editor.harness.run();
    editor.click("Don't save");
    assert_eq!(editor.doc().title, "Dropped");
}

#[test]
fn edits_through_the_model_and_the_ui_share_one_history() {
    // The document an app shows is the one its history changes: a sanity check that the
    // UI's edits are undoable one by one.
    let mut editor = Editor::new();
    make_dirty(&mut editor);
    make_dirty(&mut editor);
    assert_eq!(editor.doc().steps().len(), 8);
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert_eq!(editor.doc().steps().len(), 7);
    editor.key_with(Modifiers::COMMAND, Key::Y);
    assert_eq!(editor.doc().steps().len(), 8);
}
