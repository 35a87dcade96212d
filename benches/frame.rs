//! Frame cost of the canvas against the naive baseline, and of the journey map, headless at
//! 1280×800:
//! `cargo bench --bench frame`.

#![expect(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use journey_designer::model::generate;
use journey_designer::perf::{Drawing, FrameBench, Zoom};

fn frames(c: &mut Criterion) {
    for steps in [1_000, 10_000, 100_000] {
        let doc = generate::journey(steps, steps, 42);
        let mut group = c.benchmark_group(format!("frame/{steps}"));
        group
            .sample_size(if steps >= 100_000 { 10 } else { 30 })
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for zoom in [Zoom::Fit, Zoom::Close] {
            let name = zoom.label().replace(' ', "-");
            let mut bench = FrameBench::new(doc.clone(), zoom, Drawing::Canvas);
            group.bench_function(format!("canvas/{name}"), |b| b.iter(|| bench.frame()));
            if steps <= 10_000 {
                let mut naive = FrameBench::new(doc.clone(), zoom, Drawing::Naive);
                group.bench_function(format!("naive/{name}"), |b| b.iter(|| naive.frame()));
            }
        }
        let mut map = FrameBench::new(doc.clone(), Zoom::Fit, Drawing::Map);
        group.bench_function("map", |b| b.iter(|| map.frame()));
        group.finish();
    }
}

criterion_group!(benches, frames);
criterion_main!(benches);
