//! Commands that work on the selection: clipboard, delete, select, nudge, align and arrange.

use std::collections::{BTreeSet, HashMap, HashSet};

use egui::{Pos2, Vec2, pos2, vec2};

use super::App;
use super::commands::Command;
use crate::format;
use crate::model::{Document, Edit, Link, Point, Step};
use crate::ui::canvas::{CARD_SIZE, GRID, card_rect, journey_bounds};

/// How far pasted or duplicated steps land from the originals when the pointer is elsewhere.
const PASTE_OFFSET: Vec2 = vec2(30.0, 30.0);

impl App {
    pub(super) fn run_edit_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Copy => {
                if let Some(text) = self.copy_selection() {
                    ctx.copy_text(text.clone());
                    self.clipboard = Some(text);
                }
            }
            Command::Cut => {
                if let Some(text) = self.copy_selection() {
                    ctx.copy_text(text.clone());
                    self.clipboard = Some(text);
                    self.delete_selection();
                }
            }
            Command::Paste => match self.clipboard.clone() {
                Some(text) => self.paste_text(&text),
                // The system clipboard is read by the window: ask it to deliver a paste event.
                None => ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste),
            },
            Command::Duplicate => {
                if let Some(text) = self.copy_selection() {
                    self.paste_at(&text, None);
                }
            }
            Command::Delete | Command::DeleteAlt => self.delete_selection(),
            Command::SelectAll => {
                self.canvas.selection.steps =
                    self.doc.steps().iter().map(|s| s.id.clone()).collect();
                self.canvas.selection.link = None;
            }
            Command::SelectNone => self.canvas.selection.clear(),
            Command::SelectNext => self.select_neighbour(1),
            Command::SelectPrevious => self.select_neighbour(-1),
            Command::NudgeLeft => self.nudge(vec2(-1.0, 0.0), false),
            Command::NudgeRight => self.nudge(vec2(1.0, 0.0), false),
            Command::NudgeUp => self.nudge(vec2(0.0, -1.0), false),
            Command::NudgeDown => self.nudge(vec2(0.0, 1.0), false),
            Command::NudgeLeftFar => self.nudge(vec2(-1.0, 0.0), true),
            Command::NudgeRightFar => self.nudge(vec2(1.0, 0.0), true),
            Command::NudgeUpFar => self.nudge(vec2(0.0, -1.0), true),
            Command::NudgeDownFar => self.nudge(vec2(0.0, 1.0), true),
            Command::ArrangeLoop => self.arrange_loop(),
            Command::AlignLeft => self.align(0, Extreme::Min),
            Command::AlignRight => self.align(0, Extreme::Max),
            Command::AlignTop => self.align(1, Extreme::Min),
            Command::AlignBottom => self.align(1, Extreme::Max),
            Command::DistributeHorizontally => self.distribute(0),
            Command::DistributeVertically => self.distribute(1),
            _ => {}
        }
    }

    fn selected_steps(&self) -> Vec<&Step> {
        self.doc
            .steps()
            .iter()
            .filter(|s| self.canvas.selection.steps.contains(&s.id))
            .collect()
    }

    /// The selected steps and the links among them, as journey-file JSON.
    fn copy_selection(&mut self) -> Option<String> {
        let steps: Vec<Step> = self.selected_steps().into_iter().cloned().collect();
        if steps.is_empty() {
            self.notice = Some("Select steps to copy first.".to_owned());
            return None;
        }
        let ids: HashSet<&str> = steps.iter().map(|s| s.id.as_str()).collect();
        let links: Vec<Link> = self
            .doc
            .links()
            .iter()
            .filter(|l| ids.contains(l.from.as_str()) && ids.contains(l.to.as_str()))
            .cloned()
            .collect();
        let mut clip = Document::new(self.doc.title.clone());
        clip.set_steps_and_links(steps, links).ok()?;
        self.notice = Some(format!(
            "Copied {} step{}.",
            clip.steps().len(),
            if clip.steps().len() == 1 { "" } else { "s" }
        ));
        Some(format::to_string(&clip))
    }

    /// Pastes journey-file JSON from the clipboard at the pointer (or offset from the originals).
    pub(super) fn paste_text(&mut self, text: &str) {
        let pointer = self
            .repaint_ctx
            .pointer_hover_pos()
            .filter(|p| self.canvas.viewport.contains(*p))
            .map(|p| {
                self.canvas
                    .camera
                    .canvas_from_screen(self.canvas.viewport, p)
            });
        self.paste_at(text, pointer);
    }

    fn paste_at(&mut self, text: &str, at: Option<Pos2>) {
        let clip = match format::from_str(text) {
            Ok(clip) if !clip.steps().is_empty() => clip,
            Ok(_) => {
                self.notice = Some(
                    "The clipboard holds a journey without steps; nothing was pasted.".to_owned(),
                );
                return;
            }
            Err(_) => {
                self.notice = Some(
                    "The clipboard does not hold Journey Designer steps; nothing was pasted."
                        .to_owned(),
                );
                return;
            }
        };
        let offset = match (at, journey_bounds(&clip)) {
            (Some(at), Some(bounds)) => at - bounds.center(),
            _ => PASTE_OFFSET,
        };
        let (steps, links) = fresh_copies(&self.doc, &clip, offset);
        let ids: BTreeSet<String> = steps.iter().map(|s| s.id.clone()).collect();
        let count = steps.len();
        let edit = Edit::Batch {
            label: if count == 1 {
                "Paste step".to_owned()
            } else {
                format!("Paste {count} steps")
            },
            edits: vec![Edit::add(&self.doc, steps, links)],
        };
        self.history.seal();
        self.apply(edit);
        self.canvas.selection.steps = ids;
        self.canvas.selection.link = None;
        self.notice = Some(format!(
            "Pasted {count} step{}.",
            if count == 1 { "" } else { "s" }
        ));
    }

    fn delete_selection(&mut self) {
        let selection = &self.canvas.selection;
        if selection.is_empty() {
            return;
        }
        let edit = Edit::Remove {
            steps: selection.steps.iter().cloned().collect(),
            links: selection.link.iter().cloned().collect(),
        };
        self.history.seal();
        self.apply(edit);
        self.canvas.selection.clear();
    }

    fn select_neighbour(&mut self, direction: isize) {
        let steps = self.doc.steps();
        if steps.is_empty() {
            return;
        }
        let current = self
            .canvas
            .selection
            .steps
            .last()
            .and_then(|id| self.doc.step_position(id));
        let n = steps.len().cast_signed();
        let next = match current {
            Some(i) => (i.cast_signed() + direction).rem_euclid(n),
            None if direction > 0 => 0,
            None => n - 1,
        };
        let step = &steps[next.unsigned_abs()];
        self.canvas.selection.only_step(&step.id);
        let card = card_rect(step.position);
        let visible = self.canvas.camera.visible_canvas_rect(self.canvas.viewport);
        if !visible.contains_rect(card) {
            self.canvas.camera.center = card.center();
        }
    }

    fn nudge(&mut self, direction: Vec2, far: bool) {
        let unit = if self.canvas.snap { GRID } else { 5.0 };
        let delta = direction * unit * if far { 10.0 } else { 1.0 };
        let moves: Vec<(String, Point)> = self
            .selected_steps()
            .into_iter()
            .map(|s| {
                (
                    s.id.clone(),
                    [
                        s.position[0] + f64::from(delta.x),
                        s.position[1] + f64::from(delta.y),
                    ],
                )
            })
            .collect();
        if !moves.is_empty() {
            self.history.seal();
            self.apply(Edit::Move(moves));
        }
    }

    /// Lines the selected cards up on the extreme one along `axis` (0: x, 1: y). Cards are
    /// all the same size, so lining up their centres lines up their edges.
    fn align(&mut self, axis: usize, extreme: Extreme) {
        let steps = self.selected_steps();
        if steps.len() < 2 {
            self.notice = Some("Select two or more steps to align them.".to_owned());
            return;
        }
        let values = steps.iter().map(|s| s.position[axis]);
        let target = match extreme {
            Extreme::Min => values.fold(f64::INFINITY, f64::min),
            Extreme::Max => values.fold(f64::NEG_INFINITY, f64::max),
        };
        let moves = steps
            .iter()
            .filter_map(|s| {
                let mut to = s.position;
                to[axis] = target;
                (to != s.position).then(|| (s.id.clone(), to))
            })
            .collect();
        self.apply_moves("Align", moves);
    }

    fn distribute(&mut self, axis: usize) {
        let mut steps = self.selected_steps();
        if steps.len() < 3 {
            self.notice = Some("Select three or more steps to distribute them.".to_owned());
            return;
        }
        steps.sort_by(|a, b| a.position[axis].total_cmp(&b.position[axis]));
        let first = steps[0].position[axis];
        let last = steps[steps.len() - 1].position[axis];
        let gap = (last - first) / (steps.len() - 1) as f64;
        let moves = steps
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let mut to = s.position;
                to[axis] = first + gap * i as f64;
                (to != s.position).then(|| (s.id.clone(), to))
            })
            .collect();
        self.apply_moves("Distribute", moves);
    }

    /// Places the selected steps (or all, if fewer than two are selected) around a ring in
    /// stage order, tell at the top, keeping the ring's centre where the steps were.
    fn arrange_loop(&mut self) {
        let selected = self.selected_steps();
        let mut steps: Vec<&Step> = if selected.len() >= 2 {
            selected
        } else {
            self.doc.steps().iter().collect()
        };
        if steps.is_empty() {
            return;
        }
        // A stable sort keeps the document order within a stage.
        steps.sort_by_key(|s| s.stage.index());
        let n = steps.len();
        let circumference = n as f32 * (CARD_SIZE.x + 40.0);
        let radius = (circumference / std::f32::consts::TAU).max(260.0);
        let center = steps
            .iter()
            .map(|s| card_rect(s.position))
            .reduce(egui::Rect::union)
            .map_or(Pos2::ZERO, |r| r.center());
        let moves = steps
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let angle =
                    -std::f32::consts::FRAC_PI_2 + std::f32::consts::TAU * i as f32 / n as f32;
                let at = center + vec2(angle.cos() * radius, angle.sin() * radius);
                let at = pos2(at.x.round(), at.y.round());
                let to = [f64::from(at.x), f64::from(at.y)];
                (to != s.position).then(|| (s.id.clone(), to))
            })
            .collect();
        self.apply_moves("Arrange as loop", moves);
    }

    fn apply_moves(&mut self, label: &str, moves: Vec<(String, Point)>) {
        if moves.is_empty() {
            return;
        }
        self.history.seal();
        self.apply(Edit::Batch {
            label: label.to_owned(),
            edits: vec![Edit::Move(moves)],
        });
    }
}

#[derive(Clone, Copy)]
enum Extreme {
    Min,
    Max,
}

/// Copies of the clipboard's steps and links with ids that are fresh in `doc`, moved by
/// `offset`; links keep joining the copies of their steps.
fn fresh_copies(doc: &Document, clip: &Document, offset: Vec2) -> (Vec<Step>, Vec<Link>) {
    let mut taken: HashSet<String> = HashSet::new();
    let mut renamed: HashMap<&str, String> = HashMap::new();
    let steps = clip
        .steps()
        .iter()
        .map(|step| {
            let id = fresh(&step.id, |id| doc.step(id).is_some() || taken.contains(id));
            taken.insert(id.clone());
            renamed.insert(step.id.as_str(), id.clone());
            Step {
                id,
                position: [
                    step.position[0] + f64::from(offset.x),
                    step.position[1] + f64::from(offset.y),
                ],
                ..step.clone()
            }
        })
        .collect();
    let mut taken_links: HashSet<String> = HashSet::new();
    let links = clip
        .links()
        .iter()
        .filter_map(|link| {
            let from = renamed.get(link.from.as_str())?.clone();
            let to = renamed.get(link.to.as_str())?.clone();
            let id = fresh(&format!("{from}-{to}"), |id| {
                doc.link(id).is_some() || taken_links.contains(id)
            });
            taken_links.insert(id.clone());
            Some(Link {
                id,
                from,
                to,
                ..link.clone()
            })
        })
        .collect();
    (steps, links)
}

/// `base` with the lowest numeric suffix that is not taken ("care-2", "care-3", …).
fn fresh(base: &str, taken: impl Fn(&str) -> bool) -> String {
    // A copy of "care-2" is "care-3", not "care-2-2".
    let stem = match base.rsplit_once('-') {
        Some((stem, n)) if !stem.is_empty() && n.parse::<u32>().is_ok() => stem,
        _ => base,
    };
    if !taken(stem) {
        return stem.to_owned();
    }
    (2..u64::MAX)
        .map(|n| format!("{stem}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| format!("{stem}-copy"))
}
