//! Opening and saving journeys against `serde_json`'s own parse into and write from
//! `serde_json::Value` of the same bytes: `cargo bench --bench file`.

#![expect(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]
#![expect(clippy::unwrap_used, reason = "a benchmark fails loudly")]

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use journey_designer::format;
use journey_designer::model::generate;

fn files(c: &mut Criterion) {
    for steps in [1_000, 10_000, 100_000] {
        let doc = generate::journey(steps, steps, 42);
        let text = format::to_string(&doc);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut group = c.benchmark_group(format!("file/{steps}"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3))
            .throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("open", |b| b.iter(|| format::from_str(&text).unwrap()));
        group.bench_function("serde_json-parse", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(&text).unwrap());
        });
        group.bench_function("save", |b| b.iter(|| format::to_string(&doc)));
        group.bench_function("serde_json-write", |b| {
            b.iter(|| serde_json::to_string_pretty(&value).unwrap());
        });
        group.finish();
    }
}

criterion_group!(benches, files);
criterion_main!(benches);
