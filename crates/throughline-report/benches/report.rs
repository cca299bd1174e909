//! Speed targets (2-core machine): a 200-stage map's report under 1 s; a 2,000-stage map's
//! under 10 s.
//!
//! What it times: in-process, warm (the embedded fonts and templates are loaded by the first
//! iteration, which criterion's warm-up runs): laying out the map and writing the PDF into
//! memory; no process start, no disk.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use throughline_core::generate::large_map;
use throughline_report::{ReportOptions, render};

/// The allocator the shipped binaries use.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn report(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    let options = ReportOptions { date: Some((2026, 11, 23)), ..ReportOptions::default() };
    for stages in [200, 2_000] {
        let map = large_map(stages, stages * 3 / 2, 11);
        group.bench_with_input(BenchmarkId::from_parameter(stages), &map, |b, map| {
            b.iter(|| render(black_box(map), &options).expect("renders"));
        });
    }
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
