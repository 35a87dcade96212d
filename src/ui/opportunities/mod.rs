//! The opportunities view: the journey's scored opportunities as a list sortable by any
//! column (the value ÷ effort score beside the impact the simulation computes per unit of
//! effort, with each one's rank by both, and the extra discounted cash once money is in the
//! loop), and a matrix of value against effort with bubbles
//! sized by the computed impact. Clicking one selects it with its steps, in every view.
//!
//! - `impacts`: the impacts, computed in the background and kept per revision.

mod impacts;

use std::cmp::Ordering;

use egui::{Align2, RichText, Ui};
use egui_plot::{MarkerShape, Plot, PlotPoint, Points};

pub use self::impacts::ImpactState;
use super::Action;
use super::theme;
use super::view::ViewContext;
use crate::layout::words;
use crate::model::{Opportunity, Selection, builders};
use crate::simulation::impact::money_in_the_loop;
use crate::simulation::report::signed_money_text;

/// A column of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Column {
    /// The title.
    Title,
    /// Idea, planned, doing, done.
    Status,
    /// How many steps it improves.
    Steps,
    /// What it is worth to the customer.
    CustomerValue,
    /// What it is worth to the business.
    BusinessValue,
    /// How much work it takes.
    Effort,
    /// The value score per unit of effort (`TheyDo`'s priority).
    ValuePerEffort,
    /// The extra purchases its change brings in the simulation.
    Impact,
    /// The impact per unit of effort.
    ImpactPerEffort,
    /// The extra discounted cash its change brings in the simulation; shown only when money
    /// is in the loop.
    ExtraCash,
}

impl Column {
    /// Its heading.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Title => "Title",
            Self::Status => "Status",
            Self::Steps => "Steps",
            Self::CustomerValue => "Customer value",
            Self::BusinessValue => "Business value",
            Self::Effort => "Effort",
            Self::ValuePerEffort => "Value ÷ effort",
            Self::Impact => "Impact",
            Self::ImpactPerEffort => "Impact ÷ effort",
            Self::ExtraCash => "Extra cash",
        }
    }

    /// What it holds, for its heading's tooltip.
    const fn tooltip(self) -> &'static str {
        match self {
            Self::Title => "What the opportunity is",
            Self::Status => "Idea, planned, doing or done",
            Self::Steps => "The steps it improves",
            Self::CustomerValue => "What it is worth to the customer, 0–100",
            Self::BusinessValue => "What it is worth to the business, 0–100",
            Self::Effort => "How much work it takes, 0–5",
            Self::ValuePerEffort => {
                "The mean of the customer and business values per unit of effort (TheyDo's score); its rank after the slash"
            }
            Self::Impact => {
                "Extra purchases by the end of the Simulation panel's periods: the journey run with the opportunity's change against as drawn"
            }
            Self::ImpactPerEffort => {
                "Extra purchases per unit of effort: the priority by what the loop says it is worth; its rank after the slash"
            }
            Self::ExtraCash => {
                "Extra discounted cash by the end of the Simulation panel's periods (each period's profit discounted at the journey's rate): the journey run with the opportunity's change against as drawn"
            }
        }
    }
}

/// The view's own state: how the list is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpportunitiesState {
    /// The column the list is sorted by.
    pub sort: Column,
    /// Whether the largest (or last in the alphabet) comes first.
    pub descending: bool,
}

impl Default for OpportunitiesState {
    fn default() -> Self {
        Self {
            sort: Column::ImpactPerEffort,
            descending: true,
        }
    }
}

/// One opportunity's row: its figures, worked out once per frame.
struct Row<'a> {
    opportunity: &'a Opportunity,
    value_per_effort: Option<f64>,
    impact: Option<f64>,
    impact_per_effort: Option<f64>,
    /// The extra discounted cash, when money is in the loop.
    cash: Option<f64>,
    /// Its rank by value ÷ effort, 1 first.
    score_rank: Option<usize>,
    /// Its rank by impact ÷ effort, 1 first.
    impact_rank: Option<usize>,
}

impl Row<'_> {
    /// The row's value in `column`, for sorting: a number, or text.
    fn key(&self, column: Column) -> Key {
        let o = self.opportunity;
        let number = |x: Option<f64>| Key::Number(x);
        match column {
            Column::Title => Key::Text(o.display_title().to_lowercase()),
            Column::Status => Key::Number(Some(o.status as usize as f64)),
            Column::Steps => Key::Number(Some(o.steps.len() as f64)),
            Column::CustomerValue => number(o.customer_value.map(f64::from)),
            Column::BusinessValue => number(o.business_value.map(f64::from)),
            Column::Effort => number(o.effort.map(f64::from)),
            Column::ValuePerEffort => number(self.value_per_effort),
            Column::Impact => number(self.impact),
            Column::ImpactPerEffort => number(self.impact_per_effort),
            Column::ExtraCash => number(self.cash),
        }
    }
}

/// A value to sort by.
#[derive(Clone, Debug, PartialEq)]
enum Key {
    Number(Option<f64>),
    Text(String),
}

/// How two rows compare in `column`, `descending` or not; rows without a value come last
/// either way, ties keep the file's order.
fn compare(a: &Key, b: &Key, descending: bool) -> Ordering {
    let order = match (a, b) {
        (Key::Number(Some(a)), Key::Number(Some(b))) => a.total_cmp(b),
        (Key::Number(Some(_)), Key::Number(None)) => return Ordering::Less,
        (Key::Number(None), Key::Number(Some(_))) => return Ordering::Greater,
        (Key::Text(a), Key::Text(b)) => a.cmp(b),
        _ => Ordering::Equal,
    };
    if descending { order.reverse() } else { order }
}

/// The rows of `ctx`'s opportunities with their figures and ranks, in file order.
fn rows<'a>(ctx: &ViewContext<'a>) -> Vec<Row<'a>> {
    let impacts = ctx.impacts;
    let mut rows: Vec<Row<'a>> = ctx
        .doc
        .opportunities()
        .iter()
        .map(|o| {
            let impact = impacts.and_then(|i| i.of(&o.id));
            Row {
                opportunity: o,
                value_per_effort: o.value_per_effort(),
                impact: impact.map(|i| i.extra_purchases),
                impact_per_effort: impact.and_then(|i| i.per_effort(o.effort)),
                cash: impact.and_then(|i| i.extra_discounted_cash),
                score_rank: None,
                impact_rank: None,
            }
        })
        .collect();
    for (pick, set) in [
        (
            (|r: &Row<'_>| r.value_per_effort) as fn(&Row<'_>) -> Option<f64>,
            (|r: &mut Row<'_>, k| r.score_rank = Some(k)) as fn(&mut Row<'_>, usize),
        ),
        (|r| r.impact_per_effort, |r, k| r.impact_rank = Some(k)),
    ] {
        let mut ranked: Vec<(usize, f64)> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, pick(r)?)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (rank, (i, _)) in ranked.into_iter().enumerate() {
            set(&mut rows[i], rank + 1);
        }
    }
    rows
}

/// The ids of the journey's opportunities in the order the list shows them, sorted as
/// `state` says with `impacts` (for tests and the keyboard).
pub fn sorted_ids(ctx: &ViewContext<'_>, state: &OpportunitiesState) -> Vec<String> {
    let mut rows = rows(ctx);
    sort(&mut rows, *state);
    rows.iter().map(|r| r.opportunity.id.clone()).collect()
}

fn sort(rows: &mut [Row<'_>], state: OpportunitiesState) {
    rows.sort_by(|a, b| compare(&a.key(state.sort), &b.key(state.sort), state.descending));
}

/// Draws the view and returns what the user asked for.
pub fn opportunities_ui(
    ui: &mut Ui,
    ctx: &ViewContext<'_>,
    state: &mut OpportunitiesState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let dark = ui.visuals().dark_mode;
    ui.painter()
        .rect_filled(ui.max_rect(), 0.0, theme::canvas_background(dark));
    let frame = egui::Frame::new().inner_margin(egui::Margin::same(10));
    frame.show(ui, |ui| {
        header_ui(ui, ctx, &mut actions);
        let mut rows = rows(ctx);
        if rows.is_empty() {
            ui.add_space(20.0);
            ui.label(
                "No opportunities yet. Promote a step's opportunity in the inspector, or add one \
                 above; score it and give it a change of the loop's numbers to see what it is \
                 worth.",
            );
            return;
        }
        sort(&mut rows, *state);
        let height = (ui.available_height() * 0.45).max(120.0);
        egui::ScrollArea::vertical()
            .id_salt("opportunities-list")
            .max_height(height)
            .auto_shrink([false, true])
            .show(ui, |ui| table_ui(ui, ctx, &rows, state, &mut actions));
        ui.add_space(8.0);
        matrix_ui(ui, ctx, &rows, &mut actions);
    });
    actions
}

fn header_ui(ui: &mut Ui, ctx: &ViewContext<'_>, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Opportunities");
        if ui
            .button("+ Add opportunity")
            .on_hover_text("A new opportunity, linked to the selected steps")
            .clicked()
        {
            let steps: Vec<String> = ctx.selection.steps.iter().cloned().collect();
            let (edit, id) = builders::add_opportunity(ctx.doc, "New opportunity", &steps);
            actions.push(Action::Seal);
            actions.push(Action::Edit(edit));
            actions.push(Action::Seal);
            actions.push(Action::Select(Selection {
                opportunity: Some(id),
                ..Selection::steps(steps)
            }));
        }
        let text = match ctx.impacts {
            Some(impacts) => format!(
                "Impact: extra purchases{} over {} periods (the Simulation panel's), the \
                 journey run with each opportunity's change against as drawn.",
                if impacts.money {
                    ", and extra discounted cash,"
                } else {
                    ""
                },
                impacts.periods
            ),
            None => "Computing the impacts…".to_owned(),
        };
        ui.label(RichText::new(text).weak().small());
    });
    ui.add_space(6.0);
}

fn number(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "–".to_owned(), |x| format!("{x:.decimals$}"))
}

/// An impact with its sign, or a dash when there is none.
fn signed(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), words::signed)
}

fn ranked(x: String, rank: Option<usize>) -> String {
    match rank {
        Some(rank) => format!("{x} / #{rank}"),
        None => x,
    }
}

/// The headings: each a button that sorts by its column (the extra cash only when `money`
/// is in the loop).
fn headings_ui(ui: &mut Ui, state: &mut OpportunitiesState, money: bool) {
    use strum::IntoEnumIterator as _;
    for column in Column::iter().filter(|c| money || *c != Column::ExtraCash) {
        let sorted = state.sort == column;
        let button = ui
            .add(
                egui::Button::new(RichText::new(column.label()).strong())
                    .frame(false)
                    .right_text(if sorted { "   " } else { "" }),
            )
            .on_hover_text(column.tooltip());
        if sorted {
            sort_mark(ui, button.rect, state.descending);
        }
        let name = format!("Sort by {}", column.label());
        button.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, sorted, &name));
        if button.clicked() {
            if sorted {
                state.descending = !state.descending;
            } else {
                state.sort = column;
                // Text reads best A to Z; numbers largest first.
                state.descending = column != Column::Title;
            }
        }
    }
}

fn table_ui(
    ui: &mut Ui,
    ctx: &ViewContext<'_>,
    rows: &[Row<'_>],
    state: &mut OpportunitiesState,
    actions: &mut Vec<Action>,
) {
    let money = money_in_the_loop(ctx.doc);
    egui::Grid::new("opportunities-table")
        .striped(true)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            headings_ui(ui, state, money);
            ui.end_row();
            for row in rows {
                let o = row.opportunity;
                let selected = ctx.selection.has_opportunity(&o.id);
                let disagree = row.score_rank.is_some()
                    && row.impact_rank.is_some()
                    && row.score_rank != row.impact_rank;
                let title = ui
                    .selectable_label(selected, o.display_title())
                    .on_hover_text("Select this opportunity and its steps");
                if title.clicked() {
                    actions.push(Action::Select(Selection::opportunity(ctx.doc, &o.id)));
                }
                // Each figure is named by its column for a screen reader: "Effort: 2".
                let cell = |ui: &mut Ui, column: Column, text: RichText| {
                    let said = format!("{}: {}", column.label(), text.text());
                    let response = ui.label(text);
                    response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &said));
                    response
                };
                let plain = |text: String| RichText::new(text);
                let flag = |text: String| {
                    if disagree {
                        RichText::new(text).color(theme::OFF_TARGET).strong()
                    } else {
                        RichText::new(text)
                    }
                };
                cell(ui, Column::Status, plain(o.status.label().to_owned()));
                cell(ui, Column::Steps, plain(o.steps.len().to_string()))
                    .on_hover_text(step_names(ctx, o));
                for (column, score) in [
                    (Column::CustomerValue, o.customer_value),
                    (Column::BusinessValue, o.business_value),
                    (Column::Effort, o.effort),
                ] {
                    cell(ui, column, plain(number(score.map(f64::from), 0)));
                }
                cell(
                    ui,
                    Column::ValuePerEffort,
                    flag(ranked(number(row.value_per_effort, 1), row.score_rank)),
                );
                let refusal = ctx.impacts.and_then(|i| i.refusal(&o.id));
                let impact = match refusal {
                    Some(_) => "cannot run".to_owned(),
                    None => signed(row.impact),
                };
                let impact_label = cell(ui, Column::Impact, plain(impact));
                if let Some(refusal) = refusal {
                    impact_label.on_hover_text(refusal.to_string());
                }
                cell(
                    ui,
                    Column::ImpactPerEffort,
                    flag(ranked(signed(row.impact_per_effort), row.impact_rank)),
                )
                .on_hover_text(if disagree {
                    "The two priorities disagree: its rank by value ÷ effort is not its rank by \
                     impact ÷ effort"
                } else {
                    "Extra purchases per unit of effort, and its rank"
                });
                if money {
                    let cash = match refusal {
                        Some(_) => "cannot run".to_owned(),
                        None => row.cash.map_or_else(|| "–".to_owned(), signed_money_text),
                    };
                    let cash_label = cell(ui, Column::ExtraCash, plain(cash));
                    if let Some(refusal) = refusal {
                        cash_label.on_hover_text(refusal.to_string());
                    }
                }
                ui.end_row();
            }
        });
}

/// A small triangle at the right of a sorted column's heading: pointing down for largest
/// first, up for smallest first.
fn sort_mark(ui: &Ui, heading: egui::Rect, descending: bool) {
    let centre = egui::pos2(heading.right() - 7.0, heading.center().y);
    let (w, h) = (4.5, 3.5);
    let points = if descending {
        vec![
            centre + egui::vec2(-w, -h),
            centre + egui::vec2(w, -h),
            centre + egui::vec2(0.0, h),
        ]
    } else {
        vec![
            centre + egui::vec2(-w, h),
            centre + egui::vec2(w, h),
            centre + egui::vec2(0.0, -h),
        ]
    };
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        ui.visuals().strong_text_color(),
        egui::Stroke::NONE,
    ));
}

fn step_names(ctx: &ViewContext<'_>, o: &Opportunity) -> String {
    if o.steps.is_empty() {
        return "No steps linked".to_owned();
    }
    o.steps
        .iter()
        .map(|id| ctx.doc.step(id).map_or(id.as_str(), |s| s.title.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The radius of a bubble: 5 points for no impact, up to 26 for the largest, by the square
/// root so that its area follows the impact.
pub fn bubble_radius(impact: f64, largest: f64) -> f32 {
    let share = if largest > 0.0 {
        (impact.max(0.0) / largest).sqrt()
    } else {
        0.0
    };
    5.0 + 21.0 * share as f32
}

/// An opportunity placed in the matrix: at its effort and value, as large as its impact.
struct Bubble<'r, 'a> {
    row: &'r Row<'a>,
    effort: f64,
    value: f64,
    radius: f32,
}

fn matrix_ui(ui: &mut Ui, ctx: &ViewContext<'_>, rows: &[Row<'_>], actions: &mut Vec<Action>) {
    ui.label(RichText::new("Value against effort").strong())
        .on_hover_text("Bubbles sized by the computed impact; click one to select it");
    let largest = rows.iter().filter_map(|r| r.impact).fold(0.0_f64, f64::max);
    let mut bubbles: Vec<Bubble<'_, '_>> = rows
        .iter()
        .filter_map(|row| {
            let o = row.opportunity;
            Some(Bubble {
                row,
                effort: f64::from(o.effort?),
                value: o.value()?,
                radius: bubble_radius(row.impact.unwrap_or(0.0), largest),
            })
        })
        .collect();
    // The largest drawn first, so that a small one on a large one shows and is clicked.
    bubbles.sort_by(|a, b| b.radius.total_cmp(&a.radius));
    let dark = ui.visuals().dark_mode;
    let response = Plot::new("opportunities-matrix")
        .height(ui.available_height().max(160.0))
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_x(-0.3)
        .include_x(5.3)
        .include_y(-4.0)
        .include_y(104.0)
        .x_axis_label("effort")
        .y_axis_label("value")
        .show(ui, |plot| {
            for (i, bubble) in bubbles.iter().enumerate() {
                let o = bubble.row.opportunity;
                let selected = ctx.selection.has_opportunity(&o.id);
                let colour = if selected {
                    theme::selection_color(dark)
                } else {
                    theme::TO_BE
                };
                plot.points(
                    Points::new(o.display_title(), vec![[bubble.effort, bubble.value]])
                        .radius(bubble.radius)
                        .shape(MarkerShape::Circle)
                        .filled(true)
                        .color(colour.gamma_multiply(if selected { 0.9 } else { 0.55 }))
                        .id(("opportunity", i)),
                );
            }
        });
    let name = format!(
        "Value against effort of {} opportunities, bubbles sized by impact",
        bubbles.len()
    );
    response
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &name));
    let on_a_bubble = bubble_buttons(ui, ctx, &bubbles, &response.transform, actions);
    if response.response.clicked() && !on_a_bubble {
        actions.push(Action::Select(Selection::none()));
    }
}

/// Each bubble's title beside it, and the bubble as a button over the chart, named with its
/// figures for a screen reader, that selects its opportunity; whether the pointer is on
/// one.
fn bubble_buttons(
    ui: &Ui,
    ctx: &ViewContext<'_>,
    bubbles: &[Bubble<'_, '_>],
    transform: &egui_plot::PlotTransform,
    actions: &mut Vec<Action>,
) -> bool {
    let frame = *transform.frame();
    let painter = ui.painter_at(frame);
    let font = egui::TextStyle::Small.resolve(ui.style());
    let ink = theme::ink(ui.visuals().dark_mode);
    let mut on_a_bubble = false;
    for bubble in bubbles {
        let o = bubble.row.opportunity;
        let at = transform.position_from_point(&PlotPoint::new(bubble.effort, bubble.value));
        let rect = egui::Rect::from_center_size(at, egui::Vec2::splat(2.0 * bubble.radius + 4.0))
            .intersect(frame);
        if !rect.is_positive() {
            continue;
        }
        painter.text(
            at + egui::vec2(bubble.radius + 4.0, 0.0),
            Align2::LEFT_CENTER,
            o.display_title(),
            font.clone(),
            ink,
        );
        let said = bubble_text(ctx, bubble);
        let response = ui
            .interact(
                rect,
                ui.scope_id().with(("bubble", &o.id)),
                egui::Sense::click(),
            )
            .on_hover_text(&said);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &said));
        // Selected as a card is, so a screen reader says the same in every view.
        let selected = ctx.selection.has_opportunity(&o.id);
        let _ = ui
            .ctx()
            .accesskit_node_builder(response.id, |node| node.set_selected(selected));
        on_a_bubble |= response.hovered();
        if response.clicked() {
            actions.push(Action::Select(Selection::opportunity(ctx.doc, &o.id)));
        }
    }
    on_a_bubble
}

/// What a bubble says: "A photo: value 60, effort 2, impact +255 purchases", with
/// ", +380.99 discounted cash" once money is in the loop.
fn bubble_text(ctx: &ViewContext<'_>, bubble: &Bubble<'_, '_>) -> String {
    let row = bubble.row;
    let impact = match ctx.impacts.and_then(|i| i.refusal(&row.opportunity.id)) {
        Some(_) => "its change cannot run".to_owned(),
        None => match (row.impact, row.cash) {
            (Some(impact), Some(cash)) => format!(
                "impact {} purchases, {} discounted cash",
                signed(Some(impact)),
                signed_money_text(cash)
            ),
            (Some(impact), None) => format!("impact {} purchases", signed(Some(impact))),
            (None, _) => "impact not computed yet".to_owned(),
        },
    };
    format!(
        "{}: value {}, effort {}, {impact}",
        row.opportunity.display_title(),
        crate::model::short_number(bubble.value),
        number(Some(bubble.effort), 0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_without_a_value_sort_last_either_way() {
        let keys = [
            Key::Number(Some(2.0)),
            Key::Number(None),
            Key::Number(Some(5.0)),
        ];
        for descending in [true, false] {
            let mut sorted = keys.to_vec();
            sorted.sort_by(|a, b| compare(a, b, descending));
            assert_eq!(sorted[2], Key::Number(None), "{descending}");
            let first = if descending { 5.0 } else { 2.0 };
            assert_eq!(sorted[0], Key::Number(Some(first)));
        }
    }

    #[test]
    fn bubbles_grow_with_the_square_root_of_the_impact() {
        assert_eq!(bubble_radius(0.0, 100.0), 5.0);
        assert_eq!(bubble_radius(100.0, 100.0), 26.0);
        assert_eq!(bubble_radius(25.0, 100.0), 5.0 + 21.0 * 0.5);
        assert_eq!(
            bubble_radius(-10.0, 100.0),
            5.0,
            "a loss shows as the smallest"
        );
        assert_eq!(bubble_radius(10.0, 0.0), 5.0);
    }
}
