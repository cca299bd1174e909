//! HubSpot's API JSON: the pipelines of `GET /crm/v3/pipelines/deals` (or `/tickets`), as
//! the whole response or one pipeline, and the lifecycle stage property of
//! `GET /crm/v3/properties/contacts/lifecyclestage`. HubSpot writes metadata as strings
//! ("true", "0.2") or as numbers and booleans, depending on the endpoint and its age.

use std::path::Path;

use serde_json::Value;

use throughline_core::excerpt::quoted;

use crate::{CrmError, CrmValue, Note, ValueSet, ValueState, error};

/// What a HubSpot file leaves out or repairs, said about it.
struct Notes<'a> {
    path: &'a Path,
    notes: &'a mut Vec<Note>,
}

impl Notes<'_> {
    fn say(&mut self, message: String) {
        self.notes.push(Note::new(self.path, message));
    }
}

pub(crate) fn read(path: &Path, text: &str) -> Result<Vec<ValueSet>, CrmError> {
    read_noting(path, text, &mut Vec::new())
}

pub(crate) fn read_noting(
    path: &Path,
    text: &str,
    notes: &mut Vec<Note>,
) -> Result<Vec<ValueSet>, CrmError> {
    let notes = &mut Notes { path, notes };
    let json: Value = serde_json::from_str(text).map_err(|e| {
        error(path, format!("is not valid JSON: {}", throughline_core::excerpt::parser_said(e)))
    })?;
    if let Some(results) = json.get("results").and_then(Value::as_array) {
        let mut pipelines: Vec<&Value> =
            results.iter().filter(|p| p.get("stages").is_some()).collect();
        if pipelines.is_empty() {
            return Err(error(
                path,
                "is an API response, but not of pipelines: its results have no \"stages\"",
            ));
        }
        pipelines.retain(|p| {
            let archived = flag(p.get("archived"));
            if archived {
                notes.say(format!("pipeline \"{}\" is archived: left out", name_of(p)));
            }
            !archived
        });
        pipelines.sort_by_key(|p| order(p));
        return pipelines.into_iter().map(|p| pipeline(path, p, notes)).collect();
    }
    if json.get("stages").is_some() {
        return pipeline(path, &json, notes).map(|set| vec![set]);
    }
    if json.get("options").is_some() {
        return property(path, &json, notes).map(|set| vec![set]);
    }
    Err(error(
        path,
        "is JSON, but not HubSpot pipelines (\"results\" or \"stages\") or a property with \
         \"options\" (the lifecycle stage)",
    ))
}

/// `true`, `"true"` (any case): HubSpot writes both.
fn flag(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// The id HubSpot gives a stage or option: a string, or a number in some exports.
fn id(value: &Value, key: &str) -> Option<String> {
    match value.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// `displayOrder`, missing last.
fn order(value: &Value) -> i64 {
    number(value.get("displayOrder")).map_or(i64::MAX, |n| n as i64)
}

/// A pipeline's or stage's name for a note: its label, else its id.
fn name_of(value: &Value) -> String {
    let name = text(value, "label").map(str::to_owned).or_else(|| id(value, "id"));
    quoted(&name.unwrap_or_else(|| "(no label)".to_owned()))
}

/// A value HubSpot writes as text that is something else here: said, and read as `instead`.
fn not_text(notes: &mut Notes<'_>, what: &str, value: &Value, key: &str, instead: &str) {
    if let Some(v) = value.get(key).filter(|v| !v.is_string() && !v.is_null()) {
        notes.say(format!(
            "{what}: its {key} is {}, not text: \"{}\" is used",
            kind_of(v),
            quoted(instead)
        ));
    }
}

/// A value HubSpot writes as a number (or a number in text) that is not one: said, left out.
fn not_number(notes: &mut Notes<'_>, what: &str, value: &Value, key: &str) {
    if let Some(v) = value.get(key).filter(|v| !v.is_null())
        && number(Some(v)).is_none()
        && v.as_str().is_none_or(|s| !s.trim().is_empty())
    {
        notes.say(format!("{what}: its {key} {} is not a number: left out", excerpt_of(v)));
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "a true/false",
        Value::Number(_) => "a number",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
        Value::String(_) | Value::Null => "text",
    }
}

fn excerpt_of(value: &Value) -> String {
    format!("\"{}\"", quoted(value.to_string().trim_matches('"')))
}

fn pipeline(path: &Path, json: &Value, notes: &mut Notes<'_>) -> Result<ValueSet, CrmError> {
    let label = text(json, "label").or_else(|| text(json, "id")).unwrap_or("Pipeline");
    let stages = json
        .get("stages")
        .and_then(Value::as_array)
        .ok_or_else(|| error(path, format!("pipeline \"{label}\": \"stages\" is not a list")))?;
    let named = quoted(label);
    let mut stages: Vec<&Value> = stages
        .iter()
        .filter(|s| {
            let archived = flag(s.get("archived"));
            if archived {
                notes.say(format!(
                    "pipeline \"{named}\": stage \"{}\" is archived: left out",
                    name_of(s)
                ));
            }
            !archived
        })
        .collect();
    if stages.is_empty() {
        notes.say(format!("pipeline \"{named}\" has no stages: it adds none to the map"));
    }
    stages.sort_by_key(|s| order(s));
    let mut ids = std::collections::HashSet::new();
    let mut tickets = false;
    let mut values = Vec::new();
    for (i, stage) in stages.iter().enumerate() {
        let value = id(stage, "id").ok_or_else(|| {
            error(path, format!("pipeline \"{label}\": stage {} has no \"id\"", i + 1))
        })?;
        let what = format!("pipeline \"{named}\": stage \"{}\"", quoted(&value));
        if !ids.insert(value.clone()) {
            notes.say(format!(
                "{what} has the id of a stage before it: both are read, mapped to one CRM value"
            ));
        }
        not_text(notes, &what, stage, "label", &value);
        let metadata = stage.get("metadata").unwrap_or(&Value::Null);
        not_number(notes, &what, metadata, "probability");
        not_number(notes, &what, stage, "displayOrder");
        let ticket_state = text(metadata, "ticketState");
        tickets |= ticket_state.is_some();
        let probability = number(metadata.get("probability"));
        let state = match ticket_state {
            Some(s) if s.eq_ignore_ascii_case("closed") => ValueState::Lost,
            None if flag(metadata.get("isClosed")) => {
                if probability.is_some_and(|p| p >= 1.0) {
                    ValueState::Won
                } else {
                    ValueState::Lost
                }
            }
            _ => ValueState::Open,
        };
        values.push(CrmValue {
            label: text(stage, "label").unwrap_or(&value).to_owned(),
            value,
            state,
            probability,
            forecast_category: None,
            criteria: Vec::new(),
        });
    }
    let (object, field) =
        if tickets { ("tickets", "hs_pipeline_stage") } else { ("deals", "dealstage") };
    Ok(ValueSet {
        system: "HubSpot".into(),
        object: object.into(),
        field: field.into(),
        label: label.to_owned(),
        values,
    })
}

fn property(path: &Path, json: &Value, notes: &mut Notes<'_>) -> Result<ValueSet, CrmError> {
    let name = text(json, "name").unwrap_or("lifecyclestage");
    let options = json
        .get("options")
        .and_then(Value::as_array)
        .ok_or_else(|| error(path, format!("property \"{name}\": \"options\" is not a list")))?;
    let named = quoted(name);
    let mut options: Vec<&Value> = options
        .iter()
        .filter(|o| {
            let hidden = flag(o.get("hidden"));
            if hidden {
                let option = text(o, "label").or_else(|| text(o, "value")).unwrap_or("?");
                notes.say(format!(
                    "property \"{named}\": option \"{}\" is hidden: left out",
                    quoted(option)
                ));
            }
            !hidden
        })
        .collect();
    if options.is_empty() {
        notes.say(format!("property \"{named}\" has no options: it adds none to the map"));
    }
    options.sort_by_key(|o| order(o));
    let mut values = Vec::new();
    for (i, option) in options.iter().enumerate() {
        let value = id(option, "value").ok_or_else(|| {
            error(path, format!("property \"{name}\": option {} has no \"value\"", i + 1))
        })?;
        let what = format!("property \"{named}\": option \"{}\"", quoted(&value));
        not_text(notes, &what, option, "label", &value);
        not_number(notes, &what, option, "displayOrder");
        values.push(CrmValue {
            label: text(option, "label").unwrap_or(&value).to_owned(),
            criteria: text(option, "description").map(|d| vec![d.to_owned()]).unwrap_or_default(),
            value,
            state: ValueState::Open,
            probability: None,
            forecast_category: None,
        });
    }
    // Properties of contacts unless the export says otherwise.
    let object = text(json, "objectType").unwrap_or("contacts");
    Ok(ValueSet {
        system: "HubSpot".into(),
        object: object.to_owned(),
        field: name.to_owned(),
        label: text(json, "label").unwrap_or("Lifecycle stage").to_owned(),
        values,
    })
}
