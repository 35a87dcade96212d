//! One run of every measurement, printed as Markdown tables:
//! `cargo run --release --example perf_report`.
//!
//! Frames are drawn headless through egui (`run_ui` + `tessellate`) at 1280×800 on one
//! thread. Memory is read from `/proc/self/statm` in a fresh process per journey (Linux only),
//! and the heap that journey holds is counted by this report's allocator, which counts the
//! bytes it hands out in that process only.
//! `perf_report --write FILE STEPS` writes a generated journey instead, to open in the app;
//! `perf_report --exports` prints only the export table.
//! `perf_report --navigation` prints only the find and minimap tables.
//! `perf_report --files` prints only the open and save table.
//! `perf_report --together` prints only the diff and merge table.
//! `perf_report --blueprint` prints only the blueprint map and opportunity impact tables.
//! `perf_report --sample` prints only the table of drawing event logs (`journey-designer
//! sample`): 10 million events from two templates, in a fresh process each.
//! `perf_report --debts` prints only the find, recovery and memory tables and, as the full
//! report does at its end, those three figures beside their goals.

#![expect(clippy::print_stdout, reason = "the report is printed")]
#![expect(
    clippy::unwrap_used,
    reason = "a report on generated data fails loudly"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use journey_designer::format;
use journey_designer::layout::map as map_layout;
use journey_designer::model::generate;
use journey_designer::perf::{self, Drawing, FrameBench, Zoom};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const SEED: u64 = 42;

/// The system allocator, counting what the heap holds once [`COUNTING`] is on (in the process
/// that measures memory; elsewhere it costs one load per call).
struct Counting;

/// Whether [`Counting`] counts.
static COUNTING: AtomicBool = AtomicBool::new(false);
/// Bytes the heap holds, as asked for (not what the allocator rounds them up to).
static HELD: AtomicUsize = AtomicUsize::new(0);
/// Blocks the heap holds.
static BLOCKS: AtomicUsize = AtomicUsize::new(0);
/// The most bytes held at once.
static PEAK: AtomicUsize = AtomicUsize::new(0);

impl Counting {
    fn added(size: usize) {
        if COUNTING.load(Ordering::Relaxed) {
            let held = HELD.fetch_add(size, Ordering::Relaxed) + size;
            BLOCKS.fetch_add(1, Ordering::Relaxed);
            PEAK.fetch_max(held, Ordering::Relaxed);
        }
    }

    fn removed(size: usize) {
        if COUNTING.load(Ordering::Relaxed) {
            HELD.fetch_sub(size, Ordering::Relaxed);
            BLOCKS.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

#[expect(
    unsafe_code,
    reason = "a global allocator is an unsafe trait; this one hands every call on to the system allocator unchanged and only counts"
)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's promises about `layout` are passed on as they are.
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            Self::added(layout.size());
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let block = unsafe { System.alloc_zeroed(layout) };
        if !block.is_null() {
            Self::added(layout.size());
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: `block` came from `System` with this `layout`, as the caller promises.
        unsafe { System.dealloc(block, layout) };
        Self::removed(layout.size());
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and the caller's promises about `size`.
        let moved = unsafe { System.realloc(block, layout, size) };
        if !moved.is_null() {
            Self::removed(layout.size());
            Self::added(size);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What the heap holds now: bytes, blocks, and the most bytes since the counting started.
fn heap() -> (usize, usize, usize) {
    (
        HELD.load(Ordering::Relaxed),
        BLOCKS.load(Ordering::Relaxed),
        PEAK.load(Ordering::Relaxed),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, path, steps] = args.as_slice()
        && flag == "--memory-of"
    {
        memory_child(path, steps.parse().unwrap());
        return;
    }
    if let [_, flag, template, events, path] = args.as_slice()
        && flag == "--sample-of"
    {
        sample_child(template, events.parse().unwrap(), path);
        return;
    }
    if args.get(1).is_some_and(|a| a == "--sample") {
        // Only the sampler's table: `perf_report --sample`.
        sample_speed();
        return;
    }
    if let [_, flag, path, steps] = args.as_slice()
        && flag == "--write"
    {
        // Writes a generated journey, to open in the app: `--write big.json 10000`.
        let steps = steps.parse().unwrap();
        format::save_file(
            std::path::Path::new(path),
            &generate::journey(steps, steps, SEED),
        )
        .unwrap();
        return;
    }
    if let [_, flag] = args.as_slice()
        && flag == "--map"
    {
        // Only the journey map's table: `--map`.
        map_frames();
        return;
    }
    if args.get(1).is_some_and(|a| a == "--blueprint") {
        // Only the blueprint's tables: `perf_report --blueprint`.
        blueprint_frames();
        impacts();
        return;
    }
    if args.get(1).is_some_and(|a| a == "--exports") {
        // Only the export table: `perf_report --exports`.
        exports();
        return;
    }
    println!("Journeys from `generate::journey(n, n, {SEED})`: n steps and n links.\n");
    if args.get(1).is_some_and(|a| a == "--simulation") {
        // Only the simulation's rows: `perf_report --simulation`.
        simulation();
        return;
    }
    if args.get(1).is_some_and(|a| a == "--files") {
        // Only the open and save table: `perf_report --files`.
        files();
        return;
    }
    if args.get(1).is_some_and(|a| a == "--together") {
        // Only the diff and merge table: `perf_report --together`.
        together();
        return;
    }
    if args.get(1).is_some_and(|a| a == "--navigation") {
        // Only the find and minimap tables: `perf_report --navigation`.
        search();
        minimap();
        return;
    }
    if args.get(1).is_some_and(|a| a == "--debts") {
        // Only what the three goals below are about: `perf_report --debts`.
        let debts = [search(), recovery(), memory()];
        goals(&debts);
        return;
    }
    frames();
    map_frames();
    blueprint_frames();
    impacts();
    let search = search();
    minimap();
    files();
    together();
    let recovery = recovery();
    exports();
    let memory = memory();
    simulation();
    sample_speed();
    goals(&[search, recovery, memory]);
}

/// Drawing event logs: 10 million events from two templates, each in a fresh process (its
/// peak resident memory is the log's), into nothing (the sampler alone) and into a file on
/// disk; and, as a baseline in the same run, writing a file of the same size from memory.
fn sample_speed() {
    println!("### Drawing an event log (`journey-designer sample`, one core)\n");
    println!(
        "| template | events | people | most at once | CSV | processor time (into nothing) | MB/s | into a file, on the clock | MB/s | the same bytes from memory to a file | peak resident memory |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    for template in ["Service loop", "Stripe"] {
        let path = dir.path().join("log.csv");
        let out = Command::new(&exe)
            .args(["--sample-of", template, "10000000"])
            .arg(&path)
            .output()
            .unwrap();
        let figures = String::from_utf8_lossy(&out.stdout).into_owned();
        let f: Vec<f64> = figures
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        std::fs::remove_file(&path).unwrap();
        let [events, people, most, bytes, cpu, clock, copy, peak] = f[..] else {
            panic!("the sampling process printed {figures:?}");
        };
        let mb = bytes / 1e6;
        println!(
            "| {template} | {events:.0} | {people:.0} | {most:.0} | {mb:.0} MB | {cpu:.2} s | **{:.0}** | {clock:.2} s | {:.0} | {copy:.2} s ({:.0} MB/s) | {:.1} MB |",
            mb / cpu,
            mb / clock,
            mb / copy,
            peak / 1e6
        );
    }
    println!();
}

/// One line of figures for [`sample_speed`]: draws about `events` events from the template
/// named `template` into nothing, then the same log into the file `path`, then copies it.
fn sample_child(template: &str, events: u64, path: &str) {
    use journey_designer::calibrate::sample::{LogFormat, Options, Plan};
    use std::time::Instant;

    let doc = format::TEMPLATES
        .iter()
        .find(|t| t.name.starts_with(template))
        .unwrap()
        .load()
        .unwrap();
    // Events per person, from a small log of the same journey.
    let small = Plan::new(&doc, &Options::new(100_000, 52)).unwrap();
    let per_person = small
        .write(&mut std::io::sink(), LogFormat::Csv)
        .unwrap()
        .events as f64
        / 100_000.0;
    let people = (events as f64 / per_person).round() as u64;
    let plan = Plan::new(&doc, &Options::new(people, 52)).unwrap();
    let mut most = 0;
    let mut draw = plan.draw();
    while let Some(period) = draw.next_period() {
        most = most.max(period.len());
    }
    let start = perf::thread_time();
    let written = plan.write(&mut std::io::sink(), LogFormat::Csv).unwrap();
    let cpu = perf::thread_time().saturating_sub(start).as_secs_f64();
    let start = Instant::now();
    let to_file = format::write_atomic_streamed(std::path::Path::new(path), |file| {
        plan.write(file, LogFormat::Csv)
    })
    .unwrap();
    let clock = start.elapsed().as_secs_f64();
    assert_eq!(to_file, written);
    let peak = peak_resident().unwrap_or(0);
    // The baseline: as many bytes written from memory, a mebibyte at a time.
    let chunk = vec![b'x'; 1 << 20];
    let copy = std::path::Path::new(path).with_extension("copy");
    let start = Instant::now();
    format::write_atomic_streamed(&copy, |file| {
        let mut left = written.bytes as usize;
        while left > 0 {
            let n = left.min(chunk.len());
            std::io::Write::write_all(file, &chunk[..n])?;
            left -= n;
        }
        Ok(())
    })
    .unwrap();
    let copied = start.elapsed().as_secs_f64();
    std::fs::remove_file(&copy).unwrap();
    println!(
        "{} {} {most} {} {cpu} {clock} {copied} {peak}",
        written.events, written.people, written.bytes
    );
}

/// The most memory this process has held resident (`VmHWM`, Linux only).
fn peak_resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// One figure measured against its goal, and against a baseline taken in the same run.
struct Debt {
    what: &'static str,
    now: String,
    goal: &'static str,
    met: bool,
    baseline: String,
}

/// The figures of the performance debts, each beside its goal.
fn goals(debts: &[Debt]) {
    println!("### Goals (100,000 steps + 100,000 links)\n");
    println!("| figure | now | goal | met | baseline in this run |");
    println!("|---|---:|---:|---|---|");
    for debt in debts {
        println!(
            "| {} | **{}** | {} | {} | {} |",
            debt.what,
            debt.now,
            debt.goal,
            if debt.met { "yes" } else { "**no**" },
            debt.baseline
        );
    }
    println!();
}

/// `doc` as one person's edit of it: every 100th step (from `offset`) retitled with new
/// notes, every 200th (from `offset + 50`) removed with its links, a hundredth as many new
/// steps added and linked.
fn edit_of(
    doc: &journey_designer::model::Document,
    offset: usize,
    tag: &str,
) -> journey_designer::model::Document {
    use journey_designer::model::{Link, Stage, Step};
    let n = doc.steps().len();
    let removed = |i: usize| i % 200 == (offset + 50) % 200;
    let gone: std::collections::HashSet<&str> = doc
        .steps()
        .iter()
        .enumerate()
        .filter(|(i, _)| removed(*i))
        .map(|(_, s)| s.id.as_str())
        .collect();
    let mut steps: Vec<Step> = Vec::with_capacity(n + n / 100);
    for (i, s) in doc.steps().iter().enumerate() {
        if removed(i) {
            continue;
        }
        let mut s = Step::clone(s);
        if i % 100 == offset % 100 {
            s.title = format!("{} ({tag})", s.title);
            s.notes = format!("Changed by {tag}.");
        }
        steps.push(s);
    }
    let mut links: Vec<Link> = doc
        .links()
        .iter()
        .filter(|l| !gone.contains(l.from.as_str()) && !gone.contains(l.to.as_str()))
        .map(|l| Link::clone(l))
        .collect();
    for k in 0..(n / 100).max(1) {
        let id = format!("{tag}-{k}");
        // A step neither side removes.
        let anchor = doc.steps()[(k * 200 + 10) % n].id.clone();
        steps.push(Step::new(
            id.clone(),
            Stage::Care,
            format!("New {k}"),
            [0.0, -500.0],
        ));
        links.push(Link::new(format!("{tag}-link-{k}"), anchor, id));
    }
    let mut out = doc.clone();
    out.set_steps_and_links(steps, links).unwrap();
    out
}

/// Diff and merge of journeys as two people edit them, in memory and from the files'
/// text (reading each version, comparing, writing the result).
fn together() {
    use journey_designer::compare;

    println!("### Diff and merge (one core; medians)\n");
    println!(
        "Each side retitles 1 % of the steps, removes 0.5 % with their links and adds 1 %, each new step linked; \"every step moved\" changes every position (positions compared). \"from files\" reads the versions' text, compares, and writes the result's text.\n"
    );
    println!(
        "| steps + links | diff | diff, every step moved | merge | diff from files | merge from files | open one file | goal |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for steps in SIZES {
        let base = generate::journey(steps, steps, SEED);
        let ours = edit_of(&base, 0, "ours");
        let theirs = edit_of(&base, 37, "theirs");
        let mut moved = base.clone();
        let shifts: Vec<(String, [f64; 2])> = base
            .steps()
            .iter()
            .map(|s| (s.id.clone(), [s.position[0] + 1.0, s.position[1]]))
            .collect();
        let _undo = journey_designer::model::Edit::Move(shifts)
            .apply(&mut moved)
            .unwrap();
        let runs = if steps >= 100_000 { 5 } else { 15 };
        let merged = compare::merge(&base, &ours, &theirs);
        assert!(
            merged.conflicts.is_empty(),
            "{:?}",
            merged.conflicts.first()
        );
        let diff = perf::time_median(runs, || {
            std::hint::black_box(compare::diff(&base, &theirs, false));
        });
        let diff_moved = perf::time_median(runs, || {
            std::hint::black_box(compare::diff(&base, &moved, true));
        });
        let merge = perf::time_median(runs, || {
            std::hint::black_box(compare::merge(&base, &ours, &theirs));
        });
        let texts = [&base, &ours, &theirs].map(format::to_string);
        let diff_files = perf::time_median(runs, || {
            let a = format::from_str(&texts[0]).unwrap();
            let b = format::from_str(&texts[2]).unwrap();
            std::hint::black_box(compare::diff(&a, &b, false).text());
        });
        let merge_files = perf::time_median(runs, || {
            let [b, o, t] = [0, 1, 2].map(|i| format::from_str(&texts[i]).unwrap());
            let merged = compare::merge(&b, &o, &t);
            std::hint::black_box(format::to_string(&merged.document));
        });
        let open = perf::time_median(runs, || {
            std::hint::black_box(format::from_str(&texts[0]).unwrap());
        });
        println!(
            "| {steps} | {} | {} | {} | {} | {} | {} | ≤ 1000 ms |",
            ms(diff),
            ms(diff_moved),
            ms(merge),
            ms(diff_files),
            ms(merge_files),
            ms(open)
        );
    }
    println!();
}

/// The loop simulation on journeys with numbers (`generate::with_numbers`).
fn simulation() {
    use journey_designer::model::Numbers;
    use journey_designer::simulation::{self, Net};

    println!("### Simulation (one core; medians)\n");
    println!("| steps + links | 1,000 periods | viral coefficient K (sparse LU) |");
    println!("|---:|---:|---:|");
    for steps in [1_000, 10_000] {
        let doc = generate::with_numbers(&generate::journey(steps, steps, SEED));
        let net = Net::new(&doc, &Numbers::of(&doc, None));
        let run = perf::time_median(11, || {
            std::hint::black_box(net.run(1_000, 0.0, false));
        });
        let k = perf::time_median(11, || {
            std::hint::black_box(simulation::fundamentals(&net));
        });
        println!("| {steps} | {} | {} |", ms(run), ms(k));
    }
    println!();
    money();
}

/// Money in the run: the same journeys with every step earning and costing per person, a
/// price and a unit cost, marketing on a budget and a share of sales; and the minimum viable
/// audience of a template (the whole `simulate` without the link ranking, which holds it).
fn money() {
    use journey_designer::model::{Numbers, StepMoney};
    use journey_designer::simulation::{self, Net, Options};

    println!("### Money (one core; medians)\n");
    println!("| steps + links | 1,000 periods without money | with money | ratio |");
    println!("|---:|---:|---:|---:|");
    for steps in [1_000, 10_000] {
        let plain = generate::with_numbers(&generate::journey(steps, steps, SEED));
        let mut doc = plain.clone();
        let with_money: Vec<_> = doc
            .steps()
            .iter()
            .map(|s| {
                let mut s = (**s).clone();
                s.money = StepMoney {
                    revenue: Some(2.0),
                    cost: Some(0.5),
                    cost_per_reach: Some(1.0),
                    budget: Some(50.0),
                    budget_share: Some(0.0001),
                    ..StepMoney::default()
                }
                .into();
                s
            })
            .collect();
        let links: Vec<_> = doc.links().iter().map(|l| (**l).clone()).collect();
        doc.set_steps_and_links(with_money, links)
            .expect("the same steps and links");
        doc.economics.price = Some(50.0);
        doc.economics.unit_cost = Some(20.0);
        doc.economics.fixed_costs = Some(1000.0);
        doc.economics.discount_rate = Some(0.001);
        let base = Net::new(&plain, &Numbers::of(&plain, None));
        let net = Net::new(&doc, &Numbers::of(&doc, None));
        // The whole run, not one stopped early by growth without bound.
        assert_eq!(net.run(1_000, 0.0, false).periods.len(), 1_000);
        let before = perf::time_median(11, || {
            std::hint::black_box(base.run(1_000, 0.0, false));
        });
        let after = perf::time_median(11, || {
            std::hint::black_box(net.run(1_000, 0.0, false));
        });
        println!(
            "| {steps} | {} | {} | {:.2} |",
            ms(before),
            ms(after),
            after.as_secs_f64() / before.as_secs_f64()
        );
    }
    println!();
    println!("| template | 104 periods: run, K, value per newcomer, minimum viable audience |");
    println!("|---|---:|");
    for template in journey_designer::format::TEMPLATES {
        let doc = template.load().expect("a template");
        let options = Options {
            rank_links: false,
            ..Options::periods(104)
        };
        let t = perf::time_median(11, || {
            std::hint::black_box(simulation::simulate(&doc, None, &options).expect("runs"));
        });
        println!("| {} | {} |", template.name, ms(t));
    }
    println!();
}

/// The find table; returns the slowest keystroke after an edit at 100,000 steps.
fn search() -> Debt {
    println!("### Find and minimap\n");
    println!(
        "| steps + links | query | matches | index folded whole | update after an edit | search | keystroke after an edit (update + search), slowest kind | after a rename / notes typed into the first step / a step added / a step deleted | before: fold whole + search | keystroke after an edit: fastest run / processor time | before: fastest run / processor time |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|");
    let mut worst = perf::SearchTimes::default();
    for steps in [10_000, 100_000] {
        let doc = generate::journey(steps, steps, SEED);
        for query in ["e", "signs", "step 4242", "most people"] {
            let t = perf::search_times(&doc, query, 11);
            let kinds: Vec<String> = t.keystrokes.iter().map(|d| ms(*d)).collect();
            println!(
                "| {steps} | `{query}` | {} | {} | {} | {} | **{}** | {} | {} | **{}** / {} | {} / {} |",
                t.matches,
                ms(t.index),
                ms(t.update),
                ms(t.query),
                ms(t.keystroke),
                kinds.join(" / "),
                ms(t.index + t.query),
                ms(t.keystroke_fastest),
                ms(t.keystroke_cpu),
                ms(t.before_fastest),
                ms(t.before_cpu),
            );
            if steps == 100_000 && t.keystroke_cpu > worst.keystroke_cpu {
                worst = t;
            }
        }
    }
    println!(
        "\nSlowest keystroke after an edit at 100000 steps: **{}** median of processor time, {} median on the clock, {} in its fastest run (goal ≤ 4 ms; folding the whole journey again, as before: {} of processor time).\n",
        ms(worst.keystroke_cpu),
        ms(worst.keystroke),
        ms(worst.keystroke_fastest),
        ms(worst.before_cpu)
    );
    Debt {
        what: "a find keystroke right after an edit (update + search), slowest query and kind of edit: median processor time of the thread (median on the clock; fastest of 11 runs)",
        now: format!(
            "{} ({}; {})",
            ms(worst.keystroke_cpu),
            ms(worst.keystroke),
            ms(worst.keystroke_fastest)
        ),
        goal: "≤ 4 ms",
        met: worst.keystroke_cpu <= Duration::from_millis(4),
        baseline: format!(
            "{} of processor time folding the whole journey again + search ({:.0}× now)",
            ms(worst.before_cpu),
            worst.before_cpu.as_secs_f64() / worst.keystroke_cpu.as_secs_f64().max(1e-9)
        ),
    }
}

/// Frames with and without the minimap.
fn minimap() {
    println!(
        "| steps + links | view | frame without minimap (median / fastest) | with minimap (median / fastest) | minimap adds (fastest frames) |"
    );
    println!("|---:|---|---:|---:|---:|");
    let doc = generate::journey(100_000, 100_000, SEED);
    for zoom in [Zoom::Fit, Zoom::Close] {
        let mut off = FrameBench::new(doc.clone(), zoom, Drawing::Canvas).with_minimap(false);
        let mut on = FrameBench::new(doc.clone(), zoom, Drawing::Canvas).with_minimap(true);
        // Interleaved, so both see the same machine load.
        let mut without = Vec::new();
        let mut with = Vec::new();
        for i in 0..200 {
            // Which goes first alternates: the second frame of a pair finds the caches
            // filled by the first.
            if i % 2 == 0 {
                without.push(off.frame().total());
                with.push(on.frame().total());
            } else {
                with.push(on.frame().total());
                without.push(off.frame().total());
            }
        }
        let (min_a, min_b) = (
            without.iter().min().copied().unwrap_or_default(),
            with.iter().min().copied().unwrap_or_default(),
        );
        let (a, b) = (perf::median(without), perf::median(with));
        println!(
            "| 100000 | {} | {} / {} | {} / {} | {} |",
            zoom.label(),
            ms(a),
            ms(min_a),
            ms(b),
            ms(min_b),
            ms(min_b.saturating_sub(min_a))
        );
    }
    println!();
}

/// The recovery table; returns the longest edit made while a 100,000-step copy is written.
fn recovery() -> Debt {
    println!(
        "### Recovery copies while editing (UI thread's share, 20 edits each followed by a copy)\n"
    );
    println!(
        "| steps + links | longest UI-thread stall | serialising on the UI thread (before) | before ÷ now | an edit made while a copy is written (longest) | copying a pointer to every step and link (what that edit did before) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut last = perf::RecoveryStall::default();
    for steps in SIZES {
        let stall = perf::recovery_stall(generate::journey(steps, steps, SEED), 20);
        println!(
            "| {steps} | {} | {} | {:.0}× | **{}** | {} |",
            ms(stall.longest),
            ms(stall.serialise),
            stall.serialise.as_secs_f64() / stall.longest.as_secs_f64().max(1e-9),
            ms(stall.edit_during_copy),
            ms(stall.list_copy),
        );
        last = stall;
    }
    println!();
    Debt {
        what: "an edit made while a recovery copy is written, longest of 20",
        now: ms(last.edit_during_copy),
        goal: "≤ 4 ms",
        met: last.edit_during_copy <= Duration::from_millis(4),
        baseline: format!(
            "{} copying a pointer to every step and link, as such an edit did",
            ms(last.list_copy)
        ),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn measure(bench: &mut FrameBench, runs: usize) -> perf::FrameTime {
    let times: Vec<perf::FrameTime> = (0..runs).map(|_| bench.frame()).collect();
    perf::FrameTime {
        run: perf::median(times.iter().map(|t| t.run).collect()),
        tessellate: perf::median(times.iter().map(|t| t.tessellate).collect()),
    }
}

fn map_frames() {
    println!("### Journey map frame (run_ui + tessellate, 1280×800, one core; medians)\n");
    println!(
        "| steps + links | columns visible | map: run + tessellate = frame | layout and scores after an edit |"
    );
    println!("|---:|---:|---:|---:|");
    for steps in SIZES {
        let doc = generate::journey(steps, steps, SEED);
        let mut map = FrameBench::new(doc.clone(), Zoom::Fit, Drawing::Map);
        let t = measure(&mut map, 100);
        // The map rebuilds its layout and scores once per change of the journey.
        let rebuilds: Vec<Duration> = (0..20)
            .map(|_| {
                let start = std::time::Instant::now();
                std::hint::black_box(map_layout::MapLayout::new(&doc, None));
                std::hint::black_box(map_layout::scores(&doc, None));
                start.elapsed()
            })
            .collect();
        println!(
            "| {steps} | {} | {} + {} = **{}** | {} |",
            map.visible_map_columns(),
            ms(t.run),
            ms(t.tessellate),
            ms(t.total()),
            ms(perf::median(rebuilds)),
        );
    }
    println!();
}

/// The journey map with a service blueprint behind every step (`generate::with_blueprint`):
/// every lane shown, and the Blueprint lanes preset.
fn blueprint_frames() {
    use journey_designer::model::builders::{self, LanePreset};

    println!(
        "### Journey map frame with the service blueprint (run_ui + tessellate, 1280×800, one core; medians)\n"
    );
    println!(
        "| steps + links | lanes | columns visible | map: run + tessellate = frame | layout and scores after an edit |"
    );
    println!("|---:|---|---:|---:|---:|");
    for steps in SIZES {
        let plain = generate::with_blueprint(&generate::journey(steps, steps, SEED));
        let mut preset = plain.clone();
        if let Some(edit) = builders::lane_preset(&preset, LanePreset::Blueprint) {
            let _ = edit.apply(&mut preset).unwrap();
        }
        for (lanes, doc) in [("all", plain), ("blueprint", preset)] {
            let mut map = FrameBench::new(doc.clone(), Zoom::Fit, Drawing::Map);
            let t = measure(&mut map, 100);
            let rebuilds: Vec<Duration> = (0..20)
                .map(|_| {
                    let start = std::time::Instant::now();
                    std::hint::black_box(map_layout::MapLayout::new(&doc, None));
                    std::hint::black_box(map_layout::scores(&doc, None));
                    start.elapsed()
                })
                .collect();
            println!(
                "| {steps} | {lanes} | {} | {} + {} = **{}** | {} |",
                map.visible_map_columns(),
                ms(t.run),
                ms(t.tessellate),
                ms(t.total()),
                ms(perf::median(rebuilds)),
            );
        }
    }
    println!();
}

/// The impacts of 50 opportunities on each template over 52 periods: the journey as drawn
/// run once, then once per opportunity with its change.
fn impacts() {
    use journey_designer::model::{Change, LinkOverride, Opportunity};
    use journey_designer::simulation;

    println!("### Opportunity impacts (50 opportunities, 52 periods, one core; medians)\n");
    println!("| template | steps + links | impacts of 50 opportunities |");
    println!("|---|---:|---:|");
    for template in format::TEMPLATES {
        let mut doc = template.load().unwrap();
        // Each opportunity changes one link's rate, round the links (to nine tenths of it,
        // so that no change overflows a step and every one is run in full).
        let opportunities: Vec<Opportunity> = (0..50)
            .map(|i| {
                let mut o = Opportunity::new(format!("o{i}"), format!("Opportunity {i}"));
                let link = &doc.links()[i % doc.links().len()];
                let rate = link.rate.unwrap_or(0.0);
                o.change = Change {
                    links: vec![(
                        link.id.clone(),
                        LinkOverride {
                            rate: Some((rate * 0.9).min(1.0)),
                            ..LinkOverride::default()
                        },
                    )],
                    ..Change::default()
                };
                o.effort = Some(1 + (i % 5) as u8);
                o
            })
            .collect();
        doc.set_opportunities(opportunities).unwrap();
        let t = perf::time_median(21, || {
            std::hint::black_box(simulation::impacts(&doc, 52));
        });
        println!(
            "| {} | {} | {} |",
            template.name,
            doc.steps().len() + doc.links().len(),
            ms(t)
        );
    }
    println!();
}

fn frames() {
    println!("### Frame (run_ui + tessellate, 1280×800, one core; medians)\n");
    println!(
        "| steps + links | view | zoom | cards visible | canvas: run + tessellate = frame | naive frame | naive ÷ canvas |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    // Warm the processor and the allocator up first, so the first row is not penalised.
    let mut warm = FrameBench::new(
        generate::journey(1_000, 1_000, SEED),
        Zoom::Close,
        Drawing::Canvas,
    );
    for _ in 0..500 {
        warm.frame();
    }
    let mut close_frames = Vec::new();
    for steps in SIZES {
        let doc = generate::journey(steps, steps, SEED);
        for zoom in [Zoom::Fit, Zoom::Close] {
            let mut canvas = FrameBench::new(doc.clone(), zoom, Drawing::Canvas);
            let t = measure(&mut canvas, 100);
            let naive_runs = if steps >= 100_000 { 3 } else { 10 };
            let mut naive = FrameBench::new(doc.clone(), zoom, Drawing::Naive);
            let n = measure(&mut naive, naive_runs);
            if zoom == Zoom::Close {
                close_frames.push((steps, t.total()));
            }
            println!(
                "| {steps} | {} | {:.3} | {} | {} + {} = **{}** | {} | {:.0}× |",
                zoom.label(),
                canvas.camera().zoom,
                canvas.visible_cards(),
                ms(t.run),
                ms(t.tessellate),
                ms(t.total()),
                ms(n.total()),
                n.total().as_secs_f64() / t.total().as_secs_f64(),
            );
        }
    }
    if let (Some((_, small)), Some((big_steps, big))) = (close_frames.first(), close_frames.last())
    {
        println!(
            "\nZoomed in, {big_steps} steps ÷ 1000 steps: {:.2}×\n",
            big.as_secs_f64() / small.as_secs_f64()
        );
    }
}

fn files() {
    println!("### Open and save (medians)\n");
    println!(
        "| steps + links | file | open (read + validate) | serde_json → Value | open ÷ serde_json | save (canonical) | Value → serde_json pretty | save ÷ serde_json |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for steps in SIZES {
        let doc = generate::journey(steps, steps, SEED);
        let text = format::to_string(&doc);
        let mb = text.len() as f64 / 1e6;
        let runs = if steps >= 100_000 { 7 } else { 21 };
        let open = perf::time_median(runs, || {
            std::hint::black_box(format::from_str(&text).unwrap());
        });
        let parse = perf::time_median(runs, || {
            std::hint::black_box(serde_json::from_str::<serde_json::Value>(&text).unwrap());
        });
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let save = perf::time_median(runs, || {
            std::hint::black_box(format::to_string(&doc));
        });
        let write = perf::time_median(runs, || {
            std::hint::black_box(serde_json::to_string_pretty(&value).unwrap());
        });
        let rate = |d: Duration| format!("{} ({:.0} MB/s)", ms(d), mb / d.as_secs_f64());
        println!(
            "| {steps} | {mb:.1} MB | {} | {} | {:.2}× | {} | {} | {:.2}× |",
            rate(open),
            rate(parse),
            open.as_secs_f64() / parse.as_secs_f64(),
            rate(save),
            rate(write),
            save.as_secs_f64() / write.as_secs_f64(),
        );
    }
    println!();
}

fn exports() {
    use journey_designer::export::{self, Options};

    println!("### Export (one core; medians)\n");
    println!("| what | journey | output | time | goal |");
    println!("|---|---|---:|---:|---:|");
    let big = generate::journey(10_000, 10_000, SEED);
    let template = format::service_loop();
    let options = Options::default();
    let rows = [
        (
            "SVG",
            "10,000 steps + links",
            &big,
            export::Format::Svg,
            "≤ 100 ms",
        ),
        (
            "PNG at 2×",
            "service-loop template",
            &template,
            export::Format::Png,
            "≤ 200 ms",
        ),
        (
            "PDF, page fits",
            "service-loop template",
            &template,
            export::Format::Pdf,
            "",
        ),
        (
            "Mermaid",
            "10,000 steps + links",
            &big,
            export::Format::Mermaid,
            "",
        ),
        ("CSV", "10,000 steps + links", &big, export::Format::Csv, ""),
    ];
    for (what, journey, doc, format, goal) in rows {
        let mut size = 0;
        let time = perf::time_median(7, || {
            size = export::export(doc, format, &options).unwrap().len();
        });
        println!(
            "| {what} | {journey} | {:.2} MB | {} | {goal} |",
            size as f64 / 1e6,
            ms(time)
        );
    }
    println!();
}

/// The memory table; returns the bytes per step at 100,000 steps.
fn memory() -> Debt {
    println!("### Memory after opening (fresh process per journey, Linux)\n");
    println!(
        "| steps + links | file | resident growth | per step | heap held, per step | a step, its Arc and text | a link, its Arc and text | the rest, per step | blocks per step | resident − heap, per step | heap at its most while opening, per step |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let (mut per_step, mut file_per_step) = (0, 0);
    for steps in SIZES {
        let path = dir.path().join(format!("journey-{steps}.json"));
        let doc = generate::journey(steps, steps, SEED);
        format::save_file(&path, &doc).unwrap();
        let size = std::fs::metadata(&path).unwrap().len();
        let out = Command::new(&exe)
            .arg("--memory-of")
            .arg(&path)
            .arg(steps.to_string())
            .output()
            .unwrap();
        let figures: Vec<u64> = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        let [grown, held, blocks, peak, step_bytes, link_bytes] = figures[..] else {
            panic!("the memory child printed {figures:?}");
        };
        let n = steps as u64;
        per_step = grown / n;
        file_per_step = size / n;
        println!(
            "| {steps} | {:.1} MB | {:.1} MB | **{per_step} B** | {} B | {} B | {} B | {} B | {:.1} | {} B | {} B |",
            size as f64 / 1e6,
            grown as f64 / 1e6,
            held / n,
            step_bytes / n,
            link_bytes / n,
            held.saturating_sub(step_bytes + link_bytes) / n,
            blocks as f64 / n as f64,
            grown.saturating_sub(held) / n,
            peak / n,
        );
    }
    println!();
    Debt {
        what: "memory after opening, per step (resident growth)",
        now: format!("{per_step} B"),
        goal: "≤ 1 KB",
        met: per_step <= 1024,
        baseline: format!(
            "the file: {file_per_step} B per step ({:.2}×)",
            per_step as f64 / file_per_step.max(1) as f64
        ),
    }
}

/// In a fresh process: how much the resident set and the heap grow when the file is opened,
/// how many blocks the heap holds then and the most it held meanwhile, and what the steps and
/// the links themselves hold of it (their `Arc`s and the text and lists in them), all printed
/// on one line.
fn memory_child(path: &str, steps: usize) {
    COUNTING.store(true, Ordering::Relaxed);
    let before = perf::resident_bytes().unwrap_or(0);
    let (held, blocks, _) = heap();
    PEAK.store(held, Ordering::Relaxed);
    let doc = format::load_file(std::path::Path::new(path)).unwrap();
    let after = perf::resident_bytes().unwrap_or(0);
    let (now, now_blocks, peak) = heap();
    assert_eq!(doc.steps().len(), steps);
    let step_bytes: usize = doc.steps().iter().map(step_heap).sum();
    let link_bytes: usize = doc.links().iter().map(link_heap).sum();
    println!(
        "{} {} {} {} {step_bytes} {link_bytes}",
        after.saturating_sub(before),
        now - held,
        now_blocks - blocks,
        peak - held,
    );
    std::hint::black_box(doc);
}

/// The heap bytes of an `Arc`'s block: its two counts and the value.
fn arc_block<T>(_: &Arc<T>) -> usize {
    2 * size_of::<usize>() + size_of::<T>()
}

/// The heap bytes of a list of strings: the list and each string.
fn texts_heap(list: &[String], capacity: usize) -> usize {
    capacity * size_of::<String>() + list.iter().map(String::capacity).sum::<usize>()
}

/// The heap bytes of a step behind its `Arc`. Unknown fields (`extra`) are left out: the
/// generated journeys have none.
fn step_heap(step: &Arc<journey_designer::model::Step>) -> usize {
    let s = &**step;
    arc_block(step)
        + s.id.capacity()
        + s.title.capacity()
        + s.notes.capacity()
        + texts_heap(&s.channels, s.channels.capacity())
        + texts_heap(&s.touchpoints, s.touchpoints.capacity())
        + texts_heap(&s.pain_points, s.pain_points.capacity())
        + texts_heap(&s.opportunities, s.opportunities.capacity())
        + texts_heap(&s.personas, s.personas.capacity())
        + s.persona_emotions.capacity() * size_of::<(String, journey_designer::model::Emotion)>()
        + s.persona_emotions
            .iter()
            .map(|(p, _)| p.capacity())
            .sum::<usize>()
}

/// The heap bytes of a link behind its `Arc` (unknown fields left out, as for a step).
fn link_heap(link: &Arc<journey_designer::model::Link>) -> usize {
    let l = &**link;
    arc_block(link) + l.id.capacity() + l.from.capacity() + l.to.capacity() + l.label.capacity()
}
