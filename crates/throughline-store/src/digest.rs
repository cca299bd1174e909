//! What the app last wrote, as a SHA-256 digest of the map's JSON and the stage history's.
//! SQLite checks its pages, not the text in them: a flipped bit in a stage's name reads as
//! another name, and a program that edits the tables behind our back leaves a map nobody
//! wrote. The digest is written with every change, in the same transaction, and checked
//! whenever a map is read, so such a file is refused in words instead of shown as if the user
//! had written it. (The throughline/1 JSON only grows by optional fields left out when empty,
//! so a map's digest stays the same across versions of the app.)

use std::io::Write;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use throughline_core::Map;

use crate::{Result, StoreError, classify, damaged};

/// Feeds JSON to the hash as it is written, so no copy of a large map is built.
struct Hashing(Sha256);

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The digest of a map, its stage history and its CRM configuration (both as stored).
pub(crate) fn of(map: &Map, kept: &Kept) -> String {
    let mut hashing = Hashing(Sha256::new());
    // Serialising a map in memory cannot fail: it holds no maps with non-string keys.
    let _ = serde_json::to_writer(&mut hashing, map);
    hashing.0.update([0]);
    hashing.0.update(kept.history.as_deref().unwrap_or_default());
    // Files from before CRM configurations hash as they did.
    if let Some((config, attached_at)) = &kept.crm {
        hashing.0.update([0]);
        hashing.0.update(config);
        hashing.0.update([0]);
        hashing.0.update(attached_at);
    }
    format!("{:x}", hashing.0.finalize())
}

/// What the file keeps beside the map, as stored text.
pub(crate) struct Kept {
    history: Option<String>,
    crm: Option<(String, String)>,
}

/// The digest of a saved version's texts.
pub(crate) fn of_texts(map_json: &str, history_json: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(map_json);
    hasher.update([0]);
    hasher.update(history_json.unwrap_or_default());
    format!("{:x}", hasher.finalize())
}

fn kept(conn: &Connection) -> rusqlite::Result<Kept> {
    let history = conn
        .query_row("SELECT history_json FROM history WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    let crm = conn
        .query_row("SELECT config_json, attached_at FROM crm WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(Kept { history, crm })
}

/// Writes the digest of `map` and the stored stage history; call inside the transaction
/// that wrote them.
pub(crate) fn write(conn: &Connection, map: &Map) -> rusqlite::Result<()> {
    let digest = of(map, &kept(conn)?);
    conn.prepare_cached(
        "INSERT INTO digest (id, sha256) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256",
    )?
    .execute(params![digest])?;
    Ok(())
}

/// Whether the file has a digest yet (files written before schema 3 get one when they are
/// first opened to edit).
pub(crate) fn is_written(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) FROM digest", [], |r| r.get::<_, i64>(0)).map(|n| n > 0)
}

/// Refuses a map whose contents are not what the app last wrote.
pub(crate) fn check(conn: &Connection, path: &Path, map: &Map) -> Result<()> {
    let stored: Option<String> = conn
        .query_row("SELECT sha256 FROM digest WHERE id = 1", [], |r| r.get(0))
        .optional()
        .map_err(|e| classify(path, e))?;
    let Some(stored) = stored else { return Ok(()) };
    let kept = kept(conn).map_err(|e| classify(path, e))?;
    if of(map, &kept) == stored { Ok(()) } else { Err(changed_contents(path)) }
}

pub(crate) fn changed_contents(path: &Path) -> StoreError {
    damaged(
        path,
        "its contents are not what Throughline last saved: the file was damaged, or changed by \
         another program",
    )
}
