//! Writing a map into the document: each changed entity's fields that differ from what the
//! document holds (so a write never touches a field the edit did not change), removals as
//! marks, and the lists' order.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map as Fields, Value};
use throughline_core::edit::Change;
use throughline_core::model::{EntityKind, Map, Term, Waiver};
use yrs::{Any, Map as _, MapPrelim, MapRef, Out, TransactionMut};

use crate::layout::{self, BOOKKEEPING, BY, DEFINITIONS, ORDER, REMOVED};
use crate::order;
use crate::roots::Roots;
use crate::values::{same, to_any};

/// Writes what `changes` say changed, taking the entities' state from `map`.
pub fn changes(txn: &mut TransactionMut, roots: &Roots, map: &Map, changes: &[Change], by: &By) {
    let mut reorder = Vec::new();
    for change in changes {
        match change {
            Change::Map => map_fields(txn, roots, map, by),
            Change::Team(id) => entity(txn, roots, EntityKind::Team, id, map, by),
            Change::Person(id) => entity(txn, roots, EntityKind::Person, id, map, by),
            Change::Stage(id) => entity(txn, roots, EntityKind::Stage, id, map, by),
            Change::Transition(id) => entity(txn, roots, EntityKind::Transition, id, map, by),
            Change::Term(id) => entity(txn, roots, EntityKind::Term, id, map, by),
            Change::Waivers => waivers(txn, roots, map, by),
            Change::Severities => severities(txn, roots, map, by),
            Change::Order(_) => {}
        }
        if let Some(kind) = kind_of(change) {
            reorder.push(kind);
        }
    }
    reorder.sort_unstable();
    reorder.dedup();
    for kind in reorder {
        order(txn, roots, map, kind);
    }
}

/// Writes the whole map: every difference between it and the document.
pub fn whole(txn: &mut TransactionMut, roots: &Roots, map: &Map, by: &By) {
    map_fields(txn, roots, map, by);
    for &kind in EntityKind::ALL {
        let collection = roots.collection(kind);
        let mut ids = ids_of(map, kind);
        for id in &ids {
            entity(txn, roots, kind, id, map, by);
        }
        ids.sort_unstable();
        let gone: Vec<String> = collection
            .keys(txn)
            .filter(|key| ids.binary_search_by(|id| id.as_str().cmp(key)).is_err())
            .map(str::to_owned)
            .collect();
        for key in gone {
            remove(txn, &collection, &key, by);
        }
        order(txn, roots, map, kind);
    }
    waivers(txn, roots, map, by);
    severities(txn, roots, map, by);
}

/// Who is writing: `None` when the writing must be the same on every machine (a file
/// converted to a document), so nobody is named.
#[derive(Debug, Clone)]
pub struct By(pub Option<Arc<str>>);

fn kind_of(change: &Change) -> Option<EntityKind> {
    Some(match change {
        Change::Team(_) => EntityKind::Team,
        Change::Person(_) => EntityKind::Person,
        Change::Stage(_) => EntityKind::Stage,
        Change::Transition(_) => EntityKind::Transition,
        Change::Term(_) => EntityKind::Term,
        Change::Order(kind) => *kind,
        Change::Map | Change::Waivers | Change::Severities => return None,
    })
}

fn map_fields(txn: &mut TransactionMut, roots: &Roots, map: &Map, by: &By) {
    let fields = [
        ("name", Value::String(map.name.clone())),
        ("description", map.description.clone().map_or(Value::Null, Value::String)),
    ];
    for (key, value) in fields {
        if !same(any_of(roots.map.get(txn, key)).as_ref(), &value) {
            roots.map.insert(txn, key, to_any(&value));
            sign(txn, &roots.map, by);
        }
    }
}

fn entity(txn: &mut TransactionMut, roots: &Roots, kind: EntityKind, id: &str, map: &Map, by: &By) {
    let collection = roots.collection(kind);
    let fields = match kind {
        EntityKind::Team => map.team(id).map(fields_of),
        EntityKind::Person => map.person(id).map(fields_of),
        EntityKind::Stage => map.stage(id).map(fields_of),
        EntityKind::Transition => map.transition(id).map(fields_of),
        EntityKind::Term => map.term(id).map(term_fields),
    };
    match fields {
        Some(fields) => {
            let written = write(txn, &collection, id, &fields, by);
            if let (EntityKind::Term, Some(term)) = (kind, map.term(id)) {
                definitions(txn, &written, term, by);
            }
        }
        None => remove(txn, &collection, id, by),
    }
}

fn fields_of(entity: &impl Serialize) -> Fields<String, Value> {
    let Ok(Value::Object(mut fields)) = serde_json::to_value(entity) else {
        unreachable!("every entity is a JSON object")
    };
    fields.remove("id");
    fields
}

fn term_fields(term: &Term) -> Fields<String, Value> {
    let mut fields = fields_of(term);
    fields.remove(DEFINITIONS);
    fields
}

/// Writes the fields that differ; a field the entity no longer has becomes `null`. Returns the
/// entity's map in the document.
fn write(
    txn: &mut TransactionMut,
    collection: &MapRef,
    key: &str,
    fields: &Fields<String, Value>,
    by: &By,
) -> MapRef {
    let entity = match collection.get(txn, key) {
        Some(Out::YMap(entity)) => entity,
        _ => collection.insert(txn, key, MapPrelim::default()),
    };
    let mut changed = false;
    for (field, value) in fields {
        if !same(any_of(entity.get(txn, field)).as_ref(), value) {
            entity.insert(txn, field.as_str(), to_any(value));
            changed = true;
        }
    }
    let cleared: Vec<String> = entity
        .iter(txn)
        .filter(|(field, value)| {
            !fields.contains_key(*field)
                && !BOOKKEEPING.contains(field)
                && *field != DEFINITIONS
                && !matches!(value, Out::Any(Any::Null))
        })
        .map(|(field, _)| field.to_owned())
        .collect();
    for field in cleared {
        entity.insert(txn, field, Any::Null);
        changed = true;
    }
    if matches!(entity.get(txn, REMOVED), Some(Out::Any(Any::Bool(true)))) {
        entity.insert(txn, REMOVED, false);
        changed = true;
    }
    if changed {
        sign(txn, &entity, by);
    }
    entity
}

/// Marks an entity removed, keeping its fields.
fn remove(txn: &mut TransactionMut, collection: &MapRef, key: &str, by: &By) {
    if let Some(Out::YMap(entity)) = collection.get(txn, key)
        && !matches!(entity.get(txn, REMOVED), Some(Out::Any(Any::Bool(true))))
    {
        entity.insert(txn, REMOVED, true);
        sign(txn, &entity, by);
    }
}

fn sign(txn: &mut TransactionMut, entity: &MapRef, by: &By) {
    if let By(Some(name)) = by {
        let signed = matches!(entity.get(txn, BY), Some(Out::Any(Any::String(s))) if s == *name);
        if !signed {
            entity.insert(txn, BY, Any::String(name.clone()));
        }
    }
}

fn definitions(txn: &mut TransactionMut, term: &MapRef, value: &Term, by: &By) {
    let nested = match term.get(txn, DEFINITIONS) {
        Some(Out::YMap(nested)) => nested,
        _ => term.insert(txn, DEFINITIONS, MapPrelim::default()),
    };
    // Definitions keep their order too, as an `order` inside each.
    let teams: Vec<&str> = value.definitions.iter().map(|d| d.team.as_str()).collect();
    let current = |team: &str| match any_of(nested.get(txn, team)) {
        Some(Any::Map(d)) => d.get(ORDER).and_then(|o| match o {
            Any::Number(n) => n.as_f64(),
            _ => None,
        }),
        _ => None,
    };
    let mut keys: HashMap<&str, f64> =
        teams.iter().filter_map(|&t| Some((t, current(t)?))).collect();
    keys.extend(order::keys_to_write(&teams, current));
    let mut changed = false;
    for d in &value.definitions {
        let mut fields = fields_of(d);
        fields.remove("team");
        if let Some(&key) = keys.get(d.team.as_str()) {
            fields.insert(ORDER.into(), Value::from(key));
        }
        let fields = Value::Object(fields);
        if !same(any_of(nested.get(txn, &d.team)).as_ref(), &fields) {
            nested.insert(txn, d.team.as_str(), to_any(&fields));
            changed = true;
        }
    }
    let cleared: Vec<String> = nested
        .iter(txn)
        .filter(|(team, v)| {
            !matches!(v, Out::Any(Any::Null)) && !value.definitions.iter().any(|d| d.team == *team)
        })
        .map(|(team, _)| team.to_owned())
        .collect();
    for team in cleared {
        nested.insert(txn, team, Any::Null);
        changed = true;
    }
    if changed {
        sign(txn, term, by);
    }
}

fn waivers(txn: &mut TransactionMut, roots: &Roots, map: &Map, by: &By) {
    let key = |w: &Waiver| layout::waiver_key(w.rule.id(), w.subject.as_deref());
    for w in &map.waivers {
        write(txn, &roots.waivers, &key(w), &fields_of(w), by);
    }
    let in_order: Vec<String> = map.waivers.iter().map(key).collect();
    let mut keys = in_order.clone();
    keys.sort_unstable();
    let gone: Vec<String> = roots
        .waivers
        .keys(txn)
        .filter(|k| keys.binary_search_by(|w| w.as_str().cmp(k)).is_err())
        .map(str::to_owned)
        .collect();
    for k in gone {
        remove(txn, &roots.waivers, &k, by);
    }
    write_order(txn, &roots.waivers, &in_order.iter().map(String::as_str).collect::<Vec<_>>());
}

fn severities(txn: &mut TransactionMut, roots: &Roots, map: &Map, by: &By) {
    for (rule, severity) in &map.severities {
        let value = Value::String(severity.label().to_owned());
        if !same(any_of(roots.severities.get(txn, rule.id())).as_ref(), &value) {
            roots.severities.insert(txn, rule.id(), to_any(&value));
            sign(txn, &roots.severities, by);
        }
    }
    let cleared: Vec<String> = roots
        .severities
        .iter(txn)
        .filter(|(rule, v)| {
            !matches!(v, Out::Any(Any::Null)) && !map.severities.keys().any(|r| r.id() == *rule)
        })
        .map(|(rule, _)| rule.to_owned())
        .collect();
    for rule in cleared {
        roots.severities.insert(txn, rule, Any::Null);
        sign(txn, &roots.severities, by);
    }
}

fn ids_of(map: &Map, kind: EntityKind) -> Vec<String> {
    match kind {
        EntityKind::Team => map.teams.iter().map(|t| t.id.clone()).collect(),
        EntityKind::Person => map.people.iter().map(|p| p.id.clone()).collect(),
        EntityKind::Stage => map.stages.iter().map(|s| s.id.clone()).collect(),
        EntityKind::Transition => map.transitions.iter().map(|t| t.id.clone()).collect(),
        EntityKind::Term => map.terms.iter().map(|t| t.id.clone()).collect(),
    }
}

fn order(txn: &mut TransactionMut, roots: &Roots, map: &Map, kind: EntityKind) {
    let ids = ids_of(map, kind);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    write_order(txn, &roots.collection(kind), &ids);
}

fn write_order(txn: &mut TransactionMut, collection: &MapRef, ids: &[&str]) {
    let current = |id: &str| match collection.get(txn, id) {
        Some(Out::YMap(entity)) => entity.get(txn, ORDER).and_then(|o| number(&o)),
        _ => None,
    };
    let writes = order::keys_to_write(ids, current);
    for (id, key) in writes {
        if let Some(Out::YMap(entity)) = collection.get(txn, id) {
            entity.insert(txn, ORDER, key);
        }
    }
}

pub fn number(value: &Out) -> Option<f64> {
    match value {
        Out::Any(Any::Number(n)) => n.as_f64(),
        _ => None,
    }
}

pub fn any_of(value: Option<Out>) -> Option<Any> {
    match value? {
        Out::Any(any) => Some(any),
        _ => None,
    }
}
