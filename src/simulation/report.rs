//! A simulation written out for people and programs: an aligned table with the summary, CSV
//! (one row per scenario and period) and JSON. The three hold the same per-period numbers.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Leak, LinkGain, Outcome, PerNewcomer, Period, Summary, Viability, has_money};
use crate::model::{Document, Stage, short_number};

/// The per-period columns, in the order of the table and the CSV, with their headers.
pub const COLUMNS: [(&str, &str); 8] = [
    ("reached", "reached"),
    ("new_marketing", "new (marketing)"),
    ("new_referrals", "new (referrals)"),
    ("purchases", "purchases"),
    ("purchases_total", "purchases total"),
    ("lost", "lost"),
    ("moved", "moved"),
    ("stayed", "stayed"),
];

fn values(p: &Period) -> [f64; 8] {
    [
        p.reached,
        p.new_marketing,
        p.new_referrals,
        p.purchases,
        p.purchases_total,
        p.lost,
        p.moved,
        p.stayed,
    ]
}

/// The per-period money columns, after [`COLUMNS`] in the table and the CSV of a journey
/// with money, with their headers.
pub const MONEY_COLUMNS: [(&str, &str); 8] = [
    ("revenue", "revenue"),
    ("purchase_costs", "purchase costs"),
    ("marketing", "marketing"),
    ("serving_costs", "serving costs"),
    ("fixed_costs", "fixed costs"),
    ("profit", "profit"),
    ("cash", "cash"),
    ("discounted_cash", "discounted cash"),
];

fn money_values(p: &Period) -> [f64; 8] {
    [
        p.revenue,
        p.purchase_costs,
        p.marketing,
        p.serving_costs,
        p.fixed_costs,
        p.profit,
        p.cash,
        p.discounted_cash,
    ]
}

/// The CSV header of the stage column: `at_tell`, `at_word_of_mouth`.
fn stage_column(stage: Stage) -> String {
    format!("at_{}", stage.as_str())
}

/// The table for a terminal: per scenario, one row per period with the people at each
/// stage, then the summary and the rankings. Numbers have one decimal.
pub fn table(doc: &Document, outcomes: &[Outcome]) -> String {
    table_with(doc, outcomes, false)
}

/// [`table`] with one column of people per step, headed by the step's id, instead of one
/// per stage. The outcomes must have been run with
/// [`Options::record_steps`](super::Options::record_steps); without the record the step
/// columns are left out.
pub fn table_by_step(doc: &Document, outcomes: &[Outcome]) -> String {
    table_with(doc, outcomes, true)
}

fn table_with(doc: &Document, outcomes: &[Outcome], by_step: bool) -> String {
    let mut out = String::new();
    let n_steps = doc.steps().len();
    let money = has_money(doc);
    for (n, outcome) in outcomes.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "Scenario: {}", outcome.scenario);
        let steps = by_step && outcome.run.at_step.len() == outcome.run.periods.len() * n_steps;
        let mut rows: Vec<Vec<String>> = Vec::with_capacity(outcome.run.periods.len() + 1);
        let mut header = vec!["period".to_owned()];
        header.extend(COLUMNS.iter().map(|(_, h)| (*h).to_owned()));
        if money {
            header.extend(MONEY_COLUMNS.iter().map(|(_, h)| (*h).to_owned()));
        }
        if steps {
            header.extend(doc.steps().iter().map(|s| s.id.clone()));
        } else {
            header.extend(Stage::ALL.iter().map(|s| s.label().to_lowercase()));
        }
        rows.push(header);
        for (i, p) in outcome.run.periods.iter().enumerate() {
            let mut row = vec![(i + 1).to_string()];
            row.extend(values(p).iter().map(|v| format!("{v:.1}")));
            if money {
                row.extend(money_values(p).iter().map(|v| format!("{v:.2}")));
            }
            if steps {
                let at = &outcome.run.at_step[i * n_steps..(i + 1) * n_steps];
                row.extend(at.iter().map(|v| format!("{v:.1}")));
            } else {
                row.extend(p.at_stage.iter().map(|v| format!("{v:.1}")));
            }
            rows.push(row);
        }
        aligned(&mut out, &rows);
        out.push('\n');
        summary_text(&mut out, doc, outcome);
    }
    out
}

/// Rows with every column right-aligned to its widest cell, two spaces apart.
fn aligned(out: &mut String, rows: &[Vec<String>]) {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:>w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
}

fn step_name(doc: &Document, id: &str) -> String {
    doc.step(id)
        .map(|s| s.title.trim())
        .filter(|t| !t.is_empty())
        .map_or_else(|| id.to_owned(), |t| format!("{t} ({id})"))
}

fn link_name(doc: &Document, id: &str) -> String {
    doc.link(id).map_or_else(
        || id.to_owned(),
        |l| {
            let title = |s: &str| {
                doc.step(s)
                    .map(|s| s.title.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| s.to_owned())
            };
            format!("{} → {} ({id})", title(&l.from), title(&l.to))
        },
    )
}

/// K as people read it: `0.42`, `infinite`, or why there is none.
pub fn viral_text(summary: &Summary) -> String {
    match summary.viral_coefficient {
        None => "none (no tell step to enter at)".to_owned(),
        Some(k) if k.is_infinite() => "infinite".to_owned(),
        Some(k) => short_number(k),
    }
}

/// An amount of money as reports show it: whole units with thousands separated by commas
/// from 1,000 on, two decimals below; "infinite" when it is.
pub fn money_text(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "not a number".to_owned()
        } else if x > 0.0 {
            "infinite".to_owned()
        } else {
            "minus infinite".to_owned()
        };
    }
    if x.abs() < 1000.0 {
        return format!("{x:.2}");
    }
    let whole = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 { format!("-{out}") } else { out }
}

/// A gain or loss of money as [`money_text`] shows an amount, with its sign: "+380.99",
/// "−1,250" (a minus sign, not a hyphen), "0.00" for what rounds to nothing.
pub fn signed_money_text(x: f64) -> String {
    let text = money_text(x.abs());
    if text == "0.00" || x.is_nan() {
        text
    } else if x > 0.0 {
        format!("+{text}")
    } else {
        format!("\u{2212}{text}")
    }
}

/// A whole number of people with thousands separated by commas: `180,000`.
pub fn people_text(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The minimum viable audience against the audience size, as one line: "enough: breaks even
/// at 180,000 people within 104 periods; you have 500,000".
pub fn verdict_text(viability: &Viability, audience: Option<u64>, periods: usize) -> String {
    match (viability, audience) {
        (Viability::BreaksEven { size }, Some(have)) => format!(
            "{}: breaks even at {} people within {periods} periods; you have {}",
            if have >= *size {
                "enough"
            } else {
                "not enough"
            },
            people_text(*size),
            people_text(have)
        ),
        (Viability::BreaksEven { size }, None) => format!(
            "breaks even at {} people within {periods} periods; set the audience size to compare",
            people_text(*size)
        ),
        (Viability::NotViable { reason }, _) => {
            format!("not viable at any size within {periods} periods: {reason}")
        }
    }
}

/// The money lines of the summary: per newcomer, per customer, payback, the audience.
pub fn money_lines(outcome: &Outcome) -> Vec<String> {
    let n = &outcome.per_newcomer;
    let periods = outcome.run.periods.len();
    let money = |x: Option<f64>| x.map_or_else(|| "none".to_owned(), money_text);
    let mut lines = vec![format!(
        "per newcomer: value {} (with the people they refer {}), acquisition cost {}",
        money(n.value),
        money(n.value_with_referrals),
        money(n.acquisition_cost)
    )];
    if let Some(chance) = n.buy_chance.filter(|c| *c > 0.0) {
        let ratio = n
            .ltv_to_cac
            .map_or_else(|| "none".to_owned(), |r| format!("{r:.2}"));
        lines.push(format!(
            "per customer ({:.1} % of newcomers buy): LTV {}, CAC {}, LTV/CAC {ratio}",
            chance * 100.0,
            money(n.lifetime_value),
            money(n.customer_acquisition_cost)
        ));
    }
    lines.push(match n.payback_period {
        Some(t) => {
            format!("payback: a cohort of newcomers pays back its acquisition in period {t}")
        }
        None if n.acquisition_cost.is_some_and(|c| c > 0.0) => {
            format!("payback: a cohort of newcomers does not pay back within {periods} periods")
        }
        None => "payback: newcomers cost nothing to bring".to_owned(),
    });
    if let Some(v) = &outcome.viability {
        lines.push(format!(
            "audience: {}",
            verdict_text(v, outcome.summary.audience, periods)
        ));
    }
    lines
}

fn money_summary(out: &mut String, outcome: &Outcome) {
    for line in money_lines(outcome) {
        let _ = writeln!(out, "  {line}");
    }
}

/// Why a run stopped early, as a sentence: the period, K and what to do, or `None` when it ran
/// to the end.
pub fn runaway_text(outcome: &Outcome) -> Option<String> {
    let period = outcome.run.stopped?;
    Some(format!(
        "the run stopped in period {period}: the people counted would exceed 10^300 (K = {}); \
         set an audience size to cap the growth",
        viral_text(&outcome.summary)
    ))
}

fn summary_text(out: &mut String, doc: &Document, outcome: &Outcome) {
    let s = &outcome.summary;
    let periods = outcome.run.periods.len();
    let _ = writeln!(out, "Summary ({})", outcome.scenario);
    if let Some(stopped) = runaway_text(outcome) {
        let _ = writeln!(out, "  {stopped}");
    }
    let sustaining = if s.self_sustaining {
        "self-sustaining: word of mouth alone keeps bringing people"
    } else {
        "not self-sustaining"
    };
    let _ = writeln!(
        out,
        "  viral coefficient K: {} ({sustaining})",
        viral_text(s)
    );
    if let Some(g) = s.growth_per_seed {
        let _ = writeln!(
            out,
            "  a seed of people grows to {} times its size (seed ÷ (1 − K))",
            short_number(g)
        );
    }
    match s.purchases_per_person {
        Some(p) if p.is_infinite() => {
            let _ = writeln!(out, "  purchases per person reached: infinite");
        }
        Some(p) => {
            let _ = writeln!(out, "  purchases per person reached: {}", short_number(p));
        }
        None => {}
    }
    if has_money(doc) {
        money_summary(out, outcome);
    }
    let half = match (s.audience, s.half_audience_period) {
        (None, _) => "audience size not set".to_owned(),
        (Some(_), Some(t)) => format!("in period {t}"),
        (Some(_), None) => format!("not within {periods} periods"),
    };
    let _ = writeln!(out, "  half the audience reached: {half}");
    if !outcome.leaks.is_empty() {
        let _ = writeln!(
            out,
            "Where it leaks (share of everyone reached lost at the step)"
        );
        let rows: Vec<Vec<String>> = outcome
            .leaks
            .iter()
            .enumerate()
            .map(|(i, l)| {
                vec![
                    format!("{}.", i + 1),
                    format!("{:.1} %", l.share * 100.0),
                    format!("{:.1} people", l.lost),
                    step_name(doc, &l.step),
                ]
            })
            .collect();
        ranking(out, &rows);
    }
    match &outcome.link_gains {
        Some(gains) if !gains.is_empty() => {
            let _ = writeln!(
                out,
                "Improve first (purchases gained by period {periods} from raising a link's rate by up to {})",
                short_number(super::RATE_STEP)
            );
            let rows: Vec<Vec<String>> = gains
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    vec![
                        format!("{}.", i + 1),
                        format!("{:+.1}", g.gain),
                        format!("rate +{}", short_number(g.raise)),
                        link_name(doc, &g.link),
                    ]
                })
                .collect();
            ranking(out, &rows);
        }
        Some(_) => {}
        None => {
            let _ = writeln!(out, "Improve first: not ranked (the journey is too large)");
        }
    }
}

/// A ranking: aligned columns, the last one (a name) left-aligned.
fn ranking(out: &mut String, rows: &[Vec<String>]) {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::from("  ");
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == columns {
                line.push_str(cell);
            } else {
                let w = widths[c];
                let _ = write!(line, "{cell:>w$}  ");
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
}

/// CSV: a header, then one row per scenario and period: the totals, the people at each
/// stage, and, when the run recorded them, the people at and lost at each step
/// (`at:ID`, `lost:ID`).
pub fn csv(doc: &Document, outcomes: &[Outcome]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let steps = outcomes.iter().all(|o| !o.run.at_step.is_empty()) && !doc.steps().is_empty();
    let mut header: Vec<String> = vec!["scenario".into(), "period".into()];
    header.extend(COLUMNS.iter().map(|(c, _)| (*c).to_owned()));
    let money = has_money(doc);
    if money {
        header.extend(MONEY_COLUMNS.iter().map(|(c, _)| (*c).to_owned()));
    }
    header.extend(Stage::ALL.iter().map(|s| stage_column(*s)));
    if steps {
        header.extend(doc.steps().iter().map(|s| format!("at:{}", s.id)));
        header.extend(doc.steps().iter().map(|s| format!("lost:{}", s.id)));
    }
    writer.write_record(&header)?;
    let n = doc.steps().len();
    for outcome in outcomes {
        for (i, p) in outcome.run.periods.iter().enumerate() {
            let mut row = vec![outcome.scenario.clone(), (i + 1).to_string()];
            row.extend(values(p).iter().map(f64::to_string));
            if money {
                row.extend(money_values(p).iter().map(f64::to_string));
            }
            row.extend(p.at_stage.iter().map(f64::to_string));
            if steps {
                let at = &outcome.run.at_step[i * n..(i + 1) * n];
                let lost = &outcome.run.lost_at_step_per_period[i * n..(i + 1) * n];
                row.extend(at.iter().map(f64::to_string));
                row.extend(lost.iter().map(f64::to_string));
            }
            writer.write_record(&row)?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[derive(Serialize)]
struct JsonRun<'a> {
    scenario: &'a str,
    stopped: Option<usize>,
    summary: &'a Summary,
    per_newcomer: &'a PerNewcomer,
    minimum_viable_audience: Option<&'a Viability>,
    periods: Vec<JsonPeriod<'a>>,
    leaks: &'a [Leak],
    link_gains: Option<&'a [LinkGain]>,
}

#[derive(Serialize)]
struct JsonPeriod<'a> {
    period: usize,
    #[serde(flatten)]
    totals: &'a Period,
    #[serde(skip_serializing_if = "Option::is_none")]
    at_step: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lost_at_step: Option<serde_json::Map<String, serde_json::Value>>,
}

/// JSON: `{"runs": [{"scenario", "stopped", "summary", "periods": [...], "leaks",
/// "link_gains"}]}` (every field is named in docs/simulation.md).
/// Infinite values (K when people can stay forever where they bring others) are `null`.
pub fn json(doc: &Document, outcomes: &[Outcome]) -> String {
    let n = doc.steps().len();
    let by_step = |values: &[f64]| -> serde_json::Map<String, serde_json::Value> {
        doc.steps()
            .iter()
            .zip(values)
            .map(|(s, v)| (s.id.clone(), serde_json::Value::from(*v)))
            .collect()
    };
    let runs: Vec<JsonRun<'_>> = outcomes
        .iter()
        .map(|o| JsonRun {
            scenario: &o.scenario,
            stopped: o.run.stopped,
            summary: &o.summary,
            per_newcomer: &o.per_newcomer,
            minimum_viable_audience: o.viability.as_ref(),
            periods: o
                .run
                .periods
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let recorded = !o.run.at_step.is_empty() && n > 0;
                    JsonPeriod {
                        period: i + 1,
                        totals: p,
                        at_step: recorded.then(|| by_step(&o.run.at_step[i * n..(i + 1) * n])),
                        lost_at_step: recorded
                            .then(|| by_step(&o.run.lost_at_step_per_period[i * n..(i + 1) * n])),
                    }
                })
                .collect(),
            leaks: &o.leaks,
            link_gains: o.link_gains.as_deref(),
        })
        .collect();
    let mut text =
        serde_json::to_string_pretty(&serde_json::json!({ "runs": runs })).unwrap_or_default();
    text.push('\n');
    text
}
