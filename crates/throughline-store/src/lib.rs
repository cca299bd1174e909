//! The .throughline document: one journey map in one SQLite file.
//!
//! Every edit is applied by the core and written in one transaction, so the file on disk is
//! always the map the user sees (autosave is the normal path). While a document is open the
//! file is in WAL mode; closing it folds the log back so that a closed map is one file.
//! Opening refuses, without writing a byte, files that are not SQLite, SQLite files that are
//! not maps, and maps written by a newer schema.

mod attachment;
mod crm;
mod digest;
mod error;
mod format;
mod history;
mod lock;
mod open;
mod private;
mod read;
pub mod schema;
mod shared;
mod versions;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use throughline_core::edit::changes_between;
use throughline_core::validate::check_map;
use throughline_core::{Applied, Change, Edit, Map};
use throughline_replica::{Conflict, Replica};

pub(crate) use crate::error::{classify, damaged, migration};
use crate::open::{configure, data_version, is_latest, load, migrated_copy, open_checked};

pub use error::{Result, StoreError};
pub use format::{MapFormat, read_json, read_map};
pub use lock::{WriteLock, lock_path};
pub use throughline_files::{OutputRefused, check_output};
pub use versions::{Version, VersionRef};
pub use write::write_file_atomically;

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
    /// The map as a replicated document, kept in step with `map` (see `shared`); only while
    /// open for writing.
    replica: Option<Replica>,
}

/// What taking in another copy's edits (received or merged) changed, and what had to be
/// resolved to show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    /// The parts of the map that changed, as an edit reports them.
    pub changes: Vec<Change>,
    /// Fields both copies changed apart, then the map's other conflicts.
    pub conflicts: Vec<Conflict>,
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
        let created = Self::create_file(&path, map, shared::converted(map, None), lock);
        if created.is_err() {
            // Leave nothing half-written behind.
            let _ = std::fs::remove_file(&path);
        }
        created
    }

    /// Creates a new file holding a replicated document (two copies merged) and the map it
    /// shows. Refuses to overwrite an existing file.
    pub fn create_shared(path: impl AsRef<Path>, replica: Replica) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        if path.exists() {
            return Err(StoreError::AlreadyExists { path });
        }
        let lock = lock::WriteLock::acquire(&path)?;
        let map = replica.project().map;
        let created = Self::create_file(&path, &map, replica, lock);
        if created.is_err() {
            let _ = std::fs::remove_file(&path);
        }
        created
    }

    fn create_file(
        path: &Path,
        map: &Map,
        replica: Replica,
        lock: lock::WriteLock,
    ) -> Result<Self> {
        let sql = |source| StoreError::Sqlite { path: path.to_path_buf(), source };
        let mut conn = Connection::open(path).map_err(sql)?;
        configure(&conn).map_err(sql)?;
        schema::MIGRATIONS.to_latest(&mut conn).map_err(|e| migration(path, e))?;
        let tx = conn.transaction().map_err(sql)?;
        write::whole_map(&tx, map).map_err(sql)?;
        digest::write(&tx, map).map_err(sql)?;
        shared::append(&tx, &replica.state()).map_err(sql)?;
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
            replica: Some(replica),
        })
    }

    /// Opens a map for editing, upgrading an older schema in place. The file is first read
    /// without changing it (see `private`) and checked whole; nothing is written until it has
    /// been found to be a sound map.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        format::check_regular_file(&path, throughline_files::limits::DOCUMENT)?;
        let lock = lock::WriteLock::acquire(&path)?;
        let map = {
            let mut checked = Document::open_read_only(&path)?;
            // A shared document that cannot be read is refused before anything is written.
            checked.shared_state()?;
            std::mem::take(&mut checked.map)
        };
        let mut conn = open_checked(&path, &path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        configure(&conn).map_err(|e| classify(&path, e))?;
        schema::MIGRATIONS.to_latest(&mut conn).map_err(|e| migration(&path, e))?;
        // A file from before digests gets one now, from the map just read and checked whole.
        if !digest::is_written(&conn).map_err(|e| classify(&path, e))? {
            digest::write(&conn, &map).map_err(|e| classify(&path, e))?;
        }
        let replica = Self::open_shared(&mut conn, &path, &map)?;
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
            replica: Some(replica),
        })
    }

    /// The replicated document of a file opened to edit: made now for a file from before
    /// documents, brought level with the tables if a writer left them apart, its rows folded
    /// into one when there are many.
    fn open_shared(conn: &mut Connection, path: &Path, map: &Map) -> Result<Replica> {
        let sql = |e| classify(path, e);
        let tx = conn.transaction().map_err(sql)?;
        let replica = match shared::read(&tx, None).map_err(sql)? {
            None => {
                let replica = shared::converted(map, None);
                shared::append(&tx, &replica.state()).map_err(sql)?;
                replica
            }
            Some(Err(e)) => {
                return Err(damaged(path, format!("its shared document cannot be read ({e})")));
            }
            Some(Ok(mut replica)) => {
                // The tables are what the last writer showed: they win.
                if replica.project().map != *map
                    && let Some(update) = replica.record_map(map)
                {
                    shared::append(&tx, &update).map_err(sql)?;
                }
                if shared::rows(&tx).map_err(sql)? > shared::FOLD_AFTER {
                    shared::fold(&tx, &replica).map_err(sql)?;
                }
                replica
            }
        };
        tx.commit().map_err(sql)?;
        Ok(replica)
    }

    /// Opens a map to read it and its versions without changing the file, or any file beside
    /// it, in any way. An older schema is upgraded in a private in-memory copy.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        format::check_regular_file(&path, throughline_files::limits::DOCUMENT)?;
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
            replica: None,
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
        self.apply_sending(edit).map(|(applied, _)| applied)
    }

    /// Applies an edit like `apply`, and gives the update that carries it to colleagues
    /// (`None` when the edit changed nothing they can see).
    pub fn apply_sending(&mut self, edit: Edit) -> Result<(Applied, Option<Vec<u8>>)> {
        self.check_still_ours()?;
        let applied = throughline_core::apply(&mut self.map, edit)?;
        let update = self.replica.as_mut().and_then(|r| r.record(&self.map, &applied.changes));
        let written = self.write_changes(&applied.changes, update.as_deref());
        if let Err(e) = written {
            let _ = throughline_core::apply(&mut self.map, applied.inverse);
            self.reread_shared();
            return Err(e);
        }
        Ok((applied, update))
    }

    /// Writes the changed parts of the map and the update that made them, as one transaction.
    fn write_changes(&mut self, changes: &[Change], update: Option<&[u8]>) -> Result<()> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        write::changes(&tx, &self.map, changes).map_err(sql)?;
        digest::write(&tx, &self.map).map_err(sql)?;
        if let Some(update) = update {
            shared::append(&tx, update).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// After a failed write, the replicated document is read again from the file, which
    /// holds exactly what was written.
    fn reread_shared(&mut self) {
        if let Some(replica) = &self.replica {
            let author = replica.author().map(str::to_owned);
            if let Ok(Some(Ok(again))) = shared::read(&self.conn, author.as_deref()) {
                self.replica = Some(again);
            }
        }
    }

    /// Whose name goes with the edits written from now on (shown to colleagues in conflicts).
    pub fn set_author(&mut self, author: Option<&str>) {
        if let Some(replica) = &mut self.replica {
            replica.set_author(author);
        }
    }

    /// The map as a replicated document, to send or merge elsewhere. A file from before
    /// documents (or opened read-only) gives the document it would get when opened to edit.
    pub fn shared_state(&self) -> Result<Vec<u8>> {
        if let Some(replica) = &self.replica {
            return Ok(replica.state());
        }
        match shared::read(&self.conn, None).map_err(|e| classify(&self.path, e))? {
            Some(Ok(replica)) if replica.project().map == self.map => Ok(replica.state()),
            Some(Ok(mut replica)) => {
                replica.record_map(&self.map);
                Ok(replica.state())
            }
            Some(Err(e)) => {
                Err(damaged(&self.path, format!("its shared document cannot be read ({e})")))
            }
            None => Ok(shared::converted(&self.map, None).state()),
        }
    }

    /// The link the map is shared under (with its token), once it is shared.
    pub fn sharing_link(&self) -> Result<Option<String>> {
        shared::link(&self.conn).map_err(|e| classify(&self.path, e))
    }

    /// Keeps the link the map is shared under in the file (or forgets it).
    pub fn set_sharing_link(&mut self, link: Option<&str>) -> Result<()> {
        self.check_still_ours()?;
        shared::set_link(&self.conn, link).map_err(|e| classify(&self.path, e))
    }

    /// What this document has seen, for a sync server to say what it lacks.
    pub fn shared_state_vector(&self) -> Vec<u8> {
        self.replica.as_ref().map(Replica::state_vector).unwrap_or_default()
    }

    /// What a replica that has seen `state_vector` lacks (everything, for bytes that are not
    /// a state vector).
    pub fn shared_missing_from(&self, state_vector: &[u8]) -> Vec<u8> {
        match &self.replica {
            Some(replica) => replica.missing_from(state_vector).unwrap_or_else(|_| replica.state()),
            None => Vec::new(),
        }
    }

    /// This document's Yjs client id (what presence is keyed by), while open to edit.
    pub fn shared_client_id(&self) -> Option<u64> {
        self.replica.as_ref().map(Replica::client_id)
    }

    /// What the map shows that edits made apart left to resolve (see `docs/sharing.md`).
    pub fn conflicts(&self) -> Vec<Conflict> {
        self.replica.as_ref().map(|r| r.project().conflicts).unwrap_or_default()
    }

    /// Takes in an update from a colleague (live, or kept offline): the map becomes the
    /// document's projection, written as exactly the parts that changed, with the update, in
    /// one transaction; the fields the colleague changed that this copy had changed too are
    /// listed first in the conflicts. Bytes that are not an update change nothing.
    pub fn receive(&mut self, update: &[u8]) -> Result<Joined> {
        self.join(update, Replica::receive_noting)
    }

    /// Merges another copy of the map (its `shared_state`): every edit of both is kept, and
    /// the fields both changed apart are listed with whose value was kept.
    pub fn merge(&mut self, other: &[u8]) -> Result<Joined> {
        self.join(other, Replica::merge)
    }

    fn join(
        &mut self,
        update: &[u8],
        take: impl FnOnce(
            &mut Replica,
            &[u8],
        )
            -> std::result::Result<Vec<Conflict>, throughline_replica::ReplicaError>,
    ) -> Result<Joined> {
        self.check_still_ours()?;
        let path = self.path.clone();
        let Some(replica) = self.replica.as_mut() else {
            return Err(StoreError::ReadOnly { path });
        };
        let mut conflicts = match take(replica, update) {
            Ok(conflicts) => conflicts,
            Err(source) => {
                // Nothing of it was written; what the replica holds is read again from the
                // file, in case yrs failed half-way through.
                self.reread_shared();
                return Err(StoreError::Shared { path, source });
            }
        };
        let projection = replica.project();
        let before = std::mem::replace(&mut self.map, projection.map);
        let changes = changes_between(&before, &self.map);
        if let Err(e) = self.write_changes(&changes, Some(update)) {
            self.map = before;
            self.reread_shared();
            return Err(e);
        }
        conflicts.extend(projection.conflicts);
        Ok(Joined { changes, conflicts })
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
        let update = self.replica.as_mut().and_then(|r| r.record_map(&map));
        let tx = self.conn.transaction().map_err(sql)?;
        write::whole_map(&tx, &map).map_err(sql)?;
        digest::write(&tx, &map).map_err(sql)?;
        if let Some(update) = &update {
            shared::append(&tx, update).map_err(sql)?;
        }
        let committed = tx.commit().map_err(sql);
        if committed.is_err() {
            self.reread_shared();
        }
        committed?;
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
