//! The `journey-designer` command line, run as users run it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journey-designer"))
        .args(args)
        .env("RUST_LOG", "off")
        .output()
        .expect("the journey-designer binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn good(name: &str) -> PathBuf {
    root().join("tests/corpus/good").join(name)
}

fn bad(name: &str) -> PathBuf {
    root().join("tests/corpus/bad").join(name)
}

fn expected_lines(name: &str) -> Vec<String> {
    fs::read_to_string(bad(name).with_extension("expected"))
        .expect("an .expected file")
        .lines()
        .map(str::to_owned)
        .collect()
}

fn p(s: &str) -> &Path {
    Path::new(s)
}

mod check {
    use super::*;

    #[test]
    fn valid_files_pass() {
        let files = [good("minimal.json"), good("unknown-fields.json")];
        let output = run(&[p("check"), &files[0], &files[1]]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        assert!(
            err.contains(&format!("{}: ok (0 steps, 0 links)", files[0].display())),
            "{err}"
        );
        assert!(
            err.contains(&format!("{}: ok (2 steps, 1 link)", files[1].display())),
            "{err}"
        );
        assert!(output.stdout.is_empty());
    }

    #[test]
    fn every_template_passes() {
        let templates: Vec<PathBuf> = fs::read_dir(root().join("assets/templates"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        assert_eq!(templates.len(), 4);
        let mut args: Vec<&Path> = vec![p("check")];
        args.extend(templates.iter().map(PathBuf::as_path));
        let output = run(&args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        for template in &templates {
            assert!(
                err.contains(&format!("{}: ok", template.display())),
                "{err}"
            );
        }
    }

    #[test]
    fn a_broken_file_prints_each_located_error_after_its_path() {
        let file = bad("several-errors.json");
        let output = run(&[p("check"), &file]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        let expected = expected_lines("several-errors.json");
        assert!(expected.len() > 5);
        for line in &expected {
            let located = format!("{}: {line}\n", file.display());
            assert!(err.contains(&located), "missing {located:?} in\n{err}");
        }
        assert!(err.contains("1 of 1 file is broken"), "{err}");
    }

    #[test]
    fn a_syntax_error_names_the_path_line_and_column() {
        let file = bad("syntax-missing-colon.json");
        let output = run(&[p("check"), &file]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!(
                "{}: line 2, column 12: this is not valid JSON: expected `:`",
                file.display()
            )),
            "{err}"
        );
    }

    #[test]
    fn among_several_files_only_the_broken_one_is_named_with_errors() {
        let ok = good("minimal.json");
        let broken = bad("dangling-link.json");
        let also_ok = good("canonical-stripe.json");
        let output = run(&[p("check"), &ok, &broken, &also_ok]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        for line in expected_lines("dangling-link.json") {
            assert!(
                err.contains(&format!("{}: {line}", broken.display())),
                "{err}"
            );
        }
        for path in [&ok, &also_ok] {
            let name = path.display().to_string();
            let lines: Vec<&str> = err.lines().filter(|l| l.starts_with(&name)).collect();
            assert_eq!(lines.len(), 1, "{err}");
            assert!(lines[0].starts_with(&format!("{name}: ok")), "{err}");
        }
        assert!(err.contains("1 of 3 files is broken"), "{err}");
    }

    #[test]
    fn a_missing_file_is_reported_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nowhere.json");
        let output = run(&[p("check"), &missing]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!("cannot read {}:", missing.display())),
            "{err}"
        );
        assert!(err.contains("there is no such file"), "{err}");
    }

    #[test]
    fn a_newer_version_is_refused_naming_both_versions() {
        let file = bad("newer-version.json");
        let output = run(&[p("check"), &file]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(err.contains(&format!("{}: ", file.display())), "{err}");
        assert!(
            err.contains("version 3") && err.contains("up to 2"),
            "{err}"
        );
    }

    #[test]
    fn check_without_files_is_a_usage_error() {
        let output = run(&[p("check")]);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("FILES"), "{}", stderr(&output));
    }
}

mod convert {
    use super::*;

    #[test]
    fn writes_canonical_json_keeping_unknown_fields() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        let output = run(&[p("convert"), &good("unknown-fields.json"), &out]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            fs::read(&out).unwrap(),
            fs::read(good("canonical-unknown-fields.json")).unwrap()
        );
        let text = fs::read_to_string(&out).unwrap();
        for unknown in [
            "\"generator\"",
            "\"persona\"",
            "\"lane\"",
            "\"style\"",
            "\"grid\"",
            "\"deep\"",
        ] {
            assert!(text.contains(unknown), "{unknown} lost");
        }
    }

    #[test]
    fn is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("first.json");
        let second = dir.path().join("second.JSON");
        for input in [
            "minimal.json",
            "unknown-fields.json",
            "byte-order-mark.json",
        ] {
            let output = run(&[p("convert"), &good(input), &first]);
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
            let output = run(&[p("convert"), &first, &second]);
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
            assert_eq!(
                fs::read(&first).unwrap(),
                fs::read(&second).unwrap(),
                "{input}"
            );
            // Converting a file onto itself changes nothing.
            let output = run(&[p("convert"), &second, &second]);
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
            assert_eq!(
                fs::read(&first).unwrap(),
                fs::read(&second).unwrap(),
                "{input}"
            );
        }
    }

    #[test]
    fn refuses_an_unknown_output_type_listing_those_that_exist() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["picture.jpeg", "notes.txt", "no-extension"] {
            let out = dir.path().join(name);
            let output = run(&[p("convert"), &good("minimal.json"), &out]);
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{name}: {err}");
            assert!(
                err.contains(&format!("cannot write {}", out.display())),
                "{err}"
            );
            assert!(err.contains(".json, .svg, .png, .pdf, .mmd, .csv"), "{err}");
            assert!(!out.exists(), "{name} was written");
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        let err = stderr(&run(&[
            p("convert"),
            &good("minimal.json"),
            &dir.path().join("a.txt"),
        ]));
        assert!(err.contains("unknown output type \".txt\""), "{err}");
    }

    #[test]
    fn refuses_a_broken_input_leaving_the_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        fs::write(&out, "precious work").unwrap();
        let input = bad("duplicate-step-id.json");
        let output = run(&[p("convert"), &input, &out]);
        let err = stderr(&output);
        assert_ne!(output.status.code(), Some(0), "{err}");
        for line in expected_lines("duplicate-step-id.json") {
            assert!(
                err.contains(&format!("{}: {line}", input.display())),
                "{err}"
            );
        }
        assert_eq!(fs::read_to_string(&out).unwrap(), "precious work");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_input_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        let output = run(&[p("convert"), &dir.path().join("nowhere.json"), &out]);
        let err = stderr(&output);
        assert_ne!(output.status.code(), Some(0), "{err}");
        assert!(err.contains("cannot read"), "{err}");
        assert!(!out.exists());
    }
}

mod export {
    use super::*;

    fn template(name: &str) -> PathBuf {
        root().join("assets/templates").join(name)
    }

    #[test]
    fn every_extension_writes_its_format() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8]); 6] = [
            ("out.json", b"{\n  \"format\": \"journey-designer\""),
            ("out.svg", b"<svg xmlns="),
            ("out.PNG", b"\x89PNG\r\n"),
            ("out.pdf", b"%PDF-"),
            (
                "out.mmd",
                b"journey\n    title Service loop\n    section Tell\n",
            ),
            ("out.csv", b"\xEF\xBB\xBFid,stage,title,notes,emotion,"),
        ];
        for (name, start) in cases {
            let out = dir.path().join(name);
            let output = run(&[p("convert"), &template("service-loop.json"), &out]);
            assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
            let bytes = fs::read(&out).unwrap();
            assert!(bytes.starts_with(start), "{name}");
        }
        // Nothing but the six outputs: no temporary files left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 6);
    }

    #[test]
    fn scale_page_and_frame_reach_the_export() {
        let dir = tempfile::tempdir().unwrap();
        let input = template("hotel.json");
        let one = dir.path().join("one.png");
        let three = dir.path().join("three.png");
        let args = |out: &Path, scale: &'static str| -> Vec<PathBuf> {
            vec![
                "convert".into(),
                input.clone(),
                out.to_path_buf(),
                "--scale".into(),
                scale.into(),
            ]
        };
        for (out, scale) in [(&one, "1"), (&three, "3")] {
            let a = args(out, scale);
            let refs: Vec<&Path> = a.iter().map(PathBuf::as_path).collect();
            let output = run(&refs);
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        }
        let size = |path: &Path| {
            let png = fs::read(path).unwrap();
            let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
            (be(16), be(20))
        };
        let (w, h) = size(&one);
        assert_eq!(size(&three), (3 * w, 3 * h));

        let pdf = dir.path().join("a4.pdf");
        let output = run(&[p("convert"), &input, &pdf, p("--page"), p("a4")]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            String::from_utf8_lossy(&fs::read(&pdf).unwrap())
                .contains("/MediaBox[0 0 841.89 595.28]")
        );

        let framed = dir.path().join("framed.svg");
        let output = run(&[p("convert"), &input, &framed, p("--frame")]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            fs::read_to_string(&framed)
                .unwrap()
                .contains(">CORE NARRATIVE</text>")
        );
    }

    #[test]
    fn an_option_for_another_format_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let input = template("service-loop.json");
        let cases: [(&str, &[&str], &str); 6] = [
            (
                "a.svg",
                &["--scale", "2"],
                "--scale applies to .png output only, not to .svg",
            ),
            (
                "a.png",
                &["--slides"],
                "--slides applies to .pdf output only, not to .png",
            ),
            (
                "a.pdf",
                &["--slides", "--view", "map"],
                "--slides shows the canvas as presented; leave out --view map and --frame",
            ),
            (
                "a.png",
                &["--page", "a4"],
                "--page applies to .pdf output only, not to .png",
            ),
            (
                "a.csv",
                &["--view", "canvas"],
                "--view applies to .svg, .png and .pdf output only, not to .csv",
            ),
            (
                "a.mmd",
                &["--frame"],
                "--frame applies to .svg, .png and .pdf output only, not to .mmd",
            ),
        ];
        for (name, options, message) in cases {
            let out = dir.path().join(name);
            let mut args: Vec<&Path> = vec![p("convert"), &input, &out];
            args.extend(options.iter().map(|o| p(o)));
            let output = run(&args);
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{err}");
            assert!(err.contains(message), "{err}");
            assert!(!out.exists());
        }
    }

    #[test]
    fn unknown_options_and_values_list_what_exists() {
        let dir = tempfile::tempdir().unwrap();
        let input = template("service-loop.json");
        let out = dir.path().join("a.pdf");
        let output = run(&[p("convert"), &input, &out, p("--page"), p("a3")]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert!(err.contains("[possible values: fit, a4, letter]"), "{err}");
        let output = run(&[p("convert"), &input, &out, p("--view"), p("timeline")]);
        assert!(stderr(&output).contains("[possible values: canvas, map]"));
        let output = run(&[p("convert"), &input, &out, p("--dpi"), p("300")]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert!(err.contains("unexpected argument '--dpi'"), "{err}");
        let output = run(&[
            p("convert"),
            &input,
            &out.with_extension("png"),
            p("--scale"),
            p("40"),
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(
            err.contains("a scale of 40 is not allowed; give a number from 0.1 to 16"),
            "{err}"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn the_map_view_is_exported_with_its_lanes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("map.svg");
        let output = run(&[
            p("convert"),
            &template("service-loop.json"),
            &out,
            p("--view"),
            p("map"),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let svg = fs::read_to_string(&out).unwrap();
        assert!(svg.contains(">Pain points</text>"), "{svg}");
        assert!(svg.contains(">Tell · 1</text>"), "{svg}");
        let framed = dir.path().join("framed-map.svg");
        let output = run(&[
            p("convert"),
            &template("service-loop.json"),
            &framed,
            p("--view"),
            p("map"),
            p("--frame"),
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(
            err.contains("--frame applies to the canvas view only"),
            "{err}"
        );
        assert!(!framed.exists());
    }

    #[test]
    fn the_to_be_map_shows_the_to_be_steps_and_applies_to_the_map_only() {
        let dir = tempfile::tempdir().unwrap();
        let input = good("canonical-blueprint.json");
        let out = dir.path().join("to-be.svg");
        let output = run(&[
            p("convert"),
            &input,
            &out,
            p("--view"),
            p("map"),
            p("--to-be"),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let svg = fs::read_to_string(&out).unwrap();
        assert!(svg.contains(">Check in on the phone</text>"), "{svg}");
        assert!(!svg.contains(">Check in</text>"), "today's title gives way");
        assert!(svg.contains("(to be)</text>"), "{svg}");
        assert!(svg.contains(">Line of visibility</text>"), "{svg}");
        // Today's map keeps today's title and draws the to-be curve beside it.
        let today = dir.path().join("today.svg");
        let output = run(&[p("convert"), &input, &today, p("--view"), p("map")]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            fs::read_to_string(&today)
                .unwrap()
                .contains(">Check in</text>")
        );
        for (args, message) in [
            (
                vec![p("--to-be")],
                "--to-be applies to the journey map only; add --view map",
            ),
            (
                vec![p("--view"), p("canvas"), p("--to-be")],
                "--to-be applies to the journey map only; add --view map",
            ),
        ] {
            let refused = dir.path().join("refused.svg");
            let mut all = vec![p("convert"), input.as_path(), refused.as_path()];
            all.extend(args);
            let output = run(&all);
            assert_eq!(output.status.code(), Some(1));
            assert!(stderr(&output).contains(message), "{}", stderr(&output));
            assert!(!refused.exists());
        }
        let csv = dir.path().join("to-be.csv");
        let output = run(&[p("convert"), &input, &csv, p("--to-be")]);
        assert_eq!(output.status.code(), Some(1));
        assert!(
            stderr(&output)
                .contains("--to-be applies to .svg, .png and .pdf output only, not to .csv"),
            "{}",
            stderr(&output)
        );
    }

    #[test]
    fn a_broken_input_gets_located_errors_and_no_picture() {
        let dir = tempfile::tempdir().unwrap();
        let input = bad("duplicate-step-id.json");
        for name in ["out.svg", "out.png", "out.pdf", "out.mmd", "out.csv"] {
            let out = dir.path().join(name);
            fs::write(&out, "precious work").unwrap();
            let output = run(&[p("convert"), &input, &out]);
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{err}");
            for line in expected_lines("duplicate-step-id.json") {
                assert!(
                    err.contains(&format!("{}: {line}", input.display())),
                    "{err}"
                );
            }
            assert_eq!(fs::read_to_string(&out).unwrap(), "precious work");
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 5);
    }
}

#[test]
fn help_mentions_both_subcommands_and_the_examples() {
    let output = run(&[p("--help")]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("Examples:"), "{help}");
    for word in [
        "check",
        "convert",
        "journey-designer check plans/*.json",
        "journey-designer convert old.json new.json",
    ] {
        assert!(help.contains(word), "{word} not in\n{help}");
    }
}

mod simulate {
    use super::*;

    fn template(name: &str) -> PathBuf {
        root().join("assets/templates").join(name)
    }

    fn stdout(output: &Output) -> String {
        String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
    }

    #[test]
    fn check_warns_about_steps_over_one_and_still_passes() {
        let file = good("flow-over-one.json");
        let output = run(&[p("check"), &file]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        let name = file.display();
        for line in [
            format!("{name}: ok (3 steps, 2 links)"),
            format!(
                "{name}: warning: steps[1]: links out of \"Order online\" and its stay add up to 1.2; at most 1"
            ),
            format!(
                "{name}: warning: scenarios[1]: in \"louder\", links out of \"See an ad\" (steps[0]) and its stay add up to 1.1; at most 1"
            ),
        ] {
            assert!(
                err.contains(&format!("{line}\n")),
                "missing {line:?} in\n{err}"
            );
        }
        // The scenario that fixes the step is not named.
        assert!(!err.contains("\"fixed\""), "{err}");
    }

    #[test]
    fn a_journey_over_one_is_not_simulated_and_the_steps_are_named() {
        let file = good("flow-over-one.json");
        let output = run(&[p("simulate"), &file]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(output.stdout.is_empty());
        assert!(
            err.contains("steps[1]: links out of \"Order online\" and its stay add up to 1.2"),
            "{err}"
        );
        // The scenario that fixes it runs.
        let output = run(&[p("simulate"), &file, p("--scenario"), p("fixed")]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stdout(&output).contains("Scenario: fixed"));
    }

    #[test]
    fn a_broken_file_gets_the_located_errors_of_check() {
        let file = bad("scenario-errors.json");
        let output = run(&[p("simulate"), &file]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        for line in expected_lines("scenario-errors.json") {
            assert!(
                err.contains(&format!("{}: {line}", file.display())),
                "{err}"
            );
        }
    }

    /// A journey file of one tell step that everyone stays at, each bringing `referrals` more
    /// people per period, without an audience size.
    fn runaway(dir: &Path, referrals: f64) -> PathBuf {
        let path = dir.join("runaway.json");
        let text = format!(
            r#"{{"format": "journey-designer", "version": 2,
                "steps": [{{"id": "t", "stage": "tell", "stay": 1.0, "reach": 1.0, "referrals": {referrals}}}]}}"#
        );
        fs::write(&path, text).expect("the journey file is written");
        path
    }

    #[test]
    fn a_run_that_grows_without_bound_stops_with_a_warning_and_the_rows_so_far() {
        let dir = tempfile::tempdir().unwrap();
        let file = runaway(dir.path(), 2.0);
        let output = run(&[
            p("simulate"),
            &file,
            p("--periods"),
            p("1000"),
            p("--format"),
            p("csv"),
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        // 1 person in period 1, then 3ᵗ⁻¹ times that: 3⁶²⁹ passes 10³⁰⁰ in period 630.
        assert_eq!(
            err,
            format!(
                "{}: warning: \"as drawn\": the run stopped in period 630: the people counted \
                 would exceed 10^300 (K = infinite); set an audience size to cap the growth\n",
                file.display()
            )
        );
        let text = stdout(&output);
        assert_eq!(
            text.lines().count(),
            1 + 629,
            "a header and the periods before"
        );
        assert!(
            !text.contains("inf") && !text.contains("NaN"),
            "{}",
            &text[..200]
        );
        let json = run(&[
            p("simulate"),
            &file,
            p("--periods"),
            p("1000"),
            p("--format"),
            p("json"),
        ]);
        let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(json["runs"][0]["stopped"], 630);
        assert_eq!(json["runs"][0]["periods"].as_array().unwrap().len(), 629);
        // A loop that does not run away says nothing.
        let calm = runaway(dir.path(), 0.5);
        let output = run(&[p("simulate"), &calm, p("--periods"), p("10")]);
        assert_eq!(stderr(&output), "");
        assert!(!stdout(&output).contains("stopped"));
    }

    #[test]
    fn a_journey_with_money_gets_the_money_columns_and_summary() {
        // Marketing spends 200 plus a quarter of the previous period's revenue at 2 per
        // person; half of the people at "ads" buy in the next period at 4 (unit cost 1);
        // fixed costs 10. Profit: −210, then 200 − 50 − 200 − 10 = −60, then with 250 spent,
        // 200 − 50 − 250 − 10 = −110.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("shop.json");
        fs::write(
            &file,
            r#"{"format": "journey-designer", "version": 2,
                "economics": {"currency": "€", "price": 4, "unit_cost": 1, "fixed_costs": 10},
                "steps": [{"id": "ads", "stage": "tell", "cost_per_reach": 2, "budget": 200,
                           "budget_share": 0.25},
                          {"id": "shop", "stage": "buy"}],
                "links": [{"id": "ads-shop", "from": "ads", "to": "shop", "rate": 0.5}]}"#,
        )
        .expect("the journey file is written");
        let output = run(&[
            p("simulate"),
            &file,
            p("--periods"),
            p("3"),
            p("--format"),
            p("csv"),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let money = [
            "revenue",
            "purchase_costs",
            "marketing",
            "serving_costs",
            "fixed_costs",
            "profit",
            "cash",
            "discounted_cash",
        ];
        let first = at("revenue");
        assert_eq!(header[first..first + 8], money);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let value = |row: usize, name: &str| rows[row][at(name)].parse::<f64>().unwrap();
        let profits: Vec<f64> = (0..3).map(|r| value(r, "profit")).collect();
        assert_eq!(profits, [-210.0, -60.0, -110.0]);
        assert_eq!(value(2, "marketing"), 250.0);
        assert_eq!(value(2, "cash"), -380.0);
        assert_eq!(value(2, "discounted_cash"), -380.0, "no discount rate");
        let table = stdout(&run(&[p("simulate"), &file, p("--periods"), p("3")]));
        assert!(table.contains("discounted cash"), "{table}");
        assert!(
            table.contains("  per newcomer: value 1.50 (with the people they refer 1.50), acquisition cost 2.00"),
            "{table}"
        );
        let json = run(&[
            p("simulate"),
            &file,
            p("--periods"),
            p("3"),
            p("--format"),
            p("json"),
        ]);
        let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let run0 = &json["runs"][0];
        assert_eq!(run0["periods"][1]["profit"], -60.0);
        // Half of them buy, at 4 less 1.
        assert_eq!(run0["per_newcomer"]["value"], 1.5);
        assert_eq!(run0["per_newcomer"]["buy_chance"], 0.5);
        assert_eq!(run0["minimum_viable_audience"]["verdict"], "not_viable");
        // A journey without money keeps its columns as they were.
        let plain = stdout(&run(&[
            p("simulate"),
            &good("minimal.json"),
            p("--format"),
            p("csv"),
        ]));
        assert!(!plain.contains("revenue"), "{plain}");
    }

    #[test]
    fn a_seed_is_placed_before_the_first_period() {
        let dir = tempfile::tempdir().unwrap();
        let file = runaway(dir.path(), 0.0);
        let reached = |seed: &str| -> f64 {
            let output = run(&[
                p("simulate"),
                &file,
                p("--periods"),
                p("1"),
                p("--seed"),
                p(seed),
                p("--format"),
                p("json"),
            ]);
            assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
            let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            json["runs"][0]["periods"][0]["reached"].as_f64().unwrap()
        };
        // The seed, then the period's one newcomer from marketing.
        assert_eq!(reached("0"), 1.0);
        assert_eq!(reached("250"), 251.0);
        let output = run(&[p("simulate"), &file, p("--seed=-3")]);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains("expected a number of people, 0 or more"),
            "{}",
            stderr(&output)
        );
    }

    #[test]
    fn an_unknown_scenario_lists_the_known_ones() {
        let output = run(&[
            p("simulate"),
            &template("hotel.json"),
            p("--scenario"),
            p("boom"),
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(
            err.contains(
                "there is no scenario \"boom\"; the journey has \"as drawn\", \"crisis: cut marketing and care\", \"invest in care\""
            ),
            "{err}"
        );
    }

    #[test]
    fn the_table_shows_periods_summary_and_rankings() {
        let output = run(&[
            p("simulate"),
            &template("stripe.json"),
            p("--periods"),
            p("6"),
        ]);
        let text = stdout(&output);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(text.starts_with("Scenario: as drawn\n"), "{text}");
        // Period rows start with the period's number; the rankings start with "1." etc.
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| {
                l.split_whitespace()
                    .next()
                    .is_some_and(|w| w.parse::<usize>().is_ok())
            })
            .collect();
        assert_eq!(rows.len(), 6, "{text}");
        // Columns are aligned: every row of the table is as long as its header.
        let header = text.lines().nth(1).unwrap();
        assert!(header.trim_start().starts_with("period"), "{text}");
        for row in &rows {
            assert_eq!(row.len(), header.len(), "{row:?}\n{header:?}");
        }
        assert!(
            text.contains("self-sustaining: word of mouth alone keeps bringing people"),
            "{text}"
        );
        assert!(text.contains("Where it leaks"), "{text}");
        assert!(text.contains("Improve first"), "{text}");
    }

    /// The numbers of one period, by column name.
    type Row = std::collections::BTreeMap<String, f64>;

    #[test]
    #[expect(
        clippy::too_many_lines,
        reason = "reads the three outputs and compares them number by number"
    )]
    fn table_csv_and_json_agree() {
        let file = template("hotel.json");
        let args = |format: &'static str| {
            vec![
                p("simulate"),
                file.as_path(),
                p("--periods"),
                p("30"),
                p("--scenario"),
                p("as drawn"),
                p("--scenario"),
                p("crisis: cut marketing and care"),
                p("--format"),
                p(format),
            ]
        };
        let outputs: Vec<Output> = ["table", "csv", "json"].map(|f| run(&args(f))).into();
        for output in &outputs {
            assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
        }
        // CSV: scenario, period, then numbers.
        let mut csv_rows: Vec<(String, Row)> = Vec::new();
        let mut reader = csv::Reader::from_reader(outputs[1].stdout.as_slice());
        let headers = reader.headers().unwrap().clone();
        for record in reader.records() {
            let record = record.unwrap();
            let row: Row = headers
                .iter()
                .zip(record.iter())
                .skip(2)
                .map(|(h, v)| (h.to_owned(), v.parse().unwrap()))
                .collect();
            csv_rows.push((record[0].to_owned(), row));
        }
        assert_eq!(csv_rows.len(), 60);
        assert!(headers.iter().any(|h| h == "at:tell") && headers.iter().any(|h| h == "lost:care"));
        // JSON: the same numbers under the same names.
        let json: serde_json::Value = serde_json::from_slice(&outputs[2].stdout).unwrap();
        let runs = json["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 2);
        let mut k = 0;
        for run in runs {
            for period in run["periods"].as_array().unwrap() {
                let (scenario, row) = &csv_rows[k];
                k += 1;
                assert_eq!(run["scenario"].as_str(), Some(scenario.as_str()));
                for (name, value) in row {
                    let from_json = if let Some(id) = name.strip_prefix("at:") {
                        &period["at_step"][id]
                    } else if let Some(id) = name.strip_prefix("lost:") {
                        &period["lost_at_step"][id]
                    } else if let Some(stage) = name.strip_prefix("at_") {
                        let i = [
                            "tell",
                            "buy",
                            "experience",
                            "care",
                            "delight",
                            "word_of_mouth",
                        ]
                        .iter()
                        .position(|s| *s == stage)
                        .unwrap();
                        &period["at_stage"][i]
                    } else {
                        &period[name]
                    };
                    assert_eq!(from_json.as_f64(), Some(*value), "{scenario} {name}");
                }
            }
        }
        // Table: the same numbers with one decimal, in the CSV's column order.
        let table = stdout(&outputs[0]);
        let mut k = 0;
        for line in table.lines() {
            let cells: Vec<&str> = line.split_whitespace().collect();
            if cells.len() < 15 || cells[0].parse::<usize>().is_err() {
                continue;
            }
            let (_, row) = &csv_rows[k];
            k += 1;
            let people = |c: &[&str]| -> Vec<String> {
                c.iter().map(|c| format!("{:.1}", row[*c])).collect()
            };
            let mut expected = people(&[
                "reached",
                "new_marketing",
                "new_referrals",
                "purchases",
                "purchases_total",
                "lost",
                "moved",
                "stayed",
            ]);
            // The hotel has money: its eight columns come next, to the cent.
            expected.extend(
                [
                    "revenue",
                    "purchase_costs",
                    "marketing",
                    "serving_costs",
                    "fixed_costs",
                    "profit",
                    "cash",
                    "discounted_cash",
                ]
                .iter()
                .map(|c| format!("{:.2}", row[*c])),
            );
            expected.extend(people(&[
                "at_tell",
                "at_buy",
                "at_experience",
                "at_care",
                "at_delight",
                "at_word_of_mouth",
            ]));
            assert_eq!(cells[1..], expected[..], "{line}");
        }
        assert_eq!(k, 60, "{table}");
        // The crisis, from period 26, reaches fewer people than the journey as drawn.
        let last = |s: &str| csv_rows.iter().rev().find(|(n, _)| n == s).unwrap().1["reached"];
        assert!(last("crisis: cut marketing and care") < last("as drawn"));
        let at = |s: &str, t: usize| &csv_rows.iter().filter(|(n, _)| n == s).nth(t).unwrap().1;
        assert_eq!(at("crisis: cut marketing and care", 24), at("as drawn", 24));
    }

    #[test]
    fn the_table_by_step_has_a_column_per_step_matching_the_csv() {
        let file = template("stripe.json");
        let doc = journey_designer::format::load_file(&file).unwrap();
        let ids: Vec<String> = doc.steps().iter().map(|s| s.id.clone()).collect();
        let base = [p("simulate"), file.as_path(), p("--periods"), p("6")];
        let table = run(&[&base[..], &[p("--by-step")]].concat());
        assert_eq!(table.status.code(), Some(0), "{}", stderr(&table));
        let csv_out = run(&[&base[..], &[p("--format"), p("csv")]].concat());
        let table = stdout(&table);
        let mut lines = table.lines().skip(1);
        let header: Vec<&str> = lines
            .next()
            .unwrap()
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(header[header.len() - ids.len()..], ids[..], "{table}");
        let mut reader = csv::Reader::from_reader(csv_out.stdout.as_slice());
        let headers = reader.headers().unwrap().clone();
        let mut periods = 0;
        for (record, line) in reader.records().zip(lines) {
            let record = record.unwrap();
            let cells: Vec<&str> = line.split_whitespace().collect();
            let expected: Vec<String> = ids
                .iter()
                .map(|id| {
                    let column = headers
                        .iter()
                        .position(|h| h == format!("at:{id}"))
                        .unwrap();
                    format!("{:.1}", record[column].parse::<f64>().unwrap())
                })
                .collect();
            assert_eq!(cells[cells.len() - ids.len()..], expected[..], "{line}");
            periods += 1;
        }
        assert_eq!(periods, 6);
        // Only the table has the choice.
        let refused = run(&[&base[..], &[p("--by-step"), p("--format"), p("json")]].concat());
        assert_eq!(refused.status.code(), Some(1));
        assert!(stderr(&refused).contains("--by-step applies to the table only"));
    }
}

mod sample {
    use super::*;

    fn template(name: &str) -> PathBuf {
        root().join("assets/templates").join(name)
    }

    fn sample(extra: &[&str]) -> Output {
        let file = template("service-loop.json");
        let mut args: Vec<&Path> = vec![p("sample"), &file];
        args.extend(extra.iter().map(|a| p(a)));
        run(&args)
    }

    #[test]
    fn writes_a_csv_log_to_standard_output_the_same_for_a_seed() {
        let args = ["--people", "300", "--periods", "10", "--seed", "5"];
        let first = sample(&args);
        assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
        assert_eq!(first.stdout, sample(&args).stdout);
        let text = String::from_utf8(first.stdout).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("user_id,timestamp,event,referred_by"));
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        assert!(rows.len() > 300, "{}", rows.len());
        assert!(rows.iter().all(|r| r.len() == 4 && r[0].starts_with('u')));
        // Ten days from 2025-01-01, in time order.
        assert!(rows[0][1] >= "2025-01-01T00:00:00Z");
        assert!(rows.last().unwrap()[1] < "2025-01-11T00:00:00Z");
        assert!(rows.windows(2).all(|w| w[0][1] <= w[1][1]));
        let other = sample(&["--people", "300", "--periods", "10", "--seed", "6"]);
        assert_ne!(other.stdout, text.as_bytes());
    }

    #[test]
    fn writes_json_lines_to_a_file_and_says_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("events.jsonl");
        let output = sample(&[
            "--people",
            "200",
            "--periods",
            "4",
            "--period-length",
            "1w",
            "--start",
            "2024-06-03",
            "--format",
            "jsonl",
            "--out",
            out.to_str().unwrap(),
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        assert!(output.stdout.is_empty());
        let text = fs::read_to_string(&out).unwrap();
        let lines = text.lines().count();
        let said: Vec<&str> = err.lines().collect();
        // The service loop reaches 1,000 people a period at "tell": scaled to 200 in all.
        let file = template("service-loop.json");
        assert!(
            said[0].starts_with(&format!("{}: note: reach scaled by ", file.display()))
                && said[0].contains(" to reach 200 people: \"tell\" ")
                && said[0].ends_with(" per period at first"),
            "{err}"
        );
        assert!(
            said[1].starts_with(&format!("{}: {lines} events of ", out.display()))
                && said[1].contains(" over 4 periods ("),
            "{err}"
        );
        for line in text.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let time = value["timestamp"].as_str().unwrap();
            // Weeks counted from the epoch start on Thursdays: 2024-06-06 is the first.
            assert!(
                ("2024-06-06T00:00:00Z".."2024-07-04T00:00:00Z").contains(&time),
                "{time}"
            );
            assert!(value["user_id"].is_string() && value["event"].is_string());
        }
        // Nothing else is left in the folder.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_scenario_draws_the_people_under_its_numbers_and_an_unknown_one_is_named() {
        // The service loop's crisis cuts marketing and care from period 26 on.
        const CRISIS: &str = "crisis: cut marketing and care";
        let args = ["--periods", "28", "--seed", "3"];
        let drawn = sample(&args);
        let crisis = sample(&[&args[..], &["--scenario", CRISIS]].concat());
        assert_eq!(crisis.status.code(), Some(0), "{}", stderr(&crisis));
        let (drawn, crisis) = (
            String::from_utf8(drawn.stdout).unwrap(),
            String::from_utf8(crisis.stdout).unwrap(),
        );
        // The same people until the crisis, fewer events after it.
        let before = |text: &str| {
            text.lines()
                .skip(1)
                .take_while(|l| l.split(',').nth(1).is_some_and(|t| t < "2025-01-26"))
                .count()
        };
        assert!(before(&drawn) > 1000, "{}", before(&drawn));
        assert_eq!(before(&crisis), before(&drawn));
        assert!(crisis.lines().count() < drawn.lines().count());
        let unknown = sample(&[&args[..], &["--scenario", "boom"]].concat());
        assert_eq!(unknown.status.code(), Some(1));
        let err = stderr(&unknown);
        assert!(
            err.contains("there is no scenario \"boom\"") && err.contains(CRISIS),
            "{err}"
        );
        assert!(unknown.stdout.is_empty());
    }

    #[test]
    fn a_journey_that_cannot_be_drawn_is_named_with_the_reason() {
        let file = bad("scenario-errors.json");
        let output = run(&[
            p("sample"),
            &file,
            p("--people"),
            p("10"),
            p("--periods"),
            p("3"),
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        for line in expected_lines("scenario-errors.json") {
            assert!(
                err.contains(&format!("{}: {line}", file.display())),
                "{err}"
            );
        }
        let over = good("flow-over-one.json");
        let output = run(&[
            p("sample"),
            &over,
            p("--people"),
            p("10"),
            p("--periods"),
            p("3"),
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!("{}: cannot simulate until", over.display()))
                && err.contains("\"Order online\""),
            "{err}"
        );
        let dir = tempfile::tempdir().unwrap();
        let nobody = dir.path().join("nobody.json");
        fs::write(
            &nobody,
            r#"{"format": "journey-designer", "version": 2, "steps": [{"id": "t", "stage": "tell", "stay": 0.5}]}"#,
        )
        .unwrap();
        let out = dir.path().join("events.csv");
        let output = run(&[
            p("sample"),
            &nobody,
            p("--people"),
            p("10"),
            p("--periods"),
            p("3"),
            p("--out"),
            &out,
        ]);
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(
            stderr(&output),
            format!(
                "journey-designer: {}: nobody enters the journey: give a tell step a reach (or a marketing budget) to bring people in\n",
                nobody.display()
            )
        );
        assert!(!out.exists());
    }

    #[test]
    fn bad_options_say_what_is_expected() {
        for (args, says) in [
            (
                vec!["--people", "10", "--periods", "3", "--period-length", "1m"],
                "\"1m\" is not a period length: expected <N>h, <N>d or <N>w (such as 1d, 12h, 1w)",
            ),
            (
                vec!["--people", "10", "--periods", "3", "--start", "2025-02-30"],
                "\"2025-02-30\" is not a date; write it as YYYY-MM-DD, such as 2025-01-01",
            ),
            (vec!["--people", "0", "--periods", "3"], "--people <PEOPLE>"),
            (
                vec!["--people", "10", "--periods", "0"],
                "--periods <PERIODS>",
            ),
            (vec!["--people", "10"], "--periods <PERIODS>"),
        ] {
            let output = sample(&args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert!(
                stderr(&output).contains(says),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }

    #[test]
    fn a_missing_folder_for_the_log_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("no/such/folder/events.csv");
        let output = sample(&["--periods", "3", "--out", out.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1));
        assert!(
            stderr(&output).starts_with(&format!(
                "journey-designer: cannot write {}: ",
                out.display()
            )),
            "{}",
            stderr(&output)
        );
    }

    #[test]
    fn a_reader_that_stops_early_ends_the_log_quietly() {
        use std::io::Read as _;
        let mut child = Command::new(env!("CARGO_BIN_EXE_journey-designer"))
            // The journey's own reach, 1,000 people a day, for 400 days: far more than a pipe holds.
            .args(["sample", "--periods", "400"])
            .arg(template("service-loop.json"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0; 100];
        child.stdout.take().unwrap().read_exact(&mut head).unwrap();
        // The pipe is closed here, long before the log is complete.
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(output.stderr.is_empty());
    }
}
