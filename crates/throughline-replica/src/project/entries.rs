//! Entities read out of the document: each one's fields as JSON, then as a model type, leaving
//! out (and listing as conflicts) what this version cannot read.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::{Map as Fields, Value};
use throughline_core::model::EntityKind;
use throughline_core::validate::Problem;
use yrs::{Any, Map as _, MapRef, Out, ReadTxn};

use super::Projector;
use crate::conflict::ConflictKind;
use crate::layout::{BY, DEFINITIONS, ORDER, REMOVED};
use crate::record::number;
use crate::values::to_json;

/// An entity as the document holds it, before it is read as a model type.
pub(super) struct Entry {
    pub id: String,
    pub fields: Fields<String, Value>,
    pub order: f64,
    pub removed: bool,
    pub by: Option<String>,
    pub definitions: Vec<(String, Value)>,
}

/// Entities read from one collection: the live ones in order, and every one by id (removed
/// ones too, for the names and authors conflicts speak of).
pub(super) struct Read<T> {
    pub live: Vec<(T, Option<String>)>,
    pub removed: HashMap<String, (T, Option<String>)>,
}

impl<T> Read<T> {
    pub fn removed_by(&self, id: &str) -> Option<&Option<String>> {
        self.removed.get(id).map(|(_, by)| by)
    }
}

impl Projector {
    pub(super) fn entries<T: ReadTxn>(
        &mut self,
        txn: &T,
        collection: &MapRef,
        kind: &str,
    ) -> Vec<Entry> {
        let mut entries = Vec::new();
        for (id, value) in collection.iter(txn) {
            let Out::YMap(entity) = value else {
                self.conflict(
                    ConflictKind::UnreadableEntity,
                    id,
                    format!("the {kind} \"{id}\" is not a set of fields: it is left out"),
                );
                continue;
            };
            let mut entry = Entry {
                id: id.to_owned(),
                fields: Fields::new(),
                order: 0.0,
                removed: false,
                by: None,
                definitions: Vec::new(),
            };
            for (field, value) in entity.iter(txn) {
                match (field, value) {
                    (ORDER, value) => entry.order = number(&value).filter(|n| n.is_finite()).unwrap_or(0.0),
                    (REMOVED, value) => entry.removed = matches!(value, Out::Any(Any::Bool(true))),
                    (BY, Out::Any(Any::String(s))) => entry.by = Some(s.to_string()),
                    (DEFINITIONS, Out::YMap(nested)) => {
                        for (team, d) in nested.iter(txn) {
                            if let Out::Any(d) = d
                                && let Some(d) = to_json(&d).filter(|d| !d.is_null())
                            {
                                entry.definitions.push((team.to_owned(), d));
                            }
                        }
                    }
                    (field, Out::Any(any)) => match to_json(&any) {
                        Some(Value::Null) => {}
                        Some(json) => {
                            entry.fields.insert(field.to_owned(), json);
                        }
                        None => self.conflict(
                            ConflictKind::UnreadableValue,
                            id,
                            format!("the {kind} \"{id}\" has a value in \"{field}\" that is not JSON: it is left out"),
                        ),
                    },
                    _ => {}
                }
            }
            entry.definitions.sort_by(|(ta, a), (tb, b)| {
                let order = |d: &Value| d.get(ORDER).and_then(Value::as_f64).unwrap_or(0.0);
                order(a).total_cmp(&order(b)).then_with(|| ta.cmp(tb))
            });
            entries.push(entry);
        }
        entries.sort_by(|a, b| a.order.total_cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
        entries
    }

    pub(super) fn read<T: ReadTxn, E: DeserializeOwned>(
        &mut self,
        txn: &T,
        collection: &MapRef,
        kind: EntityKind,
        check: impl Fn(&E) -> Result<(), Problem>,
    ) -> Read<E> {
        let mut read = Read { live: Vec::new(), removed: HashMap::new() };
        for entry in self.entries(txn, collection, kind.noun()) {
            let mut fields = entry.fields;
            if !entry.definitions.is_empty() {
                let definitions = entry
                    .definitions
                    .into_iter()
                    .filter_map(|(team, d)| match d {
                        Value::Object(mut d) => {
                            d.remove(ORDER);
                            d.insert("team".into(), Value::String(team));
                            Some(Value::Object(d))
                        }
                        _ => None,
                    })
                    .collect();
                fields.insert(DEFINITIONS.into(), Value::Array(definitions));
            }
            let Some(entity) = self.parse(kind.noun(), &entry.id, fields, &check) else {
                continue;
            };
            if entry.removed {
                read.removed.insert(entry.id, (entity, entry.by));
            } else {
                read.live.push((entity, entry.by));
            }
        }
        read
    }

    /// Reads an entity, leaving out each field it cannot read (a value from another client);
    /// `None` when what is left is not an entity.
    pub(super) fn parse<E: DeserializeOwned>(
        &mut self,
        noun: &str,
        id: &str,
        mut fields: Fields<String, Value>,
        check: impl Fn(&E) -> Result<(), Problem>,
    ) -> Option<E> {
        // A waiver is known by its rule and subject; everything else by its id.
        if noun != "waiver" {
            fields.insert("id".into(), Value::String(id.to_owned()));
        }
        loop {
            let problem =
                match serde_path_to_error::deserialize::<_, E>(Value::Object(fields.clone())) {
                    Ok(entity) => match check(&entity) {
                        Ok(()) => return Some(entity),
                        Err(p) => (p.path, p.invalid.to_string()),
                    },
                    Err(e) => (e.path().to_string(), e.inner().to_string()),
                };
            let field = field_of(&problem.0, &problem.1);
            if field == "name" && fields.get("name") != Some(&Value::String(id.to_owned())) {
                fields.insert("name".into(), Value::String(id.to_owned()));
            } else if field.is_empty()
                || field == "id"
                || !fields.contains_key(&field)
                || REQUIRED.contains(&field.as_str())
            {
                self.conflict(
                    ConflictKind::UnreadableEntity,
                    id,
                    format!("the {noun} \"{id}\" cannot be read ({}): it is left out", problem.1),
                );
                return None;
            } else {
                fields.remove(&field);
            }
            self.conflict(
                ConflictKind::UnreadableValue,
                id,
                format!("the {noun} \"{id}\" has a value in \"{field}\" this version cannot read ({}): it is left out", problem.1),
            );
        }
    }
}

/// Fields an entity cannot be without.
const REQUIRED: &[&str] = &["team", "kind", "from", "to", "rule", "reason"];

/// The top-level field a problem is in: the first part of its path, or the field serde names
/// as unknown.
fn field_of(path: &str, message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some(end) = rest.find('`')
    {
        return rest[..end].to_owned();
    }
    let path = path.trim_start_matches('.');
    path.split(['.', '[']).next().unwrap_or("").to_owned()
}
