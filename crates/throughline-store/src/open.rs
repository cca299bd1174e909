//! Opening a file: checked before SQLite writes anything to it, upgraded in a private copy
//! when it is older, and read whole after SQLite's own structure check.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use throughline_core::Map;
use throughline_core::validate::check_map;

use crate::format::SQLITE_HEADER;
use crate::{Result, StoreError, classify, damaged, digest, migration, read, schema};

/// Connection settings, outside the migrations: WAL while open, foreign keys enforced, and
/// every commit synced before it returns, so an edit shown as done survives a power cut
/// (`tests/crash.rs` cuts the power at random moments). `EXTRA` rather than `FULL`: it also
/// syncs the folder when the rollback journal of the switch between WAL and a single file (on
/// opening and closing) is removed, so a closed map is one file even after a cut; for an edit
/// in WAL mode the two are the same. The syncs cost about 1 ms an edit on a 10,000-stage map
/// (`benches/store.rs`: 14.5 ms with `NORMAL`, 15.5 ms).
pub(crate) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = EXTRA;",
    )
}

/// Opens a file only after checking, without writing anything, that it is a map this
/// version can read.
///
/// `file` is opened; `path` is the map as the user named it, for messages.
pub(crate) fn open_checked(file: &Path, path: &Path, flags: OpenFlags) -> Result<Connection> {
    let mut header = [0u8; 100];
    let mut opened = File::open(file).map_err(|source| crate::format::io_error(path, source))?;
    let read = read_up_to(&mut opened, &mut header)
        .map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
    let length = opened.metadata().map_or(0, |m| m.len());
    drop(opened);
    if read == 0 {
        return Err(StoreError::NotAMap { path: path.to_path_buf() });
    }
    if read < SQLITE_HEADER.len() || &header[..SQLITE_HEADER.len()] != SQLITE_HEADER {
        return Err(StoreError::NotSqlite { path: path.to_path_buf() });
    }
    // A file cut short: SQLite reads the missing pages as zeros, and its own check passes
    // when they belonged to an empty table. The header says how long the file must be.
    if let Some(expected) = declared_length(&header[..read])
        && length < expected
    {
        return Err(damaged(
            path,
            format!(
                "the file is cut short ({length} of {expected} bytes): it was not copied or saved whole"
            ),
        ));
    }
    let conn = Connection::open_with_flags(file, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| classify(path, e))?;
    let application_id: i32 =
        conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| classify(path, e))?;
    if application_id != schema::APPLICATION_ID {
        return Err(StoreError::NotAMap { path: path.to_path_buf() });
    }
    let found = user_version(&conn).map_err(|e| classify(path, e))?;
    if found > schema::LATEST {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: schema::LATEST,
        });
    }
    Ok(conn)
}

/// Reads until `buf` is full or the file ends; how much was read.
pub(crate) fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// The length a SQLite file's header says it has (page size × page count), when the header
/// vouches for its page count (it does when the change counter matches "version valid for").
pub(crate) fn declared_length(header: &[u8]) -> Option<u64> {
    let bytes = |at: usize, n: usize| header.get(at..at + n);
    let page_size = match u16::from_be_bytes(bytes(16, 2)?.try_into().ok()?) {
        1 => 65_536,
        size => u64::from(size),
    };
    let pages = u64::from(u32::from_be_bytes(bytes(28, 4)?.try_into().ok()?));
    let valid = bytes(24, 4)? == bytes(92, 4)?;
    (valid && pages > 0).then_some(page_size * pages)
}

/// SQLite's count of commits made to the file by other connections.
pub(crate) fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<i32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

pub(crate) fn is_latest(conn: &Connection, path: &Path) -> Result<bool> {
    Ok(user_version(conn).map_err(|e| classify(path, e))? == schema::LATEST)
}

/// An in-memory copy of an older file, upgraded to the latest schema, so that reading an old
/// file never touches it.
pub(crate) fn migrated_copy(conn: &Connection, path: &Path) -> Result<Connection> {
    let mut copy = Connection::open_in_memory().map_err(|e| classify(path, e))?;
    rusqlite::backup::Backup::new(conn, &mut copy)
        .and_then(|b| b.run_to_completion(1024, std::time::Duration::ZERO, None))
        .map_err(|e| classify(path, e))?;
    schema::MIGRATIONS.to_latest(&mut copy).map_err(|e| migration(path, e))?;
    Ok(copy)
}

/// Reads the map, after SQLite's own check of the file's structure: a damaged file is
/// refused whole, never half-read.
pub(crate) fn load(conn: &Connection, path: &Path) -> Result<Map> {
    let verdict: String =
        conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(|e| classify(path, e))?;
    if verdict != "ok" {
        return Err(damaged(path, format!("SQLite finds its structure broken ({verdict})")));
    }
    let map = read::map(conn).map_err(|e| match e {
        read::ReadError::Sqlite(rusqlite::Error::InvalidColumnType(..)) => {
            damaged(path, "a table holds a value of the wrong kind")
        }
        read::ReadError::Sqlite(e) => match classify(path, e) {
            StoreError::Sqlite { source, .. } => {
                damaged(path, format!("its tables cannot be read ({source})"))
            }
            other => other,
        },
        read::ReadError::Content(detail) => damaged(path, detail),
    })?;
    check_map(&map).map_err(|p| damaged(path, format!("{}: {}", p.path, p.invalid)))?;
    digest::check(conn, path, &map)?;
    Ok(map)
}
