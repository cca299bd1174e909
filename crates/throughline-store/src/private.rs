//! First, do no harm. Opening a database in WAL mode creates or rewrites its `-shm` file and
//! folds any `-wal` beside it into it — a log left by a crash, or a stranger's log that
//! turns a healthy file into a corrupt one. So a file with a log, a journal or a shared-memory
//! file beside it, or whose header says WAL, is first read from a private copy in a
//! temporary folder, where SQLite may do as it likes; the originals stay byte for byte as
//! they were until the map in them has been read completely and found sound.

use std::path::{Path, PathBuf};

use crate::{Result, StoreError};

/// The files SQLite keeps beside a database: its log, shared memory and rollback journal.
fn companions(path: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [with("-wal"), with("-shm"), with("-journal")]
}

/// Whether opening the file in place could change it or a file beside it.
pub(crate) fn opening_could_write(path: &Path) -> bool {
    let wal_mode = std::fs::read(path).is_ok_and(|bytes| bytes.get(18..20) == Some(&[2, 2]));
    wal_mode || companions(path).iter().any(|c| c.exists())
}

/// A copy of a database and its log and journal, that SQLite may change freely.
#[derive(Debug)]
pub(crate) struct PrivateCopy {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl PrivateCopy {
    pub(crate) fn of(path: &Path) -> Result<PrivateCopy> {
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        let dir = tempfile::Builder::new().prefix("throughline-read").tempdir().map_err(io)?;
        let copy = dir.path().join("map");
        std::fs::copy(path, &copy).map_err(io)?;
        let [wal, _shm, journal] = companions(path);
        let [copy_wal, _, copy_journal] = companions(&copy);
        // The shared memory is only an index of the log: SQLite rebuilds it from the log.
        for (original, copied) in [(wal, copy_wal), (journal, copy_journal)] {
            if original.exists() {
                std::fs::copy(&original, &copied).map_err(io)?;
            }
        }
        Ok(PrivateCopy { _dir: dir, path: copy })
    }
}
