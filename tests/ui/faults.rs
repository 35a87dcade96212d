//! Files under faults, as the user meets them: broken recovery files at start, two windows
//! saving the same journey, and a full disk or a read-only folder at save.

use std::fs;
use std::io;
use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use journey_designer::format::{self, SaveStep};

use super::{Editor, journey, write_journey};

/// The name a crashed run's recovery file has (a process id no one has).
const LEFT: &str = "recovery-4000000200.json";

fn recovery_text(journey_text: &str) -> String {
    format!(r#"{{"journey_designer_recovery": 1, "file": null, "journey": {journey_text}}}"#)
}

/// A kind of broken recovery file: its name, how to make it at a path, and words the app
/// must use for it.
type BrokenKind = (&'static str, fn(&Path), &'static str);

/// Each kind of broken recovery file.
fn broken_kinds() -> Vec<BrokenKind> {
    vec![
        ("empty", |p| fs::write(p, "").unwrap(), "it is empty"),
        (
            "truncated",
            |p| {
                let text = recovery_text(&format::to_string(&journey("Cut")));
                fs::write(p, &text[..text.len() / 2]).unwrap();
            },
            "cut off",
        ),
        (
            "not JSON",
            |p| fs::write(p, b"\x89PNG\r\n\x1a\n").unwrap(),
            "not valid JSON",
        ),
        (
            "newer version",
            |p| {
                let text = recovery_text(r#"{"format": "journey-designer", "version": 99}"#);
                fs::write(p, text).unwrap();
            },
            "version 99",
        ),
        (
            "a folder",
            |p| fs::create_dir(p).unwrap(),
            "it is a folder, not a file",
        ),
        (
            "unreadable (a dangling link)",
            |p| std::os::unix::fs::symlink(p.with_file_name("gone.json"), p).unwrap(),
            "it cannot be read",
        ),
    ]
}

#[test]
fn every_broken_recovery_file_is_kept_aside_and_the_app_starts_and_says_so() {
    for (kind, make, words) in broken_kinds() {
        let data = tempfile::tempdir().unwrap();
        let left = data.path().join(LEFT);
        make(&left);
        let kept = data.path().join("kept").join(LEFT);
        let mut editor = Editor::with(data, None);
        // The app started with its usual journey and says what it found.
        assert_eq!(editor.doc().title, "Service loop", "{kind}");
        let message = editor
            .app()
            .error_message()
            .unwrap_or_else(|| panic!("{kind}: nothing said"))
            .to_owned();
        assert!(message.contains(LEFT), "{kind}: {message}");
        assert!(message.contains(words), "{kind}: {message}");
        assert!(
            message.contains(&kept.display().to_string()),
            "{kind}: {message}"
        );
        assert!(
            editor.app().notice().is_some_and(|n| n.contains(words)),
            "{kind}: the status bar keeps it"
        );
        editor.harness.get_by_label("Recovery files set aside");
        // Kept, not deleted; the original name is free.
        assert!(fs::symlink_metadata(&kept).is_ok(), "{kind}: not kept");
        assert!(
            fs::symlink_metadata(editor.data.path().join(LEFT)).is_err(),
            "{kind}"
        );
        editor.click("OK");
        assert!(editor.app().error_message().is_none(), "{kind}");
        // The editor works.
        editor.click("+ Tell");
        assert!(editor.app().is_dirty(), "{kind}");
    }
}

#[test]
fn a_broken_recovery_file_does_not_hide_a_good_one() {
    let data = tempfile::tempdir().unwrap();
    fs::write(data.path().join(LEFT), "{").unwrap();
    let good = data.path().join("recovery-4000000201.json");
    fs::write(
        &good,
        recovery_text(&format::to_string(&journey("Rescued"))),
    )
    .unwrap();
    let mut editor = Editor::with(data, None);
    let notice = editor
        .app()
        .notice()
        .expect("the bad file is reported")
        .to_owned();
    assert!(notice.contains(LEFT), "{notice}");
    editor.click("Restore");
    assert_eq!(editor.doc().title, "Rescued");
    assert!(editor.data.path().join("kept").join(LEFT).exists());
}

#[test]
fn the_second_of_two_windows_does_not_silently_overwrite_the_first() {
    let files = tempfile::tempdir().unwrap();
    let path = write_journey(files.path(), "shared.json", "Shared");
    let mut first = Editor::with(tempfile::tempdir().unwrap(), Some(path.clone()));
    let mut second = Editor::with(tempfile::tempdir().unwrap(), Some(path.clone()));
    // The first window adds a step and saves.
    first.click("+ Tell");
    first.key_with(Modifiers::COMMAND, Key::S);
    assert!(!first.app().is_dirty());
    let first_saved = fs::read(&path).unwrap();
    assert_eq!(format::from_slice(&first_saved).unwrap().steps().len(), 2);
    // The second window, opened before that save, adds two steps and saves: it is asked.
    second.click("+ Care");
    second.click("+ Care");
    second.key_with(Modifiers::COMMAND, Key::S);
    second.harness.get_by_label("The file changed on disk");
    assert_eq!(fs::read(&path).unwrap(), first_saved, "not overwritten yet");
    second.click("Cancel");
    assert!(second.app().is_dirty());
    assert_eq!(fs::read(&path).unwrap(), first_saved);
    // Only when the user chooses to overwrite is the first window's save replaced.
    second.key_with(Modifiers::COMMAND, Key::S);
    second.click("Overwrite");
    assert_eq!(format::load_file(&path).unwrap().steps().len(), 3);
    assert!(!second.app().is_dirty());
}

/// A save that fails at `step` with `error`: the message names the file and the reason, the
/// journey stays unsaved, the old file is intact and nothing else is left in the folder.
fn save_fails(step: SaveStep, error: fn() -> io::Error, reason: &str) {
    let files = tempfile::tempdir().unwrap();
    let path = write_journey(files.path(), "plan.json", "Plan");
    let original = fs::read(&path).unwrap();
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path.clone()));
    editor.click("+ Tell");
    editor
        .harness
        .state_mut()
        .fail_saves_with(move |at| if at == step { Err(error()) } else { Ok(()) });
    editor.key_with(Modifiers::COMMAND, Key::S);
    let message = editor
        .app()
        .error_message()
        .unwrap_or_else(|| panic!("{step:?}: the failure is not shown"))
        .to_owned();
    assert!(
        message.contains(&path.display().to_string()),
        "{step:?}: {message}"
    );
    assert!(message.contains(reason), "{step:?}: {message}");
    editor.harness.get_by_label("Cannot save the journey");
    assert!(editor.app().is_dirty(), "{step:?}");
    assert_eq!(editor.app().file(), Some(path.as_path()));
    assert_eq!(fs::read(&path).unwrap(), original, "{step:?}");
    let names: Vec<String> = fs::read_dir(files.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["plan.json"], "{step:?}: a temporary file was left");
}

#[test]
fn a_full_disk_at_save_names_the_file_and_the_reason_and_keeps_everything() {
    // ENOSPC, as writing or syncing on a full disk fails.
    for step in [SaveStep::Write, SaveStep::Sync] {
        save_fails(
            step,
            || io::Error::from_raw_os_error(28),
            "the disk is full",
        );
    }
}

#[test]
fn a_read_only_folder_at_save_names_the_file_and_the_reason_and_keeps_everything() {
    // EROFS and EACCES, as creating the temporary file or renaming it fails there.
    for step in [SaveStep::Create, SaveStep::Rename] {
        save_fails(
            step,
            || io::Error::from_raw_os_error(30),
            "the disk is read-only",
        );
        save_fails(
            step,
            || io::Error::from_raw_os_error(13),
            "permission was denied",
        );
    }
}
