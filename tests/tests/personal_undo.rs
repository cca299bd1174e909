//! Undo is personal: with two people on one map, Ctrl+Z undoes one's own edits only, also
//! after the other's edits arrived, and never an edit over a change the other made since.

use throughline_app::Session;
use throughline_core::Edit;
use throughline_core::arbitrary::base_map;
use throughline_store::Document;

fn two_sessions(dir: &std::path::Path) -> (Session, Session) {
    let origin = dir.join("origin.throughline");
    drop(Document::create(&origin, &base_map()).unwrap());
    let open = |who: &str| {
        let path = dir.join(format!("{who}.throughline"));
        std::fs::copy(&origin, &path).unwrap();
        let mut doc = Document::open(&path).unwrap();
        doc.set_author(Some(who));
        Session::new(doc)
    };
    (open("ana"), open("ben"))
}

/// Each takes in what the other has (as a sync server would pass it on).
fn sync(a: &mut Session, b: &mut Session) {
    let (from_a, from_b) =
        (a.document().shared_state().unwrap(), b.document().shared_state().unwrap());
    a.receive(&from_b).unwrap();
    b.receive(&from_a).unwrap();
    assert_eq!(a.map(), b.map());
}

fn name(s: &Session, id: &str) -> String {
    s.map().stage(id).unwrap().name.clone()
}

fn rename(id: &str, name: &str) -> Edit {
    Edit::RenameStage { id: id.into(), name: name.into() }
}

#[test]
fn undo_takes_back_ones_own_edit_and_leaves_the_colleagues() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ana, mut ben) = two_sessions(dir.path());
    ana.apply(rename("s1", "Ana's name")).unwrap();
    ben.apply(rename("s2", "Ben's name")).unwrap();
    sync(&mut ana, &mut ben);
    ana.undo().unwrap();
    assert_eq!(name(&ana, "s1"), "Marketing qualified lead", "Ana's own edit is undone");
    assert_eq!(name(&ana, "s2"), "Ben's name", "Ben's edit stays");
    sync(&mut ana, &mut ben);
    assert_eq!(name(&ben, "s1"), "Marketing qualified lead", "the undo reaches Ben too");
    assert_eq!(name(&ben, "s2"), "Ben's name");
    // Ben's own undo is his.
    ben.undo().unwrap();
    assert_eq!(name(&ben, "s2"), "Sales accepted lead");
}

#[test]
fn an_undo_over_a_colleagues_later_change_is_refused_and_the_one_before_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ana, mut ben) = two_sessions(dir.path());
    ana.apply(rename("s1", "First")).unwrap();
    ana.apply(rename("s3", "Ana's revenue")).unwrap();
    sync(&mut ana, &mut ben);
    ben.apply(rename("s3", "Ben's revenue")).unwrap();
    sync(&mut ana, &mut ben);
    let refused = ana.undo().unwrap_err().to_string();
    assert!(refused.contains("a colleague changed this since your edit"), "{refused}");
    assert_eq!(name(&ana, "s3"), "Ben's revenue", "Ben's change stays");
    // The next undo goes on to Ana's edit before.
    ana.undo().unwrap();
    assert_eq!(name(&ana, "s1"), "Marketing qualified lead");
    assert_eq!(name(&ana, "s3"), "Ben's revenue");
}

#[test]
fn a_colleagues_change_to_another_field_of_the_same_stage_does_not_stop_the_undo() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ana, mut ben) = two_sessions(dir.path());
    ana.apply(rename("s1", "Ana's name")).unwrap();
    sync(&mut ana, &mut ben);
    let owners = Edit::SetOwners {
        target: throughline_core::edit::Owned::Stage("s1".into()),
        owners: vec!["p2".into()],
    };
    ben.apply(owners).unwrap();
    sync(&mut ana, &mut ben);
    ana.undo().unwrap();
    assert_eq!(name(&ana, "s1"), "Marketing qualified lead", "Ana's rename is undone");
    assert_eq!(ana.map().stage("s1").unwrap().owners, ["p2"], "Ben's owner stays");
    sync(&mut ana, &mut ben);
    assert_eq!(name(&ben, "s1"), "Marketing qualified lead");
    assert_eq!(ben.map().stage("s1").unwrap().owners, ["p2"]);
}

#[test]
fn two_teams_definitions_of_one_term_are_undone_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ana, mut ben) = two_sessions(dir.path());
    let define = |team: &str, text: &str| Edit::SetDefinition {
        term: "mql".into(),
        team: team.into(),
        definition: Some(throughline_core::model::Definition {
            text: text.into(),
            criteria: vec![],
        }),
    };
    ana.apply(define("mkt", "Ana's words")).unwrap();
    sync(&mut ana, &mut ben);
    ben.apply(define("fin", "Ben's words")).unwrap();
    sync(&mut ana, &mut ben);
    ana.undo().unwrap();
    let term = ana.map().term("mql").unwrap();
    let texts: Vec<_> =
        term.definitions.iter().map(|d| (d.team.as_str(), d.text.as_str())).collect();
    assert_eq!(texts, [("sales", "Has a booked meeting"), ("fin", "Ben's words")]);
}
