//! Reading the whole map back from the normalised tables.

use std::collections::HashMap;

use rusqlite::{Connection, Row};
use throughline_core::model::{
    Criterion, Definition, Map, Op, Person, Position, Stage, StageKind, SystemOfRecord, Team,
    TeamDefinition, Term, Transition, Waiver,
};
use throughline_core::{Rule, Severity};

/// Why stored rows do not make a map (a file edited by hand, or damaged).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Content(String),
}

type Result<T> = std::result::Result<T, ReadError>;

fn content(message: impl Into<String>) -> ReadError {
    ReadError::Content(message.into())
}

pub fn map(conn: &Connection) -> Result<Map> {
    let (name, description) = conn
        .query_row("SELECT name, description FROM map WHERE id = 1", [], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => content("the map row is missing"),
            e => e.into(),
        })?;
    let mut map = Map::new(name);
    map.description = description;

    map.teams = rows(conn, "SELECT id, name, color FROM teams ORDER BY ord", |r| {
        Ok(Team { id: r.get(0)?, name: r.get(1)?, color: r.get(2)? })
    })?;
    map.people = rows(conn, "SELECT id, name, team_id, role FROM people ORDER BY ord", |r| {
        Ok(Person { id: r.get(0)?, name: r.get(1)?, team: r.get(2)?, role: r.get(3)? })
    })?;

    let mut stage_owners = owners(conn, "stage_owners", "stage_id")?;
    let mut entry: HashMap<String, Vec<Criterion>> = HashMap::new();
    let mut exit: HashMap<String, Vec<Criterion>> = HashMap::new();
    for (stage, slot, c) in rows(
        conn,
        "SELECT stage_id, slot, text, field, op, value FROM stage_criteria
         ORDER BY stage_id, slot, ord",
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, raw_criterion(r, 2)?)),
    )? {
        let c = criterion(c)?;
        match &slot[..] {
            "entry" => entry.entry(stage).or_default().push(c),
            _ => exit.entry(stage).or_default().push(c),
        }
    }
    let raw_stages = rows(
        conn,
        "SELECT id, name, team_id, kind, term_id, sla_hours, x, y,
                system_name, system_object, system_field, system_value,
                probability, forecast_category
         FROM stages ORDER BY ord",
        |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?),
                (r.get(4)?, r.get(5)?, r.get::<_, Option<f64>>(6)?, r.get::<_, Option<f64>>(7)?),
                (r.get::<_, Option<String>>(8)?, r.get(9)?, r.get(10)?, r.get(11)?),
                (r.get::<_, Option<f64>>(12)?, r.get::<_, Option<String>>(13)?),
            ))
        },
    )?;
    map.stages.reserve(raw_stages.len());
    for (
        (id, name, team, kind),
        (term, sla_hours, x, y),
        (system, object, field, value),
        (probability, forecast_category),
    ) in raw_stages
    {
        map.stages.push(Stage {
            owners: stage_owners.remove(&id).unwrap_or_default(),
            entry: entry.remove(&id).unwrap_or_default(),
            exit: exit.remove(&id).unwrap_or_default(),
            kind: stage_kind(&kind)?,
            position: x.zip(y).map(|(x, y)| Position { x, y }),
            system: system.map(|name| SystemOfRecord { name, object, field, value }),
            id,
            name,
            team,
            term,
            sla_hours,
            probability,
            forecast_category,
        });
    }

    let mut transition_owners = owners(conn, "transition_owners", "transition_id")?;
    let mut transition_criteria: HashMap<String, Vec<Criterion>> = criteria_by(
        conn,
        "SELECT transition_id, text, field, op, value FROM transition_criteria
         ORDER BY transition_id, ord",
    )?;
    map.transitions = rows(
        conn,
        "SELECT id, from_id, to_id, sla_hours, volume FROM transitions ORDER BY ord",
        |r| {
            Ok(Transition {
                id: r.get(0)?,
                from: r.get(1)?,
                to: r.get(2)?,
                owners: Vec::new(),
                sla_hours: r.get(3)?,
                criteria: Vec::new(),
                volume: r.get(4)?,
            })
        },
    )?;
    for t in &mut map.transitions {
        t.owners = transition_owners.remove(&t.id).unwrap_or_default();
        t.criteria = transition_criteria.remove(&t.id).unwrap_or_default();
    }

    map.terms = terms(conn)?;
    map.waivers = rows(conn, "SELECT rule, subject, reason FROM waivers ORDER BY ord", |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
    })?
    .into_iter()
    .map(|(rule, subject, reason)| Ok(Waiver { rule: rule_id(&rule)?, subject, reason }))
    .collect::<Result<_>>()?;
    for (rule, severity) in rows(conn, "SELECT rule, severity FROM severities", |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        map.severities.insert(rule_id(&rule)?, severity_label(&severity)?);
    }
    Ok(map)
}

fn terms(conn: &Connection) -> Result<Vec<Term>> {
    let mut term_owners = owners(conn, "term_owners", "term_id")?;
    let mut criteria_of: HashMap<i64, Vec<Criterion>> = criteria_by(
        conn,
        "SELECT definition_id, text, field, op, value FROM definition_criteria
         ORDER BY definition_id, ord",
    )?;
    let mut canonical: HashMap<String, Definition> = HashMap::new();
    let mut by_team: HashMap<String, Vec<TeamDefinition>> = HashMap::new();
    for (id, term, team, text) in rows(
        conn,
        "SELECT id, term_id, team_id, text FROM definitions ORDER BY term_id, ord",
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get(3)?,
            ))
        },
    )? {
        let criteria = criteria_of.remove(&id).unwrap_or_default();
        match team {
            None => {
                canonical.insert(term, Definition { text, criteria });
            }
            Some(team) => {
                by_team.entry(term).or_default().push(TeamDefinition { team, text, criteria });
            }
        }
    }
    let mut terms = rows(conn, "SELECT id, name FROM terms ORDER BY ord", |r| {
        Ok(Term {
            id: r.get(0)?,
            name: r.get(1)?,
            owners: Vec::new(),
            canonical: None,
            definitions: Vec::new(),
        })
    })?;
    for term in &mut terms {
        term.owners = term_owners.remove(&term.id).unwrap_or_default();
        term.canonical = canonical.remove(&term.id);
        term.definitions = by_team.remove(&term.id).unwrap_or_default();
    }
    Ok(terms)
}

fn rows<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut statement = conn.prepare_cached(sql)?;
    let result = statement.query_map([], f)?.collect::<rusqlite::Result<Vec<T>>>()?;
    Ok(result)
}

fn owners(conn: &Connection, table: &str, key: &str) -> Result<HashMap<String, Vec<String>>> {
    let mut result: HashMap<String, Vec<String>> = HashMap::new();
    for (id, person) in
        rows(conn, &format!("SELECT {key}, person_id FROM {table} ORDER BY {key}, ord"), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
    {
        result.entry(id).or_default().push(person);
    }
    Ok(result)
}

type RawCriterion = (String, Option<String>, Option<String>, Option<String>);

/// Criteria grouped by what they belong to: `sql` selects the owner's key, then a criterion's
/// text, field, op and value, in order.
fn criteria_by<K: rusqlite::types::FromSql + Eq + std::hash::Hash>(
    conn: &Connection,
    sql: &str,
) -> Result<HashMap<K, Vec<Criterion>>> {
    let mut grouped: HashMap<K, Vec<Criterion>> = HashMap::new();
    for (key, c) in rows(conn, sql, |r| Ok((r.get::<_, K>(0)?, raw_criterion(r, 1)?)))? {
        grouped.entry(key).or_default().push(criterion(c)?);
    }
    Ok(grouped)
}

fn raw_criterion(r: &Row<'_>, at: usize) -> rusqlite::Result<RawCriterion> {
    Ok((r.get(at)?, r.get(at + 1)?, r.get(at + 2)?, r.get(at + 3)?))
}

fn criterion((text, field, op, value): RawCriterion) -> Result<Criterion> {
    let op = op
        .map(|symbol| {
            serde_json::from_value::<Op>(serde_json::Value::String(symbol.clone()))
                .map_err(|_| content(format!("unknown operator \"{symbol}\" in a criterion")))
        })
        .transpose()?;
    let value = value
        .map(|json| {
            serde_json::from_str(&json)
                .map_err(|_| content(format!("a criterion's value is not valid: {json}")))
        })
        .transpose()?;
    Ok(Criterion { text, field, op, value })
}

fn stage_kind(kind: &str) -> Result<StageKind> {
    kind.parse().map_err(|_| content(format!("unknown stage kind \"{kind}\"")))
}

fn rule_id(id: &str) -> Result<Rule> {
    Rule::from_id(id).ok_or_else(|| content(format!("unknown rule \"{id}\"")))
}

fn severity_label(label: &str) -> Result<Severity> {
    label.parse().map_err(|_| content(format!("unknown severity \"{label}\"")))
}
