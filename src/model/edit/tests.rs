use super::*;
use crate::model::Desire;

fn sample() -> Document {
    let mut doc = Document::new("Sample");
    let steps = vec![
        Step::new("a", Stage::Tell, "A", [0.0, 0.0]),
        Step::new("b", Stage::Buy, "B", [100.0, 0.0]),
        Step::new("c", Stage::Care, "C", [0.0, 100.0]),
    ];
    let links = vec![
        Link::new("ab", "a", "b"),
        Link::new("bc", "b", "c"),
        Link::new("ca", "c", "a"),
    ];
    doc.set_steps_and_links(steps, links).unwrap();
    doc
}

/// Applies `edit`, checks the document changed, applies the inverse, checks it is restored,
/// and that redoing gives the same changed document again.
#[expect(
    clippy::needless_pass_by_value,
    reason = "reads better at the many call sites"
)]
fn round_trip(edit: Edit) -> Document {
    round_trip_from(&sample(), &edit)
}

#[test]
fn insert_steps_and_links() {
    let base = sample();
    let doc = round_trip(Edit::add(
        &base,
        vec![Step::new("d", Stage::Delight, "D", [5.0, 5.0])],
        vec![Link::new("cd", "c", "d")],
    ));
    assert_eq!(doc.steps().len(), 4);
    assert_eq!(doc.link("cd").map(|l| l.to.as_str()), Some("d"));
    // Inserting in the middle keeps its index.
    let doc = round_trip(Edit::Insert {
        steps: vec![(0, Step::new("z", Stage::Tell, "Z", [0.0, 0.0]))],
        links: vec![],
    });
    assert_eq!(doc.steps()[0].id, "z");
    assert_eq!(doc.step_position("a"), Some(1));
}

#[test]
fn remove_step_takes_its_links_and_undo_restores_order() {
    let doc = round_trip(Edit::remove_steps(vec!["b".into()]));
    assert!(doc.step("b").is_none());
    assert_eq!(
        doc.links()
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>(),
        ["ca"]
    );
}

#[test]
fn remove_links_only() {
    let doc = round_trip(Edit::Remove {
        steps: vec![],
        links: vec!["bc".into()],
    });
    assert_eq!(doc.links().len(), 2);
    assert_eq!(doc.steps().len(), 3);
}

#[test]
fn move_steps() {
    let doc = round_trip(Edit::Move(vec![
        ("a".into(), [7.0, 8.0]),
        ("c".into(), [-1.0, 2.5]),
    ]));
    assert_eq!(doc.step("a").unwrap().position, [7.0, 8.0]);
    assert_eq!(doc.step("c").unwrap().position, [-1.0, 2.5]);
}

/// A value to set, and how the thing it is set on must change: that field, nothing else.
type Case<Value, Thing> = (Value, fn(&mut Thing));

#[test]
fn set_every_step_field() {
    // Each value, and the step as it must be afterwards: that field changed, nothing else.
    let cases: [Case<StepValue, Step>; 13] = [
        (StepValue::Title("New".into()), |s| s.title = "New".into()),
        (StepValue::Stage(Stage::WordOfMouth), |s| {
            s.stage = Stage::WordOfMouth;
        }),
        (StepValue::Notes("n".into()), |s| s.notes = "n".into()),
        (StepValue::Emotion(Emotion::new(-2).unwrap()), |s| {
            s.emotion = Emotion::new(-2).unwrap();
        }),
        (StepValue::Channels(vec!["email".into()]), |s| {
            s.channels = vec!["email".into()];
        }),
        (StepValue::Touchpoints(vec!["checkout".into()]), |s| {
            s.touchpoints = vec!["checkout".into()];
        }),
        (StepValue::PainPoints(vec!["slow".into()]), |s| {
            s.pain_points = vec!["slow".into()];
        }),
        (StepValue::Opportunities(vec!["faster".into()]), |s| {
            s.opportunities = vec!["faster".into()];
        }),
        (StepValue::Position([3.0, 4.0]), |s| s.position = [3.0, 4.0]),
        (StepValue::Reach(Some(250.0)), |s| s.reach = Some(250.0)),
        (
            StepValue::Events(vec!["paid".into(), "checkout_*".into()]),
            |s| {
                s.events = vec!["paid".into(), "checkout_*".into()].into();
            },
        ),
        (StepValue::Stay(Some(0.4)), |s| s.stay = Some(0.4)),
        (StepValue::Referrals(Some(0.12)), |s| {
            s.referrals = Some(0.12);
        }),
    ];
    for (value, expect) in cases {
        let described = format!("{value:?}");
        let doc = round_trip(Edit::SetStep {
            id: "b".into(),
            value,
        });
        let mut expected = Step::clone(sample().step("b").unwrap());
        expect(&mut expected);
        assert_eq!(doc.step("b"), Some(&expected), "{described}");
        assert_eq!(doc.step("a"), sample().step("a"), "{described}");
    }
}

#[test]
fn set_every_link_field() {
    let cases: [Case<LinkValue, Link>; 4] = [
        (LinkValue::Label("refers".into()), |l| {
            l.label = "refers".into();
        }),
        (LinkValue::Rate(Some(0.25)), |l| l.rate = Some(0.25)),
        (LinkValue::From("c".into()), |l| l.from = "c".into()),
        (LinkValue::To("a".into()), |l| l.to = "a".into()),
    ];
    for (value, expect) in cases {
        let described = format!("{value:?}");
        let doc = round_trip(Edit::SetLink {
            id: "ab".into(),
            value,
        });
        let mut expected = Link::clone(sample().link("ab").unwrap());
        expect(&mut expected);
        assert_eq!(doc.link("ab"), Some(&expected), "{described}");
        assert_eq!(doc.link("bc"), sample().link("bc"), "{described}");
    }
}

#[test]
fn set_every_frame_field() {
    let bookmark = || crate::model::Bookmark::new("Start", [10.0, -20.0], 0.5);
    let cases: [Case<FrameValue, Document>; 13] = [
        (FrameValue::Title("T".into()), |d| d.title = "T".into()),
        (FrameValue::CoreNarrative("better world".into()), |d| {
            d.core_narrative = "better world".into();
        }),
        (FrameValue::AudienceDescription("founders".into()), |d| {
            d.audience.description = "founders".into();
        }),
        (FrameValue::AudienceSize(Some(10_000)), |d| {
            d.audience.size = Some(10_000);
        }),
        (FrameValue::Uniqueness("only one".into()), |d| {
            d.audience.uniqueness = "only one".into();
        }),
        (
            FrameValue::Desires(Desires::NONE.with(Desire::Wealthier, true)),
            |d| d.audience.desires = Desires::NONE.with(Desire::Wealthier, true),
        ),
        (FrameValue::External("need".into()), |d| {
            d.problems.external = "need".into();
        }),
        (FrameValue::Internal("fear".into()), |d| {
            d.problems.internal = "fear".into();
        }),
        (FrameValue::Philosophical("bigger".into()), |d| {
            d.problems.philosophical = "bigger".into();
        }),
        (FrameValue::Scenarios(vec![crisis()]), |d| {
            d.set_scenarios(vec![crisis()]).unwrap();
        }),
        (FrameValue::Bookmarks(vec![bookmark()]), |d| {
            d.view.bookmarks = vec![crate::model::Bookmark::new("Start", [10.0, -20.0], 0.5)];
        }),
        (
            FrameValue::MapLanes(vec![Lane::Channels, Lane::Steps]),
            |d| {
                d.view.lanes = vec![Lane::Channels, Lane::Steps];
            },
        ),
        (FrameValue::HiddenLanes(vec![Lane::Emotion]), |d| {
            d.view.hidden_lanes = vec![Lane::Emotion];
        }),
    ];
    for (value, expect) in cases {
        let described = format!("{value:?}");
        let doc = round_trip(Edit::SetFrame(value));
        let mut expected = sample();
        expect(&mut expected);
        assert_eq!(doc, expected, "{described}");
    }
}

/// A scenario overriding step "b" and link "bc" of the sample.
fn crisis() -> Scenario {
    use crate::model::{LinkOverride, StepOverride};
    Scenario {
        steps: vec![(
            "b".into(),
            StepOverride {
                reach: Some(0.0),
                ..StepOverride::default()
            },
        )],
        links: vec![(
            "bc".into(),
            LinkOverride {
                rate: Some(0.1),
                ..LinkOverride::default()
            },
        )],
        ..Scenario::new("crisis")
    }
}

#[test]
fn unsetting_a_number_is_undone_too() {
    let mut doc = sample();
    let _ = Edit::SetStep {
        id: "a".into(),
        value: StepValue::Stay(Some(0.5)),
    }
    .apply(&mut doc)
    .unwrap();
    let with_stay = doc.clone();
    let undo = Edit::SetStep {
        id: "a".into(),
        value: StepValue::Stay(None),
    }
    .apply(&mut doc)
    .unwrap();
    assert_eq!(doc.step("a").unwrap().stay, None);
    let _ = undo.apply(&mut doc).unwrap();
    assert_eq!(doc, with_stay);
}

#[test]
fn removing_a_step_or_link_takes_its_overrides_and_undo_restores_them() {
    let mut doc = sample();
    let _ = Edit::SetFrame(FrameValue::Scenarios(vec![crisis()]))
        .apply(&mut doc)
        .unwrap();
    let before = doc.clone();
    // Removing "c" removes link "bc", overridden by the scenario.
    let undo = Edit::remove_steps(vec!["c".into()])
        .apply(&mut doc)
        .unwrap();
    assert_eq!(doc.scenarios()[0].links, []);
    assert_eq!(doc.scenarios()[0].steps.len(), 1);
    let redo = undo.apply(&mut doc).unwrap();
    assert_eq!(doc, before);
    let _ = redo.apply(&mut doc).unwrap();
    assert!(doc.scenarios()[0].links.is_empty());
    // The saved journey stays valid: every id a scenario names exists.
    assert!(crate::model::scenario::check_scenarios(&doc, doc.scenarios()).is_ok());
}

#[test]
fn frame_edits_change_the_revision() {
    let mut doc = sample();
    let revision = doc.revision();
    let _ = Edit::SetFrame(FrameValue::AudienceSize(Some(5)))
        .apply(&mut doc)
        .unwrap();
    assert_ne!(doc.revision(), revision);
}

#[test]
fn batch_inverts_in_reverse_order() {
    let doc = round_trip(Edit::Batch {
        label: "Change stage of 2 steps".into(),
        edits: vec![
            Edit::SetStep {
                id: "a".into(),
                value: StepValue::Stage(Stage::Care),
            },
            Edit::SetStep {
                id: "b".into(),
                value: StepValue::Stage(Stage::Care),
            },
            Edit::remove_steps(vec!["a".into()]),
        ],
    });
    assert_eq!(doc.step("b").unwrap().stage, Stage::Care);
    assert!(doc.step("a").is_none());
}

#[test]
fn an_empty_id_is_reported_at_its_place() {
    let doc = sample();
    let edit = Edit::add(
        &doc,
        vec![
            Step::new("fresh", Stage::Tell, "", [0.0, 0.0]),
            Step::new("", Stage::Tell, "", [0.0, 0.0]),
        ],
        vec![],
    );
    let n = doc.steps().len();
    let empty = |path: String| {
        Err(ModelError::Invalid(crate::model::Problem {
            path,
            kind: crate::model::ProblemKind::EmptyId,
        }))
    };
    assert_eq!(
        edit.apply(&mut doc.clone()),
        empty(format!("steps[{}].id", n + 1))
    );
    let edit = Edit::add(&doc, vec![], vec![Link::new("", "a", "b")]);
    assert_eq!(
        edit.apply(&mut doc.clone()),
        empty(format!("links[{}].id", doc.links().len()))
    );
}

#[test]
fn invalid_edits_are_refused_and_change_nothing() {
    let original = sample();
    let bad = [
        Edit::add(
            &original,
            vec![Step::new("a", Stage::Tell, "dup", [0.0, 0.0])],
            vec![],
        ),
        Edit::add(&original, vec![], vec![Link::new("x", "a", "nowhere")]),
        Edit::add(&original, vec![], vec![Link::new("ab", "a", "b")]),
        Edit::add(
            &original,
            vec![Step::new("", Stage::Tell, "", [0.0, 0.0])],
            vec![],
        ),
        Edit::Move(vec![("a".into(), [f64::NAN, 0.0])]),
        Edit::Move(vec![("a".into(), [1.0, 1.0]), ("nope".into(), [0.0, 0.0])]),
        Edit::SetLink {
            id: "ab".into(),
            value: LinkValue::Rate(Some(1.5)),
        },
        Edit::SetLink {
            id: "ab".into(),
            value: LinkValue::To("nope".into()),
        },
        Edit::remove_steps(vec!["nope".into()]),
        Edit::SetStep {
            id: "a".into(),
            value: StepValue::Stay(Some(1.5)),
        },
        Edit::SetStep {
            id: "a".into(),
            value: StepValue::Reach(Some(-1.0)),
        },
        Edit::SetStep {
            id: "a".into(),
            value: StepValue::Referrals(Some(f64::INFINITY)),
        },
        Edit::SetStep {
            id: "a".into(),
            value: StepValue::Events(vec!["checkout_**".into()]),
        },
        Edit::SetStep {
            id: "a".into(),
            value: StepValue::Events(vec!["paid".into(), "paid".into()]),
        },
        Edit::SetFrame(FrameValue::Scenarios(vec![Scenario {
            links: vec![("nope".into(), crate::model::LinkOverride::default())],
            ..Scenario::new("x")
        }])),
        Edit::Insert {
            steps: vec![(9, Step::new("q", Stage::Tell, "", [0.0, 0.0]))],
            links: vec![],
        },
        Edit::Batch {
            label: "half".into(),
            edits: vec![
                Edit::SetStep {
                    id: "a".into(),
                    value: StepValue::Title("changed".into()),
                },
                Edit::SetStep {
                    id: "nope".into(),
                    value: StepValue::Title("x".into()),
                },
            ],
        },
    ];
    for edit in bad {
        let mut doc = original.clone();
        assert!(
            edit.clone().apply(&mut doc).is_err(),
            "{edit:?} was accepted"
        );
        assert_eq!(doc, original, "{edit:?} changed the document");
    }
}

#[test]
fn only_moves_and_structure_change_the_geometry_revision() {
    let mut doc = sample();
    let geometry = doc.geometry_revision();
    let revision = doc.revision();
    let _ = Edit::SetStep {
        id: "a".into(),
        value: StepValue::Title("x".into()),
    }
    .apply(&mut doc)
    .unwrap();
    let _ = Edit::SetLink {
        id: "ab".into(),
        value: LinkValue::Label("x".into()),
    }
    .apply(&mut doc)
    .unwrap();
    assert_ne!(doc.revision(), revision);
    assert_eq!(
        doc.geometry_revision(),
        geometry,
        "text edits keep the geometry"
    );
    for edit in [
        Edit::Move(vec![("a".into(), [1.0, 2.0])]),
        Edit::SetStep {
            id: "b".into(),
            value: StepValue::Position([3.0, 4.0]),
        },
        Edit::SetLink {
            id: "ab".into(),
            value: LinkValue::To("c".into()),
        },
        Edit::remove_steps(vec!["c".into()]),
    ] {
        let before = doc.geometry_revision();
        let _ = edit.clone().apply(&mut doc).unwrap();
        assert_ne!(
            doc.geometry_revision(),
            before,
            "{edit:?} changes the geometry"
        );
    }
}

#[test]
fn empty_edits_are_recognised() {
    assert!(Edit::Move(vec![]).is_empty());
    assert!(
        Edit::Batch {
            label: "x".into(),
            edits: vec![Edit::remove_steps(vec![])]
        }
        .is_empty()
    );
    assert!(!Edit::Move(vec![("a".into(), [0.0, 0.0])]).is_empty());
    assert!(!Edit::SetFrame(FrameValue::Title(String::new())).is_empty());
}

#[test]
fn labels_name_the_action() {
    let doc = sample();
    assert_eq!(
        Edit::Move(vec![
            ("a".into(), [0.0; 2]),
            ("b".into(), [0.0; 2]),
            ("c".into(), [0.0; 2])
        ])
        .label(),
        "Move 3 steps"
    );
    assert_eq!(
        Edit::add(
            &doc,
            vec![Step::new("q", Stage::Tell, "", [0.0; 2])],
            vec![]
        )
        .label(),
        "Add step"
    );
    assert_eq!(
        Edit::remove_steps(vec!["a".into(), "b".into()]).label(),
        "Delete 2 steps"
    );
    assert_eq!(
        Edit::SetStep {
            id: "a".into(),
            value: StepValue::Title(String::new())
        }
        .label(),
        "Rename step"
    );
}

fn colour() -> crate::model::Colour {
    crate::model::Colour([0x2f, 0x6f, 0xde])
}

/// The sample with two personas; step "c" applies to "early" only and gives "family"
/// its own emotion.
fn with_personas() -> Document {
    let mut doc = sample();
    doc.set_personas(vec![
        Persona::new("early", "Early adopter", colour()),
        Persona::new("family", "Family", colour()),
    ])
    .unwrap();
    let step = |id: &str| Edit::SetStep {
        id: id.into(),
        value: StepValue::Personas(vec!["early".into()]),
    };
    let _ = step("c").apply(&mut doc).unwrap();
    let _ = Edit::SetStep {
        id: "c".into(),
        value: StepValue::PersonaEmotions(vec![("family".into(), Emotion::new(-2).unwrap())]),
    }
    .apply(&mut doc)
    .unwrap();
    doc
}

/// [`round_trip`] from another starting document.
fn round_trip_from(original: &Document, edit: &Edit) -> Document {
    let mut doc = original.clone();
    let inverse = edit.clone().apply(&mut doc).unwrap();
    assert_ne!(&doc, original, "{edit:?} changed nothing");
    let changed = doc.clone();
    let redo = inverse.apply(&mut doc).unwrap();
    assert_eq!(
        &doc, original,
        "undo of {edit:?} did not restore the document"
    );
    let _ = redo.apply(&mut doc).unwrap();
    assert_eq!(doc, changed, "redo of {edit:?} differs");
    changed
}

#[test]
fn persona_fields_of_steps_and_the_journey_undo() {
    let base = with_personas();
    for value in [
        StepValue::Personas(vec!["family".into(), "early".into()]),
        StepValue::Personas(vec![]),
        StepValue::PersonaEmotions(vec![
            ("early".into(), Emotion::new(1).unwrap()),
            ("family".into(), Emotion::new(0).unwrap()),
        ]),
    ] {
        round_trip_from(
            &base,
            &Edit::SetStep {
                id: "c".into(),
                value,
            },
        );
    }
    let mut renamed = base.personas().to_vec();
    renamed[1].name = "The family buying its second car".into();
    renamed[1].goals = vec!["room for three children".into()];
    renamed.swap(0, 1);
    let doc = round_trip_from(&base, &Edit::SetFrame(FrameValue::Personas(renamed)));
    assert_eq!(doc.personas()[0].id, "family");
    round_trip_from(
        &base,
        &Edit::SetFrame(FrameValue::MapLanes(vec![Lane::Emotion])),
    );
    round_trip_from(
        &base,
        &Edit::SetFrame(FrameValue::HiddenLanes(vec![Lane::Channels, Lane::Steps])),
    );
}

#[test]
fn unknown_or_repeated_personas_are_refused() {
    let original = with_personas();
    let bad = [
        Edit::SetStep {
            id: "a".into(),
            value: StepValue::Personas(vec!["early".into(), "p9".into()]),
        },
        Edit::SetStep {
            id: "a".into(),
            value: StepValue::Personas(vec!["early".into(), "early".into()]),
        },
        Edit::SetStep {
            id: "a".into(),
            value: StepValue::PersonaEmotions(vec![("p9".into(), Emotion::default())]),
        },
        // "c" still names both personas.
        Edit::SetFrame(FrameValue::Personas(vec![Persona::new(
            "early",
            "E",
            colour(),
        )])),
        Edit::SetFrame(FrameValue::Personas(vec![
            Persona::new("early", "E", colour()),
            Persona::new("family", "F", colour()),
            Persona::new("early", "again", colour()),
        ])),
        Edit::SetFrame(FrameValue::Personas(vec![Persona::new("", "E", colour())])),
        Edit::SetFrame(FrameValue::HiddenLanes(vec![Lane::Steps, Lane::Steps])),
        Edit::add(
            &original,
            vec![{
                let mut s = Step::new("new", Stage::Tell, "", [0.0, 0.0]);
                s.personas = vec!["p9".into()];
                s
            }],
            vec![],
        ),
    ];
    for edit in bad {
        let mut doc = original.clone();
        assert!(
            edit.clone().apply(&mut doc).is_err(),
            "{edit:?} was accepted"
        );
        assert_eq!(doc, original, "{edit:?} changed the document");
    }
    let mut doc = original.clone();
    assert_eq!(
        Edit::SetStep {
            id: "b".into(),
            value: StepValue::Personas(vec!["p9".into()]),
        }
        .apply(&mut doc)
        .unwrap_err()
        .to_string(),
        "steps[1].personas[0]: there is no persona with id \"p9\""
    );
}

#[test]
fn removing_a_persona_takes_it_off_every_step_in_one_undo_step() {
    let base = with_personas();
    for (id, left) in [("early", "family"), ("family", "early")] {
        let edit = crate::model::builders::remove_persona(&base, id).unwrap();
        let doc = round_trip_from(&base, &edit);
        let ids: Vec<&str> = doc.personas().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, [left]);
        let c = doc.step("c").unwrap();
        assert!(!c.personas.iter().any(|p| p == id), "{c:?}");
        assert!(!c.persona_emotions.iter().any(|(p, _)| p == id), "{c:?}");
    }
    assert!(crate::model::builders::remove_persona(&base, "p9").is_none());
}

#[test]
fn reorder_moves_a_step_and_undo_puts_it_back() {
    let order = |d: &Document| d.steps().iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    let doc = round_trip(Edit::Reorder {
        id: "a".into(),
        index: 2,
    });
    assert_eq!(order(&doc), ["b", "c", "a"]);
    assert_eq!(doc.step_position("a"), Some(2));
    assert_eq!(doc.step("a").map(|s| s.title.as_str()), Some("A"));
    let doc = round_trip(Edit::Reorder {
        id: "c".into(),
        index: 0,
    });
    assert_eq!(order(&doc), ["c", "a", "b"]);
    let mut doc = sample();
    assert!(
        Edit::Reorder {
            id: "a".into(),
            index: 3
        }
        .apply(&mut doc)
        .is_err()
    );
    assert!(
        Edit::Reorder {
            id: "x".into(),
            index: 0
        }
        .apply(&mut doc)
        .is_err()
    );
    assert_eq!(doc, sample());
}

#[test]
fn persona_and_lane_edits_give_a_new_revision() {
    let mut doc = with_personas();
    for edit in [
        Edit::SetFrame(FrameValue::HiddenLanes(vec![Lane::Channels])),
        Edit::SetFrame(FrameValue::MapLanes(vec![Lane::Emotion])),
        Edit::SetFrame(FrameValue::Personas(doc.personas().to_vec())),
    ] {
        let before = doc.revision();
        let _ = edit.clone().apply(&mut doc).unwrap();
        assert_ne!(doc.revision(), before, "{edit:?}");
    }
}
