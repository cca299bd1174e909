//! Committed files generated from the code (the JSON Schema, the rule catalogue) are
//! regenerated here; a test fails when its file was stale.

fn regenerate(relative: &str, fresh: &str) {
    let path = throughline_tests::in_workspace(relative);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        std::fs::write(&path, fresh).expect("write the generated file");
        panic!("{relative} was stale and has been regenerated; commit it");
    }
}

#[test]
fn committed_schema_is_up_to_date() {
    regenerate("assets/throughline-1.schema.json", &throughline_core::schema::json_schema());
}

#[test]
fn committed_rule_catalogue_is_up_to_date() {
    regenerate("docs/rules.md", &throughline_core::rules::catalogue_markdown());
}

#[test]
fn schema_accepts_the_documented_shape() {
    let schema: serde_json::Value =
        serde_json::from_str(&throughline_core::schema::json_schema()).unwrap();
    let props = &schema["properties"];
    for field in ["format", "name", "teams", "people", "stages", "transitions", "terms", "waivers"]
    {
        assert!(props.get(field).is_some(), "schema lacks {field}");
    }
    assert!(schema.to_string().contains("throughline/1"));
}
