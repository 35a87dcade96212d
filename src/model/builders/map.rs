//! The journey map's edits: where a dragged step lands, and the lanes' order and visibility.

use crate::model::{Document, Edit, FrameValue, Lane, Stage, StepValue};

/// Where a dragged step lands in the journey map: in `stage`, just before the step `before`
/// (a step of that stage), or after the stage's last step when `before` is `None`.
///
/// The edit changes the step's stage if it differs and moves it in the list of steps, since
/// the map shows a stage's steps in list order; `None` when the step would stay where it is.
pub fn place_step(doc: &Document, id: &str, stage: Stage, before: Option<&str>) -> Option<Edit> {
    let from = doc.step_position(id)?;
    let step = &doc.steps()[from];
    // The index in the list before the move of the step the dragged one goes in front of.
    let target = match before {
        Some(b) if b == id => from,
        Some(b) => doc.step_position(b)?,
        None => match doc
            .steps()
            .iter()
            .rposition(|s| s.stage == stage && s.id != id)
        {
            Some(last) => last + 1,
            // An empty stage: the place in the list does not show; keep it.
            None => from,
        },
    };
    // Taking the step out first shifts the later ones down by one.
    let index = if target > from { target - 1 } else { target };
    let mut edits = Vec::new();
    if step.stage != stage {
        edits.push(Edit::SetStep {
            id: id.to_owned(),
            value: StepValue::Stage(stage),
        });
    }
    if index != from {
        edits.push(Edit::Reorder {
            id: id.to_owned(),
            index,
        });
    }
    if edits.is_empty() {
        return None;
    }
    let label = if step.stage == stage {
        "Reorder step"
    } else {
        "Move step to another stage"
    };
    Some(Edit::Batch {
        label: label.to_owned(),
        edits,
    })
}

/// The edit that moves `lane` one place up (`by` < 0) or down among the journey map's lanes,
/// past the nearest lane that is shown; `None` if it is already first or last.
pub fn move_lane(doc: &Document, lane: Lane, by: isize) -> Option<Edit> {
    let mut order = Lane::ordered(&doc.view.lanes);
    let from = order.iter().position(|l| *l == lane)?;
    let hidden = |l: &Lane| doc.view.hidden_lanes.contains(l);
    let candidates: Vec<usize> = if by < 0 {
        (0..from).rev().collect()
    } else {
        (from + 1..order.len()).collect()
    };
    let to = candidates
        .iter()
        .copied()
        .find(|&j| !hidden(&order[j]))
        .or_else(|| candidates.first().copied())?;
    let moved = order.remove(from);
    order.insert(to, moved);
    let direction = if by < 0 { "up" } else { "down" };
    Some(Edit::Batch {
        label: format!("Move {} lane {direction}", lane.label()),
        edits: vec![Edit::SetFrame(FrameValue::MapLanes(order))],
    })
}

/// The edit that shows or hides `lane` on the journey map; `None` if it already is so.
pub fn show_lane(doc: &Document, lane: Lane, show: bool) -> Option<Edit> {
    let hidden = &doc.view.hidden_lanes;
    if hidden.contains(&lane) != show {
        return None;
    }
    let new: Vec<Lane> = if show {
        hidden.iter().copied().filter(|l| *l != lane).collect()
    } else {
        hidden.iter().copied().chain([lane]).collect()
    };
    let verb = if show { "Show" } else { "Hide" };
    Some(Edit::Batch {
        label: format!("{verb} {} lane", lane.label()),
        edits: vec![Edit::SetFrame(FrameValue::HiddenLanes(new))],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;
    use crate::model::builders::fixtures::doc;

    #[test]
    fn placing_a_step_in_the_map_reorders_it_or_changes_its_stage() {
        let base = doc(
            &[
                ("t1", Stage::Tell, [0.0, 0.0]),
                ("b1", Stage::Buy, [0.0, 0.0]),
                ("t2", Stage::Tell, [0.0, 0.0]),
                ("t3", Stage::Tell, [0.0, 0.0]),
            ],
            &[],
        );
        let after = |edit: Option<Edit>| {
            let mut d = base.clone();
            let _ = edit.expect("an edit").apply(&mut d).unwrap();
            d.steps()
                .iter()
                .map(|s| format!("{}:{}", s.id, s.stage.as_str()))
                .collect::<Vec<_>>()
        };
        // t3 before t1: first of its stage.
        assert_eq!(
            after(place_step(&base, "t3", Stage::Tell, Some("t1"))),
            ["t3:tell", "t1:tell", "b1:buy", "t2:tell"]
        );
        // t1 to the end of its stage.
        assert_eq!(
            after(place_step(&base, "t1", Stage::Tell, None)),
            ["b1:buy", "t2:tell", "t3:tell", "t1:tell"]
        );
        // t1 before t3 (later in the list).
        assert_eq!(
            after(place_step(&base, "t1", Stage::Tell, Some("t3"))),
            ["b1:buy", "t2:tell", "t1:tell", "t3:tell"]
        );
        // t2 into buy, after b1; t3 into buy before b1; t1 into an empty stage keeps its place.
        assert_eq!(
            after(place_step(&base, "t2", Stage::Buy, None)),
            ["t1:tell", "b1:buy", "t2:buy", "t3:tell"]
        );
        assert_eq!(
            after(place_step(&base, "t3", Stage::Buy, Some("b1"))),
            ["t1:tell", "t3:buy", "b1:buy", "t2:tell"]
        );
        assert_eq!(
            after(place_step(&base, "t1", Stage::Care, None)),
            ["t1:care", "b1:buy", "t2:tell", "t3:tell"]
        );
        // Dropped where it already is: nothing to do.
        assert_eq!(place_step(&base, "t3", Stage::Tell, None), None);
        assert_eq!(place_step(&base, "t2", Stage::Tell, Some("t3")), None);
        assert_eq!(place_step(&base, "t2", Stage::Tell, Some("t2")), None);
    }

    #[test]
    fn lanes_move_past_hidden_ones_and_hide_and_show() {
        let mut d = doc(&[], &[]);
        let apply = |d: &mut Document, e: Option<Edit>| {
            let _ = e.expect("an edit").apply(d).unwrap();
        };
        let edit = show_lane(&d, Lane::Emotion, false);
        apply(&mut d, edit);
        assert_eq!(d.view.hidden_lanes, [Lane::Emotion]);
        assert_eq!(show_lane(&d, Lane::Emotion, false), None);
        // Channels moves up past the hidden emotion lane, in front of steps, then of evidence.
        let edit = move_lane(&d, Lane::Channels, -1);
        apply(&mut d, edit);
        assert_eq!(
            Lane::shown(&d.view.lanes, &d.view.hidden_lanes)[..3],
            [Lane::Evidence, Lane::Channels, Lane::Steps]
        );
        let edit = move_lane(&d, Lane::Channels, -1);
        apply(&mut d, edit);
        assert_eq!(move_lane(&d, Lane::Channels, -1), None);
        let edit = move_lane(&d, Lane::Opportunities, -1);
        apply(&mut d, edit);
        assert_eq!(
            Lane::ordered(&d.view.lanes),
            [
                Lane::Channels,
                Lane::Evidence,
                Lane::Steps,
                Lane::Emotion,
                Lane::Touchpoints,
                Lane::Opportunities,
                Lane::PainPoints,
                Lane::Metrics,
                Lane::Frontstage,
                Lane::Backstage,
                Lane::Support,
            ]
        );
        let edit = show_lane(&d, Lane::Emotion, true);
        apply(&mut d, edit);
        assert!(d.view.hidden_lanes.is_empty());
    }
}
