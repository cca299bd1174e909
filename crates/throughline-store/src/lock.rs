//! One writer per map. Two writers of one file each keep their own map in memory and write
//! their own rows, so one silently undoes the other's acknowledged edits. A map open for
//! writing holds an operating-system lock on a small file beside it (`.NAME.lock`, as office
//! suites do), which also says who holds it; the lock goes with the process, so a crash never
//! leaves a map locked. The database file itself is not locked: SQLite locks it its own way.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::{Result, StoreError};

/// How long a lock held by another is waited for before it counts as held: 10 × 50 ms.
const GRACE_STEPS: u32 = 10;
const GRACE_STEP: std::time::Duration = std::time::Duration::from_millis(50);

/// The lock on one map, held while the map is open for writing.
#[derive(Debug)]
pub struct WriteLock {
    file: File,
    path: PathBuf,
}

/// The lock file of a map: hidden, beside it.
pub fn lock_path(map: &Path) -> PathBuf {
    let name = map.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    map.with_file_name(format!(".{name}.lock"))
}

impl WriteLock {
    /// Takes the map's lock, or says who holds it.
    pub fn acquire(map: &Path) -> Result<WriteLock> {
        let path = lock_path(map);
        let io = |source| StoreError::Io { path: path.clone(), source };
        // A holder that is letting go removes the file; a lock taken on a file that is no
        // longer at its path would lock nothing, so take it again on the new one. A holder
        // that is still dying (a crashed window, reopened at once) gets a moment to let go.
        let (mut waited, mut moved) = (0, 0);
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) if waited < GRACE_STEPS => {
                    waited += 1;
                    std::thread::sleep(GRACE_STEP);
                    continue;
                }
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    return Err(StoreError::Locked {
                        path: map.to_path_buf(),
                        holder: holder.trim().to_owned(),
                    });
                }
                Err(TryLockError::Error(source)) => return Err(io(source)),
            }
            if !same_file(&file, &path) {
                moved += 1;
                if moved > 8 {
                    return Err(StoreError::Locked {
                        path: map.to_path_buf(),
                        holder: String::new(),
                    });
                }
                continue;
            }
            file.set_len(0).map_err(io)?;
            file.write_all(holder_description().as_bytes()).map_err(io)?;
            file.flush().map_err(io)?;
            return Ok(WriteLock { file, path });
        }
    }

    /// Who holds the map's lock now, if anyone (without taking it).
    pub fn holder(map: &Path) -> Option<String> {
        match WriteLock::acquire(map) {
            Err(StoreError::Locked { holder, .. }) => Some(holder),
            _ => None,
        }
    }
}

impl Drop for WriteLock {
    /// Removes the lock file while still holding the lock, then lets go.
    fn drop(&mut self) {
        if same_file(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Whether `file` is the file now at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(there)) => FileIdentity::of(&open) == FileIdentity::of(&there),
        _ => false,
    }
}

/// What identifies a file on its disk, whatever its name: it changes when another file is
/// moved over the path (a copy, a sync, `throughline convert`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileIdentity {
    device: u64,
    inode: u64,
}

impl FileIdentity {
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> FileIdentity {
        use std::os::unix::fs::MetadataExt;
        FileIdentity { device: meta.dev(), inode: meta.ino() }
    }

    /// Elsewhere only the modification time and size are at hand.
    #[cfg(not(unix))]
    pub fn of(meta: &std::fs::Metadata) -> FileIdentity {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        FileIdentity { device: meta.len(), inode: modified }
    }

    pub fn of_path(path: &Path) -> Option<FileIdentity> {
        std::fs::metadata(path).ok().map(|m| FileIdentity::of(&m))
    }
}

/// "Throughline (process 4242 of ana on ws-17, since 2026-12-01 16:05 UTC)".
fn holder_description() -> String {
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default();
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_default();
    let who = match (user.is_empty(), host.is_empty()) {
        (false, false) => format!(" of {user} on {host}"),
        (false, true) => format!(" of {user}"),
        (true, false) => format!(" on {host}"),
        (true, true) => String::new(),
    };
    // SQLite formats the time, as it does for versions: no date crate for one string.
    let since = rusqlite::Connection::open_in_memory()
        .and_then(|c| c.query_row("SELECT strftime('%Y-%m-%d %H:%M UTC', 'now')", [], |r| r.get(0)))
        .unwrap_or_else(|_| String::from("now"));
    format!("Throughline (process {}{who}, since {since})", std::process::id())
}
