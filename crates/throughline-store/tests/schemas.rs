//! Every released schema has a fixture file written by that release; each one must still
//! open, upgrade in place, and hold the map it was written with.

use std::path::PathBuf;

use throughline_store::{Document, schema};

fn fixtures() -> PathBuf {
    throughline_tests::fixtures().join("store")
}

/// The map every fixture holds: each fixture was written from this JSON by its release.
fn expected() -> throughline_core::Map {
    let text = std::fs::read_to_string(fixtures().join("fixture-map.json")).unwrap();
    throughline_core::json::from_str(&text).unwrap()
}

#[test]
fn there_is_a_fixture_for_every_released_schema() {
    for version in 1..=schema::LATEST {
        let path = fixtures().join(format!("schema-{version}.throughline"));
        assert!(path.exists(), "no fixture for schema {version}: add {}", path.display());
    }
}

#[test]
fn every_fixture_upgrades_and_keeps_its_map() {
    let dir = tempfile::tempdir().unwrap();
    for version in 1..=schema::LATEST {
        let fixture = fixtures().join(format!("schema-{version}.throughline"));
        // Reading never changes the fixture.
        assert_eq!(Document::read(&fixture).unwrap(), expected(), "schema {version}");

        let copy = dir.path().join(format!("schema-{version}.throughline"));
        std::fs::copy(&fixture, &copy).unwrap();
        let doc = Document::open(&copy).unwrap();
        assert_eq!(doc.map(), &expected(), "schema {version} after upgrade");
        doc.integrity_check().unwrap();
        drop(doc);
        // Opened to edit, an older file gets the digest of its map, and reads back with it.
        let digests: i64 = rusqlite::Connection::open(&copy)
            .unwrap()
            .query_row("SELECT count(*) FROM digest", [], |r| r.get(0))
            .unwrap();
        assert_eq!(digests, 1, "schema {version}");
        assert_eq!(Document::read(&copy).unwrap(), expected(), "schema {version} read again");
        let version_now: i32 = rusqlite::Connection::open(&copy)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version_now, schema::LATEST);
    }
}

#[test]
fn copies_of_one_old_file_opened_apart_get_one_document_and_merge_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let old = fixtures().join("schema-4.throughline");
    let (ana, ben) = (dir.path().join("ana.throughline"), dir.path().join("ben.throughline"));
    std::fs::copy(&old, &ana).unwrap();
    std::fs::copy(&old, &ben).unwrap();
    let mut ana = Document::open(&ana).unwrap();
    let mut ben = Document::open(&ben).unwrap();
    let stage = ana.map().stages[0].id.clone();
    ana.apply(throughline_core::Edit::RenameStage { id: stage.clone(), name: "Renamed".into() })
        .unwrap();
    let sla = ben.map().stages[1].clone();
    let mut changed = sla.clone();
    changed.sla_hours = Some(7.0);
    ben.apply(throughline_core::Edit::UpdateStage { stage: changed }).unwrap();
    let joined = ana.merge(&ben.shared_state().unwrap()).unwrap();
    assert!(joined.conflicts.is_empty(), "{:?}", joined.conflicts);
    assert_eq!(ana.map().stages.len(), expected().stages.len(), "no stage twice");
    assert_eq!(ana.map().stage(&stage).unwrap().name, "Renamed");
    assert_eq!(ana.map().stage(&sla.id).unwrap().sla_hours, Some(7.0));
    // What was merged is in the file.
    let path = ana.path().to_path_buf();
    drop(ana);
    assert_eq!(Document::read(&path).unwrap().stage(&sla.id).unwrap().sla_hours, Some(7.0));
}
