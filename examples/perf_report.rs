//! One run of every measurement, printed as Markdown tables:
//! `cargo run --release --example perf_report`.
//!
//! Frames are drawn headless through egui (`run_ui` + `tessellate`) at 1280×800 on one
//! thread. Memory is read from `/proc/self/statm` in a fresh process per journey (Linux only).
//! `perf_report --write FILE STEPS` writes a generated journey instead, to open in the app;
//! `perf_report --exports` prints only the export table.
//! `perf_report --navigation` prints only the find and minimap tables.
//! `perf_report --files` prints only the open and save table.
//! `perf_report --together` prints only the diff and merge table.

#![expect(clippy::print_stdout, reason = "the report is printed")]
#![expect(
    clippy::unwrap_used,
    reason = "a report on generated data fails loudly"
)]

use std::process::Command;
use std::time::Duration;

use journey_designer::format;
use journey_designer::layout::map as map_layout;
use journey_designer::model::generate;
use journey_designer::perf::{self, Drawing, FrameBench, Zoom};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const SEED: u64 = 42;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, path, steps] = args.as_slice()
        && flag == "--memory-of"
    {
        memory_child(path, steps.parse().unwrap());
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
        navigation();
        return;
    }
    frames();
    map_frames();
    navigation();
    files();
    together();
    recovery();
    exports();
    memory();
    simulation();
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
}

fn navigation() {
    println!("### Find and minimap\n");
    println!(
        "| steps + links | query | matches | index (once per edit) | search | keystroke after an edit (index + search) |"
    );
    println!("|---:|---|---:|---:|---:|---:|");
    for steps in [10_000, 100_000] {
        let doc = generate::journey(steps, steps, SEED);
        for query in ["e", "signs", "step 4242", "most people"] {
            let t = perf::search_times(&doc, query, 11);
            println!(
                "| {steps} | `{query}` | {} | {} | {} | **{}** |",
                t.matches,
                ms(t.index),
                ms(t.query),
                ms(t.index + t.query)
            );
        }
    }
    println!();
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

fn recovery() {
    println!(
        "### Recovery copies while editing (UI thread's share, 20 edits each followed by a copy)\n"
    );
    println!(
        "| steps + links | longest UI-thread stall | serialising on the UI thread (before) | before ÷ now | an edit made while a copy is written |"
    );
    println!("|---:|---:|---:|---:|---:|");
    for steps in SIZES {
        let stall = perf::recovery_stall(generate::journey(steps, steps, SEED), 20);
        println!(
            "| {steps} | {} | {} | {:.0}× | {} |",
            ms(stall.longest),
            ms(stall.serialise),
            stall.serialise.as_secs_f64() / stall.longest.as_secs_f64().max(1e-9),
            ms(stall.edit_during_copy),
        );
    }
    println!();
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

fn memory() {
    println!("### Memory after opening (resident, fresh process per journey, Linux)\n");
    println!("| steps + links | file | resident growth | bytes per step |");
    println!("|---:|---:|---:|---:|");
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
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
        let grown: u64 = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(0);
        println!(
            "| {steps} | {:.1} MB | {:.1} MB | {} |",
            size as f64 / 1e6,
            grown as f64 / 1e6,
            grown / steps as u64
        );
    }
    println!();
}

/// In a fresh process: how much the resident set grows when the file is opened.
fn memory_child(path: &str, steps: usize) {
    let before = perf::resident_bytes().unwrap_or(0);
    let doc = format::load_file(std::path::Path::new(path)).unwrap();
    let after = perf::resident_bytes().unwrap_or(0);
    assert_eq!(doc.steps().len(), steps);
    println!("{}", after.saturating_sub(before));
    std::hint::black_box(doc);
}
