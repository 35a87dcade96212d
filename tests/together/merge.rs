//! `compare::merge` and `journey-designer merge`: three-way merges by id, field by field.

use std::collections::HashMap;

use journey_designer::compare::{self, ConflictKind, Take};
use journey_designer::model::{Edit, Emotion, FrameValue, Link, Stage, Step, StepValue};
use serde_json::json;

use super::*;

#[test]
fn edits_of_different_fields_and_steps_combine_without_conflicts() {
    let base = service_loop();
    let ours = edited(
        &base,
        [
            set_step("care", StepValue::Title("Ask for help".into())),
            set_step(
                "buy",
                StepValue::Channels(vec!["website".into(), "shop".into(), "app".into()]),
            ),
        ],
    );
    let theirs = edited(
        &base,
        [
            set_step("care", StepValue::Emotion(Emotion::new(-2).unwrap())),
            set_step("delight", StepValue::Notes("Thank them in person.".into())),
            set_step("buy", StepValue::Channels(vec!["website".into()])),
            set_frame(FrameValue::Title("Loop v2".into())),
        ],
    );
    let merged = compare::merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let doc = &merged.document;
    let care = doc.step("care").unwrap();
    assert_eq!(care.title, "Ask for help");
    assert_eq!(care.emotion.value(), -2);
    assert_eq!(doc.step("delight").unwrap().notes, "Thank them in person.");
    assert_eq!(doc.title, "Loop v2");
    // Ours added "app", theirs removed "shop": both happen.
    assert_eq!(doc.step("buy").unwrap().channels, ["website", "app"]);
}

#[test]
fn a_field_both_changed_is_a_conflict_that_keeps_ours_unless_theirs_is_chosen() {
    let base = service_loop();
    let ours = edited(
        &base,
        [set_step("care", StepValue::Title("Ask for help".into()))],
    );
    let theirs = edited(
        &base,
        [set_step("care", StepValue::Title("Get support".into()))],
    );
    let merged = compare::merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.path, "steps[id=care].title");
    assert_eq!(conflict.kind, ConflictKind::BothChanged);
    assert_eq!(conflict.base, Some(json!("Care")));
    assert_eq!(conflict.ours, Some(json!("Ask for help")));
    assert_eq!(conflict.theirs, Some(json!("Get support")));
    assert_eq!(conflict.took, Take::Ours);
    assert_eq!(
        conflict.describe(),
        "steps[id=care].title (Ask for help): both changed it; ours \"Ask for help\", theirs \"Get support\"; kept ours"
    );
    assert_eq!(merged.document.step("care").unwrap().title, "Ask for help");
    let choices = HashMap::from([(conflict.path.clone(), Take::Theirs)]);
    let chosen = compare::merge_with(&base, &ours, &theirs, &choices);
    assert_eq!(chosen.document.step("care").unwrap().title, "Get support");
    assert_eq!(chosen.conflicts[0].took, Take::Theirs);
}

#[test]
fn a_step_theirs_removed_that_ours_links_to_stays_and_is_reported() {
    let base = service_loop();
    // Ours links buy to care; theirs removes care (and, with it, its links).
    let ours = edited(
        &base,
        [Edit::add(
            &base,
            vec![],
            vec![Link::new("buy-care", "buy", "care")],
        )],
    );
    let theirs = edited(&base, [Edit::remove_steps(vec!["care".into()])]);
    let merged = compare::merge(&base, &ours, &theirs);
    let doc = &merged.document;
    assert!(
        doc.step("care").is_some(),
        "the step ours still uses comes back"
    );
    assert!(doc.link("buy-care").is_some());
    // Theirs removed care's own links with it, and nothing of ours needs them: gone.
    assert!(doc.link("experience-care").is_none());
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.path, "links[id=buy-care].to");
    assert_eq!(
        conflict.kind,
        ConflictKind::Broken {
            problem: "there is no step with id \"care\"".into()
        }
    );
    assert_eq!(conflict.took, Take::Ours);
    // Theirs chosen: the removal stands and our link to it goes.
    let choices = HashMap::from([(conflict.path.clone(), Take::Theirs)]);
    let chosen = compare::merge_with(&base, &ours, &theirs, &choices);
    assert!(chosen.document.step("care").is_none());
    assert!(chosen.document.link("buy-care").is_none());
}

#[test]
fn a_persona_one_side_removed_and_the_other_gave_a_step_is_kept() {
    let base = service_loop();
    let ours = edited(
        &base,
        [set_step(
            "buy",
            StepValue::Personas(vec!["newcomer".into()]),
        )],
    );
    let personas: Vec<_> = base
        .personas()
        .iter()
        .filter(|p| p.id != "newcomer")
        .cloned()
        .collect();
    // Removing a persona takes it off the steps too, as the editor does.
    let theirs = edited(
        &base,
        [
            set_step(
                "care",
                StepValue::PersonaEmotions(vec![("regular".into(), Emotion::new(0).unwrap())]),
            ),
            set_frame(FrameValue::Personas(personas)),
        ],
    );
    let merged = compare::merge(&base, &ours, &theirs);
    assert!(merged.document.persona("newcomer").is_some());
    assert_eq!(merged.document.step("buy").unwrap().personas, ["newcomer"]);
    let paths: Vec<&str> = merged.conflicts.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["steps[id=buy].personas"], "{:?}", merged.conflicts);
}

#[test]
fn removing_and_changing_one_step_is_a_conflict() {
    let base = service_loop();
    let ours = edited(&base, [Edit::remove_steps(vec!["delight".into()])]);
    let theirs = edited(&base, [set_step("delight", StepValue::Title("Wow".into()))]);
    let merged = compare::merge(&base, &ours, &theirs);
    assert!(merged.document.step("delight").is_none(), "ours removed it");
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].path, "steps[id=delight]");
    assert_eq!(
        merged.conflicts[0].kind,
        ConflictKind::RemovedAndChanged {
            removed_by: Take::Ours
        }
    );
    let choices = HashMap::from([("steps[id=delight]".to_owned(), Take::Theirs)]);
    let chosen = compare::merge_with(&base, &ours, &theirs, &choices);
    assert_eq!(chosen.document.step("delight").unwrap().title, "Wow");
}

#[test]
fn steps_both_sides_added_come_ours_first_and_one_id_twice_is_a_conflict() {
    let base = service_loop();
    let step = |id: &str, title: &str| Step::new(id, Stage::Care, title, [0.0, 500.0]);
    let ours = edited(
        &base,
        [Edit::add(
            &base,
            vec![step("o1", "Ours"), step("same", "A")],
            vec![],
        )],
    );
    let theirs = edited(
        &base,
        [Edit::add(
            &base,
            vec![step("t1", "Theirs"), step("same", "B")],
            vec![],
        )],
    );
    let merged = compare::merge(&base, &ours, &theirs);
    let ids: Vec<&str> = merged
        .document
        .steps()
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids[6..], ["o1", "same", "t1"]);
    assert_eq!(merged.document.step("same").unwrap().title, "A");
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].path, "steps[id=same]");
    assert_eq!(merged.conflicts[0].kind, ConflictKind::BothAdded);
}

#[test]
fn unknown_fields_merge_like_known_ones() {
    let base = service_loop();
    let mut ours = edited(
        &base,
        [set_step("tell", StepValue::Title("Tell them".into()))],
    );
    let mut step = ours.step("tell").unwrap().clone();
    step.extra.insert("owner".into(), json!("Ann"));
    let steps: Vec<Step> = ours
        .steps()
        .iter()
        .map(|s| {
            if s.id == "tell" {
                step.clone()
            } else {
                Step::clone(s)
            }
        })
        .collect();
    let links: Vec<Link> = ours.links().iter().map(|l| Link::clone(l)).collect();
    ours.set_steps_and_links(steps, links).unwrap();
    let mut theirs = edited(
        &base,
        [set_step(
            "tell",
            StepValue::Emotion(Emotion::new(1).unwrap()),
        )],
    );
    theirs.extra.insert("review".into(), json!({"due": "May"}));
    let merged = compare::merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let tell = merged.document.step("tell").unwrap();
    assert_eq!(tell.extra.get("owner"), Some(&json!("Ann")));
    assert_eq!(tell.title, "Tell them");
    assert_eq!(tell.emotion.value(), 1);
    assert_eq!(
        merged.document.extra.get("review"),
        Some(&json!({"due": "May"}))
    );
}

#[test]
fn where_each_side_looked_when_saving_is_not_a_conflict() {
    let base = service_loop();
    let mut ours = base.clone();
    ours.view.center = [100.0, 0.0];
    let mut theirs = base.clone();
    theirs.view.center = [-50.0, 20.0];
    theirs.view.zoom = 0.5;
    let merged = compare::merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.document.view.center, [100.0, 0.0]);
    assert_eq!(
        merged.document.view.zoom, 0.5,
        "only theirs changed the zoom"
    );
}

#[test]
fn the_command_writes_the_merge_and_exits_1_on_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let base = service_loop();
    let b = write(dir.path(), "base.json", &base);
    let o = write(
        dir.path(),
        "ours.json",
        &edited(&base, [set_step("care", StepValue::Title("Ours".into()))]),
    );
    let t = write(
        dir.path(),
        "theirs.json",
        &edited(
            &base,
            [
                set_step("care", StepValue::Title("Theirs".into())),
                set_step("buy", StepValue::Title("Pay".into())),
            ],
        ),
    );
    let args = |out: &str| {
        vec![
            "merge".to_owned(),
            b.display().to_string(),
            o.display().to_string(),
            t.display().to_string(),
            "-o".to_owned(),
            out.to_owned(),
        ]
    };
    let output = run_in(
        dir.path(),
        &args("out.json")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "journey-designer: 1 conflict; the merged journey keeps ours at each:\n  \
         steps[id=care].title (Ours): both changed it; ours \"Ours\", theirs \"Theirs\"; kept ours\n"
    );
    let merged = journey_designer::format::load_file(&dir.path().join("out.json")).unwrap();
    assert_eq!(merged.step("care").unwrap().title, "Ours");
    assert_eq!(merged.step("buy").unwrap().title, "Pay");
    // Clean: theirs against itself as ours.
    let clean = run_in(
        dir.path(),
        &[
            "merge",
            b.to_str().unwrap(),
            t.to_str().unwrap(),
            t.to_str().unwrap(),
        ],
    );
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));
    assert_eq!(
        text(&clean.stdout),
        std::fs::read_to_string(&t).unwrap(),
        "written to standard output"
    );
    let missing = run_in(
        dir.path(),
        &[
            "merge",
            "nope.json",
            o.to_str().unwrap(),
            t.to_str().unwrap(),
        ],
    );
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn an_empty_base_means_both_sides_added_the_journey() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.json"), "").unwrap();
    let o = write(dir.path(), "ours.json", &service_loop());
    let t = write(
        dir.path(),
        "theirs.json",
        &edited(
            &service_loop(),
            [set_step("care", StepValue::Title("Theirs".into()))],
        ),
    );
    let output = run_in(
        dir.path(),
        &[
            "merge",
            "base.json",
            o.to_str().unwrap(),
            t.to_str().unwrap(),
            "-o",
            "out.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("steps[id=care] (Care): both added it"),
        "{}",
        text(&output.stderr)
    );
    let merged = journey_designer::format::load_file(&dir.path().join("out.json")).unwrap();
    assert_eq!(merged, service_loop());
}
