//! The first start: a short welcome over the template, dismissed once and for all, and
//! brought back by Help ▸ Getting started.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use journey_designer::app::storage::Settings;

use super::{Editor, write_journey};

/// The welcome's heading.
const WELCOME: &str = "Welcome to Journey Designer";

/// Whether the welcome is shown: the app says so, and a screen reader finds a dialog named
/// by its heading.
fn welcome_shown(editor: &Editor) -> bool {
    let dialog = editor
        .harness
        .query_by_role_and_label(Role::Dialog, WELCOME)
        .is_some();
    assert_eq!(dialog, editor.app().is_welcome_shown());
    dialog
}

#[test]
fn the_first_start_welcomes_once_and_help_brings_the_welcome_back() {
    let data = tempfile::tempdir().unwrap();
    let data_path = data.path().to_path_buf();
    let mut editor = Editor::first_start(data);
    assert!(welcome_shown(&editor), "a first start shows the welcome");
    // It says what the loop is, the three ways to add a step, and where the map and the
    // simulation are.
    for words in [
        "service loop",
        "+ Stage",
        "Double-click",
        "Right-click",
        "View › Journey map",
        "View › Simulation panel",
    ] {
        assert!(
            editor
                .harness
                .query_all_by_label_contains(words)
                .next()
                .is_some(),
            "the welcome mentions {words:?}"
        );
    }
    // The template is there under it.
    assert_eq!(editor.doc().title, "Service loop");
    editor.click("Start drawing");
    assert!(!welcome_shown(&editor));
    assert!(Settings::load(&data_path).welcome_dismissed);

    // Help ▸ Getting started shows it again, and Escape closes it.
    editor.menu("Help", "Getting started");
    assert!(welcome_shown(&editor));
    editor.key(egui::Key::Escape);
    assert!(!welcome_shown(&editor));
    assert!(
        editor
            .harness
            .query_by_role_and_label(Role::Button, "Start drawing")
            .is_none()
    );

    // The next start, still without recent files, does not show it.
    let again = tempfile::tempdir().unwrap();
    std::fs::copy(
        data_path.join("settings.json"),
        again.path().join("settings.json"),
    )
    .unwrap();
    drop(editor);
    let editor = Editor::first_start(again);
    assert!(!welcome_shown(&editor), "dismissed once and for all");
}

#[test]
fn escape_dismisses_the_welcome_for_good_too() {
    let data = tempfile::tempdir().unwrap();
    let data_path = data.path().to_path_buf();
    let mut editor = Editor::first_start(data);
    assert!(welcome_shown(&editor));
    editor.key(egui::Key::Escape);
    assert!(!welcome_shown(&editor));
    assert!(Settings::load(&data_path).welcome_dismissed);
    // The keyboard is the canvas's again: a shortcut works.
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Num2);
    assert_eq!(
        editor.app().view(),
        journey_designer::ui::view::ViewKind::Map
    );
}

#[test]
fn a_start_with_recent_files_or_a_file_to_open_shows_no_welcome() {
    let files = tempfile::tempdir().unwrap();
    let path = write_journey(files.path(), "plan.json", "Plan");
    let data = tempfile::tempdir().unwrap();
    let mut settings = Settings::default();
    settings.remember(&path);
    settings.save(data.path()).unwrap();
    let editor = Editor::first_start(data);
    assert!(
        !welcome_shown(&editor),
        "someone who has used the app before"
    );

    let editor = Editor::first_start_with(tempfile::tempdir().unwrap(), Some(path));
    assert!(
        !welcome_shown(&editor),
        "a file to open is not the template"
    );
    assert_eq!(editor.doc().title, "Plan");
}
