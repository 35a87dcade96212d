//! Exports: the SVG of a 10,000-step journey (goal ≤ 100 ms) and the PNG of the service-loop
//! template at 2× (goal ≤ 200 ms), one core: `cargo bench --bench export`.

#![expect(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]
#![expect(clippy::unwrap_used, reason = "a benchmark fails loudly")]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use journey_designer::export::{self, Options};
use journey_designer::format;
use journey_designer::model::generate;

fn exports(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let big = generate::journey(10_000, 10_000, 42);
    group.bench_function("svg/10000", |b| {
        b.iter(|| export::svg(&big, &Options::default()).unwrap());
    });
    let template = format::service_loop();
    group.bench_function("png/service-loop@2x", |b| {
        b.iter(|| export::png(&template, &Options::default()).unwrap());
    });
    group.bench_function("pdf/service-loop", |b| {
        b.iter(|| export::pdf(&template, &Options::default()).unwrap());
    });
    group.bench_function("mermaid/10000", |b| b.iter(|| export::mermaid(&big)));
    group.bench_function("csv/10000", |b| b.iter(|| export::csv(&big).unwrap()));
    group.finish();
}

criterion_group!(benches, exports);
criterion_main!(benches);
