//! A step's service blueprint: items of its evidence, frontstage, backstage and support
//! lanes, its fail point and wait, its metrics, and the step as it is to be; and the map's
//! lane presets.

use crate::model::{Document, Edit, Emotion, FrameValue, Lane, Metric, Step, StepValue, ToBe};

/// The edit that adds `text` as a new item of `lane` (a lane of lists) on `step`; `None` for
/// a lane that is not a list.
pub fn add_lane_item(step: &Step, lane: Lane, text: &str) -> Option<Edit> {
    let mut items = lane.items(step)?.to_vec();
    items.push(text.to_owned());
    Some(Edit::SetStep {
        id: step.id.clone(),
        value: lane.list_value(items)?,
    })
}

/// The edit that marks `step` as a fail point with `note` (keeping what the file holds
/// beside it); `None` if it is marked so already.
pub fn mark_fail_point(step: &Step, note: &str) -> Option<Edit> {
    if step.fail_point.as_ref().is_some_and(|f| f.note == note) {
        return None;
    }
    let mut fail_point = step.fail_point.clone().unwrap_or_default();
    note.clone_into(&mut fail_point.note);
    Some(set(step, StepValue::FailPoint(Some(fail_point))))
}

/// The edit that clears `step`'s fail point; `None` if it has none.
pub fn clear_fail_point(step: &Step) -> Option<Edit> {
    step.fail_point
        .is_some()
        .then(|| set(step, StepValue::FailPoint(None)))
}

/// The edit that marks (`on`) or clears the fail point of `step`.
pub fn toggle_fail_point(step: &Step, on: bool) -> Option<Edit> {
    if !on {
        return clear_fail_point(step);
    }
    step.fail_point
        .is_none()
        .then(|| set(step, StepValue::FailPoint(Some(Box::default()))))
}

/// The edit that sets `step`'s wait to `text` and `minutes` (keeping what the file holds
/// beside them); a wait with neither is cleared. `None` if nothing changes.
pub fn set_wait(step: &Step, text: &str, minutes: Option<f64>) -> Option<Edit> {
    let value = if text.is_empty() && minutes.is_none() {
        None
    } else {
        let mut wait = step.wait.clone().unwrap_or_default();
        text.clone_into(&mut wait.text);
        wait.minutes = minutes;
        Some(wait)
    };
    (value != step.wait).then(|| set(step, StepValue::Wait(value)))
}

/// The edit that adds `metric` to `step`'s metrics.
pub fn add_metric(step: &Step, metric: Metric) -> Edit {
    let mut metrics = step.metrics.clone();
    metrics.push(metric);
    set(step, StepValue::Metrics(metrics))
}

/// The edit that replaces metric `index` of `step`; `None` if there is no such metric or it
/// is the same.
pub fn set_metric(step: &Step, index: usize, metric: Metric) -> Option<Edit> {
    let mut metrics = step.metrics.clone();
    let slot = metrics.get_mut(index).filter(|m| **m != metric)?;
    *slot = metric;
    Some(set(step, StepValue::Metrics(metrics)))
}

/// The edit that removes metric `index` of `step`; `None` if there is no such metric.
pub fn remove_metric(step: &Step, index: usize) -> Option<Edit> {
    let mut metrics = step.metrics.clone();
    (index < metrics.len()).then(|| {
        metrics.remove(index);
        set(step, StepValue::Metrics(metrics))
    })
}

/// The edit that changes `step` as it is to be with `change`; a to-be step that no longer
/// says anything is cleared. `None` if nothing changes.
pub fn update_to_be(step: &Step, change: impl FnOnce(&mut ToBe)) -> Option<Edit> {
    let mut to_be = step.to_be.clone().unwrap_or_default();
    change(&mut to_be);
    let says_nothing = to_be.emotion.is_none()
        && to_be.title.is_empty()
        && to_be.notes.is_empty()
        && to_be.extra.is_empty();
    let value = (!says_nothing).then_some(to_be);
    (value != step.to_be).then(|| set(step, StepValue::ToBe(value)))
}

/// The edit that sets how the customer is to feel at `step` (`None`: as today).
pub fn set_to_be_emotion(step: &Step, emotion: Option<Emotion>) -> Option<Edit> {
    update_to_be(step, |t| t.emotion = emotion)
}

fn set(step: &Step, value: StepValue) -> Edit {
    Edit::SetStep {
        id: step.id.clone(),
        value,
    }
}

/// A ready-made arrangement of the journey map's lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LanePreset {
    /// Only the service blueprint's lanes, in its order: evidence, the steps, frontstage,
    /// backstage, support.
    Blueprint,
    /// Every lane, in the order the journey saves.
    All,
}

/// The edit that arranges the map's lanes as `preset` says; `None` if they are so already.
pub fn lane_preset(doc: &Document, preset: LanePreset) -> Option<Edit> {
    let (lanes, hidden, label) = match preset {
        LanePreset::Blueprint => {
            // The blueprint's order first, the other lanes after it as they were.
            let mut lanes: Vec<Lane> = Lane::BLUEPRINT.to_vec();
            lanes.extend(
                Lane::ordered(&doc.view.lanes)
                    .into_iter()
                    .filter(|l| !Lane::BLUEPRINT.contains(l)),
            );
            let hidden: Vec<Lane> = Lane::ALL
                .into_iter()
                .filter(|l| !Lane::BLUEPRINT.contains(l))
                .collect();
            (lanes, hidden, "Show the blueprint lanes")
        }
        LanePreset::All => (doc.view.lanes.clone(), Vec::new(), "Show every lane"),
    };
    let mut edits = Vec::new();
    if Lane::ordered(&lanes) != Lane::ordered(&doc.view.lanes) {
        edits.push(Edit::SetFrame(FrameValue::MapLanes(lanes)));
    }
    let mut now = doc.view.hidden_lanes.clone();
    now.sort();
    let mut wanted = hidden.clone();
    wanted.sort();
    if now != wanted {
        edits.push(Edit::SetFrame(FrameValue::HiddenLanes(hidden)));
    }
    (!edits.is_empty()).then(|| Edit::Batch {
        label: label.to_owned(),
        edits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builders::fixtures::{applied, doc};
    use crate::model::{Better, Stage, Wait};

    fn one() -> Document {
        doc(&[("desk", Stage::Experience, [0.0, 0.0])], &[])
    }

    fn desk(d: &Document) -> &Step {
        d.step("desk").unwrap()
    }

    #[test]
    fn frontstage_and_backstage_items_are_added_to_their_lanes() {
        let d = one();
        let d = applied(
            d.clone(),
            add_lane_item(desk(&d), Lane::Frontstage, "Greets the guest").unwrap(),
        );
        let d = applied(
            d.clone(),
            add_lane_item(desk(&d), Lane::Backstage, "Prints the key card").unwrap(),
        );
        let d = applied(
            d.clone(),
            add_lane_item(desk(&d), Lane::Backstage, "Checks the booking").unwrap(),
        );
        let d = applied(
            d.clone(),
            add_lane_item(desk(&d), Lane::Support, "Booking system").unwrap(),
        );
        let d = applied(
            d.clone(),
            add_lane_item(desk(&d), Lane::Evidence, "Key card").unwrap(),
        );
        let s = desk(&d);
        assert_eq!(s.frontstage, ["Greets the guest"]);
        assert_eq!(s.backstage, ["Prints the key card", "Checks the booking"]);
        assert_eq!(s.support, ["Booking system"]);
        assert_eq!(s.evidence, ["Key card"]);
        assert!(s.channels.is_empty());
        assert_eq!(add_lane_item(s, Lane::Emotion, "x"), None);
        assert_eq!(add_lane_item(s, Lane::Metrics, "x"), None);
    }

    #[test]
    fn a_fail_point_is_marked_with_its_note_and_cleared() {
        let d = one();
        let d = applied(
            d.clone(),
            mark_fail_point(desk(&d), "Booking not found").unwrap(),
        );
        assert_eq!(
            desk(&d).fail_point.as_ref().map(|f| f.note.as_str()),
            Some("Booking not found")
        );
        assert_eq!(mark_fail_point(desk(&d), "Booking not found"), None);
        assert_eq!(toggle_fail_point(desk(&d), true), None);
        let d = applied(d.clone(), toggle_fail_point(desk(&d), false).unwrap());
        assert_eq!(desk(&d).fail_point, None);
        assert_eq!(clear_fail_point(desk(&d)), None);
        let d = applied(d.clone(), toggle_fail_point(desk(&d), true).unwrap());
        assert_eq!(
            desk(&d).fail_point.as_deref(),
            Some(&crate::model::FailPoint::new(""))
        );
    }

    #[test]
    fn a_wait_is_set_and_cleared_when_it_says_nothing() {
        let d = one();
        let d = applied(
            d.clone(),
            set_wait(desk(&d), "queue at the desk", Some(12.0)).unwrap(),
        );
        assert_eq!(
            desk(&d).wait,
            Some(Box::new(Wait {
                text: "queue at the desk".into(),
                minutes: Some(12.0),
                ..Wait::default()
            }))
        );
        assert_eq!(set_wait(desk(&d), "queue at the desk", Some(12.0)), None);
        let d = applied(d.clone(), set_wait(desk(&d), "", None).unwrap());
        assert_eq!(desk(&d).wait, None);
        // A negative wait is refused by the edit.
        let bad = set_wait(desk(&d), "", Some(-3.0)).unwrap();
        assert!(bad.apply(&mut d.clone()).is_err());
    }

    #[test]
    fn metrics_are_added_changed_and_removed() {
        let d = one();
        let d = applied(
            d.clone(),
            add_metric(desk(&d), Metric::new("NPS", 32.0, 50.0, "")),
        );
        let d = applied(
            d.clone(),
            add_metric(desk(&d), Metric::new("CSAT", 4.5, 4.2, "")),
        );
        assert!(desk(&d).has_metric_off_target());
        let faster = Metric {
            better: Better::Lower,
            ..Metric::new("Time at desk", 8.0, 10.0, "min")
        };
        let d = applied(d.clone(), set_metric(desk(&d), 0, faster.clone()).unwrap());
        assert_eq!(desk(&d).metrics[0], faster);
        assert!(!desk(&d).has_metric_off_target());
        assert_eq!(set_metric(desk(&d), 0, faster), None);
        assert_eq!(set_metric(desk(&d), 5, Metric::default()), None);
        let d = applied(d.clone(), remove_metric(desk(&d), 0).unwrap());
        assert_eq!(desk(&d).metrics.len(), 1);
        assert_eq!(desk(&d).metrics[0].name, "CSAT");
        assert_eq!(remove_metric(desk(&d), 1), None);
    }

    #[test]
    fn the_to_be_step_is_set_and_cleared_when_it_says_nothing() {
        let d = one();
        let d = applied(
            d.clone(),
            set_to_be_emotion(desk(&d), Emotion::new(2)).unwrap(),
        );
        assert_eq!(desk(&d).to_be_emotion(), Emotion::new(2).unwrap());
        let d = applied(
            d.clone(),
            update_to_be(desk(&d), |t| t.title = "Check in on the phone".into()).unwrap(),
        );
        assert_eq!(desk(&d).to_be_title(), "Check in on the phone");
        let d = applied(d.clone(), set_to_be_emotion(desk(&d), None).unwrap());
        assert!(desk(&d).to_be.is_some(), "the title still says something");
        let d = applied(
            d.clone(),
            update_to_be(desk(&d), |t| t.title.clear()).unwrap(),
        );
        assert_eq!(desk(&d).to_be, None);
        assert_eq!(set_to_be_emotion(desk(&d), None), None);
    }

    #[test]
    fn the_blueprint_preset_shows_only_its_lanes_in_its_order() {
        let d = one();
        let d = applied(d.clone(), lane_preset(&d, LanePreset::Blueprint).unwrap());
        assert_eq!(
            Lane::shown(&d.view.lanes, &d.view.hidden_lanes),
            Lane::BLUEPRINT
        );
        assert_eq!(lane_preset(&d, LanePreset::Blueprint), None);
        let d = applied(d.clone(), lane_preset(&d, LanePreset::All).unwrap());
        let shown = Lane::shown(&d.view.lanes, &d.view.hidden_lanes);
        assert_eq!(shown.len(), Lane::ALL.len());
        assert_eq!(shown[..5], Lane::BLUEPRINT, "the order stays");
        assert_eq!(lane_preset(&d, LanePreset::All), None);
    }
}
