//! One writer per map: a second writer is refused with who holds the map, and a document
//! whose file another program changed stops writing instead of overwriting it.

use rusqlite::Connection;
use throughline_core::arbitrary;
use throughline_core::{Edit, Map};
use throughline_store::{Document, StoreError, lock_path};

fn rename(name: &str) -> Edit {
    Edit::RenameMap { name: name.into() }
}

#[test]
fn a_second_writer_is_refused_naming_the_holder_and_may_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.throughline");
    let mut first = Document::create(&path, &arbitrary::base_map()).unwrap();
    assert!(lock_path(&path).exists(), "the lock file sits beside the map");

    let refused = Document::open(&path).unwrap_err();
    let StoreError::Locked { holder, .. } = &refused else { panic!("{refused}") };
    assert!(holder.contains(&format!("process {}", std::process::id())), "{holder}");
    assert!(refused.to_string().contains("open for editing elsewhere"), "{refused}");

    // Reading is never refused, and the reader cannot write.
    let mut reader = Document::open_read_only(&path).unwrap();
    let read_only = reader.apply(rename("From the reader")).unwrap_err();
    assert!(matches!(read_only, StoreError::ReadOnly { .. }), "{read_only}");

    first.apply(rename("Still mine")).unwrap();
    drop(first);
    assert!(!lock_path(&path).exists(), "closing removes the lock file");
    let mut second = Document::open(&path).expect("the lock went with the first writer");
    assert_eq!(second.map().name, "Still mine");
    second.apply(rename("Now mine")).unwrap();
}

#[test]
fn a_file_replaced_under_an_open_map_stops_it_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.throughline");
    let mut open = Document::create(&path, &arbitrary::base_map()).unwrap();
    // Another program (a sync client, a copy) moves another map over the path.
    let other = dir.path().join("other.throughline");
    drop(Document::create(&other, &Map::new("Someone else's")).unwrap());
    std::fs::rename(&other, &path).unwrap();

    let refused = open.apply(rename("Lost?")).unwrap_err();
    assert!(matches!(refused, StoreError::ChangedElsewhere { .. }), "{refused}");
    // Its write-ahead log, named after the path, no longer holds anything to fold into the
    // file that is there now.
    let wal = dir.path().join("map.throughline-wal");
    assert!(std::fs::metadata(&wal).map_or(0, |m| m.len()) == 0, "a stale log is left");
    assert_eq!(Document::read(&path).unwrap().name, "Someone else's");
    // It stays stopped, and the file keeps the other program's map.
    assert!(open.is_read_only());
    assert!(open.apply(rename("Again")).is_err());
    drop(open);
    assert_eq!(Document::read(&path).unwrap().name, "Someone else's");
}

#[test]
fn a_write_by_another_connection_stops_the_map_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.throughline");
    let mut open = Document::create(&path, &arbitrary::base_map()).unwrap();
    open.apply(rename("Ours")).unwrap();
    // A program that ignores the lock writes the file.
    let foreign = Connection::open(&path).unwrap();
    foreign.execute("UPDATE map SET name = 'Theirs'", []).unwrap();
    drop(foreign);

    let refused = open.apply(rename("Ours again")).unwrap_err();
    assert!(matches!(refused, StoreError::ChangedElsewhere { .. }), "{refused}");
    assert!(refused.to_string().contains("changed by another program"), "{refused}");
    drop(open);
    // Their write is kept as they left it; reading it says it is not what the app wrote.
    let name: String = Connection::open(&path)
        .unwrap()
        .query_row("SELECT name FROM map", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Theirs", "their write is kept");
    let read = Document::read(&path).unwrap_err().to_string();
    assert!(read.contains("changed by another program"), "{read}");
}
