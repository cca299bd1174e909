//! Writing a map, or just the parts an edit changed, into the normalised tables.
//! Callers wrap these in one transaction.

use rusqlite::{Connection, params};
use throughline_core::Change;
use throughline_core::model::EntityKind;
use throughline_core::model::{Criterion, Map, Person, Stage, Team, Term, Transition};

type Result<T> = rusqlite::Result<T>;

/// Writes exactly what the changes name, as the map now has it.
pub fn changes(conn: &Connection, map: &Map, changes: &[Change]) -> Result<()> {
    for change in changes {
        match change {
            Change::Map => map_row(conn, map)?,
            Change::Team(id) => match map.team(id) {
                Some(team) => team_row(conn, team)?,
                None => delete(conn, "teams", id)?,
            },
            Change::Person(id) => match map.person(id) {
                Some(person) => person_row(conn, person)?,
                None => delete(conn, "people", id)?,
            },
            Change::Stage(id) => match map.stage(id) {
                Some(stage) => stage_rows(conn, stage)?,
                None => delete(conn, "stages", id)?,
            },
            Change::Transition(id) => match map.transition(id) {
                Some(t) => transition_rows(conn, t)?,
                None => delete(conn, "transitions", id)?,
            },
            Change::Term(id) => match map.term(id) {
                Some(term) => term_rows(conn, term)?,
                None => delete(conn, "terms", id)?,
            },
            Change::Waivers => waivers(conn, map)?,
            Change::Severities => severities(conn, map)?,
            Change::Order(kind) => order(conn, map, *kind)?,
        }
    }
    Ok(())
}

/// Replaces everything in the file with this map.
pub fn whole_map(conn: &Connection, map: &Map) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM transitions; DELETE FROM stages; DELETE FROM terms; DELETE FROM people;
         DELETE FROM teams; DELETE FROM waivers; DELETE FROM severities; DELETE FROM map;",
    )?;
    map_row(conn, map)?;
    for team in &map.teams {
        team_row(conn, team)?;
    }
    for person in &map.people {
        person_row(conn, person)?;
    }
    for term in &map.terms {
        term_rows(conn, term)?;
    }
    for stage in &map.stages {
        stage_rows(conn, stage)?;
    }
    for t in &map.transitions {
        transition_rows(conn, t)?;
    }
    waivers(conn, map)?;
    severities(conn, map)
}

fn map_row(conn: &Connection, map: &Map) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO map (id, name, description) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description",
    )?
    .execute(params![map.name, map.description])?;
    Ok(())
}

fn delete(conn: &Connection, table: &str, id: &str) -> Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?.execute([id])?;
    Ok(())
}

/// New rows go after the last one; an existing row keeps its place.
fn next_ord(table: &str) -> String {
    format!("(SELECT coalesce(max(ord) + 1, 0) FROM {table})")
}

fn team_row(conn: &Connection, team: &Team) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO teams (id, ord, name, color) VALUES (?1, {}, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, color = excluded.color",
        next_ord("teams")
    ))?
    .execute(params![team.id, team.name, team.color])?;
    Ok(())
}

fn person_row(conn: &Connection, person: &Person) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO people (id, ord, name, team_id, role) VALUES (?1, {}, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, team_id = excluded.team_id,
                                        role = excluded.role",
        next_ord("people")
    ))?
    .execute(params![person.id, person.name, person.team, person.role])?;
    Ok(())
}

fn stage_rows(conn: &Connection, s: &Stage) -> Result<()> {
    let system = s.system.as_ref();
    conn.prepare_cached(&format!(
        "INSERT INTO stages (id, ord, name, team_id, kind, term_id, sla_hours, x, y,
                             system_name, system_object, system_field, system_value,
                             probability, forecast_category)
         VALUES (?1, {}, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, team_id = excluded.team_id, kind = excluded.kind,
             term_id = excluded.term_id, sla_hours = excluded.sla_hours,
             x = excluded.x, y = excluded.y, system_name = excluded.system_name,
             system_object = excluded.system_object, system_field = excluded.system_field,
             system_value = excluded.system_value, probability = excluded.probability,
             forecast_category = excluded.forecast_category",
        next_ord("stages")
    ))?
    .execute(params![
        s.id,
        s.name,
        s.team,
        s.kind.label(),
        s.term,
        s.sla_hours,
        s.position.map(|p| p.x),
        s.position.map(|p| p.y),
        system.map(|x| &x.name),
        system.and_then(|x| x.object.as_ref()),
        system.and_then(|x| x.field.as_ref()),
        system.and_then(|x| x.value.as_ref()),
        s.probability,
        s.forecast_category,
    ])?;
    owners(conn, "stage_owners", "stage_id", &s.id, &s.owners)?;
    conn.prepare_cached("DELETE FROM stage_criteria WHERE stage_id = ?1")?.execute([&s.id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO stage_criteria (stage_id, slot, ord, text, field, op, value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (slot, list) in [("entry", &s.entry), ("exit", &s.exit)] {
        for (i, c) in (0i64..).zip(list) {
            let (field, op, value) = structured(c);
            insert.execute(params![s.id, slot, i, c.text, field, op, value])?;
        }
    }
    Ok(())
}

fn transition_rows(conn: &Connection, t: &Transition) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO transitions (id, ord, from_id, to_id, sla_hours, volume)
         VALUES (?1, {}, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET from_id = excluded.from_id, to_id = excluded.to_id,
                                        sla_hours = excluded.sla_hours, volume = excluded.volume",
        next_ord("transitions")
    ))?
    .execute(params![t.id, t.from, t.to, t.sla_hours, t.volume])?;
    owners(conn, "transition_owners", "transition_id", &t.id, &t.owners)?;
    conn.prepare_cached("DELETE FROM transition_criteria WHERE transition_id = ?1")?
        .execute([&t.id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO transition_criteria (transition_id, ord, text, field, op, value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, c) in (0i64..).zip(&t.criteria) {
        let (field, op, value) = structured(c);
        insert.execute(params![t.id, i, c.text, field, op, value])?;
    }
    Ok(())
}

fn term_rows(conn: &Connection, term: &Term) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO terms (id, ord, name) VALUES (?1, {}, ?2)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name",
        next_ord("terms")
    ))?
    .execute(params![term.id, term.name])?;
    owners(conn, "term_owners", "term_id", &term.id, &term.owners)?;
    conn.prepare_cached("DELETE FROM definitions WHERE term_id = ?1")?.execute([&term.id])?;
    let canonical = term.canonical.as_ref().map(|d| (None, -1, &d.text, &d.criteria));
    let by_team =
        (0i64..).zip(&term.definitions).map(|(i, d)| (Some(&d.team), i, &d.text, &d.criteria));
    let mut insert = conn.prepare_cached(
        "INSERT INTO definitions (term_id, team_id, ord, text) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut insert_criterion = conn.prepare_cached(
        "INSERT INTO definition_criteria (definition_id, ord, text, field, op, value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (team, ord, text, criteria) in canonical.into_iter().chain(by_team) {
        insert.execute(params![term.id, team, ord, text])?;
        let definition = conn.last_insert_rowid();
        for (i, c) in (0i64..).zip(criteria.iter()) {
            let (field, op, value) = structured(c);
            insert_criterion.execute(params![definition, i, c.text, field, op, value])?;
        }
    }
    Ok(())
}

fn owners(conn: &Connection, table: &str, key: &str, id: &str, owners: &[String]) -> Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE {key} = ?1"))?.execute([id])?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO {table} ({key}, ord, person_id) VALUES (?1, ?2, ?3)"
    ))?;
    for (i, person) in (0i64..).zip(owners) {
        insert.execute(params![id, i, person])?;
    }
    Ok(())
}

/// The structured part of a criterion: field, operator symbol and the value as JSON.
fn structured(c: &Criterion) -> (Option<&str>, Option<&'static str>, Option<String>) {
    let value = c.value.as_ref().map(|v| serde_json::to_string(v).unwrap_or_default());
    (c.field.as_deref(), c.op.map(throughline_core::model::Op::symbol), value)
}

fn waivers(conn: &Connection, map: &Map) -> Result<()> {
    conn.execute("DELETE FROM waivers", [])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO waivers (ord, rule, subject, reason) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, w) in (0i64..).zip(&map.waivers) {
        insert.execute(params![i, w.rule.id(), w.subject, w.reason])?;
    }
    Ok(())
}

fn severities(conn: &Connection, map: &Map) -> Result<()> {
    conn.execute("DELETE FROM severities", [])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO severities (rule, severity) VALUES (?1, ?2)")?;
    for (rule, severity) in &map.severities {
        insert.execute(params![rule.id(), severity.label()])?;
    }
    Ok(())
}

/// Rewrites the order of a whole list after an insertion before its end or a reordering.
fn order(conn: &Connection, map: &Map, kind: EntityKind) -> Result<()> {
    let (table, ids): (&str, Vec<&str>) = match kind {
        EntityKind::Team => ("teams", map.teams.iter().map(|x| &x.id[..]).collect()),
        EntityKind::Person => ("people", map.people.iter().map(|x| &x.id[..]).collect()),
        EntityKind::Stage => ("stages", map.stages.iter().map(|x| &x.id[..]).collect()),
        EntityKind::Transition => {
            ("transitions", map.transitions.iter().map(|x| &x.id[..]).collect())
        }
        EntityKind::Term => ("terms", map.terms.iter().map(|x| &x.id[..]).collect()),
    };
    let mut update = conn.prepare_cached(&format!("UPDATE {table} SET ord = ?1 WHERE id = ?2"))?;
    for (i, id) in (0i64..).zip(&ids) {
        update.execute(params![i, id])?;
    }
    Ok(())
}

/// Writes bytes next to their final place, then moves them there, so that an existing file
/// is either replaced whole or left as it was (exports from the app and the command line).
/// What exists at `output` and is not a regular file (a device, a pipe, a folder) is refused,
/// never replaced.
pub fn write_file_atomically(output: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::check_output(output, &[]).map_err(std::io::Error::other)?;
    let folder = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".throughline-");
    // Readable by others as any new file is (less the umask): a picture or a PDF is made to
    // be shared, and the staging file's private mode would otherwise stay with it.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut staged = builder.tempfile_in(folder)?;
    std::io::Write::write_all(&mut staged, bytes)?;
    staged.persist(output).map_err(|e| e.error)?;
    Ok(())
}
