//! Maps far larger than any workshop draws are still analysed, never aborted: nothing in the
//! analysis uses stack in proportion to the map.

use throughline_core::analyze;
use throughline_core::model::{Map, Stage, StageKind, Team, Transition};

/// One long chain: entry → stage → … → revenue, every stage in one lane.
fn chain(stages: usize) -> Map {
    let mut map = Map::new("Chain");
    map.teams.push(Team { id: "t".into(), name: "Team".into(), color: None });
    for i in 0..stages {
        let kind = match i {
            0 => StageKind::Entry,
            i if i + 1 == stages => StageKind::Revenue,
            _ => StageKind::Stage,
        };
        map.stages.push(Stage::new(format!("s{i}"), format!("Stage {i}"), "t", kind));
    }
    for i in 1..stages {
        map.transitions.push(Transition::new(
            format!("t{i}"),
            format!("s{}", i - 1),
            format!("s{i}"),
        ));
    }
    map
}

#[test]
fn a_500k_stage_chain_is_analysed_on_a_small_stack() {
    let map = chain(500_000);
    // 256 KiB: a tenth of a default thread's stack. Recursion per stage would need hundreds
    // of megabytes here.
    let summary = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || analyze(&map).summary)
        .expect("a thread")
        .join()
        .expect("the analysis finishes without overflowing its stack");
    assert_eq!(summary.stages, 500_000);
    assert_eq!(summary.min_handoffs_to_revenue, Some(0));
    // Every stage between the entry and revenue is on the only path.
    assert_eq!(summary.critical_stages.len(), 499_998);
}
