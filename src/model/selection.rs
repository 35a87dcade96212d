//! What the user has selected: steps, or one link, or one opportunity with the steps it
//! improves. The editor owns one selection; every view and the inspector read it and change
//! it only by returning actions.

use std::collections::BTreeSet;

use super::Document;

/// The steps (and at most one link, or one opportunity) the user has selected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Ids of the selected steps, sorted.
    pub steps: BTreeSet<String>,
    /// The id of the selected link.
    pub link: Option<String>,
    /// The id of the selected opportunity; its steps are the selected steps.
    pub opportunity: Option<String>,
}

impl Selection {
    /// Nothing selected.
    pub fn none() -> Self {
        Self::default()
    }

    /// Exactly one step.
    pub fn step(id: &str) -> Self {
        Self {
            steps: BTreeSet::from([id.to_owned()]),
            ..Self::default()
        }
    }

    /// Exactly one link.
    pub fn link(id: &str) -> Self {
        Self {
            link: Some(id.to_owned()),
            ..Self::default()
        }
    }

    /// The opportunity `id` of `doc` with the steps it improves (those `doc` has).
    pub fn opportunity(doc: &Document, id: &str) -> Self {
        let steps = doc
            .opportunity(id)
            .map(|o| {
                o.steps
                    .iter()
                    .filter(|s| doc.step(s).is_some())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        Self {
            steps,
            link: None,
            opportunity: Some(id.to_owned()),
        }
    }

    /// These steps.
    pub fn steps<I, S>(ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            steps: ids.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.link.is_none() && self.opportunity.is_none()
    }

    /// The one selected step, if exactly one step and no link or opportunity is selected.
    pub fn single_step(&self) -> Option<&str> {
        if self.steps.len() == 1 && self.link.is_none() && self.opportunity.is_none() {
            self.steps.first().map(String::as_str)
        } else {
            None
        }
    }

    /// Whether the step with this id is selected.
    pub fn has_step(&self, id: &str) -> bool {
        self.steps.contains(id)
    }

    /// Whether the link with this id is selected.
    pub fn has_link(&self, id: &str) -> bool {
        self.link.as_deref() == Some(id)
    }

    /// Whether the opportunity with this id is selected.
    pub fn has_opportunity(&self, id: &str) -> bool {
        self.opportunity.as_deref() == Some(id)
    }

    /// The selection with step `id` added, or taken out if it was in (shift-click).
    #[must_use]
    pub fn toggled(&self, id: &str) -> Self {
        let mut steps = self.steps.clone();
        if !steps.remove(id) {
            steps.insert(id.to_owned());
        }
        Self::steps(steps)
    }

    /// The selection with these steps added (box select).
    #[must_use]
    pub fn with_steps<I: IntoIterator<Item = String>>(&self, ids: I) -> Self {
        let mut steps = self.steps.clone();
        steps.extend(ids);
        Self::steps(steps)
    }

    /// Drops ids that no longer exist in `doc`; returns whether anything was dropped.
    pub fn prune(&mut self, doc: &Document) -> bool {
        let before = self.steps.len();
        self.steps.retain(|id| doc.step(id).is_some());
        let mut changed = self.steps.len() != before;
        if self
            .link
            .as_deref()
            .is_some_and(|id| doc.link(id).is_none())
        {
            self.link = None;
            changed = true;
        }
        if self
            .opportunity
            .as_deref()
            .is_some_and(|id| doc.opportunity(id).is_none())
        {
            self.opportunity = None;
            changed = true;
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Stage, Step};

    #[test]
    fn toggling_and_pruning() {
        let s = Selection::step("a").toggled("b");
        assert_eq!(s.steps.len(), 2);
        assert_eq!(s.toggled("a").single_step(), Some("b"));
        let mut doc = Document::new("t");
        doc.set_steps_and_links(
            vec![Step::new("a", Stage::Tell, "A", [0.0, 0.0])],
            vec![Link::new("aa", "a", "a")],
        )
        .unwrap();
        let mut s = Selection::steps(["a", "gone"]);
        assert!(s.prune(&doc));
        assert_eq!(s.single_step(), Some("a"));
        let mut l = Selection::link("gone");
        assert!(l.prune(&doc));
        assert!(l.is_empty());
        assert!(!Selection::link("aa").clone().prune(&doc));
    }

    #[test]
    fn an_opportunity_selects_its_steps_and_goes_when_it_does() {
        use crate::model::{Edit, FrameValue, Opportunity};
        let mut doc = Document::new("t");
        doc.set_steps_and_links(
            vec![
                Step::new("a", Stage::Tell, "A", [0.0, 0.0]),
                Step::new("b", Stage::Buy, "B", [1.0, 0.0]),
            ],
            vec![],
        )
        .unwrap();
        let mut o = Opportunity::new("o", "Faster");
        o.steps = vec!["b".into(), "a".into()];
        let _ = Edit::SetFrame(FrameValue::Opportunities(vec![o]))
            .apply(&mut doc)
            .unwrap();
        let mut s = Selection::opportunity(&doc, "o");
        assert!(s.has_opportunity("o"));
        assert!(s.has_step("a") && s.has_step("b"));
        assert_eq!(
            s.single_step(),
            None,
            "the opportunity, not a step, is edited"
        );
        assert!(!s.prune(&doc));
        let _ = Edit::SetFrame(FrameValue::Opportunities(vec![]))
            .apply(&mut doc)
            .unwrap();
        assert!(s.prune(&doc));
        assert_eq!(s.opportunity, None);
        assert_eq!(s.steps.len(), 2, "its steps stay selected");
    }
}
