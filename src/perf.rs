//! Measuring the editor, for the benchmarks in `benches/` and `examples/perf_report.rs`:
//! headless frames of the real canvas and of a naive baseline, and file round trips.
//!
//! Nothing here is used by the app itself; it lives in the library so the criterion
//! benchmarks and the one-run report measure exactly the same thing.

use std::time::{Duration, Instant};

use egui::{Color32, Pos2, RawInput, Rect, Stroke, StrokeKind, Vec2, pos2, vec2};

use crate::model::{Document, Selection};
use crate::ui::canvas::{self, Camera, CanvasState};
use crate::ui::map::{self, MapState};
use crate::ui::theme;
use crate::ui::view::{ViewContext, ViewSettings};

/// The window size frames are measured at.
pub const SCREEN: Vec2 = vec2(1280.0, 800.0);

/// Which part of the journey a measured frame shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    /// The whole journey, zoomed to fit (within the canvas's zoom range).
    Fit,
    /// Zoomed in on the middle of the journey so that about 50 cards are visible.
    Close,
}

impl Zoom {
    /// A short name for tables.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Fit => "fit",
            Self::Close => "zoomed in",
        }
    }
}

/// How long one frame took.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FrameTime {
    /// Running the UI code (`Context::run_ui`).
    pub run: Duration,
    /// Turning its shapes into triangles (`Context::tessellate`).
    pub tessellate: Duration,
}

impl FrameTime {
    /// Both together: the CPU cost of a frame before the GPU.
    pub fn total(self) -> Duration {
        self.run + self.tessellate
    }
}

/// Which drawing code a [`FrameBench`] runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawing {
    /// The real canvas ([`canvas::canvas_ui`]).
    Canvas,
    /// Every card, title and bézier drawn with the plain painter, no culling or detail levels.
    Naive,
    /// The journey map ([`map::map_ui`]), scrolled to the middle of the journey.
    Map,
}

/// A headless egui context drawing one journey at [`SCREEN`] size, frame after frame.
pub struct FrameBench {
    ctx: egui::Context,
    doc: Document,
    state: CanvasState,
    map: MapState,
    drawing: Drawing,
    time: f64,
}

impl FrameBench {
    /// Sets up frames of `doc` at `zoom` and runs a few to warm caches (fonts, text
    /// layouts, the canvas's spatial index).
    pub fn new(doc: Document, zoom: Zoom, drawing: Drawing) -> Self {
        let viewport = Rect::from_min_size(Pos2::ZERO, SCREEN);
        let mut state = CanvasState::for_document(&doc);
        state.camera = camera_for(&doc, zoom, viewport);
        let mut bench = Self {
            ctx: egui::Context::default(),
            doc,
            state,
            map: MapState::default(),
            drawing,
            time: 0.0,
        };
        // The map starts in the middle of the journey, where every lane has neighbours.
        bench.map.view.offset.x = map_middle(&bench.doc);
        for _ in 0..10 {
            bench.frame();
        }
        bench
    }

    /// The same frames with the minimap shown (`true`) or hidden, whatever the journey's size.
    #[must_use]
    pub fn with_minimap(mut self, shown: bool) -> Self {
        self.state.minimap = Some(shown);
        for _ in 0..10 {
            self.frame();
        }
        self
    }

    /// The camera frames are drawn with.
    pub fn camera(&self) -> Camera {
        self.state.camera
    }

    /// The map's columns at least partly on screen, after the last frame.
    pub fn visible_map_columns(&self) -> usize {
        let layout = crate::layout::map::MapLayout::new(&self.doc, None);
        let x = self.map.view.visible_x(self.map.viewport);
        layout.visible_columns(x).len()
    }

    /// The number of cards at least partly on screen.
    pub fn visible_cards(&self) -> usize {
        let visible = self
            .state
            .camera
            .visible_canvas_rect(Rect::from_min_size(Pos2::ZERO, SCREEN));
        self.doc
            .steps()
            .iter()
            .filter(|s| crate::layout::geometry::card_rect(s.position).intersects(visible))
            .count()
    }

    /// Runs and tessellates one frame, returning how long each part took.
    pub fn frame(&mut self) -> FrameTime {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
            time: Some(self.time),
            ..RawInput::default()
        };
        let Self {
            ctx,
            doc,
            state,
            map,
            drawing,
            ..
        } = self;
        let start = Instant::now();
        let output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE)
                .show(ui, |ui| match drawing {
                    Drawing::Canvas => {
                        let _ = canvas::canvas_ui(ui, &bare_view(doc), state);
                    }
                    Drawing::Naive => naive_ui(ui, doc, state.camera),
                    Drawing::Map => {
                        let _ = map::map_ui(ui, &bare_view(doc), map);
                    }
                });
        });
        let run = start.elapsed();
        let start = Instant::now();
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        let tessellate = start.elapsed();
        std::hint::black_box(primitives);
        FrameTime { run, tessellate }
    }
}

/// The map's horizontal scroll that shows the middle of `doc`'s columns.
fn map_middle(doc: &Document) -> f32 {
    let layout = crate::layout::map::MapLayout::new(doc, None);
    let middle = layout.columns.len() / 2;
    layout.column_x(middle).min
}

/// The camera for `zoom` in a viewport.
pub fn camera_for(doc: &Document, zoom: Zoom, viewport: Rect) -> Camera {
    let bounds = crate::layout::geometry::journey_bounds(doc).unwrap_or(Rect::ZERO);
    let mut camera = Camera::default();
    camera.fit(viewport, bounds);
    if zoom == Zoom::Close {
        // About 50 cards of the generator's grid (240 × 120 canvas units each) in view.
        let per_card = 240.0 * 120.0;
        camera.zoom = (viewport.area() / (50.0 * per_card)).sqrt();
        camera.center = bounds.center();
    }
    camera
}

/// The naive way to draw a journey: every card (rounded, filled and outlined) with its
/// title and every link as a cubic bézier, through the plain painter, whatever the zoom and
/// whatever is on screen.
pub fn naive_ui(ui: &mut egui::Ui, doc: &Document, camera: Camera) {
    let (rect, _) = ui.allocate_exact_size(ui.available_size(), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, theme::canvas_background(false));
    let zoom = camera.zoom;
    let stroke = Stroke::new(1.6, theme::link_color(false));
    for link in doc.links() {
        let (Some(a), Some(b)) = (doc.step(&link.from), doc.step(&link.to)) else {
            continue;
        };
        let a = camera.screen_from_canvas(rect, pos2(a.position[0] as f32, a.position[1] as f32));
        let b = camera.screen_from_canvas(rect, pos2(b.position[0] as f32, b.position[1] as f32));
        let bend = (b - a) / 3.0;
        painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
            [a, a + bend + vec2(0.0, 20.0 * zoom), b - bend, b],
            false,
            Color32::TRANSPARENT,
            stroke,
        ));
    }
    let font = egui::FontId::proportional((15.0 * zoom).max(2.0));
    for step in doc.steps() {
        let card = crate::layout::geometry::card_rect(step.position);
        let screen = Rect::from_min_max(
            camera.screen_from_canvas(rect, card.min),
            camera.screen_from_canvas(rect, card.max),
        );
        painter.rect(
            screen,
            8.0 * zoom,
            theme::card_fill(step.stage, false),
            Stroke::new(1.0, theme::stage_color(step.stage)),
            StrokeKind::Inside,
        );
        painter.text(
            screen.left_center() + vec2(14.0 * zoom, 0.0),
            egui::Align2::LEFT_CENTER,
            &step.title,
            font.clone(),
            theme::ink(false),
        );
    }
}

/// What a measured view reads: the journey, nothing selected, default settings.
fn bare_view(doc: &Document) -> ViewContext<'_> {
    const NOTHING: &Selection = &Selection {
        steps: std::collections::BTreeSet::new(),
        link: None,
        opportunity: None,
    };
    const SETTINGS: &ViewSettings = &ViewSettings {
        snap: false,
        persona: None,
    };
    ViewContext {
        doc,
        selection: NOTHING,
        selection_revision: 0,
        settings: SETTINGS,
        found: None,
        simulated: None,
        impacts: None,
    }
}

/// The median of some durations (zero if there are none).
pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// The median time of `runs` calls of `f`.
pub fn time_median(runs: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

/// The resident memory of this process in bytes, from `/proc/self/statm` (Linux only;
/// `None` elsewhere). Assumes 4 KiB pages.
pub fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// What a recovery copy costs the UI thread while the user edits a large journey.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RecoveryStall {
    /// The longest time one [`crate::app::session::Session::keep_recovery`] call held the UI
    /// thread (taking the snapshot and handing it to the worker).
    pub longest: Duration,
    /// What serialising the journey on the UI thread would cost instead (the baseline).
    pub serialise: Duration,
    /// The longest edit made while a copy was being written.
    pub edit_during_copy: Duration,
    /// What such an edit paid when the snapshot shared the whole lists of steps and links
    /// with the editor: copying a pointer to every step and link (the median of a few; the
    /// baseline of `edit_during_copy`).
    pub list_copy: Duration,
}

/// Edits `doc` `edits` times, each followed by a due recovery copy, and measures the UI
/// thread's share of each copy. The worker is let finish between edits (as it does in the
/// five seconds between copies), outside the measured time.
pub fn recovery_stall(doc: Document, edits: usize) -> RecoveryStall {
    use crate::app::session::Session;
    use crate::model::{Edit, StepValue};

    let dir = tempfile::tempdir().ok();
    let serialise = time_median(3, || {
        std::hint::black_box(crate::format::to_string(&doc));
    });
    let list_copy = median(
        (0..5)
            .map(|_| {
                let start = Instant::now();
                let copy = (doc.steps().to_vec(), doc.links().to_vec());
                let took = start.elapsed();
                std::hint::black_box(copy);
                took
            })
            .collect(),
    );
    let ids: Vec<String> = doc
        .steps()
        .iter()
        .take(edits)
        .map(|s| s.id.clone())
        .collect();
    let mut session = Session::new(doc, None)
        .with_recovery(dir.as_ref().map(tempfile::TempDir::path), Duration::ZERO);
    let mut longest = Duration::ZERO;
    let mut edit_during_copy = Duration::ZERO;
    for (i, id) in ids.into_iter().enumerate() {
        let edit = |n: usize| Edit::SetStep {
            id: id.clone(),
            value: StepValue::Title(format!("Edited {i}.{n}")),
        };
        if session.apply_alone(edit(0)).is_err() {
            continue;
        }
        let start = Instant::now();
        let _ = session.keep_recovery();
        longest = longest.max(start.elapsed());
        // The user goes on typing while the copy is written.
        let start = Instant::now();
        let _ = session.apply(edit(1));
        edit_during_copy = edit_during_copy.max(start.elapsed());
        session.flush_recovery();
    }
    session.end();
    RecoveryStall {
        longest,
        serialise,
        edit_during_copy,
        list_copy,
    }
}

/// What a search keystroke costs in a large journey.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SearchTimes {
    /// Folding the whole journey's text into an index: what every keystroke after an edit
    /// paid before the index was brought up to date by the edit (the baseline).
    pub index: Duration,
    /// Bringing the index up to date after one edit (the median of every kind tried).
    pub update: Duration,
    /// Finding the query in the index and ranking the matches (every keystroke).
    pub query: Duration,
    /// A keystroke right after an edit: the update and the search, timed together; the
    /// median of the kind of edit whose median is slowest.
    pub keystroke: Duration,
    /// The same, after each kind of edit (see [`SEARCH_EDITS`]).
    pub keystrokes: [Duration; SEARCH_EDITS],
    /// `keystroke` in the measuring thread's processor time ([`thread_time`]): what the
    /// keystroke costs on one core, whatever else the machine runs meanwhile.
    pub keystroke_cpu: Duration,
    /// The fastest of the runs of the kind of edit whose fastest is slowest, on the clock:
    /// the least disturbed by other processes on a loaded machine.
    pub keystroke_fastest: Duration,
    /// What a keystroke after an edit cost before, folding the whole journey again and
    /// searching, in the thread's processor time (the baseline of `keystroke_cpu`).
    pub before_cpu: Duration,
    /// The same on the clock, the fastest of the runs (the baseline of `keystroke_fastest`).
    pub before_fastest: Duration,
    /// How many steps and links matched.
    pub matches: usize,
}

/// How many kinds of edit [`search_times`] makes before each keystroke: a step renamed in the
/// middle of the journey, notes typed into the first step (everything after it moves in the
/// index), a step added with a link from the middle, and the step in the middle deleted with
/// its links (some of them among the last, added just before).
pub const SEARCH_EDITS: usize = 4;

/// Edit number `run` of kind `kind` of [`search_times`].
fn search_edit(doc: &Document, kind: usize, run: usize) -> crate::model::Edit {
    use crate::model::{Edit, Link, Stage, Step, StepValue};
    let steps = doc.steps();
    let middle = &steps[steps.len() / 2].id;
    match kind {
        0 => Edit::SetStep {
            id: middle.clone(),
            value: StepValue::Title(format!("Signs up again {run}")),
        },
        1 => Edit::SetStep {
            id: steps[0].id.clone(),
            value: StepValue::Notes(format!("Typed note {run}")),
        },
        2 => {
            let id = doc.fresh_step_id("added");
            let link = Link::new(doc.fresh_link_id(middle, &id), middle.clone(), id.clone());
            Edit::add(
                doc,
                vec![Step::new(id, Stage::Buy, "Added step", [0.0, 0.0])],
                vec![link],
            )
        }
        _ => Edit::remove_steps(vec![middle.clone()]),
    }
}

/// The processor time the calling thread has used so far. Unlike the time on the clock, it
/// does not count the time the thread waits while other processes run.
pub fn thread_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

/// Times folding `doc`'s text into an index, bringing the index up to date after an edit of
/// each kind, and searching it for `query`: medians of `runs`.
pub fn search_times(doc: &Document, query: &str, runs: usize) -> SearchTimes {
    use crate::model::search::SearchIndex;
    let index = time_median(runs, || {
        std::hint::black_box(SearchIndex::build(doc));
    });
    let (mut before_cpu, mut before_fastest) = (Vec::new(), Duration::MAX);
    for _ in 0..runs {
        let (start, start_cpu) = (Instant::now(), thread_time());
        std::hint::black_box(SearchIndex::build(doc).search(query));
        before_fastest = before_fastest.min(start.elapsed());
        before_cpu.push(thread_time().saturating_sub(start_cpu));
    }
    let before_cpu = median(before_cpu);
    let mut built = SearchIndex::build(doc);
    let mut matches = 0;
    let query_time = time_median(runs, || {
        matches = std::hint::black_box(built.search(query)).len();
    });
    let mut edited = doc.clone();
    let mut updates = Vec::new();
    let mut keystrokes = [Duration::ZERO; SEARCH_EDITS];
    let mut keystroke_cpu = Duration::ZERO;
    let mut keystroke_fastest = Duration::ZERO;
    for (kind, keystroke) in keystrokes.iter_mut().enumerate() {
        let (mut times, mut cpu) = (Vec::new(), Vec::new());
        for run in 0..runs {
            let edit = search_edit(&edited, kind, run);
            if edit.apply(&mut edited).is_err() {
                continue;
            }
            let (start, start_cpu) = (Instant::now(), thread_time());
            built.update(&edited);
            updates.push(start.elapsed());
            std::hint::black_box(built.search(query));
            times.push(start.elapsed());
            cpu.push(thread_time().saturating_sub(start_cpu));
        }
        keystroke_fastest = keystroke_fastest.max(times.iter().min().copied().unwrap_or_default());
        *keystroke = median(times);
        keystroke_cpu = keystroke_cpu.max(median(cpu));
    }
    SearchTimes {
        index,
        update: median(updates),
        query: query_time,
        keystroke: keystrokes.iter().copied().max().unwrap_or_default(),
        keystrokes,
        keystroke_cpu,
        keystroke_fastest,
        before_cpu,
        before_fastest,
        matches,
    }
}
