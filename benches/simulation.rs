//! The loop simulation on a large generated journey: `cargo bench --bench simulation`.
//! The goal: 10,000 steps + 10,000 links × 1,000 periods, and K, each ≤ 50 ms on one core.

#![expect(
    missing_docs,
    reason = "criterion's macros generate undocumented items"
)]
#![expect(clippy::unwrap_used, reason = "a benchmark fails loudly")]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use journey_designer::model::{Numbers, generate};
use journey_designer::simulation::{self, Net, Options};

fn simulation(c: &mut Criterion) {
    let doc = generate::with_numbers(&generate::journey(10_000, 10_000, 42));
    let net = Net::new(&doc, &Numbers::of(&doc, None));
    let mut group = c.benchmark_group("simulation/10000");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("run 1000 periods", |b| {
        b.iter(|| net.run(1_000, 0.0, false));
    });
    group.bench_function("viral coefficient", |b| {
        b.iter(|| simulation::fundamentals(&net));
    });
    group.bench_function("simulate (compile, run, K, leaks)", |b| {
        let options = Options {
            rank_links: false,
            ..Options::periods(1_000)
        };
        b.iter(|| simulation::simulate(&doc, None, &options).unwrap());
    });
    group.finish();
}

criterion_group!(benches, simulation);
criterion_main!(benches);
