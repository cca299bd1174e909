//! The .throughline document: one journey map in one SQLite file.
//!
//! Every edit is applied by the core and written in one transaction, so the file on disk is
//! always the map the user sees (autosave is the normal path). While a document is open the
//! file is in WAL mode; closing it folds the log back so that a closed map is one file.
//! Opening refuses, without writing a byte, files that are not SQLite, SQLite files that are
//! not maps, and maps written by a newer schema.

mod crm;
mod digest;
mod format;
mod history;
mod lock;
mod private;
mod read;
pub mod schema;
mod versions;
mod write;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use throughline_core::validate::check_map;
use throughline_core::{Applied, Edit, EditError, Map};

use crate::format::SQLITE_HEADER;

pub use format::{MapFormat, read_json, read_map};
pub use lock::{WriteLock, lock_path};
pub use versions::{Version, VersionRef};
pub use write::write_file_atomically;

/// Why a document could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no such file")]
    NotFound { path: PathBuf },
    #[error("{path}: not a regular file (a folder, device or pipe cannot hold a map)")]
    NotAFile { path: PathBuf },
    #[error("{path}: the file is {size} bytes; a map file is at most {limit} bytes")]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{path}: the file already exists")]
    AlreadyExists { path: PathBuf },
    #[error("{path}: not a Throughline map (the file is not an SQLite database)")]
    NotSqlite { path: PathBuf },
    #[error("{path}: not a Throughline map (it is an SQLite database of another application)")]
    NotAMap { path: PathBuf },
    #[error(
        "{path}: the map was written by a newer version of Throughline (schema {found}; this \
         version reads up to {supported}); update Throughline to open it"
    )]
    NewerSchema { path: PathBuf, found: i32, supported: i32 },
    #[error(
        "{path}: the map is damaged: {detail}. The file was left as it was; restore it from a \
         backup or open a JSON export of it"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {source}")]
    Json { path: PathBuf, source: throughline_core::LoadError },
    #[error("{path}: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error(
        "{path}: the map is open for editing elsewhere, by {}",
        if holder.is_empty() { "another program" } else { holder }
    )]
    Locked { path: PathBuf, holder: String },
    #[error(
        "{path}: the file was changed by another program since it was opened; this copy stops \
         saving so that neither overwrites the other. Open the file again to see its changes"
    )]
    ChangedElsewhere { path: PathBuf },
    #[error("{path}: the map is open read-only; open a copy to edit it")]
    ReadOnly { path: PathBuf },
    #[error("no version {0} in this map")]
    UnknownVersion(u32),
    #[error(transparent)]
    Edit(#[from] EditError),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open .throughline file and the map it holds.
#[derive(Debug)]
pub struct Document {
    conn: Connection,
    map: Map,
    path: PathBuf,
    /// Opened to read only (or stopped writing when another program changed the file):
    /// edits fail, and closing leaves the file alone.
    read_only: bool,
    /// Held while the map is open for writing (a guard: never read, released on drop).
    _lock: Option<lock::WriteLock>,
    /// The file this document was opened on, and SQLite's count of commits by other
    /// connections then: either changing means someone else wrote the map.
    identity: Option<lock::FileIdentity>,
    data_version: i64,
    /// Where a read-only document was read from, when the file was read from a private copy.
    _private: Option<private::PrivateCopy>,
}

impl Document {
    /// Creates a new file holding `map`. Refuses to overwrite an existing file.
    pub fn create(path: impl AsRef<Path>, map: &Map) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        if path.exists() {
            return Err(StoreError::AlreadyExists { path });
        }
        let lock = lock::WriteLock::acquire(&path)?;
        check_map(map).map_err(|p| damaged(&path, format!("at {}: {}", p.path, p.invalid)))?;
        let created = Self::create_file(&path, map, lock);
        if created.is_err() {
            // Leave nothing half-written behind.
            let _ = std::fs::remove_file(&path);
        }
        created
    }

    fn create_file(path: &Path, map: &Map, lock: lock::WriteLock) -> Result<Self> {
        let sql = |source| StoreError::Sqlite { path: path.to_path_buf(), source };
        let mut conn = Connection::open(path).map_err(sql)?;
        configure(&conn).map_err(sql)?;
        schema::MIGRATIONS.to_latest(&mut conn).map_err(|e| migration(path, e))?;
        let tx = conn.transaction().map_err(sql)?;
        write::whole_map(&tx, map).map_err(sql)?;
        digest::write(&tx, map).map_err(sql)?;
        tx.commit().map_err(sql)?;
        let data_version = data_version(&conn).map_err(sql)?;
        Ok(Document {
            conn,
            map: map.clone(),
            path: path.to_path_buf(),
            read_only: false,
            _lock: Some(lock),
            identity: lock::FileIdentity::of_path(path),
            data_version,
            _private: None,
        })
    }

    /// Opens a map for editing, upgrading an older schema in place. The file is first read
    /// without changing it (see `private`) and checked whole; nothing is written until it has
    /// been found to be a sound map.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        format::check_regular_file(&path, format::MAX_DOCUMENT)?;
        let lock = lock::WriteLock::acquire(&path)?;
        let map = Document::read(&path)?;
        let mut conn = open_checked(&path, &path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        configure(&conn).map_err(|e| classify(&path, e))?;
        schema::MIGRATIONS.to_latest(&mut conn).map_err(|e| migration(&path, e))?;
        // A file from before digests gets one now, from the map just read and checked whole.
        if !digest::is_written(&conn).map_err(|e| classify(&path, e))? {
            digest::write(&conn, &map).map_err(|e| classify(&path, e))?;
        }
        let data_version = data_version(&conn).map_err(|e| classify(&path, e))?;
        let identity = lock::FileIdentity::of_path(&path);
        Ok(Document {
            conn,
            map,
            path,
            read_only: false,
            _lock: Some(lock),
            identity,
            data_version,
            _private: None,
        })
    }

    /// Opens a map to read it and its versions without changing the file, or any file beside
    /// it, in any way. An older schema is upgraded in a private in-memory copy.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        format::check_regular_file(&path, format::MAX_DOCUMENT)?;
        let (mut conn, private) = if private::opening_could_write(&path) {
            // Read-write, but in the copy: SQLite may need to replay the log there.
            let copy = private::PrivateCopy::of(&path)?;
            let conn = open_checked(&copy.path, &path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
            (conn, Some(copy))
        } else {
            (open_checked(&path, &path, OpenFlags::SQLITE_OPEN_READ_ONLY)?, None)
        };
        if !is_latest(&conn, &path)? {
            conn = migrated_copy(&conn, &path)?;
        }
        let map = load(&conn, &path)?;
        let identity = lock::FileIdentity::of_path(&path);
        Ok(Document {
            conn,
            map,
            path,
            read_only: true,
            _lock: None,
            identity,
            data_version: 0,
            _private: private,
        })
    }

    /// Reads the map in a file without changing the file (for `check` and `convert`).
    pub fn read(path: impl AsRef<Path>) -> Result<Map> {
        let mut doc = Document::open_read_only(path)?;
        Ok(std::mem::take(&mut doc.map))
    }

    pub fn map(&self) -> &Map {
        &self.map
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether edits are refused: opened read-only, or another program changed the file.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Before every write: the file must still be the one this document loaded, unchanged by
    /// anyone else. Otherwise the document stops writing for good, so that neither copy of
    /// the map silently overwrites the other.
    fn check_still_ours(&mut self) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly { path: self.path.clone() });
        }
        let moved = lock::FileIdentity::of_path(&self.path) != self.identity;
        let written = !data_version(&self.conn).is_ok_and(|v| v == self.data_version);
        if moved || written {
            self.read_only = true;
            if moved {
                // The log beside the path is named after it, not after the file it belongs
                // to: empty it into our own (now nameless) file, or SQLite would fold it into
                // the file that is there now.
                let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
            }
            return Err(StoreError::ChangedElsewhere { path: self.path.clone() });
        }
        Ok(())
    }

    /// Applies an edit and writes it in one transaction. When the write fails the edit is
    /// undone in memory too, so the map and the file never disagree.
    pub fn apply(&mut self, edit: Edit) -> Result<Applied> {
        self.check_still_ours()?;
        let applied = throughline_core::apply(&mut self.map, edit)?;
        let written = self.write_changes(&applied);
        if let Err(e) = written {
            let _ = throughline_core::apply(&mut self.map, applied.inverse);
            return Err(e);
        }
        Ok(applied)
    }

    fn write_changes(&mut self, applied: &Applied) -> Result<()> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        write::changes(&tx, &self.map, &applied.changes).map_err(sql)?;
        digest::write(&tx, &self.map).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Writes a copy of the document to `path` (through SQLite's backup API, so it is
    /// consistent) and continues editing the copy.
    pub fn save_as(&mut self, path: impl AsRef<Path>) -> Result<()> {
        let target = path.as_ref().to_path_buf();
        if target.exists() {
            return Err(StoreError::AlreadyExists { path: target });
        }
        let sql = |source| StoreError::Sqlite { path: target.clone(), source };
        self.conn.backup(rusqlite::MAIN_DB, &target, None).map_err(sql)?;
        let copy = Document::open(&target)?;
        *self = copy;
        Ok(())
    }

    /// Replaces the whole map, as one transaction (restoring a version, importing).
    pub fn replace(&mut self, map: Map) -> Result<()> {
        self.check_still_ours()?;
        check_map(&map)
            .map_err(|p| damaged(&self.path, format!("at {}: {}", p.path, p.invalid)))?;
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        write::whole_map(&tx, &map).map_err(sql)?;
        digest::write(&tx, &map).map_err(sql)?;
        tx.commit().map_err(sql)?;
        self.map = map;
        Ok(())
    }

    /// Runs SQLite's integrity check; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| classify(&self.path, e))?;
        if result == "ok" { Ok(()) } else { Err(damaged(&self.path, result)) }
    }
}

impl Drop for Document {
    /// Folds the write-ahead log back into the file, so that a closed map is a single file
    /// that can be mailed or copied. Harmless when another connection still has it open.
    fn drop(&mut self) {
        if self.read_only {
            return;
        }
        let _ = self
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
    }
}

/// Connection settings, outside the migrations: WAL while open, foreign keys enforced, and
/// `synchronous = NORMAL`, which in WAL mode survives any crash of the app (a power cut may
/// lose the last edits, never the file's consistency).
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
    )
}

/// Opens a file only after checking, without writing anything, that it is a map this
/// version can read.
///
/// `file` is opened; `path` is the map as the user named it, for messages.
fn open_checked(file: &Path, path: &Path, flags: OpenFlags) -> Result<Connection> {
    let mut header = [0u8; 100];
    let mut opened = File::open(file).map_err(|source| format::io_error(path, source))?;
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
fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
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
fn declared_length(header: &[u8]) -> Option<u64> {
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
fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

fn user_version(conn: &Connection) -> rusqlite::Result<i32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

fn is_latest(conn: &Connection, path: &Path) -> Result<bool> {
    Ok(user_version(conn).map_err(|e| classify(path, e))? == schema::LATEST)
}

/// An in-memory copy of an older file, upgraded to the latest schema, so that reading an old
/// file never touches it.
fn migrated_copy(conn: &Connection, path: &Path) -> Result<Connection> {
    let mut copy = Connection::open_in_memory().map_err(|e| classify(path, e))?;
    rusqlite::backup::Backup::new(conn, &mut copy)
        .and_then(|b| b.run_to_completion(1024, std::time::Duration::ZERO, None))
        .map_err(|e| classify(path, e))?;
    schema::MIGRATIONS.to_latest(&mut copy).map_err(|e| migration(path, e))?;
    Ok(copy)
}

/// Reads the map, after SQLite's own check of the file's structure: a damaged file is
/// refused whole, never half-read.
fn load(conn: &Connection, path: &Path) -> Result<Map> {
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

fn damaged(path: &Path, detail: impl Into<String>) -> StoreError {
    StoreError::Damaged { path: path.to_path_buf(), detail: detail.into() }
}

/// SQLite's own word for a damaged file becomes `Damaged`; the rest stays an SQLite error.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotSqlite { path: path.to_path_buf() },
        Some(ErrorCode::DatabaseCorrupt) => damaged(path, e.to_string()),
        _ => StoreError::Sqlite { path: path.to_path_buf(), source: e },
    }
}

fn migration(path: &Path, e: rusqlite_migration::Error) -> StoreError {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => classify(path, err),
        other => damaged(path, other.to_string()),
    }
}
