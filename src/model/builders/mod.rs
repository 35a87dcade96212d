//! Every edit the user interface makes, built here from what the user asked for: set a
//! field, add a step, link two steps, change stages, arrange, copy and paste, the personas,
//! the map's lanes and the bookmarks, a step's service blueprint (lane items, fail point,
//! wait, metrics, the step to be) and the journey's opportunities, and numbers fitted to an
//! event log. Pure functions of the document that return [`Edit`]s (or say why there is
//! nothing to do), so every view and command builds the same change, a view only picks
//! which builder to call, and tests need no window.

mod arrange;
mod blueprint;
mod calibrate;
mod clipboard;
mod events;
mod map;
mod opportunities;
mod personas;
mod referrals;
mod view;

use std::collections::BTreeSet;

pub use self::arrange::{
    Arrangement, Axis, Extreme, align, arrange, arrange_loop, distribute, move_by,
};
pub use self::blueprint::{
    LanePreset, add_lane_item, add_metric, clear_fail_point, lane_preset, mark_fail_point,
    remove_metric, set_metric, set_to_be_emotion, set_wait, toggle_fail_point, update_to_be,
};
pub use self::calibrate::{OBSERVED, observed_scenario, use_observed};
pub use self::clipboard::{PASTE_OFFSET, copy, paste};
pub use self::events::{EventRefused, add_event, edit_event, remove_event};
pub use self::map::{move_lane, place_step, show_lane};
pub use self::opportunities::{
    StepNumber, Target, add_opportunity, count as opportunity_count, fresh_opportunity_id,
    link_step, mark_to_be, override_of, overrides, promote, remove_opportunity, score, set_change,
    set_status, update_opportunity,
};
pub use self::personas::{
    PERSONA_COLOURS, add_persona, move_persona, remove_persona, set_emotion, set_persona_emotion,
    toggle_step_persona, update_persona,
};
pub use self::referrals::set_referral;
pub use self::view::{add_bookmark, remove_bookmark, rename_bookmark};
use super::{Document, Edit, FrameValue, Link, LinkValue, Point, Stage, Step, StepValue};

/// The edit that sets one field of the step `id`.
pub fn set_step(id: &str, value: StepValue) -> Edit {
    Edit::SetStep {
        id: id.to_owned(),
        value,
    }
}

/// The edit that sets one field of the link `id`.
pub fn set_link(id: &str, value: LinkValue) -> Edit {
    Edit::SetLink {
        id: id.to_owned(),
        value,
    }
}

/// The edit that sets one field of the journey's frame (title, problems, audience, …).
pub fn set_frame(value: FrameValue) -> Edit {
    Edit::SetFrame(value)
}

/// The one way to link two steps: a new link from `from` to `to` with a fresh id, and the
/// edit adding it with the link's id. A step does not link to itself, and two steps are
/// linked at most once in each direction.
pub fn link_steps(doc: &Document, from: &str, to: &str) -> Result<(Edit, String), NothingToDo> {
    if from == to {
        return Err(NothingToDo::SelfLink);
    }
    if let Some(existing) = doc.links().iter().find(|l| l.from == from && l.to == to) {
        return Err(NothingToDo::AlreadyLinked(existing.id.clone()));
    }
    let link = Link::new(doc.fresh_link_id(from, to), from, to);
    let id = link.id.clone();
    Ok((Edit::add(doc, vec![], vec![link]), id))
}

/// `n` and the noun, singular or plural: "1 step", "3 steps".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Why a builder has nothing to do; the text is for the status bar.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NothingToDo {
    /// Too few steps are selected for this arrangement.
    #[error("Select {need} or more steps to {verb} them.")]
    TooFew {
        /// "two", "three".
        need: &'static str,
        /// "align", "distribute".
        verb: &'static str,
    },
    /// No step is selected.
    #[error("Select steps to {0} first.")]
    NoSelection(&'static str),
    /// The clipboard text is not a journey.
    #[error("The clipboard does not hold Journey Designer steps; nothing was pasted.")]
    NotAJourney,
    /// The clipboard journey has no steps.
    #[error("The clipboard holds a journey without steps; nothing was pasted.")]
    NoSteps,
    /// A link from a step to itself was asked for.
    #[error("A step cannot link to itself.")]
    SelfLink,
    /// The two steps are already linked in that direction, by this link.
    #[error("These steps are already linked; the existing link is selected.")]
    AlreadyLinked(String),
    /// A link that does not end at a tell step cannot carry referrals.
    #[error("Only a link that ends at a tell step can carry referrals.")]
    ReferralNotToTell,
    /// The event log gave no number this journey can take.
    #[error("The event log gave no number for this journey's steps and links.")]
    NothingFitted,
}

/// A fresh id from `base`: `base` itself if free, else the lowest free numbered form of its
/// stem ("care" → "care-2"; a copy of "care-2" → "care-3", never "care-2-2").
///
/// This is the one rule for new ids: new steps, new links and pasted copies use it.
pub fn fresh_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if base.is_empty() { "step" } else { base };
    if !taken(base) {
        return base.to_owned();
    }
    let stem = match base.rsplit_once('-') {
        Some((stem, n)) if !stem.is_empty() && n.parse::<u32>().is_ok() => stem,
        _ => base,
    };
    (2..u64::MAX)
        .map(|n| format!("{stem}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| format!("{stem}-copy"))
}

/// A free spot for a new card near `wanted`: steps down and right past cards already there,
/// so repeated adds do not stack invisibly.
pub fn free_spot(doc: &Document, wanted: Point) -> Point {
    let mut at = wanted;
    for _ in 0..50 {
        let taken = doc
            .steps()
            .iter()
            .any(|s| (s.position[0] - at[0]).hypot(s.position[1] - at[1]) < 8.0);
        if !taken {
            break;
        }
        at = [at[0] + 24.0, at[1] + 24.0];
    }
    at
}

/// A new step of `stage` at `position` with a fresh id and the stage's name as its title.
pub fn new_step(doc: &Document, stage: Stage, position: Point) -> Step {
    Step::new(
        doc.fresh_step_id(stage.as_str()),
        stage,
        stage.label(),
        position,
    )
}

/// The one way to add a step: a new step of `stage` at `position` (moved to a free spot if
/// `avoid_others`), and the edit adding it with the step's id.
pub fn add_step(
    doc: &Document,
    stage: Stage,
    position: Point,
    avoid_others: bool,
) -> (Edit, String) {
    let position = if avoid_others {
        free_spot(doc, position)
    } else {
        position
    };
    let step = new_step(doc, stage, position);
    let id = step.id.clone();
    (Edit::add(doc, vec![step], vec![]), id)
}

/// The ids in `ids` that name steps of `doc`, in document order.
fn steps_of<'a>(doc: &'a Document, ids: &BTreeSet<String>) -> Vec<&'a Step> {
    if ids.len() * 8 < doc.steps().len() {
        // A few ids in a big journey: look them up instead of walking every step.
        let mut found: Vec<(usize, &Step)> = ids
            .iter()
            .filter_map(|id| Some((doc.step_position(id)?, doc.step(id)?)))
            .collect();
        found.sort_by_key(|(i, _)| *i);
        found.into_iter().map(|(_, s)| s).collect()
    } else {
        doc.steps()
            .iter()
            .filter(|s| ids.contains(&s.id))
            .map(AsRef::as_ref)
            .collect()
    }
}

/// One edit that sets the stage of every step in `ids` (steps already there are left out).
/// Referral links ending at a tell step that changes stage become ordinary links first.
pub fn change_stage(doc: &Document, ids: &BTreeSet<String>, stage: Stage) -> Edit {
    let changing: Vec<&Step> = steps_of(doc, ids)
        .into_iter()
        .filter(|s| s.stage != stage)
        .collect();
    let mut edits = if stage == Stage::Tell {
        Vec::new()
    } else {
        let leaving: BTreeSet<&str> = changing
            .iter()
            .filter(|s| s.stage == Stage::Tell)
            .map(|s| s.id.as_str())
            .collect();
        referrals::before_leaving_tell(doc, &|id| leaving.contains(id))
    };
    edits.extend(changing.into_iter().map(|s| Edit::SetStep {
        id: s.id.clone(),
        value: StepValue::Stage(stage),
    }));
    let label = if ids.len() == 1 {
        "Change stage".to_owned()
    } else {
        format!("Change stage of {}", plural(ids.len(), "step"))
    };
    Edit::Batch { label, edits }
}

/// Removes the selected steps (with their links) and the selected link.
pub fn remove(steps: &BTreeSet<String>, link: Option<&str>) -> Edit {
    Edit::Remove {
        steps: steps.iter().cloned().collect(),
        links: link.map(str::to_owned).into_iter().collect(),
    }
}

#[cfg(test)]
pub(super) mod fixtures {
    //! Small journeys the builders' tests start from.

    use std::collections::BTreeSet;

    use crate::model::{Document, Edit, Link, Point, Stage, Step};

    /// A set of ids.
    pub fn ids(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    /// A journey of these steps (id, stage, position; titled by id) and links (from, to).
    pub fn doc(steps: &[(&str, Stage, Point)], links: &[(&str, &str)]) -> Document {
        let mut d = Document::new("t");
        d.set_steps_and_links(
            steps
                .iter()
                .map(|(id, stage, p)| Step::new(*id, *stage, *id, *p))
                .collect(),
            links
                .iter()
                .map(|(a, b)| Link::new(format!("{a}-{b}"), *a, *b))
                .collect(),
        )
        .unwrap();
        d
    }

    /// The journey after the edit.
    pub fn applied(mut d: Document, edit: Edit) -> Document {
        let _ = edit.apply(&mut d).unwrap();
        d
    }

    /// Where the step is.
    pub fn pos(d: &Document, id: &str) -> Point {
        d.step(id).unwrap().position
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LinkValue;
    use crate::model::builders::fixtures::{applied, doc, ids, pos};

    #[test]
    fn links_are_fresh_never_to_the_same_step_and_never_twice() {
        let d = doc(
            &[
                ("a", Stage::Tell, [0.0, 0.0]),
                ("b", Stage::Buy, [100.0, 0.0]),
            ],
            &[("a", "b")],
        );
        assert_eq!(link_steps(&d, "a", "a"), Err(NothingToDo::SelfLink));
        assert_eq!(
            link_steps(&d, "a", "b"),
            Err(NothingToDo::AlreadyLinked("a-b".into()))
        );
        let (edit, id) = link_steps(&d, "b", "a").unwrap();
        assert_eq!(id, "b-a");
        let d = applied(d, edit);
        let link = d.link("b-a").unwrap();
        assert_eq!((link.from.as_str(), link.to.as_str()), ("b", "a"));
        assert_eq!(link.rate, None);
    }

    #[test]
    fn field_setters_change_the_named_field() {
        let d = doc(
            &[
                ("a", Stage::Tell, [0.0, 0.0]),
                ("b", Stage::Buy, [1.0, 0.0]),
            ],
            &[("a", "b")],
        );
        let d = applied(d, set_step("a", StepValue::Title("Hello".into())));
        assert_eq!(d.step("a").unwrap().title, "Hello");
        let d = applied(d, set_link("a-b", LinkValue::Rate(Some(0.25))));
        assert_eq!(d.link("a-b").unwrap().rate, Some(0.25));
        let d = applied(d, set_frame(FrameValue::Title("Q3".into())));
        assert_eq!(d.title, "Q3");
    }

    #[test]
    fn plural_and_fresh_ids_follow_one_rule() {
        assert_eq!(plural(1, "step"), "1 step");
        assert_eq!(plural(0, "step"), "0 steps");
        assert_eq!(plural(3, "link"), "3 links");
        let taken = ["care", "care-2", "a-b"];
        let is_taken = |id: &str| taken.contains(&id);
        assert_eq!(fresh_id("tell", is_taken), "tell");
        assert_eq!(fresh_id("care", is_taken), "care-3");
        assert_eq!(fresh_id("care-2", is_taken), "care-3");
        assert_eq!(fresh_id("a-b", is_taken), "a-b-2");
        assert_eq!(fresh_id("", is_taken), "step");
        // The document's own fresh ids use the same rule.
        let d = doc(
            &[
                ("care", Stage::Care, [0.0, 0.0]),
                ("care-2", Stage::Care, [9.0, 0.0]),
            ],
            &[],
        );
        assert_eq!(d.fresh_step_id("care-2"), "care-3");
    }

    #[test]
    fn add_step_finds_a_free_spot_and_a_fresh_id() {
        let d = doc(&[("tell", Stage::Tell, [0.0, 0.0])], &[]);
        let (edit, id) = add_step(&d, Stage::Tell, [0.0, 0.0], true);
        assert_eq!(id, "tell-2");
        let d = applied(d, edit);
        assert_eq!(pos(&d, "tell-2"), [24.0, 24.0]);
        assert_eq!(d.step("tell-2").unwrap().title, "Tell");
        let (edit, id) = add_step(&d, Stage::Care, [0.0, 0.0], false);
        let d = applied(d, edit);
        assert_eq!(pos(&d, &id), [0.0, 0.0]);
    }

    #[test]
    fn change_stage_skips_steps_already_there() {
        let d = doc(
            &[
                ("a", Stage::Tell, [0.0, 0.0]),
                ("b", Stage::Care, [1.0, 0.0]),
            ],
            &[],
        );
        let edit = change_stage(&d, &ids(&["a", "b"]), Stage::Care);
        let Edit::Batch { label, edits } = &edit else {
            panic!("a batch");
        };
        assert_eq!(label, "Change stage of 2 steps");
        assert_eq!(edits.len(), 1);
        let d = applied(d, edit);
        assert!(d.steps().iter().all(|s| s.stage == Stage::Care));
    }
}
