//! OCEL 2.0 SQLite: the same log as OCEL 2.0 JSON and XML in the standard's relational
//! form — `object` and `object_map_type` (types), `object_object` (relationships), and per
//! event type `event_<map>` with each event's `ocel_time`, joined to `event_object`. Read
//! with queries that stream row by row, in the order of the events' ids; the file is opened
//! read-only and never changed.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::event::LogError;
use crate::ocel::{Sinks, State};
use crate::time;

/// Reads an OCEL 2.0 SQLite log.
pub(crate) fn read(
    path: &Path,
    fail: &dyn Fn(u64, Option<&str>, String) -> LogError,
    sinks: Sinks<'_>,
) -> Result<(), LogError> {
    let whole = |message: String| fail(0, None, message);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| {
        whole(format!(
            "is not an OCEL 2.0 SQLite log: {}",
            throughline_core::excerpt::parser_said(e)
        ))
    })?;
    let mut state = State::new(sinks);
    read_tables(&conn, &mut state).map_err(|e| match e {
        Problem::Sqlite(e) => whole(format!(
            "is not an OCEL 2.0 SQLite log: {}",
            throughline_core::excerpt::parser_said(e)
        )),
        Problem::Content(message) => whole(message),
    })
}

enum Problem {
    Sqlite(rusqlite::Error),
    Content(String),
}

impl From<rusqlite::Error> for Problem {
    fn from(e: rusqlite::Error) -> Self {
        Problem::Sqlite(e)
    }
}

impl From<String> for Problem {
    fn from(message: String) -> Self {
        Problem::Content(message)
    }
}

/// A type's table suffix (`ocel_type_map`), which becomes part of a table name: letters,
/// digits and `_` only, so that a hostile file cannot make the query say anything else.
fn table_suffix(map: &str) -> Result<&str, Problem> {
    let fine = !map.is_empty() && map.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if fine {
        Ok(map)
    } else {
        Err(Problem::Content(format!(
            "the type table \"{}\" is not a name an OCEL 2.0 SQLite log uses",
            throughline_core::excerpt::quoted(map)
        )))
    }
}

fn read_tables(conn: &Connection, state: &mut State<'_>) -> Result<(), Problem> {
    for table in
        ["event", "object", "event_object", "object_object", "event_map_type", "object_map_type"]
    {
        let found: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if found == 0 {
            return Err(
                format!("is not an OCEL 2.0 SQLite log: it has no table \"{table}\"").into()
            );
        }
    }
    let types: Vec<String> = conn
        .prepare("SELECT ocel_type FROM object_map_type ORDER BY rowid")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    state.declare_types(types);
    {
        let mut objects = conn.prepare("SELECT ocel_id, ocel_type FROM object ORDER BY rowid")?;
        let mut rows = objects.query([])?;
        while let Some(row) = rows.next()? {
            let (id, kind): (String, String) = (row.get(0)?, row.get(1)?);
            state.object(id, &kind)?;
        }
    }
    let relations: Vec<(String, String)> = conn
        .prepare("SELECT ocel_source_id, ocel_target_id FROM object_object ORDER BY rowid")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    state.objects_done(relations)?;

    let event_types: Vec<(String, String)> = conn
        .prepare("SELECT ocel_type, ocel_type_map FROM event_map_type ORDER BY rowid")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (kind, map) in event_types {
        let table = format!("event_{}", table_suffix(&map)?);
        let mut events = conn.prepare(&format!(
            "SELECT t.ocel_id, t.ocel_time, eo.ocel_object_id
             FROM \"{table}\" t JOIN event_object eo ON eo.ocel_event_id = t.ocel_id
             ORDER BY t.ocel_id, eo.rowid"
        ))?;
        let mut rows = events.query([])?;
        let mut open: Option<(String, String, Vec<String>)> = None;
        while let Some(row) = rows.next()? {
            let (id, written, object): (String, String, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            if open.as_ref().is_some_and(|(open_id, ..)| *open_id != id) {
                let (id, written, objects) = open.take().expect("an event is open");
                event(state, &id, &kind, &written, objects)?;
            }
            open.get_or_insert_with(|| (id, written, Vec::new())).2.push(object);
        }
        if let Some((id, written, objects)) = open {
            event(state, &id, &kind, &written, objects)?;
        }
    }
    Ok(())
}

fn event(
    state: &mut State<'_>,
    id: &str,
    kind: &str,
    written: &str,
    objects: Vec<String>,
) -> Result<(), Problem> {
    let Some(at) = time::parse(written) else {
        return Err(format!(
            "the event \"{}\" has the time \"{}\", which is not a date and time",
            throughline_core::excerpt::quoted(id),
            throughline_core::excerpt::quoted(written)
        )
        .into());
    };
    Ok(state.event(id, kind, at, objects)?)
}
