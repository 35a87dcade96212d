//! Find: a search field over the journey's text and the list of what matched, in a side
//! panel. Searching is [`crate::model::search`]; this keeps the query, the index of the
//! current revision and the current match, and returns [`Action`]s to select and show a match.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::view::ViewContext;
use std::sync::Arc;

use crate::model::search::{Item, Matches, SearchIndex, snippet};
use crate::model::{Document, RevisionCache, Selection};
use crate::task::{Task, Wake};

/// When more steps and links than this must be folded for searching (a journey opened, a
/// large paste), they are folded on a worker thread (about 15 ms at this size), so typing
/// never waits for it; fewer are folded at once. An ordinary edit folds only the steps and
/// links it changed.
pub const BACKGROUND_INDEX_ITEMS: usize = 20_000;

/// The find panel's state: whether it is open, the query, its matches and the current one.
#[derive(Default)]
pub struct FindState {
    /// Whether the panel is shown (matches are marked on the canvas meanwhile).
    pub open: bool,
    /// What the user typed.
    pub query: String,
    /// Put the keyboard in the search field at the next frame.
    pub focus_field: bool,
    /// The current match, an index into the matches' hits.
    pub current: Option<usize>,
    /// The folded text of the journey's current revision (or the last one folded, brought up
    /// to date by what changed since).
    index: RevisionCache<Arc<SearchIndex>>,
    /// The folding of a newer revision, on a worker thread.
    building: Option<(u64, Task<SearchIndex>)>,
    /// What wakes the window when a folding is done.
    wake: Option<Wake>,
    /// The matches of `query` in the document revision they were found in.
    matches: Option<((u64, String), Matches)>,
    /// Scroll the list to the current match at the next frame.
    scroll_to_current: bool,
}

impl std::fmt::Debug for FindState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FindState")
            .field("open", &self.open)
            .field("query", &self.query)
            .field("current", &self.current)
            .field("indexing", &self.building.is_some())
            .finish_non_exhaustive()
    }
}

impl FindState {
    /// Opens the panel with the keyboard in its field.
    pub fn open(&mut self) {
        self.open = true;
        self.focus_field = true;
    }

    /// Closes the panel (the query is kept for next time).
    pub fn close(&mut self) {
        self.open = false;
        self.focus_field = false;
    }

    /// The search index of `doc`'s revision. The last index is brought up to date by folding
    /// again what changed since; when that is much (or there is none), a large journey's is
    /// folded on a worker thread (`None` until it is done) unless `wait`, a small one's at once.
    fn index(&mut self, doc: &Document, wait: bool) -> Option<Arc<SearchIndex>> {
        if let Some((revision, task)) = &mut self.building
            && let Some(result) = task.try_take()
        {
            // Even a folding of an older revision is a start: it is brought up to date below.
            if let Ok(index) = result {
                self.index.store(*revision, Arc::new(index));
            }
            self.building = None;
        }
        let most = if wait {
            usize::MAX
        } else {
            BACKGROUND_INDEX_ITEMS
        };
        if self.index.refresh(doc, |index| {
            Arc::make_mut(index).update_at_most(doc, most).is_some()
        }) && let Some(index) = self.index.current(doc)
        {
            return Some(Arc::clone(index));
        }
        let large = doc.steps().len() + doc.links().len() > BACKGROUND_INDEX_ITEMS;
        if !large || wait {
            return Some(Arc::clone(
                self.index.get(doc, |d| Arc::new(SearchIndex::build(d))),
            ));
        }
        if self.building.is_none() {
            // A snapshot costs a pointer per thousand steps: the journey itself is shared.
            // Whatever changes meanwhile is folded in when it is done.
            let snapshot = doc.clone();
            let wake = self.wake.clone().unwrap_or_else(crate::task::no_wake);
            let task = Task::spawn("search index", wake, move || SearchIndex::build(&snapshot));
            self.building = Some((doc.revision(), task));
        }
        None
    }

    /// Whether the journey's text is being folded for searching (the list shows the matches
    /// found before the last edit meanwhile).
    pub fn is_indexing(&self) -> bool {
        self.building.is_some()
    }

    /// The matches of the query in `doc`, found again only when the query or the document
    /// changed. While a large journey's index is being rebuilt after an edit, the matches
    /// found before stay (the canvas marks nothing meanwhile).
    pub fn matches(&mut self, doc: &Document) -> &Matches {
        self.find(doc, false)
    }

    fn find(&mut self, doc: &Document, wait: bool) -> &Matches {
        let key = (doc.revision(), self.query.clone());
        if self.matches.as_ref().is_none_or(|(k, _)| *k != key)
            && let Some(index) = self.index(doc, wait)
        {
            let found = index.search(&self.query);
            // A new query starts again from the best match; the same query in an edited
            // journey keeps its place.
            if self
                .matches
                .as_ref()
                .is_none_or(|((_, q), _)| *q != self.query)
            {
                self.current = None;
            }
            if self.current.is_some_and(|c| c >= found.len()) {
                self.current = None;
            }
            self.matches = Some((key, found));
        }
        &self.matches.get_or_insert_with(Default::default).1
    }

    /// The matches if they are current for `doc` (the canvas marks them).
    pub fn current_matches(&self, doc: &Document) -> Option<&Matches> {
        self.matches
            .as_ref()
            .filter(|((revision, query), _)| *revision == doc.revision() && *query == self.query)
            .map(|(_, m)| m)
    }

    /// Moves to the next match (or the previous one), wrapping around; returns the selection
    /// that shows it, or `None` if nothing matches.
    pub fn step(&mut self, doc: &Document, forward: bool) -> Option<Selection> {
        let count = self.find(doc, true).len();
        if count == 0 {
            self.current = None;
            return None;
        }
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => count - 1,
            (Some(c), true) => (c + 1) % count,
            (Some(c), false) => (c + count - 1) % count,
        };
        self.go_to(doc, next)
    }

    /// Makes match `index` the current one; returns the selection that shows it.
    pub fn go_to(&mut self, doc: &Document, index: usize) -> Option<Selection> {
        let hit = self.find(doc, true).hit(index)?;
        self.current = Some(index);
        self.scroll_to_current = true;
        Some(selection_of(doc, hit.item))
    }
}

/// The selection of a matched step or link.
pub fn selection_of(doc: &Document, item: Item) -> Selection {
    match item {
        Item::Step(i) => doc
            .steps()
            .get(i as usize)
            .map_or_else(Selection::none, |s| Selection::step(&s.id)),
        Item::Link(i) => doc
            .links()
            .get(i as usize)
            .map_or_else(Selection::none, |l| Selection::link(&l.id)),
    }
}

/// Characters of context shown around a match in the list.
const SNIPPET_ROOM: usize = 48;

/// Draws the find panel's content: the field, the count with previous/next, and the list of
/// matches. Enter goes to the next match, shift+Enter to the previous one.
pub fn find_ui(ui: &mut Ui, ctx: &ViewContext<'_>, state: &mut FindState) -> Vec<Action> {
    let mut actions = Vec::new();
    let doc = ctx.doc;
    if state.wake.is_none() {
        let egui_ctx = ui.ctx().clone();
        state.wake = Some(Arc::new(move || egui_ctx.request_repaint()));
    }
    ui.add_space(4.0);
    let heading = ui.horizontal(|ui| {
        let heading = ui.heading("Find");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .small_button("Close")
                .on_hover_text("Close the find panel (Escape)")
                .clicked()
            {
                actions.push(Action::Command(super::commands::Command::CloseFind));
            }
        });
        heading.id
    });
    let response = ui.add(
        egui::TextEdit::singleline(&mut state.query)
            .hint_text("titles, notes, channels, touchpoints…")
            .desired_width(f32::INFINITY)
            .return_key(None)
            .id_salt("find field"),
    );
    let response = response.labelled_by(heading.inner);
    if std::mem::take(&mut state.focus_field) {
        response.request_focus();
    }
    let mut go: Option<Selection> = None;
    if response.has_focus() {
        let (next, previous) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::SHIFT, Key::Enter),
            )
        });
        if next || previous {
            go = state.step(doc, next);
        }
    }
    let count = state.matches(doc).len();
    if let Some(selection) = count_row(ui, doc, state, count) {
        go = Some(selection);
    }
    ui.separator();
    let row_height = 2.0 * ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let scroll_to = std::mem::take(&mut state.scroll_to_current)
        .then_some(state.current)
        .flatten();
    let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if let Some(current) = scroll_to {
        let spacing = ui.spacing().item_spacing.y;
        area = area.vertical_scroll_offset(
            (current as f32 * (row_height + spacing) - 3.0 * row_height).max(0.0),
        );
    }
    let current = state.current;
    let mut clicked = None;
    let matches = state.matches(doc);
    area.show_rows(ui, row_height, matches.len(), |ui, rows| {
        // Rows as wide as the panel, their text on the left.
        ui.with_layout(egui::Layout::top_down_justified(egui::Align::LEFT), |ui| {
            for i in rows {
                let Some(hit) = matches.hit(i) else { continue };
                let mut job = match_text(ui, doc, &hit);
                job.wrap.max_rows = 2;
                job.wrap.max_width = ui.available_width();
                let row = ui.add(
                    egui::Button::selectable(current == Some(i), job)
                        .min_size(egui::vec2(0.0, row_height)),
                );
                if row.clicked() {
                    clicked = Some(i);
                }
            }
        });
    });
    if let Some(i) = clicked {
        go = state.go_to(doc, i);
    }
    if let Some(selection) = go {
        actions.push(Action::Select(selection.clone()));
        actions.push(Action::Show(selection));
    }
    if count == 0 && !state.query.trim().is_empty() {
        ui.label(RichText::new("Nothing in this journey contains that text.").weak());
    }
    actions
}

/// A row of the list of matches: the step's title (or the link's ends) on the first line,
/// then where it matched and the text around the match, the match marked.
fn match_text(ui: &Ui, doc: &Document, hit: &crate::model::search::Hit) -> egui::text::LayoutJob {
    let name = match hit.item {
        Item::Step(s) => doc
            .steps()
            .get(s as usize)
            .map_or_else(String::new, |s| s.title.clone()),
        Item::Link(l) => doc.links().get(l as usize).map_or_else(String::new, |l| {
            let title = |id: &str| {
                doc.step(id)
                    .map_or_else(|| id.to_owned(), |s| s.title.clone())
            };
            format!("Link from {} to {}", title(&l.from), title(&l.to))
        }),
    };
    let mut job = egui::text::LayoutJob::default();
    let body = egui::TextStyle::Body.resolve(ui.style());
    let small = egui::TextStyle::Small.resolve(ui.style());
    let ink = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    job.append(
        &format!("{name}\n"),
        0.0,
        egui::TextFormat::simple(body, ink),
    );
    job.append(
        &format!("{}: ", hit.field.label()),
        0.0,
        egui::TextFormat::simple(small.clone(), weak),
    );
    if let Some((before, matched, after)) = snippet(doc, hit, SNIPPET_ROOM) {
        job.append(&before, 0.0, egui::TextFormat::simple(small.clone(), weak));
        let mut strong = egui::TextFormat::simple(small.clone(), ink);
        strong.background = ui.visuals().selection.bg_fill.gamma_multiply(0.5);
        job.append(&matched, 0.0, strong);
        job.append(&after, 0.0, egui::TextFormat::simple(small, weak));
    }
    job
}

/// "2 of 5 matches" with Previous and Next; returns the match to go to if one was clicked.
fn count_row(
    ui: &mut Ui,
    doc: &Document,
    state: &mut FindState,
    count: usize,
) -> Option<Selection> {
    let mut go = None;
    ui.horizontal(|ui| {
        let text = match (count, state.current) {
            (0, _) if state.query.trim().is_empty() => String::new(),
            (0, _) if state.is_indexing() => "Searching…".to_owned(),
            (0, _) => "No matches".to_owned(),
            (1, _) => "1 match".to_owned(),
            (n, Some(c)) => format!("{} of {n} matches", c + 1),
            (n, None) => format!("{n} matches"),
        };
        ui.label(text);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(count > 0, egui::Button::new("Next"))
                .on_hover_text("Go to the next match (Enter, F3)")
                .clicked()
            {
                go = state.step(doc, true);
            }
            if ui
                .add_enabled(count > 0, egui::Button::new("Previous"))
                .on_hover_text("Go to the previous match (shift+Enter, shift+F3)")
                .clicked()
            {
                go = state.step(doc, false);
            }
        });
    });
    go
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate;

    #[test]
    fn a_large_journey_is_indexed_in_the_background_without_blocking() {
        let doc = generate::journey(12_000, 12_000, 3);
        assert!(doc.steps().len() + doc.links().len() > BACKGROUND_INDEX_ITEMS);
        let mut find = FindState {
            query: "Renews".into(),
            ..FindState::default()
        };
        // The first call starts the folding and returns at once, with nothing yet.
        assert!(find.matches(&doc).is_empty());
        assert!(find.is_indexing());
        assert!(find.current_matches(&doc).is_none());
        while find.matches(&doc).is_empty() {
            std::thread::yield_now();
        }
        assert!(!find.is_indexing());
        let expected = SearchIndex::build(&doc).search("Renews");
        assert_eq!(find.current_matches(&doc), Some(&expected));
        // Stepping never shows a stale match: it waits for the index of this revision.
        let mut fresh = FindState {
            query: "Renews".into(),
            ..FindState::default()
        };
        let first = fresh.step(&doc, true);
        assert_eq!(
            first,
            Some(selection_of(&doc, expected.hit(0).unwrap().item))
        );
    }

    #[test]
    fn after_an_edit_a_large_journey_is_searched_at_once() {
        use crate::model::{Edit, StepValue};

        let mut doc = generate::journey(12_000, 12_000, 3);
        let mut find = FindState {
            query: "Renews".into(),
            ..FindState::default()
        };
        // The first index of a large journey: folded whole, waited for here.
        assert!(find.step(&doc, true).is_some());
        let _ = Edit::SetStep {
            id: doc.steps()[100].id.clone(),
            value: StepValue::Title("Renews again".into()),
        }
        .apply(&mut doc)
        .unwrap();
        // Only the renamed step is folded again, at once: no worker, no stale list.
        let found = find.matches(&doc).clone();
        assert!(!find.is_indexing());
        assert_eq!(find.current_matches(&doc), Some(&found));
        assert!(found.has_step(100));
        assert_eq!(found, SearchIndex::build(&doc).search("Renews"));
    }

    #[test]
    fn a_small_journey_is_searched_at_once() {
        let doc = generate::journey(100, 100, 3);
        let mut find = FindState {
            query: "pays".into(),
            ..FindState::default()
        };
        let found = find.matches(&doc).clone();
        assert!(!found.is_empty());
        assert!(!find.is_indexing());
        assert_eq!(found, SearchIndex::build(&doc).search("pays"));
    }
}
