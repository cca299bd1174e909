//! The committed JSON Schema is regenerated here; the test fails when it was stale.

use std::path::Path;

#[test]
fn committed_schema_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/throughline-1.schema.json");
    let fresh = throughline_core::schema::json_schema();
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        std::fs::write(&path, &fresh).expect("write the schema");
        panic!("{} was stale and has been regenerated; commit it", path.display());
    }
}

#[test]
fn schema_accepts_the_documented_shape() {
    let schema: serde_json::Value = serde_json::from_str(&throughline_core::schema::json_schema()).unwrap();
    let props = &schema["properties"];
    for field in ["format", "name", "teams", "people", "stages", "transitions", "terms", "waivers"] {
        assert!(props.get(field).is_some(), "schema lacks {field}");
    }
    assert!(schema.to_string().contains("throughline/1"));
}
