//! Opening an input: a regular file within its kind's limit, or a clear refusal.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// A kind of input and the most it may weigh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The kind, as the error names it: "stage histories".
    pub what: &'static str,
    pub bytes: u64,
}

/// Why an input is not read. The message follows the file's name, as the callers show it.
#[derive(Debug, thiserror::Error)]
pub enum InputRefused {
    #[error("is {what}, not a regular file; only files are read")]
    NotARegularFile { what: &'static str },
    #[error("is {}, larger than the {} limit for {}", size_of(*.size), size_of(.limit.bytes), .limit.what)]
    TooLarge { size: u64, limit: Limit },
    #[error("is not UTF-8 text{}", utf16_hint(*.utf16))]
    NotUtf8 { utf16: bool },
    #[error("cannot be read: {0}")]
    Io(#[from] std::io::Error),
}

fn utf16_hint(is: bool) -> &'static str {
    if is { " (it is UTF-16: save it as UTF-8)" } else { "" }
}

/// Opens `path` to read when it is a regular file of at most `limit` bytes. What it is, is
/// checked before it is opened (opening a named pipe waits for a writer) and again once open.
pub fn open(path: &Path, limit: Limit) -> Result<File, InputRefused> {
    check(&std::fs::metadata(path)?, limit)?;
    let file = File::open(path)?;
    check(&file.metadata()?, limit)?;
    Ok(file)
}

/// Refuses `path` unless it is a regular file of at most `limit` bytes, without opening it:
/// for inputs a library opens itself (SQLite opens a document).
pub fn check_path(path: &Path, limit: Limit) -> Result<(), InputRefused> {
    check(&std::fs::metadata(path)?, limit)
}

/// The whole text of `path`, read as [`open`] allows, without a byte-order mark.
pub fn read_text(path: &Path, limit: Limit) -> Result<String, InputRefused> {
    let mut bytes = Vec::new();
    open(path, limit)?.take(limit.bytes).read_to_end(&mut bytes)?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputRefused::NotUtf8 { utf16: true });
    }
    let text = String::from_utf8(bytes).map_err(|_| InputRefused::NotUtf8 { utf16: false })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text))
}

fn check(meta: &std::fs::Metadata, limit: Limit) -> Result<(), InputRefused> {
    if !meta.is_file() {
        let what = crate::output::describe(meta.file_type());
        return Err(InputRefused::NotARegularFile { what });
    }
    if meta.len() > limit.bytes {
        return Err(InputRefused::TooLarge { size: meta.len(), limit });
    }
    Ok(())
}

/// A size as people state one: "2 GB", "256 MB", "12 KB".
fn size_of(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{} GB", b >> 30),
        b if b >= 1 << 20 => format!("{} MB", b >> 20),
        b => format!("{} KB", b.div_ceil(1 << 10)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Limit = Limit { what: "test inputs", bytes: 16 };

    #[test]
    fn a_regular_file_within_its_limit_is_read_and_anything_else_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let fine = dir.path().join("fine.csv");
        std::fs::write(&fine, "\u{feff}a,b\n").unwrap();
        assert_eq!(read_text(&fine, SMALL).unwrap(), "a,b\n");
        let big = dir.path().join("big.csv");
        std::fs::write(&big, "x".repeat(17)).unwrap();
        let refused = read_text(&big, SMALL).unwrap_err().to_string();
        assert_eq!(refused, "is 1 KB, larger than the 1 KB limit for test inputs");
        assert!(open(dir.path(), SMALL).unwrap_err().to_string().contains("is a folder"));
        let utf16 = dir.path().join("utf16.csv");
        std::fs::write(&utf16, [0xFF, 0xFE, b'a', 0]).unwrap();
        assert!(read_text(&utf16, SMALL).unwrap_err().to_string().contains("it is UTF-16"));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("pipe.xes");
            assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
            // Refused at once: opening it would wait for a writer for ever.
            assert!(open(&fifo, SMALL).unwrap_err().to_string().contains("is a named pipe"));
            let zero = dir.path().join("zero.bpmn");
            std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
            assert!(open(&zero, SMALL).unwrap_err().to_string().contains("is a device"));
        }
    }
}
