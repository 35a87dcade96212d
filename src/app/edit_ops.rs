//! Commands that work on the selection: clipboard, delete, select, nudge, align and arrange.
//! The edits themselves come from [`crate::model::builders`].

use super::App;
use crate::format;
use crate::layout::geometry::{GRID, to_point};
use crate::model::builders::{self, Arrangement, NothingToDo};
use crate::model::{Point, Selection, plural};

impl App {
    pub(super) fn copy(&mut self, ctx: &egui::Context) {
        if let Some(text) = self.copy_selection() {
            ctx.copy_text(text.clone());
            self.clipboard = Some(text);
        }
    }

    pub(super) fn cut(&mut self, ctx: &egui::Context) {
        if let Some(text) = self.copy_selection() {
            ctx.copy_text(text.clone());
            self.clipboard = Some(text);
            // An opportunity's steps are copied, never cut: Delete removes the opportunity.
            if self.session.selection().opportunity.is_none() {
                self.delete_selection();
            }
        }
    }

    pub(super) fn paste(&mut self, ctx: &egui::Context) {
        match self.clipboard.clone() {
            Some(text) => self.paste_text(&text),
            // The system clipboard is read by the window: ask it to deliver a paste event.
            None => ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste),
        }
    }

    pub(super) fn duplicate(&mut self) {
        if let Some(text) = self.copy_selection() {
            self.paste_at(&text, None);
        }
    }

    pub(super) fn select_all(&mut self) {
        // Under the persona filter, "all" is every step shown.
        let settings = &self.view_settings;
        let all = Selection::steps(
            self.session
                .document()
                .steps()
                .iter()
                .filter(|s| settings.shows(s))
                .map(|s| s.id.clone()),
        );
        self.session.select(all);
    }

    /// The align, distribute and arrange commands.
    pub(super) fn arrange(&mut self, arrangement: Arrangement) {
        let doc = self.session.document();
        let ids = &self.session.selection().steps;
        match builders::arrange(doc, ids, arrangement) {
            Ok(edit) => self.apply_alone(edit),
            Err(why) => self.notice = Some(why.to_string()),
        }
    }

    /// The selected steps and the links among them, as journey-file JSON.
    fn copy_selection(&mut self) -> Option<String> {
        match builders::copy(self.session.document(), &self.session.selection().steps) {
            Ok(clip) => {
                self.notice = Some(format!("Copied {}.", plural(clip.steps().len(), "step")));
                Some(format::to_string(&clip))
            }
            Err(why) => {
                self.notice = Some(why.to_string());
                None
            }
        }
    }

    /// Pastes journey-file JSON from the clipboard at the pointer (or offset from the originals).
    pub(super) fn paste_text(&mut self, text: &str) {
        let pointer = self
            .egui_ctx
            .pointer_hover_pos()
            .and_then(|p| self.canvas.canvas_point_at(p))
            .map(to_point);
        self.paste_at(text, pointer);
    }

    fn paste_at(&mut self, text: &str, at: Option<Point>) {
        let pasted = format::from_str(text)
            .map_err(|_| NothingToDo::NotAJourney)
            .and_then(|clip| builders::paste(self.session.document(), &clip, at));
        match pasted {
            Ok((edit, ids)) => {
                let count = ids.len();
                self.apply_alone(edit);
                self.session.select(Selection::steps(ids));
                self.notice = Some(format!("Pasted {}.", plural(count, "step")));
            }
            Err(why) => self.notice = Some(why.to_string()),
        }
    }

    pub(super) fn delete_selection(&mut self) {
        let selection = self.session.selection();
        if selection.is_empty() {
            return;
        }
        // With an opportunity selected, Delete takes the opportunity, not its steps.
        if let Some(id) = selection.opportunity.clone() {
            if let Some((edit, title)) = builders::remove_opportunity(self.session.document(), &id)
            {
                self.apply_alone(edit);
                self.notice = Some(format!("Deleted the opportunity \"{title}\"."));
            }
            self.session.select(Selection::none());
            return;
        }
        let edit = builders::remove(&selection.steps, selection.link.as_deref());
        self.apply_alone(edit);
        self.session.select(Selection::none());
    }

    /// Selects the next (or previous) item: the steps in file order, then the links, around
    /// again; so every step and every link can be reached from the keyboard.
    pub(super) fn select_neighbour(&mut self, direction: isize) {
        let doc = self.session.document();
        let (steps, links) = (doc.steps(), doc.links());
        let n = (steps.len() + links.len()).cast_signed();
        if n == 0 {
            return;
        }
        let selection = self.session.selection();
        let current = match &selection.link {
            Some(link) => doc.link_position(link).map(|i| steps.len() + i),
            None => selection.steps.last().and_then(|id| doc.step_position(id)),
        };
        let mut next = match current {
            Some(i) => (i.cast_signed() + direction).rem_euclid(n),
            None if direction > 0 => 0,
            None => n - 1,
        };
        // Steps hidden by the persona filter, and links to or from them, are passed over.
        let settings = &self.view_settings;
        let shown = |id: &str| doc.step(id).is_some_and(|s| settings.shows(s));
        let visible = |i: usize| {
            if let Some(step) = steps.get(i) {
                settings.shows(step)
            } else {
                let link = &links[i - steps.len()];
                shown(&link.from) && shown(&link.to)
            }
        };
        let mut tries = n;
        while !visible(next.unsigned_abs()) {
            tries -= 1;
            if tries == 0 {
                return;
            }
            next = (next + direction).rem_euclid(n);
        }
        let next = next.unsigned_abs();
        if let Some(step) = steps.get(next) {
            let step = std::sync::Arc::clone(step);
            self.session.select(Selection::step(&step.id));
            self.canvas.reveal(&step);
        } else {
            let link = &links[next - steps.len()];
            let id = link.id.clone();
            if let Some(start) = doc.step(&link.from).cloned() {
                self.canvas.reveal(&start);
            }
            self.session.select(Selection::link(&id));
        }
    }

    /// Follows a link from the selected step: forward to where its first outgoing link goes,
    /// back to where its first incoming link comes from (file order). With a link selected,
    /// goes to the step it leads to (or comes from).
    pub(super) fn follow_link(&mut self, forward: bool) {
        let doc = self.session.document();
        let selection = self.session.selection();
        let target = if let Some(link) = selection.link.as_deref().and_then(|id| doc.link(id)) {
            Some(if forward { &link.to } else { &link.from }.clone())
        } else if let Some(id) = selection.single_step() {
            let ways: Vec<&str> = doc
                .links()
                .iter()
                .filter(|l| if forward { l.from == id } else { l.to == id })
                .map(|l| {
                    if forward {
                        l.to.as_str()
                    } else {
                        l.from.as_str()
                    }
                })
                .collect();
            if ways.len() > 1 {
                self.notice = Some(format!(
                    "{} {} this step; followed the first.",
                    crate::model::plural(ways.len(), "link"),
                    if forward { "leave" } else { "lead to" }
                ));
            } else if ways.is_empty() {
                self.notice = Some(
                    if forward {
                        "No link leaves this step."
                    } else {
                        "No link leads to this step."
                    }
                    .to_owned(),
                );
            }
            ways.first().map(|s| (*s).to_owned())
        } else {
            self.notice = Some("Select one step to follow its links.".to_owned());
            None
        };
        if let Some(step) = target.and_then(|id| doc.step(&id)).cloned() {
            self.session.select(Selection::step(&step.id));
            self.canvas.reveal(&step);
        }
    }

    pub(super) fn nudge(&mut self, direction: [f64; 2], far: bool) {
        let unit = if self.view_settings.snap {
            f64::from(GRID)
        } else {
            5.0
        };
        let scale = unit * if far { 10.0 } else { 1.0 };
        let edit = builders::move_by(
            self.session.document(),
            &self.session.selection().steps,
            [direction[0] * scale, direction[1] * scale],
            None,
        );
        self.apply_alone(edit);
    }
}
