//! File ▸ Calibrate from events…: logs chosen in a scripted dialog, the fit in the background,
//! the review and its two edits (each undone), what a budget paid and what the fit could not
//! use, an unmapped event added to a step, skipped rows, Cancel, a malformed log, the canvas's
//! marks, and the inspector's events.

use super::*;
use egui_kittest::kittest::NodeT as _;

use journey_designer::app::dialogs::DialogAnswer;
use journey_designer::calibrate::sample::{self, LogFormat};
use journey_designer::model::{Link, Stage, Step};

/// Ad (tell, reaching 200 a period, keeping 20 %) → shop (buy) at `rate`, shop → use 0.8;
/// use keeps half. Ad's events are `ad_seen`, shop's `checkout_*`; use has none (its id).
fn shop(rate: f64) -> Document {
    let mut ad = Step::new("ad", Stage::Tell, "Ad", [0.0, 0.0]);
    ad.reach = Some(200.0);
    ad.stay = Some(0.2);
    ad.events = vec!["ad_seen".to_owned()].into();
    let mut shop = Step::new("shop", Stage::Buy, "Shop", [300.0, 0.0]);
    shop.events = vec!["checkout_*".to_owned()].into();
    let mut using = Step::new("use", Stage::Experience, "Use", [600.0, 0.0]);
    using.stay = Some(0.5);
    let mut buying = Link::new("ad-shop", "ad", "shop");
    buying.rate = Some(rate);
    let mut after = Link::new("shop-use", "shop", "use");
    after.rate = Some(0.8);
    let mut doc = Document::new("Shop");
    doc.set_steps_and_links(vec![ad, shop, using], vec![buying, after])
        .unwrap();
    doc
}

/// A log drawn from [`shop`] with a rate of 0.5 (about 2,000 people over 10 days), and
/// `extra` lines after it.
fn log(dir: &std::path::Path, extra: &str) -> PathBuf {
    let plan = sample::Plan::new(
        &shop(0.5),
        &sample::Options {
            people: None,
            seed: 1,
            ..sample::Options::new(1, 10)
        },
    )
    .unwrap();
    let mut text = Vec::new();
    plan.write(&mut text, LogFormat::Csv).unwrap();
    text.extend_from_slice(extra.as_bytes());
    let path = dir.join("log.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// The editor with [`shop`] at `rate` open from `dir`.
fn editor(dir: &std::path::Path, rate: f64) -> Editor {
    let path = dir.join("shop.json");
    journey_designer::format::save_file(&path, &shop(rate)).unwrap();
    Editor::with(tempfile::tempdir().unwrap(), Some(path))
}

/// Chooses `logs` in File ▸ Calibrate from events… and starts the fit with the form's
/// defaults (periods of a day).
fn calibrate(editor: &mut Editor, logs: Vec<PathBuf>) {
    editor.dialogs.answer(DialogAnswer::ChosenMany(logs));
    editor.menu("File", "Calibrate from events");
    editor.click("Calibrate");
}

/// What a screen reader says of a node: its name, else its value.
fn said(node: &egui_kittest::Node<'_>) -> String {
    let node = node.accesskit_node();
    node.label().or_else(|| node.value()).unwrap_or_default()
}

const ADD_SCENARIO: &str = "Add as scenario \"observed\"";

fn wait_for_review(editor: &mut Editor) {
    poll_until(&mut editor.harness, "the calibration's review", |h| {
        h.query_by_label(ADD_SCENARIO).is_some()
    });
}

#[test]
fn a_calibration_is_reviewed_added_as_the_scenario_observed_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let log = log(dir.path(), "");
    let mut editor = editor(dir.path(), 0.5);
    let before = journey_designer::format::to_string(editor.doc());
    calibrate(&mut editor, vec![log.clone()]);
    assert_eq!(
        editor.dialogs.requests().last().unwrap().kind,
        journey_designer::app::dialogs::DialogKind::Logs
    );
    wait_for_review(&mut editor);
    // Each number observed against drawn, read as one sentence per row.
    let row = editor
        .harness
        .get_by_label_contains("rate of \"ad-shop\": drawn 0.5, observed 0.");
    let text = said(&row);
    assert!(
        text.contains("95 % interval") && text.contains(" observations"),
        "{text}"
    );
    assert!(!text.contains("drawn outside"), "{text}");
    editor.click(ADD_SCENARIO);
    let scenario = editor
        .doc()
        .scenario("observed")
        .expect("the scenario observed");
    let (id, rate) = &scenario.links[0];
    assert_eq!(id, "ad-shop");
    let observed = rate.observed.as_ref().unwrap();
    assert!(observed.low < 0.5 && 0.5 < observed.high, "{observed:?}");
    assert!(observed.count > 1_000);
    // The review is done; the journey's own numbers are untouched.
    assert!(editor.harness.query_by_label(ADD_SCENARIO).is_none());
    assert_eq!(editor.doc().link("ad-shop").unwrap().rate, Some(0.5));
    editor.menu("Edit", "Undo");
    assert_eq!(journey_designer::format::to_string(editor.doc()), before);
}

#[test]
fn using_the_numbers_is_one_edit_and_the_canvas_marks_a_link_drawn_outside_what_was_observed() {
    let dir = tempfile::tempdir().unwrap();
    let log = log(dir.path(), "");
    // The journey says 10 % buy after the ad; the log shows about half.
    let mut editor = editor(dir.path(), 0.1);
    let before = journey_designer::format::to_string(editor.doc());
    calibrate(&mut editor, vec![log.clone()]);
    wait_for_review(&mut editor);
    let row = editor
        .harness
        .get_by_label_contains("rate of \"ad-shop\": drawn 0.1, observed 0.");
    assert!(said(&row).contains("drawn outside"), "{}", said(&row));
    editor.click(ADD_SCENARIO);
    // The scenario is ticked in the Simulation panel: shown, its marks are on the canvas.
    editor.menu("View", "Simulation panel");
    let mark = editor.harness.get_by_label_contains(
        "Ad to Shop: rate outside what the event log showed: drawn 0.1, observed 0.",
    );
    assert!(said(&mark).ends_with(" observations)"));
    // The link's node says it too.
    let link = editor
        .harness
        .get_by_role_and_label(Role::Link, "Ad to Shop");
    assert!(
        link.accesskit_node()
            .description()
            .unwrap()
            .contains("; rate outside what the event log showed: drawn 0.1")
    );
    // Untick the scenario: no mark.
    // The panel's "Compare" box (the charts' legends come after it).
    editor
        .harness
        .query_all_by_role_and_label(Role::CheckBox, "observed")
        .next()
        .unwrap()
        .click();
    editor.harness.run();
    assert!(
        editor
            .harness
            .query_by_label_contains("rate outside what the event log showed")
            .is_none()
    );
    // Use these numbers: the rate is the observed one, and one undo takes it back.
    editor.menu("Edit", "Undo");
    calibrate(&mut editor, vec![log]);
    wait_for_review(&mut editor);
    editor.click("Use these numbers");
    let rate = editor.doc().link("ad-shop").unwrap().rate.unwrap();
    assert!((0.4..0.6).contains(&rate), "{rate}");
    editor.menu("Edit", "Undo");
    assert_eq!(journey_designer::format::to_string(editor.doc()), before);
}

#[test]
fn clicking_an_unmapped_event_adds_it_to_the_selected_steps_events() {
    let dir = tempfile::tempdir().unwrap();
    let extra = "u900001,2025-01-03T10:00:00Z,coupon_used,\n".repeat(3);
    let log = log(dir.path(), &extra);
    let mut editor = editor(dir.path(), 0.5);
    let shop = editor.card("Shop");
    editor.click_at(shop.center(), egui::Modifiers::NONE);
    calibrate(&mut editor, vec![log]);
    wait_for_review(&mut editor);
    editor.click("Add the event coupon_used, seen 3 times");
    assert_eq!(
        editor.doc().step("shop").unwrap().events,
        ["checkout_*", "coupon_used"]
    );
    assert_eq!(
        editor.app().notice(),
        Some("Add the event \"coupon_used\" to \"Shop\". Undo takes it back.")
    );
    // The review stays open for more.
    assert!(editor.harness.query_by_label(ADD_SCENARIO).is_some());
    editor.menu("Edit", "Undo");
    assert_eq!(editor.doc().step("shop").unwrap().events, ["checkout_*"]);
}

#[test]
fn a_malformed_log_shows_its_located_error_and_leaves_the_journey_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.csv");
    std::fs::write(
        &path,
        "user_id,timestamp,event\nu1,2025-01-01T00:00:00Z,ad_seen\nu2,yesterday,ad_seen\n",
    )
    .unwrap();
    let mut editor = editor(dir.path(), 0.5);
    let before = journey_designer::format::to_string(editor.doc());
    calibrate(&mut editor, vec![path.clone()]);
    poll_until(&mut editor.harness, "the fit's error", |h| {
        h.query_by_label("The log could not be read").is_some()
    });
    let place = format!("{}:3:", path.display());
    let message = editor.harness.get_by_label_contains(&place);
    assert!(said(&message).contains("yesterday"));
    editor.click("Close");
    assert_eq!(journey_designer::format::to_string(editor.doc()), before);
    assert!(!editor.app().is_calibrating());
}

#[cfg(unix)]
#[test]
fn cancel_stops_the_fit_and_leaves_the_journey_as_it_was() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    // A pipe: the fit reads what the test writes, when it writes it.
    let pipe = dir.path().join("live.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let mut editor = editor(dir.path(), 0.5);
    let before = journey_designer::format::to_string(editor.doc());
    calibrate(&mut editor, vec![pipe.clone()]);
    assert!(
        editor
            .harness
            .query_by_role(Role::ProgressIndicator)
            .is_some()
    );
    editor.click("Cancel");
    // The fit sees the cancel at its next progress report: write enough rows for one.
    let writer = std::thread::spawn(move || {
        let mut file = std::fs::OpenOptions::new().write(true).open(&pipe).unwrap();
        let _ = writeln!(file, "user_id,timestamp,event");
        for i in 0..70_000 {
            if writeln!(file, "u{i},2025-01-01T00:00:00Z,ad_seen").is_err() {
                // The fit stopped reading: cancelled.
                break;
            }
        }
    });
    poll_until(&mut editor.harness, "the cancelled fit", |h| {
        !h.state().is_calibrating()
    });
    writer.join().unwrap();
    assert_eq!(
        editor.app().notice(),
        Some("Calibration cancelled; the journey is as it was.")
    );
    assert_eq!(journey_designer::format::to_string(editor.doc()), before);
}

#[test]
fn a_steps_events_are_added_refused_with_their_place_and_removed_in_the_inspector() {
    let dir = tempfile::tempdir().unwrap();
    let mut editor = editor(dir.path(), 0.5);
    let shop = editor.card("Shop");
    editor.click_at(shop.center(), egui::Modifiers::NONE);
    editor.type_into("New event", "paid");
    editor.click("+ Add event");
    assert_eq!(
        editor.doc().step("shop").unwrap().events,
        ["checkout_*", "paid"]
    );
    // A pattern the file would refuse is shown with its place and not applied.
    editor.type_into("Event 2", "paid**");
    editor
        .harness
        .get_by_label("event 2: write * once: ** is not a pattern");
    assert_eq!(
        editor.doc().step("shop").unwrap().events,
        ["checkout_*", "paid"]
    );
    editor.type_into("Event 2", "paid_*");
    assert_eq!(
        editor.doc().step("shop").unwrap().events,
        ["checkout_*", "paid_*"]
    );
    editor.click("Remove event 1: checkout_*");
    assert_eq!(editor.doc().step("shop").unwrap().events, ["paid_*"]);
    editor.menu("Edit", "Undo");
    assert_eq!(
        editor.doc().step("shop").unwrap().events,
        ["checkout_*", "paid_*"]
    );
}

#[test]
fn the_review_shows_what_a_budget_paid_the_purchases_credited_and_what_the_fit_could_not_use() {
    use journey_designer::model::{StepMoney, StepValue, builders};
    let dir = tempfile::tempdir().unwrap();
    // The shop with the ad on a budget of 200 a period at 1 per person reached (so it draws
    // the same 200 the log was sampled with), and the use step claiming the shop's events.
    let mut doc = shop(0.5);
    let budget = StepMoney {
        cost_per_reach: Some(1.0),
        budget: Some(200.0),
        ..StepMoney::default()
    };
    for edit in [
        builders::set_step("ad", StepValue::Money(budget)),
        builders::add_event(&doc, "use", "checkout_*").unwrap(),
    ] {
        let _undo = edit.apply(&mut doc).unwrap();
    }
    let journey = dir.path().join("budget.json");
    journey_designer::format::save_file(&journey, &doc).unwrap();
    // One person goes from the shop back to the ad, which no link does; one row is broken.
    let log = log(
        dir.path(),
        "zz,2025-01-02T12:00:00Z,checkout_x,\nzz,2025-01-03T12:00:00Z,ad_seen,\nbad,yesterday,ad_seen,\n",
    );
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(journey));
    editor
        .dialogs
        .answer(DialogAnswer::ChosenMany(vec![log.clone()]));
    editor.menu("File", "Calibrate from events");
    editor.click("Skip rows that cannot be read");
    editor.click("Calibrate");
    wait_for_review(&mut editor);
    let h = &editor.harness;
    let budget = said(&h.get_by_label_contains("\"Ad\" reaches "));
    assert!(
        budget.contains("on its marketing budget (200 as drawn)")
            && budget.contains("per person reached against 1 drawn"),
        "{budget}"
    );
    h.get_by_label("purchases credited");
    assert!(said(&h.get_by_label_contains("A newcomer buys with probability")).contains(" seen."));
    h.get_by_label("What the fit could not use");
    h.get_by_label_contains("Shop to Ad: 1 person");
    h.get_by_label("\"checkout_*\" is listed by Shop, Use; \"Shop\" gets its events.");
    h.get_by_label("Skipped 1 row:");
    let bad = said(&h.get_by_label_contains(&format!("{}:", log.display())));
    assert!(bad.contains("yesterday"), "{bad}");
    // Using the numbers gives the ad the cost per reach its budget paid, budget kept.
    let paid: f64 = budget
        .split(": ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    editor.click("Use these numbers");
    let ad = editor.doc().step("ad").unwrap();
    assert_eq!(ad.money.budget, Some(200.0));
    let cost = ad.money.cost_per_reach.unwrap();
    assert!(
        (cost - paid).abs() <= 0.01 * paid,
        "{cost} against {paid} shown"
    );
    assert!(cost != 1.0);
}
