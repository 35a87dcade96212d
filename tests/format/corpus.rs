//! The corpus: every bad file gives its expected messages, every good file loads and saves
//! back as promised.

use super::*;

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
    fn both_readers_build_the_same_document() {
        // `from_str` takes the fast path for valid current files; `from_value` is the full
        // reader every other file goes through.
        let mut files: Vec<String> = files("good", "json")
            .iter()
            .map(|p| fs::read_to_string(p).unwrap())
            .collect();
        files.extend(format::TEMPLATES.iter().map(|t| t.source.to_owned()));
        for text in files {
            let text = text.trim_start_matches('\u{feff}');
            let fast = format::from_str(text).unwrap();
            let full = format::from_value(serde_json::from_str(text).unwrap()).unwrap();
            assert_eq!(fast, full, "{}", fast.title);
        }
        let (_, doc) = load("canonical-scenarios.json");
        assert_eq!(doc.scenarios().len(), 2);
        assert_eq!(doc.steps()[0].reach, Some(250.0));
        assert_eq!(doc.scenarios()[0].extra["owner"], "cfo");
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
        first.extend(["lane", "analytics"]);
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
