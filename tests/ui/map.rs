//! The journey map: switching to it, editing cells in place, dragging steps and emotion
//! markers, one selection with the canvas, the persona filter, and lanes saved with the file.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, accesskit::Role, pos2, vec2};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use journey_designer::format;
use journey_designer::model::{Document, Emotion, Lane, Stage, Step};
use journey_designer::ui::view::ViewKind;

use super::Editor;

/// A copy of the Tesla template in a temporary folder, opened in the editor.
fn tesla() -> (Editor, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tesla.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates/tesla.json"),
        &path,
    )
    .unwrap();
    let editor = Editor::with(tempfile::tempdir().unwrap(), Some(path.clone()));
    (editor, dir, path)
}

/// A journey of three tell steps and one buy step, opened in the editor on the map.
fn three_tells() -> (Editor, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tells.json");
    let mut doc = Document::new("Tells");
    doc.set_steps_and_links(
        vec![
            Step::new("t1", Stage::Tell, "First ad", [0.0, 0.0]),
            Step::new("b1", Stage::Buy, "Checkout", [300.0, 0.0]),
            Step::new("t2", Stage::Tell, "Second ad", [0.0, 200.0]),
            Step::new("t3", Stage::Tell, "Third ad", [0.0, 400.0]),
        ],
        vec![],
    )
    .unwrap();
    format::save_file(&path, &doc).unwrap();
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path));
    show_map(&mut editor);
    (editor, dir)
}

fn show_map(editor: &mut Editor) {
    editor.key_with(Modifiers::COMMAND, Key::Num2);
    assert_eq!(editor.app().view(), ViewKind::Map);
}

fn order(editor: &Editor) -> Vec<String> {
    editor
        .doc()
        .steps()
        .iter()
        .map(|s| format!("{}:{}", s.id, s.stage.as_str()))
        .collect()
}

fn rect_of(editor: &Editor, label: &str) -> egui::Rect {
    editor.harness.get_by_label(label).rect()
}

fn has(editor: &Editor, label: &str) -> bool {
    editor.harness.query_all_by_label(label).next().is_some()
}

#[test]
fn the_view_menu_and_its_shortcut_switch_between_canvas_and_map() {
    let (mut editor, _dir, _) = tesla();
    assert_eq!(editor.app().view(), ViewKind::Canvas);
    editor.menu("View", "Journey map");
    assert_eq!(editor.app().view(), ViewKind::Map);
    // Columns by stage, lanes by row: the step and its touchpoints are cells of the map.
    assert!(has(&editor, "Step Order online"));
    assert!(has(&editor, "Touchpoints of Order online"));
    assert!(has(&editor, "Pain points lane"));
    assert!(!editor.has_card("Order online"), "the canvas is not drawn");
    editor.key_with(Modifiers::COMMAND, Key::Num1);
    assert_eq!(editor.app().view(), ViewKind::Canvas);
    assert!(editor.has_card("Order online"));
}

#[test]
fn a_touchpoint_edited_in_its_cell_changes_the_journey_and_undo_restores_it() {
    let (mut editor, _dir, _) = tesla();
    show_map(&mut editor);
    let before = editor.doc().step("buy").unwrap().touchpoints.clone();
    assert_eq!(before, ["configurator", "checkout"]);
    editor.click("Touchpoints of Order online");
    assert_eq!(editor.app().selection().single_step(), Some("buy"));
    editor.type_into("Touchpoint 2 of Order online", "one-click checkout");
    assert_eq!(
        editor.doc().step("buy").unwrap().touchpoints,
        ["configurator", "one-click checkout"]
    );
    assert!(editor.app().is_dirty());
    // Adding an item, then typing it.
    editor.click("Add touchpoint to Order online");
    editor.type_into("Touchpoint 3 of Order online", "delivery date");
    assert_eq!(
        editor.doc().step("buy").unwrap().touchpoints,
        ["configurator", "one-click checkout", "delivery date"]
    );
    // Leave the cell, then undo the typing, the added item and the first edit.
    editor.key(Key::Escape);
    for _ in 0..3 {
        editor.key_with(Modifiers::COMMAND, Key::Z);
    }
    assert_eq!(editor.doc().step("buy").unwrap().touchpoints, before);
    assert!(!editor.app().is_dirty());
}

#[test]
fn a_list_item_is_removed_in_its_cell() {
    let (mut editor, _dir, _) = tesla();
    show_map(&mut editor);
    editor.click("Channels of Drive and update");
    editor.click("Remove channel 1 of Drive and update");
    assert_eq!(editor.doc().step("experience").unwrap().channels, ["car"]);
}

#[test]
fn the_title_is_edited_in_the_steps_cell() {
    let (mut editor, _dir, _) = tesla();
    show_map(&mut editor);
    editor.click("Step Order online");
    assert_eq!(editor.app().selection().single_step(), Some("buy"));
    // A second click on the selected step edits its title.
    editor.click("Step Order online");
    editor.type_into("Title of Order online", "Order in the app");
    assert_eq!(editor.doc().step("buy").unwrap().title, "Order in the app");
}

#[test]
fn dragging_a_step_sideways_reorders_it_within_its_stage() {
    let (mut editor, _dir) = three_tells();
    let third = rect_of(&editor, "Step Third ad");
    let first = rect_of(&editor, "Step First ad");
    // Drop on the left half of the first ad's column: the third ad goes before it.
    editor.drag(third.center(), pos2(first.left() + 20.0, first.center().y));
    assert_eq!(order(&editor), ["t3:tell", "t1:tell", "b1:buy", "t2:tell"]);
    // The map shows them in the new order, and undo puts it back.
    assert!(rect_of(&editor, "Step Third ad").left() < rect_of(&editor, "Step First ad").left());
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert_eq!(order(&editor), ["t1:tell", "b1:buy", "t2:tell", "t3:tell"]);
}

#[test]
fn dragging_a_step_into_another_stages_column_changes_its_stage() {
    let (mut editor, _dir) = three_tells();
    let first = rect_of(&editor, "Step First ad");
    let checkout = rect_of(&editor, "Step Checkout");
    // The right half of the checkout's column: the end of buy.
    editor.drag(
        first.center(),
        pos2(checkout.right() - 20.0, checkout.center().y),
    );
    assert_eq!(order(&editor), ["b1:buy", "t1:buy", "t2:tell", "t3:tell"]);
    assert_eq!(editor.doc().step("t1").unwrap().stage, Stage::Buy);
    assert!(rect_of(&editor, "Step First ad").left() > rect_of(&editor, "Step Checkout").left());
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert_eq!(editor.doc().step("t1").unwrap().stage, Stage::Tell);
    assert_eq!(order(&editor), ["t1:tell", "b1:buy", "t2:tell", "t3:tell"]);
}

#[test]
fn dragging_an_emotion_marker_up_makes_the_step_happier() {
    let (mut editor, _dir, _) = tesla();
    show_map(&mut editor);
    let marker = rect_of(&editor, "Emotion of Order online: +1 happy");
    editor.drag(marker.center(), marker.center() - vec2(0.0, 40.0));
    assert_eq!(
        editor.doc().step("buy").unwrap().emotion,
        Emotion::new(2).unwrap()
    );
    let marker = rect_of(&editor, "Emotion of Order online: +2 delighted");
    editor.drag(marker.center(), marker.center() + vec2(0.0, 110.0));
    assert_eq!(
        editor.doc().step("buy").unwrap().emotion,
        Emotion::new(-2).unwrap()
    );
}

fn is_selected(editor: &Editor, role: Role, label: &str) -> bool {
    editor
        .harness
        .get_by_role_and_label(role, label)
        .accesskit_node()
        .is_selected()
        .unwrap_or(false)
}

#[test]
fn one_selection_in_the_map_and_on_the_canvas_and_the_map_scrolls_to_it() {
    let (mut editor, _dir, _) = tesla();
    show_map(&mut editor);
    editor.click("Step Order online");
    editor.key_with(Modifiers::COMMAND, Key::Num1);
    assert_eq!(editor.app().selection().single_step(), Some("buy"));
    assert!(
        is_selected(&editor, Role::Button, "Order online"),
        "the canvas card"
    );

    // Back: select on the canvas a step whose column is off the map's screen.
    let card = editor.card("Owners' referrals");
    editor.click_at(card.center(), Modifiers::NONE);
    assert_eq!(
        editor.app().selection().single_step(),
        Some("word_of_mouth")
    );
    show_map(&mut editor);
    assert!(is_selected(&editor, Role::Button, "Step Owners' referrals"));
    // The first stages have scrolled out of the map's room; any still drawn is not selected.
    if has(&editor, "Step Order online") {
        assert!(!is_selected(&editor, Role::Button, "Step Order online"));
    }
    let map = editor.app().map();
    assert!(map.view.offset.x > 0.0, "the map scrolled");
    let cell = map
        .cell_on_screen(editor.doc(), "word_of_mouth", Lane::Steps)
        .expect("the selected step's cell is on screen");
    assert!(
        map.viewport.contains_rect(cell),
        "{cell:?} in {:?}",
        map.viewport
    );
}

#[test]
fn the_persona_filter_hides_other_personas_steps_in_both_views() {
    let (mut editor, _dir, _) = tesla();
    // "Owners' referrals" is the early adopter's only; "Order online" is everyone's.
    assert!(editor.has_card("Owners' referrals"));
    editor.click("Persona:");
    editor.choose("The family buying its second car");
    assert_eq!(
        editor.app().view_settings().persona.as_deref(),
        Some("family")
    );
    assert!(!editor.has_card("Owners' referrals"));
    assert!(editor.has_card("Order online"));
    show_map(&mut editor);
    assert!(!editor.app().map().shows(editor.doc(), "word_of_mouth"));
    assert!(has(&editor, "Step Order online"));
    // The family's own emotion at care is the one on the map.
    assert!(has(
        &editor,
        "Emotion of Service comes to you: -2 very unhappy"
    ));

    editor.click("Persona:");
    editor.choose("Everyone");
    assert!(editor.app().map().shows(editor.doc(), "word_of_mouth"));
    assert!(has(&editor, "Emotion of Service comes to you: -1 unhappy"));
}

#[test]
fn select_all_and_the_keyboard_walk_leave_out_the_steps_the_persona_filter_hides() {
    let (mut editor, _dir, _) = tesla();
    editor.click("Persona:");
    editor.choose("The family buying its second car");
    let doc = editor.doc().clone();
    let shown: Vec<String> = doc
        .steps()
        .iter()
        .filter(|s| s.applies_to("family"))
        .map(|s| s.id.clone())
        .collect();
    assert!(shown.len() < doc.steps().len(), "the filter hides a step");
    editor.key(Key::Escape);
    editor.key_with(Modifiers::COMMAND, Key::A);
    let selected: Vec<String> = editor.app().selection().steps.iter().cloned().collect();
    let mut expected = shown.clone();
    expected.sort();
    assert_eq!(selected, expected);
    // Walking with alt+arrow reaches every shown step and link, and nothing hidden.
    editor.key(Key::Escape);
    let links = doc
        .links()
        .iter()
        .filter(|l| shown.contains(&l.from) && shown.contains(&l.to))
        .count();
    let walked = editor.walk(shown.len() + links);
    assert_eq!(walked[..shown.len()], shown[..]);
    for link in &walked[shown.len()..] {
        let link = doc.link(link).unwrap();
        assert!(shown.contains(&link.from) && shown.contains(&link.to));
    }
    // ...and then starts over at the first shown step.
    editor.key_with(Modifiers::ALT, Key::ArrowDown);
    assert_eq!(
        editor.app().selection().single_step(),
        Some(shown[0].as_str())
    );
}

#[test]
fn hidden_and_reordered_lanes_survive_save_and_reopen() {
    let (mut editor, dir, path) = tesla();
    show_map(&mut editor);
    editor.click("Lanes");
    editor.click("Channels");
    assert_eq!(editor.doc().view.hidden_lanes, [Lane::Channels]);
    // The menu closes after each choice.
    assert!(!has(&editor, "Move Opportunities up"));
    editor.click("Lanes");
    editor.click("Move Opportunities up");
    editor.key(Key::Escape);
    assert!(!has(&editor, "Channels lane"));
    assert!(has(&editor, "Touchpoints lane"));
    assert!(editor.app().is_dirty(), "a lane change is an edit");
    editor.key_with(Modifiers::COMMAND, Key::S);
    assert!(!editor.app().is_dirty());

    let saved = format::load_file(&path).unwrap();
    assert_eq!(saved.view.hidden_lanes, [Lane::Channels]);
    assert_eq!(
        Lane::ordered(&saved.view.lanes),
        [
            Lane::Evidence,
            Lane::Steps,
            Lane::Emotion,
            Lane::Channels,
            Lane::Touchpoints,
            Lane::Opportunities,
            Lane::PainPoints,
            Lane::Metrics,
            Lane::Frontstage,
            Lane::Backstage,
            Lane::Support
        ]
    );
    let mut reopened = Editor::with(tempfile::tempdir().unwrap(), Some(path.clone()));
    show_map(&mut reopened);
    assert!(!has(&reopened, "Channels lane"));
    let opportunities = rect_of(&reopened, "Opportunities lane");
    assert!(opportunities.top() < rect_of(&reopened, "Pain points lane").top());
    drop(dir);
}

#[test]
fn personas_are_added_edited_reordered_and_removed_in_the_journey_panel() {
    let (mut editor, _dir, _) = tesla();
    editor.click("+ Add persona");
    assert_eq!(editor.doc().personas().len(), 3);
    editor.type_into("Persona 3 name", "The fleet manager");
    assert_eq!(editor.doc().personas()[2].name, "The fleet manager");
    editor.click("Move The fleet manager up");
    assert_eq!(editor.doc().personas()[1].name, "The fleet manager");
    // Removing the early adopter takes it off the step that was only theirs.
    editor.click("Remove The early adopter");
    let doc = editor.doc();
    assert!(doc.persona("early_adopter").is_none());
    assert!(doc.step("word_of_mouth").unwrap().personas.is_empty());
    assert!(
        doc.steps()
            .iter()
            .all(|s| s.persona_emotions.iter().all(|(p, _)| p != "early_adopter"))
    );
    // One undo brings the persona and its steps' references back.
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert_eq!(
        editor.doc().step("word_of_mouth").unwrap().personas,
        ["early_adopter"]
    );
}

#[test]
fn a_step_chooses_its_personas_and_their_own_emotions_in_the_inspector() {
    let (mut editor, _dir, _) = tesla();
    show_map(&mut editor);
    editor.click("Step Order online");
    editor.click("Applies to The early adopter");
    assert_eq!(
        editor.doc().step("buy").unwrap().personas,
        ["early_adopter"]
    );
    editor.click("The early adopter feels");
    editor.choose("-2 very unhappy");
    assert_eq!(
        editor
            .doc()
            .step("buy")
            .unwrap()
            .emotion_of("early_adopter"),
        Emotion::new(-2)
    );
}

#[test]
fn fit_in_the_map_shows_every_stage_column_beside_the_inspector() {
    let (mut editor, _dir, _) = tesla();
    show_map(&mut editor);
    let canvas_zoom = editor.app().canvas().camera.zoom;
    let map = editor.app().map();
    let viewport = map.viewport;
    assert!(
        viewport.right() < 1280.0 - 200.0,
        "the inspector is open beside the map: {viewport:?}"
    );
    // At 100 % the last stages lie beyond the right edge, and a scroll bar says so.
    assert_eq!(map.column_rects().len(), 6);
    assert!(
        map.column_rects()
            .iter()
            .any(|c| !viewport.contains_rect(*c))
    );
    assert!(has(&editor, "Scroll the map across"));

    editor.click("Zoom to fit");
    let map = editor.app().map();
    assert!(map.zoom() < 1.0, "Fit zooms the map: {}", map.zoom());
    assert!(map.is_fitted());
    for column in map.column_rects() {
        assert!(
            map.viewport.contains_rect(column),
            "{column:?} in {:?}",
            map.viewport
        );
    }
    assert!(
        !has(&editor, "Scroll the map across"),
        "nothing more to see"
    );
    assert_eq!(
        editor.app().canvas().camera.zoom,
        canvas_zoom,
        "the canvas keeps its own zoom"
    );
    // The toolbar's percentage is the map's.
    let percent = format!("now {:.0}%", map.zoom() * 100.0);
    assert!(
        editor.harness.query_by_label_contains(&percent).is_some(),
        "no {percent:?}"
    );
    // Every step is still a cell, found by its name.
    assert!(has(&editor, "Step Owners' referrals"));
}

#[test]
fn a_fitted_map_stays_fitted_when_a_panel_takes_room_until_the_user_zooms() {
    let (mut editor, _dir, _) = tesla();
    show_map(&mut editor);
    editor.key(Key::F);
    let fitted = editor.app().map().zoom();
    assert!(fitted < 1.0);
    // The find panel opens at the left: the map is narrower, and every column still shows.
    let before = editor.app().map().viewport;
    editor.key_with(Modifiers::COMMAND, Key::F);
    assert!(editor.app().find().open);
    let after = editor.app().map().viewport;
    assert!(after.width() < before.width(), "{before:?} -> {after:?}");
    assert!(after.right() <= before.right(), "{before:?} -> {after:?}");
    let map = editor.app().map();
    assert!(map.zoom() < fitted, "{} vs {fitted}", map.zoom());
    for column in map.column_rects() {
        assert!(map.viewport.contains_rect(column));
    }
    // Zooming is the user's choice: the map no longer fits itself.
    editor.click("Zoom in");
    assert!(!editor.app().map().is_fitted());
}

#[test]
fn the_zoom_buttons_zoom_the_map_and_its_columns_with_it() {
    let (mut editor, _dir, _) = tesla();
    show_map(&mut editor);
    let canvas_zoom = editor.app().canvas().camera.zoom;
    let width = |editor: &Editor| editor.app().map().column_rects()[0].width();
    let at_100 = width(&editor);
    editor.click("Zoom in");
    assert!((editor.app().map().zoom() - 1.25).abs() < 1e-4);
    // The first column and lane stay put: the steps lane does not scroll away.
    assert_eq!(editor.app().map().view.offset, egui::Vec2::ZERO);
    assert!((width(&editor) - at_100 * 1.25).abs() < 0.01);
    editor.click("Zoom out");
    editor.click("Zoom out");
    assert!((editor.app().map().zoom() - 0.8).abs() < 1e-4);
    assert!((width(&editor) - at_100 * 0.8).abs() < 0.01);
    editor.key(Key::Num0);
    assert_eq!(editor.app().map().zoom(), 1.0);
    assert_eq!(editor.app().canvas().camera.zoom, canvas_zoom);
    // ctrl+scroll zooms at the pointer too.
    let cell = rect_of(&editor, "Step Order online").center();
    editor.harness.hover_at(cell);
    editor.harness.event(egui::Event::Zoom(1.5));
    editor.harness.run();
    assert!((editor.app().map().zoom() - 1.5).abs() < 1e-4);
}

#[test]
fn the_scroll_bar_drags_the_map_across() {
    let (mut editor, _dir, _) = tesla();
    show_map(&mut editor);
    assert_eq!(editor.app().map().view.offset.x, 0.0);
    assert!(
        !has(&editor, "Step Owners' referrals"),
        "off screen at first"
    );
    let bar = rect_of(&editor, "Scroll the map across");
    editor.drag(
        egui::pos2(bar.left() + 20.0, bar.center().y),
        egui::pos2(bar.right() + 50.0, bar.center().y),
    );
    let map = editor.app().map();
    assert!(map.view.offset.x > 0.0);
    let last = *map.column_rects().last().unwrap();
    assert!(
        (last.right() - map.viewport.right()).abs() < 1.0,
        "scrolled to the end: {last:?} in {:?}",
        map.viewport
    );
    assert!(has(&editor, "Step Owners' referrals"));
}
