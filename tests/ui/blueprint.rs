//! Behind the line of visibility, through the real app: blueprint items added in the map's
//! cells with the lines between the lanes, a fail point on the card's description, a metric
//! off its target read by its gap, an opportunity promoted, scored, given a change and valued
//! by the simulation, the opportunities view sorted and selecting, the to-be curve, and the
//! to-be scenario in the Simulation panel.

use super::*;
use egui_kittest::kittest::NodeT as _;
use journey_designer::layout::map::BlueprintLine;
use journey_designer::model::{
    Emotion, Lane, Link, Metric, Opportunity, Scenario, Stage, Step, ToBe,
};
use journey_designer::ui::view::ViewKind;

/// An editor with `doc` saved in a temporary folder and opened.
fn open(doc: &Document) -> (Editor, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journey.json");
    journey_designer::format::save_file(&path, doc).unwrap();
    let editor = Editor::with(tempfile::tempdir().unwrap(), Some(path));
    (editor, dir)
}

/// A hotel stay: booking, checking in at the desk, the room.
fn hotel() -> Document {
    let mut doc = Document::new("Hotel stay");
    doc.set_steps_and_links(
        vec![
            Step::new("book", Stage::Buy, "Book a room", [0.0, 0.0]),
            Step::new("desk", Stage::Experience, "Check in", [300.0, 0.0]),
            Step::new("room", Stage::Experience, "Room", [600.0, 0.0]),
        ],
        vec![Link::new("book-desk", "book", "desk")],
    )
    .unwrap();
    doc
}

/// An ad reaching 100 people a period of whom a tenth go on to pay; the ad's notes hold an
/// idea to promote.
fn ad_and_checkout() -> Document {
    let mut doc = Document::new("Ad");
    let mut ad = Step::new("ad", Stage::Tell, "Ad", [0.0, 0.0]);
    ad.reach = Some(100.0);
    ad.opportunities = vec!["Clearer ad".into()];
    let pay = Step::new("pay", Stage::Buy, "Pay", [300.0, 0.0]);
    let mut link = Link::new("ad-pay", "ad", "pay");
    link.rate = Some(0.1);
    doc.set_steps_and_links(vec![ad, pay], vec![link]).unwrap();
    doc
}

fn has(editor: &Editor, label: &str) -> bool {
    editor.harness.query_all_by_label(label).next().is_some()
}

#[test]
fn blueprint_items_added_in_the_maps_cells_with_the_lines_between_their_lanes() {
    let (mut editor, _dir) = open(&hotel());
    editor.menu("View", "Blueprint lanes");
    assert_eq!(editor.app().view(), ViewKind::Map);
    let doc = editor.doc();
    assert_eq!(
        Lane::shown(&doc.view.lanes, &doc.view.hidden_lanes),
        Lane::BLUEPRINT,
        "only the blueprint's lanes, in its order"
    );
    for (lane, noun, text) in [
        ("Frontstage", "frontstage action", "Greets the guest"),
        ("Backstage", "backstage action", "Prints the key card"),
    ] {
        editor.click(&format!("{lane} of Check in"));
        editor.click(&format!("Add {noun} to Check in"));
        editor.type_into(&format!("{} 1 of Check in", capitalised(noun)), text);
        editor.key(egui::Key::Escape);
    }
    let desk = editor.doc().step("desk").unwrap();
    assert_eq!(desk.frontstage, ["Greets the guest"]);
    assert_eq!(desk.backstage, ["Prints the key card"]);
    // The three lines run along the tops of the frontstage, backstage and support lanes.
    let map = editor.app().map();
    let top = |lane| map.lane_top_on_screen(lane).unwrap();
    assert_eq!(
        map.lines_on_screen(),
        [
            (BlueprintLine::Interaction, top(Lane::Frontstage)),
            (BlueprintLine::Visibility, top(Lane::Backstage)),
            (BlueprintLine::InternalInteraction, top(Lane::Support)),
        ]
    );
    for label in [
        "Line of interaction",
        "Line of visibility",
        "Line of internal interaction",
    ] {
        assert!(has(&editor, label), "{label}");
    }
    // Hiding the frontstage lane puts two lines together, above backstage.
    editor.click("Lanes");
    editor.click("Frontstage");
    editor.key(egui::Key::Escape);
    let map = editor.app().map();
    let backstage = map.lane_top_on_screen(Lane::Backstage).unwrap();
    assert_eq!(
        &map.lines_on_screen()[..2],
        [
            (BlueprintLine::Interaction, backstage),
            (BlueprintLine::Visibility, backstage),
        ]
    );
    assert!(has(&editor, "Line of interaction · Line of visibility"));
    // All lanes again: the blueprint's lanes keep their order, the others follow.
    editor.menu("View", "All lanes");
    assert!(editor.doc().view.hidden_lanes.is_empty());
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[test]
fn a_fail_point_marked_in_the_inspector_is_on_the_cards_description_and_the_map() {
    let (mut editor, _dir) = open(&hotel());
    editor.click_at(editor.card("Check in").center(), egui::Modifiers::NONE);
    assert_eq!(editor.app().selection().single_step(), Some("desk"));
    editor.click("Fail point");
    editor.type_into("What goes wrong", "The booking is not found");
    editor.key(egui::Key::Escape);
    let fail = editor.doc().step("desk").unwrap().fail_point.clone();
    assert_eq!(
        fail.map(|f| f.note),
        Some("The booking is not found".to_owned())
    );
    let card = editor
        .harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Check in");
    let description = card.accesskit_node().description().unwrap();
    assert!(
        description.ends_with("; fail point: The booking is not found"),
        "{description}"
    );
    // The map's step cell says it too.
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Num2);
    let cell = editor.harness.get_by_label("Step Check in");
    assert_eq!(
        cell.accesskit_node().description().as_deref(),
        Some("fail point: The booking is not found")
    );
    // Undo takes the note, then the mark.
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Z);
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(editor.doc().step("desk").unwrap().fail_point, None);
}

/// Types `text` into the number field labelled `label` and presses Enter.
fn type_number(editor: &mut Editor, label: &str, text: &str) {
    editor.harness.get_by_label(label).focus();
    editor.harness.run();
    editor
        .harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    editor.harness.get_by_label(label).type_text(text);
    editor.harness.run();
    editor.key(egui::Key::Enter);
}

#[test]
fn a_metric_off_its_target_reads_its_gap_in_the_map_and_on_the_card() {
    let (mut editor, _dir) = open(&hotel());
    editor.click_at(editor.card("Check in").center(), egui::Modifiers::NONE);
    editor.click("+ Add metric");
    editor.type_into("Metric 1 name", "CSAT");
    editor.key(egui::Key::Escape);
    editor.click_at(editor.card("Check in").center(), egui::Modifiers::NONE);
    editor.click("Value");
    editor.click("Target");
    type_number(&mut editor, "Metric 1 value", "3.6");
    type_number(&mut editor, "Metric 1 target", "4.5");
    let metric = editor.doc().step("desk").unwrap().metrics[0].clone();
    assert_eq!(
        (metric.name.as_str(), metric.value, metric.target),
        ("CSAT", Some(3.6), Some(4.5))
    );
    let gap = "CSAT is 3.6, 0.9 below its target of 4.5";
    assert!(has(&editor, gap), "the inspector says the gap");
    let card = editor
        .harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Check in");
    let description = card.accesskit_node().description().unwrap();
    assert!(description.ends_with(&format!("; {gap}")), "{description}");
    // The metrics lane names the row by its gap for a screen reader.
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Num2);
    let cell = editor.harness.get_by_label("Metrics of Check in").rect();
    assert!(
        editor
            .harness
            .query_all_by_label(gap)
            .any(|row| cell.contains(row.rect().center())),
        "the step's metrics cell names its row by the gap"
    );
}

#[test]
fn the_metrics_lane_shows_the_simulations_figures_beside_the_measured_ones() {
    let (mut editor, _dir) = open(&ad_and_checkout());
    editor.menu("View", "Simulation panel");
    poll_until(&mut editor.harness, "the simulation's result", |h| {
        h.state().simulation().is_current(h.state().document())
    });
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Num2);
    // Over 52 periods the ad sends a tenth of its 100 people on in each of periods 2…52
    // (510 in all) and loses the other nine tenths (4,590); 100 are there at the end.
    let said = "In the simulation: 100 people here at the end, 510 moved on, 4,590 lost here";
    assert!(has(&editor, said), "no {said:?}");
    editor.menu("View", "Simulation panel");
    assert!(!has(&editor, said), "only while the panel is open");
}

#[test]
fn an_opportunity_promoted_scored_and_changed_is_valued_by_the_simulation() {
    let (mut editor, _dir) = open(&ad_and_checkout());
    editor.click_at(editor.card("Ad").center(), egui::Modifiers::NONE);
    editor.click("Promote to opportunity: Clearer ad");
    let doc = editor.doc();
    assert!(doc.step("ad").unwrap().opportunities.is_empty());
    let o = &doc.opportunities()[0];
    assert_eq!(
        (o.id.as_str(), o.title.as_str()),
        ("clearer-ad", "Clearer ad")
    );
    assert_eq!(o.steps, ["ad"]);
    let selection = editor.app().selection();
    assert!(selection.has_opportunity("clearer-ad") && selection.has_step("ad"));
    // Scores: each check box sets the middle of its range.
    for score in ["Customer value", "Business value", "Effort"] {
        editor.click(score);
    }
    let o = &editor.doc().opportunities()[0];
    assert_eq!(
        (o.customer_value, o.business_value, o.effort),
        (Some(50), Some(50), Some(2))
    );
    // The change: the ad's rate from 10 % to 20 %.
    editor.click("Add a change");
    editor.choose("Rate from Ad to Pay");
    type_number(&mut editor, "Rate from Ad to Pay, changed to", "20");
    let change = &editor.doc().opportunities()[0].change;
    assert_eq!(change.links[0].0, "ad-pay");
    assert_eq!(change.links[0].1.rate, Some(0.2));
    // By hand: the 100 people the ad reaches each period are there from the next period
    // on, and a share r of them pays. Over the panel's 52 periods that is 51 × 100 × r
    // purchases, so raising r by 0.1 brings 51 × 100 × 0.1 = 510 more.
    poll_until(&mut editor.harness, "the impacts", |h| {
        h.state().impacts().is_some()
    });
    let impact = editor
        .app()
        .impacts()
        .unwrap()
        .of("clearer-ad")
        .unwrap()
        .clone();
    assert!((impact.extra_purchases - 510.0).abs() < 1e-9, "{impact:?}");
    assert!(
        has(&editor, "Impact: +510 purchases over 52 periods"),
        "the inspector shows it"
    );
    // Per unit of effort (2): 255.
    assert!(has(&editor, "Impact ÷ effort: +255 purchases"));
}

#[test]
fn a_change_of_a_steps_money_is_chosen_in_the_inspector_and_valued_in_cash() {
    let (mut editor, _dir) = open(&ad_and_checkout());
    editor.click_at(editor.card("Ad").center(), egui::Modifiers::NONE);
    editor.click("Promote to opportunity: Clearer ad");
    // The journey has no money; the change gives each purchase at Pay a price of 30.
    editor.click("Add a change");
    // Far down the list: scrolled to first, as a user would.
    editor.harness.get_by_label("Price at Pay").scroll_to_me();
    editor.harness.run();
    editor.choose("Price at Pay");
    type_number(&mut editor, "Price at Pay, changed to", "30");
    let change = &editor.doc().opportunities()[0].change;
    assert_eq!(change.steps[0].0, "pay");
    assert_eq!(change.steps[0].1.money.price, Some(30.0));
    // By hand: 51 × 100 × 0.1 = 510 purchases over the panel's 52 periods (see above), each
    // now earning 30 where it earned nothing, with no discount rate: 15,300.
    poll_until(&mut editor.harness, "the impacts", |h| {
        h.state().impacts().is_some()
    });
    let impact = editor
        .app()
        .impacts()
        .unwrap()
        .of("clearer-ad")
        .unwrap()
        .clone();
    let cash = impact.extra_discounted_cash.expect("money is in the loop");
    assert!((cash - 15_300.0).abs() < 1e-6, "{impact:?}");
    assert!(has(&editor, "Extra discounted cash: +15,300"));
}

/// Three scored opportunities on the ad journey, each with a change.
fn three_opportunities() -> Document {
    let mut doc = ad_and_checkout();
    let rate = |r: f64| journey_designer::model::Change {
        links: vec![(
            "ad-pay".into(),
            journey_designer::model::LinkOverride {
                rate: Some(r),
                ..Default::default()
            },
        )],
        ..Default::default()
    };
    let scored = |id: &str, title: &str, value: u8, effort: u8, r: f64| {
        let mut o = Opportunity::new(id, title);
        o.steps = vec!["ad".into()];
        o.customer_value = Some(value);
        o.business_value = Some(value);
        o.effort = Some(effort);
        o.change = rate(r);
        o
    };
    doc.set_opportunities(vec![
        // Value ÷ effort 80 / 4 = 20; impact 51 × 100 × 0.3 = 1,530, ÷ 4 = 382.5.
        scored("big", "Big redesign", 80, 4, 0.4),
        // 30 / 1 = 30; 510 ÷ 1 = 510.
        scored("copy", "Better copy", 30, 1, 0.2),
        // 60 / 2 = 30; 255 ÷ 2 = 127.5.
        scored("photo", "A photo", 60, 2, 0.15),
    ])
    .unwrap();
    doc
}

#[test]
fn the_opportunities_view_sorts_by_any_column_and_selects_in_every_view() {
    let (mut editor, _dir) = open(&three_opportunities());
    editor.menu("View", "Opportunities");
    assert_eq!(editor.app().view(), ViewKind::Opportunities);
    poll_until(&mut editor.harness, "the impacts", |h| {
        h.state().impacts().is_some()
    });
    // By impact ÷ effort, largest first.
    assert_eq!(editor.app().opportunity_order(), ["copy", "big", "photo"]);
    editor.click("Sort by Effort");
    assert_eq!(editor.app().opportunity_order(), ["big", "photo", "copy"]);
    editor.click("Sort by Effort");
    assert_eq!(editor.app().opportunity_order(), ["copy", "photo", "big"]);
    editor.click("Sort by Title");
    assert_eq!(editor.app().opportunity_order(), ["photo", "copy", "big"]);
    editor.click("Sort by Impact");
    assert_eq!(editor.app().opportunity_order(), ["big", "copy", "photo"]);
    // The two priorities disagree: "big" is last by value ÷ effort, second by impact.
    assert!(has(&editor, "Value ÷ effort: 20.0 / #3"));
    assert!(has(&editor, "Impact ÷ effort: +383 / #2"));
    // Clicking one selects it and its steps, in every view.
    editor.click("A photo");
    let selection = editor.app().selection();
    assert!(selection.has_opportunity("photo") && selection.has_step("ad"));
    assert!(has(&editor, "Opportunity title"), "the inspector edits it");
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Num1);
    let card = editor
        .harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Ad");
    assert_eq!(card.accesskit_node().is_selected(), Some(true));
    // Delete takes the opportunity, not its steps.
    editor.key(egui::Key::Delete);
    assert_eq!(editor.doc().opportunities().len(), 2);
    assert!(editor.doc().step("ad").is_some());
    // In the matrix, each bubble is a button named by its figures; clicking one selects it.
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Num3);
    assert_eq!(editor.app().view(), ViewKind::Opportunities);
    poll_until(&mut editor.harness, "the impacts", |h| {
        h.state().impacts().is_some()
    });
    let copy = "Better copy: value 30, effort 1, impact +510 purchases";
    editor.click(copy);
    let selection = editor.app().selection();
    assert!(selection.has_opportunity("copy") && selection.has_step("ad"));
    let bubble = editor.harness.get_by_label(copy);
    assert_eq!(bubble.accesskit_node().is_selected(), Some(true));
    // The largest impact has the largest bubble: 51 × 100 × 0.3 = 1,530 against 510.
    let big = editor
        .harness
        .get_by_label("Big redesign: value 80, effort 4, impact +1,530 purchases")
        .rect();
    assert!(big.width() > editor.harness.get_by_label(copy).rect().width());
}

/// A club reaching 100 new people a period, each costing 2 to serve in the period they
/// are there (no one stays), at a discount rate of 10 %; three opportunities, scored alike,
/// cut that cost.
fn club_with_costs() -> Document {
    let mut doc = Document::new("Club");
    let mut club = Step::new("club", Stage::Tell, "Club", [0.0, 0.0]);
    club.reach = Some(100.0);
    club.money.cost = Some(2.0);
    doc.set_steps_and_links(vec![club], vec![]).unwrap();
    doc.economics.discount_rate = Some(0.1);
    let cost_to = |id: &str, title: &str, cost: f64| {
        let mut o = Opportunity::new(id, title);
        o.steps = vec!["club".into()];
        o.customer_value = Some(50);
        o.business_value = Some(50);
        o.effort = Some(1);
        o.change.steps = vec![(
            "club".into(),
            journey_designer::model::StepOverride {
                money: journey_designer::model::StepMoney {
                    cost: Some(cost),
                    ..Default::default()
                },
                ..Default::default()
            },
        )];
        o
    };
    doc.set_opportunities(vec![
        cost_to("cheaper", "Cheaper care", 1.0),
        cost_to("half", "A little cheaper", 1.5),
        cost_to("free", "Free care", 0.0),
    ])
    .unwrap();
    doc
}

#[test]
fn the_opportunities_list_shows_extra_cash_for_a_journey_with_money_only() {
    let (mut editor, _dir) = open(&club_with_costs());
    editor.menu("View", "Opportunities");
    poll_until(&mut editor.harness, "the impacts", |h| {
        h.state().impacts().is_some()
    });
    // By hand: 100 people at the club at the end of each of the panel's 52 periods, each
    // costing Δ less: Δ × 100 × Σ 1.1^−(t−1) = Δ × 1,100 × (1 − 1.1^−52) = Δ × 1,092.26.
    let by_hand = 1100.0 * (1.0 - 1.1_f64.powi(-52));
    let impacts = editor.app().impacts().unwrap().clone();
    for (id, cut) in [("cheaper", 1.0), ("half", 0.5), ("free", 2.0)] {
        let cash = impacts.of(id).unwrap().extra_discounted_cash.unwrap();
        assert!((cash - cut * by_hand).abs() < 1e-9, "{id}: {cash}");
    }
    // Each figure named by its column, like the others.
    assert!(has(&editor, "Extra cash: +1,092"));
    assert!(has(&editor, "Extra cash: +546.13"));
    assert!(has(&editor, "Extra cash: +2,185"));
    // Sortable as any column: largest first, then smallest first.
    editor.click("Sort by Extra cash");
    assert_eq!(
        editor.app().opportunity_order(),
        ["free", "cheaper", "half"]
    );
    editor.click("Sort by Extra cash");
    assert_eq!(
        editor.app().opportunity_order(),
        ["half", "cheaper", "free"]
    );
    // The bubble and the inspector's panel say it too.
    assert!(has(
        &editor,
        "Cheaper care: value 50, effort 1, impact 0 purchases, +1,092 discounted cash"
    ));
    editor.click("Cheaper care");
    assert!(editor.app().selection().has_opportunity("cheaper"));
    assert!(has(&editor, "Extra discounted cash: +1,092"));
    // A journey without money has no such column, figure or line.
    let (mut editor, _dir) = open(&three_opportunities());
    editor.menu("View", "Opportunities");
    poll_until(&mut editor.harness, "the impacts", |h| {
        h.state().impacts().is_some()
    });
    assert!(has(&editor, "Sort by Impact"));
    assert!(!has(&editor, "Sort by Extra cash"));
    assert_eq!(
        editor
            .harness
            .query_all_by_label_contains("Extra cash")
            .count(),
        0
    );
    editor.click("Better copy");
    assert!(has(&editor, "Impact: +510 purchases over 52 periods"));
    assert_eq!(
        editor
            .harness
            .query_all_by_label_contains("discounted cash")
            .count(),
        0
    );
}

#[test]
fn the_to_be_curve_follows_the_to_be_emotions() {
    let mut doc = hotel();
    let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
    // Today: −1, −2, 0. To be: +2, +1, and the room as today.
    steps[0].emotion = Emotion::new(-1).unwrap();
    steps[1].emotion = Emotion::new(-2).unwrap();
    steps[0].to_be = Some(Box::new(ToBe {
        emotion: Emotion::new(2),
        ..ToBe::default()
    }));
    steps[1].to_be = Some(Box::new(ToBe {
        emotion: Emotion::new(1),
        title: "Check in on the phone".into(),
        ..ToBe::default()
    }));
    let links: Vec<Link> = doc.links().iter().map(|l| Link::clone(l)).collect();
    doc.set_steps_and_links(steps, links).unwrap();
    let (mut editor, _dir) = open(&doc);
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Num2);
    // None of today's steps is happy; two of three are to be.
    assert!(has(&editor, "Happiness 0 % now, 67 % to be"));
    let y = |editor: &Editor, label: &str| editor.harness.get_by_label(label).rect().center().y;
    let book = y(&editor, "To be at Book a room: +2 delighted");
    let desk = y(&editor, "To be at Check in: +1 happy");
    let room = y(&editor, "To be at Room: +0 neutral");
    // Evenly spaced by emotion: +2 above +1 above 0, one step apart.
    assert!(book < desk && desk < room);
    assert!(((desk - book) - (room - desk)).abs() < 0.5);
    // The room is to be as it is today: its to-be point is on today's marker.
    let today = y(&editor, "Emotion of Room: +0 neutral");
    assert!((room - today).abs() < 0.5);
    // Changing a to-be emotion in the inspector moves its point.
    editor.click("Step Check in");
    assert!(editor.app().selection().has_step("desk"));
    editor.click("To-be emotion");
    assert_eq!(
        editor
            .doc()
            .step("desk")
            .unwrap()
            .to_be
            .as_ref()
            .unwrap()
            .emotion,
        None
    );
    assert!(has(&editor, "To be at Check in: -2 very unhappy"));
}

#[test]
fn a_scenario_marked_to_be_makes_the_comparison_as_is_and_to_be() {
    let mut doc = ad_and_checkout();
    let better = Scenario {
        links: vec![(
            "ad-pay".into(),
            journey_designer::model::LinkOverride {
                rate: Some(0.2),
                ..Default::default()
            },
        )],
        ..Scenario::new("better ads")
    };
    doc.set_scenarios(vec![better]).unwrap();
    let (mut editor, _dir) = open(&doc);
    editor.menu("View", "Simulation panel");
    editor.click("To be:");
    editor.choose("better ads");
    assert!(editor.doc().scenarios()[0].to_be);
    poll_until(&mut editor.harness, "both runs", |h| {
        h.state().simulation().is_current(h.state().document())
    });
    assert!(has(&editor, "Scenario: as is"));
    assert!(has(&editor, "Scenario: to be (better ads)"));
}

#[test]
fn a_metric_is_drawn_from_the_file_and_a_step_without_one_has_an_empty_cell() {
    let mut doc = hotel();
    let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
    steps[1].metrics = vec![Metric::new("NPS", 64.0, 50.0, "")];
    let links: Vec<Link> = doc.links().iter().map(|l| Link::clone(l)).collect();
    doc.set_steps_and_links(steps, links).unwrap();
    let (mut editor, _dir) = open(&doc);
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Num2);
    assert!(has(&editor, "NPS is 64, on target (50)"));
    // Clicking a metrics cell selects its step, whose metrics the inspector edits.
    editor.click("Metrics of Room");
    assert_eq!(editor.app().selection().single_step(), Some("room"));
    assert!(has(&editor, "+ Add metric"));
}

/// The controls a screen reader reaches (how many), and those that have no name, by role
/// and place.
fn unnamed_controls(editor: &Editor) -> (usize, Vec<String>) {
    use egui::accesskit::Role;
    let controls: Vec<_> = editor
        .harness
        .query_all_by(|n| {
            matches!(
                n.role(),
                Role::Button
                    | Role::CheckBox
                    | Role::TextInput
                    | Role::MultilineTextInput
                    | Role::ComboBox
                    | Role::Slider
                    | Role::SpinButton
                    | Role::Link
                    | Role::RadioButton
            )
        })
        .collect();
    let unnamed = controls
        .iter()
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_none_or(|l| l.trim().is_empty())
        })
        .map(|n| format!("{:?} at {:?}", n.accesskit_node().role(), n.rect()))
        .collect();
    (controls.len(), unnamed)
}

#[test]
fn every_control_of_the_blueprint_the_metrics_and_the_opportunities_is_named() {
    let doc = journey_designer::format::load_file(std::path::Path::new(
        "tests/corpus/good/canonical-blueprint.json",
    ))
    .unwrap();
    let (mut editor, _dir) = open(&doc);
    // The map with the Simulation panel, a step with every part of its blueprint selected:
    // the map's cells, the panel and the inspector's fail point, wait, metrics and to-be.
    editor.menu("View", "Simulation panel");
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Num2);
    editor.click("Step Check in");
    assert_eq!(editor.app().selection().single_step(), Some("desk"));
    for part in ["Fail point", "+ Add metric", "To-be emotion"] {
        assert!(has(&editor, part), "the step's panel shows {part}");
    }
    let (controls, unnamed) = unnamed_controls(&editor);
    assert!(controls > 60, "only {controls} controls found");
    assert_eq!(unnamed, Vec::<String>::new());
    // The opportunities view with one selected: its list, its bubbles and its panel with
    // the scores, the steps and the change.
    editor.key_with(egui::Modifiers::COMMAND, egui::Key::Num3);
    poll_until(&mut editor.harness, "the impacts", |h| {
        h.state().impacts().is_some()
    });
    editor
        .harness
        .get_by_label_contains("Mobile check-in: value 75, effort 4")
        .click();
    editor.harness.run();
    assert!(editor.app().selection().has_opportunity("mobile-check-in"));
    assert!(has(&editor, "Opportunity title"));
    let (controls, unnamed) = unnamed_controls(&editor);
    assert!(controls > 30, "only {controls} controls found");
    assert_eq!(unnamed, Vec::<String>::new());
}
