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

/// A map of a megabyte or more is read on two threads (see `json::split`): it comes back
/// whole and in order, every field of the format included, and a wrong item deep in a list is
/// still named by its path, as on one thread.
#[test]
fn a_large_map_reads_back_whole_and_its_errors_keep_their_path() {
    use throughline_core::{arbitrary, generate, json};
    for (stages, transitions) in [(3000, 9000), (9000, 0), (2, 40_000)] {
        let map = generate::large_map(stages, transitions, 3);
        let text = json::to_string(&map);
        assert!(text.len() > 1 << 20, "{stages} stages: the test must take the two-thread path");
        assert_eq!(json::from_str(&text).unwrap(), map, "{stages} stages");
    }
    // The example map sets every field of the format; a long description takes it over 1 MB.
    let mut map = arbitrary::base_map();
    map.description = Some("A very long description. ".repeat(50_000));
    assert_eq!(json::from_str(&json::to_string(&map)).unwrap(), map);

    let large = serde_json::to_value(generate::large_map(9000, 9000, 3)).unwrap();
    let wrong = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut value = large.clone();
        change(&mut value);
        json::from_str(&value.to_string()).unwrap_err()
    };
    let error = wrong(&|v| v["stages"][8500]["kind"] = "stagee".into());
    assert_eq!(error.path(), Some("stages[8500].kind"), "{error}");
    let error = wrong(&|v| v["transitions"][8999]["volume"] = "many".into());
    assert_eq!(error.path(), Some("transitions[8999].volume"), "{error}");
    let error = wrong(&|v| v["teams"][1]["colour"] = "red".into());
    assert_eq!(error.path(), Some("teams[1].colour"), "{error}");
    let error = wrong(&|v| v["transitions"][10]["to"] = "nowhere".into());
    assert_eq!(error.to_string(), "at transitions[10].to: unknown stage \"nowhere\"");
    let error = wrong(&|v| v["extra"] = 1.into());
    assert!(error.to_string().contains("unknown field `extra`"), "{error}");

    let text = large.to_string();
    let error = json::from_str(&text[..text.len() / 2]).unwrap_err();
    assert!(matches!(error, json::LoadError::Truncated { .. }), "{error}");
    let error = json::from_str(&format!("{text} {{}}")).unwrap_err();
    assert!(error.to_string().contains("after the end of the map"), "{error}");
}

/// A map with tens of thousands of transitions is checked on two threads (see
/// `validate::check_map`): the problem reported is still the first in the document, with its
/// path, wherever in the lists the problems are.
#[test]
fn a_large_maps_first_problem_is_the_one_named() {
    use throughline_core::{generate, json};
    let large = serde_json::to_value(generate::large_map(2000, 30_000, 3)).unwrap();
    let error = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut value = large.clone();
        change(&mut value);
        json::from_str(&value.to_string()).unwrap_err().to_string()
    };
    let unknown_end =
        |t: usize| move |v: &mut serde_json::Value| v["transitions"][t]["to"] = "nowhere".into();
    assert_eq!(error(&unknown_end(29_000)), "at transitions[29000].to: unknown stage \"nowhere\"");
    assert_eq!(error(&unknown_end(20)), "at transitions[20].to: unknown stage \"nowhere\"");
    let both_halves = |v: &mut serde_json::Value| {
        unknown_end(25_000)(v);
        unknown_end(14_000)(v);
    };
    assert_eq!(error(&both_halves), "at transitions[14000].to: unknown stage \"nowhere\"");
    // A stage's problem comes before any transition's, a duplicate transition id before both.
    let stage_and_transition = |v: &mut serde_json::Value| {
        unknown_end(25_000)(v);
        v["stages"][1500]["team"] = "nobody".into();
    };
    assert_eq!(error(&stage_and_transition), "at stages[1500].team: unknown team \"nobody\"");
    let duplicate = |v: &mut serde_json::Value| {
        stage_and_transition(v);
        v["transitions"][29_999]["id"] = "t0".into();
    };
    assert_eq!(error(&duplicate), "at transitions[29999].id: duplicate transition id \"t0\"");
    // Duplicates go in the lists' order: stages, then transitions, then terms.
    let duplicate_term = |v: &mut serde_json::Value| {
        duplicate(v);
        v["terms"][3]["id"] = v["terms"][2]["id"].clone();
    };
    assert_eq!(error(&duplicate_term), "at transitions[29999].id: duplicate transition id \"t0\"");
    let duplicate_stage = |v: &mut serde_json::Value| {
        duplicate_term(v);
        v["stages"][1999]["id"] = "s0".into();
    };
    assert_eq!(error(&duplicate_stage), "at stages[1999].id: duplicate stage id \"s0\"");
    let only_the_term =
        |v: &mut serde_json::Value| v["terms"][3]["id"] = v["terms"][2]["id"].clone();
    assert!(
        error(&only_the_term).starts_with("at terms[3].id: duplicate term id"),
        "{}",
        error(&only_the_term)
    );
}
