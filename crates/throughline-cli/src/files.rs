//! Reading and writing maps in either file format, chosen by extension.

use std::path::Path;

use throughline_core::{Map, json};
use throughline_store::Document;

use crate::Failure;

enum Kind {
    Json,
    Document,
}

fn kind_of(path: &Path) -> Option<Kind> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => Some(Kind::Json),
        Some("throughline") => Some(Kind::Document),
        _ => None,
    }
}

/// Reads a map from a .json or .throughline file. Files with another extension are read by
/// their content.
pub fn read(path: &Path) -> Result<Map, Failure> {
    let kind = kind_of(path).unwrap_or_else(|| {
        let sqlite = std::fs::read(path).is_ok_and(|b| b.starts_with(b"SQLite format 3\0"));
        if sqlite { Kind::Document } else { Kind::Json }
    });
    match kind {
        Kind::Json => {
            let bytes = std::fs::read(path)
                .map_err(|e| Failure(format!("{}: {}", path.display(), io_reason(&e))))?;
            json::from_slice(&bytes).map_err(|e| Failure(format!("{}: {e}", path.display())))
        }
        Kind::Document => Document::read(path).map_err(|e| Failure(e.to_string())),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        _ => e.to_string(),
    }
}

/// Reads a named version saved in a .throughline file.
pub fn read_version(path: &Path, name: &str) -> Result<Map, Failure> {
    if !matches!(kind_of(path), Some(Kind::Document)) {
        return Err(Failure(format!(
            "{}: only .throughline files keep named versions",
            path.display()
        )));
    }
    let doc = Document::open_read_only(path).map_err(|e| Failure(e.to_string()))?;
    let versions = doc.versions().map_err(|e| Failure(e.to_string()))?;
    let Some(version) = versions.iter().rev().find(|v| v.name == name) else {
        let known: Vec<&str> = versions.iter().map(|v| v.name.as_str()).collect();
        return Err(Failure(format!(
            "{}: no version named \"{name}\" (versions: {})",
            path.display(),
            if known.is_empty() { "none".to_owned() } else { known.join(", ") }
        )));
    };
    doc.version_map(throughline_store::VersionRef::Saved(version.id))
        .map_err(|e| Failure(e.to_string()))
}

/// Writes bytes next to their final place, then moves them there (see the store's
/// `write_file_atomically`), with the file named in the error.
pub fn write_atomically(output: &Path, bytes: &[u8]) -> Result<(), Failure> {
    throughline_store::write_file_atomically(output, bytes)
        .map_err(|e| Failure(format!("{}: {e}", output.display())))
}

/// Converts between formats. The output is written next to its final place and then moved
/// there, so an existing file is either replaced whole or left as it was.
pub fn convert(input: &Path, output: &Path) -> Result<(), Failure> {
    let Some(kind) = kind_of(output) else {
        return Err(Failure(format!(
            "{}: cannot tell the format to write; name the file .json or .throughline",
            output.display()
        )));
    };
    let map = read(input)?;
    match kind {
        Kind::Json => write_atomically(output, json::to_string(&map).as_bytes()),
        Kind::Document => {
            // SQLite writes the document itself, so it is staged in a folder beside its place.
            let failed = |e: &dyn std::fmt::Display| Failure(format!("{}: {e}", output.display()));
            let staging = tempfile::Builder::new()
                .prefix(".throughline-convert")
                .tempdir_in(parent_dir(output))
                .map_err(|e| failed(&e))?;
            let staged = staging.path().join("map");
            drop(Document::create(&staged, &map).map_err(|e| failed(&e))?);
            std::fs::rename(&staged, output).map_err(|e| failed(&e))
        }
    }
}

/// The folder a file goes in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
