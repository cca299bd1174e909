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

/// Long lists are read in blocks (see `model::long_list`): every item comes back, in order,
/// on either side of a block's edge, and a wrong item deep in the list is still named by path.
#[test]
fn a_large_map_reads_back_whole_and_its_errors_keep_their_path() {
    use throughline_core::{generate, json};
    for stages in [4095, 4096, 4097, 9000] {
        let map = generate::large_map(stages, stages * 2, 3);
        assert_eq!(json::from_str(&json::to_string(&map)).unwrap(), map, "{stages} stages");
    }
    let mut value = serde_json::to_value(generate::large_map(9000, 9000, 3)).unwrap();
    value["stages"][8500]["kind"] = "stagee".into();
    let error = json::from_str(&value.to_string()).unwrap_err();
    assert_eq!(error.path(), Some("stages[8500].kind"), "{error}");
}
