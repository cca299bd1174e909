//! The whole pipe, as the UI lives it: an edit goes through the app's session into the
//! document (and the file); the update that comes back, replayed on the UI's last snapshot,
//! gives exactly the map and findings that a fresh snapshot and the file hold.

use proptest::prelude::*;
use serde_json::{Value, json};
use throughline_app::Session;
use throughline_core::arbitrary;
use throughline_store::Document;

/// What the UI does with an update (`ui/src/patch.ts`), over JSON: lists the update did not
/// touch stay, the others follow the sent order with changed entities replaced; a finding
/// sent as a number is the one at that place in the previous list.
fn replay(snapshot: &Value, update: &Value) -> Value {
    let mut next = snapshot.clone();
    let patch = &update["patch"];
    let map = next["map"].as_object_mut().expect("a map");
    for list in ["teams", "people", "stages", "transitions", "terms"] {
        let Some(sent) = patch[list].as_object() else { continue };
        let before = map[list].as_array().cloned().unwrap_or_default();
        let changed = sent["changed"].as_array().expect("changed entities");
        let find = |id: &Value, items: &[Value]| items.iter().find(|e| &e["id"] == id).cloned();
        let after: Vec<Value> = sent["order"]
            .as_array()
            .expect("an order")
            .iter()
            .map(|id| find(id, changed).or_else(|| find(id, &before)).expect("a known id"))
            .collect();
        map.insert(list.to_owned(), Value::Array(after));
    }
    map.insert("name".into(), patch["name"].clone());
    match &patch["description"] {
        Value::Null => map.remove("description"),
        text => map.insert("description".into(), text.clone()),
    };
    map.insert("waivers".into(), patch["waivers"].clone());
    if patch["severities"].as_object().is_some_and(serde_json::Map::is_empty) {
        map.remove("severities");
    } else {
        map.insert("severities".into(), patch["severities"].clone());
    }
    let before = snapshot["analysis"]["findings"].as_array().expect("findings").clone();
    let findings: Vec<Value> = update["findings"]
        .as_array()
        .expect("a findings patch")
        .iter()
        .map(|f| f.as_u64().map_or_else(|| f.clone(), |i| before[i as usize].clone()))
        .collect();
    next["analysis"] =
        json!({ "findings": findings, "waived": update["waived"], "summary": update["summary"] });
    for key in ["revision", "path", "can_undo", "can_redo"] {
        next[key] = update[key].clone();
    }
    next
}

/// One step a user can take: an edit (often refused: the strategies are not aware of the
/// map), undo or redo.
#[derive(Debug, Clone)]
enum Step {
    Edit(Box<throughline_core::Edit>),
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => arbitrary::edit().prop_map(|e| Step::Edit(Box::new(e))),
        1 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn updates_replayed_on_the_snapshot_are_the_map_in_the_session_and_the_file(
        steps in prop::collection::vec(step(), 1..24)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map.throughline");
        let document = Document::create(&path, &arbitrary::base_map()).unwrap();
        let mut session = Session::new(document);
        let mut ui = serde_json::to_value(session.snapshot()).unwrap();
        for step in steps {
            let result = match step {
                Step::Edit(edit) => session.apply(*edit),
                Step::Undo => session.undo(),
                Step::Redo => session.redo(),
            };
            // A refused edit changes nothing and sends nothing: the UI keeps its revision.
            let Ok(update) = result else { continue };
            let update = serde_json::to_value(update).unwrap();
            prop_assert_eq!(&update["revision"], &json!(ui["revision"].as_u64().unwrap() + 1));
            ui = replay(&ui, &update);
        }
        let fresh = serde_json::to_value(session.snapshot()).unwrap();
        prop_assert_eq!(&ui, &fresh);
        let on_disk = serde_json::to_value(Document::read(&path).unwrap()).unwrap();
        prop_assert_eq!(&ui["map"], &on_disk);
    }
}

#[test]
fn a_restored_version_is_a_new_revision_with_no_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.throughline");
    let mut session = Session::new(Document::create(&path, &arbitrary::base_map()).unwrap());
    let first = session.snapshot().revision;
    let version = session.document_mut().save_version("Before").unwrap();
    let renamed = session
        .apply(throughline_core::Edit::RenameMap { name: "Renamed".into() })
        .expect("renames");
    assert_eq!(renamed.revision, first + 1);
    session.document_mut().restore(version.id).unwrap();
    let restored = session.replaced();
    assert_eq!(restored.revision, first + 2, "updates patched against the old map are stale");
    assert!(!restored.can_undo && !restored.can_redo);
    assert_eq!(restored.map.name, arbitrary::base_map().name);
}

/// The UI's unit tests draw a small journey kept beside the other fixtures; it must be a map
/// the core accepts, or those tests test nothing real.
#[test]
fn the_ui_fixture_is_a_valid_map() {
    let path = throughline_tests::fixtures().join("ui-journey.json");
    let text = std::fs::read_to_string(&path).expect("the UI's fixture");
    let map = throughline_core::json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let handoffs = throughline_core::analyze(&map).summary.handoffs;
    assert_eq!((map.teams.len(), map.stages.len(), handoffs), (2, 3, 1));
}
