//! Mermaid and CSV coming in: Mermaid's own documentation examples, located problems with
//! exact messages, other spreadsheets' columns, and export → import → export round trips of
//! every template.

use std::fs;

use journey_designer::export;
use journey_designer::format::TEMPLATES;
use journey_designer::import::table::Field;
use journey_designer::import::{self, Kind, Options};
use journey_designer::model::{Document, Stage};

use super::*;

/// The steps as the `.expected` files list them: `stage | title | emotion | personas`.
fn listed(doc: &Document) -> Vec<String> {
    doc.steps()
        .iter()
        .map(|s| {
            let personas: Vec<&str> = s
                .personas
                .iter()
                .map(|id| doc.persona(id).map_or(id.as_str(), |p| p.name.as_str()))
                .collect();
            format!(
                "{} | {} | {} | {}",
                s.stage.as_str(),
                s.title,
                s.emotion.value(),
                personas.join(", ")
            )
            .trim_end()
            .to_owned()
        })
        .collect()
}

fn mermaid(text: &str, stages: &[(&str, Stage)]) -> Result<import::Imported, import::ImportError> {
    let options = Options {
        stages: stages.iter().map(|(n, s)| ((*n).to_owned(), *s)).collect(),
        columns: Vec::new(),
    };
    import::import(Kind::Mermaid, text, &options)
}

fn problems(err: &import::ImportError) -> Vec<String> {
    err.problems.iter().map(ToString::to_string).collect()
}

#[test]
fn mermaids_documentation_examples_read_as_mermaid_reads_them() {
    let dir = root().join("tests/import/mermaid");
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "mmd"))
        .collect();
    inputs.sort();
    assert_eq!(inputs.len(), 12);
    for input in inputs {
        let expected = fs::read_to_string(input.with_extension("expected")).unwrap();
        let mut options = Options::default();
        let mut want: Vec<String> = Vec::new();
        for line in expected.lines().filter(|l| !l.starts_with('#')) {
            if let Some(mapping) = line.strip_prefix("stage: ") {
                let (name, stage) = mapping.rsplit_once('=').unwrap();
                options
                    .stages
                    .push((name.to_owned(), import::stage_named(stage).unwrap()));
            } else {
                want.push(line.to_owned());
            }
        }
        let text = fs::read_to_string(&input).unwrap();
        let imported = import::import(Kind::Mermaid, &text, &options)
            .unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let doc = &imported.document;
        let mut got = vec![
            format!("title: {}", doc.title),
            format!(
                "personas: {}",
                doc.personas()
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .trim_end()
            .to_owned(),
        ];
        got.extend(imported.notes.iter().map(|n| format!("note: {n}")));
        got.extend(listed(doc));
        assert_eq!(got, want, "{}", input.display());
    }
}

#[test]
fn steps_come_laid_out_around_the_loop_with_fresh_ids() {
    let text = "journey\n  section Tell\n    Ad: 3\n    Ad: 4\n  section Care\n    Call: 2: Me\n";
    let doc = mermaid(text, &[]).unwrap().document;
    let ids: Vec<&str> = doc.steps().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["ad", "ad-2", "call"]);
    assert_eq!(doc.personas()[0].id, "me");
    // Around the loop: tell at the top, care at the bottom.
    let (tell, care) = (
        doc.step("ad").unwrap().position,
        doc.step("call").unwrap().position,
    );
    assert!(tell[1] < 0.0 && care[1] > 0.0, "{tell:?} {care:?}");
    assert_ne!(
        doc.step("ad").unwrap().position,
        doc.step("ad-2").unwrap().position
    );
}

#[test]
fn problems_are_located_every_one_at_once() {
    let text = "journey\n  title Launch\n  First: 3\n  section Go to work\n    Tea: 5: Me\n  section Buy\n    Pay: 6: Me\n    Shop\n    Later: three\n    A; B: 3\n";
    let err = mermaid(text, &[]).unwrap_err();
    assert_eq!(
        problems(&err),
        [
            "line 3, column 3: the task \"First\" comes before any section; put it under a section named after a stage (Tell, Buy, Experience, Care, Delight, Word of mouth)",
            "line 4, column 11: the section \"Go to work\" is not a stage of the service loop; name it after one of Tell, Buy, Experience, Care, Delight, Word of mouth, or map it with --stage \"Go to work=tell\"",
            "line 7, column 10: the score of \"Pay\" must be a whole number from 1 to 5, found \"6\"",
            "line 8, column 5: the task \"Shop\" needs a score after a `:`, as in `Shop: 3`",
            "line 9, column 12: the score of \"Later\" must be a whole number from 1 to 5, found \"three\"",
            "line 10, column 6: Mermaid does not allow `;` here; write #59; for a semicolon in text",
        ]
    );
    assert_eq!(err.unmapped, ["Go to work"]);
}

#[test]
fn a_diagram_that_is_not_a_journey_says_so() {
    let err = mermaid("\n%% a comment\nflowchart LR\n  A --> B\n", &[]).unwrap_err();
    assert_eq!(
        problems(&err),
        [
            "line 3, column 1: a Mermaid journey diagram starts with `journey`, found \"flowchart LR\""
        ]
    );
    let err = mermaid("%% nothing but a comment\n", &[]).unwrap_err();
    assert_eq!(
        problems(&err),
        [
            "line 2, column 1: there is no `journey` line; a Mermaid journey diagram starts with `journey`"
        ]
    );
    let err = mermaid("journey\n  accDescr {\n  never closed\n", &[]).unwrap_err();
    assert_eq!(
        problems(&err),
        ["line 2, column 1: this `accDescr {` is not closed with `}`"]
    );
    let err = mermaid("---\ntitle: x\njourney\n", &[]).unwrap_err();
    assert_eq!(
        problems(&err),
        ["line 1, column 1: the front matter that starts here is not closed with `---`"]
    );
    let err = import::import_bytes(
        Kind::Mermaid,
        b"journey\n  title Caf\xe9\n",
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(
        problems(&err),
        ["line 2, column 12: the file is not UTF-8 text; save it as UTF-8 and try again"]
    );
}

#[test]
fn what_follows_the_actors_is_reported_not_dropped_silently() {
    let imported = mermaid("journey\nsection Buy\n  Pay: 2: Me, Me: later\n", &[]).unwrap();
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "line 3: Mermaid reads only a task's score and actors; \": later\" after them was left out",
            "line 3: \"Me\" is listed twice; a step lists a persona once",
        ]
    );
    assert_eq!(imported.document.steps()[0].personas, ["me"]);
}

#[test]
fn every_template_goes_out_and_comes_back_as_the_same_mermaid_and_csv() {
    for template in TEMPLATES {
        let doc = template.load().unwrap();
        let mermaid_text = export::mermaid(&doc);
        let back = import::import(Kind::Mermaid, &mermaid_text, &Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}\n{mermaid_text}", template.name));
        // The comment at the end names what the export left out; the journey that comes
        // back holds none of it, so its export has no such comment and the diagram is the
        // same.
        let (diagram, left_out) = mermaid_text
            .split_once("    %% Left out")
            .unwrap_or((mermaid_text.as_str(), ""));
        assert!(
            left_out.ends_with("CSV export keep them.\n"),
            "{left_out:?}"
        );
        assert_eq!(
            export::mermaid(&back.document),
            diagram,
            "{}",
            template.name
        );
        assert!(back.notes.is_empty(), "{}: {:?}", template.name, back.notes);

        let csv = export::csv(&doc).unwrap();
        let back = import::import_bytes(Kind::Csv, &csv, &Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", template.name));
        assert_eq!(
            String::from_utf8(export::csv(&back.document).unwrap()).unwrap(),
            String::from_utf8(csv).unwrap(),
            "{}",
            template.name
        );
        assert!(back.notes.is_empty(), "{}: {:?}", template.name, back.notes);
        // The ids, links and rates come back too.
        assert_eq!(back.document.steps().len(), doc.steps().len());
        assert_eq!(back.document.links().len(), doc.links().len());
    }
}

#[test]
fn our_csv_columns_are_the_fields_in_order() {
    let fields: Vec<Option<Field>> = export::CSV_HEADER
        .iter()
        .map(|h| Field::from_name(h))
        .collect();
    assert_eq!(fields, Field::ALL.map(Some));
}

#[test]
fn another_spreadsheets_columns_are_matched_by_name() {
    let text = "Phase,Name,Description,Feeling,Channel,Owner,Next\n\
                Awareness,See the ad,Instagram story,+1,\"social media; app\",Ann,Sign up (40%)\n\
                Buy,Sign up,,0,web,Bo,\n";
    let options = Options {
        stages: vec![("Awareness".into(), Stage::Tell)],
        columns: Vec::new(),
    };
    let imported = import::import(Kind::Csv, text, &options).unwrap();
    let doc = &imported.document;
    assert_eq!(
        listed(doc),
        ["tell | See the ad | 1 |", "buy | Sign up | 0 |"]
    );
    let ad = &doc.steps()[0];
    assert_eq!(ad.id, "see-the-ad");
    assert_eq!(ad.notes, "Instagram story");
    assert_eq!(ad.channels, ["social media", "app"]);
    let link = &doc.links()[0];
    assert_eq!(
        (link.from.as_str(), link.to.as_str(), link.rate),
        ("see-the-ad", "sign-up", Some(0.4))
    );
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "line 1: the column \"Owner\" (column 6) is not a field of a step and was left out; give it with --column FIELD=\"Owner\" (fields: id, stage, title, notes, emotion, channels, touchpoints, pain_points, opportunities, personas, leads_to, evidence, frontstage, backstage, support, fail_point, wait, wait_minutes, metrics, to_be_emotion, to_be_title, to_be_notes)"
        ]
    );
    // The same sheet with the owner as the persona.
    let options = Options {
        stages: vec![("Awareness".into(), Stage::Tell)],
        columns: vec![(Field::Personas, "owner".into())],
    };
    let doc = import::import(Kind::Csv, text, &options).unwrap().document;
    assert_eq!(
        listed(&doc),
        ["tell | See the ad | 1 | Ann", "buy | Sign up | 0 | Bo"]
    );
    // Cells separated by semicolons, as Excel writes them where the decimal mark is a comma.
    let doc = import::import(Kind::Csv, "Stage;Title\nTell;Ad\n", &Options::default())
        .unwrap()
        .document;
    assert_eq!(listed(&doc), ["tell | Ad | 0 |"]);
}

#[test]
fn a_bad_cell_is_located_by_line_and_column() {
    let text = "stage,title,emotion,leads to\n\
                Tell,Ad,2,Buy\n\
                Onboarding,\"Two\nlines\",0,\n\
                Buy,Buy,happy,Nowhere (20%)\n\
                Care,Help,-3,Ad (120%)\n";
    let err = import::import(Kind::Csv, text, &Options::default()).unwrap_err();
    assert_eq!(
        problems(&err),
        [
            "line 3, column 1: (stage) \"Onboarding\" is not a stage of the service loop; write one of Tell, Buy, Experience, Care, Delight, Word of mouth, or map it with --stage \"Onboarding=tell\"",
            "line 5, column 3: (emotion) expected a whole number from -2 to 2, found \"happy\"",
            "line 6, column 3: (emotion) expected a whole number from -2 to 2, found \"-3\"",
        ]
    );
    assert_eq!(err.unmapped, ["Onboarding"]);
    let err = import::import(
        Kind::Csv,
        "stage,title,leads to\nTell,Ad,Nowhere (20%)\nBuy,Pay,Ad (120%)\n",
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(
        problems(&err),
        [
            "line 2, column 3: (leads to) no step has the title or id \"Nowhere\"",
            "line 3, column 3: (leads to) the rate of \"Ad\" must be a percentage from 0% to 100%, found \"120%\"",
        ]
    );
    let err = import::import(Kind::Csv, "when,what\n1,2\n", &Options::default()).unwrap_err();
    assert_eq!(
        problems(&err),
        [
            "line 1, column 1: no column gives the stage; head one \"stage\", or name it with --column stage=HEADER",
            "line 1, column 1: no column gives the steps' titles; head one \"title\", or name it with --column title=HEADER",
        ]
    );
}

#[test]
fn the_command_converts_mermaid_and_csv_with_their_options() {
    let dir = tempfile::tempdir().unwrap();
    let mmd = root().join("tests/import/mermaid/01-working-day.mmd");
    let mmd = mmd.to_str().unwrap();
    let refused = run_in(dir.path(), &["convert", mmd, "day.json"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr)
            .contains("01-working-day.mmd:3:13: the section \"Go to work\" is not a stage"),
        "{}",
        text(&refused.stderr)
    );
    assert!(!dir.path().join("day.json").exists());
    let done = run_in(
        dir.path(),
        &[
            "convert",
            mmd,
            "day.json",
            "--stage",
            "Go to work=experience",
            "--stage",
            "go home=Delight",
        ],
    );
    assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
    let doc = journey_designer::format::load_file(&dir.path().join("day.json")).unwrap();
    assert_eq!(doc.steps().len(), 5);
    // Straight to another export, the notes on standard error.
    let acc = root().join("tests/import/mermaid/02-accessibility.mmd");
    let out = run_in(
        dir.path(),
        &[
            "convert",
            acc.to_str().unwrap(),
            "day.csv",
            "--stage",
            "Go to work=experience",
            "--stage",
            "Go home=delight",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("02-accessibility.mmd:2: note: accTitle"),
        "{}",
        text(&out.stderr)
    );
    let csv = fs::read_to_string(dir.path().join("day.csv")).unwrap();
    assert!(csv.contains("make-tea,Experience,Make tea,,2"), "{csv}");
    // --column for CSV only, --stage for Mermaid and CSV only.
    let wrong = run_in(
        dir.path(),
        &["convert", mmd, "x.json", "--column", "title=Name"],
    );
    assert!(text(&wrong.stderr).contains("--column applies to CSV (.csv) input only"));
    let json = write(dir.path(), "j.json", &service_loop());
    let wrong = run_in(
        dir.path(),
        &[
            "convert",
            json.to_str().unwrap(),
            "x.json",
            "--stage",
            "A=tell",
        ],
    );
    assert!(
        text(&wrong.stderr).contains("--stage applies to Mermaid (.mmd) and CSV (.csv) input only")
    );
    let wrong = run_in(
        dir.path(),
        &["convert", mmd, "x.json", "--stage", "Go to work=sell"],
    );
    assert!(
        text(&wrong.stderr).contains("\"sell\" is not a stage"),
        "{}",
        text(&wrong.stderr)
    );
}

#[test]
fn the_blueprint_columns_come_back_and_metrics_are_reported() {
    use journey_designer::model::{FailPoint, Metric, ToBe, Wait};
    let mut doc = service_loop();
    let mut steps: Vec<journey_designer::model::Step> =
        doc.steps().iter().map(|s| (**s).clone()).collect();
    let care = &mut steps[3];
    care.evidence = vec!["hold music".into(), "ticket email".into()];
    care.frontstage = vec!["agent on the phone".into()];
    care.backstage = vec!["ticket triage".into()];
    care.support = vec!["CRM".into()];
    care.fail_point = Some(Box::new(FailPoint::new("the call drops")));
    care.wait = Some(Box::new(Wait {
        text: "queue".into(),
        minutes: Some(12.0),
        ..Wait::default()
    }));
    care.to_be = Some(Box::new(ToBe {
        emotion: journey_designer::model::Emotion::new(1),
        title: "Call back".into(),
        notes: "We call them.".into(),
        ..ToBe::default()
    }));
    steps[4].fail_point = Some(Box::new(FailPoint::new("")));
    let links = doc.links().iter().map(|l| (**l).clone()).collect();
    doc.set_steps_and_links(steps.clone(), links).unwrap();
    let csv = export::csv(&doc).unwrap();
    let back = import::import_bytes(Kind::Csv, &csv, &Options::default()).unwrap();
    assert!(back.notes.is_empty(), "{:?}", back.notes);
    assert_eq!(export::csv(&back.document).unwrap(), csv);
    let care = back.document.step("care").unwrap();
    assert_eq!(care.evidence, ["hold music", "ticket email"]);
    assert_eq!(
        care.fail_point.as_deref(),
        Some(&FailPoint::new("the call drops"))
    );
    assert_eq!(care.wait.as_ref().unwrap().minutes, Some(12.0));
    assert_eq!(care.to_be.as_ref().unwrap().title, "Call back");
    assert_eq!(
        back.document.step("delight").unwrap().fail_point.as_deref(),
        Some(&FailPoint::new(""))
    );

    // Metrics are shown rounded and without which way is better: reported, not read back.
    let mut with_metric = steps;
    with_metric[3].metrics = vec![Metric {
        name: "Wait".into(),
        value: Some(12.0),
        target: Some(10.0),
        unit: "min".into(),
        ..Metric::default()
    }];
    let links = doc.links().iter().map(|l| (**l).clone()).collect();
    doc.set_steps_and_links(with_metric, links).unwrap();
    let csv = export::csv(&doc).unwrap();
    let back = import::import_bytes(Kind::Csv, &csv, &Options::default()).unwrap();
    let notes: Vec<String> = back.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "line 5: the metrics \"Wait: 12 min / 10 min\" are not read back: the cell shows them rounded and without which way is better; the journey file keeps them"
        ]
    );
    assert!(back.document.step("care").unwrap().metrics.is_empty());
}

#[test]
fn lines_are_counted_right_after_crlf_line_ends() {
    // Our export and Excel end lines with CRLF.
    let text = "id,stage,title,emotion\r\na,Tell,A,0\r\nb,Buy,B,0\r\nc,Care,C,x\r\n";
    let err = import::import(Kind::Csv, text, &Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 4, column 4: (emotion) expected a whole number from -2 to 2, found \"x\""
    );
}

#[test]
fn a_bad_to_be_emotion_is_refused_at_its_cell() {
    let text = "id,stage,title,emotion,to be emotion\na,Tell,A,0,+1\nb,Buy,B,−1,3\n";
    let err = import::import(Kind::Csv, text, &Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 3, column 5: (to_be_emotion) expected a whole number from -2 to 2, found \"3\""
    );
}
