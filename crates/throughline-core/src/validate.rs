//! The invariants of a map, checked one entity at a time so that loading a document and
//! applying an edit refuse exactly the same things.

use std::collections::HashSet;

use rustc_hash::FxHashSet;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::excerpt::quoted;
use crate::model::{
    Criterion, Definition, EntityKind, Map, Op, Person, Position, Scalar, Stage, SystemOfRecord,
    Team, Term, Transition, Value, Waiver,
};

/// Why a map, or a change to it, is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Invalid {
    #[error("unknown {} \"{}\"", kind.noun(), quoted(id))]
    UnknownReference { kind: EntityKind, id: String },
    #[error("unknown stage, transition, term, team or person \"{}\"", quoted(id))]
    UnknownSubject { id: String },
    #[error("duplicate {} id \"{}\"", kind.noun(), quoted(id))]
    DuplicateId { kind: EntityKind, id: String },
    #[error("the team \"{}\" defines the term twice", quoted(team))]
    DuplicateDefinition { team: String },
    #[error(
        "the transition \"{}\" goes from the stage \"{}\" to itself",
        quoted(id),
        quoted(stage)
    )]
    SelfTransition { id: String, stage: String },
    #[error("{message}")]
    StillInUse { message: String },
    #[error("{message}")]
    BadValue { message: String },
}

/// A problem and where in the entity it is (`""`, `"team"`, `"entry[2].op"`, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: String,
    pub invalid: Invalid,
}

type Checked = Result<(), Problem>;

fn at(path: impl Into<String>, invalid: Invalid) -> Problem {
    Problem { path: path.into(), invalid }
}

fn bad(path: impl Into<String>, message: impl Into<String>) -> Problem {
    at(path, Invalid::BadValue { message: message.into() })
}

fn unknown(path: impl Into<String>, kind: EntityKind, id: &str) -> Problem {
    at(path, Invalid::UnknownReference { kind, id: id.to_owned() })
}

/// Answers "does this id exist?" — by scanning the map for a single edit, or from hash sets
/// when a whole document is checked at once.
pub trait Lookup {
    fn has(&self, kind: EntityKind, id: &str) -> bool;

    /// Whether any entity has this id (a waiver's subject may be of any kind).
    fn has_any(&self, id: &str) -> bool {
        EntityKind::ALL.iter().any(|&k| self.has(k, id))
    }
}

impl Lookup for Map {
    fn has(&self, kind: EntityKind, id: &str) -> bool {
        match kind {
            EntityKind::Team => self.team(id).is_some(),
            EntityKind::Person => self.person(id).is_some(),
            EntityKind::Stage => self.stage(id).is_some(),
            EntityKind::Transition => self.transition(id).is_some(),
            EntityKind::Term => self.term(id).is_some(),
        }
    }
}

/// Hash sets of every id in a map, for checking a whole document in linear time.
#[derive(Debug, Default)]
pub struct Index<'a> {
    teams: FxHashSet<&'a str>,
    people: FxHashSet<&'a str>,
    stages: FxHashSet<&'a str>,
    transitions: FxHashSet<&'a str>,
    terms: FxHashSet<&'a str>,
}

impl Lookup for Index<'_> {
    fn has(&self, kind: EntityKind, id: &str) -> bool {
        match kind {
            EntityKind::Team => self.teams.contains(id),
            EntityKind::Person => self.people.contains(id),
            EntityKind::Stage => self.stages.contains(id),
            EntityKind::Transition => self.transitions.contains(id),
            EntityKind::Term => self.terms.contains(id),
        }
    }
}

/// Checks a whole map; the error's path is a JSON path into the interchange document. The
/// first problem in document order is the one reported: ids before anything else, then each
/// list in order.
pub fn check_map(map: &Map) -> Checked {
    let mut index = Index::default();
    collect_ids_but_transitions(&mut index, map)?;
    let transitions = map.transitions.iter().map(|t| &t.id[..]);
    collect_ids(&mut index.transitions, "transitions", EntityKind::Transition, transitions)?;
    let terms = map.terms.iter().map(|t| &t.id[..]);
    collect_ids(&mut index.terms, "terms", EntityKind::Term, terms)?;
    check_name("name", &map.name)?;
    each("teams", &map.teams, check_team)?;
    each("people", &map.people, |p| check_person(&index, p))?;
    each("stages", &map.stages, |s| check_stage(&index, s))?;
    each("transitions", &map.transitions, |t| check_transition(&index, t))?;
    each("terms", &map.terms, |t| check_term(&index, t))?;
    let mut waived = HashSet::new();
    for (i, w) in map.waivers.iter().enumerate() {
        let path = format!("waivers[{i}]");
        check_waiver(&index, w).map_err(|p| nest(&path, p))?;
        if !waived.insert((w.rule, w.subject.as_deref())) {
            return Err(at(path, already_waived(w)));
        }
    }
    Ok(())
}

/// The ids of the teams, people and stages, up to the first duplicate or empty one.
fn collect_ids_but_transitions<'a>(index: &mut Index<'a>, map: &'a Map) -> Checked {
    let teams = map.teams.iter().map(|t| &t.id[..]);
    collect_ids(&mut index.teams, "teams", EntityKind::Team, teams)?;
    let people = map.people.iter().map(|p| &p.id[..]);
    collect_ids(&mut index.people, "people", EntityKind::Person, people)?;
    let stages = map.stages.iter().map(|s| &s.id[..]);
    collect_ids(&mut index.stages, "stages", EntityKind::Stage, stages)
}

pub(crate) fn already_waived(w: &Waiver) -> Invalid {
    Invalid::StillInUse {
        message: match &w.subject {
            Some(s) => format!("the rule {} is already waived for \"{s}\"", w.rule),
            None => format!("the rule {} is already waived for the whole map", w.rule),
        },
    }
}

fn collect_ids<'a>(
    set: &mut FxHashSet<&'a str>,
    list: &str,
    kind: EntityKind,
    ids: impl ExactSizeIterator<Item = &'a str>,
) -> Checked {
    set.reserve(ids.len());
    for (i, id) in ids.enumerate() {
        // The path is only written out for a problem: a large map has a great many ids.
        if id.trim().is_empty() {
            check_id(&format!("{list}[{i}].id"), id)?;
        }
        if !set.insert(id) {
            return Err(at(
                format!("{list}[{i}].id"),
                Invalid::DuplicateId { kind, id: id.to_owned() },
            ));
        }
    }
    Ok(())
}

fn each<T>(list: &str, items: &[T], check: impl Fn(&T) -> Checked) -> Checked {
    for (i, item) in items.iter().enumerate() {
        check(item).map_err(|p| nest(&format!("{list}[{i}]"), p))?;
    }
    Ok(())
}

/// Prefixes a problem's path with where the entity sits.
pub fn nest(prefix: &str, problem: Problem) -> Problem {
    let path = match (prefix.is_empty(), problem.path.is_empty()) {
        (true, _) => problem.path,
        (false, true) => prefix.to_owned(),
        (false, false) if problem.path.starts_with('[') => format!("{prefix}{}", problem.path),
        (false, false) => format!("{prefix}.{}", problem.path),
    };
    Problem { path, invalid: problem.invalid }
}

pub fn check_id(path: &str, id: &str) -> Checked {
    if id.trim().is_empty() {
        return Err(bad(path, "an id must not be empty"));
    }
    Ok(())
}

fn check_name(path: &str, name: &str) -> Checked {
    if name.trim().is_empty() {
        return Err(bad(path, "a name must not be empty"));
    }
    Ok(())
}

pub fn check_team(team: &Team) -> Checked {
    check_id("id", &team.id)?;
    check_name("name", &team.name)?;
    if let Some(color) = &team.color {
        let hex = color.strip_prefix('#').unwrap_or("");
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad("color", format!("\"{color}\" is not a colour like #1f77b4")));
        }
    }
    Ok(())
}

pub fn check_person(map: &impl Lookup, person: &Person) -> Checked {
    check_id("id", &person.id)?;
    check_name("name", &person.name)?;
    reference(map, "team", EntityKind::Team, &person.team)
}

pub fn check_stage(map: &impl Lookup, stage: &Stage) -> Checked {
    check_id("id", &stage.id)?;
    check_name("name", &stage.name)?;
    reference(map, "team", EntityKind::Team, &stage.team)?;
    check_owners(map, &stage.owners)?;
    if let Some(term) = &stage.term {
        reference(map, "term", EntityKind::Term, term)?;
    }
    check_criteria("entry", &stage.entry)?;
    check_criteria("exit", &stage.exit)?;
    if let Some(system) = &stage.system {
        check_system(system).map_err(|p| nest("system", p))?;
    }
    check_hours("sla_hours", stage.sla_hours)?;
    if let Some(p) = stage.probability
        && !(0.0..=1.0).contains(&p)
    {
        return Err(bad("probability", format!("a probability is a share from 0 to 1 (got {p})")));
    }
    if let Some(category) = &stage.forecast_category {
        check_name("forecast_category", category)?;
    }
    if let Some(position) = stage.position {
        check_position(position)?;
    }
    Ok(())
}

pub fn check_position(position: Position) -> Checked {
    if !(position.x.is_finite() && position.y.is_finite()) {
        return Err(bad("position", "a position needs finite coordinates"));
    }
    Ok(())
}

fn check_system(system: &SystemOfRecord) -> Checked {
    check_name("name", &system.name)
}

pub fn check_transition(map: &impl Lookup, t: &Transition) -> Checked {
    check_id("id", &t.id)?;
    reference(map, "from", EntityKind::Stage, &t.from)?;
    reference(map, "to", EntityKind::Stage, &t.to)?;
    if t.from == t.to {
        return Err(at("to", Invalid::SelfTransition { id: t.id.clone(), stage: t.from.clone() }));
    }
    check_owners(map, &t.owners)?;
    check_hours("sla_hours", t.sla_hours)?;
    check_criteria("criteria", &t.criteria)
}

pub fn check_term(map: &impl Lookup, term: &Term) -> Checked {
    check_id("id", &term.id)?;
    check_name("name", &term.name)?;
    check_owners(map, &term.owners)?;
    if let Some(canonical) = &term.canonical {
        check_definition(canonical).map_err(|p| nest("canonical", p))?;
    }
    let mut teams = HashSet::new();
    for (i, d) in term.definitions.iter().enumerate() {
        let path = format!("definitions[{i}]");
        reference(map, "team", EntityKind::Team, &d.team).map_err(|p| nest(&path, p))?;
        check_criteria("criteria", &d.criteria).map_err(|p| nest(&path, p))?;
        if !teams.insert(&d.team[..]) {
            return Err(at(
                format!("{path}.team"),
                Invalid::DuplicateDefinition { team: d.team.clone() },
            ));
        }
    }
    Ok(())
}

pub fn check_definition(d: &Definition) -> Checked {
    check_criteria("criteria", &d.criteria)
}

pub fn check_waiver(map: &impl Lookup, w: &Waiver) -> Checked {
    if let Some(subject) = &w.subject
        && !map.has_any(subject)
    {
        return Err(at("subject", Invalid::UnknownSubject { id: subject.clone() }));
    }
    if w.reason.trim().is_empty() {
        return Err(bad("reason", "a waiver needs a reason"));
    }
    Ok(())
}

fn reference(map: &impl Lookup, path: &str, kind: EntityKind, id: &str) -> Checked {
    if map.has(kind, id) { Ok(()) } else { Err(unknown(path, kind, id)) }
}

pub fn check_owners(map: &impl Lookup, owners: &[String]) -> Checked {
    // Owners are a handful: looking back along the list is cheaper than a set, which only a
    // long list gets. Paths are written out only for a problem (a large map has a great many
    // owners, and validation was a fifth of `check`).
    const LONG: usize = 16;
    let mut seen = HashSet::new();
    for (i, owner) in owners.iter().enumerate() {
        let path = || format!("owners[{i}]");
        if !map.has(EntityKind::Person, owner) {
            return Err(unknown(path(), EntityKind::Person, owner));
        }
        let again =
            if owners.len() > LONG { !seen.insert(owner) } else { owners[..i].contains(owner) };
        if again {
            return Err(bad(path(), format!("\"{owner}\" is listed twice as an owner")));
        }
    }
    Ok(())
}

fn check_hours(path: &str, hours: Option<f64>) -> Checked {
    match hours {
        Some(h) if !h.is_finite() || h < 0.0 => {
            Err(bad(path, format!("an SLA must be a number of hours, at least 0 (got {h})")))
        }
        _ => Ok(()),
    }
}

pub fn check_criteria(list: &str, criteria: &[Criterion]) -> Checked {
    for (i, c) in criteria.iter().enumerate() {
        check_criterion(c).map_err(|p| nest(&format!("{list}[{i}]"), p))?;
    }
    Ok(())
}

pub fn check_criterion(c: &Criterion) -> Checked {
    match (&c.field, c.op) {
        (None, None) => {
            if c.value.is_some() {
                return Err(bad("value", "a value needs a field and an operator"));
            }
            if c.text.trim().is_empty() {
                return Err(bad("text", "a criterion needs a text or a field"));
            }
            Ok(())
        }
        (Some(_), None) => Err(bad("op", "a structured criterion needs an operator")),
        (None, Some(_)) => Err(bad("field", "a structured criterion needs a field")),
        (Some(field), Some(op)) => {
            if field.trim().is_empty() {
                return Err(bad("field", "a field must not be empty"));
            }
            check_value(op, c.value.as_ref())
        }
    }
}

fn check_value(op: Op, value: Option<&Value>) -> Checked {
    let finite = |s: &Scalar| !matches!(s, Scalar::Number(n) if !n.is_finite());
    match (op, value) {
        (Op::Exists, None) => Ok(()),
        (Op::Exists, Some(_)) => Err(bad("value", "`exists` takes no value")),
        (Op::In, Some(Value::List(items))) if items.iter().all(finite) => Ok(()),
        (Op::In, _) => Err(bad("value", "`in` needs a list of values")),
        (_, Some(Value::Scalar(s))) if finite(s) => Ok(()),
        (op, _) => Err(bad("value", format!("`{}` needs a single value", op.symbol()))),
    }
}
