//! Undo with colleagues on the map. An undo writes back only the fields its own edit changed,
//! over whatever colleagues changed since; where a colleague changed one of those very fields,
//! the undo is refused and their change stays.
//!
//! The core's inverse of an edit may put back a whole entity (a rename's inverse is the stage
//! as it was), so the fields an undo means are found by comparing what the entity looked like
//! right after the edit with what the inverse would make of it. Entities compare as JSON, field
//! by field down nested objects (a term's definitions by team); lists compare whole.

use serde::Serialize;
use serde_json::{Map as Object, Value};
use throughline_core::{Change, Edit, Map, apply};

/// An edit to undo (or redo), with what the entities it puts back looked like when it was made.
#[derive(Debug, Clone)]
pub struct Undoable {
    edit: Edit,
    left: Vec<(Change, Option<Value>)>,
}

/// Why an undo is not applied.
#[derive(Debug, PartialEq)]
pub struct OverColleague;

impl Undoable {
    /// `edit` takes back an edit that made `changes` and left `map`.
    pub fn new(edit: Edit, changes: &[Change], map: &Map) -> Self {
        let left = changes.iter().map(|c| (c.clone(), state_of(map, c))).collect();
        Undoable { edit, left }
    }

    /// The edit that takes this back on the map as it is now: the inverse itself when nobody
    /// changed its entities since, else the inverse followed by putting back what colleagues
    /// changed in the fields it does not mean.
    pub fn rebased(&self, now: &Map) -> Result<Edit, OverColleague> {
        let changed: Vec<_> = self
            .left
            .iter()
            .filter_map(|(change, left)| {
                let current = state_of(now, change);
                (current != *left).then_some((change, left, current))
            })
            .collect();
        if changed.is_empty() {
            return Ok(self.edit.clone());
        }
        let mut undone_map = now.clone();
        if apply(&mut undone_map, self.edit.clone()).is_err() {
            // Applying it for real refuses it with the core's own reason.
            return Ok(self.edit.clone());
        }
        let mut edits = vec![self.edit.clone()];
        for (change, left, current) in changed {
            let undone = state_of(&undone_map, change);
            let (
                Some(Value::Object(left)),
                Some(Value::Object(current)),
                Some(Value::Object(undone)),
            ) = (left, &current, &undone)
            else {
                // Added or removed since: the undo stands only where it writes nothing.
                if current != undone {
                    return Err(OverColleague);
                }
                continue;
            };
            let theirs = differences(left, current);
            let ours = differences(left, undone);
            if theirs.iter().any(|t| ours.iter().any(|o| t.starts_with(o) || o.starts_with(t))) {
                return Err(OverColleague);
            }
            let mut kept = current.clone();
            for path in &ours {
                copy_at(&mut kept, undone, path);
            }
            if kept != *undone {
                let teams = definition_order(&[&undone_map, now], change);
                edits.push(update(change, Value::Object(kept), &teams).ok_or(OverColleague)?);
            }
        }
        Ok(match edits.len() {
            1 => self.edit.clone(),
            _ => Edit::Batch { edits },
        })
    }
}

/// An entity as JSON, or `None` when it is not on the map.
fn state_of(map: &Map, change: &Change) -> Option<Value> {
    fn json<T: Serialize>(value: Option<&T>) -> Option<Value> {
        serde_json::to_value(value?).ok()
    }
    match change {
        Change::Map => {
            Some(serde_json::json!({ "name": map.name, "description": map.description }))
        }
        Change::Team(id) => json(map.team(id)),
        Change::Person(id) => json(map.person(id)),
        Change::Stage(id) => json(map.stage(id)),
        Change::Transition(id) => json(map.transition(id)),
        Change::Term(id) => json(map.term(id)).map(|term| definitions_by_team(term, true)),
        // Keyed by what each waives, so two people's waivers are two fields.
        Change::Waivers => Some(Value::Object(
            map.waivers
                .iter()
                .map(|w| {
                    let key = format!("{}/{}", w.rule, w.subject.as_deref().unwrap_or(""));
                    (key, serde_json::to_value(w).unwrap_or(Value::Null))
                })
                .collect(),
        )),
        Change::Severities => json(Some(&map.severities)),
        // An order is what its entities make it: they are compared instead.
        Change::Order(_) => None,
    }
}

/// The teams of a term's definitions in the order the maps give them, the first map first.
fn definition_order(maps: &[&Map], change: &Change) -> Vec<String> {
    let Change::Term(id) = change else { return Vec::new() };
    let mut teams: Vec<String> = Vec::new();
    for term in maps.iter().filter_map(|m| m.term(id)) {
        for d in &term.definitions {
            if !teams.contains(&d.team) {
                teams.push(d.team.clone());
            }
        }
    }
    teams
}

/// A term's definitions, a list in the model, as an object by team (`keyed`) so that two
/// teams' definitions are two fields; or back (in no particular order).
fn definitions_by_team(mut term: Value, keyed: bool) -> Value {
    let Some(definitions) = term.get_mut("definitions") else { return term };
    *definitions = if keyed {
        let list = definitions.as_array().cloned().unwrap_or_default();
        let by_team =
            list.into_iter().filter_map(|d| Some((d.get("team")?.as_str()?.to_owned(), d)));
        Value::Object(by_team.collect())
    } else {
        let by_team = definitions.as_object().cloned().unwrap_or_default();
        Value::Array(by_team.into_iter().map(|(_, d)| d).collect())
    };
    term
}

/// The paths of the fields that differ between two objects, down nested objects.
fn differences(a: &Object<String, Value>, b: &Object<String, Value>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(a, b, &mut path, &mut out);
    out
}

fn walk(
    a: &Object<String, Value>,
    b: &Object<String, Value>,
    path: &mut Vec<String>,
    out: &mut Vec<Vec<String>>,
) {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for key in keys {
        path.push(key.clone());
        match (a.get(key), b.get(key)) {
            (Some(Value::Object(x)), Some(Value::Object(y))) => walk(x, y, path, out),
            (x, y) if x != y => out.push(path.clone()),
            _ => {}
        }
        path.pop();
    }
}

/// Sets the field at `path` in `into` to its value in `from`, or removes it where `from` has
/// none.
fn copy_at(into: &mut Object<String, Value>, from: &Object<String, Value>, path: &[String]) {
    let Some((last, parents)) = path.split_last() else { return };
    let (mut into, mut from) = (into, Some(from));
    for key in parents {
        from = from.and_then(|f| f.get(key)).and_then(Value::as_object);
        let next = into.entry(key.clone()).or_insert_with(|| Value::Object(Object::new()));
        let Value::Object(next) = next else { return };
        into = next;
    }
    match from.and_then(|f| f.get(last)) {
        Some(value) => {
            into.insert(last.clone(), value.clone());
        }
        None => {
            into.remove(last);
        }
    }
}

/// The edit that writes an entity whole, for the kinds that have one.
fn update(change: &Change, value: Value, definition_order: &[String]) -> Option<Edit> {
    let edit = match change {
        Change::Team(_) => Edit::UpdateTeam { team: serde_json::from_value(value).ok()? },
        Change::Person(_) => Edit::UpdatePerson { person: serde_json::from_value(value).ok()? },
        Change::Stage(_) => Edit::UpdateStage { stage: serde_json::from_value(value).ok()? },
        Change::Transition(_) => {
            Edit::UpdateTransition { transition: serde_json::from_value(value).ok()? }
        }
        Change::Term(_) => {
            let mut term: throughline_core::model::Term =
                serde_json::from_value(definitions_by_team(value, false)).ok()?;
            let at = |team: &str| definition_order.iter().position(|t| t == team);
            term.definitions.sort_by_key(|d| at(&d.team).unwrap_or(usize::MAX));
            Edit::UpdateTerm { term }
        }
        Change::Map => Edit::Batch {
            edits: vec![
                Edit::RenameMap { name: serde_json::from_value(value["name"].clone()).ok()? },
                Edit::SetDescription {
                    description: serde_json::from_value(value["description"].clone()).ok()?,
                },
            ],
        },
        _ => return None,
    };
    Some(edit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::edit::Owned;

    fn base_map() -> Map {
        throughline_core::json::from_str(include_str!("../../tests/fixtures/base.json")).unwrap()
    }

    fn applied(map: &mut Map, edit: Edit) -> Undoable {
        let done = apply(map, edit).unwrap();
        Undoable::new(done.inverse, &done.changes, map)
    }

    #[test]
    fn with_nobody_else_the_undo_is_the_inverse() {
        let mut map = base_map();
        let undo = applied(&mut map, Edit::RenameStage { id: "s1".into(), name: "X".into() });
        assert_eq!(undo.rebased(&map).unwrap(), undo.edit);
    }

    #[test]
    fn another_field_changed_since_is_kept() {
        let mut map = base_map();
        let before = map.stage("s1").unwrap().name.clone();
        let undo = applied(&mut map, Edit::RenameStage { id: "s1".into(), name: "X".into() });
        let owners = vec!["p2".to_owned()];
        let set = Edit::SetOwners { target: Owned::Stage("s1".into()), owners: owners.clone() };
        apply(&mut map, set).unwrap();
        let rebased = undo.rebased(&map).unwrap();
        apply(&mut map, rebased).unwrap();
        assert_eq!(map.stage("s1").unwrap().name, before);
        assert_eq!(map.stage("s1").unwrap().owners, owners);
    }

    #[test]
    fn the_same_field_changed_since_is_refused() {
        let mut map = base_map();
        let undo = applied(&mut map, Edit::RenameStage { id: "s1".into(), name: "X".into() });
        apply(&mut map, Edit::RenameStage { id: "s1".into(), name: "Y".into() }).unwrap();
        assert_eq!(undo.rebased(&map), Err(OverColleague));
    }

    #[test]
    fn a_stage_changed_since_its_adding_is_not_removed() {
        let mut map = base_map();
        let mut stage = map.stage("s1").unwrap().clone();
        stage.id = "new".into();
        let undo = applied(&mut map, Edit::AddStage { stage, index: None });
        apply(&mut map, Edit::RenameStage { id: "new".into(), name: "Theirs".into() }).unwrap();
        assert_eq!(undo.rebased(&map), Err(OverColleague));
    }

    #[test]
    fn nested_fields_are_told_apart() {
        let a = serde_json::json!({"d": {"mkt": 1, "sales": 2}, "n": "x"});
        let b = serde_json::json!({"d": {"mkt": 1, "sales": 3}, "n": "x"});
        let (Value::Object(a), Value::Object(b)) = (a, b) else { unreachable!() };
        assert_eq!(differences(&a, &b), vec![vec!["d".to_owned(), "sales".to_owned()]]);
        let mut c = a.clone();
        copy_at(&mut c, &b, &["d".to_owned(), "sales".to_owned()]);
        assert_eq!(c, b);
    }
}
