//! Loading `throughline/1` documents: every field survives a round trip, every bad input gets
//! an error that names the JSON path and the reason, and nothing panics.

use proptest::prelude::*;
use throughline_core::arbitrary;
use throughline_core::json::{self, LoadError};
use throughline_core::{Edit, apply};

fn load_error(text: &str) -> LoadError {
    json::from_str(text).expect_err("the document should be refused")
}

fn base_value() -> serde_json::Value {
    serde_json::from_str(arbitrary::BASE_JSON).unwrap()
}

fn with(change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value = base_value();
    change(&mut value);
    value.to_string()
}

#[test]
fn the_documented_example_loads() {
    let map = arbitrary::base_map();
    assert_eq!(map.name, "Inbound lead to revenue");
    assert_eq!(map.stages.len(), 4);
    assert_eq!(map.waivers.len(), 1);
}

#[test]
fn every_field_survives_a_round_trip() {
    let map = arbitrary::base_map();
    let text = json::to_string(&map);
    assert_eq!(json::from_str(&text).unwrap(), map);
    // And the JSON itself is stable: what we write is what we read.
    let again: serde_json::Value = serde_json::from_str(&text).unwrap();
    let original = base_value();
    assert_eq!(again["stages"][1], original["stages"][1]);
    assert_eq!(again["terms"], original["terms"]);
    assert_eq!(again["severities"], original["severities"]);
}

#[test]
fn unknown_references_name_the_path() {
    let error = load_error(&with(|v| v["stages"][2]["team"] = "salse".into()));
    assert_eq!(error.path(), Some("stages[2].team"));
    assert_eq!(error.to_string(), "at stages[2].team: unknown team \"salse\"");

    let error = load_error(&with(|v| v["transitions"][1]["to"] = "s9".into()));
    assert_eq!(error.to_string(), "at transitions[1].to: unknown stage \"s9\"");

    let error = load_error(&with(|v| v["stages"][1]["owners"][0] = "nobody".into()));
    assert_eq!(error.to_string(), "at stages[1].owners[0]: unknown person \"nobody\"");

    let error = load_error(&with(|v| {
        v["terms"][0]["definitions"][0]["team"] = "legal".into();
    }));
    assert_eq!(error.to_string(), "at terms[0].definitions[0].team: unknown team \"legal\"");

    let error = load_error(&with(|v| v["waivers"][0]["subject"] = "t7".into()));
    assert!(error.to_string().starts_with("at waivers[0].subject: unknown"), "{error}");
}

#[test]
fn duplicate_ids_and_self_transitions_are_refused() {
    let error = load_error(&with(|v| v["stages"][2]["id"] = "s1".into()));
    assert_eq!(error.to_string(), "at stages[2].id: duplicate stage id \"s1\"");
    let error = load_error(&with(|v| v["transitions"][0]["to"] = "s0".into()));
    assert_eq!(
        error.to_string(),
        "at transitions[0].to: the transition \"t0\" goes from the stage \"s0\" to itself"
    );
}

#[test]
fn unknown_kinds_and_operators_name_the_path() {
    let error = load_error(&with(|v| v["stages"][0]["kind"] = "start".into()));
    assert_eq!(error.path(), Some("stages[0].kind"));
    assert!(error.to_string().contains("unknown variant `start`"), "{error}");

    let error = load_error(&with(|v| v["stages"][1]["entry"][0]["op"] = "=>".into()));
    assert_eq!(error.path(), Some("stages[1].entry[0].op"));

    let error = load_error(&with(|v| {
        v["stages"][1]["entry"][0]["value"] = serde_json::json!([1, 2]);
    }));
    assert_eq!(error.to_string(), "at stages[1].entry[0].value: `>=` needs a single value");

    let error = load_error(&with(|v| v["stages"][0]["colour"] = "red".into()));
    assert_eq!(error.path(), Some("stages[0].colour"));
    assert!(error.to_string().contains("unknown field `colour`"), "{error}");
}

#[test]
fn criterion_values_read_as_numbers_yes_no_text_or_lists_and_say_so_when_not() {
    use throughline_core::model::{Scalar, Value};
    let value_of = |json: serde_json::Value| {
        let op = if json.is_array() { "in" } else { "=" };
        let text = with(|v| {
            v["stages"][1]["entry"][0]["op"] = op.into();
            v["stages"][1]["entry"][0]["value"] = json;
        });
        json::from_str(&text).map(|m| m.stages[1].entry[0].value.clone())
    };
    let text = |t: &str| Scalar::Text(t.to_owned());
    assert_eq!(
        value_of(serde_json::json!([1, -2, 2.5, true, "EMEA"])).unwrap(),
        Some(Value::List(vec![
            Scalar::Number(1.0),
            Scalar::Number(-2.0),
            Scalar::Number(2.5),
            Scalar::Bool(true),
            text("EMEA"),
        ]))
    );
    assert_eq!(
        value_of(serde_json::json!("a \"b\"")).unwrap(),
        Some(Value::Scalar(text("a \"b\"")))
    );
    assert_eq!(
        value_of(serde_json::json!(false)).unwrap(),
        Some(Value::Scalar(Scalar::Bool(false)))
    );

    let error = value_of(serde_json::json!({"min": 1})).unwrap_err();
    assert_eq!(error.path(), Some("stages[1].entry[0].value"));
    assert!(
        error.to_string().contains("expected a number, true or false, text, or a list of them"),
        "{error}"
    );
    let error = value_of(serde_json::json!([1, [2]])).unwrap_err();
    assert_eq!(error.path(), Some("stages[1].entry[0].value[1]"));
    assert!(error.to_string().contains("expected a number, true or false, or text"), "{error}");
}

#[test]
fn a_newer_format_is_named_as_such() {
    let error = load_error(&with(|v| v["format"] = "throughline/2".into()));
    assert!(matches!(error, LoadError::UnsupportedVersion { .. }));
    assert!(error.to_string().contains("\"throughline/2\""));
    assert!(error.to_string().contains("newer version"));
}

#[test]
fn documents_that_are_not_maps_say_so() {
    assert!(matches!(load_error("[1, 2]"), LoadError::NotAMap { .. }));
    assert!(load_error("[1, 2]").to_string().contains("an array"));
    let error = load_error(r#"{"name": "x", "stages": []}"#);
    assert!(error.to_string().contains("no \"format\" field"), "{error}");
    let error = load_error(r#"{"format": "bpmn/2"}"#);
    assert!(matches!(error, LoadError::NotAMap { .. }), "{error}");
}

#[test]
fn malformed_and_truncated_json_are_told_apart() {
    let text = arbitrary::BASE_JSON;
    let error = load_error(&text[..text.len() / 2]);
    assert!(matches!(error, LoadError::Truncated { .. }), "{error:?}");
    assert!(error.to_string().starts_with("the JSON ends too early"));

    let error = load_error("{\"format\": \"throughline/1\",, }");
    assert!(matches!(error, LoadError::Malformed { line: 1, .. }), "{error:?}");

    let error = load_error(&format!("{text} trailing"));
    assert!(matches!(error, LoadError::Malformed { .. }), "{error:?}");

    let error = json::from_slice(b"{\"format\": \"\xff\"}").unwrap_err();
    assert!(error.to_string().contains("not UTF-8"));
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let text = json::to_string(&arbitrary::base_map());
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    assert_eq!(json::from_slice(&with_bom).unwrap(), arbitrary::base_map());
}

#[test]
fn errors_quote_a_short_excerpt_of_a_huge_value() {
    let huge = "x".repeat(2_000_000);
    // An unknown reference, a value of the wrong type, and an unknown format version.
    let reference = with(|v| v["stages"][0]["team"] = huge.clone().into());
    let shape = with(|v| v["stages"][0]["sla_hours"] = huge.clone().into());
    let format = with(|v| v["format"] = format!("throughline/{huge}").into());
    for text in [reference, shape, format] {
        let message = json::from_str(&text).unwrap_err().to_string();
        assert!(message.len() < 500, "{} characters: {}", message.len(), &message[..200]);
        assert!(message.contains("more characters"), "{message}");
    }
    let control = with(|v| v["stages"][0]["team"] = "\u{1b}]0;title\u{7}".into());
    let message = json::from_str(&control).unwrap_err().to_string();
    assert!(!message.contains('\u{1b}') && message.contains("\\u{1b}"), "{message}");
}

#[test]
fn maps_built_by_edits_round_trip() {
    let mut map = arbitrary::base_map();
    apply(&mut map, Edit::SetDescription { description: Some("Q3 workshop".into()) }).unwrap();
    let text = json::to_string(&map);
    assert_eq!(json::from_str(&text).unwrap(), map);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Random edit sequences make varied maps; each survives JSON → map → JSON.
    #[test]
    fn edited_maps_survive_json(edits in prop::collection::vec(arbitrary::edit(), 1..20)) {
        let mut map = arbitrary::base_map();
        for edit in edits {
            let _ = apply(&mut map, edit);
        }
        let text = json::to_string(&map);
        prop_assert_eq!(json::from_str(&text).unwrap(), map);
    }
}
