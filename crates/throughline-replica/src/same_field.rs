//! Fields two copies changed apart: the document keeps one value (Yjs's rule, the same on
//! every replica); the conflict says whose, and whose was set aside.

use std::collections::HashSet;

use serde_json::Value;
use yrs::{Any, Map as _, MapRef, Out, ReadTxn, StateVector, Transact};

use crate::Replica;
use crate::conflict::{Conflict, ConflictKind};
use crate::layout::{BY, DEFINITIONS, MAP, ORDER};
use crate::values::to_json;
use crate::writes::{self, FieldPath};

/// A field both copies wrote without having seen the other's write, with what each has.
#[derive(Debug)]
pub struct Apart {
    path: FieldPath,
    mine: Option<Value>,
    theirs: Option<Value>,
    mine_by: Option<String>,
    theirs_by: Option<String>,
}

/// Before two copies are joined: the fields each wrote that the other had not seen, and
/// both wrote, with different values.
pub fn written_apart(mine: &Replica, theirs: &Replica) -> Vec<Apart> {
    let (seen_by_mine, seen_by_theirs) = (state_vector(mine), state_vector(theirs));
    let unseen = |replica: &Replica, seen_by_other: &StateVector| -> HashSet<FieldPath> {
        writes::unseen_by(&replica.state(), seen_by_other)
            .unwrap_or_default()
            .into_keys()
            .filter(|path| ![BY, ORDER].contains(&path.field.as_str()))
            .collect()
    };
    let only_mine = unseen(mine, &seen_by_theirs);
    let only_theirs = unseen(theirs, &seen_by_mine);
    let mut apart: Vec<Apart> = only_mine
        .intersection(&only_theirs)
        .map(|path| Apart {
            path: path.clone(),
            mine: value(mine, path),
            theirs: value(theirs, path),
            mine_by: author(mine, path),
            theirs_by: author(theirs, path),
        })
        .filter(|a| a.mine != a.theirs)
        .collect();
    apart.sort_by(|a, b| a.path.cmp(&b.path));
    apart
}

/// Before an update from a colleague is taken in: the fields it writes that this replica
/// wrote too without the colleague having seen it.
pub fn written_apart_live(mine: &Replica, update: &[u8]) -> Vec<Apart> {
    let Ok(found) = writes::written_apart_live(&mine.state(), &state_vector(mine), update) else {
        return Vec::new();
    };
    found
        .into_iter()
        .filter(|(path, ..)| ![BY, ORDER].contains(&path.field.as_str()))
        .map(|(path, theirs, theirs_by)| Apart {
            mine: value(mine, &path),
            theirs: theirs.as_ref().and_then(to_json),
            mine_by: author(mine, &path),
            theirs_by,
            path,
        })
        .filter(|a| a.mine != a.theirs)
        .collect()
}

/// After they were joined: which of the two values `merged` kept, and the conflict saying so.
pub fn resolved(apart: Vec<Apart>, merged: &Replica) -> Vec<Conflict> {
    if apart.is_empty() {
        return Vec::new();
    }
    let shown = merged.project().map;
    let mut conflicts = Vec::new();
    for a in apart {
        let kept = value(merged, &a.path);
        let (winner, loser, lost) = if kept == a.mine {
            (a.mine_by, a.theirs_by, a.theirs)
        } else {
            (a.theirs_by, a.mine_by, a.mine)
        };
        // Named by the copies' own signatures, never by which side merged, so that every
        // replica says the same.
        let winner = winner.unwrap_or_else(|| "someone".to_owned());
        let loser = loser.unwrap_or_else(|| "someone else".to_owned());
        let what = describe(&a.path, &shown);
        let message = match (short(kept.as_ref()), short(lost.as_ref())) {
            (Some(k), Some(l)) => format!(
                "{winner} and {loser} both changed {what}: {winner}'s {k} is kept, {loser}'s {l} is not"
            ),
            _ => format!("{winner} and {loser} both changed {what}: {winner}'s is kept"),
        };
        conflicts.push(Conflict { kind: ConflictKind::SameField, subject: a.path.entity, message });
    }
    conflicts
}

fn state_vector(replica: &Replica) -> StateVector {
    replica.doc.transact().state_vector()
}

fn entity_of<T: ReadTxn>(txn: &T, path: &FieldPath) -> Option<MapRef> {
    let collection = txn.get_map(path.collection.as_str())?;
    match collection.get(txn, &path.entity)? {
        Out::YMap(entity) => Some(entity),
        _ => None,
    }
}

fn value(replica: &Replica, path: &FieldPath) -> Option<Value> {
    let txn = replica.doc.transact();
    let out = if path.entity.is_empty() {
        txn.get_map(path.collection.as_str())?.get(&txn, &path.field)
    } else {
        let entity = entity_of(&txn, path)?;
        match (&path.sub, entity.get(&txn, &path.field)?) {
            (None, out) => Some(out),
            (Some(team), Out::YMap(nested)) => nested.get(&txn, team),
            (Some(_), _) => None,
        }
    }?;
    match out {
        Out::Any(any) => to_json(&any),
        _ => None,
    }
}

/// Who last changed the entity (or the map's own fields) in a copy, by the name they signed.
fn author(replica: &Replica, path: &FieldPath) -> Option<String> {
    let txn = replica.doc.transact();
    let signed = if path.entity.is_empty() {
        txn.get_map(path.collection.as_str())
    } else {
        entity_of(&txn, path)
    };
    match signed?.get(&txn, BY) {
        Some(Out::Any(Any::String(name))) if !name.trim().is_empty() => Some(name.to_string()),
        _ => None,
    }
}

/// A value short enough to quote in a sentence.
fn short(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if s.chars().count() <= 60 => Some(format!("\"{s}\"")),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some("empty value".to_owned()),
        _ => None,
    }
}

/// "the name of the stage \"Demo\"", "Sales's definition of \"MQL\"".
fn describe(path: &FieldPath, map: &throughline_core::Map) -> String {
    if path.collection == MAP {
        return format!("the map's {}", path.field);
    }
    if path.entity.is_empty() {
        return format!("the severity of {}", path.field);
    }
    let (noun, name) = match path.collection.as_str() {
        "teams" => ("lane", map.team(&path.entity).map(|t| t.name.clone())),
        "people" => ("person", map.person(&path.entity).map(|p| p.name.clone())),
        "stages" => ("stage", map.stage(&path.entity).map(|s| s.name.clone())),
        "transitions" => (
            "handoff",
            map.transition(&path.entity).map(|t| {
                let stage =
                    |id: &str| map.stage(id).map_or_else(|| id.to_owned(), |s| s.name.clone());
                format!("{} → {}", stage(&t.from), stage(&t.to))
            }),
        ),
        "terms" => ("term", map.term(&path.entity).map(|t| t.name.clone())),
        _ => ("waiver", None),
    };
    let name = name.unwrap_or_else(|| path.entity.clone());
    if let (DEFINITIONS, Some(team)) = (path.field.as_str(), &path.sub) {
        let lane = map.team(team).map_or_else(|| team.clone(), |t| t.name.clone());
        return format!("{lane}'s definition of the {noun} \"{name}\"");
    }
    let field = match path.field.as_str() {
        "sla_hours" => "the SLA",
        "owners" => "the owners",
        "entry" => "the entry criteria",
        "exit" => "the exit criteria",
        "criteria" => "the criteria",
        "team" => "the lane",
        "removed" => "whether it is removed",
        "canonical" => "the canonical definition",
        field => return format!("the {} of the {noun} \"{name}\"", field.replace('_', " ")),
    };
    format!("{field} of the {noun} \"{name}\"")
}
