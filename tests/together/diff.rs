//! `compare::diff` and `journey-designer diff`: what changed, by meaning.

use journey_designer::compare::{self, What};
use journey_designer::model::{Edit, Emotion, FrameValue, Link, Stage, Step, StepValue};
use serde_json::json;

use super::*;

#[test]
fn the_same_journey_has_no_changes_even_reread() {
    let a = service_loop();
    let text = journey_designer::format::to_string(&a);
    let b = journey_designer::format::from_str(&text).unwrap();
    assert!(compare::diff(&a, &b, true).is_empty());
    assert_eq!(compare::diff(&a, &b, true).text(), "");
}

#[test]
fn changes_are_named_by_id_and_title_field_by_field_in_file_order() {
    let a = service_loop();
    let b = edited(
        &a,
        [
            set_frame(FrameValue::Title("Loop v2".into())),
            set_step(
                "buy",
                StepValue::Channels(vec!["website".into(), "app".into()]),
            ),
            set_step("care", StepValue::Title("Ask for help".into())),
            set_step("care", StepValue::Emotion(Emotion::new(-2).unwrap())),
            Edit::Remove {
                steps: vec![],
                links: vec!["tell-buy".into()],
            },
            Edit::add(
                &a,
                vec![Step::new(
                    "call-back",
                    Stage::Care,
                    "Call back",
                    [0.0, 400.0],
                )],
                vec![],
            ),
        ],
    );
    let diff = compare::diff(&a, &b, false);
    assert_eq!(
        diff.text(),
        "~ title: \"Service loop\" → \"Loop v2\"\n\
         ~ steps[id=buy].channels (Buy): + \"app\", - \"shop\"\n\
         ~ steps[id=care].title (Ask for help): \"Care\" → \"Ask for help\"\n\
         ~ steps[id=care].emotion (Ask for help): -1 → -2\n\
         + steps[id=call-back] (Call back)\n\
         - links[id=tell-buy] (Tell → Buy)\n"
    );
    let added = &diff.changes[4];
    assert_eq!(added.path, "steps[id=call-back]");
    let What::Added(value) = &added.what else {
        panic!("{added:?}");
    };
    assert_eq!(value["stage"], json!("care"));
    assert_eq!(value["position"], json!([0.0, 400.0]));
}

#[test]
fn positions_and_the_saved_view_count_only_when_asked() {
    let a = service_loop();
    let mut b = edited(&a, [Edit::Move(vec![("tell".into(), [10.0, -280.0])])]);
    b.view.zoom = 0.5;
    assert!(compare::diff(&a, &b, false).is_empty());
    assert_eq!(
        compare::diff(&a, &b, true).text(),
        "~ steps[id=tell].position (Tell): [0.0,-280.0] → [10.0,-280.0]\n\
         ~ view.zoom: 1.0 → 0.5\n"
    );
}

#[test]
fn a_step_moved_in_the_list_and_unknown_fields_are_changes() {
    let a = service_loop();
    let mut b = edited(
        &a,
        [Edit::Reorder {
            id: "care".into(),
            index: 0,
        }],
    );
    let mut link = b.link("care-delight").unwrap().clone();
    link.extra.insert("owner".into(), json!("Ann"));
    let mut links: Vec<Link> = b.links().iter().map(|l| Link::clone(l)).collect();
    let at = b.link_position("care-delight").unwrap();
    links[at] = link;
    let steps: Vec<Step> = b.steps().iter().map(|s| Step::clone(s)).collect();
    b.set_steps_and_links(steps, links).unwrap();
    b.extra.insert("team".into(), json!({"lead": "Bo"}));
    assert_eq!(
        compare::diff(&a, &b, false).text(),
        "~ steps[id=care] (Care): moved to the start\n\
         + links[id=care-delight].owner (solved well): \"Ann\"\n\
         + team: {\"lead\":\"Bo\"}\n"
    );
}

#[test]
fn personas_scenarios_and_bookmarks_are_followed_by_their_keys() {
    let a = journey_designer::format::TEMPLATES
        .iter()
        .find(|t| t.name.starts_with("Hotel"))
        .unwrap()
        .load()
        .unwrap();
    let mut personas = a.personas().to_vec();
    personas[0].name = "Parents".into();
    personas.swap(0, 1);
    let mut scenarios = a.scenarios().to_vec();
    scenarios[0].name = "Renamed".into();
    let mut b = edited(
        &a,
        [
            set_frame(FrameValue::Personas(personas)),
            set_frame(FrameValue::Scenarios(scenarios)),
        ],
    );
    b.view
        .bookmarks
        .push(journey_designer::model::Bookmark::new(
            "Buying",
            [1.0, 2.0],
            1.0,
        ));
    let text = compare::diff(&a, &b, false).text();
    assert_eq!(
        text,
        "~ personas[id=parents].name (Parents): \"Parents with young children\" → \"Parents\"\n\
         ~ personas[id=friends] (A group of old friends): moved to the start\n\
         - scenarios[name=\"crisis: cut marketing and care\"]\n\
         + scenarios[name=Renamed]\n\
         + view.bookmarks[name=Buying]\n"
    );
}

#[test]
fn the_json_form_gives_each_change_its_place_kind_and_values() {
    let a = service_loop();
    let b = edited(&a, [set_step("care", StepValue::Title("Help".into()))]);
    let json = compare::diff(&a, &b, false).json();
    assert_eq!(
        json,
        json!({
            "equal": false,
            "changes": [{
                "path": "steps[id=care].title",
                "name": "Help",
                "change": "changed",
                "before": "Care",
                "after": "Help"
            }]
        })
    );
}

#[test]
fn the_command_exits_0_1_or_2_and_prints_text_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.journey.json", &service_loop());
    let b = write(
        dir.path(),
        "b.journey.json",
        &edited(
            &service_loop(),
            [set_step("care", StepValue::Title("Help".into()))],
        ),
    );
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let same = run_in(dir.path(), &["diff", a, a]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    assert!(same.stdout.is_empty());
    let changed = run_in(dir.path(), &["diff", a, b]);
    assert_eq!(changed.status.code(), Some(1));
    assert_eq!(
        text(&changed.stdout),
        "~ steps[id=care].title (Help): \"Care\" → \"Help\"\n"
    );
    let json = run_in(dir.path(), &["diff", "--format", "json", a, b]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["changes"][0]["after"], json!("Help"));
    let missing = run_in(dir.path(), &["diff", a, "nope.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).contains("nope.json"),
        "{}",
        text(&missing.stderr)
    );
    std::fs::write(
        dir.path().join("broken.json"),
        "{\"format\": \"journey-designer\", \"version\": 1, \"steps\": 3}",
    )
    .unwrap();
    let broken = run_in(dir.path(), &["diff", a, "broken.json"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        text(&broken.stderr).contains("broken.json: steps: expected a list"),
        "{}",
        text(&broken.stderr)
    );
}

#[test]
fn textconv_prints_a_line_per_field_so_a_line_diff_reads_as_the_change() {
    let a = service_loop();
    let lines = compare::lines(&a, false);
    assert!(lines.contains("title: \"Service loop\"\n"), "{lines}");
    assert!(
        lines.contains("steps[id=care] (Care)\nsteps[id=care].stage: \"care\"\n"),
        "{lines}"
    );
    assert!(
        lines.contains("steps[id=care].persona_emotions.newcomer: -2\n"),
        "{lines}"
    );
    assert!(
        lines.contains("links[id=tell-buy] (Tell → Buy)\nlinks[id=tell-buy].from: \"tell\"\n"),
        "{lines}"
    );
    assert!(
        !lines.contains("position"),
        "positions are left out: {lines}"
    );
    assert!(compare::lines(&a, true).contains("steps[id=care].position: [0.0,280.0]\n"));
}
