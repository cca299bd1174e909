//! Where a command or an export may write: never over one of its own inputs, never over
//! something that is not a regular file. Checked before any work is done, so that a refused
//! output leaves everything as it was.

use std::fs::{FileType, Metadata};
use std::path::{Path, PathBuf};

/// Why an output is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputRefused {
    #[error("{}: this is also an input ({}); refusing to write over it", output.display(), input.display())]
    IsAnInput { output: PathBuf, input: PathBuf },
    #[error("{}: this is {what}, not a regular file; refusing to replace it", output.display())]
    NotARegularFile { output: PathBuf, what: &'static str },
}

/// Checks that writing `output` harms nothing: when it exists (through any link), it is a
/// regular file and none of `inputs` — not the same file by another path, a link or a hard
/// link.
pub fn check_output(output: &Path, inputs: &[&Path]) -> Result<(), OutputRefused> {
    // A name that does not exist yet (or a link to nothing) harms nothing.
    let Ok(target) = std::fs::metadata(output) else { return Ok(()) };
    if !target.is_file() {
        let what = describe(target.file_type());
        return Err(OutputRefused::NotARegularFile { output: output.to_path_buf(), what });
    }
    for input in inputs {
        if let Ok(read) = std::fs::metadata(input)
            && same_file(&target, &read, output, input)
        {
            return Err(OutputRefused::IsAnInput {
                output: output.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata, _: &Path, _: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata, a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

pub(crate) fn describe(kind: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() { "a folder" } else { "not a regular file" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_is_refused_by_any_path_and_a_new_or_other_file_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let map = dir.path().join("m.json");
        std::fs::write(&map, "{}").unwrap();
        let other = dir.path().join("other.pdf");
        std::fs::write(&other, "x").unwrap();
        let new = dir.path().join("new.pdf");
        assert_eq!(check_output(&new, &[&map]), Ok(()));
        assert_eq!(check_output(&other, &[&map]), Ok(()));
        for same in [map.clone(), dir.path().join(".").join("m.json")] {
            assert!(matches!(check_output(&same, &[&map]), Err(OutputRefused::IsAnInput { .. })));
        }
        #[cfg(unix)]
        {
            let link = dir.path().join("link.pdf");
            std::os::unix::fs::symlink(&map, &link).unwrap();
            let hard = dir.path().join("hard.pdf");
            std::fs::hard_link(&map, &hard).unwrap();
            for alias in [&link, &hard] {
                let refused = check_output(alias, &[&map]).unwrap_err();
                assert!(refused.to_string().contains("also an input"), "{refused}");
            }
        }
    }

    #[test]
    fn what_is_not_a_regular_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let refused = check_output(dir.path(), &[]).unwrap_err();
        assert!(refused.to_string().contains("is a folder, not a regular file"), "{refused}");
        #[cfg(unix)]
        {
            let refused = check_output(Path::new("/dev/null"), &[]).unwrap_err();
            assert!(refused.to_string().contains("is a device"), "{refused}");
            let link = dir.path().join("null.pdf");
            std::os::unix::fs::symlink("/dev/null", &link).unwrap();
            assert!(matches!(
                check_output(&link, &[]),
                Err(OutputRefused::NotARegularFile { what: "a device", .. })
            ));
        }
    }
}
