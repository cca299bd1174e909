//! Sharing's targets, against the real sync server on loopback (started here):
//! - a colleague's edit shown with updated findings: < 100 ms p95 (500 stages);
//! - 10 clients × 5 edits/s on 500 stages converge < 1 s after the last edit;
//! - a shared 1,000-stage map joined (synced whole) < 1 s;
//! - two 1,000-stage copies with 200 edits each merged < 100 ms;
//! - the document after 10,000 edits, folded as a saved version does: ≤ 3× the map's JSON.
//!
//! `THROUGHLINE_BENCH_SECONDS` shortens the 10-client run (60 s by default).
//!
//! What it times: clients in this process (each a replica with its document file) against the
//! real server in a process of its own, over loopback; the server started once and warm.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Participant, rename, synced, wait_for};
use throughline_core::generate::large_map;
use throughline_core::{Edit, Map, analyze};
use throughline_replica::Replica;
use throughline_store::Document;
use throughline_tests::SyncServer;

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[((samples.len() - 1) as f64 * p).round() as usize]
}

fn stage_ids(map: &Map) -> Vec<String> {
    map.stages.iter().map(|s| s.id.clone()).collect()
}

/// A colleague's edit, from Ana's edit to Ben's map and findings updated.
fn remote_edit(dir: &std::path::Path, server: &SyncServer) {
    let map = large_map(500, 700, 1);
    let (ana, links) = Participant::share(dir, "ana", &map, server);
    wait_for("the map shared", || synced(&ana));
    let ben = Participant::join(dir, "ben", &links.editor);
    wait_for("Ben synced", || ben.map().stages.len() == 500);
    let shown: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let record = Arc::clone(&shown);
    ben.host.0.lock().unwrap().on_receive = Some(Box::new(move |doc: &Document| {
        let findings = analyze(doc.map()).findings.len();
        let name = doc.map().stages[0].name.clone();
        std::hint::black_box(findings);
        record.lock().unwrap().push((name, Instant::now()));
    }));
    let first = stage_ids(&map)[0].clone();
    let mut samples = Vec::new();
    for i in 0..200 {
        let name = format!("Renamed {i}");
        let sent = Instant::now();
        ana.edit(rename(&first, &name));
        wait_for("Ben to show the edit", || shown.lock().unwrap().iter().any(|(n, _)| *n == name));
        let at = shown.lock().unwrap().iter().find(|(n, _)| *n == name).map(|(_, t)| *t).unwrap();
        samples.push(millis(at - sent));
        std::thread::sleep(Duration::from_millis(10));
    }
    let median = percentile(&mut samples, 0.5);
    let p95 = percentile(&mut samples, 0.95);
    println!(
        "remote edit shown with findings, 500 stages: median {median:.1} ms, p95 {p95:.1} ms (target p95 < 100)"
    );
}

/// Ten clients editing at 5 edits/s each; how long after the last edit all show one map.
fn ten_clients(dir: &std::path::Path, server: &SyncServer, seconds: u64) {
    let map = large_map(500, 700, 2);
    let (first, links) = Participant::share(dir, "c0", &map, server);
    wait_for("the map shared", || synced(&first));
    let mut clients = vec![first];
    for i in 1..10 {
        clients.push(Participant::join(dir, &format!("c{i}"), &links.editor));
    }
    wait_for("everyone synced", || clients.iter().all(|c| c.map().stages.len() == 500));
    let ids = stage_ids(&map);
    let clients = Arc::new(clients);
    let until = Instant::now() + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..10)
        .map(|c| {
            let clients = Arc::clone(&clients);
            let ids = ids.clone();
            std::thread::spawn(move || {
                let mut rng = fastrand::Rng::with_seed(c as u64);
                let mut edits = 0;
                while Instant::now() < until {
                    let id = &ids[rng.usize(..ids.len())];
                    clients[c].edit(rename(id, &format!("c{c} edit {edits}")));
                    edits += 1;
                    std::thread::sleep(Duration::from_millis(200));
                }
                edits
            })
        })
        .collect();
    let edits: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    let last = Instant::now();
    wait_for("all ten to converge", || {
        let first = clients[0].map();
        clients.iter().all(|c| c.map() == first)
    });
    println!(
        "10 clients, {edits} edits over {seconds} s on 500 stages: converged {:.0} ms after the last edit (target < 1000)",
        millis(last.elapsed())
    );
}

/// Joining a shared 1,000-stage map: from Join to the whole map here.
fn join_large(dir: &std::path::Path, server: &SyncServer) {
    let map = large_map(1000, 1400, 3);
    let (ana, links) = Participant::share(dir, "big-ana", &map, server);
    wait_for("the map shared", || synced(&ana));
    let start = Instant::now();
    let ben = Participant::join(dir, "big-ben", &links.editor);
    wait_for("the whole map", || ben.map().stages.len() == 1000);
    println!("joining a shared 1,000-stage map: {:.0} ms (target < 1000)", millis(start.elapsed()));
    let path = ben.host.0.lock().unwrap().doc.path().to_path_buf();
    drop(ben);
    let start = Instant::now();
    let doc = Document::open(&path).unwrap();
    println!(
        "opening it again from its file (1,000 stages, with its document): {:.0} ms",
        millis(start.elapsed())
    );
    drop(doc);
}

fn edits(map: &Map, n: usize, seed: u64, who: &str) -> Vec<Edit> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let ids = stage_ids(map);
    (0..n)
        .map(|i| {
            let id = ids[rng.usize(..ids.len())].clone();
            if i % 2 == 0 {
                Edit::RenameStage { id, name: format!("{who} {i}") }
            } else {
                let mut stage = map.stage(&id).unwrap().clone();
                stage.sla_hours = Some(rng.f64() * 100.0);
                Edit::UpdateStage { stage }
            }
        })
        .collect()
}

fn apply_all(replica: &mut Replica, map: &mut Map, edits: Vec<Edit>) {
    for edit in edits {
        if let Ok(applied) = throughline_core::apply(map, edit) {
            replica.record(map, &applied.changes);
        }
    }
}

/// Two copies of a 1,000-stage map, 200 edits each apart, merged.
fn merge_copies() {
    let map = large_map(1000, 1400, 4);
    let origin = Replica::of_map(&map, None);
    let (mut a, mut b) = (
        Replica::load(&origin.state(), Some("Ana")).unwrap(),
        Replica::load(&origin.state(), Some("Ben")).unwrap(),
    );
    let (mut ma, mut mb) = (map.clone(), map.clone());
    apply_all(&mut a, &mut ma, edits(&map, 200, 1, "Ana"));
    apply_all(&mut b, &mut mb, edits(&map, 200, 2, "Ben"));
    let (sa, sb) = (a.state(), b.state());
    let mut samples = Vec::new();
    let mut conflicts = 0;
    for _ in 0..10 {
        let start = Instant::now();
        let mut merged = Replica::load(&sa, None).unwrap();
        conflicts = merged.merge(&sb).unwrap().len();
        std::hint::black_box(merged.project());
        samples.push(millis(start.elapsed()));
    }
    println!(
        "merging two 1,000-stage copies, 200 edits each ({conflicts} fields changed in both): median {:.1} ms (target < 100)",
        percentile(&mut samples, 0.5)
    );
}

/// The document's size after 10,000 edits, folded as saving a version does.
fn size_after_edits(dir: &std::path::Path) {
    let map = large_map(500, 700, 5);
    let json = throughline_core::json::to_string(&map).len();
    let path = dir.join("sized.throughline");
    let mut doc = Document::create(&path, &map).unwrap();
    let mut shown = map.clone();
    for edit in edits(&map, 10_000, 6, "Ana") {
        if let Ok(applied) = throughline_core::apply(&mut shown, edit.clone()) {
            let _ = applied;
            doc.apply(edit).unwrap();
        }
    }
    doc.save_version("after 10,000 edits").unwrap();
    let size = doc.shared_state().unwrap().len();
    println!(
        "document after 10,000 edits on 500 stages: {size} bytes, {:.2}× the map's JSON ({json} bytes; target ≤ 3×)",
        size as f64 / json as f64
    );
}

fn main() {
    // `cargo test --benches` runs benchmarks as tests: they are measured only under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let seconds =
        std::env::var("THROUGHLINE_BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let dir = tempfile::tempdir().unwrap();
    let server = SyncServer::start(&dir.path().join("server"));
    merge_copies();
    size_after_edits(dir.path());
    remote_edit(dir.path(), &server);
    join_large(dir.path(), &server);
    ten_clients(dir.path(), &server, seconds);
}
