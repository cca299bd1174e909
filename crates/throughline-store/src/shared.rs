//! The map's replicated document (`throughline-replica`) kept in the file, as the updates it
//! was built from: one row per transaction, appended in the same SQLite transaction as the
//! tables it changed, so that the two never disagree. A long run of rows is folded into one
//! when the map is opened to edit, as Yjs's own stores (y-indexeddb, y-leveldb) do.

use rusqlite::{Connection, OptionalExtension, params};
use throughline_core::Map;
use throughline_replica::Replica;

/// More rows than this are folded into one when the map is opened to edit.
pub(crate) const FOLD_AFTER: i64 = 500;

/// The document in the file: `None` when the file has none yet (written before documents).
pub(crate) fn read(
    conn: &Connection,
    author: Option<&str>,
) -> rusqlite::Result<Option<Result<Replica, throughline_replica::ReplicaError>>> {
    let any: Option<i64> =
        conn.query_row("SELECT seq FROM shared_updates LIMIT 1", [], |r| r.get(0)).optional()?;
    if any.is_none() {
        return Ok(None);
    }
    let mut replica = Replica::new(author);
    let mut rows = conn.prepare_cached("SELECT update_v1 FROM shared_updates ORDER BY seq")?;
    let mut rows = rows.query([])?;
    while let Some(row) = rows.next()? {
        let update: Vec<u8> = row.get(0)?;
        if let Err(e) = replica.receive(&update) {
            return Ok(Some(Err(e)));
        }
    }
    Ok(Some(Ok(replica)))
}

pub(crate) fn append(conn: &Connection, update: &[u8]) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO shared_updates (update_v1) VALUES (?1)")?
        .execute(params![update])?;
    Ok(())
}

pub(crate) fn rows(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM shared_updates", [], |r| r.get(0))
}

/// Replaces every row with the whole document as one.
pub(crate) fn fold(conn: &Connection, replica: &Replica) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM shared_updates", [])?;
    append(conn, &replica.state())
}

/// The document of a map read from a file that has none: the same on every machine (see
/// `Replica::of_map`), so copies of one old file converted apart still merge.
pub(crate) fn converted(map: &Map, author: Option<&str>) -> Replica {
    Replica::of_map(map, author)
}

/// The link the map is shared under, with its token.
pub(crate) fn link(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT link FROM sharing WHERE id = 1", [], |r| r.get(0)).optional()
}

pub(crate) fn set_link(conn: &Connection, link: Option<&str>) -> rusqlite::Result<()> {
    match link {
        Some(link) => conn.execute(
            "INSERT INTO sharing (id, link) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET link = excluded.link",
            params![link],
        ),
        None => conn.execute("DELETE FROM sharing", []),
    }
    .map(|_| ())
}
