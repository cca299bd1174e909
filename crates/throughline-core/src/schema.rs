//! The JSON Schema of the `throughline/1` format, generated from the model types so that it
//! can never disagree with them. `assets/throughline-1.schema.json` is this text, committed.

/// The schema as pretty-printed JSON.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(crate::model::Map);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
