//! The two readers (`read/fast.rs` and `read.rs`, exposed for tests as
//! `format::read_fast` and `format::read_full`) build the same document from every saved,
//! generated, re-laid-out and damaged journey, and the fast reader gives up on a valid file
//! only for a duplicate key.

use proptest::prelude::*;
use serde_json::Value;

use super::strategies::document;
use super::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

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
    /// `persona_emotions` and a scenario's `steps` and `links` keep their entries in file
    /// order, as data, so they are left as they are.)
    #[test]
    fn both_readers_ignore_layout_and_key_order(doc in document()) {
        fn reverse(value: &mut Value) {
            match value {
                Value::Object(map) => {
                    let mut entries: Vec<(String, Value)> =
                        std::mem::take(map).into_iter().collect();
                    entries.reverse();
                    for (key, v) in &mut entries {
                        let ordered = key == "persona_emotions"
                            || (v.is_object() && (key == "steps" || key == "links"));
                        if !ordered {
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
}
