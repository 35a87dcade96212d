//! Edits built from what the user asked for: add a step, change stages, align, distribute,
//! arrange as a loop, nudge, copy and paste. Pure functions of the document that return
//! [`Edit`]s (or say why there is nothing to do), so every view and command builds the same
//! change and tests need no window.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{
    CARD_SIZE, Document, Edit, FrameValue, Lane, Link, Persona, Point, Stage, Step, StepValue,
};

/// How far pasted or duplicated steps land from the originals when there is no pointer.
pub const PASTE_OFFSET: Point = [30.0, 30.0];

/// How far apart two cards around a loop are, beyond their width.
const LOOP_GAP: f64 = 40.0;
/// The smallest radius of a loop.
const LOOP_MIN_RADIUS: f64 = 260.0;

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
pub fn change_stage(doc: &Document, ids: &BTreeSet<String>, stage: Stage) -> Edit {
    let edits: Vec<Edit> = steps_of(doc, ids)
        .into_iter()
        .filter(|s| s.stage != stage)
        .map(|s| Edit::SetStep {
            id: s.id.clone(),
            value: StepValue::Stage(stage),
        })
        .collect();
    let label = if ids.len() == 1 {
        "Change stage".to_owned()
    } else {
        format!("Change stage of {}", plural(ids.len(), "step"))
    };
    Edit::Batch { label, edits }
}

/// An axis of the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// Left to right.
    X,
    /// Top to bottom.
    Y,
}

impl Axis {
    const fn index(self) -> usize {
        match self {
            Self::X => 0,
            Self::Y => 1,
        }
    }
}

/// Which side of the selection to line up on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extreme {
    /// The leftmost or topmost step.
    Min,
    /// The rightmost or lowest step.
    Max,
}

/// A batch of moves labelled `label`, leaving out steps already in place.
fn moves_edit(label: &str, moves: Vec<(String, Point)>) -> Edit {
    Edit::Batch {
        label: label.to_owned(),
        edits: if moves.is_empty() {
            Vec::new()
        } else {
            vec![Edit::Move(moves)]
        },
    }
}

/// Lines the steps up on the extreme one along `axis`. Cards are all the same size, so lining
/// up their centres lines up their edges.
pub fn align(
    doc: &Document,
    ids: &BTreeSet<String>,
    axis: Axis,
    extreme: Extreme,
) -> Result<Edit, NothingToDo> {
    let steps = steps_of(doc, ids);
    if steps.len() < 2 {
        return Err(NothingToDo::TooFew {
            need: "two",
            verb: "align",
        });
    }
    let a = axis.index();
    let values = steps.iter().map(|s| s.position[a]);
    let target = match extreme {
        Extreme::Min => values.fold(f64::INFINITY, f64::min),
        Extreme::Max => values.fold(f64::NEG_INFINITY, f64::max),
    };
    let moves = steps
        .iter()
        .filter_map(|s| {
            let mut to = s.position;
            to[a] = target;
            (to != s.position).then(|| (s.id.clone(), to))
        })
        .collect();
    Ok(moves_edit("Align", moves))
}

/// Spaces the steps evenly along `axis` between the two outermost ones.
pub fn distribute(doc: &Document, ids: &BTreeSet<String>, axis: Axis) -> Result<Edit, NothingToDo> {
    let mut steps = steps_of(doc, ids);
    if steps.len() < 3 {
        return Err(NothingToDo::TooFew {
            need: "three",
            verb: "distribute",
        });
    }
    let a = axis.index();
    steps.sort_by(|x, y| x.position[a].total_cmp(&y.position[a]));
    let first = steps[0].position[a];
    let last = steps[steps.len() - 1].position[a];
    let gap = (last - first) / (steps.len() - 1) as f64;
    let moves = steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let mut to = s.position;
            to[a] = first + gap * i as f64;
            (to != s.position).then(|| (s.id.clone(), to))
        })
        .collect();
    Ok(moves_edit("Distribute", moves))
}

/// The centre of the box around the steps' positions (and so of their cards).
fn middle<'a>(steps: impl IntoIterator<Item = &'a Step>) -> Option<Point> {
    let mut bounds: Option<(Point, Point)> = None;
    for s in steps {
        let p = s.position;
        bounds = Some(match bounds {
            None => (p, p),
            Some((lo, hi)) => (
                [lo[0].min(p[0]), lo[1].min(p[1])],
                [hi[0].max(p[0]), hi[1].max(p[1])],
            ),
        });
    }
    bounds.map(|(lo, hi)| [f64::midpoint(lo[0], hi[0]), f64::midpoint(lo[1], hi[1])])
}

/// Places the steps in `ids` (or every step, if fewer than two are given) around a ring in
/// stage order, tell at the top, keeping the ring's centre where the steps were. Within a
/// stage, steps keep their document order.
pub fn arrange_loop(doc: &Document, ids: &BTreeSet<String>) -> Edit {
    let selected = steps_of(doc, ids);
    let mut steps: Vec<&Step> = if selected.len() >= 2 {
        selected
    } else {
        doc.steps().iter().map(AsRef::as_ref).collect()
    };
    // A stable sort keeps the document order within a stage.
    steps.sort_by_key(|s| s.stage.index());
    let n = steps.len();
    let circumference = n as f64 * (CARD_SIZE[0] + LOOP_GAP);
    let radius = (circumference / std::f64::consts::TAU).max(LOOP_MIN_RADIUS);
    let center = middle(steps.iter().copied()).unwrap_or([0.0, 0.0]);
    let moves = steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
            let to = [
                (center[0] + angle.cos() * radius).round(),
                (center[1] + angle.sin() * radius).round(),
            ];
            (to != s.position).then(|| (s.id.clone(), to))
        })
        .collect();
    moves_edit("Arrange as loop", moves)
}

/// Moves the steps in `ids` by `delta`; with `snap`, each lands on the nearest grid point of
/// that spacing. Steps that would not move are left out.
pub fn move_by(doc: &Document, ids: &BTreeSet<String>, delta: Point, snap: Option<f64>) -> Edit {
    let moves = steps_of(doc, ids)
        .into_iter()
        .filter_map(|s| {
            let mut to = [s.position[0] + delta[0], s.position[1] + delta[1]];
            if let Some(grid) = snap.filter(|g| *g > 0.0) {
                to = [(to[0] / grid).round() * grid, (to[1] / grid).round() * grid];
            }
            (to != s.position).then(|| (s.id.clone(), to))
        })
        .collect();
    Edit::Move(moves)
}

/// The steps in `ids` and the links among them, as a journey of their own (what Copy puts on
/// the clipboard, in the file format).
pub fn copy(doc: &Document, ids: &BTreeSet<String>) -> Result<Document, NothingToDo> {
    let steps: Vec<Step> = steps_of(doc, ids).into_iter().cloned().collect();
    if steps.is_empty() {
        return Err(NothingToDo::NoSelection("copy"));
    }
    let inside: HashSet<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    let links: Vec<Link> = doc
        .links()
        .iter()
        .filter(|l| inside.contains(l.from.as_str()) && inside.contains(l.to.as_str()))
        .map(|l| Link::clone(l))
        .collect();
    let mut clip = Document::new(doc.title.clone());
    // Ids come from a valid document and links only join copied steps: this cannot fail.
    clip.set_personas(doc.personas().to_vec())
        .map_err(|_| NothingToDo::NoSelection("copy"))?;
    clip.set_steps_and_links(steps, links)
        .map_err(|_| NothingToDo::NoSelection("copy"))?;
    Ok(clip)
}

/// Copies of `clip`'s steps and links with ids fresh in `doc`, centred on `at` (or moved by
/// [`PASTE_OFFSET`] from where they were); links keep joining the copies of their steps.
/// Returns the edit and the new steps' ids.
pub fn paste(
    doc: &Document,
    clip: &Document,
    at: Option<Point>,
) -> Result<(Edit, BTreeSet<String>), NothingToDo> {
    if clip.steps().is_empty() {
        return Err(NothingToDo::NoSteps);
    }
    let offset = match (at, middle(clip.steps().iter().map(AsRef::as_ref))) {
        (Some(at), Some(mid)) => [at[0] - mid[0], at[1] - mid[1]],
        _ => PASTE_OFFSET,
    };
    let mut taken: HashSet<String> = HashSet::new();
    let mut renamed: HashMap<&str, String> = HashMap::new();
    let steps: Vec<Step> = clip
        .steps()
        .iter()
        .map(|step| {
            let id = fresh_id(&step.id, |id| doc.step(id).is_some() || taken.contains(id));
            taken.insert(id.clone());
            renamed.insert(step.id.as_str(), id.clone());
            // Personas this journey does not have are left out of the copies.
            let known = |p: &String| doc.persona(p).is_some();
            Step {
                id,
                position: [step.position[0] + offset[0], step.position[1] + offset[1]],
                personas: step.personas.iter().filter(|p| known(p)).cloned().collect(),
                persona_emotions: step
                    .persona_emotions
                    .iter()
                    .filter(|(p, _)| known(p))
                    .cloned()
                    .collect(),
                ..Step::clone(step)
            }
        })
        .collect();
    let mut taken_links: HashSet<String> = HashSet::new();
    let links: Vec<Link> = clip
        .links()
        .iter()
        .filter_map(|link| {
            let from = renamed.get(link.from.as_str())?.clone();
            let to = renamed.get(link.to.as_str())?.clone();
            let id = fresh_id(&format!("{from}-{to}"), |id| {
                doc.link(id).is_some() || taken_links.contains(id)
            });
            taken_links.insert(id.clone());
            Some(Link {
                id,
                from,
                to,
                ..Link::clone(link)
            })
        })
        .collect();
    let ids: BTreeSet<String> = steps.iter().map(|s| s.id.clone()).collect();
    let count = steps.len();
    let edit = Edit::Batch {
        label: if count == 1 {
            "Paste step".to_owned()
        } else {
            format!("Paste {}", plural(count, "step"))
        },
        edits: vec![Edit::add(doc, steps, links)],
    };
    Ok((edit, ids))
}

/// Removes the selected steps (with their links) and the selected link.
pub fn remove(steps: &BTreeSet<String>, link: Option<&str>) -> Edit {
    Edit::Remove {
        steps: steps.iter().cloned().collect(),
        links: link.map(str::to_owned).into_iter().collect(),
    }
}

/// The edit that removes the persona `id` from the journey and from every step that names
/// it, as one undo step; `None` if there is no such persona.
pub fn remove_persona(doc: &Document, id: &str) -> Option<Edit> {
    let persona = doc.persona(id)?;
    let mut edits: Vec<Edit> = Vec::new();
    for step in doc.steps() {
        if step.personas.iter().any(|p| p == id) {
            edits.push(Edit::SetStep {
                id: step.id.clone(),
                value: StepValue::Personas(
                    step.personas.iter().filter(|p| *p != id).cloned().collect(),
                ),
            });
        }
        if step.persona_emotions.iter().any(|(p, _)| p == id) {
            edits.push(Edit::SetStep {
                id: step.id.clone(),
                value: StepValue::PersonaEmotions(
                    step.persona_emotions
                        .iter()
                        .filter(|(p, _)| p != id)
                        .cloned()
                        .collect(),
                ),
            });
        }
    }
    let rest: Vec<Persona> = doc
        .personas()
        .iter()
        .filter(|p| p.id != id)
        .cloned()
        .collect();
    edits.push(Edit::SetFrame(FrameValue::Personas(rest)));
    let name = if persona.name.is_empty() {
        persona.id.clone()
    } else {
        persona.name.clone()
    };
    Some(Edit::Batch {
        label: format!("Remove persona {name}"),
        edits,
    })
}

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
    use crate::model::Link;

    fn ids(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn doc(steps: &[(&str, Stage, Point)], links: &[(&str, &str)]) -> Document {
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

    fn applied(mut d: Document, edit: Edit) -> Document {
        let _ = edit.apply(&mut d).unwrap();
        d
    }

    fn pos(d: &Document, id: &str) -> Point {
        d.step(id).unwrap().position
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

    #[test]
    fn align_and_distribute() {
        let d = doc(
            &[
                ("a", Stage::Tell, [0.0, 10.0]),
                ("b", Stage::Buy, [100.0, -30.0]),
                ("c", Stage::Care, [400.0, 50.0]),
            ],
            &[],
        );
        assert_eq!(
            align(&d, &ids(&["a"]), Axis::X, Extreme::Min),
            Err(NothingToDo::TooFew {
                need: "two",
                verb: "align"
            })
        );
        assert_eq!(
            NothingToDo::TooFew {
                need: "two",
                verb: "align"
            }
            .to_string(),
            "Select two or more steps to align them."
        );
        let top = applied(
            d.clone(),
            align(&d, &ids(&["a", "b", "c"]), Axis::Y, Extreme::Min).unwrap(),
        );
        assert!(["a", "b", "c"].iter().all(|id| pos(&top, id)[1] == -30.0));
        let right = applied(
            d.clone(),
            align(&d, &ids(&["a", "b"]), Axis::X, Extreme::Max).unwrap(),
        );
        assert_eq!(pos(&right, "a"), [100.0, 10.0]);
        assert_eq!(pos(&right, "c"), [400.0, 50.0], "unselected steps stay");
        assert_eq!(
            distribute(&d, &ids(&["a", "b"]), Axis::X),
            Err(NothingToDo::TooFew {
                need: "three",
                verb: "distribute"
            })
        );
        let spread = applied(
            d.clone(),
            distribute(&d, &ids(&["a", "b", "c"]), Axis::X).unwrap(),
        );
        assert_eq!(pos(&spread, "b"), [200.0, -30.0]);
        assert_eq!(pos(&spread, "a"), [0.0, 10.0]);
        assert_eq!(pos(&spread, "c"), [400.0, 50.0]);
    }

    #[test]
    fn arrange_loop_puts_tell_on_top_around_the_old_centre() {
        let d = doc(
            &[
                ("care", Stage::Care, [500.0, 500.0]),
                ("tell", Stage::Tell, [-500.0, -500.0]),
                ("buy", Stage::Buy, [0.0, 0.0]),
                ("delight", Stage::Delight, [100.0, 0.0]),
            ],
            &[],
        );
        let d = applied(d.clone(), arrange_loop(&d, &BTreeSet::new()));
        // Four cards: circumference 4 × 240 is under the minimum radius's, so r = 260.
        assert_eq!(pos(&d, "tell"), [0.0, -260.0]);
        assert_eq!(pos(&d, "buy"), [260.0, 0.0]);
        assert_eq!(pos(&d, "care"), [0.0, 260.0]);
        assert_eq!(pos(&d, "delight"), [-260.0, 0.0]);
        // Arranging again changes nothing.
        assert!(arrange_loop(&d, &BTreeSet::new()).is_empty());
    }

    #[test]
    fn move_by_snaps_to_the_grid() {
        let d = doc(&[("a", Stage::Tell, [3.0, 4.0])], &[]);
        let d2 = applied(
            d.clone(),
            move_by(&d, &ids(&["a"]), [10.0, 0.0], Some(20.0)),
        );
        assert_eq!(pos(&d2, "a"), [20.0, 0.0]);
        assert!(move_by(&d, &ids(&["a"]), [0.0, 0.0], None).is_empty());
        assert!(move_by(&d, &ids(&["gone"]), [5.0, 0.0], None).is_empty());
    }

    #[test]
    fn copy_and_paste_give_fresh_ids_and_keep_inner_links() {
        let d = doc(
            &[
                ("a", Stage::Tell, [0.0, 0.0]),
                ("b", Stage::Buy, [100.0, 0.0]),
                ("c", Stage::Care, [200.0, 0.0]),
            ],
            &[("a", "b"), ("b", "c")],
        );
        assert_eq!(
            copy(&d, &BTreeSet::new()),
            Err(NothingToDo::NoSelection("copy"))
        );
        let clip = copy(&d, &ids(&["a", "b"])).unwrap();
        assert_eq!(clip.steps().len(), 2);
        assert_eq!(clip.links().len(), 1, "only the link inside the copy");
        let (edit, new) = paste(&d, &clip, None).unwrap();
        assert_eq!(new, ids(&["a-2", "b-2"]));
        let d2 = applied(d.clone(), edit);
        assert_eq!(pos(&d2, "a-2"), [30.0, 30.0]);
        assert!(d2.has_link_between("a-2", "b-2"));
        let (edit, _) = paste(&d2, &clip, Some([1000.0, 1000.0])).unwrap();
        let d3 = applied(d2, edit);
        assert_eq!(pos(&d3, "a-3"), [950.0, 1000.0], "centred on the pointer");
        assert_eq!(
            paste(&d, &Document::new("x"), None).err(),
            Some(NothingToDo::NoSteps)
        );
    }

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
    fn pasting_into_a_journey_without_the_personas_drops_them() {
        let mut source = doc(&[("a", Stage::Care, [0.0, 0.0])], &[]);
        let colour = crate::model::Colour([1, 2, 3]);
        source
            .set_personas(vec![Persona::new("early", "Early", colour)])
            .unwrap();
        let mut step = Step::clone(&source.steps()[0]);
        step.personas = vec!["early".into()];
        step.persona_emotions = vec![("early".into(), crate::model::Emotion::new(2).unwrap())];
        source.set_steps_and_links(vec![step], vec![]).unwrap();
        let clip = copy(&source, &ids(&["a"])).unwrap();
        assert_eq!(clip.personas().len(), 1);
        let mut target = doc(&[], &[]);
        let (edit, _) = paste(&target, &clip, None).unwrap();
        let _ = edit.apply(&mut target).unwrap();
        assert!(target.steps()[0].personas.is_empty());
        assert!(target.steps()[0].persona_emotions.is_empty());
        // Pasted back into its own journey, the copy keeps them.
        let (edit, _) = paste(&source, &clip, None).unwrap();
        let _ = edit.apply(&mut source).unwrap();
        assert_eq!(source.steps()[1].personas, ["early"]);
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
        // Channels moves up past the hidden emotion lane, in front of steps.
        let edit = move_lane(&d, Lane::Channels, -1);
        apply(&mut d, edit);
        assert_eq!(
            Lane::shown(&d.view.lanes, &d.view.hidden_lanes)[..2],
            [Lane::Channels, Lane::Steps]
        );
        assert_eq!(move_lane(&d, Lane::Channels, -1), None);
        let edit = move_lane(&d, Lane::Opportunities, -1);
        apply(&mut d, edit);
        assert_eq!(
            Lane::ordered(&d.view.lanes),
            [
                Lane::Channels,
                Lane::Steps,
                Lane::Emotion,
                Lane::Touchpoints,
                Lane::Opportunities,
                Lane::PainPoints
            ]
        );
        let edit = show_lane(&d, Lane::Emotion, true);
        apply(&mut d, edit);
        assert!(d.view.hidden_lanes.is_empty());
    }
}
