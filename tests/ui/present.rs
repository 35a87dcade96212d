//! View ▸ Present: full screen, panels hidden, the bookmarks (or the frame, the stages and
//! the loop) as slides, the keys that move between them and Esc that gives the editor back.

use egui::{Key, ViewportCommand, ViewportId};
use egui_kittest::kittest::Queryable as _;
use journey_designer::layout::map::LANE_HEADER_WIDTH;
use journey_designer::model::Bookmark;

use super::{Editor, poll_until};

/// An editor on the service loop saved with two bookmarks.
fn bookmarked() -> (Editor, tempfile::TempDir) {
    let files = tempfile::tempdir().unwrap();
    let mut doc = journey_designer::format::service_loop();
    doc.view.bookmarks = vec![
        Bookmark::new("Buying", [250.0, -140.0], 1.5),
        Bookmark::new("Caring", [0.0, 280.0], 0.8),
    ];
    let path = files.path().join("talk.json");
    journey_designer::format::save_file(&path, &doc).unwrap();
    (
        Editor::with(tempfile::tempdir().unwrap(), Some(path)),
        files,
    )
}

fn sent(editor: &Editor, command: &ViewportCommand) -> bool {
    editor.harness.output().viewport_output[&ViewportId::ROOT]
        .commands
        .contains(command)
}

fn camera_at(editor: &Editor, center: [f32; 2], zoom: f32) -> bool {
    let camera = editor.app().canvas().shown_camera();
    (camera.center.x - center[0]).abs() < 0.01
        && (camera.center.y - center[1]).abs() < 0.01
        && (camera.zoom - zoom).abs() < 1e-4
}

#[test]
fn the_bookmarks_are_the_slides_and_the_keys_move_between_them() {
    let (mut editor, _files) = bookmarked();
    let before = editor.app().canvas().camera;
    assert!(editor.harness.query_by_label("Inspector").is_some());
    // The key's press is the frame that asks for full screen; its release comes after.
    editor.harness.key_down(Key::F5);
    editor.harness.step();
    assert!(sent(&editor, &ViewportCommand::Fullscreen(true)));
    editor.harness.key_up(Key::F5);
    editor.harness.run();
    assert!(editor.app().is_presenting());
    assert_eq!(editor.app().slide(), Some((0, 2)));
    assert!(
        editor.harness.query_by_label("Inspector").is_none(),
        "the panels are hidden"
    );
    assert!(
        editor.harness.query_by_label("File").is_none(),
        "so is the menu bar"
    );
    assert!(editor.harness.query_by_label("1 / 2 · Buying").is_some());
    poll_until(
        &mut editor.harness,
        "the view to reach the first bookmark",
        |h| camera_at_harness(h, [250.0, -140.0], 1.5),
    );

    for key in [Key::ArrowRight, Key::Space, Key::PageDown] {
        editor.key(key);
    }
    assert_eq!(
        editor.app().slide(),
        Some((1, 2)),
        "the last slide stays the last"
    );
    assert!(editor.harness.query_by_label("2 / 2 · Caring").is_some());
    poll_until(
        &mut editor.harness,
        "the view to reach the second bookmark",
        |h| camera_at_harness(h, [0.0, 280.0], 0.8),
    );
    // Editing keys do nothing while presenting: the arrow went to the slides.
    assert!(!editor.app().is_dirty());
    editor.key(Key::PageUp);
    assert_eq!(editor.app().slide(), Some((0, 2)));
    editor.key(Key::ArrowLeft);
    assert_eq!(editor.app().slide(), Some((0, 2)));

    editor.harness.key_down(Key::Escape);
    editor.harness.step();
    assert!(sent(&editor, &ViewportCommand::Fullscreen(false)));
    editor.harness.key_up(Key::Escape);
    editor.harness.run();
    assert!(!editor.app().is_presenting());
    assert!(
        editor.harness.query_by_label("Inspector").is_some(),
        "Esc gives the panels back"
    );
    assert!(editor.harness.query_by_label("File").is_some());
    poll_until(&mut editor.harness, "the view to go back", |h| {
        h.state().canvas().shown_camera() == before
    });
    assert!(camera_at(
        &editor,
        [before.center.x, before.center.y],
        before.zoom
    ));
}

fn camera_at_harness(
    harness: &egui_kittest::Harness<'_, journey_designer::app::App>,
    center: [f32; 2],
    zoom: f32,
) -> bool {
    let camera = harness.state().canvas().shown_camera();
    (camera.center.x - center[0]).abs() < 0.01
        && (camera.center.y - center[1]).abs() < 0.01
        && (camera.zoom - zoom).abs() < 1e-4
}

#[test]
fn without_bookmarks_the_map_shows_the_frame_then_each_stage() {
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("wide.json");
    let doc = journey_designer::model::generate::journey(60, 60, 7);
    journey_designer::format::save_file(&path, &doc).unwrap();
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path));
    editor.menu("View", "Journey map");
    editor.menu("View", "Present");
    assert_eq!(
        editor.app().slide(),
        Some((0, 8)),
        "the frame, six stages and the loop"
    );
    assert!(
        editor
            .harness
            .query_by_label("1 / 8 · The marketing frame")
            .is_some()
    );
    // The frame's slide shows the journey's title and its narrative over the view.
    assert!(
        editor
            .harness
            .query_by_label("Generated journey of 60 steps")
            .is_some()
    );
    assert!(
        editor
            .harness
            .query_by_label("A generated journey for measuring the editor.")
            .is_some()
    );
    editor.key(Key::ArrowRight);
    assert!(editor.harness.query_by_label("2 / 8 · Tell").is_some());
    poll_until(&mut editor.harness, "the map at the first stage", |h| {
        h.state().map().view.offset.x == 0.0
    });
    editor.key(Key::ArrowRight);
    assert!(editor.harness.query_by_label("3 / 8 · Buy").is_some());
    let layout = journey_designer::layout::map::MapLayout::new(editor.doc(), None);
    let width = editor.app().map().viewport.width();
    let buy = (layout.stages[1].x.min - LANE_HEADER_WIDTH).min(layout.size().x - width);
    assert!(buy > 100.0, "the map is wider than the screen");
    poll_until(&mut editor.harness, "the map to scroll to Buy", |h| {
        (h.state().map().view.offset.x - buy).abs() < 0.5
    });
    editor.key(Key::Escape);
    assert!(!editor.app().is_presenting());
    assert_eq!(
        editor.app().map().view.offset.x,
        0.0,
        "the map is scrolled back"
    );
}
