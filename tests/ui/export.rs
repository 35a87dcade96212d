//! File ▸ Export…: choosing a format, the save dialog with its filter and suggested name, the
//! export written in the background, and failures that lose nothing.

use std::fs;

use journey_designer::app::dialogs::{DialogAnswer, DialogKind, FileFilter};
use journey_designer::export::{self, Format, Options};

use super::{Editor, poll_until};

/// Steps the window until the background export has finished.
fn step_until_exported(editor: &mut Editor) {
    poll_until(&mut editor.harness, "the export to finish", |h| {
        !h.state().is_exporting()
    });
}

#[test]
fn file_export_svg_writes_the_picture_where_the_dialog_says() {
    let files = tempfile::tempdir().unwrap();
    let mut editor = Editor::new();
    let before = editor.doc().clone();
    // The user types a name without an extension: the format's is added.
    editor
        .dialogs
        .answer(DialogAnswer::Chosen(files.path().join("loop")));
    editor.menu("File", "Export…");
    editor.click("SVG picture");
    editor.click("Choose file…");
    step_until_exported(&mut editor);

    let request = &editor.dialogs.requests()[0];
    assert_eq!(request.kind, DialogKind::Export);
    assert_eq!(request.file_name.as_deref(), Some("Service loop.svg"));
    assert_eq!(request.filter, FileFilter::export(Format::Svg));
    assert_eq!(request.filter.extensions, ["svg"]);

    let written = files.path().join("loop.svg");
    assert_eq!(
        fs::read_to_string(&written).unwrap(),
        export::svg(&before, &Options::default()).unwrap()
    );
    assert_eq!(
        editor.app().notice(),
        Some(format!("Exported SVG picture to {}", written.display()).as_str())
    );
    // Exporting is not saving: the journey, its file and its history are as they were.
    assert_eq!(editor.doc(), &before);
    assert!(!editor.app().is_dirty());
    assert_eq!(editor.app().file(), None);
}

#[test]
fn png_options_reach_the_export() {
    let files = tempfile::tempdir().unwrap();
    let mut editor = Editor::new();
    let target = files.path().join("slide.png");
    editor.dialogs.answer(DialogAnswer::Chosen(target.clone()));
    editor.menu("File", "Export…");
    // PNG is the first choice; show the frame too.
    editor.click("Show the marketing frame");
    editor.click("Choose file…");
    step_until_exported(&mut editor);
    let options = Options {
        frame: true,
        ..Options::default()
    };
    assert_eq!(
        fs::read(&target).unwrap(),
        export::png(editor.doc(), &options).unwrap()
    );
    assert_eq!(
        editor.dialogs.requests()[0].filter,
        FileFilter::export(Format::Png)
    );
}

#[test]
fn a_failed_export_is_shown_and_leaves_the_journey_alone() {
    let files = tempfile::tempdir().unwrap();
    let blocker = files.path().join("a file");
    fs::write(&blocker, "not a folder").unwrap();
    let mut editor = Editor::new();
    let before = editor.doc().clone();
    editor
        .dialogs
        .answer(DialogAnswer::Chosen(blocker.join("inside.csv")));
    editor.menu("File", "Export…");
    editor.click("CSV spreadsheet");
    editor.click("Choose file…");
    step_until_exported(&mut editor);
    let message = editor
        .app()
        .error_message()
        .expect("the failure is shown")
        .to_owned();
    assert!(message.contains("inside.csv"), "{message}");
    assert!(message.contains("was not written"), "{message}");
    assert_eq!(editor.doc(), &before);
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a folder");
    editor.click("OK");
    assert!(editor.app().error_message().is_none());
}

#[test]
fn cancelling_the_dialog_writes_nothing() {
    let files = tempfile::tempdir().unwrap();
    let mut editor = Editor::new();
    editor.dialogs.answer(DialogAnswer::Cancelled);
    editor.menu("File", "Export…");
    editor.click("Mermaid journey diagram");
    editor.click("Choose file…");
    assert!(!editor.app().is_exporting());
    assert_eq!(
        editor.dialogs.requests()[0].file_name.as_deref(),
        Some("Service loop.mmd")
    );
    assert_eq!(fs::read_dir(files.path()).unwrap().count(), 0);
}

#[test]
fn the_journey_map_can_be_exported_too() {
    let files = tempfile::tempdir().unwrap();
    let mut editor = Editor::new();
    let target = files.path().join("map.svg");
    editor.dialogs.answer(DialogAnswer::Chosen(target.clone()));
    editor.menu("File", "Export…");
    editor.click("SVG picture");
    editor.click("Picture of the journey map");
    editor.click("Choose file…");
    step_until_exported(&mut editor);
    let options = Options {
        view: export::View::Map,
        ..Options::default()
    };
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        export::svg(editor.doc(), &options).unwrap()
    );
}
