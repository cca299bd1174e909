//! Comparing two versions says what each changed field was and became, in people's words.

use throughline_core::compare::{FieldChange, compare};
use throughline_core::json;

fn sample() -> throughline_core::Map {
    let text =
        std::fs::read_to_string(throughline_tests::sample_path("inbound-b2b-saas-hubspot.json"))
            .unwrap();
    json::from_str(&text).unwrap()
}

fn change(field: &str, before: &str, after: &str) -> FieldChange {
    FieldChange { field: field.into(), before: before.into(), after: after.into() }
}

#[test]
fn changed_fields_read_as_old_and_new_values_with_names_not_ids() {
    let older = sample();
    let mut newer = older.clone();
    let mql = newer.stages.iter_mut().find(|s| s.id == "mql").unwrap();
    mql.owners = vec!["omar".into(), "priya".into()];
    mql.team = "sdr".into();
    mql.entry.clear();

    let diff = compare(&older, &newer);
    let changed = &diff.stages.changed[0];
    assert_eq!(changed.name, "Marketing qualified lead");
    assert_eq!(changed.fields, vec!["entry", "owners", "team"]);
    assert_eq!(
        changed.changes,
        vec![
            change("entry", "HubSpot score at least 40", "none"),
            change("owners", "Nina Alvarez", "Omar Haddad, Priya Nair"),
            change("team", "Marketing", "Sales development"),
        ]
    );
}

#[test]
fn an_unchanged_map_has_no_changes() {
    let map = sample();
    let diff = compare(&map, &map);
    assert!(diff.is_unchanged());
    assert!(diff.stages.changed.is_empty());
}
