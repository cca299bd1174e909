//! Edits: every random sequence undoes exactly, refused edits change nothing, and the map
//! stays valid after every accepted edit.

use proptest::prelude::*;
use throughline_core::arbitrary;
use throughline_core::edit::{Owned, TeamMembers};
use throughline_core::model::{Map, Stage, StageKind, Transition};
use throughline_core::validate::{Invalid, check_map};
use throughline_core::{Edit, apply};

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn inverses_in_reverse_order_restore_the_original(edits in prop::collection::vec(arbitrary::edit(), 1..25)) {
        let original = arbitrary::base_map();
        let mut map = original.clone();
        let mut inverses = Vec::new();
        for edit in edits {
            let before = map.clone();
            if let Ok(applied) = apply(&mut map, edit.clone()) {
                prop_assert!(check_map(&map).is_ok(), "{edit:?} left an invalid map: {:?}", check_map(&map));
                inverses.push(applied.inverse);
            } else { prop_assert_eq!(&map, &before, "a refused edit changed the map: {:?}", edit) }
        }
        for inverse in inverses.into_iter().rev() {
            let result = apply(&mut map, inverse.clone());
            prop_assert!(result.is_ok(), "inverse {inverse:?} was refused: {result:?}");
        }
        prop_assert_eq!(map, original);
    }

    #[test]
    fn redo_after_undo_gives_the_same_map(edit in arbitrary::edit()) {
        let mut map = arbitrary::base_map();
        if let Ok(applied) = apply(&mut map, edit.clone()) {
            let after = map.clone();
            let undo = apply(&mut map, applied.inverse).expect("undo");
            apply(&mut map, undo.inverse).expect("redo");
            prop_assert_eq!(map, after);
        }
    }
}

fn refused(map: &mut Map, edit: Edit) -> Invalid {
    let before = map.clone();
    let error = apply(map, edit).expect_err("the edit should be refused");
    assert_eq!(*map, before, "a refused edit changed the map");
    error.invalid
}

fn stage(id: &str, team: &str) -> Stage {
    Stage::new(id, "New stage", team, StageKind::Stage)
}

fn connect(id: &str, from: &str, to: &str) -> Edit {
    Edit::AddTransition { transition: Transition::new(id, from, to), index: None }
}

#[test]
fn unknown_ids_are_refused_with_the_id_named() {
    let mut map = arbitrary::base_map();
    let invalid = refused(&mut map, Edit::AddStage { stage: stage("s9", "legal"), index: None });
    assert_eq!(invalid.to_string(), "unknown team \"legal\"");
    let invalid = refused(&mut map, Edit::RemoveStage { id: "nope".into() });
    assert_eq!(invalid.to_string(), "unknown stage \"nope\"");
    let invalid = refused(
        &mut map,
        Edit::SetOwners { target: Owned::Stage("s1".into()), owners: vec!["zed".into()] },
    );
    assert_eq!(invalid.to_string(), "unknown person \"zed\"");
}

#[test]
fn a_transition_to_itself_is_refused() {
    let mut map = arbitrary::base_map();
    let invalid = refused(&mut map, connect("t9", "s1", "s1"));
    assert!(matches!(invalid, Invalid::SelfTransition { .. }), "{invalid:?}");
    let invalid =
        refused(&mut map, Edit::Reconnect { id: "t1".into(), from: "s2".into(), to: "s2".into() });
    assert!(matches!(invalid, Invalid::SelfTransition { .. }));
}

#[test]
fn duplicate_ids_are_refused() {
    let mut map = arbitrary::base_map();
    let invalid = refused(&mut map, Edit::AddStage { stage: stage("s1", "mkt"), index: None });
    assert_eq!(invalid.to_string(), "duplicate stage id \"s1\"");
}

#[test]
fn removing_a_team_with_stages_needs_to_say_what_happens_to_them() {
    let mut map = arbitrary::base_map();
    let invalid = refused(&mut map, Edit::RemoveTeam { id: "sales".into(), members: None });
    assert_eq!(
        invalid.to_string(),
        "the team Sales still has 1 stage and 1 person; say whether to move them to another team \
         or delete them"
    );

    let original = map.clone();
    let moved = apply(
        &mut map,
        Edit::RemoveTeam {
            id: "sales".into(),
            members: Some(TeamMembers::MoveTo { team: "mkt".into() }),
        },
    )
    .expect("move the members");
    assert!(map.team("sales").is_none());
    assert_eq!(map.stage("s2").unwrap().team, "mkt");
    assert_eq!(map.person("p1").unwrap().team, "mkt");
    // The Sales definition of MQL goes with the team.
    assert!(map.term("mql").unwrap().definitions.is_empty());
    apply(&mut map, moved.inverse).expect("undo");
    assert_eq!(map, original);

    apply(&mut map, Edit::RemoveTeam { id: "sales".into(), members: Some(TeamMembers::Delete) })
        .expect("delete the members");
    assert!(map.stage("s2").is_none());
    assert!(map.transitions.iter().all(|t| t.from != "s2" && t.to != "s2"));
    assert!(map.person("p1").is_none());
    assert!(map.transition("t1").is_none(), "the handoff into the deleted stage went too");
    check_map(&map).expect("still a valid map");
}

#[test]
fn removing_a_stage_removes_its_transitions_and_waivers_and_undo_restores_them_in_place() {
    let mut map = arbitrary::base_map();
    let original = map.clone();
    let applied = apply(&mut map, Edit::RemoveStage { id: "s2".into() }).unwrap();
    assert_eq!(map.transitions.iter().map(|t| &t.id[..]).collect::<Vec<_>>(), vec!["t0"]);
    assert!(map.waivers.is_empty(), "the waiver on t2 went with it");
    apply(&mut map, applied.inverse).unwrap();
    assert_eq!(map, original);
}

#[test]
fn removing_a_person_clears_their_ownership() {
    let mut map = arbitrary::base_map();
    apply(&mut map, Edit::RemovePerson { id: "p0".into() }).unwrap();
    assert!(map.stage("s1").unwrap().owners.is_empty());
    assert!(map.term("mql").unwrap().owners.is_empty());
}

#[test]
fn a_failing_batch_changes_nothing() {
    let mut map = arbitrary::base_map();
    let invalid = refused(
        &mut map,
        Edit::Batch {
            edits: vec![
                Edit::AddStage { stage: stage("s9", "mkt"), index: None },
                connect("t9", "s1", "s9"),
                Edit::RenameStage { id: "s9".into(), name: "  ".into() },
            ],
        },
    );
    assert_eq!(invalid.to_string(), "a name must not be empty");
}

#[test]
fn changes_name_what_the_store_must_write() {
    use throughline_core::Change;
    let mut map = arbitrary::base_map();
    let applied = apply(&mut map, Edit::RemoveStage { id: "s2".into() }).unwrap();
    assert_eq!(
        applied.changes,
        vec![
            Change::Stage("s2".into()),
            Change::Transition("t1".into()),
            Change::Transition("t2".into()),
            Change::Waivers,
        ]
    );
    let applied = apply(&mut map, applied.inverse).unwrap();
    assert!(applied.changes.contains(&Change::Order(throughline_core::model::EntityKind::Stage)));
}

#[test]
fn edits_travel_as_tagged_json() {
    let edit = Edit::SetOwners { target: Owned::Stage("s1".into()), owners: vec!["p0".into()] };
    let json = serde_json::to_string(&edit).unwrap();
    assert_eq!(
        json,
        r#"{"type":"set_owners","target":{"kind":"stage","id":"s1"},"owners":["p0"]}"#
    );
    assert_eq!(serde_json::from_str::<Edit>(&json).unwrap(), edit);
}
