//! First, do no harm: a damaged file — flipped bytes, a truncation, a stranger's log beside
//! it — is refused or read, never half-read, and the file and everything beside it stay byte
//! for byte as they were, whether it was opened to read or to edit.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rusqlite::Connection;
use throughline_core::arbitrary;
use throughline_core::generate::large_map;
use throughline_store::{Document, StoreError};

/// The files SQLite keeps beside a database.
fn beside(path: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|s| {
            let mut name = path.as_os_str().to_owned();
            name.push(s);
            PathBuf::from(name)
        })
        .collect()
}

/// Every file at and beside `path`, with its bytes (`None` where there is none).
fn files(path: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    std::iter::once(path.to_path_buf())
        .chain(beside(path))
        .map(|p| {
            let bytes = std::fs::read(&p).ok();
            (p, bytes)
        })
        .collect()
}

fn written_map() -> throughline_core::Map {
    large_map(30, 40, 1)
}

fn healthy(dir: &Path) -> (PathBuf, Vec<u8>) {
    let path = dir.join("healthy.throughline");
    drop(Document::create(&path, &written_map()).unwrap());
    let bytes = std::fs::read(&path).unwrap();
    (path, bytes)
}

/// Reading and opening `path` either works, giving back the map that was written, or is
/// refused; a refusal leaves every file as it was, and reading never changes anything.
fn refused_unchanged_or_read(path: &Path) -> Result<(), TestCaseError> {
    let before = files(path);
    let read = Document::read(path);
    prop_assert_eq!(&files(path), &before, "reading changed a file");
    let opened = Document::open(path);
    match (&read, &opened) {
        (_, Err(refused)) => {
            prop_assert_eq!(&files(path), &before, "a refused open changed a file: {}", refused);
            prop_assert!(!refused.to_string().contains("Invalid column type"), "{}", refused);
        }
        (Err(e), Ok(_)) => prop_assert!(false, "read refused ({}) but open accepted", e),
        (Ok(map), Ok(doc)) => {
            prop_assert_eq!(map, doc.map());
            // Never another map than the one written: a flip in a name or a position is
            // found by the digest, not shown as if the user had written it.
            prop_assert_eq!(map, &written_map());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn flipped_bytes(flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut bytes) = healthy(dir.path());
        for (at, mask) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= mask;
        }
        std::fs::write(&path, &bytes).unwrap();
        refused_unchanged_or_read(&path)?;
    }

    #[test]
    fn truncations(keep in 0.0f64..1.0) {
        let dir = tempfile::tempdir().unwrap();
        let (path, bytes) = healthy(dir.path());
        std::fs::write(&path, &bytes[..(bytes.len() as f64 * keep) as usize]).unwrap();
        refused_unchanged_or_read(&path)?;
        prop_assert!(Document::read(&path).is_err(), "a truncated map was accepted");
    }
}

#[test]
fn a_strangers_log_beside_a_healthy_map_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = healthy(dir.path());
    // Another database's write-ahead log, caught before it was folded back.
    let other = dir.path().join("other.db");
    let conn = Connection::open(&other).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
         CREATE TABLE t (x); INSERT INTO t SELECT zeroblob(3000) FROM generate_series(1, 60);",
    )
    .ok();
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS t (x);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
         INSERT INTO t SELECT zeroblob(3000) FROM n;",
    )
    .unwrap();
    let mut wal = other.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::copy(PathBuf::from(wal), &beside(&path)[0]).unwrap();
    drop(conn);

    let before = files(&path);
    let read = Document::read(&path);
    assert_eq!(files(&path), before, "reading changed a file");
    if let Err(e) = &read {
        assert!(matches!(e, StoreError::Damaged { .. } | StoreError::NotAMap { .. }), "{e}");
    }
    if Document::open(&path).is_err() {
        assert_eq!(files(&path), before, "a refused open changed a file");
    }
}

#[test]
fn reading_a_map_left_by_a_crash_leaves_its_log_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crashed.throughline");
    let mut doc = Document::create(&path, &arbitrary::base_map()).unwrap();
    doc.apply(throughline_core::Edit::RenameMap { name: "After the crash".into() }).unwrap();
    // A crash: the log holds the last edit; nothing folds it back.
    let copy = dir.path().join("copy.throughline");
    std::fs::copy(&path, &copy).unwrap();
    std::fs::copy(&beside(&path)[0], &beside(&copy)[0]).unwrap();
    drop(doc);

    let before = files(&copy);
    assert_eq!(Document::read(&copy).unwrap().name, "After the crash", "the log is read");
    assert_eq!(files(&copy), before, "and left where it was");
    assert!(!beside(&copy)[1].exists(), "no shared-memory file was made");
    // Opened to edit, the log is folded in: the last edit is kept.
    assert_eq!(Document::open(&copy).unwrap().map().name, "After the crash");
}

#[test]
fn text_changed_behind_the_apps_back_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = healthy(dir.path());
    let mut doc = Document::open(&path).unwrap();
    doc.save_version("Workshop 1").unwrap();
    drop(doc);
    // Another program (or a flipped bit) changes one stage's name: SQLite's own checks pass.
    let conn = Connection::open(&path).unwrap();
    conn.execute("UPDATE stages SET name = name || 'x' WHERE rowid = 3", []).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap();
    drop(conn);

    let before = files(&path);
    for refused in [Document::read(&path).unwrap_err(), Document::open(&path).err().unwrap()] {
        assert!(matches!(refused, StoreError::Damaged { .. }), "{refused}");
        assert!(refused.to_string().contains("not what Throughline last saved"), "{refused}");
    }
    assert_eq!(files(&path), before, "a refusal changed a file");
}

#[test]
fn a_changed_version_is_refused_when_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = healthy(dir.path());
    let mut doc = Document::open(&path).unwrap();
    let version = doc.save_version("Workshop 1").unwrap();
    drop(doc);
    let conn = Connection::open(&path).unwrap();
    conn.execute("UPDATE versions SET map_json = replace(map_json, 'Stage', 'Stagf')", []).unwrap();
    drop(conn);

    // The current map is sound and opens; the changed version is refused by name.
    let doc = Document::open(&path).unwrap();
    let refused = doc.version_map(throughline_store::VersionRef::Saved(version.id)).unwrap_err();
    assert!(refused.to_string().contains(&format!("version {}", version.id)), "{refused}");
    assert!(refused.to_string().contains("not what Throughline saved"), "{refused}");
}
