//! Each conflict rule of `docs/sharing.md`, where it fires and where it must not: two people
//! (Ana and Ben) edit copies of one map apart, then each receives the other's edits.

use throughline_core::arbitrary::base_map;
use throughline_core::edit::{Owned, TeamMembers};
use throughline_core::model::{Definition, Stage, StageKind, Transition};
use throughline_core::{Edit, Map, apply};
use throughline_replica::{ConflictKind, Projection, Replica};
use yrs::updates::decoder::Decode;
use yrs::{Doc, Map as _, MapRef, Out, ReadTxn, Transact, Update};

struct Pair {
    ana: Replica,
    ben: Replica,
}

impl Pair {
    fn new() -> Pair {
        let origin = Replica::of_map(&base_map(), None);
        Pair {
            ana: Replica::load(&origin.state(), Some("Ana")).unwrap(),
            ben: Replica::load(&origin.state(), Some("Ben")).unwrap(),
        }
    }

    /// Both merge each other's copy; both must then show the same, and list the same fields
    /// changed in both, which come first.
    fn sync(&mut self) -> Projection {
        let (a, b) = (self.ana.state(), self.ben.state());
        let on_ana = self.ana.merge(&b).unwrap();
        let on_ben = self.ben.merge(&a).unwrap();
        assert_eq!(on_ana, on_ben, "both list the same fields changed in both");
        let mut shown = self.ana.project();
        assert_eq!(self.ben.project(), shown, "both replicas show the same");
        shown.conflicts.splice(0..0, on_ana);
        shown
    }
}

/// Applies an edit to what the replica shows and records it; returns its inverse.
fn edit(replica: &mut Replica, edit: Edit) -> Edit {
    let mut map = replica.project().map;
    let applied = apply(&mut map, edit).expect("the edit applies");
    replica.record(&map, &applied.changes);
    applied.inverse
}

fn kinds(p: &Projection) -> Vec<ConflictKind> {
    p.conflicts.iter().map(|c| c.kind).collect()
}

fn connect(id: &str, from: &str, to: &str) -> Edit {
    Edit::AddTransition { transition: Transition::new(id, from, to), index: None }
}

#[test]
fn a_connection_to_a_stage_removed_meanwhile_is_hidden_and_comes_back_when_the_removal_is_undone() {
    let mut pair = Pair::new();
    let undo = edit(&mut pair.ana, Edit::RemoveStage { id: "s3".into() });
    edit(&mut pair.ben, connect("t9", "s1", "s3"));
    let shown = pair.sync();
    assert!(shown.map.transition("t9").is_none());
    assert_eq!(kinds(&shown), [ConflictKind::HiddenTransition]);
    assert_eq!(
        shown.conflicts[0].message,
        "Ana removed the stage \"Revenue recognised\" while Ben connected \"Marketing qualified \
         lead\" → \"Revenue recognised\": the connection is hidden until the stage is back"
    );
    edit(&mut pair.ana, undo);
    let shown = pair.sync();
    assert!(shown.conflicts.is_empty(), "{:?}", shown.conflicts);
    assert_eq!(shown.map.transition("t9").map(|t| (&t.from[..], &t.to[..])), Some(("s1", "s3")));
}

#[test]
fn removing_a_stage_after_seeing_its_connections_is_no_conflict() {
    let mut pair = Pair::new();
    edit(&mut pair.ben, connect("t9", "s1", "s3"));
    pair.sync();
    edit(&mut pair.ana, Edit::RemoveStage { id: "s3".into() });
    let shown = pair.sync();
    assert!(shown.conflicts.is_empty(), "{:?}", shown.conflicts);
    assert!(shown.map.stage("s3").is_none() && shown.map.transition("t9").is_none());
}

#[test]
fn a_lane_removed_while_someone_put_a_stage_in_it_is_kept() {
    let mut pair = Pair::new();
    let members = Some(TeamMembers::MoveTo { team: "sales".into() });
    edit(&mut pair.ana, Edit::RemoveTeam { id: "fin".into(), members });
    let stage = Stage::new("s9", "Invoice sent", "fin", StageKind::Stage);
    edit(&mut pair.ben, Edit::AddStage { stage, index: None });
    let shown = pair.sync();
    assert_eq!(kinds(&shown), [ConflictKind::KeptLane]);
    assert_eq!(
        shown.conflicts[0].message,
        "Ana removed the lane \"Finance\" while Ben put the stage \"Invoice sent\" in it: the \
         lane is kept"
    );
    assert_eq!(shown.map.team("fin").map(|t| &t.name[..]), Some("Finance"));
    assert_eq!(shown.map.stage("s9").map(|s| &s.team[..]), Some("fin"));
    // Ana's move of the lane's stage and person stands.
    assert_eq!(shown.map.stage("s3").map(|s| &s.team[..]), Some("sales"));
}

#[test]
fn an_owner_removed_meanwhile_is_left_out_of_the_owners() {
    let mut pair = Pair::new();
    edit(&mut pair.ana, Edit::RemovePerson { id: "p2".into() });
    let owners = vec!["p1".to_owned(), "p2".to_owned()];
    edit(&mut pair.ben, Edit::SetOwners { target: Owned::Stage("s2".into()), owners });
    let shown = pair.sync();
    assert_eq!(kinds(&shown), [ConflictKind::DroppedOwner]);
    assert_eq!(shown.map.stage("s2").unwrap().owners, ["p1"]);
    assert!(shown.conflicts[0].message.starts_with("Ana removed Chen Li while Ben made them"));
}

#[test]
fn a_stage_bound_to_a_term_removed_meanwhile_is_unbound() {
    let mut pair = Pair::new();
    edit(&mut pair.ana, Edit::RemoveTerm { id: "mql".into() });
    let mut stage = pair.ben.project().map.stage("s2").unwrap().clone();
    stage.term = Some("mql".into());
    edit(&mut pair.ben, Edit::UpdateStage { stage });
    let shown = pair.sync();
    assert_eq!(kinds(&shown), [ConflictKind::UnboundTerm]);
    assert_eq!(shown.map.stage("s2").unwrap().term, None);
}

#[test]
fn a_definition_by_a_lane_removed_meanwhile_is_hidden() {
    let mut pair = Pair::new();
    edit(
        &mut pair.ana,
        Edit::RemoveTeam { id: "sales".into(), members: Some(TeamMembers::Delete) },
    );
    let definition = Some(Definition { text: "A meeting is booked".into(), criteria: vec![] });
    edit(
        &mut pair.ben,
        Edit::SetDefinition { term: "mql".into(), team: "sales".into(), definition },
    );
    let shown = pair.sync();
    // Ana's removal cleared Sales's definition while Ben wrote it: one of the two is kept, and
    // when it is Ben's, it is hidden with its lane.
    assert_eq!(kinds(&shown)[0], ConflictKind::SameField, "{:?}", shown.conflicts);
    let hidden = kinds(&shown).contains(&ConflictKind::HiddenDefinition);
    assert_eq!(hidden, shown.conflicts[0].message.starts_with("Ben and Ana"));
    assert!(shown.map.term("mql").unwrap().definitions.is_empty());
}

#[test]
fn two_people_changing_different_fields_of_one_stage_both_win() {
    let mut pair = Pair::new();
    edit(&mut pair.ana, Edit::RenameStage { id: "s2".into(), name: "Accepted lead".into() });
    let mut stage = pair.ben.project().map.stage("s2").unwrap().clone();
    stage.sla_hours = Some(8.0);
    edit(&mut pair.ben, Edit::UpdateStage { stage });
    let shown = pair.sync();
    let stage = shown.map.stage("s2").unwrap();
    assert_eq!((&stage.name[..], stage.sla_hours), ("Accepted lead", Some(8.0)));
    assert!(shown.conflicts.is_empty());
}

#[test]
fn the_same_field_changed_in_both_keeps_one_value_and_says_whose() {
    let mut pair = Pair::new();
    edit(&mut pair.ana, Edit::RenameStage { id: "s2".into(), name: "Accepted lead".into() });
    edit(&mut pair.ben, Edit::RenameStage { id: "s2".into(), name: "SAL".into() });
    let shown = pair.sync();
    assert_eq!(kinds(&shown), [ConflictKind::SameField]);
    let kept = &shown.map.stage("s2").unwrap().name;
    let message = &shown.conflicts[0].message;
    let (winner, loser, lost) =
        if kept == "SAL" { ("Ben", "Ana", "Accepted lead") } else { ("Ana", "Ben", "SAL") };
    assert_eq!(
        message,
        &format!(
            "{winner} and {loser} both changed the name of the stage \"{kept}\": {winner}'s \
             \"{kept}\" is kept, {loser}'s \"{lost}\" is not"
        )
    );
    // Once merged, editing on is no conflict.
    edit(&mut pair.ana, Edit::RenameStage { id: "s2".into(), name: "Accepted".into() });
    assert!(pair.sync().conflicts.is_empty());
}

#[test]
fn the_same_value_set_in_both_is_no_conflict() {
    let mut pair = Pair::new();
    edit(&mut pair.ana, Edit::RenameStage { id: "s2".into(), name: "SAL".into() });
    edit(&mut pair.ben, Edit::RenameStage { id: "s2".into(), name: "SAL".into() });
    assert!(pair.sync().conflicts.is_empty());
}

#[test]
fn two_people_adding_lanes_at_one_place_both_keep_them() {
    let mut pair = Pair::new();
    let team =
        |id: &str| throughline_core::model::Team { id: id.into(), name: id.into(), color: None };
    edit(&mut pair.ana, Edit::AddTeam { team: team("ops"), index: Some(1) });
    edit(&mut pair.ben, Edit::AddTeam { team: team("cs"), index: Some(1) });
    edit(&mut pair.ben, Edit::MoveTeam { id: "fin".into(), index: 0 });
    let shown = pair.sync();
    let lanes: Vec<&str> = shown.map.teams.iter().map(|t| &t.id[..]).collect();
    assert_eq!(lanes, ["fin", "mkt", "cs", "ops", "sales"]);
}

/// A document written by another Yjs client, not by this crate.
fn foreign(replica: &Replica, write: impl Fn(&Doc, &mut yrs::TransactionMut)) -> Vec<u8> {
    let doc = Doc::new();
    {
        let mut txn = doc.transact_mut();
        txn.apply_update(Update::decode_v1(&replica.state()).unwrap()).unwrap();
    }
    let before = doc.transact().state_vector();
    let mut txn = doc.transact_mut();
    write(&doc, &mut txn);
    drop(txn);
    doc.transact().encode_state_as_update_v1(&before)
}

fn entity(doc: &Doc, txn: &yrs::TransactionMut, collection: &str, id: &str) -> MapRef {
    let _ = doc;
    let root: MapRef = txn.get_map(collection).unwrap();
    match root.get(txn, id) {
        Some(Out::YMap(m)) => m,
        other => panic!("{id} is {other:?}"),
    }
}

#[test]
fn a_value_another_client_wrote_that_is_not_valid_is_left_out_and_said() {
    let mut ana = Replica::of_map(&base_map(), Some("Ana"));
    let update = foreign(&ana, |doc, txn| {
        let stage = entity(doc, txn, "stages", "s1");
        stage.insert(txn, "probability", "high");
        stage.insert(txn, "sla_hours", -4);
        let people: MapRef = txn.get_map("people").unwrap();
        people.insert(txn, "p9", yrs::MapPrelim::from([("name", "Dee")]));
    });
    ana.receive(&update).unwrap();
    let shown = ana.project();
    let stage = shown.map.stage("s1").unwrap();
    assert_eq!((stage.probability, stage.sla_hours), (None, None));
    assert!(shown.map.person("p9").is_none(), "a person without a lane is left out");
    let mut found = kinds(&shown);
    found.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(
        found,
        [
            ConflictKind::UnreadableEntity,
            ConflictKind::UnreadableValue,
            ConflictKind::UnreadableValue
        ]
    );
    assert!(shown.conflicts.iter().any(|c| c.message.contains("\"probability\"")));
}

#[test]
fn bytes_that_are_not_an_update_are_refused_and_change_nothing() {
    let mut ana = Replica::of_map(&base_map(), Some("Ana"));
    let before = ana.state();
    for garbage in [&b"not an update"[..], &[0xff; 64], &[1, 1, 200, 1, 0, 0]] {
        let refused = ana.receive(garbage).unwrap_err().to_string();
        assert!(refused.starts_with("the shared document's data cannot be read"), "{refused}");
    }
    assert_eq!(ana.state(), before);
    edit(&mut ana, Edit::RenameMap { name: "Still editable".into() });
    assert_eq!(ana.project().map.name, "Still editable");
}

#[test]
fn two_copies_of_one_old_file_converted_apart_merge_without_duplicates() {
    let old: Map = base_map();
    let mut ana = Replica::of_map(&old, Some("Ana"));
    let mut ben = Replica::of_map(&old, Some("Ben"));
    edit(&mut ana, Edit::RenameStage { id: "s1".into(), name: "MQL".into() });
    let mut stage = ben.project().map.stage("s1").unwrap().clone();
    stage.sla_hours = Some(12.0);
    edit(&mut ben, Edit::UpdateStage { stage });
    ana.receive(&ben.state()).unwrap();
    let shown = ana.project();
    assert_eq!(shown.map.stages.len(), old.stages.len());
    let stage = shown.map.stage("s1").unwrap();
    assert_eq!((&stage.name[..], stage.sla_hours), ("MQL", Some(12.0)));
    assert!(shown.conflicts.is_empty());
}

/// Applies an edit and gives the update it sends.
fn sent(replica: &mut Replica, e: Edit) -> Vec<u8> {
    let mut map = replica.project().map;
    let applied = apply(&mut map, e).expect("the edit applies");
    replica.record(&map, &applied.changes).expect("the edit changes the document")
}

#[test]
fn live_the_same_field_changed_at_once_is_listed_the_same_on_both_sides() {
    let mut pair = Pair::new();
    let from_ana = sent(&mut pair.ana, Edit::RenameStage { id: "s2".into(), name: "SAL".into() });
    let from_ben =
        sent(&mut pair.ben, Edit::RenameStage { id: "s2".into(), name: "Accepted".into() });
    let on_ana = pair.ana.receive_noting(&from_ben).unwrap();
    let on_ben = pair.ben.receive_noting(&from_ana).unwrap();
    assert_eq!(pair.ana.project(), pair.ben.project());
    assert_eq!(on_ana.len(), 1, "{on_ana:?}");
    assert_eq!(on_ana, on_ben, "the same words on both sides");
    assert_eq!(on_ana[0].kind, ConflictKind::SameField);
    let kept = pair.ana.project().map.stage("s2").unwrap().name.clone();
    let winner = if kept == "SAL" { "Ana" } else { "Ben" };
    assert!(on_ana[0].message.starts_with(&format!("{winner} and ")), "{}", on_ana[0].message);

    // An edit made after seeing the other's is no conflict.
    let later =
        sent(&mut pair.ben, Edit::RenameStage { id: "s2".into(), name: "Accepted lead".into() });
    assert!(pair.ana.receive_noting(&later).unwrap().is_empty());
    // Nor are different fields of one stage, or a team's definition written by one side only.
    let mut stage = pair.ben.project().map.stage("s2").unwrap().clone();
    stage.sla_hours = Some(4.0);
    let sla = sent(&mut pair.ben, Edit::UpdateStage { stage });
    let renamed =
        sent(&mut pair.ana, Edit::RenameStage { id: "s2".into(), name: "Qualified".into() });
    assert!(pair.ana.receive_noting(&sla).unwrap().is_empty());
    assert!(pair.ben.receive_noting(&renamed).unwrap().is_empty());
}

#[test]
fn live_two_definitions_of_a_term_edited_at_once_are_listed() {
    let mut pair = Pair::new();
    let define = |text: &str| Edit::SetDefinition {
        term: "mql".into(),
        team: "sales".into(),
        definition: Some(Definition { text: text.into(), criteria: vec![] }),
    };
    let from_ana = sent(&mut pair.ana, define("A meeting is booked"));
    let from_ben = sent(&mut pair.ben, define("A demo is done"));
    let on_ana = pair.ana.receive_noting(&from_ben).unwrap();
    let on_ben = pair.ben.receive_noting(&from_ana).unwrap();
    assert_eq!(on_ana, on_ben);
    assert_eq!(on_ana.len(), 1);
    assert!(
        on_ana[0].message.contains("Sales's definition of the term \"MQL\""),
        "{}",
        on_ana[0].message
    );
}
