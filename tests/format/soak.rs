//! A few thousand cases of the loader's soak (`examples/soak.rs` runs a million): every
//! third systematic case (values of the seed files replaced by other JSON types, or removed)
//! and thousands of random mutations of all of them.

use std::sync::atomic::{AtomicUsize, Ordering};

use journey_designer::format::ContentError;
use journey_designer::format::soak::{self, Loader, Mutator, Tally};

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

/// Saves so far by the loader that saves differently each time.
static SAVES: AtomicUsize = AtomicUsize::new(0);

/// A file both readers take, and one they refuse.
const VALID: &[u8] = br#"{"format": "journey-designer", "version": 1, "title": "Loop"}"#;
const REFUSED: &[u8] = br#"{"format": 1}"#;

/// An error at a path that leads nowhere in the refused file.
fn nowhere() -> LoadError {
    LoadError::Content(vec![ContentError {
        path: "steps[7].id".into(),
        message: "must not be empty".into(),
    }])
}

/// Loaders that each break one promise, with the input that shows it and the words the
/// soak's check names it with.
fn broken_loaders() -> [(&'static [u8], Loader, &'static str); 9] {
    let real = Loader::REAL;
    [
        (
            VALID,
            Loader {
                fast: |text| {
                    let mut doc = format::read_fast(text)?;
                    doc.title.push('!');
                    Some(doc)
                },
                ..real
            },
            "the readers built different documents",
        ),
        (
            REFUSED,
            Loader {
                fast: |_| Some(Document::default()),
                ..real
            },
            "the fast reader accepted a file the full reader refuses",
        ),
        (
            VALID,
            Loader {
                fast: |_| None,
                ..real
            },
            "the fast reader gave up on a valid file",
        ),
        (
            VALID,
            Loader {
                load: |_| Ok(Document::default()),
                ..real
            },
            "the loader gave",
        ),
        (
            VALID,
            Loader {
                save: |doc| {
                    let n = SAVES.fetch_add(1, Ordering::Relaxed);
                    format!("{}{}", format::to_string(doc), " ".repeat(n % 2))
                },
                ..real
            },
            "saving twice gave different text",
        ),
        (
            VALID,
            Loader {
                save: |doc| {
                    let mut doc = doc.clone();
                    doc.title.push('!');
                    format::to_string(&doc)
                },
                ..real
            },
            "the saved text loads as a different journey",
        ),
        (
            VALID,
            Loader {
                fast: |text| {
                    if text.contains('\n') {
                        None
                    } else {
                        format::read_fast(text)
                    }
                },
                ..real
            },
            "the fast reader does not read the saved text",
        ),
        (
            VALID,
            Loader {
                load: |_| panic!("a reader crashed"),
                ..real
            },
            "panic: a reader crashed",
        ),
        (
            REFUSED,
            Loader {
                full: |_| Err(nowhere()),
                load: |_| Err(nowhere()),
                ..real
            },
            "the path leads nowhere",
        ),
    ]
}

/// Each promise the soak checks, broken on purpose by a loader given to its check: the
/// check names the promise, so a soak that stopped checking one fails here.
#[test]
fn a_broken_promise_is_caught() {
    assert_eq!(soak::check(VALID), Ok(soak::Verdict::Accepted));
    assert_eq!(soak::check(REFUSED), Ok(soak::Verdict::Rejected));
    assert_eq!(soak::check(b"\xff"), Ok(soak::Verdict::Rejected));
    for (input, loader, promise) in broken_loaders() {
        let caught = soak::check_with(&loader, input);
        assert!(
            caught
                .as_ref()
                .is_err_and(|problem| problem.contains(promise)),
            "{promise}: {caught:?}"
        );
    }
}
