//! Speed targets (2-core machine): a 10,000-stage document opens under 150 ms; one edit is
//! applied and persisted (one SQLite transaction) under 2 ms median.
//!
//! What it times: in-process, warm page cache (the document was just written): opening reads
//! the whole map through SQLite; an edit is one transaction committed to the file.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use throughline_core::Edit;
use throughline_core::edit::Owned;
use throughline_core::generate::large_map;
use throughline_core::model::Position;
use throughline_store::Document;

/// The allocator the shipped binaries use (the analysis allocates a message per finding).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn document(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.throughline");
    drop(Document::create(&path, &large_map(10_000, 15_000, 42)).expect("create"));

    let mut group = c.benchmark_group("document");
    group.sample_size(20);
    group.bench_function("open 10k stages", |b| {
        b.iter(|| Document::open(black_box(&path)).expect("open"));
    });

    let mut doc = Document::open(&path).expect("open");
    let mut i = 0u32;
    group.sample_size(200);
    group.bench_function("apply and persist one edit (10k stages)", |b| {
        b.iter(|| {
            i += 1;
            let edit = if i.is_multiple_of(2) {
                Edit::MoveStage {
                    id: "s5000".into(),
                    position: Some(Position { x: f64::from(i), y: 10.0 }),
                }
            } else {
                Edit::SetOwners {
                    target: Owned::Transition("t7000".into()),
                    owners: vec![format!("person-{}", i % 6)],
                }
            };
            doc.apply(black_box(edit)).expect("apply")
        });
    });
    group.finish();
}

criterion_group!(benches, document);
criterion_main!(benches);
