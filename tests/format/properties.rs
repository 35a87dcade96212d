//! Any valid document survives a save and a load, and any input keeps every promise of the
//! loader (the soak's check): it never panics, and it is either a journey that saves back
//! stably or refused with errors that say where.

use journey_designer::format::soak::{self, Verdict};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::Value;

use super::strategies::{content, document, json};
use super::*;

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

    /// Arbitrary bytes are refused, each error at a real place.
    #[test]
    fn arbitrary_bytes_are_refused_with_located_errors(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        prop_assert_eq!(soak::check(&bytes), Ok(Verdict::Rejected));
    }

    /// A damaged journey keeps every promise; one the damage left as it was loads as the
    /// journey, and one cut just before its final line feed too.
    #[test]
    fn a_damaged_journey_keeps_every_promise(
        doc in document(),
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let original = format::to_string(&doc).into_bytes();
        let mut bytes = original.clone();
        for (at, byte) in damage {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        let checked = soak::check(&bytes);
        prop_assert!(checked.is_ok(), "{:?}", checked);
        if bytes == original {
            prop_assert_eq!(format::from_slice(&bytes), Ok(doc.clone()));
        }
        let cut = cut.index(original.len());
        let checked = soak::check(&original[..cut]);
        let whole = cut == original.len() - 1;
        let expected = if whole { Verdict::Accepted } else { Verdict::Rejected };
        prop_assert_eq!(checked, Ok(expected), "cut at {} of {}", cut, original.len());
    }

    /// JSON that is not a journey is refused at its first field: `(file)` for anything but
    /// an object, `format` for an object without one.
    #[test]
    fn arbitrary_json_is_refused_where_it_stops_being_a_journey(value in json()) {
        let place = match &value {
            Value::Object(map) if map.contains_key("format") => None,
            Value::Object(_) => Some("format"),
            _ => Some("(file)"),
        };
        for text in [value.to_string(), serde_json::to_string_pretty(&value).unwrap()] {
            prop_assert_eq!(soak::check(text.as_bytes()), Ok(Verdict::Rejected));
            let Err(LoadError::Content(errors)) = format::from_str(&text) else {
                return Err(TestCaseError::fail(format!("not a content error: {text}")));
            };
            if let Some(place) = place {
                let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
                prop_assert_eq!(paths, [place]);
            }
        }
    }

    /// A journey header with arbitrary values in the known places reaches the content
    /// checks: whatever loads saves back stably, whatever is refused says where.
    #[test]
    fn arbitrary_content_keeps_every_promise(text in content()) {
        let checked = soak::check(text.as_bytes());
        prop_assert!(checked.is_ok(), "{:?}\n{}", checked, text);
    }
}

/// The content strategy reaches both outcomes, so the property above checks journeys that
/// load as well as refused ones.
#[test]
fn arbitrary_content_is_sometimes_a_journey() {
    let mut runner = TestRunner::deterministic();
    let strategy = content();
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..256 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        match soak::check(text.as_bytes()) {
            Ok(Verdict::Accepted) => accepted += 1,
            Ok(Verdict::Rejected) => rejected += 1,
            Err(problem) => panic!("{problem}\n{text}"),
        }
    }
    assert!(
        accepted >= 10 && rejected >= 10,
        "{accepted} accepted, {rejected} refused"
    );
}
