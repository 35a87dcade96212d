//! Finding one's way in a big journey: find, the minimap, zoom to selection, the keyboard
//! between canvas and inspector, bookmarked views.

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use journey_designer::format;
use journey_designer::layout::geometry::card_rect;
use journey_designer::model::{Link, generate};

use super::Editor;

/// A 400-step generated journey where step s300 has the touchpoint "Loyalty Kiosk" and s17
/// the pain point "Kiosk queue", opened in the editor.
fn big_journey() -> (Editor, tempfile::TempDir) {
    let mut doc = generate::journey(400, 400, 5);
    let mut steps: Vec<_> = doc.steps().iter().map(|s| s.as_ref().clone()).collect();
    steps[300].touchpoints = vec!["Loyalty Kiosk".into()];
    steps[17].pain_points = vec!["Kiosk queue at the till".into()];
    steps[5].title = "Café visit".into();
    let mut links: Vec<Link> = doc.links().iter().map(|l| l.as_ref().clone()).collect();
    links[0].label = "kiosk regulars".into();
    doc.set_steps_and_links(steps, links).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    format::save_file(&path, &doc).unwrap();
    let editor = Editor::with(tempfile::tempdir().unwrap(), Some(path));
    (editor, dir)
}

fn selected(editor: &Editor) -> Vec<String> {
    editor.app().selection().steps.iter().cloned().collect()
}

fn center_of(editor: &Editor, id: &str) -> egui::Pos2 {
    card_rect(editor.doc().step(id).unwrap().position).center()
}

#[test]
fn find_by_a_word_in_a_touchpoint_selects_the_step_and_centres_it() {
    let (mut editor, _dir) = big_journey();
    editor.key_with(Modifiers::COMMAND, Key::F);
    assert!(editor.app().find().open);
    assert!(editor.harness.get_by_label("Find").is_focused());
    // Case and accents do not matter.
    editor
        .harness
        .get_by_label("Find")
        .type_text("LOYALTY kíosk");
    editor.harness.run();
    assert!(editor.harness.query_by_label_contains("1 match").is_some());
    editor.key(Key::Enter);
    assert_eq!(selected(&editor), ["s300"]);
    let camera = editor.app().canvas().camera;
    assert_eq!(camera.center, center_of(&editor, "s300"));
    // Cards are readable where Find takes the view.
    assert!(camera.zoom >= journey_designer::ui::canvas::DETAIL_ZOOM);
    // The keyboard stays in the field: typing goes on refining the query.
    assert!(editor.harness.get_by_label("Find").is_focused());
    // The list says where it matched.
    assert!(
        editor
            .harness
            .query_by_label_contains("touchpoint: Loyalty Kiosk")
            .is_some()
    );
}

/// Opens Find with ctrl+F and types `query` into its field.
fn find(editor: &mut Editor, query: &str) {
    editor.key_with(Modifiers::COMMAND, Key::F);
    editor.harness.get_by_label("Find").type_text(query);
    editor.harness.run();
}

#[test]
fn f3_cycles_through_the_matches_and_shift_f3_goes_back() {
    let (mut editor, _dir) = big_journey();
    find(&mut editor, "kiosk");
    assert!(
        editor
            .harness
            .query_by_label_contains("3 matches")
            .is_some()
    );
    // Best first: the touchpoint and the pain point start with the word; steps before
    // link labels at the same rank.
    editor.key(Key::F3);
    assert_eq!(selected(&editor), ["s300"]);
    editor.key(Key::F3);
    assert_eq!(selected(&editor), ["s17"]);
    assert_eq!(
        editor.app().canvas().camera.center,
        center_of(&editor, "s17")
    );
    editor.key(Key::F3);
    let first_link = editor.doc().links()[0].id.clone();
    assert_eq!(
        editor.app().selection().link.as_deref(),
        Some(first_link.as_str())
    );
    assert!(selected(&editor).is_empty());
    // Round again.
    editor.key(Key::F3);
    assert_eq!(selected(&editor), ["s300"]);
    editor.key_with(Modifiers::SHIFT, Key::F3);
    assert_eq!(
        editor.app().selection().link.as_deref(),
        Some(first_link.as_str())
    );
    editor.key_with(Modifiers::SHIFT, Key::F3);
    assert_eq!(selected(&editor), ["s17"]);
    assert!(
        editor
            .harness
            .query_by_label_contains("2 of 3 matches")
            .is_some()
    );
}

#[test]
fn escape_closes_find_and_gives_the_keyboard_back() {
    let (mut editor, _dir) = big_journey();
    find(&mut editor, "café");
    editor.key(Key::Enter);
    assert_eq!(selected(&editor), ["s5"]);
    editor.key(Key::Escape);
    assert!(!editor.app().find().open);
    assert!(editor.harness.query_by_label("Find").is_none());
    assert!(editor.harness.ctx.memory(egui::Memory::focused).is_none());
    // The found step stays selected, and canvas keys work again: Delete removes it.
    assert_eq!(selected(&editor), ["s5"]);
    editor.key(Key::Delete);
    assert!(editor.doc().step("s5").is_none());
}

#[test]
fn clicking_and_dragging_in_the_minimap_moves_the_camera_there() {
    let (mut editor, _dir) = big_journey();
    // A 400-step journey is larger than the screen: the minimap shows by default.
    assert!(editor.app().canvas().minimap_shown);
    let map = editor
        .harness
        .get_by_role_and_label(egui::accesskit::Role::Image, "Minimap")
        .rect();
    // The minimap shows the journey's bounds with a 40-unit margin, corner to corner.
    let bounds = journey_designer::layout::geometry::journey_bounds(editor.doc())
        .unwrap()
        .expand(40.0);
    let quarter = map.min + map.size() * egui::vec2(0.25, 0.75);
    editor.click_at(quarter, Modifiers::NONE);
    let expected = bounds.min + bounds.size() * egui::vec2(0.25, 0.75);
    let camera = editor.app().canvas().camera;
    assert!(
        (camera.center - expected).length() < 1.0,
        "{camera:?} vs {expected:?}"
    );
    // Nothing was selected or moved by the click.
    assert!(editor.app().selection().is_empty());
    assert!(!editor.app().is_dirty());
    // Dragging follows the pointer; the view ends where it is released.
    let to = map.center();
    editor.drag(quarter, to);
    let camera = editor.app().canvas().camera;
    assert!(
        (camera.center - bounds.center()).length() < 1.0,
        "{camera:?}"
    );
    assert!(!editor.app().is_dirty());
    // View ▸ Minimap hides it.
    editor.harness.get_by_label("View").click();
    editor.harness.run();
    editor
        .harness
        .get_by_role_and_label(egui::accesskit::Role::CheckBox, "Minimap")
        .click();
    editor.harness.run();
    assert!(!editor.app().canvas().minimap_shown);
    assert!(
        editor
            .harness
            .query_by_role_and_label(egui::accesskit::Role::Image, "Minimap")
            .is_none()
    );
}

#[test]
fn the_minimap_is_off_for_a_journey_that_fits_the_screen() {
    let mut editor = Editor::new();
    let app = editor.app();
    let bounds = journey_designer::layout::geometry::journey_bounds(app.document()).unwrap();
    let viewport = app.canvas().viewport;
    assert!(bounds.width() <= viewport.width() && bounds.height() <= viewport.height());
    assert!(!app.canvas().minimap_shown);
    editor.key(Key::M);
    assert!(editor.app().canvas().minimap_shown);
}

/// The zoom that frames `bounds` in `viewport` with the canvas's 40-point margin, at most 1.
fn fitting_zoom(viewport: egui::Rect, bounds: egui::Rect) -> f32 {
    ((viewport.width() - 80.0) / bounds.width())
        .min((viewport.height() - 80.0) / bounds.height())
        .min(1.0)
}

#[test]
fn zoom_to_selection_frames_every_selected_card() {
    let mut editor = Editor::new();
    for title in ["Tell", "Care", "Delight"] {
        let card = editor.card(title);
        editor.click_at(card.center(), Modifiers::SHIFT);
    }
    assert_eq!(editor.app().selection().steps.len(), 3);
    // Far out first, so zooming to the selection has something to do.
    for _ in 0..6 {
        editor.key(Key::Minus);
    }
    editor.key_with(Modifiers::SHIFT, Key::F);
    let app = editor.app();
    let bounds = ["tell", "care", "delight"]
        .map(|id| card_rect(app.document().step(id).unwrap().position))
        .into_iter()
        .reduce(egui::Rect::union)
        .unwrap();
    let viewport = app.canvas().viewport;
    let camera = app.canvas().camera;
    assert_eq!(camera.center, bounds.center());
    assert!(
        (camera.zoom - fitting_zoom(viewport, bounds)).abs() < 1e-4,
        "{camera:?}"
    );
    assert!(camera.visible_canvas_rect(viewport).contains_rect(bounds));
    // Every selected card is on screen, inside the canvas (not under the inspector).
    for title in ["Tell", "Care", "Delight"] {
        assert!(viewport.contains_rect(editor.card(title)), "{title}");
    }
    // The View menu entry does the same; "." too.
    editor.key(Key::Minus);
    editor.menu("View", "Zoom to selection");
    assert_eq!(editor.app().canvas().camera, camera);
    editor.key(Key::Minus);
    editor.key(Key::Period);
    assert_eq!(editor.app().canvas().camera, camera);
}

#[test]
fn zoom_to_fit_uses_the_canvas_between_the_panels_for_a_freshly_opened_journey() {
    let (mut editor, _dir) = big_journey();
    let app = editor.app();
    let bounds = journey_designer::layout::geometry::journey_bounds(app.document()).unwrap();
    let viewport = app.canvas().viewport;
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    // The canvas is the central area: narrower and lower than the window.
    assert!(viewport.width() < screen.width() - 200.0 && viewport.top() > 0.0);
    let camera = app.canvas().camera;
    assert_eq!(camera.center, bounds.center());
    assert!((camera.zoom - fitting_zoom(viewport, bounds)).abs() < 1e-4);
    // Zooming elsewhere and back with F gives the same view.
    editor.key(Key::Plus);
    editor.key(Key::F);
    assert_eq!(editor.app().canvas().camera, camera);
}

#[test]
fn tab_goes_into_the_inspector_and_shift_tab_comes_back() {
    let mut editor = Editor::new();
    let card = editor.card("Buy");
    editor.click_at(card.center(), Modifiers::NONE);
    assert_eq!(selected(&editor), ["buy"]);
    editor.key(Key::Tab);
    assert!(editor.harness.get_by_label("Title").is_focused());
    // Tab goes on through the inspector's fields as usual.
    editor.key(Key::Tab);
    assert!(!editor.harness.get_by_label("Title").is_focused());
    editor.key_with(Modifiers::SHIFT, Key::Tab);
    assert!(editor.harness.get_by_label("Title").is_focused());
    // shift+Tab in the first field gives the keyboard back to the canvas: to the
    // selected card.
    editor.key_with(Modifiers::SHIFT, Key::Tab);
    let buy = editor.doc().step("buy").unwrap().title.clone();
    #[expect(
        clippy::redundant_closure_for_method_calls,
        reason = "the method path is not general over the node's lifetime"
    )]
    let focused = editor.harness.get_by(|n| n.is_focused());
    assert_eq!(focused.accesskit_node().label(), Some(buy));
    assert_eq!(selected(&editor), ["buy"]);
    // Canvas keys work again: alt+→ follows the link from Buy to Experience.
    editor.key_with(Modifiers::ALT, Key::ArrowRight);
    assert_eq!(selected(&editor), ["experience"]);
    editor.key_with(Modifiers::ALT, Key::ArrowLeft);
    editor.key_with(Modifiers::ALT, Key::ArrowLeft);
    assert_eq!(selected(&editor), ["tell"]);
    // Back around the loop: the link from word of mouth leads to tell.
    editor.key_with(Modifiers::ALT, Key::ArrowLeft);
    assert_eq!(selected(&editor), ["word_of_mouth"]);
    // With nothing selected, Tab goes to the journey's title.
    editor.key(Key::Escape);
    editor.key(Key::Tab);
    assert!(editor.harness.get_by_label("Journey title").is_focused());
    editor.key_with(Modifiers::SHIFT, Key::Tab);
    assert!(editor.harness.ctx.memory(egui::Memory::focused).is_none());
}

#[test]
fn bookmarks_are_undoable_and_survive_save_and_reopen() {
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("loop.json");
    let mut editor = Editor::new();
    editor.key(Key::Minus);
    let overview = editor.app().canvas().camera;
    editor.key_with(Modifiers::COMMAND, Key::B);
    editor.type_into("Bookmark name", "Overview");
    editor.key(Key::Enter);
    let bookmarks = &editor.doc().view.bookmarks;
    assert_eq!(bookmarks.len(), 1);
    assert_eq!(bookmarks[0].name, "Overview");
    assert_eq!(
        bookmarks[0].center,
        [f64::from(overview.center.x), f64::from(overview.center.y)]
    );
    assert_eq!(bookmarks[0].zoom, f64::from(overview.zoom));
    assert!(editor.app().is_dirty());
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert!(editor.doc().view.bookmarks.is_empty());
    assert!(!editor.app().is_dirty());
    editor.key_with(Modifiers::COMMAND, Key::Y);
    assert_eq!(editor.doc().view.bookmarks.len(), 1);

    editor
        .dialogs
        .answer(journey_designer::app::dialogs::DialogAnswer::Chosen(
            path.clone(),
        ));
    editor.key_with(Modifiers::COMMAND, Key::S);
    assert!(!editor.app().is_dirty());
    drop(editor);

    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path.clone()));
    assert_eq!(editor.doc().view.bookmarks.len(), 1);
    editor.key(Key::Plus);
    editor.key(Key::Plus);
    assert_ne!(editor.app().canvas().camera, overview);
    editor.harness.get_by_label("View").click();
    editor.harness.run();
    editor.harness.get_by_label("Bookmarks").hover();
    editor.harness.run();
    editor.click("Overview");
    assert_eq!(editor.app().canvas().camera, overview);
    // Going to a bookmark changes the view, not the journey.
    assert!(!editor.app().is_dirty());
    // Renaming one is an edit that can be undone.
    editor.harness.get_by_label("View").click();
    editor.harness.run();
    editor.harness.get_by_label("Bookmarks").hover();
    editor.harness.run();
    editor.click("Rename bookmark Overview");
    editor.type_into("Bookmark name", "The whole loop");
    editor.key(Key::Enter);
    assert_eq!(editor.doc().view.bookmarks[0].name, "The whole loop");
    assert_eq!(
        editor.doc().view.bookmarks[0].zoom,
        f64::from(overview.zoom)
    );
    assert!(editor.app().is_dirty());
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert_eq!(editor.doc().view.bookmarks[0].name, "Overview");
    // Removing one is an edit that can be undone.
    editor.harness.get_by_label("View").click();
    editor.harness.run();
    editor.harness.get_by_label("Bookmarks").hover();
    editor.harness.run();
    editor.click("Remove bookmark Overview");
    assert!(editor.doc().view.bookmarks.is_empty());
    assert!(editor.app().is_dirty());
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert_eq!(editor.doc().view.bookmarks.len(), 1);
}

#[test]
fn a_jump_of_the_view_travels_there_briefly_and_a_press_lands_it_at_once() {
    let mut editor = Editor::new();
    // The harness turns animations off (as a user may); turned on, as by default:
    editor
        .harness
        .ctx
        .all_styles_mut(|style| style.animation_time = 1.0 / 12.0);
    editor.key(Key::Plus);
    editor.key(Key::Plus);
    let near = editor.app().canvas().shown_camera();
    // Zoom to fit: the camera is the fitted one at once, the frames on the way show it
    // between the two.
    editor.harness.key_press(Key::F);
    editor.harness.step();
    editor.harness.step();
    let fitted = editor.app().canvas().camera;
    let shown = editor.app().canvas().shown_camera();
    assert!(fitted.zoom < near.zoom);
    assert!(
        shown.zoom < near.zoom && shown.zoom > fitted.zoom,
        "{near:?} → {shown:?} → {fitted:?}"
    );
    // A few frames later (0.15 s) it has arrived, and the window is idle again.
    editor.harness.run();
    assert_eq!(editor.app().canvas().shown_camera(), fitted);
    assert!(!editor.harness.ctx.has_requested_repaint());
    // A press on the canvas during a flight lands it at once.
    editor.key(Key::Plus);
    editor.key(Key::Plus);
    let near = editor.app().canvas().shown_camera();
    editor.harness.key_press(Key::F);
    editor.harness.step();
    editor.harness.step();
    assert_ne!(editor.app().canvas().shown_camera(), near);
    editor.click_at(editor.empty_spot(), Modifiers::NONE);
    assert_eq!(
        editor.app().canvas().shown_camera(),
        editor.app().canvas().camera
    );
    // With animations off the view jumps.
    editor
        .harness
        .ctx
        .all_styles_mut(|style| style.animation_time = 0.0);
    editor.key(Key::Plus);
    editor.harness.key_press(Key::F);
    editor.harness.step();
    assert_eq!(
        editor.app().canvas().shown_camera(),
        editor.app().canvas().camera
    );
}
