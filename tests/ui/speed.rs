//! Large journeys in the editor: opening in the background, and no repaint when idle.
//! (Speed itself is measured by the benchmarks, never by a timed test.)

use std::time::Duration;

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use journey_designer::app::dialogs::ScriptedDialogs;
use journey_designer::app::{App, AppConfig};
use journey_designer::format;
use journey_designer::model::generate;

use super::{Editor, poll_until};

/// An editor opening `path` at start, reading any file over `background_open_bytes` in the
/// background; not run yet.
fn opening(
    data: &tempfile::TempDir,
    path: std::path::PathBuf,
    background_open_bytes: u64,
) -> Harness<'static, App> {
    let config = AppConfig {
        data_dir: Some(data.path().to_path_buf()),
        dialogs: Box::new(ScriptedDialogs::default()),
        open: Some(path),
        recovery_interval: Duration::ZERO,
        background_open_bytes,
    };
    Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(|cc| App::new(cc, config))
}

/// Steps the harness until the app has finished opening (or gives up after a while).
fn step_until_opened(harness: &mut Harness<'static, App>) {
    poll_until(harness, "the file to open", |h| !h.state().is_opening());
}

#[test]
fn a_large_file_opens_in_the_background_while_the_window_keeps_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    let journey = generate::journey(3000, 3000, 5);
    format::save_file(&path, &journey).unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = AppConfig {
        data_dir: Some(data.path().to_path_buf()),
        dialogs: Box::new(ScriptedDialogs::default()),
        open: Some(path.clone()),
        recovery_interval: Duration::ZERO,
        background_open_bytes: 1000,
    };
    // Creating the app does not wait for the file: it is still opening until a frame takes
    // the result from the worker.
    let app = App::with_config(config);
    assert!(app.is_opening());
    assert_eq!(
        app.document().title,
        "Service loop",
        "the window has a journey meanwhile"
    );
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .build_eframe(|_cc| app);
    step_until_opened(&mut harness);
    let app = harness.state();
    assert_eq!(app.document(), &journey);
    assert_eq!(app.file(), Some(path.as_path()));
    assert!(!app.is_dirty());
    assert!(app.error_message().is_none());
}

#[test]
fn while_a_file_is_read_the_window_draws_and_says_it_is_opening() {
    // A named pipe delivers the journey only when this test writes it, so the window is
    // certainly still opening when it is looked at.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("arriving.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    let data = tempfile::tempdir().unwrap();
    let mut harness = opening(
        &data,
        path.clone(),
        journey_designer::app::BACKGROUND_OPEN_BYTES,
    );
    harness.step();
    assert!(harness.state().is_opening());
    assert!(
        harness
            .query_by_label_contains("Opening arriving.json")
            .is_some()
    );
    assert_eq!(harness.state().document().title, "Service loop");
    let journey = generate::journey(50, 50, 3);
    let text = format::to_string(&journey);
    let writer = std::thread::spawn(move || std::fs::write(&path, text).unwrap());
    step_until_opened(&mut harness);
    writer.join().unwrap();
    assert_eq!(harness.state().document(), &journey);
}

#[test]
fn a_broken_large_file_reports_its_error_and_keeps_the_open_journey() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(
        &path,
        "{\"format\": \"journey-designer\", \"version\": 1, \"steps\": [",
    )
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut harness = opening(&data, path, 10);
    let before = harness.state().document().clone();
    step_until_opened(&mut harness);
    let app = harness.state();
    assert_eq!(app.document(), &before);
    assert!(app.file().is_none());
    let message = app.error_message().unwrap_or_default();
    assert!(message.contains("ends too early"), "{message}");
}

#[test]
fn an_idle_editor_requests_no_repaint() {
    let mut editor = Editor::new();
    editor.harness.step();
    assert!(!editor.harness.ctx.has_requested_repaint());

    // The same with a large journey open and zoomed out.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    format::save_file(&path, &generate::journey(4000, 4000, 9)).unwrap();
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path));
    assert_eq!(editor.doc().steps().len(), 4000);
    editor.harness.step();
    assert!(!editor.harness.ctx.has_requested_repaint());
}
