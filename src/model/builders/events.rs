//! A step's event names and patterns (its `events`), edited one entry at a time: added,
//! changed, removed. A pattern the reader would refuse is refused here first, with the
//! entry's place, so the journey never holds one.

use crate::model::{Document, Edit, StepValue, event_pattern_problem};

/// Why an entry of a step's `events` was not changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EventRefused {
    /// The pattern is refused (the entry's place, from 1, and why).
    #[error("event {at}: {reason}")]
    Pattern {
        /// The entry's place in the list, from 1.
        at: usize,
        /// Why, as the file's reader says it.
        reason: &'static str,
    },
    /// The step already lists it.
    #[error("event {at}: \"{name}\" is already listed as event {first}")]
    Listed {
        /// The entry's place, from 1.
        at: usize,
        /// The name or pattern.
        name: String,
        /// Where it is already, from 1.
        first: usize,
    },
    /// The step is gone.
    #[error("the step {0:?} is no longer in the journey")]
    NoStep(String),
}

/// The edit that gives `step` the list `events` in one undoable step, or why one entry is
/// refused (its place in the list).
fn set_events(doc: &Document, step: &str, events: Vec<String>) -> Result<Edit, EventRefused> {
    if doc.step(step).is_none() {
        return Err(EventRefused::NoStep(step.to_owned()));
    }
    for (i, pattern) in events.iter().enumerate() {
        if let Some(reason) = event_pattern_problem(pattern) {
            return Err(EventRefused::Pattern { at: i + 1, reason });
        }
        if let Some(first) = events[..i].iter().position(|e| e == pattern) {
            return Err(EventRefused::Listed {
                at: i + 1,
                name: pattern.clone(),
                first: first + 1,
            });
        }
    }
    Ok(super::set_step(step, StepValue::Events(events)))
}

/// The edit that adds the event name or pattern `name` at the end of `step`'s events.
pub fn add_event(doc: &Document, step: &str, name: &str) -> Result<Edit, EventRefused> {
    let mut events = doc
        .step(step)
        .map(|s| s.events.to_vec())
        .unwrap_or_default();
    events.push(name.to_owned());
    let edit = set_events(doc, step, events)?;
    let title = doc.step(step).map_or(step, |s| s.title.as_str());
    Ok(Edit::Batch {
        label: format!("Add the event {name:?} to {title:?}"),
        edits: vec![edit],
    })
}

/// The edit that changes `step`'s event at `index` (from 0) to `text`.
pub fn edit_event(
    doc: &Document,
    step: &str,
    index: usize,
    text: &str,
) -> Result<Edit, EventRefused> {
    let mut events = doc
        .step(step)
        .map(|s| s.events.to_vec())
        .unwrap_or_default();
    if let Some(entry) = events.get_mut(index) {
        text.clone_into(entry);
    }
    set_events(doc, step, events)
}

/// The edit that removes `step`'s event at `index` (from 0); `None` when there is none.
pub fn remove_event(doc: &Document, step: &str, index: usize) -> Option<Edit> {
    let mut events = doc.step(step)?.events.to_vec();
    if index >= events.len() {
        return None;
    }
    events.remove(index);
    set_events(doc, step, events).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, Step};

    fn doc() -> Document {
        let mut doc = Document::new("t");
        let mut step = Step::new("shop", Stage::Buy, "Shop", [0.0, 0.0]);
        step.events = vec!["checkout_*".to_owned()].into();
        doc.set_steps_and_links(vec![step], vec![]).unwrap();
        doc
    }

    fn events(doc: &Document) -> Vec<String> {
        doc.step("shop").unwrap().events.to_vec()
    }

    #[test]
    fn an_event_is_added_changed_and_removed_each_as_one_undoable_edit() {
        let mut doc = doc();
        let add = add_event(&doc, "shop", "paid").unwrap();
        assert_eq!(add.label(), "Add the event \"paid\" to \"Shop\"");
        let undo_add = add.apply(&mut doc).unwrap();
        assert_eq!(events(&doc), ["checkout_*", "paid"]);
        let undo_change = edit_event(&doc, "shop", 0, "checkout_done")
            .unwrap()
            .apply(&mut doc)
            .unwrap();
        assert_eq!(events(&doc), ["checkout_done", "paid"]);
        let undo_remove = remove_event(&doc, "shop", 0)
            .unwrap()
            .apply(&mut doc)
            .unwrap();
        assert_eq!(events(&doc), ["paid"]);
        assert_eq!(remove_event(&doc, "shop", 5), None);
        // Each undone in turn gives back the list before it.
        let _ = undo_remove.apply(&mut doc).unwrap();
        assert_eq!(events(&doc), ["checkout_done", "paid"]);
        let _ = undo_change.apply(&mut doc).unwrap();
        assert_eq!(events(&doc), ["checkout_*", "paid"]);
        let _ = undo_add.apply(&mut doc).unwrap();
        assert_eq!(events(&doc), ["checkout_*"]);
    }

    #[test]
    fn a_refused_pattern_says_which_entry_and_why() {
        let doc = doc();
        assert_eq!(
            edit_event(&doc, "shop", 0, "checkout_**")
                .unwrap_err()
                .to_string(),
            "event 1: write * once: ** is not a pattern"
        );
        assert_eq!(
            add_event(&doc, "shop", "").unwrap_err().to_string(),
            "event 2: an event pattern cannot be empty"
        );
        assert_eq!(
            add_event(&doc, "shop", "checkout_*")
                .unwrap_err()
                .to_string(),
            "event 2: \"checkout_*\" is already listed as event 1"
        );
        assert_eq!(
            add_event(&doc, "gone", "x").unwrap_err(),
            EventRefused::NoStep("gone".to_owned())
        );
    }
}
