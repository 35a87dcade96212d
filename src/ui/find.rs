//! Find: a search field over the journey's text and the list of what matched, in a side
//! panel. Searching is [`crate::model::search`]; this keeps the query, the index of the
//! current revision and the current match, and returns [`Action`]s to select and show a match.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::view::ViewContext;
use crate::model::search::{Item, Matches, SearchIndex, snippet};
use crate::model::{Document, RevisionCache, Selection};

/// The find panel's state: whether it is open, the query, its matches and the current one.
#[derive(Debug, Default)]
pub struct FindState {
    /// Whether the panel is shown (matches are marked on the canvas meanwhile).
    pub open: bool,
    /// What the user typed.
    pub query: String,
    /// Put the keyboard in the search field at the next frame.
    pub focus_field: bool,
    /// The current match, an index into the matches' hits.
    pub current: Option<usize>,
    /// The folded text of the journey's current revision.
    index: RevisionCache<SearchIndex>,
    /// The matches of `query` in the document revision they were found in.
    matches: Option<((u64, String), Matches)>,
    /// Scroll the list to the current match at the next frame.
    scroll_to_current: bool,
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

    /// The matches of the query in `doc`, found again only when the query or the document
    /// changed.
    pub fn matches(&mut self, doc: &Document) -> &Matches {
        let key = (doc.revision(), self.query.clone());
        if self.matches.as_ref().is_none_or(|(k, _)| *k != key) {
            let found = self.index.get(doc, SearchIndex::build).search(&self.query);
            // A new query starts again from the best match; the same query in an edited
            // journey keeps its place.
            if self
                .matches
                .as_ref()
                .is_none_or(|((_, q), _)| *q != self.query)
            {
                self.current = None;
            }
            if self.current.is_some_and(|c| c >= found.hits.len()) {
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
        let count = self.matches(doc).hits.len();
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
        let hit = *self.matches(doc).hits.get(index)?;
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
    let count = state.matches(doc).hits.len();
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
    area.show_rows(ui, row_height, matches.hits.len(), |ui, rows| {
        for i in rows {
            let hit = matches.hits[i];
            let mut job = match_text(ui, doc, &hit);
            job.wrap.max_rows = 2;
            job.wrap.max_width = ui.available_width();
            let row = ui.add_sized(
                [ui.available_width(), row_height],
                egui::Button::selectable(current == Some(i), job),
            );
            if row.clicked() {
                clicked = Some(i);
            }
        }
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
