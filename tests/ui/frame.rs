//! The journey's frame in the inspector (nothing selected): its hints explain each field in
//! general words, whichever journey is open.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use journey_designer::format::TEMPLATES;

use super::Editor;

/// The words of `text`, lower case, without punctuation ("self-doubt" is one word).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every run of three words in `text`.
fn trigrams(text: &str) -> BTreeSet<String> {
    words(text).windows(3).map(|w| w.join(" ")).collect()
}

/// The words that say which journey a template is about.
const SUBJECTS: [&str; 17] = [
    "car",
    "tesla",
    "energy",
    "technology",
    "adopter",
    "hotel",
    "holiday",
    "holidays",
    "rooms",
    "families",
    "friends",
    "stripe",
    "payment",
    "payments",
    "internet",
    "developers",
    "website",
];

/// The texts of the frame's hints as the open journey's inspector shows them: its fields'
/// descriptions, which are also the small lines under them.
fn hints(editor: &Editor) -> Vec<String> {
    editor
        .harness
        .get_by_role_and_label(Role::Pane, "Inspector")
        .query_all_by(|n| {
            n.description().is_some()
                && matches!(
                    n.role(),
                    Role::TextInput | Role::MultilineTextInput | Role::SpinButton
                )
        })
        .filter_map(|n| n.accesskit_node().description())
        .collect()
}

#[test]
fn the_frames_hints_use_no_templates_words() {
    // What each template says in its own frame.
    let frames: Vec<String> = TEMPLATES
        .iter()
        .map(|t| {
            let doc = t.load().unwrap();
            [
                doc.title.as_str(),
                doc.core_narrative.as_str(),
                doc.problems.external.as_str(),
                doc.problems.internal.as_str(),
                doc.problems.philosophical.as_str(),
                doc.audience.description.as_str(),
                doc.audience.uniqueness.as_str(),
            ]
            .join(". ")
        })
        .collect();
    for file in ["service-loop", "tesla", "hotel", "stripe"] {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("assets/templates/{file}.json"));
        let editor = Editor::with(tempfile::tempdir().unwrap(), Some(path));
        assert!(editor.app().selection().is_empty(), "the frame is shown");
        let hints = hints(&editor);
        for field in ["Core narrative", "External", "Internal", "Philosophical"] {
            let description = editor
                .harness
                .get_by_label(field)
                .accesskit_node()
                .description()
                .unwrap_or_else(|| panic!("{file}: {field} has a hint"));
            assert!(hints.contains(&description));
        }
        for hint in &hints {
            for word in words(hint) {
                assert!(
                    !SUBJECTS.contains(&word.as_str()),
                    "{file}: the hint {hint:?} speaks of {word:?}"
                );
            }
            for frame in &frames {
                let shared: Vec<_> = trigrams(hint)
                    .intersection(&trigrams(frame))
                    .cloned()
                    .collect();
                assert!(
                    shared.is_empty(),
                    "{file}: the hint {hint:?} quotes a template: {shared:?}"
                );
            }
        }
    }
}
