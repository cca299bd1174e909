//! Telling a map file's format, and reading a map from either: `throughline/1` JSON or a
//! `.throughline` document. The command line and the app both open files through here.

use std::io::Read;
use std::path::Path;

use throughline_core::{FileKind, Map, json};
use throughline_files::limits::JSON_MAP;
use throughline_files::{InputRefused, Limit};

use crate::{Document, Result, StoreError};

/// The first bytes of every SQLite database.
pub(crate) const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The two formats a map is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapFormat {
    /// `throughline/1` JSON (`.json`).
    Json,
    /// The SQLite document (`.throughline`).
    Document,
}

impl MapFormat {
    /// The format a file name asks for, by its extension (any case).
    pub fn of_name(path: &Path) -> Option<MapFormat> {
        match FileKind::of(path)? {
            FileKind::Json => Some(MapFormat::Json),
            FileKind::Document => Some(MapFormat::Document),
            _ => None,
        }
    }

    /// The format of an existing file: by its extension, else by its first bytes (an SQLite
    /// database is a document, anything else is taken for JSON).
    pub fn of_file(path: &Path) -> MapFormat {
        MapFormat::of_name(path).unwrap_or_else(|| {
            if starts_as_sqlite(path) { MapFormat::Document } else { MapFormat::Json }
        })
    }
}

/// Whether the file begins with SQLite's header (false when it cannot be read, or is not a
/// regular file: a pipe is never opened here).
fn starts_as_sqlite(path: &Path) -> bool {
    let mut header = [0u8; 16];
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| &header == SQLITE_HEADER)
}

/// Reads the map in a file of either format, without changing the file.
pub fn read_map(path: &Path) -> Result<Map> {
    match MapFormat::of_file(path) {
        MapFormat::Json => read_json(path),
        MapFormat::Document => Document::read(path),
    }
}

/// Refuses at once, before opening it, what is not a regular file (a pipe would block every
/// read, `/dev/zero` never ends) or is larger than its kind's limit.
pub(crate) fn check_regular_file(path: &Path, limit: Limit) -> Result<()> {
    throughline_files::check_path(path, limit).map_err(|refused| match refused {
        InputRefused::Io(source) => io_error(path, source),
        refused => StoreError::Refused { path: path.to_path_buf(), refused },
    })
}

/// An I/O failure on `path`: "no such file" when it is not there.
pub(crate) fn io_error(path: &Path, source: std::io::Error) -> StoreError {
    match source.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound { path: path.to_path_buf() },
        _ => StoreError::Io { path: path.to_path_buf(), source },
    }
}

/// Reads a `throughline/1` JSON map.
pub fn read_json(path: &Path) -> Result<Map> {
    check_regular_file(path, JSON_MAP)?;
    let bytes = read_file(path).map_err(|source| io_error(path, source))?;
    json::from_slice(&bytes).map_err(|source| StoreError::Json { path: path.to_path_buf(), source })
}

/// From this size on, a file is read in two halves at once.
const READ_IN_TWO_FROM: usize = 4 << 20;

/// A whole file's bytes. A large one is read in two halves on two threads: copying from the
/// system's cache into memory it first has to clear is most of the time, and each thread
/// clears its own half.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        let file = std::fs::File::open(path)?;
        let size = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
        if size >= READ_IN_TWO_FROM {
            // Zeroed memory fresh from the system is not written until read into.
            let mut bytes = vec![0; size];
            let (head, tail) = bytes.split_at_mut(size / 2);
            let (head_read, tail_read) = throughline_core::threads::both(
                true,
                || file.read_exact_at(head, 0),
                || file.read_exact_at(tail, (size / 2) as u64),
            );
            let read = head_read.and(tail_read);
            // A file that changed size meanwhile is read again, as a whole.
            if read.is_ok() && file.read_at(&mut [0], size as u64)? == 0 {
                return Ok(bytes);
            }
        }
    }
    std::fs::read(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_decides_and_content_decides_without_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(MapFormat::of_name(Path::new("a.JSON")), Some(MapFormat::Json));
        assert_eq!(MapFormat::of_name(Path::new("a.throughline")), Some(MapFormat::Document));
        assert_eq!(MapFormat::of_name(Path::new("a.txt")), None);

        let sqlite = dir.path().join("map.bin");
        drop(Document::create(&sqlite, &Map::new("M")).unwrap());
        assert_eq!(MapFormat::of_file(&sqlite), MapFormat::Document);
        let text = dir.path().join("map.txt");
        std::fs::write(&text, json::to_string(&Map::new("T"))).unwrap();
        assert_eq!(MapFormat::of_file(&text), MapFormat::Json);
        assert_eq!(read_map(&text).unwrap().name, "T");
        assert_eq!(read_map(&sqlite).unwrap().name, "M");
    }

    #[test]
    fn pipes_devices_and_folders_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("map.throughline");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let json_fifo = dir.path().join("map.json");
        std::fs::rename(&fifo, &json_fifo).unwrap();
        let zero = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        for path in [json_fifo.as_path(), zero.as_path(), dir.path()] {
            let refused = read_map(path).unwrap_err();
            assert!(matches!(refused, StoreError::Refused { .. }), "{}: {refused}", path.display());
        }
        let document_fifo = dir.path().join("other.throughline");
        std::process::Command::new("mkfifo").arg(&document_fifo).status().unwrap();
        let refused = Document::open(&document_fifo).unwrap_err();
        assert!(matches!(refused, StoreError::Refused { .. }), "{refused}");
    }

    #[test]
    fn bad_json_names_the_file_and_the_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.json");
        std::fs::write(&path, br#"{"format": "throughline/1", "name": 3}"#).unwrap();
        let message = read_map(&path).unwrap_err().to_string();
        assert!(message.contains("broken.json") && message.contains("name"), "{message}");
        let missing = read_map(&dir.path().join("absent.json")).unwrap_err();
        assert!(matches!(missing, StoreError::NotFound { .. }), "{missing}");
    }

    #[test]
    fn a_large_json_map_is_read_whole_in_two_halves() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.json");
        // A long description with two-byte characters, so that the halves meet among them.
        let mut map = throughline_core::generate::large_map(3000, 9000, 5);
        map.description = Some("Café crème, déjà vu. ".repeat(400_000));
        let text = json::to_string(&map);
        let middle = &text.as_bytes()[text.len() / 2 - 16..text.len() / 2 + 16];
        assert!(text.len() > READ_IN_TWO_FROM && middle.iter().any(|b| !b.is_ascii()));
        std::fs::write(&path, &text).unwrap();
        assert_eq!(read_file(&path).unwrap(), text.as_bytes());
        assert!(read_json(&path).unwrap() == map);
    }
}
