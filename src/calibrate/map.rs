//! Which step an event of the log stands for, from the steps' `events`.
//!
//! An exact name beats every pattern. Among the patterns that match a name, the one with
//! the most characters other than `*` wins (`checkout_paid_*` beats `checkout_*`); a tie
//! goes to the step listed first in the journey, and within a step to its first pattern.
//! Two steps listing the same exact name: the first step listed wins. [`EventMap::clashes`]
//! names such ties, so a report can show them.
//!
//! A step that lists no events stands for the events named exactly its id (what
//! `journey-designer sample` writes for it), unless a step lists that name.

use std::collections::HashMap;

use crate::model::{Document, event_pattern_matches};

/// The index of a step in the journey's list of steps.
pub type StepIndex = u16;

/// Event names to steps, built once from a journey; [`EventMap::step_of`] remembers the
/// answer for each name it has seen, so a log of millions of events matches each distinct
/// name against the patterns once.
#[derive(Clone, Debug)]
pub struct EventMap {
    /// Exact names to the first step listing them.
    exact: HashMap<String, StepIndex>,
    /// Patterns with a `*`, best first: (pattern, step, characters other than `*`).
    patterns: Vec<(String, StepIndex)>,
    /// Names already matched against the patterns, with their answer.
    seen: HashMap<String, Option<StepIndex>>,
    /// Names or patterns listed by more than one step: (pattern, the steps' ids).
    clashes: Vec<(String, Vec<String>)>,
}

impl EventMap {
    /// The map of `doc`'s steps' `events`.
    ///
    /// # Panics
    ///
    /// Never for a journey of at most 65,535 steps; steps after that are left unmapped.
    pub fn new(doc: &Document) -> Self {
        let mut exact: HashMap<String, StepIndex> = HashMap::new();
        let mut patterns: Vec<(String, StepIndex, usize, usize)> = Vec::new();
        let mut listed: Vec<(String, Vec<String>)> = Vec::new();
        for (index, step) in doc.steps().iter().enumerate() {
            let Ok(index) = StepIndex::try_from(index) else {
                break;
            };
            for pattern in &step.events {
                match listed.iter_mut().find(|(p, _)| p == pattern) {
                    Some((_, ids)) => ids.push(step.id.clone()),
                    None => listed.push((pattern.clone(), vec![step.id.clone()])),
                }
                if pattern.contains('*') {
                    let fixed = pattern.chars().filter(|&c| c != '*').count();
                    patterns.push((pattern.clone(), index, fixed, patterns.len()));
                } else {
                    exact.entry(pattern.clone()).or_insert(index);
                }
            }
        }
        for (index, step) in doc.steps().iter().enumerate() {
            let Ok(index) = StepIndex::try_from(index) else {
                break;
            };
            if step.events.is_empty() {
                exact.entry(step.id.clone()).or_insert(index);
            }
        }
        // Most fixed characters first; ties in the order listed (the sort is stable and
        // the fourth entry is the listing order).
        patterns.sort_by(|a, b| b.2.cmp(&a.2).then(a.3.cmp(&b.3)));
        Self {
            exact,
            patterns: patterns.into_iter().map(|(p, s, _, _)| (p, s)).collect(),
            seen: HashMap::new(),
            clashes: listed
                .into_iter()
                .filter(|(_, ids)| ids.len() > 1)
                .collect(),
        }
    }

    /// Whether no step lists any event.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.patterns.is_empty()
    }

    /// The step the event `name` stands for, if any.
    pub fn step_of(&mut self, name: &str) -> Option<StepIndex> {
        if let Some(&step) = self.exact.get(name) {
            return Some(step);
        }
        if self.patterns.is_empty() {
            return None;
        }
        if let Some(&answer) = self.seen.get(name) {
            return answer;
        }
        let answer = self
            .patterns
            .iter()
            .find(|(p, _)| event_pattern_matches(p, name))
            .map(|&(_, s)| s);
        self.seen.insert(name.to_owned(), answer);
        answer
    }

    /// The same name or pattern listed by more than one step, with those steps' ids in
    /// journey order; the first of them gets the events.
    pub fn clashes(&self) -> &[(String, Vec<String>)] {
        &self.clashes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, Step};

    fn doc(steps: &[(&str, &[&str])]) -> Document {
        let mut doc = Document::default();
        let steps = steps
            .iter()
            .map(|(id, events)| {
                let mut step = Step::new(*id, Stage::Experience, "", [0.0, 0.0]);
                step.events = events.iter().map(|e| (*e).to_owned()).collect();
                step
            })
            .collect();
        doc.set_steps_and_links(steps, Vec::new()).unwrap();
        doc
    }

    #[test]
    fn an_exact_name_beats_any_pattern() {
        let mut map = EventMap::new(&doc(&[("a", &["checkout_*"]), ("b", &["checkout_done"])]));
        assert_eq!(map.step_of("checkout_done"), Some(1));
        assert_eq!(map.step_of("checkout_started"), Some(0));
        assert_eq!(map.step_of("signup"), None);
    }

    #[test]
    fn the_longest_pattern_wins_and_ties_go_to_the_first_step() {
        let mut map = EventMap::new(&doc(&[
            ("a", &["checkout_*"]),
            ("b", &["checkout_paid_*"]),
            ("c", &["*_paid_card"]),
        ]));
        // "checkout_paid_*" has 14 fixed characters, "*_paid_card" 10, "checkout_*" 9.
        assert_eq!(map.step_of("checkout_paid_card"), Some(1));
        assert_eq!(map.step_of("checkout_x"), Some(0));
        assert_eq!(map.step_of("order_paid_card"), Some(2));
        let mut tie = EventMap::new(&doc(&[("a", &["x*"]), ("b", &["*x"])]));
        assert_eq!(tie.step_of("xx"), Some(0));
    }

    #[test]
    fn a_step_without_events_stands_for_its_id_unless_a_step_lists_it() {
        let mut map = EventMap::new(&doc(&[("a", &[]), ("b", &["a", "x"]), ("c", &[])]));
        assert_eq!(map.step_of("a"), Some(1));
        assert_eq!(map.step_of("c"), Some(2));
        assert_eq!(map.step_of("b"), None);
    }

    #[test]
    fn a_name_listed_twice_goes_to_the_first_step_and_is_named() {
        let mut map = EventMap::new(&doc(&[("a", &["paid"]), ("b", &["paid"])]));
        assert_eq!(map.step_of("paid"), Some(0));
        assert_eq!(
            map.clashes(),
            &[("paid".to_owned(), vec!["a".to_owned(), "b".to_owned()])]
        );
    }
}
