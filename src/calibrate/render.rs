//! A [`Report`] as `journey-designer fit` prints it: an aligned table for a terminal, CSV
//! (one row per number, drawn against observed) or JSON (everything).

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::fit::{Observed, Report};

/// How many unmapped event names the table shows.
const SHOWN_UNMAPPED: usize = 10;

/// A share or a count as the table shows it: three decimals below 10, else one.
fn number(x: f64) -> String {
    if x.is_infinite() {
        "infinite".to_owned()
    } else if x.abs() < 10.0 {
        format!("{x:.3}")
    } else {
        format!("{x:.1}")
    }
}

/// The ends of an interval as `write` puts a number with some decimals: three, or up to six
/// when fewer would make the two ends read alike, an end above 0 read as 0, or a drawn number
/// outside the interval read as one of its ends ("0.000 to 0.000" would hide that a drawn 0
/// lies outside 0.00001 to 0.0003).
pub fn interval_ends(
    low: f64,
    high: f64,
    drawn: f64,
    write: impl Fn(f64, usize) -> String,
) -> (String, String) {
    let outside = drawn < low || drawn > high;
    let zero = write(0.0, 3);
    let mut decimals = 3;
    loop {
        let (a, b, at) = (
            write(low, decimals),
            write(high, decimals),
            write(drawn, decimals),
        );
        let alike = a == b && low != high;
        let hidden = (low > 0.0 && a == zero) || (high > 0.0 && b == zero);
        let blurred = outside && (at == a || at == b);
        if !(alike || hidden || blurred) || decimals == 6 {
            return (a, b);
        }
        decimals += 1;
    }
}

/// [`number`] with `decimals` decimals below 10.
fn number_with(x: f64, decimals: usize) -> String {
    if x.abs() < 10.0 {
        format!("{x:.decimals$}")
    } else {
        number(x)
    }
}

/// The first day of period `p` (UTC), for the heading.
fn day(p: i64, period_seconds: u64) -> String {
    let seconds = i64::try_from(period_seconds)
        .unwrap_or(i64::MAX)
        .saturating_mul(p);
    jiff::Timestamp::from_second(seconds).map_or_else(
        |_| format!("period {p}"),
        |t| {
            t.strftime("%Y-%m-%d %H:%M")
                .to_string()
                .trim_end_matches(" 00:00")
                .to_owned()
        },
    )
}

/// The heading: what was read and which periods the fit counted.
fn heading(r: &Report) -> String {
    let mut out = String::new();
    let length = match r.period_seconds {
        s if s % 604_800 == 0 => format!("{}w", s / 604_800),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s => format!("{}h", s / 3600),
    };
    match r.span {
        Some((first, last)) => {
            let _ = writeln!(
                out,
                "{} events read, {} mapped to steps; periods of {length} from {} to {}, {} of them \
                 counted; a person silent for {} has left",
                r.events,
                r.mapped_events,
                day(first, r.period_seconds),
                day(last, r.period_seconds),
                r.counted_periods,
                crate::model::plural(r.lost_after as usize, "period")
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{} events read; none maps to a step of the journey",
                r.events
            );
        }
    }
    if r.sorted_in_memory {
        out.push_str("The log was not in time order; it was sorted in memory.\n");
    }
    out
}

/// The report as an aligned table with its lists, for a terminal.
pub fn table(r: &Report) -> String {
    let mut out = heading(r);
    let differences = r.differences();
    if !differences.is_empty() {
        out.push_str("\nDrawn against observed, biggest differences first:\n");
        let rows: Vec<[String; 6]> = differences
            .iter()
            .map(|d| {
                let o = d.observed;
                [
                    d.what.clone(),
                    number(d.drawn),
                    number(o.value),
                    {
                        let (low, high) = interval_ends(o.low, o.high, d.drawn, number_with);
                        format!("{low} to {high}")
                    },
                    o.count.to_string(),
                    if o.excludes(d.drawn) {
                        "drawn outside".to_owned()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        let head = [
            "number".to_owned(),
            "drawn".to_owned(),
            "observed".to_owned(),
            "95 % interval".to_owned(),
            "count".to_owned(),
            String::new(),
        ];
        aligned(&mut out, &head, &rows);
    }
    // A budget sets these steps' reach: what a person reached cost, going by the log.
    for s in &r.steps {
        if let (Some(cost), Some(reach)) = (s.cost_per_reach, s.reach) {
            let _ = writeln!(
                out,
                "\n{:?} reaches {} a period on its marketing budget as observed ({} as drawn): \
                 {} per person reached, which --out writes as its cost per reach.",
                s.id,
                number(reach.value),
                number(s.drawn_reach),
                number(cost)
            );
        }
    }
    let leaks = r.leaks();
    if !leaks.is_empty() {
        out.push_str("\nWhere it leaks, most people lost first:\n");
        let rows: Vec<[String; 5]> = leaks
            .iter()
            .map(|s| {
                [
                    s.id.clone(),
                    s.lost.to_string(),
                    s.leak.map_or_else(String::new, |o| number(o.value)),
                    s.removal_effect.map_or_else(String::new, number),
                    s.credited.map_or_else(String::new, number),
                ]
            })
            .collect();
        let head = [
            "step".to_owned(),
            "lost".to_owned(),
            "leak".to_owned(),
            "removal effect".to_owned(),
            "purchases credited".to_owned(),
        ];
        aligned(&mut out, &head, &rows);
    }
    if let Some(p) = r.purchase_probability {
        let _ = writeln!(
            out,
            "\nA newcomer buys with probability {} under the observed numbers; {} purchases seen.",
            number(p),
            r.purchases
        );
    }
    lists(&mut out, r);
    out
}

/// What the fit could not use: unmapped steps and events, moves no link joins, clashes
/// and skipped rows.
fn lists(out: &mut String, r: &Report) {
    if !r.unmapped_steps.is_empty() {
        let _ = writeln!(
            out,
            "\nSteps no event maps to: {}",
            r.unmapped_steps.join(", ")
        );
    }
    if !r.unmapped_events.is_empty() {
        out.push_str("\nMost frequent events no step maps (add them to a step's events):\n");
        let rows: Vec<[String; 2]> = r
            .unmapped_events
            .iter()
            .take(SHOWN_UNMAPPED)
            .map(|(name, n)| [name.clone(), n.to_string()])
            .collect();
        aligned(out, &["event".to_owned(), "count".to_owned()], &rows);
        if r.unmapped_events.len() > SHOWN_UNMAPPED {
            let _ = writeln!(
                out,
                "  … and {} more",
                r.unmapped_events.len() - SHOWN_UNMAPPED
            );
        }
    }
    if !r.unlinked_moves.is_empty() {
        out.push_str("\nMoves that no link joins (counted in the leak):\n");
        for (from, to, n) in &r.unlinked_moves {
            let _ = writeln!(out, "  {from} → {to}: {n}");
        }
    }
    for (pattern, steps) in &r.clashes {
        let _ = writeln!(
            out,
            "\n{pattern:?} is listed by {}; {} gets its events",
            steps.join(", "),
            steps.first().map_or("", String::as_str)
        );
    }
    if r.skipped.count > 0 {
        let _ = writeln!(
            out,
            "\nSkipped {}:",
            crate::model::plural(
                usize::try_from(r.skipped.count).unwrap_or(usize::MAX),
                "bad row"
            )
        );
        for bad in &r.skipped.first {
            let _ = writeln!(out, "  {bad}");
        }
    }
}

/// Rows under a heading, each column as wide as its widest cell.
fn aligned<const N: usize>(out: &mut String, head: &[String; N], rows: &[[String; N]]) {
    let mut widths = [0usize; N];
    for row in std::iter::once(head).chain(rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(head).chain(rows) {
        let mut line = String::from(" ");
        for (cell, w) in row.iter().zip(widths) {
            let _ = write!(line, " {cell:<w$}");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// One row per number drawn and observed, biggest differences first:
/// `number,id,field,drawn,observed,low,high,count,outside`.
pub fn csv(r: &Report) -> String {
    let mut out = String::from("id,field,drawn,observed,low,high,count,outside\n");
    for d in r.differences() {
        let o = d.observed;
        let id = if d.id.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", d.id.replace('"', "\"\""))
        } else {
            d.id.clone()
        };
        let _ = writeln!(
            out,
            "{id},{},{},{},{},{},{},{}",
            d.field,
            d.drawn,
            o.value,
            o.low,
            o.high,
            o.count,
            o.excludes(d.drawn)
        );
    }
    out
}

fn observed(o: Option<Observed>) -> Value {
    o.map_or(
        Value::Null,
        |o| json!({"value": o.value, "low": o.low, "high": o.high, "count": o.count}),
    )
}

/// Everything, for programs.
pub fn json(r: &Report) -> Value {
    let steps: Vec<Value> = r
        .steps
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "stage": s.stage.as_str(),
                "events": s.events,
                "at": s.at,
                "lost": s.lost,
                "entered": s.entered,
                "stay": {"drawn": s.drawn_stay, "observed": observed(s.stay)},
                "leak": {"drawn": s.drawn_leak, "observed": observed(s.leak)},
                "reach": {"drawn": s.drawn_reach, "observed": observed(s.reach)},
                "cost_per_reach": s.cost_per_reach,
                "referrals": {"drawn": s.drawn_referrals, "observed": observed(s.referrals)},
                "removal_effect": s.removal_effect,
                "purchases_credited": s.credited,
            })
        })
        .collect();
    let links: Vec<Value> = r
        .links
        .iter()
        .map(|l| {
            json!({
                "id": l.id, "from": l.from, "to": l.to, "moved": l.moved,
                "rate": {"drawn": l.drawn, "observed": observed(l.rate)},
            })
        })
        .collect();
    let differences: Vec<Value> = r
        .differences()
        .iter()
        .map(|d| {
            json!({
                "id": d.id, "field": d.field, "drawn": d.drawn,
                "observed": observed(Some(d.observed)),
                "outside": d.observed.excludes(d.drawn),
            })
        })
        .collect();
    json!({
        "period_seconds": r.period_seconds,
        "lost_after": r.lost_after,
        "first_period": r.span.map(|s| s.0),
        "last_period": r.span.map(|s| s.1),
        "counted_periods": r.counted_periods,
        "events": r.events,
        "mapped_events": r.mapped_events,
        "has_referrer": r.has_referrer,
        "steps": steps,
        "links": links,
        "differences": differences,
        "leaks": r.leaks().iter().map(|s| json!({"step": s.id, "lost": s.lost, "removal_effect": s.removal_effect})).collect::<Vec<_>>(),
        "purchase_probability": r.purchase_probability,
        "purchases": r.purchases,
        "unmapped_steps": r.unmapped_steps,
        "unmapped_events": r.unmapped_events.iter().map(|(n, c)| json!({"event": n, "count": c})).collect::<Vec<_>>(),
        "unlinked_moves": r.unlinked_moves.iter().map(|(f, t, n)| json!({"from": f, "to": t, "people": n})).collect::<Vec<_>>(),
        "referred_from_nowhere": r.referred_from_nowhere,
        "skipped_rows": r.skipped.count,
        "skipped": r.skipped.first.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_is_written_with_the_decimals_that_tell_it_apart() {
        let ends = |low, high, drawn| interval_ends(low, high, drawn, number_with);
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(ends(0.1234, 0.5678, 0.3), pair("0.123", "0.568"));
        // A drawn 0 outside a narrow interval near 0, and a drawn 1 just above one near 1.
        assert_eq!(ends(0.000_012, 0.000_31, 0.0), pair("0.00001", "0.00031"));
        assert_eq!(ends(0.999_74, 0.999_99, 1.0), pair("0.99974", "0.99999"));
        assert_eq!(ends(0.5912, 0.599_74, 0.6), pair("0.5912", "0.5997"));
        // Nothing to tell apart: three decimals; six at most.
        assert_eq!(ends(0.0, 0.0, 0.0), pair("0.000", "0.000"));
        assert_eq!(ends(0.0, 1e-9, 0.0), pair("0.000000", "0.000000"));
        assert_eq!(ends(1143.71, 1162.44, 1100.0), pair("1143.7", "1162.4"));
    }
}
