//! What changed between two versions of a map: entities added, removed and changed, and the
//! findings that appeared or were fixed.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::analysis::{Finding, analyze};
use crate::model::Map;
use crate::rules::Rule;

/// An entity named for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// An entity present in both versions whose fields differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Changed {
    pub id: String,
    pub name: String,
    /// The names of the fields that differ, as in the JSON format.
    pub fields: Vec<String>,
    /// Each of those fields' value before and after, as a person reads it.
    pub changes: Vec<FieldChange>,
}

/// One field's value in the older and the newer version, written for people: ids become the
/// names of what they point at (owners, lanes, stages), lists are joined, criteria are their
/// text, and an empty value is "none".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Differences in one list of entities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EntityDiff {
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    pub changed: Vec<Changed>,
}

impl EntityDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Everything that differs between an older and a newer version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Comparison {
    /// Map-level fields that differ: `name`, `description`, `waivers`, `severities`.
    pub map_fields: Vec<String>,
    pub teams: EntityDiff,
    pub people: EntityDiff,
    pub stages: EntityDiff,
    pub transitions: EntityDiff,
    pub terms: EntityDiff,
    /// Findings of the newer version that the older one did not have.
    pub appeared: Vec<Finding>,
    /// Findings of the older version that the newer one no longer has.
    pub fixed: Vec<Finding>,
}

impl Comparison {
    pub fn is_unchanged(&self) -> bool {
        self.map_fields.is_empty()
            && [&self.teams, &self.people, &self.stages, &self.transitions, &self.terms]
                .iter()
                .all(|d| d.is_empty())
    }
}

/// Compares two versions; findings are matched by rule and subjects, so a reworded message
/// is not a new finding.
pub fn compare(older: &Map, newer: &Map) -> Comparison {
    let mut map_fields = Vec::new();
    if older.name != newer.name {
        map_fields.push("name".to_owned());
    }
    if older.description != newer.description {
        map_fields.push("description".to_owned());
    }
    if older.waivers != newer.waivers {
        map_fields.push("waivers".to_owned());
    }
    if older.severities != newer.severities {
        map_fields.push("severities".to_owned());
    }
    let (before, after) = (analyze(older).findings, analyze(newer).findings);
    let names = Names::of(older, newer);
    Comparison {
        map_fields,
        teams: diff(&older.teams, &newer.teams, &names, |t| (&t.id, t.name.clone())),
        people: diff(&older.people, &newer.people, &names, |p| (&p.id, p.name.clone())),
        stages: diff(&older.stages, &newer.stages, &names, |s| (&s.id, s.name.clone())),
        transitions: diff(&older.transitions, &newer.transitions, &names, |t| {
            (&t.id, transition_name(newer, older, &t.from, &t.to))
        }),
        terms: diff(&older.terms, &newer.terms, &names, |t| (&t.id, t.name.clone())),
        appeared: only_in(&after, &before),
        fixed: only_in(&before, &after),
    }
}

/// Transitions have no names of their own: "MQL → SAL", from whichever version has the stages.
fn transition_name(newer: &Map, older: &Map, from: &str, to: &str) -> String {
    let name = |id: &str| {
        newer.stage(id).or_else(|| older.stage(id)).map_or(id.to_owned(), |s| s.name.clone())
    };
    format!("{} → {}", name(from), name(to))
}

/// The name of every entity of either version by its id, the newer name first.
struct Names(HashMap<String, String>);

impl Names {
    fn of(older: &Map, newer: &Map) -> Self {
        let mut names = HashMap::new();
        for map in [older, newer] {
            let entities = (map.teams.iter().map(|t| (&t.id, &t.name)))
                .chain(map.people.iter().map(|p| (&p.id, &p.name)))
                .chain(map.stages.iter().map(|s| (&s.id, &s.name)))
                .chain(map.terms.iter().map(|t| (&t.id, &t.name)));
            for (id, name) in entities {
                names.insert(id.clone(), name.clone());
            }
        }
        Names(names)
    }

    /// A JSON value as a person reads it.
    fn readable(&self, value: Option<&serde_json::Value>) -> String {
        use serde_json::Value;
        match value {
            None | Some(Value::Null) => "none".to_owned(),
            Some(Value::String(s)) => self.0.get(s).cloned().unwrap_or_else(|| s.clone()),
            Some(Value::Array(items)) if items.is_empty() => "none".to_owned(),
            Some(Value::Array(items)) => {
                items.iter().map(|v| self.readable(Some(v))).collect::<Vec<_>>().join(", ")
            }
            Some(Value::Object(fields)) => {
                // A criterion is its text; a position its coordinates; anything else its
                // fields in order.
                if let Some(text) = fields.get("text") {
                    return self.readable(Some(text));
                }
                if let (Some(x), Some(y)) = (fields.get("x"), fields.get("y")) {
                    return format!("{}, {}", self.readable(Some(x)), self.readable(Some(y)));
                }
                fields
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| format!("{k} {}", self.readable(Some(v))))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
            Some(other) => other.to_string(),
        }
    }
}

fn diff<'a, T: PartialEq + Serialize>(
    older: &'a [T],
    newer: &'a [T],
    lookup: &Names,
    key: impl Fn(&'a T) -> (&'a String, String),
) -> EntityDiff {
    let old_by_id: HashMap<&String, &T> = older.iter().map(|x| (key(x).0, x)).collect();
    let new_ids: BTreeSet<&String> = newer.iter().map(|x| key(x).0).collect();
    let named = |x: &'a T| {
        let (id, name) = key(x);
        Named { id: id.clone(), name }
    };
    let mut result = EntityDiff::default();
    for x in newer {
        let (id, name) = key(x);
        match old_by_id.get(id) {
            None => result.added.push(named(x)),
            Some(old) if *old != x => {
                let changes = changed_fields(*old, x, lookup);
                result.changed.push(Changed {
                    id: id.clone(),
                    name,
                    fields: changes.iter().map(|c| c.field.clone()).collect(),
                    changes,
                });
            }
            Some(_) => {}
        }
    }
    result.removed = older.iter().filter(|x| !new_ids.contains(key(x).0)).map(named).collect();
    result
}

fn changed_fields<T: Serialize>(old: &T, new: &T, names: &Names) -> Vec<FieldChange> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| FieldChange {
            field: k.clone(),
            before: names.readable(a.get(k)),
            after: names.readable(b.get(k)),
        })
        .collect()
}

fn only_in(findings: &[Finding], baseline: &[Finding]) -> Vec<Finding> {
    let known: BTreeSet<(Rule, &[String])> =
        baseline.iter().map(|f| (f.rule, &f.subjects[..])).collect();
    findings.iter().filter(|f| !known.contains(&(f.rule, &f.subjects[..]))).cloned().collect()
}
