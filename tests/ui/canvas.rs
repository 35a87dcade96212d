//! The canvas and the inspector: adding, renaming, moving, linking, deleting, navigating.

use egui::{Modifiers, pos2, vec2};
use egui_kittest::kittest::Queryable as _;
use journey_designer::model::{Desire, Stage};

use super::Editor;

#[test]
fn starts_with_the_service_loop_and_every_card_is_findable_by_title() {
    let editor = Editor::new();
    assert_eq!(editor.doc().steps().len(), 6);
    for title in [
        "Tell",
        "Buy",
        "Experience",
        "Care",
        "Delight",
        "Word of mouth",
    ] {
        assert!(editor.has_card(title), "card {title} not exposed");
    }
    assert!(!editor.app().is_dirty());
}

#[test]
fn toolbar_adds_a_step_of_that_stage_and_the_inspector_renames_it() {
    let mut editor = Editor::new();
    editor.click("+ Care");
    let doc = editor.doc();
    assert_eq!(doc.steps().len(), 7);
    let added = doc.steps().last().unwrap().clone();
    assert_eq!(added.stage, Stage::Care);
    assert_eq!(
        editor.app().selection().single_step(),
        Some(added.id.as_str())
    );

    editor.type_into("Title", "Refund in one click");
    assert_eq!(
        editor.doc().step(&added.id).unwrap().title,
        "Refund in one click"
    );
    assert!(editor.has_card("Refund in one click"));
    assert!(editor.app().is_dirty());
}

#[test]
fn dragging_a_card_moves_the_step_once_on_release() {
    let mut editor = Editor::new();
    let before = editor.doc().step("buy").unwrap().position;
    let zoom = editor.app().canvas().camera.zoom;
    let card = editor.card("Buy");
    editor.drag(card.center(), card.center() + vec2(100.0, 50.0));
    let after = editor.doc().step("buy").unwrap().position;
    let moved = [
        (after[0] - before[0]) as f32 * zoom,
        (after[1] - before[1]) as f32 * zoom,
    ];
    assert!(
        (moved[0] - 100.0).abs() < 1.5 && (moved[1] - 50.0).abs() < 1.5,
        "moved by {moved:?} screen points"
    );
    assert_eq!(editor.app().history().undo_label(), Some("Move step"));
    // Other steps stayed where they were.
    assert_eq!(editor.doc().step("tell").unwrap().position, [0.0, -280.0]);
}

#[test]
fn dragging_from_the_handle_onto_another_card_links_them() {
    let mut editor = Editor::new();
    let links_before = editor.doc().links().len();
    let tell = editor.card("Tell");
    let care = editor.card("Care");
    editor.drag(pos2(tell.right(), tell.center().y), care.center());
    let doc = editor.doc();
    assert_eq!(doc.links().len(), links_before + 1);
    assert!(doc.has_link_between("tell", "care"));

    // Linking the same pair again adds nothing and says why.
    editor.drag(pos2(tell.right(), tell.center().y), care.center());
    assert_eq!(editor.doc().links().len(), links_before + 1);
    assert!(editor.app().notice().unwrap().contains("already linked"));

    // A step cannot link to itself.
    editor.drag(pos2(tell.right(), tell.center().y), tell.center());
    assert_eq!(editor.doc().links().len(), links_before + 1);
    assert!(editor.app().notice().unwrap().contains("itself"));
}

#[test]
fn delete_removes_the_selected_step_and_its_links() {
    let mut editor = Editor::new();
    let card = editor.card("Care");
    editor.click_at(card.center(), Modifiers::NONE);
    assert_eq!(editor.app().selection().single_step(), Some("care"));
    editor.key(egui::Key::Delete);
    let doc = editor.doc();
    assert!(doc.step("care").is_none());
    assert!(
        doc.links()
            .iter()
            .all(|l| l.from != "care" && l.to != "care")
    );
    assert_eq!(doc.links().len(), 5);
    assert!(!editor.has_card("Care"));
}

#[test]
fn double_click_on_empty_canvas_adds_a_step_there() {
    let mut editor = Editor::new();
    let spot = editor.empty_spot();
    let camera = editor.app().canvas().camera;
    let viewport = editor.app().canvas().viewport;
    let expected = camera.canvas_from_screen(viewport, spot);
    editor.double_click_at(spot);
    let doc = editor.doc();
    assert_eq!(doc.steps().len(), 7);
    let added = doc.steps().last().unwrap();
    assert!((added.position[0] as f32 - expected.x).abs() < 0.5);
    assert!((added.position[1] as f32 - expected.y).abs() < 0.5);
}

#[test]
fn pan_and_zoom_change_the_view_not_the_document() {
    let mut editor = Editor::new();
    let doc_before = editor.doc().clone();
    let camera_before = editor.app().canvas().camera;
    let spot = editor.empty_spot();
    editor.drag(spot, spot + vec2(120.0, -40.0));
    let camera = editor.app().canvas().camera;
    assert_ne!(
        camera.center, camera_before.center,
        "dragging empty space pans"
    );

    editor.harness.hover_at(spot);
    editor.harness.event(egui::Event::Zoom(1.5));
    editor.harness.run();
    let zoomed = editor.app().canvas().camera;
    assert!(
        (zoomed.zoom / camera.zoom - 1.5).abs() < 0.01,
        "zoom {} → {}",
        camera.zoom,
        zoomed.zoom
    );

    editor.key(egui::Key::F);
    let fitted = editor.app().canvas().camera;
    assert_ne!(fitted.zoom, zoomed.zoom, "F fits the journey into view");

    assert_eq!(editor.doc(), &doc_before);
    assert!(!editor.app().is_dirty());
}

#[test]
fn clicking_a_link_selects_it_and_the_inspector_edits_its_label_and_rate() {
    let mut editor = Editor::new();
    // The link from Tell to Buy: click a point along it.
    let tell = editor.card("Tell");
    let buy = editor.card("Buy");
    let camera = editor.app().canvas().camera;
    let viewport = editor.app().canvas().viewport;
    // Find a point on the curve by probing around the straight midpoint.
    let mid = pos2(
        f32::midpoint(tell.right(), buy.left()),
        f32::midpoint(tell.center().y, buy.top()),
    );
    let mut hit = None;
    'search: for dy in -30..=30 {
        for dx in -30..=30 {
            let p = mid + vec2(dx as f32, dy as f32);
            editor.click_at(p, Modifiers::NONE);
            if editor.app().selection().link.is_some() {
                hit = Some(p);
                break 'search;
            }
        }
    }
    assert!(
        hit.is_some(),
        "no point near the Tell → Buy link selects it (zoom {}, viewport {viewport:?})",
        camera.zoom
    );
    assert_eq!(editor.app().selection().link.as_deref(), Some("tell-buy"));
    editor.type_into("Label", "ad click");
    assert_eq!(editor.doc().link("tell-buy").unwrap().label, "ad click");
    editor.click("Rate known");
    assert_eq!(editor.doc().link("tell-buy").unwrap().rate, Some(0.5));
}

#[test]
fn the_journey_panel_edits_the_marketing_frame() {
    let mut editor = Editor::new();
    editor.type_into(
        "Core narrative",
        "We help families enjoy meaningful holidays",
    );
    editor.type_into("External", "I need a car");
    editor.type_into("Internal", "I want to be an early adopter");
    editor.type_into("Philosophical", "My car should help save energy");
    editor.type_into("Who it is for", "Young families");
    editor.click("Happier");
    editor.click("Known");
    let doc = editor.doc();
    assert_eq!(
        doc.core_narrative,
        "We help families enjoy meaningful holidays"
    );
    assert_eq!(doc.problems.external, "I need a car");
    assert_eq!(doc.problems.internal, "I want to be an early adopter");
    assert_eq!(doc.problems.philosophical, "My car should help save energy");
    assert_eq!(doc.audience.description, "Young families");
    assert!(doc.audience.desires.contains(Desire::Happier));
    assert!(doc.audience.size.is_some());
}

#[test]
fn the_step_inspector_edits_stage_emotion_notes_and_lists() {
    let mut editor = Editor::new();
    let card = editor.card("Buy");
    editor.click_at(card.center(), Modifiers::NONE);
    editor.type_into("Notes", "Checkout in one page");
    // The template's buy step has one pain point already; the new one is the second.
    editor.click("+ Add pain point");
    editor.type_into("Pain points 2", "Hidden fees");
    editor
        .harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "Emotion")
        .focus();
    editor.harness.run();
    editor.key(egui::Key::ArrowLeft);
    let step = editor.doc().step("buy").unwrap();
    assert_eq!(step.notes, "Checkout in one page");
    assert_eq!(
        step.pain_points,
        ["hidden costs at checkout", "Hidden fees"]
    );
    assert_eq!(step.emotion.value(), -1);
}

#[test]
fn right_click_on_empty_canvas_adds_a_step_of_the_chosen_stage() {
    let mut editor = Editor::new();
    let spot = editor.empty_spot();
    editor.harness.hover_at(spot);
    for pressed in [true, false] {
        editor.harness.event(egui::Event::PointerButton {
            pos: spot,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    editor.harness.run();
    editor.click("Add Delight step");
    let doc = editor.doc();
    assert_eq!(doc.steps().len(), 7);
    assert_eq!(doc.steps().last().unwrap().stage, Stage::Delight);
}
