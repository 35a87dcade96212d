//! The Simulation panel: it runs in the background, shows the charts and the summary, follows
//! edits of the journey's numbers, and its rankings select what they name.

use super::*;
use egui_kittest::kittest::NodeT as _;
use journey_designer::simulation::{self, Options};

/// The editor with the Stripe template open and the Simulation panel shown.
fn stripe_with_panel() -> Editor {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/templates/stripe.json");
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path));
    editor.menu("View", "Simulation panel");
    assert!(editor.app().is_simulation_shown());
    wait_for_result(&mut editor);
    editor
}

/// Draws frames until the panel shows the result for the journey as it is now.
fn wait_for_result(editor: &mut Editor) {
    poll_until(&mut editor.harness, "the simulation's result", |h| {
        h.state().simulation().is_current(h.state().document())
    });
    editor.harness.run();
}

/// The outcome of the first scenario the panel shows.
fn shown_outcome(editor: &Editor) -> simulation::Outcome {
    editor.app().simulation().results().unwrap()[0]
        .1
        .as_ref()
        .unwrap()
        .clone()
}

/// K of the journey as drawn, as the library computes it.
fn k_of(doc: &Document) -> f64 {
    simulation::simulate(doc, None, &Options::periods(52))
        .unwrap()
        .summary
        .viral_coefficient
        .unwrap()
}

#[test]
fn the_panel_shows_the_charts_and_summary_of_a_template() {
    let editor = stripe_with_panel();
    let k = k_of(editor.doc());
    assert!(k >= 1.0, "the Stripe template carries itself: K = {k}");
    let shown = format!(
        "Viral coefficient K: {} (self-sustaining)",
        journey_designer::model::short_number(k)
    );
    assert!(
        editor.harness.query_by_label(&shown).is_some(),
        "no {shown:?}"
    );
    // Both charts, each with the journey's line in its legend.
    for title in ["Purchases per period", "People reached so far"] {
        assert!(editor.harness.query_by_label(title).is_some(), "{title}");
    }
    assert!(
        editor
            .harness
            .query_by_label_contains("Where it leaks")
            .is_some()
    );
    // The panel's runs match the library's.
    let results = editor.app().simulation().results().unwrap();
    assert_eq!(results.len(), 1);
    let outcome = results[0].1.as_ref().unwrap();
    assert_eq!(outcome.summary.viral_coefficient, Some(k));
    assert_eq!(outcome.run.periods.len(), 52);
    // Links on the canvas are as wide as the people moving along them, the busiest widest.
    // Kept for the journey as it is now.
    let widths = editor
        .app()
        .canvas()
        .flow_widths
        .current(editor.doc())
        .cloned()
        .unwrap();
    let busiest = outcome
        .run
        .flow
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap()
        .0;
    assert!(widths.iter().all(|w| *w <= widths[busiest]));
    // Hiding the panel gives the links back their plain width.
    let mut editor = editor;
    editor.menu("View", "Simulation panel");
    assert!(!editor.app().is_simulation_shown());
    assert!(editor.app().canvas().flow_widths.latest().is_none());
}

#[test]
fn editing_a_rate_changes_the_result() {
    let mut editor = stripe_with_panel();
    let before = shown_outcome(&editor);
    // The first link of "Improve first" selects that link...
    let best = before.link_gains.as_ref().unwrap()[0].clone();
    let link = editor.doc().link(&best.link).unwrap().clone();
    let title = |id: &str| editor.doc().step(id).unwrap().title.clone();
    let entry = format!("{} to {}", title(&link.from), title(&link.to));
    // (the entry names the purchases too; the link's own node on the canvas does not)
    let entry = format!("{entry}: ");
    editor.harness.get_by_label_contains(&entry).scroll_to_me();
    editor.harness.run();
    editor.harness.get_by_label_contains(&entry).click();
    editor.harness.run();
    assert_eq!(
        editor.app().selection().link.as_deref(),
        Some(link.id.as_str())
    );
    // ...and clearing its rate in the inspector stops people moving along it.
    editor.click("Rate known");
    assert_eq!(editor.doc().link(&link.id).unwrap().rate, None);
    wait_for_result(&mut editor);
    let after = shown_outcome(&editor);
    let k_after = after.summary.viral_coefficient.unwrap();
    assert_eq!(k_after, k_of(editor.doc()));
    assert!(k_after < before.summary.viral_coefficient.unwrap());
    let purchases = |o: &simulation::Outcome| o.run.periods.last().unwrap().purchases_total;
    assert!(purchases(&after) < purchases(&before));
    let sustaining = if k_after >= 1.0 {
        "self-sustaining"
    } else {
        "not self-sustaining"
    };
    let shown = format!(
        "Viral coefficient K: {} ({sustaining})",
        journey_designer::model::short_number(k_after)
    );
    assert!(
        editor.harness.query_by_label(&shown).is_some(),
        "no {shown:?}"
    );
}

#[test]
fn a_leak_selects_its_step_and_a_step_over_one_stops_the_run() {
    let mut editor = stripe_with_panel();
    let leaks = shown_outcome(&editor).leaks;
    let worst = &leaks[0];
    let title = editor.doc().step(&worst.step).unwrap().title.clone();
    editor
        .harness
        .get_by_label(&format!("{title}: {:.1} % lost", worst.share * 100.0))
        .click();
    editor.harness.run();
    assert_eq!(
        editor.app().selection().single_step(),
        Some(worst.step.as_str())
    );
    // Buying sends everyone on to the experience (rate 1); giving it a stay as well makes
    // more than everyone: the inspector warns and the panel names the step.
    // The panel takes part of the window: fit the journey into what is left.
    editor.key(egui::Key::Escape);
    editor.key(egui::Key::F);
    let buy = editor.card("Sign up and paste seven lines").center();
    editor.click_at(buy, egui::Modifiers::NONE);
    assert_eq!(editor.app().selection().single_step(), Some("buy"));
    editor.click("Stay");
    assert_eq!(editor.doc().step("buy").unwrap().stay, Some(0.5));
    assert!(
        editor
            .harness
            .query_by_label_contains("and its stay add up to 1.5; at most 1")
            .is_some()
    );
    wait_for_result(&mut editor);
    let results = editor.app().simulation().results().unwrap();
    let Err(simulation::Refusal::Overflow(warnings)) = &results[0].1 else {
        panic!(
            "the run is refused for the step over one: {:?}",
            results[0].1
        );
    };
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].step, "buy");
    assert!(
        (warnings[0].total - 1.5).abs() < 1e-9,
        "{}",
        warnings[0].total
    );
    assert!(
        editor
            .harness
            .query_by_label_contains("Not run: fix these steps first")
            .is_some()
    );
}

#[test]
fn the_inspector_and_the_cards_show_the_figures_of_the_current_run() {
    let mut editor = stripe_with_panel();
    let outcome = shown_outcome(&editor);
    // The step that leaks most: its card says so, and so does the inspector.
    let leak = outcome.leaks[0].clone();
    let i = editor.doc().step_position(&leak.step).unwrap();
    let percent = leak.share * 100.0;
    let percent = if percent < 10.0 {
        format!("{percent:.1} %")
    } else {
        format!("{percent:.0} %")
    };
    let leaks = editor
        .app()
        .canvas()
        .leaks
        .current(editor.doc())
        .cloned()
        .unwrap();
    assert!((f64::from(leaks[i]) - leak.share).abs() < 1e-6);
    let title = editor.doc().steps()[i].title.clone();
    // The whole journey in view, above the panel.
    editor.key(egui::Key::F);
    let card = editor
        .harness
        .get_by(|n| n.label().as_deref() == Some(title.as_str()) && n.description().is_some());
    let description = card.accesskit_node().description().unwrap();
    assert!(
        description.ends_with(&format!("; {percent} of everyone reached is lost here")),
        "{description}"
    );
    // "Where it leaks" selects it.
    let entry = format!("{title}: {:.1} % lost", leak.share * 100.0);
    editor.harness.get_by_label(&entry).scroll_to_me();
    editor.harness.run();
    editor.harness.get_by_label(&entry).click();
    editor.harness.run();
    assert_eq!(
        editor.app().selection().single_step(),
        Some(leak.step.as_str())
    );
    assert!(editor.harness.query_by_label("In the simulation").is_some());
    let lost = format!("({percent} of everyone reached)");
    assert!(
        editor.harness.query_by_label_contains(&lost).is_some(),
        "no {lost:?}"
    );
    let at_end = outcome.run.at_end[i];
    assert!(at_end > 0.0);
    // A link shows how many people moved along it: the first of "Improve first" selects
    // one.
    let best = outcome.link_gains.as_ref().unwrap()[0].link.clone();
    let link = editor.doc().link(&best).unwrap().clone();
    let name = |id: &str| editor.doc().step(id).unwrap().title.clone();
    let entry = format!("{} to {}: ", name(&link.from), name(&link.to));
    editor.harness.get_by_label_contains(&entry).scroll_to_me();
    editor.harness.run();
    editor.harness.get_by_label_contains(&entry).click();
    editor.harness.run();
    assert_eq!(
        editor.app().selection().link.as_deref(),
        Some(best.as_str())
    );
    editor.harness.get_by_label("Moved along it");
    let flow = outcome.run.flow[editor.doc().link_position(&best).unwrap()];
    assert!(flow >= 10.0, "{flow}");
    let rounded = flow.round() as u64;
    let digits: String = editor
        .harness
        .query_all_by(|n| n.value().is_some_and(|l| l.ends_with(" people")))
        .find_map(|n| n.accesskit_node().value())
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(digits, rounded.to_string());
    // Without the flow on the canvas, the cards and links are plain again; the inspector
    // keeps the figures while the panel is open.
    editor.click("Flow on the canvas");
    assert!(editor.app().canvas().leaks.latest().is_none());
    assert!(editor.app().canvas().flow_widths.latest().is_none());
    assert!(editor.harness.query_by_label("In the simulation").is_some());
    // Closing the panel takes the figures away.
    editor.menu("View", "Simulation panel");
    assert!(editor.harness.query_by_label("In the simulation").is_none());
}

#[test]
fn a_run_that_grows_past_ten_to_the_three_hundred_stops_and_says_so() {
    // One tell step everyone stays at, marketing bringing 1 person a period and each person
    // bringing 10⁷ more: x(1) = 1, x(t + 1) = (1 + 10⁷)·x(t) + 1, so x(t) is about 10^(7(t − 1)):
    // 10²⁹⁴ at the end of period 43, beyond 10³⁰⁰ in period 44.
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("runaway.json");
    std::fs::write(
        &path,
        r#"{"format": "journey-designer", "version": 2,
            "steps": [{"id": "t", "stage": "tell", "title": "Hear of it",
                       "stay": 1, "reach": 1, "referrals": 10000000}]}"#,
    )
    .unwrap();
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path));
    editor.menu("View", "Simulation panel");
    wait_for_result(&mut editor);
    let outcome = shown_outcome(&editor);
    assert_eq!(outcome.run.stopped, Some(44));
    assert_eq!(outcome.run.periods.len(), 43);
    assert!(
        outcome
            .run
            .periods
            .iter()
            .all(|p| p.at_steps.is_finite() && p.reached <= 1e300)
    );
    let said = "The run stopped in period 44: the people counted would exceed 10^300 \
                (K = infinite); set an audience size to cap the growth.";
    assert!(editor.harness.query_by_label(said).is_some(), "no {said:?}");
}

/// The editor with the hotel template open, fitted into the canvas.
fn hotel() -> Editor {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/templates/hotel.json");
    Editor::with(tempfile::tempdir().unwrap(), Some(path))
}

/// Every card's rectangle on screen, with the leak that hangs below it.
fn cards_with_leaks(editor: &Editor) -> Vec<egui::Rect> {
    editor
        .doc()
        .steps()
        .iter()
        .map(|s| {
            let card = editor.card(&s.title);
            card.with_max_y(card.max.y + 12.0)
        })
        .collect()
}

#[test]
fn opening_the_panel_keeps_the_cards_fitted_and_the_minimap_off_them() {
    let mut editor = hotel();
    assert!(editor.app().canvas().is_fitted());
    let zoom = editor.app().canvas().camera.zoom;
    editor.menu("View", "Simulation panel");
    wait_for_result(&mut editor);
    let canvas = editor.app().canvas();
    assert!(canvas.is_fitted(), "the user has not moved the view");
    assert!(canvas.camera.zoom < zoom, "fitted into the room left");
    let viewport = canvas.viewport;
    let cards = cards_with_leaks(&editor);
    for card in &cards {
        assert!(viewport.contains_rect(*card), "{card:?} in {viewport:?}");
    }
    // The journey is larger than the room at 100 %: the minimap is on, and off every card.
    assert!(editor.app().canvas().minimap_shown);
    let minimap = editor
        .harness
        .get_by_role_and_label(egui::accesskit::Role::Image, "Minimap")
        .rect();
    assert!(viewport.contains_rect(minimap));
    for card in &cards {
        assert!(!minimap.intersects(*card), "{minimap:?} covers {card:?}");
    }

    // Closing the panel fits the journey into the whole canvas again.
    editor.menu("View", "Simulation panel");
    assert!(editor.app().canvas().is_fitted());
    assert!((editor.app().canvas().camera.zoom - zoom).abs() < 1e-4);

    // Once the user has zoomed, a panel leaves the view where they put it.
    editor.key(egui::Key::Plus);
    assert!(!editor.app().canvas().is_fitted());
    let camera = editor.app().canvas().camera;
    editor.menu("View", "Simulation panel");
    wait_for_result(&mut editor);
    assert_eq!(editor.app().canvas().camera, camera);
}

#[test]
fn the_minimap_never_covers_a_visible_card_as_the_view_moves() {
    let mut editor = hotel();
    editor.menu("View", "Simulation panel");
    wait_for_result(&mut editor);
    editor.key(egui::Key::M);
    editor.key(egui::Key::M);
    assert!(editor.app().canvas().minimap_shown);
    // Zoomed in and out, the minimap (when drawn) is off every card on screen.
    let mut drawn = 0;
    for key in [
        egui::Key::Plus,
        egui::Key::Plus,
        egui::Key::Minus,
        egui::Key::Num0,
    ] {
        editor.key(key);
        let Some(minimap) = editor
            .harness
            .query_by_role_and_label(egui::accesskit::Role::Image, "Minimap")
            .map(|n| n.rect())
        else {
            continue;
        };
        drawn += 1;
        for step in editor.doc().steps() {
            if editor.has_card(&step.title) {
                let card = editor.card(&step.title);
                assert!(
                    !minimap.intersects(card.with_max_y(card.max.y + 12.0)),
                    "after {key:?}: {minimap:?} covers {}",
                    step.title
                );
            }
        }
    }
    assert!(drawn > 0, "the minimap found a free corner at some zoom");
}

#[test]
fn the_rankings_are_tables_with_the_figures_right_aligned() {
    let mut editor = hotel();
    editor.menu("View", "Simulation panel");
    wait_for_result(&mut editor);
    let outcome = shown_outcome(&editor);
    let doc = editor.doc().clone();
    let title = |id: &str| doc.step(id).unwrap().title.clone();
    let gains: Vec<(String, String)> = outcome
        .link_gains
        .as_ref()
        .unwrap()
        .iter()
        .take(5)
        .map(|g| {
            let link = doc.link(&g.link).unwrap();
            let figure = format!("{:+.0}", g.gain);
            (
                format!(
                    "{} to {}: {figure} purchases",
                    title(&link.from),
                    title(&link.to)
                ),
                figure,
            )
        })
        .collect();
    let leaks: Vec<(String, String)> = outcome
        .leaks
        .iter()
        .take(5)
        .map(|l| {
            let figure = format!("{:.1} %", l.share * 100.0);
            (format!("{}: {figure} lost", title(&l.step)), figure)
        })
        .collect();
    assert!(gains.len() >= 2 && leaks.len() >= 2);
    for (table, heading) in [(gains, "Improve first"), (leaks, "Where it leaks")] {
        let heading = editor.harness.get_by_label(heading).rect();
        let rows: Vec<(egui::Rect, egui::Rect)> = table
            .iter()
            .map(|(label, figure)| {
                // The row is one link for a screen reader, naming the figure too; the figure
                // on its own is not read twice.
                let name = editor
                    .harness
                    .get_by_role_and_label(egui::accesskit::Role::Link, label);
                let figure = editor.harness.get_by_label(figure);
                assert!(figure.accesskit_node().is_hidden());
                (name.rect(), figure.rect())
            })
            .collect();
        let right = rows[0].1.right();
        let figures_left = rows.iter().map(|r| r.1.left()).fold(f32::MAX, f32::min);
        for (name, figure) in &rows {
            assert!(
                (figure.right() - right).abs() < 0.5,
                "{figure:?} vs {right}"
            );
            assert!((name.left() - heading.left()).abs() < 0.5, "{name:?}");
            assert!(
                name.right() <= figures_left,
                "{name:?} runs under {figure:?}"
            );
            // Each figure sits on its name's first line.
            assert!((figure.top() - name.top()).abs() < 0.5);
        }
    }
    // The hotel's best link has a long name: it wraps within its column.
    let tallest = editor
        .harness
        .query_all_by_role(egui::accesskit::Role::Link)
        .map(|n| n.rect())
        .max_by(|a, b| a.height().total_cmp(&b.height()))
        .unwrap();
    let line = editor.harness.get_by_label("Improve first").rect().height();
    assert!(
        tallest.height() > line * 1.5,
        "a name over two lines: {tallest:?}"
    );
}

#[test]
fn a_journey_with_money_shows_profit_cash_and_whether_its_audience_is_enough() {
    // Marketing reaches 1,000 a period at 0.4 each; each person pays 1 in the period they are
    // at the tell step; fixed costs 200. Over two periods that breaks even at 1,250 people
    // (1,000 + 1,000·(1 − 1,000 ÷ M) = 1,200); the journey has 5,000.
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("money.json");
    std::fs::write(
        &path,
        r#"{"format": "journey-designer", "version": 2,
            "audience": {"size": 5000},
            "economics": {"currency": "€", "fixed_costs": 200},
            "steps": [{"id": "t", "stage": "tell", "title": "Hear of it",
                       "reach": 1000, "revenue": 1, "cost_per_reach": 0.4}]}"#,
    )
    .unwrap();
    let mut editor = Editor::with(tempfile::tempdir().unwrap(), Some(path));
    editor.menu("View", "Simulation panel");
    editor.type_into("Periods", "2");
    wait_for_result(&mut editor);
    let outcome = shown_outcome(&editor);
    assert_eq!(outcome.run.periods.len(), 2);
    for title in ["Profit per period", "Discounted cash so far"] {
        assert!(editor.harness.query_by_label(title).is_some(), "{title}");
    }
    let value = "Per newcomer: value 1.00 (with the people they refer 1.00), acquisition cost 0.40";
    assert!(
        editor.harness.query_by_label(value).is_some(),
        "no {value:?}"
    );
    let Some(simulation::Viability::BreaksEven { size }) = outcome.viability else {
        panic!("{:?}", outcome.viability);
    };
    assert!((1250..=1263).contains(&size), "{size}");
    // The journey panel (nothing selected) says whether the audience is enough.
    let verdict = format!(
        "Enough: breaks even at {} people within 2 periods; you have 5,000",
        journey_designer::simulation::report::people_text(size)
    );
    assert!(
        editor.harness.query_by_label(&verdict).is_some(),
        "no {verdict:?}"
    );
    // The journey's money in the same panel.
    // (Below the panel's top edge: a screen reader's click, on the node itself.)
    editor.harness.get_by_label("Price").click_accesskit();
    editor.harness.run();
    assert_eq!(editor.doc().economics.price, Some(100.0));
    assert_eq!(editor.doc().economics.fixed_costs, Some(200.0));
    // The step's money in the inspector: a budget keeps the cost per reach it has.
    editor.key(egui::Key::F);
    let card = editor.card("Hear of it").center();
    editor.click_at(card, egui::Modifiers::NONE);
    assert_eq!(editor.app().selection().single_step(), Some("t"));
    editor.click("Budget");
    let money = *editor.doc().step("t").unwrap().money;
    assert_eq!(
        (money.budget, money.cost_per_reach, money.revenue),
        (Some(1000.0), Some(0.4), Some(1.0))
    );
    assert!(editor.harness.query_by_label("Budget share").is_some());
    assert!(
        editor.harness.query_by_label("Price").is_none(),
        "a tell step has no price"
    );
}
