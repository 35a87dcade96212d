//! The facts `docs/file-format.md` states, checked against the code.

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
fn the_numbers_and_scenarios_are_documented_as_read() {
    let text = doc_text();
    for field in ["reach", "stay", "referrals", "scenarios", "name"] {
        assert!(text.contains(&format!("| `{field}` |")), "{field}");
    }
    // The documented scenario shape is read as a scenario.
    let shape = text
        .split("### `scenarios`")
        .nth(1)
        .and_then(|rest| rest.split("```\n").nth(1))
        .expect("an example of scenarios");
    let file = format!(
        r#"{{"format": "journey-designer", "version": 1,
            "steps": [{{"id": "tell", "stage": "tell"}}, {{"id": "care", "stage": "care"}},
                      {{"id": "delight", "stage": "delight"}}],
            "links": [{{"id": "care-delight", "from": "care", "to": "delight"}}],
            {shape}}}"#
    );
    let doc = format::from_str(&file).unwrap();
    assert_eq!(doc.scenarios()[0].name, "crisis");
    assert_eq!(doc.scenarios()[0].step("tell").unwrap().reach, Some(0.0));
    assert_eq!(
        doc.scenarios()[0].link("care-delight").unwrap().rate,
        Some(0.1)
    );
    // Absent numbers stay absent: an older file saves back byte for byte.
    let doc = format::from_str(
        &fs::read_to_string(corpus("good").join("canonical-stripe.json")).unwrap(),
    )
    .unwrap();
    assert!(!format::to_string(&doc).contains("\"stay\""));
    // Each documented number error is the real one.
    for line in [
        "scenarios[0].steps.tell.reach: expected a number of people per period, 0 or more, found -5",
        "scenarios[0].links.zz: there is no link with id \"zz\"",
    ] {
        assert!(text.contains(line), "{line}");
        let expected = fs::read_to_string(corpus("bad").join("scenario-errors.expected")).unwrap();
        assert!(expected.lines().any(|l| l == line), "{line}");
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
        let expected = fs::read_to_string(corpus("bad").join(format!("{file}.expected"))).unwrap();
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

/// The keys of each row of a Markdown table whose first cell names an object and whose
/// second lists keys in backticks: `| step | `id`, `stage` |`.
fn key_rows(text: &str) -> Vec<(String, Vec<String>)> {
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .strip_prefix("| ")?
                .strip_suffix(" |")?
                .split(" | ")
                .collect();
            let [object, keys] = cells[..] else {
                return None;
            };
            keys.starts_with('`').then(|| {
                let keys = keys.split(", ").map(|k| k.trim_matches('`').to_owned());
                (object.trim_matches('`').to_owned(), keys.collect())
            })
        })
        .collect()
}

/// The tables' objects and keys, as strings.
fn tables() -> Vec<(String, Vec<String>)> {
    format::canonical_keys()
        .into_iter()
        .map(|(name, keys)| {
            let keys = keys.into_iter().map(str::to_owned).collect();
            (name.to_owned(), keys)
        })
        .collect()
}

#[test]
fn the_documented_key_order_is_the_order_written() {
    let text = doc_text();
    let layout = text
        .split("## The canonical layout")
        .nth(1)
        .expect("a section on the canonical layout");
    assert_eq!(key_rows(layout), tables());
}

#[test]
fn the_field_tables_list_every_field_in_the_order_written() {
    let text = doc_text();
    let fields = text
        .split("## Fields")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a section on the fields");
    // Each table of fields (`| field | JSON type | … |`), its keys in row order.
    let mut documented: Vec<Vec<String>> = Vec::new();
    let mut in_table = false;
    for line in fields.lines() {
        if line.starts_with("| field |") {
            documented.push(Vec::new());
            in_table = true;
        } else if !line.starts_with('|') {
            in_table = false;
        } else if in_table && let Some(rest) = line.strip_prefix("| `") {
            let key = rest.split('`').next().unwrap_or_default();
            documented.last_mut().unwrap().push(key.to_owned());
        }
    }
    // The overrides of a scenario are described in its `steps` and `links` rows.
    let expected: Vec<Vec<String>> = tables()
        .into_iter()
        .filter(|(name, _)| !name.ends_with("override"))
        .map(|(_, keys)| keys)
        .collect();
    assert_eq!(documented, expected);
}
