//! The .throughline document as a user meets it: create, edit, reopen, save as, versions,
//! and files that are not maps.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rusqlite::Connection;
use throughline_core::arbitrary;
use throughline_core::edit::Owned;
use throughline_core::generate::large_map;
use throughline_core::{Edit, Rule};
use throughline_store::{Document, StoreError, VersionRef};

fn temp_path(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

fn new_doc(dir: &tempfile::TempDir) -> (Document, PathBuf) {
    let path = temp_path(dir, "map.throughline");
    (Document::create(&path, &arbitrary::base_map()).expect("create"), path)
}

#[test]
fn a_created_map_reopens_identical() {
    let dir = tempfile::tempdir().unwrap();
    let map = large_map(400, 600, 3);
    let path = temp_path(&dir, "large.throughline");
    drop(Document::create(&path, &map).unwrap());
    assert_eq!(Document::open(&path).unwrap().map(), &map);
    assert_eq!(Document::read(&path).unwrap(), map);
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, path) = new_doc(&dir);
    drop(doc);
    let error = Document::create(&path, &arbitrary::base_map()).unwrap_err();
    assert!(matches!(error, StoreError::AlreadyExists { .. }), "{error}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// After every edit, a second reader of the file sees exactly the editor's map: every
    /// edit is on disk the moment it returns.
    #[test]
    fn every_edit_is_on_disk_at_once(edits in prop::collection::vec(arbitrary::edit(), 1..12)) {
        let dir = tempfile::tempdir().unwrap();
        let (mut doc, path) = new_doc(&dir);
        for edit in edits {
            let before = doc.map().clone();
            if doc.apply(edit).is_ok() {
                prop_assert_eq!(&Document::read(&path).unwrap(), doc.map());
            } else {
                prop_assert_eq!(doc.map(), &before);
            }
        }
        let expected = doc.map().clone();
        drop(doc);
        let reopened = Document::open(&path).unwrap();
        prop_assert_eq!(reopened.map(), &expected);
    }
}

#[test]
fn the_file_is_in_wal_mode_while_open_and_one_file_when_closed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, path) = new_doc(&dir);
    doc.apply(Edit::RenameMap { name: "Renamed".into() }).unwrap();
    let mode: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(doc);
    assert!(!wal_path(&path).exists(), "the log is folded back on close");
    let mode: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    assert_eq!(Document::read(&path).unwrap().name, "Renamed");
}

fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

#[test]
fn save_as_copies_and_continues_in_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, path) = new_doc(&dir);
    let copy = temp_path(&dir, "copy.throughline");
    doc.save_as(&copy).unwrap();
    assert_eq!(doc.path(), copy);
    doc.apply(Edit::RenameMap { name: "Only in the copy".into() }).unwrap();
    drop(doc);
    assert_eq!(Document::read(&copy).unwrap().name, "Only in the copy");
    assert_eq!(Document::read(&path).unwrap().name, "Inbound lead to revenue");
}

#[test]
fn versions_snapshot_compare_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, path) = new_doc(&dir);
    let v1 = doc.save_version("Before the workshop").unwrap();
    assert_eq!(v1.name, "Before the workshop");
    assert_eq!(v1.created_at.len(), "2026-11-23T10:00:00Z".len());

    // Name an owner for the unowned handoff t2 and remove a stage.
    doc.apply(Edit::SetOwners {
        target: Owned::Transition("t2".into()),
        owners: vec!["p1".into()],
    })
    .unwrap();
    doc.apply(Edit::RemoveStage { id: "s0".into() }).unwrap();

    let diff = doc.compare(VersionRef::Saved(v1.id), VersionRef::Current).unwrap();
    assert_eq!(
        diff.stages.removed.iter().map(|n| &n.name[..]).collect::<Vec<_>>(),
        vec!["Website visitor"]
    );
    assert_eq!(diff.transitions.changed[0].id, "t2");
    assert_eq!(diff.transitions.changed[0].fields, vec!["owners"]);
    assert!(diff.fixed.iter().any(|f| f.rule == Rule::HandoffWithoutOwner && f.subjects == ["t2"]));
    assert!(diff.appeared.iter().any(|f| f.rule == Rule::NoPathToRevenue), "{:?}", diff.appeared);

    let edited = doc.map().clone();
    let backup = doc.restore(v1.id).unwrap();
    assert_eq!(backup.name, "Before restoring “Before the workshop”");
    assert_eq!(doc.map(), &arbitrary::base_map());
    assert_eq!(doc.version_map(VersionRef::Saved(backup.id)).unwrap(), edited);
    let names: Vec<String> = doc.versions().unwrap().into_iter().map(|v| v.name).collect();
    assert_eq!(names, vec!["Before the workshop", "Before restoring “Before the workshop”"]);
    drop(doc);
    assert_eq!(Document::read(&path).unwrap(), arbitrary::base_map());

    let doc = Document::open(&path).unwrap();
    assert!(matches!(doc.version_map(VersionRef::Saved(99)), Err(StoreError::UnknownVersion(99))));
}

/// Opening must fail with a clear message and leave the file byte-for-byte as it was.
fn refused_unchanged(path: &Path) -> StoreError {
    let before = std::fs::read(path).unwrap();
    let error = Document::open(path).expect_err("the file should be refused");
    assert!(std::fs::read(path).unwrap() == before, "the file was changed");
    let read_error = Document::read(path).expect_err("reading should fail too");
    assert_eq!(read_error.to_string(), error.to_string());
    assert!(std::fs::read(path).unwrap() == before, "the file was changed");
    assert!(!wal_path(path).exists());
    error
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_path(&dir, "notes.throughline");
    std::fs::write(&path, "These are meeting notes, not a map.\n".repeat(50)).unwrap();
    let error = refused_unchanged(&path);
    assert!(matches!(error, StoreError::NotSqlite { .. }));
    assert!(error.to_string().contains("notes.throughline: not a Throughline map"), "{error}");

    std::fs::write(&path, arbitrary::BASE_JSON).unwrap();
    assert!(matches!(refused_unchanged(&path), StoreError::NotSqlite { .. }));

    std::fs::write(&path, b"").unwrap();
    assert!(matches!(refused_unchanged(&path), StoreError::NotAMap { .. }));
}

#[test]
fn a_foreign_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_path(&dir, "crm.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO contacts (email) VALUES ('a@b.c');").unwrap();
    drop(conn);
    let error = refused_unchanged(&path);
    assert!(matches!(error, StoreError::NotAMap { .. }));
    assert!(error.to_string().contains("SQLite database of another application"));
}

#[test]
fn a_map_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, path) = new_doc(&dir);
    drop(doc);
    Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    let error = refused_unchanged(&path);
    assert!(matches!(error, StoreError::NewerSchema { found: 99, .. }), "{error}");
    assert!(error.to_string().contains("newer version of Throughline"));
}

#[test]
fn a_damaged_map_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_path(&dir, "big.throughline");
    drop(Document::create(&path, &large_map(300, 450, 1)).unwrap());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let error = refused_unchanged(&path);
    assert!(matches!(error, StoreError::Damaged { .. } | StoreError::Sqlite { .. }), "{error:?}");

    // A map whose rows break the map's rules, e.g. edited by hand with sqlite3.
    let path = temp_path(&dir, "hand-edited.throughline");
    drop(Document::create(&path, &arbitrary::base_map()).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("UPDATE stages SET name = '' WHERE id = 's1'").unwrap();
    drop(conn);
    let error = refused_unchanged(&path);
    assert!(matches!(error, StoreError::Damaged { .. }), "{error:?}");
    assert!(error.to_string().contains("a name must not be empty"), "{error}");
}

#[test]
fn a_missing_file_is_named() {
    let error = Document::open("/nonexistent/dir/map.throughline").unwrap_err();
    assert_eq!(error.to_string(), "/nonexistent/dir/map.throughline: no such file");
}

/// A stage history of the base map: one record entering its first stage.
fn history_of(
    map: &throughline_core::Map,
    dir: &tempfile::TempDir,
    name: &str,
) -> throughline_history::History {
    let log = dir.path().join(name);
    std::fs::write(&log, format!("case,activity,timestamp\nA,{},2025-01-01\n", map.stages[0].id))
        .unwrap();
    throughline_history::history(map, &log, &throughline_history::Columns::default()).unwrap()
}

#[test]
fn the_stage_history_is_kept_with_the_map_replaced_by_the_next_and_kept_by_versions() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, path) = new_doc(&dir);
    assert_eq!(doc.history().unwrap(), None);
    let before = doc.save_version("Before the history").unwrap();
    let first = history_of(doc.map(), &dir, "january.csv");
    doc.set_history(Some(&first)).unwrap();
    let with_first = doc.save_version("With January").unwrap();
    let second = history_of(doc.map(), &dir, "february.csv");
    doc.set_history(Some(&second)).unwrap();
    drop(doc);

    let mut doc = Document::open(&path).unwrap();
    assert_eq!(doc.history().unwrap().map(|h| h.log.name), Some("february.csv".to_owned()));
    assert_eq!(doc.version_history(with_first.id).unwrap(), Some(first.clone()));
    assert_eq!(doc.version_history(before.id).unwrap(), None);
    // Restoring a version brings back the history it had.
    doc.restore(with_first.id).unwrap();
    assert_eq!(doc.history().unwrap(), Some(first));
    doc.restore(before.id).unwrap();
    assert_eq!(doc.history().unwrap(), None);
    doc.set_history(Some(&second)).unwrap();
    doc.set_history(None).unwrap();
    assert_eq!(doc.history().unwrap(), None);
    drop(doc);

    // A map open read-only keeps its history as it is.
    let mut doc = Document::open(&path).unwrap();
    doc.set_history(Some(&second)).unwrap();
    let mut other = Document::open_read_only(&path).unwrap();
    assert_eq!(other.history().unwrap(), Some(second.clone()));
    assert!(matches!(other.set_history(None), Err(StoreError::ReadOnly { .. })));
}

#[test]
fn a_crm_configuration_is_kept_with_the_map_and_replaced_by_a_newer_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.throughline");
    let map = throughline_core::arbitrary::base_map();
    let project =
        throughline_tests::in_workspace("assets/samples/crm/enterprise-salesforce-asc606");
    let config = throughline_crm::read(&[project]).unwrap();
    let mut doc = Document::create(&path, &map).unwrap();
    assert_eq!(doc.crm().unwrap(), None);
    let kept = doc.set_crm(Some(&config)).unwrap().unwrap();
    assert_eq!(kept.config, config);
    assert!(kept.attached_at.ends_with('Z'), "{}", kept.attached_at);
    drop(doc);
    // Read back, whole and checked against the digest.
    let doc = Document::open(&path).unwrap();
    assert_eq!(doc.crm().unwrap().unwrap().config, config);
    drop(doc);
    let mut doc = Document::open(&path).unwrap();
    assert_eq!(doc.set_crm(None).unwrap(), None);
    drop(doc);
    assert_eq!(Document::open_read_only(&path).unwrap().crm().unwrap(), None);
}
