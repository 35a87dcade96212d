//! Undo/redo, selection, clipboard, keyboard shortcuts and arranging.

use egui::{Event, Key, Modifiers, OutputCommand, pos2, vec2};
use egui_kittest::kittest::Queryable as _;
use journey_designer::model::Stage;
use journey_designer::ui::commands::{Command, Menu};
use strum::IntoEnumIterator as _;

use super::Editor;

fn selected(editor: &Editor) -> Vec<String> {
    editor.app().selection().steps.iter().cloned().collect()
}

fn select_only(editor: &mut Editor, title: &str) {
    let card = editor.card(title);
    editor.click_at(card.center(), Modifiers::NONE);
}

/// Selects the given cards with shift-clicks.
fn select(editor: &mut Editor, titles: &[&str]) {
    editor.key(Key::Escape);
    for title in titles {
        let card = editor.card(title);
        editor.click_at(card.center(), Modifiers::SHIFT);
    }
}

fn copied_text(editor: &Editor) -> Option<String> {
    editor
        .harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
}

#[test]
fn every_menu_shows_its_commands_and_help_lists_every_key() {
    let mut editor = Editor::new();
    // The menus the user sees are drawn from the command table; every command is in a menu
    // or has a key (checked on the table itself), and the app handles every command in one
    // exhaustive match.
    for menu in Menu::iter() {
        editor.click(menu.title());
        for command in menu.entries().into_iter().flatten() {
            let label = command.label();
            assert!(
                editor
                    .harness
                    .query_all_by_label_contains(label)
                    .next()
                    .is_some(),
                "menu {} does not show {label}",
                menu.title()
            );
        }
        editor.key(Key::Escape);
    }
    editor.key(Key::F1);
    for command in Command::all() {
        for shortcut in command.shortcuts() {
            let keys = editor.harness.ctx.format_shortcut(shortcut);
            assert!(
                editor.harness.query_all_by_label(&keys).next().is_some(),
                "Help does not list {keys} for {command:?}"
            );
        }
    }
}

#[test]
fn menu_entries_carry_the_shortcut_that_works() {
    // Chosen from the menu or pressed, Select all does the same.
    let mut editor = Editor::new();
    editor.menu("Edit", "Select all");
    let from_menu = selected(&editor);
    assert_eq!(from_menu.len(), editor.doc().steps().len());
    editor.key(Key::Escape);
    assert!(selected(&editor).is_empty());
    editor.key_with(Modifiers::COMMAND, Key::A);
    assert_eq!(selected(&editor), from_menu);
    // Redo's second shortcut works too.
    select_only(&mut editor, "Care");
    editor.key(Key::Delete);
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert!(editor.doc().step("care").is_some());
    editor.key_with(Modifiers::COMMAND, Key::Y);
    assert!(editor.doc().step("care").is_none(), "ctrl+Y redoes");
    editor.key_with(Modifiers::COMMAND, Key::Z);
    select_only(&mut editor, "Care");
    editor.key(Key::Backspace);
    assert!(editor.doc().step("care").is_none(), "Backspace deletes");
}

#[test]
fn the_undo_menu_names_the_action() {
    let mut editor = Editor::new();
    select(&mut editor, &["Tell", "Buy", "Care"]);
    let card = editor.card("Tell");
    editor.drag(card.center(), card.center() + vec2(40.0, 0.0));
    editor.click("Edit");
    assert!(
        editor
            .harness
            .query_by_label_contains("Undo Move 3 steps")
            .is_some()
    );
}

#[test]
fn undo_and_redo_of_every_kind_of_edit_round_trip_the_document() {
    let mut editor = Editor::new();
    let original = editor.doc().clone();
    // Add, rename, move, link, change stage, delete, paste, arrange.
    editor.click("+ Buy");
    editor.type_into("Title", "Upsell");
    editor.key(Key::Escape);
    let card = editor.card("Upsell");
    editor.drag(card.center(), card.center() + vec2(-80.0, 60.0));
    let upsell = editor.card("Upsell");
    let target = editor.card("Care");
    editor.drag(pos2(upsell.right(), upsell.center().y), target.center());
    select_only(&mut editor, "Delight");
    editor.harness.get_by_label("Stage").click();
    editor.harness.run();
    editor.choose("Word of mouth");
    assert_eq!(
        editor.doc().step("delight").unwrap().stage,
        Stage::WordOfMouth
    );
    select_only(&mut editor, "Experience");
    editor.key(Key::Delete);
    select_only(&mut editor, "Tell");
    editor.key_with(Modifiers::COMMAND, Key::D);
    editor.menu("Arrange", "Arrange as loop");
    let edited = editor.doc().clone();
    assert_ne!(edited, original);

    let mut undone = 0;
    while editor.app().history().undo_label().is_some() {
        editor.key_with(Modifiers::COMMAND, Key::Z);
        undone += 1;
        assert!(undone < 50, "undo does not end");
    }
    assert_eq!(
        editor.doc(),
        &original,
        "undoing everything restores the document exactly"
    );
    assert!(!editor.app().is_dirty());
    while editor.app().history().redo_label().is_some() {
        editor.key_with(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    }
    assert_eq!(
        editor.doc(),
        &edited,
        "redoing everything gives the edited document again"
    );
}

#[test]
fn a_whole_drag_is_one_undo_step() {
    let mut editor = Editor::new();
    let before = editor.doc().clone();
    let card = editor.card("Care");
    editor.drag(card.center(), card.center() + vec2(150.0, 90.0));
    assert_ne!(editor.doc(), &before);
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert_eq!(editor.doc(), &before);
}

#[test]
fn typing_in_a_field_is_one_undo_step() {
    let mut editor = Editor::new();
    select_only(&mut editor, "Buy");
    editor.harness.get_by_label("Title").focus();
    editor.harness.run();
    for c in ["!", "!", "!"] {
        editor.harness.get_by_label("Title").type_text(c);
        editor.harness.run();
    }
    assert_eq!(editor.doc().step("buy").unwrap().title, "Buy!!!");
    editor.key(Key::Escape);
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert_eq!(editor.doc().step("buy").unwrap().title, "Buy");
}

#[test]
fn box_select_picks_exactly_the_cards_inside() {
    let mut editor = Editor::new();
    let tell = editor.card("Tell");
    let buy = editor.card("Buy");
    let from = tell.min - vec2(10.0, 10.0);
    let to = buy.max + vec2(10.0, 10.0);
    editor.harness.hover_at(from);
    editor.harness.run();
    editor.harness.event_modifiers(
        Event::PointerButton {
            pos: from,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    editor.harness.run();
    for i in 1..=5 {
        editor.harness.event_modifiers(
            Event::PointerMoved(from + (to - from) * (i as f32 / 5.0)),
            Modifiers::SHIFT,
        );
        editor.harness.run();
    }
    editor.harness.event_modifiers(
        Event::PointerButton {
            pos: to,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    editor.harness.run();
    assert_eq!(selected(&editor), ["buy", "tell"]);
    assert!(!editor.app().is_dirty(), "selecting changes nothing");
}

#[test]
fn shift_click_toggles_ctrl_a_selects_all_and_escape_clears() {
    let mut editor = Editor::new();
    select(&mut editor, &["Tell", "Care"]);
    assert_eq!(selected(&editor), ["care", "tell"]);
    let tell = editor.card("Tell");
    editor.click_at(tell.center(), Modifiers::SHIFT);
    assert_eq!(selected(&editor), ["care"]);
    editor.key_with(Modifiers::COMMAND, Key::A);
    assert_eq!(selected(&editor).len(), 6);
    editor.key(Key::Escape);
    assert!(selected(&editor).is_empty());
}

#[test]
fn moving_deleting_and_changing_stage_apply_to_the_whole_selection_as_one_edit() {
    let mut editor = Editor::new();
    select(&mut editor, &["Tell", "Buy"]);
    editor.key(Key::ArrowRight);
    assert_eq!(editor.doc().step("tell").unwrap().position, [5.0, -280.0]);
    assert_eq!(editor.doc().step("buy").unwrap().position, [255.0, -140.0]);
    editor.key_with(Modifiers::SHIFT, Key::ArrowDown);
    assert_eq!(editor.doc().step("tell").unwrap().position, [5.0, -230.0]);
    assert_eq!(editor.app().history().undo_label(), Some("Move 2 steps"));

    editor.harness.get_by_label("Stage").click();
    editor.harness.run();
    editor.choose("Care");
    assert_eq!(editor.doc().step("tell").unwrap().stage, Stage::Care);
    assert_eq!(editor.doc().step("buy").unwrap().stage, Stage::Care);
    assert_eq!(
        editor.app().history().undo_label(),
        Some("Change stage of 2 steps")
    );

    editor.key(Key::Backspace);
    assert!(editor.doc().step("tell").is_none() && editor.doc().step("buy").is_none());
    editor.key_with(Modifiers::COMMAND, Key::Z);
    assert!(editor.doc().step("tell").is_some() && editor.doc().step("buy").is_some());
}

#[test]
fn copy_then_paste_makes_new_ids_and_keeps_the_links_among_the_copies() {
    let mut editor = Editor::new();
    select(&mut editor, &["Tell", "Buy"]);
    editor.harness.event(Event::Copy);
    editor.harness.step();
    let text = copied_text(&editor).expect("the selection went to the clipboard");
    editor.harness.run();
    assert!(text.contains("\"format\": \"journey-designer\""));
    let spot = editor.empty_spot();
    editor.harness.hover_at(spot);
    editor.harness.event(Event::Paste(text));
    editor.harness.run();
    let doc = editor.doc();
    assert_eq!(doc.steps().len(), 8);
    let pasted = selected(&editor);
    assert_eq!(pasted.len(), 2);
    assert!(
        pasted.iter().all(|id| id != "tell" && id != "buy"),
        "{pasted:?}"
    );
    let (a, b) = (&pasted[0], &pasted[1]);
    assert!(
        doc.has_link_between(a, b) || doc.has_link_between(b, a),
        "the copied link joins the copies"
    );
    // Only the link among the copied steps was copied.
    assert_eq!(doc.links().len(), 8);
    // They landed at the pointer.
    let camera = editor.app().canvas().camera;
    let viewport = editor.app().canvas().viewport;
    let at = camera.canvas_from_screen(viewport, spot);
    let centre = pasted
        .iter()
        .map(|id| doc.step(id).unwrap().position)
        .fold([0.0, 0.0], |acc, p| {
            [acc[0] + p[0] / 2.0, acc[1] + p[1] / 2.0]
        });
    assert!(
        (centre[0] as f32 - at.x).abs() < 100.0 && (centre[1] as f32 - at.y).abs() < 100.0,
        "{centre:?} vs {at:?}"
    );
}

#[test]
fn cut_removes_and_paste_brings_back_with_fresh_ids() {
    let mut editor = Editor::new();
    select(&mut editor, &["Care"]);
    editor.harness.event(Event::Cut);
    editor.harness.step();
    let text = copied_text(&editor).unwrap();
    editor.harness.run();
    assert!(editor.doc().step("care").is_none());
    editor.harness.event(Event::Paste(text));
    editor.harness.run();
    assert_eq!(editor.doc().steps().len(), 6);
    assert!(editor.doc().steps().iter().any(|s| s.title == "Care"));
}

#[test]
fn pasting_text_that_is_not_ours_changes_nothing_and_says_why() {
    let mut editor = Editor::new();
    let before = editor.doc().clone();
    for foreign in ["hello", "{\"format\":\"other\"}", "[1,2,3]", ""] {
        editor.harness.event(Event::Paste(foreign.to_owned()));
        editor.harness.run();
        assert_eq!(editor.doc(), &before, "pasting {foreign:?}");
    }
    assert!(
        editor
            .app()
            .notice()
            .unwrap()
            .contains("nothing was pasted")
    );
    assert!(!editor.app().is_dirty());
}

#[test]
fn duplicate_offsets_the_copies() {
    let mut editor = Editor::new();
    select_only(&mut editor, "Care");
    editor.key_with(Modifiers::COMMAND, Key::D);
    let doc = editor.doc();
    assert_eq!(doc.steps().len(), 7);
    let copy = doc.steps().last().unwrap();
    assert_eq!(copy.title, "Care");
    assert_ne!(copy.id, "care");
    assert_eq!(copy.position, [30.0, 310.0]);
}

#[test]
fn alt_arrows_walk_the_steps_and_enter_edits_the_title() {
    let mut editor = Editor::new();
    editor.key(Key::Escape);
    editor.key_with(Modifiers::ALT, Key::ArrowDown);
    assert_eq!(selected(&editor), ["tell"]);
    editor.key_with(Modifiers::ALT, Key::ArrowDown);
    assert_eq!(selected(&editor), ["buy"]);
    editor.key_with(Modifiers::ALT, Key::ArrowUp);
    assert_eq!(selected(&editor), ["tell"]);
    // Walking does not move the steps (plain arrows nudge them).
    assert_eq!(editor.doc().step("tell").unwrap().position, {
        let fresh = Editor::new();
        fresh.doc().step("tell").unwrap().position
    });
    // From nothing, alt+↑ starts at the end: the last link, after the steps.
    editor.key(Key::Escape);
    editor.key_with(Modifiers::ALT, Key::ArrowUp);
    let last_link = editor.doc().links().last().unwrap().id.clone();
    assert_eq!(
        editor.app().selection().link.as_deref(),
        Some(last_link.as_str())
    );
    editor.key_with(Modifiers::ALT, Key::ArrowDown);
    assert_eq!(selected(&editor), ["tell"]);
    editor.key(Key::Enter);
    assert!(editor.harness.get_by_label("Title").is_focused());
    editor
        .harness
        .key_press_modifiers(Modifiers::COMMAND, Key::A);
    editor
        .harness
        .get_by_label("Title")
        .type_text("Launch post");
    editor.harness.run();
    assert_eq!(editor.doc().step("tell").unwrap().title, "Launch post");
    // While typing, plain keys go to the field, not to the canvas.
    editor.harness.get_by_label("Title").type_text("f");
    editor.harness.run();
    editor.key(Key::Delete);
    assert!(editor.doc().step("tell").is_some());
}

#[test]
fn zoom_keys_and_snap() {
    let mut editor = Editor::new();
    editor.key(Key::Num0);
    assert!((editor.app().canvas().camera.zoom - 1.0).abs() < 1e-4);
    editor.key(Key::Plus);
    assert!((editor.app().canvas().camera.zoom - 1.25).abs() < 1e-4);
    editor.key(Key::Minus);
    editor.key(Key::Minus);
    assert!((editor.app().canvas().camera.zoom - 0.8).abs() < 1e-4);
    editor.key(Key::G);
    assert!(editor.app().view_settings().snap);
    select_only(&mut editor, "Buy");
    let card = editor.card("Buy");
    editor.drag(card.center(), card.center() + vec2(13.0, 7.0));
    let p = editor.doc().step("buy").unwrap().position;
    assert!(
        p[0] % 20.0 == 0.0 && p[1] % 20.0 == 0.0,
        "{p:?} is on the grid"
    );
}

#[test]
fn align_and_distribute_the_selection() {
    let mut editor = Editor::new();
    select(&mut editor, &["Word of mouth", "Tell", "Buy"]);
    editor.menu("Arrange", "Align top");
    let ys: Vec<f64> = ["word_of_mouth", "tell", "buy"]
        .iter()
        .map(|id| editor.doc().step(id).unwrap().position[1])
        .collect();
    assert_eq!(ys, [-280.0, -280.0, -280.0]);
    editor.menu("Arrange", "Distribute horizontally");
    let xs: Vec<f64> = ["word_of_mouth", "tell", "buy"]
        .iter()
        .map(|id| editor.doc().step(id).unwrap().position[0])
        .collect();
    assert_eq!(xs, [-250.0, 0.0, 250.0]);
}

#[test]
fn arrange_as_loop_puts_tell_at_the_top_in_stage_order() {
    let mut editor = Editor::new();
    // Scramble: move Tell to the bottom right.
    let card = editor.card("Tell");
    editor.drag(card.center(), card.center() + vec2(300.0, 400.0));
    editor.key(Key::Escape);
    editor.menu("Arrange", "Arrange as loop");
    let doc = editor.doc();
    let tell = doc.step("tell").unwrap().position;
    assert!(
        doc.steps().iter().all(|s| s.position[1] >= tell[1]),
        "tell is at the top"
    );
    // Going round clockwise from tell: buy and experience on the right, delight and word of
    // mouth on the left.
    assert!(doc.step("buy").unwrap().position[0] > tell[0]);
    assert!(doc.step("experience").unwrap().position[0] > tell[0]);
    assert!(doc.step("delight").unwrap().position[0] < tell[0]);
    assert!(doc.step("word_of_mouth").unwrap().position[0] < tell[0]);
    assert!(doc.step("care").unwrap().position[1] > doc.step("experience").unwrap().position[1]);
}

#[test]
fn ctrl_c_and_the_paste_menu_entry_use_the_same_clipboard() {
    let mut editor = Editor::new();
    select_only(&mut editor, "Delight");
    editor.key_with(Modifiers::COMMAND, Key::C);
    assert!(
        editor
            .app()
            .notice()
            .is_some_and(|n| n.contains("Copied 1 step"))
    );
    editor.menu("Edit", "Paste");
    assert_eq!(editor.doc().steps().len(), 7);
    assert_eq!(
        editor
            .doc()
            .steps()
            .iter()
            .filter(|s| s.title == "Delight")
            .count(),
        2
    );
}

#[test]
fn arrows_nudge_every_way_and_snapping_nudges_by_the_grid() {
    let mut editor = Editor::new();
    select_only(&mut editor, "Care");
    for key in [Key::ArrowLeft, Key::ArrowUp] {
        editor.key(key);
    }
    assert_eq!(editor.doc().step("care").unwrap().position, [-5.0, 275.0]);
    editor.key_with(Modifiers::SHIFT, Key::ArrowLeft);
    editor.key_with(Modifiers::SHIFT, Key::ArrowUp);
    assert_eq!(editor.doc().step("care").unwrap().position, [-55.0, 225.0]);
    editor.key(Key::G);
    editor.key(Key::ArrowRight);
    assert_eq!(editor.doc().step("care").unwrap().position, [-35.0, 225.0]);
    editor.key(Key::ArrowDown);
    assert_eq!(editor.doc().step("care").unwrap().position, [-35.0, 245.0]);
    editor.key_with(Modifiers::SHIFT, Key::ArrowDown);
    editor.key_with(Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(editor.doc().step("care").unwrap().position, [165.0, 445.0]);
}

#[test]
fn changing_to_the_same_stage_is_not_an_undo_step() {
    let mut editor = Editor::new();
    select(&mut editor, &["Tell"]);
    editor.harness.get_by_label("Stage").click();
    editor.harness.run();
    editor.choose("Tell");
    assert!(!editor.app().is_dirty());
    assert_eq!(editor.app().history().undo_label(), None);
}

#[test]
fn ctrl_q_closes_a_saved_journey_at_once() {
    let mut editor = Editor::new();
    editor.key_with(Modifiers::COMMAND, Key::Q);
    assert!(editor.app().is_closing());
}
