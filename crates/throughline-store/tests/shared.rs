//! The map's replicated document in the file: every edit written with the update that
//! carries it, in the same transaction; colleagues' updates and other copies taken in as
//! exactly the parts they change; nothing taken in that is not an update.

use std::path::Path;

use rusqlite::Connection;
use throughline_core::arbitrary::base_map;
use throughline_core::model::{EntityKind, Stage, StageKind, Transition};
use throughline_core::{Change, Edit};
use throughline_replica::ConflictKind;
use throughline_store::{Document, StoreError};

fn rows(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM shared_updates", [], |r| r.get(0))
        .unwrap()
}

fn copies(dir: &Path) -> (Document, Document) {
    let origin = dir.join("origin.throughline");
    drop(Document::create(&origin, &base_map()).unwrap());
    let (a, b) = (dir.join("ana.throughline"), dir.join("ben.throughline"));
    std::fs::copy(&origin, &a).unwrap();
    std::fs::copy(&origin, &b).unwrap();
    let (mut ana, mut ben) = (Document::open(&a).unwrap(), Document::open(&b).unwrap());
    ana.set_author(Some("Ana"));
    ben.set_author(Some("Ben"));
    (ana, ben)
}

#[test]
fn each_edit_is_kept_with_its_update_and_the_document_shows_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.throughline");
    let mut doc = Document::create(&path, &base_map()).unwrap();
    for name in ["One", "Two", "Three"] {
        let (_, update) =
            doc.apply_sending(Edit::RenameStage { id: "s1".into(), name: name.into() }).unwrap();
        assert!(update.is_some());
    }
    let (_, nothing) =
        doc.apply_sending(Edit::RenameStage { id: "s1".into(), name: "Three".into() }).unwrap();
    assert_eq!(nothing, None, "an edit that changes nothing sends nothing");
    let map = doc.map().clone();
    drop(doc);
    assert_eq!(rows(&path), 4, "the new map, then one row per edit");
    let state = Document::open_read_only(&path).unwrap().shared_state().unwrap();
    let replica = throughline_replica::Replica::load(&state, None).unwrap();
    assert_eq!(replica.project().map, map);
}

#[test]
fn a_colleagues_update_changes_exactly_what_it_carries_and_is_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ana, mut ben) = copies(dir.path());
    let stage = Stage::new("s9", "Demo", "sales", StageKind::Stage);
    let (_, added) = ben.apply_sending(Edit::AddStage { stage, index: None }).unwrap();
    let (_, connected) = ben
        .apply_sending(Edit::AddTransition {
            transition: Transition::new("t9", "s2", "s9"),
            index: None,
        })
        .unwrap();
    // Updates may arrive in any order: the connection before its stage shows nothing yet.
    let early = ana.receive(&connected.unwrap()).unwrap();
    assert!(ana.map().transition("t9").is_none());
    assert!(early.changes.is_empty(), "{:?}", early.changes);
    let joined = ana.receive(&added.unwrap()).unwrap();
    let expected = [
        Change::Stage("s9".into()),
        Change::Transition("t9".into()),
        Change::Order(EntityKind::Stage),
        Change::Order(EntityKind::Transition),
    ];
    assert_eq!(joined.changes, expected);
    assert!(joined.conflicts.is_empty());
    assert_eq!(ana.map(), ben.map());
    let path = ana.path().to_path_buf();
    drop(ana);
    assert_eq!(&Document::read(&path).unwrap(), ben.map(), "what was received is in the file");
}

#[test]
fn copies_edited_apart_merge_with_their_conflicts_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ana, mut ben) = copies(dir.path());
    ana.apply(Edit::RemoveStage { id: "s3".into() }).unwrap();
    ben.apply(Edit::AddTransition { transition: Transition::new("t9", "s1", "s3"), index: None })
        .unwrap();
    ana.apply(Edit::RenameStage { id: "s2".into(), name: "SAL".into() }).unwrap();
    ben.apply(Edit::RenameStage { id: "s2".into(), name: "Accepted".into() }).unwrap();
    let (from_ana, from_ben) = (ana.shared_state().unwrap(), ben.shared_state().unwrap());
    let on_ana = ana.merge(&from_ben).unwrap();
    let on_ben = ben.merge(&from_ana).unwrap();
    assert_eq!(on_ana.conflicts, on_ben.conflicts, "both copies list the same");
    let kinds: Vec<ConflictKind> = on_ana.conflicts.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [ConflictKind::SameField, ConflictKind::HiddenTransition]);
    assert_eq!(ana.map(), ben.map());
    assert_eq!(ana.conflicts(), ben.conflicts());
    // Merging again changes nothing.
    let again = ana.merge(&ben.shared_state().unwrap()).unwrap();
    assert!(again.changes.is_empty());
}

#[test]
fn bytes_that_are_not_an_update_are_refused_and_leave_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ana, _) = copies(dir.path());
    let before = ana.map().clone();
    let rows_before = rows(ana.path());
    for garbage in [&b"hello"[..], &[5, 1, 200], &[0xff; 40]] {
        match ana.receive(garbage) {
            Err(StoreError::Shared { source, .. }) => {
                assert!(
                    source.to_string().starts_with("the shared document's data cannot be read")
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(ana.merge(garbage), Err(StoreError::Shared { .. })));
    }
    assert_eq!(ana.map(), &before);
    assert_eq!(rows(ana.path()), rows_before);
    ana.apply(Edit::RenameMap { name: "Still editable".into() }).unwrap();
}

#[test]
fn a_saved_version_and_a_long_run_of_edits_fold_the_rows_into_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.throughline");
    let mut doc = Document::create(&path, &base_map()).unwrap();
    for i in 0..520 {
        doc.apply(Edit::RenameStage { id: "s1".into(), name: format!("Name {i}") }).unwrap();
    }
    let map = doc.map().clone();
    drop(doc);
    assert_eq!(rows(&path), 521);
    let mut doc = Document::open(&path).unwrap();
    assert_eq!(rows(&path), 1, "folded when opened to edit");
    assert_eq!(doc.map(), &map);
    doc.apply(Edit::RenameStage { id: "s1".into(), name: "Again".into() }).unwrap();
    assert_eq!(rows(&path), 2);
    doc.save_version("Workshop").unwrap();
    assert_eq!(rows(&path), 1, "folded when a version is saved");
}

#[test]
fn a_shared_document_that_cannot_be_read_is_refused_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.throughline");
    drop(Document::create(&path, &base_map()).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE shared_updates SET update_v1 = x'01ff02'", [])
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let refused = Document::open(&path).unwrap_err().to_string();
    assert!(refused.contains("its shared document cannot be read"), "{refused}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    // The map itself still reads.
    assert_eq!(Document::read(&path).unwrap(), base_map());
}

#[test]
fn a_map_joined_into_an_empty_file_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let origin = Document::create(dir.path().join("origin.throughline"), &base_map()).unwrap();
    let path = dir.path().join("joined.throughline");
    let mut joined =
        Document::create_shared(&path, throughline_replica::Replica::new(Some("Ben"))).unwrap();
    assert_eq!(joined.map().name, throughline_replica::UNNAMED);
    joined.receive(&origin.shared_state().unwrap()).unwrap();
    assert_eq!(joined.map(), origin.map());
    drop(joined);
    assert_eq!(&Document::read(&path).unwrap(), origin.map());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Whatever a colleague did, what is taken in is written so that the file reads back as
    /// the map shown.
    #[test]
    fn what_is_received_reads_back_from_the_file(
        edits in proptest::collection::vec(throughline_core::arbitrary::edit(), 1..12)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut ana, mut ben) = copies(dir.path());
        for e in edits {
            let _ = ben.apply(e);
        }
        ana.receive(&ben.shared_state().unwrap()).unwrap();
        proptest::prop_assert_eq!(ana.map(), ben.map());
        let path = ana.path().to_path_buf();
        drop(ana);
        proptest::prop_assert_eq!(&Document::read(&path).unwrap(), ben.map());
    }
}
