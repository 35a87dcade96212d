//! Placing the selected steps: align, distribute, arrange as a loop, move by a distance.

use std::collections::BTreeSet;

use super::{NothingToDo, steps_of};
use crate::model::{CARD_SIZE, Document, Edit, Point, Step};

/// How far apart two cards around a loop are, beyond their width.
const LOOP_GAP: f64 = 40.0;
/// The smallest radius of a loop.
const LOOP_MIN_RADIUS: f64 = 260.0;

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

/// A way of placing the selected steps: the Arrange menu's commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrangement {
    /// Around a ring in stage order ([`arrange_loop`]).
    Loop,
    /// Lined up on the extreme step along the axis ([`align`]).
    Align(Axis, Extreme),
    /// Spaced evenly along the axis ([`distribute`]).
    Distribute(Axis),
}

/// The edit that places the steps in `ids` as `arrangement` says.
pub fn arrange(
    doc: &Document,
    ids: &BTreeSet<String>,
    arrangement: Arrangement,
) -> Result<Edit, NothingToDo> {
    match arrangement {
        Arrangement::Loop => Ok(arrange_loop(doc, ids)),
        Arrangement::Align(axis, extreme) => align(doc, ids, axis, extreme),
        Arrangement::Distribute(axis) => distribute(doc, ids, axis),
    }
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
pub(super) fn middle<'a>(steps: impl IntoIterator<Item = &'a Step>) -> Option<Point> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;
    use crate::model::builders::fixtures::{applied, doc, ids, pos};

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
}
