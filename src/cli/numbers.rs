//! The commands that compute numbers: simulate, sample and fit.

use std::process::ExitCode;

use anyhow::Context as _;
use journey_designer::{calibrate, format, model, simulation};

use super::args::{FitArgs, Output};
use super::files::{load, located};

/// What `simulate` was asked for.
pub(crate) struct SimulateRun<'a> {
    pub(crate) periods: usize,
    pub(crate) scenarios: &'a [String],
    pub(crate) output: Output,
    pub(crate) by_step: bool,
    pub(crate) seed: f64,
}

pub(crate) fn simulate(path: &std::path::Path, asked: &SimulateRun<'_>) -> anyhow::Result<()> {
    if asked.by_step && !matches!(asked.output, Output::Table) {
        anyhow::bail!("--by-step applies to the table only; CSV and JSON have every step");
    }
    let doc = format::load_file(path).map_err(|e| anyhow::anyhow!(located(&e)))?;
    let names: Vec<&str> = if asked.scenarios.is_empty() {
        vec![simulation::AS_DRAWN]
    } else {
        asked.scenarios.iter().map(String::as_str).collect()
    };
    let options = simulation::Options {
        periods: asked.periods,
        seed: asked.seed,
        record_steps: asked.by_step || !matches!(asked.output, Output::Table),
        rank_links: true,
    };
    let mut outcomes = Vec::with_capacity(names.len());
    for name in names {
        let outcome = simulation::simulate(&doc, Some(name), &options)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        outcomes.push(outcome);
    }
    let text = match asked.output {
        Output::Table if asked.by_step => simulation::report::table_by_step(&doc, &outcomes),
        Output::Table => simulation::report::table(&doc, &outcomes),
        Output::Csv => simulation::report::csv(&doc, &outcomes)?,
        Output::Json => simulation::report::json(&doc, &outcomes),
    };
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, text.as_bytes()).context("cannot write the result")?;
    // A run that stopped early still prints the periods it has; the warning says why.
    for outcome in &outcomes {
        if let Some(why) = simulation::report::runaway_text(outcome) {
            eprintln!("{}: warning: {:?}: {why}", path.display(), outcome.scenario);
        }
    }
    Ok(())
}

/// Draws a log from the journey at `path` and writes it to `out` (atomically: the file
/// appears once complete) or to standard output.
pub(crate) fn sample(
    path: &std::path::Path,
    options: &calibrate::sample::Options,
    format: calibrate::sample::LogFormat,
    out: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let doc = load(path)?;
    let plan = calibrate::sample::Plan::new(&doc, options)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    if plan.scale() != 1.0 {
        // A fit of the log finds the reach drawn from, not the journey's: say which it is.
        let reach: Vec<String> = plan
            .tells()
            .iter()
            .zip(plan.reach(1))
            .map(|(&t, r)| format!("{:?} {r:.1}", doc.steps()[t as usize].id))
            .collect();
        eprintln!(
            "{}: note: reach scaled by {:.4} to reach {} people: {} per period at first",
            path.display(),
            plan.scale(),
            options.people.unwrap_or_default(),
            reach.join(", ")
        );
    }
    let Some(out) = out else {
        let mut stdout = std::io::stdout().lock();
        return match plan.write(&mut stdout, format) {
            // A reader that stops early (`| head`) has all it wanted.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map(drop).context("cannot write the log"),
        };
    };
    let cannot = |e: std::io::Error| {
        anyhow::anyhow!("cannot write {}: {}", out.display(), format::io_reason(&e))
    };
    let written =
        format::write_atomic_streamed(out, |file| plan.write(file, format)).map_err(cannot)?;
    let people = match written.people {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    };
    eprintln!(
        "{}: {} of {people} over {} ({:.1} MB)",
        out.display(),
        model::plural(written.events as usize, "event"),
        model::plural(options.periods, "period"),
        written.bytes as f64 / 1e6
    );
    Ok(())
}

pub(crate) fn fit(args: &FitArgs) -> anyhow::Result<ExitCode> {
    if args.scenario.is_some() && args.out.is_none() {
        anyhow::bail!("--scenario needs --out FITTED.json: the file the scenario is added to");
    }
    if args.logs.is_empty() && args.counts.is_none() {
        anyhow::bail!("give the event logs to fit to, or --counts COUNTS.csv");
    }
    let doc = load(&args.journey)?;
    let mut written_counts = None;
    let options = calibrate::Options {
        period_seconds: args.period_length,
        columns: calibrate::Columns {
            person: args.person.clone(),
            time: args.time.clone(),
            event: args.event.clone(),
            referrer: args.referrer.clone(),
        },
        lost_after: args.lost_after,
        skip_bad_rows: args.skip_bad_rows,
    };
    let fitted = if let Some(path) = &args.counts {
        calibrate::fit_counts(&doc, path, &options)
    } else {
        let mut no_progress = |_| std::ops::ControlFlow::Continue(());
        calibrate::count_logs(&doc, &args.logs, &options, &mut no_progress)
            .map(|(counts, facts)| {
                let report = calibrate::fit::fit(
                    &doc,
                    &counts,
                    options.lost_after,
                    options.period_seconds,
                    facts,
                );
                (report, Some(counts))
            })
            .map(|(report, counts)| {
                written_counts = counts;
                report
            })
    };
    if let (Some(path), Some(counts)) = (&args.write_counts, &written_counts) {
        format::write_atomic(path, counts.to_csv().as_bytes()).map_err(|e| {
            anyhow::anyhow!("cannot write {}: {}", path.display(), format::io_reason(&e))
        })?;
    }
    let report = match fitted {
        Ok(report) => report,
        Err(err) => {
            // A located error, as `check` prints them: the place first.
            eprintln!("{err}");
            return Ok(ExitCode::FAILURE);
        }
    };
    if let Some(out) = &args.out {
        let fitted = report.fitted();
        let edit = match &args.scenario {
            Some(name) => model::builders::observed_scenario(&doc, &fitted, name),
            None => model::builders::use_observed(&doc, &fitted),
        }
        .map_err(|e| anyhow::anyhow!("nothing written to {}: {e}", out.display()))?;
        let mut result = doc.clone();
        let _undo = edit
            .apply(&mut result)
            .map_err(|e| anyhow::anyhow!("nothing written to {}: {e}", out.display()))?;
        format::write_atomic(out, format::to_string(&result).as_bytes()).map_err(|e| {
            anyhow::anyhow!("cannot write {}: {}", out.display(), format::io_reason(&e))
        })?;
    }
    let text = match args.format {
        Output::Table => calibrate::render::table(&report),
        Output::Csv => calibrate::render::csv(&report),
        Output::Json => format!("{:#}\n", calibrate::render::json(&report)),
    };
    let mut stdout = std::io::stdout().lock();
    std::io::Write::write_all(&mut stdout, text.as_bytes()).context("cannot write the report")?;
    Ok(ExitCode::SUCCESS)
}
