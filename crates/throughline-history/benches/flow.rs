//! How fast a stage history is read and laid over a map: the inbound sample's journey walked
//! by 20,000 and 200,000 records (about 100,000 and 1,000,000 stage changes), read from memory
//! so that the disk is not measured. `scripts/bench-flow` times the whole command against
//! `PM4Py` on the same logs.
//!
//! What it times: in-process and warm: reading the log's bytes from memory, matching and
//! gathering the statistics; no process start, no disk.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use throughline_history::{Columns, Source, history_from};

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/sample_history/main.rs"]
mod generator;

/// The allocator the shipped binaries use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn flow(c: &mut Criterion) {
    let journey = &generator::JOURNEYS[0];
    let map = throughline_core::json::from_str(&throughline_tests::sample_text(journey.sample))
        .expect("the sample map");
    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    for cases in [20_000, 200_000] {
        let log = journey.generate_cases(cases);
        let events = log.lines().count() as u64 - 1;
        group.throughput(Throughput::Elements(events));
        group.bench_with_input(BenchmarkId::new("events", events), &log, |b, log| {
            b.iter(|| {
                let source = Source::Bytes { name: "history.csv", bytes: log.as_bytes() };
                history_from(black_box(&map), source, &Columns::default(), &mut |_| {})
                    .expect("reads")
            });
        });
    }
    group.finish();
}

criterion_group!(benches, flow);
criterion_main!(benches);
