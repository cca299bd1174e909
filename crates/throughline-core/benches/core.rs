//! Speed targets (2-core machine): analysis of a 20,000-stage / 30,000-transition map under
//! 50 ms; `throughline check` on a 10 MB JSON map (load, analyse, write) under 300 ms.
//!
//! What it times: in-process and warm, no process start and no disk: the analysis of a map
//! already in memory, and the check's pipeline from JSON text in memory to findings written
//! into a buffer. `scripts/bench-check` times the whole command.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use throughline_core::generate::large_map;
use throughline_core::{analyze, json};

/// The allocator the shipped binaries use (the analysis allocates a message per finding).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    group.sample_size(20);
    for (stages, transitions) in [(1_000, 1_500), (10_000, 15_000), (20_000, 30_000)] {
        let map = large_map(stages, transitions, 42);
        group.bench_with_input(BenchmarkId::from_parameter(stages), &map, |b, map| {
            b.iter(|| analyze(black_box(map)));
        });
    }
    group.finish();
}

/// A generated map whose JSON is about `bytes` long.
pub fn json_of_size(bytes: usize) -> String {
    let mut stages = 1_000;
    loop {
        let text = json::to_string(&large_map(stages, stages * 3 / 2, 7));
        if text.len() >= bytes {
            return text;
        }
        stages = stages * bytes / text.len() + 100;
    }
}

fn loading(c: &mut Criterion) {
    let text = json_of_size(10 * 1024 * 1024);
    let mut group = c.benchmark_group("load_json");
    group.sample_size(10);
    let megabytes = text.len() / (1024 * 1024);
    group.bench_function(format!("{megabytes} MB"), |b| {
        b.iter(|| json::from_str(black_box(&text)).expect("loads"));
    });
    group.finish();

    // What `throughline check --format json` does after starting: load, analyse, write.
    let mut group = c.benchmark_group("check_pipeline");
    group.sample_size(10);
    group.bench_function(format!("{megabytes} MB"), |b| {
        b.iter(|| {
            let map = json::from_str(black_box(&text)).expect("loads");
            let analysis = analyze(&map);
            serde_json::to_string_pretty(&(&analysis.findings, &analysis.summary)).expect("writes")
        });
    });
    group.finish();
}

criterion_group!(benches, analysis, loading);
criterion_main!(benches);
