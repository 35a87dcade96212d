//! What a screen reader finds, read from the accessibility tree the app builds: links as
//! nodes, cards described, menu entries named by their command, "Remove" buttons that say
//! which item, and the audience size field named by what it is.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use journey_designer::format;
use journey_designer::model::{Document, Emotion, Link, Stage, Step};

use super::Editor;

/// Two steps joined by a labelled link with a rate.
fn open_pair() -> (Editor, tempfile::TempDir) {
    let mut doc = Document::new("Pair");
    let mut ad = Step::new("ad", Stage::Tell, "Sees an ad", [0.0, 0.0]);
    ad.emotion = Emotion::new(1).unwrap();
    ad.notes = format!(
        "Scrolling on the train home. {}",
        "More detail. ".repeat(20)
    );
    ad.channels = vec!["social media".into(), "posters".into()];
    let buy = Step::new("buy", Stage::Buy, "Signs up", [400.0, 0.0]);
    let mut link = Link::new("ad-buy", "ad", "buy");
    link.label = "clicks through".into();
    link.rate = Some(0.4);
    doc.set_steps_and_links(vec![ad, buy], vec![link]).unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("pair.json");
    format::save_file(&path, &doc).unwrap();
    (
        Editor::with(tempfile::tempdir().unwrap(), Some(path)),
        files,
    )
}

#[test]
fn a_link_is_a_node_named_by_its_label_describing_its_ends_and_rate_and_selectable() {
    let (mut editor, _files) = open_pair();
    let link = editor
        .harness
        .get_by_role_and_label(Role::Link, "clicks through");
    assert_eq!(
        link.accesskit_node().description().as_deref(),
        Some("from Sees an ad to Signs up, 40 % move on")
    );
    assert_eq!(link.accesskit_node().is_selected(), Some(false));
    // A screen reader's click selects it.
    link.click();
    editor.harness.run();
    assert!(editor.app().selection().has_link("ad-buy"));
    let link = editor
        .harness
        .get_by_role_and_label(Role::Link, "clicks through");
    assert_eq!(link.accesskit_node().is_selected(), Some(true));
}

#[test]
fn a_card_is_described_by_its_stage_emotion_and_the_start_of_its_notes() {
    let (editor, _files) = open_pair();
    let card = editor
        .harness
        .get_by_role_and_label(Role::Button, "Sees an ad");
    let description = card.accesskit_node().description().expect("a description");
    assert!(
        description.starts_with(
            "Tell step, customer feels: happy; notes: Scrolling on the train home. More detail."
        ),
        "{description}"
    );
    // Only the start of long notes, marked as cut.
    assert!(description.ends_with('…'), "{description}");
    assert!(description.chars().count() < 160, "{description}");
}

#[test]
fn menu_entries_are_named_by_their_command_with_the_shortcut_apart() {
    let mut editor = Editor::new();
    editor.harness.get_by_label("File").click();
    editor.harness.run();
    let new = editor.harness.get_by_role_and_label(Role::MenuItem, "New");
    assert_eq!(
        new.accesskit_node().data().keyboard_shortcut(),
        Some("Ctrl+N")
    );
    let names: Vec<String> = editor
        .harness
        .query_all_by_role(Role::MenuItem)
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert!(names.len() >= 5, "{names:?}");
    for name in &names {
        assert!(!name.contains("Ctrl+"), "a shortcut in the name: {name:?}");
    }
    // Entries without a shortcut have none.
    let shortcuts: Vec<Option<String>> = editor
        .harness
        .query_all_by_role(Role::MenuItem)
        .map(|n| {
            n.accesskit_node()
                .data()
                .keyboard_shortcut()
                .map(str::to_owned)
        })
        .collect();
    assert!(shortcuts.iter().any(Option::is_some), "{shortcuts:?}");
}

#[test]
fn every_remove_button_says_which_item_it_removes() {
    let (mut editor, _files) = open_pair();
    editor.click("Sees an ad");
    let first = editor
        .harness
        .get_by_label("Remove channel 1: social media");
    assert_eq!(first.accesskit_node().role(), Role::Button);
    editor.harness.get_by_label("Remove channel 2: posters");
    editor
        .harness
        .get_by_label("Remove channel 2: posters")
        .click();
    editor.harness.run();
    assert_eq!(editor.doc().step("ad").unwrap().channels, ["social media"]);
}

#[test]
fn the_audience_size_field_is_named_and_has_a_sane_maximum() {
    let mut editor = Editor::new();
    editor.click("Known");
    let field = editor.harness.get_by_label("Audience size");
    assert_eq!(
        field.accesskit_node().description().as_deref(),
        Some("people; big enough to sustain the business")
    );
    assert_eq!(field.accesskit_node().max_numeric_value(), Some(1e10));
    assert_eq!(field.accesskit_node().numeric_value(), Some(1000.0));
    assert!(editor.app().is_dirty());
}

#[test]
fn an_audience_larger_than_the_fields_maximum_is_kept_as_it_is() {
    let mut doc = Document::new("Everyone");
    doc.audience.size = Some(20_000_000_000_000);
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("everyone.json");
    format::save_file(&path, &doc).unwrap();
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path));
    editor.harness.run();
    editor.harness.get_by_label("Audience size");
    assert_eq!(editor.doc().audience.size, Some(20_000_000_000_000));
    assert!(!editor.app().is_dirty());
}

#[test]
fn the_window_and_its_panels_are_named() {
    let (mut editor, _files) = open_pair();
    let root = editor.harness.root();
    assert_eq!(
        root.accesskit_node().label().as_deref(),
        Some("pair.json — Journey Designer")
    );
    for (role, name) in [
        (Role::MenuBar, "Menu bar"),
        (Role::Toolbar, "Toolbar"),
        (Role::Status, "Status bar"),
        (Role::Pane, "Inspector"),
        (Role::Pane, "Journey map"),
    ] {
        let region = editor.harness.get_by_role_and_label(role, name);
        // Each region holds its widgets: the menus, the add buttons, the canvas, the fields.
        assert!(
            region.accesskit_node().children().next().is_some(),
            "{name} is empty"
        );
    }
    let toolbar = editor
        .harness
        .get_by_role_and_label(Role::Toolbar, "Toolbar");
    toolbar.get_by_label("+ Tell");
    let map = editor
        .harness
        .get_by_role_and_label(Role::Pane, "Journey map");
    map.get_by_role_and_label(Role::Canvas, "Journey canvas");
    // Unsaved changes are said, not drawn as a mark in the name.
    editor.click("+ Tell");
    let root = editor.harness.root();
    assert_eq!(
        root.accesskit_node().label().as_deref(),
        Some("pair.json — Journey Designer")
    );
    assert_eq!(
        root.accesskit_node().description().as_deref(),
        Some("unsaved changes")
    );
}

#[test]
fn the_hints_under_fields_are_their_descriptions() {
    let (mut editor, _files) = open_pair();
    // The problem fields of the journey.
    let external = editor.harness.get_by_label("External");
    let description = external
        .accesskit_node()
        .description()
        .expect("a description");
    assert!(
        description.starts_with("The physical need"),
        "{description}"
    );
    // The hint is not read a second time as a label of its own.
    assert!(
        editor
            .harness
            .query_by(|n| n.label().is_some_and(|l| l == description) && !n.is_hidden())
            .is_none()
    );
    let narrative = editor.harness.get_by_label("Core narrative");
    assert!(
        narrative
            .accesskit_node()
            .description()
            .is_some_and(|d| d.starts_with("The change you make")),
    );
    // A step's stage choice is described by what the stage means.
    editor.click("Sees an ad");
    let stage = editor
        .harness
        .get_by(|n| n.role() == Role::ComboBox && n.description().is_some());
    let description = stage.accesskit_node().description().unwrap();
    assert_eq!(description, Stage::Tell.description());
}

#[test]
fn walking_the_selection_reaches_the_links_after_the_steps() {
    let (mut editor, _files) = open_pair();
    editor.key(egui::Key::Escape);
    assert_eq!(editor.walk(4), ["ad", "buy", "ad-buy", "ad"]);
    editor.key_with(egui::Modifiers::ALT, egui::Key::ArrowUp);
    assert_eq!(editor.app().selection().link.as_deref(), Some("ad-buy"));
    let link = editor
        .harness
        .get_by_role_and_label(Role::Link, "clicks through");
    assert_eq!(link.accesskit_node().is_selected(), Some(true));
}

/// The label of the node a screen reader has focus on.
#[expect(
    clippy::redundant_closure_for_method_calls,
    reason = "the method path is not general over the node's lifetime"
)]
fn focused(editor: &Editor) -> Option<String> {
    editor
        .harness
        .query_by(|n| n.is_focused())
        .and_then(|n| n.accesskit_node().label())
}

#[test]
fn the_selected_card_or_link_has_the_keyboard_focus_and_keeps_the_canvas_keys() {
    let (mut editor, _files) = open_pair();
    editor.key(egui::Key::Escape);
    editor.key_with(egui::Modifiers::ALT, egui::Key::ArrowDown);
    assert_eq!(focused(&editor).as_deref(), Some("Sees an ad"));
    // The canvas's keys still work with a card focused: an arrow moves the card and keeps
    // the focus where it is.
    let before = editor.doc().step("ad").unwrap().position;
    editor.key(egui::Key::ArrowRight);
    assert!(editor.doc().step("ad").unwrap().position[0] > before[0]);
    assert_eq!(focused(&editor).as_deref(), Some("Sees an ad"));
    editor.key_with(egui::Modifiers::ALT, egui::Key::ArrowDown);
    assert_eq!(focused(&editor).as_deref(), Some("Signs up"));
    editor.key_with(egui::Modifiers::ALT, egui::Key::ArrowDown);
    assert_eq!(focused(&editor).as_deref(), Some("clicks through"));
    // Clicking a card gives it the focus too.
    editor.click("Signs up");
    assert_eq!(focused(&editor).as_deref(), Some("Signs up"));
    // Delete works on the focused card.
    editor.key(egui::Key::Delete);
    assert!(editor.doc().step("buy").is_none());
    assert_ne!(focused(&editor).as_deref(), Some("Signs up"));
}

#[test]
fn tab_goes_from_the_focused_card_to_the_inspector_and_shift_tab_comes_back_to_it() {
    let (mut editor, _files) = open_pair();
    editor.click("Signs up");
    assert_eq!(focused(&editor).as_deref(), Some("Signs up"));
    editor.key(egui::Key::Tab);
    assert_eq!(focused(&editor).as_deref(), Some("Title"));
    editor.key_with(egui::Modifiers::SHIFT, egui::Key::Tab);
    assert_eq!(focused(&editor).as_deref(), Some("Signs up"));
    // Tab through every inspector field comes back round to the canvas and its card.
    editor.key(egui::Key::Tab);
    let mut back = false;
    for _ in 0..200 {
        editor.key(egui::Key::Tab);
        if focused(&editor).as_deref() == Some("Signs up") {
            back = true;
            break;
        }
    }
    assert!(back, "Tab never came back to the card");
}

#[test]
fn an_unlabelled_link_is_named_by_the_steps_it_joins() {
    let (mut editor, _files) = open_pair();
    editor.click("clicks through");
    editor.type_into("Label", "x");
    editor.key(egui::Key::Backspace);
    assert_eq!(editor.doc().link("ad-buy").unwrap().label, "");
    editor
        .harness
        .get_by_role_and_label(Role::Link, "Sees an ad to Signs up");
}

#[test]
fn check_box_and_radio_menu_entries_carry_their_shortcut() {
    let mut editor = Editor::new();
    editor.harness.get_by_label("View").click();
    editor.harness.run();
    let shortcuts: Vec<(Role, String)> = editor
        .harness
        .query_all_by(|n| matches!(n.role(), Role::CheckBox | Role::RadioButton))
        .filter_map(|n| {
            let node = n.accesskit_node();
            Some((node.role(), node.data().keyboard_shortcut()?.to_owned()))
        })
        .collect();
    assert!(
        shortcuts.iter().any(|(role, _)| *role == Role::CheckBox),
        "{shortcuts:?}"
    );
    assert!(
        shortcuts.iter().any(|(role, _)| *role == Role::RadioButton),
        "{shortcuts:?}"
    );
}

#[test]
fn closing_a_dialog_gives_the_keyboard_back_to_the_selected_card() {
    let (mut editor, _files) = open_pair();
    editor.click("Signs up");
    assert_eq!(focused(&editor).as_deref(), Some("Signs up"));
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::B);
    assert_eq!(focused(&editor).as_deref(), Some("Bookmark name"));
    editor.click("Cancel");
    assert_eq!(focused(&editor).as_deref(), Some("Signs up"));
}
