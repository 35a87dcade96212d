//! The journey file format, tested from outside the crate: the corpus of bad and good
//! files, save → load → save identity for any document, robustness against any input,
//! and loading and saving real files.

use std::fs;
use std::path::{Path, PathBuf};

use journey_designer::format::{self, LoadError};
use journey_designer::model::Document;

fn corpus(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(kind)
}

/// The files of a corpus folder with the given extension, sorted by name.
fn files(kind: &str, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus(kind))
        .expect("the corpus folder")
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    path.file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// Every file of `tests/corpus/bad` is refused with exactly the message lines of its
/// `.expected` file, so each file documents the error a user sees.
mod bad_files {
    use super::*;

    #[test]
    fn every_bad_file_gives_its_expected_messages() {
        let bad = files("bad", "json");
        assert!(bad.len() >= 25, "only {} bad files", bad.len());
        let mut failures = Vec::new();
        for path in &bad {
            let expected_path = path.with_extension("expected");
            let Ok(expected) = fs::read_to_string(&expected_path) else {
                failures.push(format!("{}: no {} file", name(path), name(&expected_path)));
                continue;
            };
            let expected = expected.strip_suffix('\n').unwrap_or(&expected);
            match format::from_slice(&fs::read(path).unwrap()) {
                Ok(_) => failures.push(format!("{}: loaded without an error", name(path))),
                Err(err) if err.to_string() != expected => failures.push(format!(
                    "{}:\n--- expected\n{expected}\n--- got\n{err}",
                    name(path)
                )),
                Err(_) => {}
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    }

    #[test]
    fn every_expected_file_belongs_to_a_bad_file() {
        for expected in files("bad", "expected") {
            assert!(
                expected.with_extension("json").exists(),
                "{} has no .json file",
                name(&expected)
            );
        }
    }

    #[test]
    fn every_message_line_names_where_the_problem_is() {
        for path in files("bad", "json") {
            let err = format::from_slice(&fs::read(&path).unwrap()).unwrap_err();
            match &err {
                LoadError::Content(errors) => {
                    assert!(!errors.is_empty(), "{}", name(&path));
                    for e in errors {
                        assert!(
                            e.path == "(file)"
                                || e.path.starts_with(|c: char| c.is_ascii_lowercase()),
                            "{}: {e}",
                            name(&path)
                        );
                        assert!(!e.message.is_empty(), "{}: {e}", name(&path));
                    }
                }
                LoadError::Syntax { line, column, .. } | LoadError::NotText { line, column } => {
                    assert!(*line >= 1 && *column >= 1, "{}: {err}", name(&path));
                    assert!(
                        err.to_string()
                            .starts_with(&format!("line {line}, column {column}: ")),
                        "{}: {err}",
                        name(&path)
                    );
                }
                LoadError::NewerVersion { found, supported } => {
                    assert!(found > supported, "{}: {err}", name(&path));
                }
            }
        }
    }

    #[test]
    fn all_content_errors_are_reported_at_once() {
        let text = fs::read(corpus("bad").join("several-errors.json")).unwrap();
        let Err(LoadError::Content(errors)) = format::from_slice(&text) else {
            panic!("several-errors.json should have content errors");
        };
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        for path in [
            "title",
            "audience.size",
            "audience.desires[0]",
            "steps[0].stage",
            "steps[0].emotion",
            "steps[1].position",
            "steps[1].id",
            "steps[2].id",
            "links[0].rate",
            "links[0].to",
            "links[1].id",
            "links[1].from",
            "view.zoom",
        ] {
            assert!(paths.contains(&path), "{path} not reported in {paths:?}");
        }
    }

    #[test]
    fn a_newer_version_names_both_versions() {
        let text = r#"{"format": "journey-designer", "version": 7, "steps": 5}"#;
        let err = format::from_str(text).unwrap_err();
        assert_eq!(
            err,
            LoadError::NewerVersion {
                found: 7,
                supported: format::VERSION
            }
        );
        let message = err.to_string();
        assert!(message.contains("version 7"), "{message}");
        assert!(
            message.contains(&format!("up to {}", format::VERSION)),
            "{message}"
        );
    }

    #[test]
    fn very_deep_nesting_of_any_kind_is_an_error_not_a_crash() {
        let depth = 100_000;
        let arrays = format!(
            r#"{{"format": "journey-designer", "version": 1, "x": {}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let objects = format!(
            r#"{{"format": "journey-designer", "version": 1, "x": {}1{}}}"#,
            r#"{"a": "#.repeat(depth),
            "}".repeat(depth)
        );
        let open_only = "[".repeat(depth);
        for text in [arrays, objects, open_only] {
            let err = format::from_str(&text).unwrap_err();
            assert!(
                matches!(&err, LoadError::Syntax { message, .. } if message.contains("nested too deeply")),
                "{err}"
            );
        }
    }

    #[test]
    fn syntax_columns_count_characters_not_bytes() {
        // "é" and "☺" take two and three bytes; the column counts each as one.
        let text = "{\"title\": \"é☺\" 1}";
        let Err(LoadError::Syntax { line, column, .. }) = format::from_str(text) else {
            panic!("expected a syntax error");
        };
        assert_eq!((line, column), (1, 16));
        assert_eq!(text.chars().nth(column - 1), Some('1'));
    }

    #[test]
    fn invalid_utf8_is_located_at_the_first_bad_byte() {
        let bytes = b"{\n  \"title\": \"\xc3\xa9t\xe9\"\n}";
        assert_eq!(
            format::from_slice(bytes),
            Err(LoadError::NotText {
                line: 2,
                column: 15
            })
        );
    }
}

/// Files that must load, and the promises about saving them again.
mod good_files {
    use super::*;
    use serde_json::Value;

    fn load(file: &str) -> (Vec<u8>, Document) {
        let bytes = fs::read(corpus("good").join(file)).expect("a good corpus file");
        let doc = format::from_slice(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        (bytes, doc)
    }

    #[test]
    fn every_good_file_loads_and_saves_stably() {
        let good = files("good", "json");
        assert!(good.len() >= 4);
        for path in good {
            let (_, doc) = load(&name(&path));
            let saved = format::to_string(&doc);
            let again = format::from_str(&saved)
                .unwrap_or_else(|e| panic!("{}: saved text does not load: {e}", name(&path)));
            assert_eq!(again, doc, "{}", name(&path));
            assert_eq!(format::to_string(&again), saved, "{}", name(&path));
        }
    }

    #[test]
    fn personas_and_map_lanes_are_read_by_both_readers_alike() {
        use journey_designer::model::{Colour, Emotion, Lane};
        let (bytes, doc) = load("canonical-personas.json");
        // `from_slice` takes the fast path for a valid current file; `from_value` the full one.
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(format::from_value(value), Ok(doc.clone()));
        let early = doc.persona("early").unwrap();
        assert_eq!(early.goals, ["be first", "drive the future"]);
        assert_eq!(early.colour, Colour([0x2f, 0x6f, 0xde]));
        assert_eq!(early.extra["avatar"], "rocket.png");
        let care = doc.step("care").unwrap();
        assert_eq!(care.personas, ["family", "early"]);
        assert_eq!(
            care.persona_emotions,
            [
                ("early".to_owned(), Emotion::new(1).unwrap()),
                ("family".to_owned(), Emotion::new(-2).unwrap())
            ]
        );
        assert_eq!(care.emotion_of("family"), Emotion::new(-2));
        assert_eq!(doc.step("school").unwrap().emotion_of("early"), None);
        assert_eq!(
            doc.view.lanes,
            [Lane::Steps, Lane::Emotion, Lane::PainPoints]
        );
        assert_eq!(doc.view.hidden_lanes, [Lane::Channels]);
    }

    #[test]
    fn journeys_without_personas_or_lanes_do_not_gain_the_fields() {
        let (_, doc) = load("canonical-stripe.json");
        let text = format::to_string(&doc);
        for key in [
            "\"personas\"",
            "persona_emotions",
            "\"lanes\"",
            "hidden_lanes",
        ] {
            assert!(!text.contains(key), "{key} written");
        }
    }

    #[test]
    fn the_minimal_file_is_an_empty_journey() {
        let (_, doc) = load("minimal.json");
        assert_eq!(doc, Document::default());
        assert!(doc.steps().is_empty() && doc.links().is_empty());
        assert!(doc.audience.size.is_none() && doc.audience.desires.is_empty());
    }

    #[test]
    fn a_byte_order_mark_is_accepted_and_not_written_back() {
        let (bytes, doc) = load("byte-order-mark.json");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        assert_eq!(doc.title, "Saved by Notepad");
        let text = std::str::from_utf8(&bytes).unwrap();
        assert_eq!(format::from_str(text), Ok(doc.clone()));
        assert!(format::to_string(&doc).starts_with("{\n"));
    }

    #[test]
    fn canonical_files_save_back_byte_for_byte() {
        let canonical: Vec<PathBuf> = files("good", "json")
            .into_iter()
            .filter(|p| name(p).starts_with("canonical"))
            .collect();
        assert!(canonical.len() >= 2);
        for path in canonical {
            let (bytes, doc) = load(&name(&path));
            assert_eq!(
                format::to_string(&doc),
                String::from_utf8(bytes).unwrap(),
                "{}",
                name(&path)
            );
        }
    }

    #[test]
    fn templates_are_canonical() {
        for template in format::TEMPLATES {
            let doc = template.load().unwrap();
            assert_eq!(
                format::to_string(&doc),
                template.source,
                "{}",
                template.name
            );
        }
    }

    /// The keys of a JSON object, in order.
    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .expect("a JSON object")
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn unknown_fields_at_every_level_are_kept() {
        let (bytes, doc) = load("unknown-fields.json");
        assert_eq!(doc.extra.len(), 4);
        assert_eq!(doc.audience.extra.len(), 2);
        assert_eq!(doc.problems.extra.len(), 1);
        assert_eq!(doc.steps()[0].extra.len(), 2);
        assert_eq!(doc.steps()[1].extra.len(), 2);
        assert_eq!(doc.links()[0].extra.len(), 2);
        assert_eq!(doc.view.extra.len(), 2);

        // Saved and parsed again, the file holds every value it held before.
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let saved_text = format::to_string(&doc);
        let saved: Value = serde_json::from_str(&saved_text).unwrap();
        assert_eq!(saved, original);
        assert_eq!(format::from_str(&saved_text), Ok(doc));
    }

    #[test]
    fn unknown_fields_follow_the_known_ones_in_their_original_order() {
        let (_, doc) = load("unknown-fields.json");
        let saved: Value = serde_json::from_str(&format::to_string(&doc)).unwrap();
        assert_eq!(
            keys(&saved),
            [
                "format",
                "version",
                "title",
                "core_narrative",
                "audience",
                "problems",
                "steps",
                "links",
                "view",
                "generator",
                "comments",
                "empty_object",
                "empty_list"
            ]
        );
        assert_eq!(
            keys(&saved["audience"]),
            [
                "description",
                "size",
                "uniqueness",
                "desires",
                "segments",
                "persona"
            ]
        );
        assert_eq!(
            keys(&saved["audience"]["persona"]),
            ["name", "age", "tags", "notes"]
        );
        assert_eq!(
            keys(&saved["problems"]),
            ["external", "internal", "philosophical", "evidence"]
        );
        let step_keys = [
            "id",
            "stage",
            "title",
            "notes",
            "position",
            "emotion",
            "channels",
            "touchpoints",
            "pain_points",
            "opportunities",
        ];
        let mut first = step_keys.to_vec();
        first.extend(["lane", "metrics"]);
        assert_eq!(keys(&saved["steps"][0]), first);
        let mut second = step_keys.to_vec();
        second.extend(["attachments", "history"]);
        assert_eq!(keys(&saved["steps"][1]), second);
        assert_eq!(
            keys(&saved["links"][0]),
            ["id", "from", "to", "label", "rate", "weight", "style"]
        );
        assert_eq!(keys(&saved["view"]), ["center", "zoom", "grid", "layers"]);
    }

    #[test]
    fn the_canonical_layout() {
        let (_, doc) = load("unknown-fields.json");
        let text = format::to_string(&doc);
        assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
        assert!(!text.contains('\t') && !text.contains('\r'));
        // Two spaces per level.
        assert!(text.contains("\n  \"format\": \"journey-designer\",\n  \"version\": 1,\n"));
        assert!(text.contains("\n      \"id\": \"ad\",\n"));
        // Lists of plain values on one line, lists of objects one entry per line.
        assert!(text.contains("\"position\": [-120.5, 40.0],"));
        assert!(text.contains("\"desires\": [\"happier\", \"less_stressed\"],"));
        assert!(text.contains("\"evidence\": [\"interviews\", 12, true, null]\n"));
        assert!(text.contains("\"segments\": [\n      {\n        \"name\": \"families\","));
        assert!(text.contains("\"empty_object\": {},\n  \"empty_list\": []\n}\n"));
        for line in text.lines() {
            let indent = line.len() - line.trim_start_matches(' ').len();
            assert_eq!(indent % 2, 0, "odd indent: {line:?}");
        }
    }
}

/// Any valid document survives a save and a load, and arbitrary input never panics.
mod properties {
    use std::collections::HashSet;

    use journey_designer::model::{
        Colour, Desire, Desires, Emotion, Extra, Lane, Link, Persona, Point, Stage, Step,
    };
    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;

    fn finite() -> impl Strategy<Value = f64> {
        prop_oneof![
            4 => -5000.0..5000.0f64,
            2 => prop::num::f64::POSITIVE
                | prop::num::f64::NEGATIVE
                | prop::num::f64::NORMAL
                | prop::num::f64::SUBNORMAL
                | prop::num::f64::ZERO,
            1 => prop::sample::select(vec![0.0, -0.0, 1e300, -1e300, f64::MAX, f64::MIN, 0.1, 1e-300]),
        ]
    }

    fn point() -> impl Strategy<Value = Point> {
        [finite(), finite()]
    }

    /// Text with the characters that need care in JSON: quotes, backslashes, line breaks,
    /// control characters and any Unicode.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            2 => "[a-zA-Z0-9 ]{0,12}",
            2 => "[a-zé☺\"\\\\\n\r\t /\u{0}\u{1f}\u{7f}\u{2028}]{0,12}",
            1 => any::<String>(),
        ]
    }

    fn texts() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(text(), 0..4)
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            finite().prop_map(Value::from),
            text().prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 24, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((text(), inner), 0..5)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    /// Unknown fields; their names never clash with the known ones.
    fn extra() -> impl Strategy<Value = Extra> {
        prop::collection::vec(("x_[a-z_]{0,6}|x-\\PC{0,6}", json()), 0..3)
            .prop_map(|entries| entries.into_iter().collect())
    }

    fn stage() -> impl Strategy<Value = Stage> {
        prop::sample::select(Stage::ALL.to_vec())
    }

    fn emotion() -> impl Strategy<Value = Emotion> {
        (-2_i64..=2).prop_map(|v| Emotion::new(v).expect("an emotion in range"))
    }

    fn rate() -> impl Strategy<Value = Option<f64>> {
        prop_oneof![
            Just(None),
            (0.0..=1.0f64).prop_map(Some),
            prop::sample::select(vec![0.0, 1.0, -0.0]).prop_map(Some),
        ]
    }

    fn step(id: String) -> impl Strategy<Value = Step> {
        (
            (stage(), text(), text(), point(), emotion()),
            (texts(), texts(), texts(), texts(), extra()),
        )
            .prop_map(
                move |(
                    (stage, title, notes, position, emotion),
                    (channels, touchpoints, pain_points, opportunities, extra),
                )| {
                    let mut step = Step::new(id.clone(), stage, title, position);
                    step.notes = notes;
                    step.emotion = emotion;
                    step.channels = channels;
                    step.touchpoints = touchpoints;
                    step.pain_points = pain_points;
                    step.opportunities = opportunities;
                    step.extra = extra;
                    step
                },
            )
    }

    fn steps() -> impl Strategy<Value = Vec<Step>> {
        prop::collection::vec(
            prop_oneof!["[a-z0-9-]{1,6}", "\\PC{1,6}", "[\"\\\\ \n]{1,3}"],
            0..8,
        )
        .prop_map(|ids| {
            let mut seen = HashSet::new();
            ids.into_iter()
                .filter(|id| seen.insert(id.clone()))
                .collect::<Vec<_>>()
        })
        .prop_flat_map(|ids| ids.into_iter().map(step).collect::<Vec<_>>())
    }

    fn links(steps: &[Step]) -> BoxedStrategy<Vec<Link>> {
        if steps.is_empty() {
            return Just(Vec::new()).boxed();
        }
        let ids: Vec<String> = steps.iter().map(|s| s.id.clone()).collect();
        prop::collection::vec(
            (
                prop::sample::select(ids.clone()),
                prop::sample::select(ids),
                text(),
                rate(),
                extra(),
            ),
            0..10,
        )
        .prop_map(|ends| {
            ends.into_iter()
                .enumerate()
                .map(|(i, (from, to, label, rate, extra))| {
                    let mut link = Link::new(format!("{from}→{to} #{i}"), from, to);
                    link.label = label;
                    link.rate = rate;
                    link.extra = extra;
                    link
                })
                .collect()
        })
        .boxed()
    }

    fn lanes() -> impl Strategy<Value = Vec<Lane>> {
        prop::sample::subsequence(Lane::ALL.to_vec(), 0..=6).prop_shuffle()
    }

    /// Personas `p0`, `p1`, … with any text, and per step a choice of them (`mask` bit i:
    /// persona i) and own emotions; applied once the steps are known.
    fn personas() -> impl Strategy<Value = Vec<Persona>> {
        prop::collection::vec((text(), text(), texts(), any::<[u8; 3]>(), extra()), 0..4).prop_map(
            |items| {
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, description, goals, rgb, extra))| Persona {
                        id: format!("p{i}"),
                        name,
                        description,
                        goals,
                        colour: Colour(rgb),
                        extra,
                    })
                    .collect()
            },
        )
    }

    /// Gives step `i` the personas and emotions that `choices[i]` picks among `personas`.
    fn assign(steps: &mut [Step], personas: &[Persona], choices: &[(u8, u8, [i8; 4])]) {
        for (step, (listed, felt, values)) in steps.iter_mut().zip(choices) {
            let pick = |mask: u8| {
                personas
                    .iter()
                    .enumerate()
                    .filter(move |(i, _)| mask & (1 << i) != 0)
                    .map(|(i, p)| (i, p.id.clone()))
            };
            step.personas = pick(*listed).map(|(_, id)| id).collect();
            step.persona_emotions = pick(*felt)
                .map(|(i, id)| (id, Emotion::new(i64::from(values[i])).expect("-2..=2")))
                .collect();
            // Reversed, so file order is not always persona order.
            if listed % 3 == 0 {
                step.personas.reverse();
                step.persona_emotions.reverse();
            }
        }
    }

    fn document() -> impl Strategy<Value = Document> {
        let frame = (
            (text(), text(), text(), any::<Option<u64>>(), text()),
            (0_u8..32, text(), text(), text()),
            (extra(), extra(), extra()),
        );
        let view = (point(), prop::num::f64::POSITIVE | prop::num::f64::NORMAL);
        let graph = steps().prop_flat_map(|steps| {
            let links = links(&steps);
            (Just(steps), links)
        });
        let people = (
            personas(),
            prop::collection::vec(
                (
                    any::<u8>(),
                    any::<u8>(),
                    [-2_i8..=2, -2_i8..=2, -2_i8..=2, -2_i8..=2],
                ),
                8,
            ),
            lanes(),
            lanes(),
        );
        (frame, view, graph, extra(), people).prop_map(
            |(
                (
                    (title, narrative, description, size, uniqueness),
                    (desires, external, internal, philosophical),
                    (audience_extra, problems_extra, view_extra),
                ),
                (center, zoom),
                (mut steps, links),
                extra,
                (personas, choices, lanes, hidden_lanes),
            )| {
                let mut doc = Document::new(title);
                doc.core_narrative = narrative;
                doc.audience.description = description;
                doc.audience.size = size;
                doc.audience.uniqueness = uniqueness;
                doc.audience.desires = Desire::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| desires & (1 << i) != 0)
                    .map(|(_, d)| d)
                    .collect::<Desires>();
                doc.audience.extra = audience_extra;
                doc.problems.external = external;
                doc.problems.internal = internal;
                doc.problems.philosophical = philosophical;
                doc.problems.extra = problems_extra;
                doc.view.center = center;
                doc.view.zoom = zoom;
                doc.view.extra = view_extra;
                doc.extra = extra;
                doc.view.lanes = lanes;
                doc.view.hidden_lanes = hidden_lanes;
                assign(&mut steps, &personas, &choices);
                doc.set_personas(personas).expect("unique persona ids");
                doc.set_steps_and_links(steps, links)
                    .expect("unique step ids and links between them");
                doc
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn save_then_load_gives_the_same_document_and_the_same_text(doc in document()) {
            let text = format::to_string(&doc);
            let loaded = format::from_str(&text);
            prop_assert_eq!(loaded.as_ref(), Ok(&doc), "text:\n{}", text);
            let again = format::to_string(&loaded.unwrap());
            prop_assert_eq!(again, text);
        }

        #[test]
        fn saved_text_is_canonical(doc in document()) {
            let text = format::to_string(&doc);
            let head = "{\n  \"format\": \"journey-designer\",\n  \"version\": 1,\n";
            prop_assert!(text.ends_with("}\n"), "no final newline");
            prop_assert!(text.starts_with(head), "header: {:?}", &text[..40]);
            let value: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(value["steps"].as_array().map(Vec::len), Some(doc.steps().len()));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let _ = format::from_slice(&bytes);
        }

        /// The fast reader takes every saved journey, and both readers build it exactly.
        #[test]
        fn both_readers_build_every_saved_journey(doc in document()) {
            let text = format::to_string(&doc);
            prop_assert_eq!(format::read_fast(&text), Some(doc.clone()));
            prop_assert_eq!(format::read_full(&text), Ok(doc));
        }

        #[test]
        fn both_readers_build_every_generated_journey(
            steps in 0_usize..80,
            links in 0_usize..160,
            seed in any::<u64>(),
        ) {
            let doc = journey_designer::model::generate::journey(steps, links, seed);
            let text = format::to_string(&doc);
            prop_assert_eq!(format::read_fast(&text), Some(doc.clone()));
            prop_assert_eq!(format::read_full(&text), Ok(doc));
        }

        /// Layout and key order are not content: a journey written compactly with every
        /// object's keys reversed reads the same through both readers. (A step's
        /// `persona_emotions` keeps its entries in file order, as data, so it is left as is.)
        #[test]
        fn both_readers_ignore_layout_and_key_order(doc in document()) {
            fn reverse(value: &mut Value) {
                match value {
                    Value::Object(map) => {
                        let mut entries: Vec<(String, Value)> =
                            std::mem::take(map).into_iter().collect();
                        entries.reverse();
                        for (key, v) in &mut entries {
                            if key != "persona_emotions" {
                                reverse(v);
                            }
                        }
                        *map = entries.into_iter().collect();
                    }
                    Value::Array(items) => items.iter_mut().for_each(reverse),
                    _ => {}
                }
            }
            let mut value: Value = serde_json::from_str(&format::to_string(&doc)).unwrap();
            reverse(&mut value);
            let text = value.to_string();
            prop_assert_eq!(format::read_fast(&text), Some(doc.clone()));
            prop_assert_eq!(format::read_full(&text), Ok(doc));
        }

        /// On a damaged journey the fast reader accepts only what the full reader accepts,
        /// builds the same document, and gives up on a valid file only for a duplicate key;
        /// whatever loads saves back stably and every error says where (the soak's check).
        #[test]
        fn both_readers_agree_on_damaged_journeys(
            doc in document(),
            damage in prop::collection::vec(
                (any::<prop::sample::Index>(), prop::sample::select(
                    b"{}[],:\"0-1en tx\\\xff".to_vec(),
                )),
                1..4,
            ),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut bytes = format::to_string(&doc).into_bytes();
            for (at, byte) in damage {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            let cut = cut.index(bytes.len());
            for bytes in [&bytes[..], &bytes[..cut]] {
                let text = String::from_utf8_lossy(bytes);
                let fast = format::read_fast(&text);
                let full = format::read_full(&text);
                match fast {
                    Some(fast) => prop_assert_eq!(full, Ok(fast)),
                    None => prop_assert!(
                        full.is_err() || format::soak::has_duplicate_keys(&text),
                        "the fast reader gave up on a valid file"
                    ),
                }
                let checked = format::soak::check(bytes);
                prop_assert!(checked.is_ok(), "{:?}", checked);
            }
        }

        #[test]
        fn a_damaged_journey_never_panics(
            doc in document(),
            damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut bytes = format::to_string(&doc).into_bytes();
            for (at, byte) in damage {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            let _ = format::from_slice(&bytes);
            let cut = cut.index(bytes.len());
            let _ = format::from_slice(&bytes[..cut]);
        }

        #[test]
        fn arbitrary_json_never_panics(value in json()) {
            let _ = format::from_str(&value.to_string());
            let _ = format::from_str(&serde_json::to_string_pretty(&value).unwrap());
        }

        /// A journey header with arbitrary values in the known places reaches the content
        /// checks; it never panics, and whatever loads saves back stably.
        #[test]
        fn arbitrary_content_never_panics(
            fields in prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "title", "core_narrative", "audience", "problems", "steps", "links",
                        "view", "personas", "other",
                    ]),
                    json(),
                ),
                0..6,
            ),
            items in prop::collection::vec(
                prop::collection::vec(
                    (
                        prop::sample::select(vec![
                            "id", "stage", "title", "position", "emotion", "channels",
                            "from", "to", "rate", "center", "zoom", "size", "desires",
                            "personas", "persona_emotions", "lanes", "hidden_lanes", "colour",
                            "goals", "name",
                        ]),
                        json(),
                    ),
                    0..6,
                ),
                0..4,
            ),
        ) {
            let mut map = serde_json::Map::new();
            map.insert("format".into(), "journey-designer".into());
            map.insert("version".into(), 1.into());
            for (key, value) in fields {
                map.insert(key.into(), value);
            }
            let objects: Vec<Value> = items
                .into_iter()
                .map(|entries| {
                    Value::Object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
                })
                .collect();
            for key in ["steps", "links", "personas"] {
                map.entry(key).or_insert_with(|| Value::Array(objects.clone()));
            }
            for key in ["audience", "view"] {
                if let Some(first) = objects.first() {
                    map.entry(key).or_insert_with(|| first.clone());
                }
            }
            let text = Value::Object(map).to_string();
            if let Ok(doc) = format::from_str(&text) {
                let saved = format::to_string(&doc);
                let again = format::from_str(&saved);
                prop_assert_eq!(again.as_ref(), Ok(&doc));
            }
        }
    }
}

/// Loading and saving through the file system.
mod files {
    use journey_designer::format::FileError;
    use journey_designer::model::{Link, Stage, Step};

    use super::*;

    fn sample() -> Document {
        let mut doc = Document::new("Café \"loop\"");
        doc.set_steps_and_links(
            vec![
                Step::new("a", Stage::Tell, "Advert", [0.0, -10.5]),
                Step::new("b", Stage::Buy, "Checkout", [120.0, 3.25]),
            ],
            vec![Link::new("a-b", "a", "b")],
        )
        .expect("a valid sample");
        doc
    }

    #[test]
    fn a_saved_file_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journey.json");
        let doc = sample();
        format::save_file(&path, &doc).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), format::to_string(&doc));
        assert_eq!(format::load_file(&path).unwrap(), doc);
    }

    #[test]
    fn a_save_over_an_existing_file_replaces_it_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journey.json");
        fs::write(&path, "x".repeat(10_000)).unwrap();
        let doc = sample();
        format::save_file(&path, &doc).unwrap();
        assert_eq!(format::load_file(&path).unwrap(), doc);
        let mut changed = doc.clone();
        changed.title = "Second save".into();
        format::save_file(&path, &changed).unwrap();
        assert_eq!(format::load_file(&path).unwrap(), changed);
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["journey.json"]);
    }

    #[test]
    fn a_save_into_a_missing_folder_fails_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("missing");
        let path = folder.join("journey.json");
        assert!(format::save_file(&path, &sample()).is_err());
        assert!(!folder.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_missing_file_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nowhere.json");
        let err = format::load_file(&path).unwrap_err();
        assert!(matches!(&err, FileError::Io { path: p, .. } if p == &path));
        let message = err.to_string();
        assert!(message.starts_with("cannot read "), "{message}");
        assert!(message.contains("nowhere.json"), "{message}");
    }

    #[test]
    fn a_broken_file_names_the_path_and_the_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.json");
        fs::write(
            &path,
            r#"{"format": "journey-designer", "version": 1, "steps": [{"id": "a", "stage": "sell"}]}"#,
        )
        .unwrap();
        let err = format::load_file(&path).unwrap_err();
        let FileError::Load { path: p, source } = &err else {
            panic!("expected a load error, got {err}");
        };
        assert_eq!(p, &path);
        assert!(matches!(source, LoadError::Content(errors) if errors.len() == 1));
        assert_eq!(
            err.to_string(),
            format!(
                "{}: steps[0].stage: unknown stage \"sell\"; expected one of tell, buy, experience, care, delight, word_of_mouth",
                path.display()
            )
        );
    }
}

/// The facts `docs/file-format.md` states, checked against the code.
mod documentation {
    use journey_designer::model::{Desire, Stage};

    use super::*;

    fn doc_text() -> String {
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/file-format.md"))
            .expect("docs/file-format.md")
    }

    /// The JSON code blocks of the page.
    fn json_blocks(text: &str) -> Vec<String> {
        text.split("```json\n")
            .skip(1)
            .map(|rest| rest.split("```").next().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn the_complete_example_is_valid_and_canonical() {
        let blocks = json_blocks(&doc_text());
        assert_eq!(blocks.len(), 2);
        let doc = format::from_str(&blocks[0]).unwrap();
        assert_eq!(doc.steps().len(), 2);
        assert_eq!(format::to_string(&doc), blocks[0]);
        assert_eq!(format::from_str(&blocks[1]), Ok(Document::default()));
    }

    #[test]
    fn every_lane_value_is_listed() {
        let text = doc_text();
        for lane in journey_designer::model::Lane::ALL {
            assert!(
                text.contains(&format!("| `{}` |", lane.as_str())),
                "{lane:?}"
            );
        }
    }

    #[test]
    fn every_stage_and_desire_value_is_listed() {
        let text = doc_text();
        for stage in Stage::ALL {
            assert!(
                text.contains(&format!("| `{}` |", stage.as_str())),
                "{stage:?}"
            );
        }
        for desire in Desire::ALL {
            assert!(
                text.contains(&format!("| `{}` |", desire.as_str())),
                "{desire:?}"
            );
        }
    }

    #[test]
    fn the_documented_messages_are_the_real_ones() {
        let text = doc_text();
        for file in [
            "several-errors",
            "unknown-persona",
            "syntax-missing-colon",
            "nan",
            "empty",
            "newer-version",
        ] {
            let expected =
                fs::read_to_string(corpus("bad").join(format!("{file}.expected"))).unwrap();
            let first = expected.lines().next().unwrap();
            // The page may wrap a long message over two lines.
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let first_flat = first.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&first_flat), "{file}: {first}");
        }
    }

    #[test]
    fn stated_details_hold() {
        // A key given twice: the last value is used.
        let doc = format::from_str(
            r#"{"format": "journey-designer", "version": 1, "title": "a", "title": "b"}"#,
        )
        .unwrap();
        assert_eq!(doc.title, "b");
        // Desires are a set, written in table order.
        let doc = format::from_str(
            r#"{"format": "journey-designer", "version": 1,
                "audience": {"desires": ["status", "healthier", "status"]}}"#,
        )
        .unwrap();
        assert!(format::to_string(&doc).contains(r#""desires": ["healthier", "status"]"#));
        // Whole numbers in number fields are written with a decimal point.
        let doc = format::from_str(
            r#"{"format": "journey-designer", "version": 1,
                "steps": [{"id": "a", "stage": "tell", "position": [0, 10]}],
                "view": {"zoom": 2}}"#,
        )
        .unwrap();
        let text = format::to_string(&doc);
        assert!(text.contains(r#""position": [0.0, 10.0]"#), "{text}");
        assert!(text.contains(r#""zoom": 2.0"#), "{text}");
        // Whole-number fields refuse fractions.
        for field in [
            r#""steps": [{"id": "a", "stage": "tell", "emotion": 1.0}]"#,
            r#""audience": {"size": 2.0}"#,
        ] {
            let text = format!(r#"{{"format": "journey-designer", "version": 1, {field}}}"#);
            assert!(format::from_str(&text).is_err(), "{field}");
        }
        // A link may join a step to itself, and two links may join the same steps.
        let doc = format::from_str(
            r#"{"format": "journey-designer", "version": 1,
                "steps": [{"id": "a", "stage": "care"}],
                "links": [{"id": "l1", "from": "a", "to": "a"}, {"id": "l2", "from": "a", "to": "a"}]}"#,
        );
        assert_eq!(doc.map(|d| d.links().len()), Ok(2));
        // 127 levels of nesting (the journey object and 126 lists) are read, 128 are not.
        for (depth, ok) in [(126, true), (127, false)] {
            let text = format!(
                r#"{{"format": "journey-designer", "version": 1, "x": {}{}}}"#,
                "[".repeat(depth),
                "]".repeat(depth)
            );
            assert_eq!(format::from_str(&text).is_ok(), ok, "depth {depth}");
        }
    }
}

/// A few thousand cases of the loader's soak (`examples/soak.rs` runs a million): every
/// third systematic case (values of the seed files replaced by other JSON types, or removed)
/// and thousands of random mutations of all of them.
mod soak {
    use journey_designer::format::soak::{self, Mutator, Tally};

    use super::*;

    fn mutator() -> Mutator {
        Mutator::new(
            2026,
            soak::files_in(&corpus("good")).expect("the good corpus"),
        )
    }

    fn run(cases: impl IntoIterator<Item = u64>) -> Tally {
        let m = mutator();
        soak::run(&m, cases, |_| {}).unwrap_or_else(|finding| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/soak");
            let written = finding.write_to(&dir);
            panic!(
                "case {} ({}): {}\ninput: {written:?}",
                finding.case.number, finding.case.description, finding.problem
            )
        })
    }

    #[test]
    fn wrong_types_at_every_path_keep_every_promise() {
        // Every third case: each path of each seed meets two or three of the eight
        // replacements (the soak runs them all).
        let m = mutator();
        let tally = run((0..m.systematic_cases()).step_by(3));
        assert!(tally.cases > 2000, "{tally:?}");
        assert!(tally.accepted > 50 && tally.rejected > 500, "{tally:?}");
    }

    #[test]
    fn random_mutations_keep_every_promise() {
        let first = mutator().systematic_cases();
        let tally = run(first..first + 3000);
        assert_eq!(tally.cases, 3000);
        // The mutations reach both outcomes in numbers.
        assert!(tally.accepted > 300 && tally.rejected > 1500, "{tally:?}");
    }

    #[test]
    fn a_broken_promise_is_caught() {
        // A file the fast reader and the full reader would both take, checked as a whole.
        assert_eq!(
            soak::check(br#"{"format": "journey-designer", "version": 1}"#),
            Ok(soak::Verdict::Accepted)
        );
        assert_eq!(soak::check(b"{\"format\": 1}"), Ok(soak::Verdict::Rejected));
        assert_eq!(soak::check(b"\xff"), Ok(soak::Verdict::Rejected));
    }
}
