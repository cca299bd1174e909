//! Reading and writing maps in either file format, chosen by extension.

use std::path::Path;

use throughline_core::{FileKind, Map, json};
use throughline_report::PictureFormat;
use throughline_store::{Document, MapFormat, WriteLock};

use crate::Failure;

/// Reads a map from a .json, .throughline or .bpmn file. Files with another extension are
/// read by their content.
pub fn read(path: &Path) -> Result<Map, Failure> {
    if FileKind::of(path) == Some(FileKind::Bpmn) {
        let text = throughline_files::read_text(path, throughline_files::limits::BPMN)
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        let (map, notes) = throughline_bpmn::from_bpmn_noting(&text)
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        crate::warnings::warn(path, &notes)?;
        return Ok(map);
    }
    throughline_store::read_map(path).map_err(|e| Failure(e.to_string()))
}

/// Reads a CRM's configuration, saying as warnings what it left out or repaired.
pub fn read_crm(sources: &[std::path::PathBuf]) -> Result<throughline_crm::CrmConfig, Failure> {
    let (config, notes) =
        throughline_crm::read_noting(sources).map_err(|e| Failure(e.to_string()))?;
    let notes: Vec<(String, String)> = notes.into_iter().map(|n| (n.file, n.message)).collect();
    crate::warnings::warn_each(&notes)?;
    Ok(config)
}

/// What a .throughline file keeps beside the map (nothing for JSON maps).
#[derive(Debug, Default)]
pub struct Kept {
    pub history: Option<throughline_history::History>,
    pub crm: Option<throughline_crm::CrmConfig>,
}

/// Reads a map and what its file keeps beside it, opening the file once.
pub fn read_with_kept(path: &Path) -> Result<(Map, Kept), Failure> {
    if MapFormat::of_name(path) != Some(MapFormat::Document) {
        return Ok((read(path)?, Kept::default()));
    }
    let failed = |e: throughline_store::StoreError| Failure(e.to_string());
    let doc = Document::open_read_only(path).map_err(failed)?;
    let kept = Kept {
        history: doc.history().map_err(failed)?,
        crm: doc.crm().map_err(failed)?.map(|c| c.config),
    };
    Ok((doc.map().clone(), kept))
}

/// Reads a named version saved in a .throughline file.
pub fn read_version(path: &Path, name: &str) -> Result<Map, Failure> {
    if MapFormat::of_name(path) != Some(MapFormat::Document) {
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

/// Refuses, before any work, an output that is one of the command's inputs or exists and is
/// not a regular file (see the store's `check_output`).
pub fn check_output(output: &Path, inputs: &[&Path]) -> Result<(), Failure> {
    throughline_store::check_output(output, inputs).map_err(|e| Failure(e.to_string()))
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
    check_output(output, &[input])?;
    let picture = |format| {
        throughline_report::picture(&read(input)?, format)
            .map_err(|e| Failure(format!("{}: {e}", output.display())))
    };
    match FileKind::of(output) {
        // A drawing for READMEs and wikis: written, never read back.
        Some(FileKind::Mermaid) => write_atomically(
            output,
            throughline_core::mermaid::to_mermaid(&read(input)?).as_bytes(),
        ),
        // Pictures for slides, the report's drawing of the map.
        Some(FileKind::Svg) => write_atomically(output, &picture(PictureFormat::Svg)?),
        Some(FileKind::Png) => write_atomically(output, &picture(PictureFormat::Png)?),
        Some(FileKind::Bpmn) => {
            write_atomically(output, throughline_bpmn::to_bpmn(&read(input)?).as_bytes())
        }
        _ => match format_of(output)? {
            MapFormat::Document if output.exists() => onto_document(&read(input)?, output),
            _ => write_map(&read(input)?, output),
        },
    }
}

/// Writes a map edited elsewhere onto the document it came from: the difference is applied
/// as one edit, kept in the document's history, so that copies edited this way still merge.
fn onto_document(map: &Map, output: &Path) -> Result<(), Failure> {
    let failed = |e: throughline_store::StoreError| Failure(e.to_string());
    let mut doc = Document::open(output).map_err(failed)?;
    doc.set_author(crate::author().as_deref());
    doc.replace(map.clone()).map_err(failed)
}

fn format_of(output: &Path) -> Result<MapFormat, Failure> {
    MapFormat::of_name(output).ok_or_else(|| {
        Failure(format!(
            "{}: cannot tell the format to write; name the file .json, .throughline, .bpmn, .mmd, .svg or .png",
            output.display()
        ))
    })
}

/// Writes `map` to `output` in the format its extension names, replacing the file whole or
/// leaving it as it was.
pub fn write_map(map: &Map, output: &Path) -> Result<(), Failure> {
    match format_of(output)? {
        MapFormat::Json => write_atomically(output, json::to_string(map).as_bytes()),
        MapFormat::Document => write_document(output, |staged| Document::create(staged, map)),
    }
}

/// Writes a new .throughline file whole: SQLite writes the document itself, so `create`
/// makes it in a folder beside its place, and it is then moved there.
pub fn write_document(
    output: &Path,
    create: impl FnOnce(&Path) -> throughline_store::Result<Document>,
) -> Result<(), Failure> {
    let failed = |e: &dyn std::fmt::Display| Failure(format!("{}: {e}", output.display()));
    let staging = tempfile::Builder::new()
        .prefix(".throughline-staged")
        .tempdir_in(parent_dir(output))
        .map_err(|e| failed(&e))?;
    let staged = staging.path().join("map");
    drop(create(&staged).map_err(|e| failed(&e))?);
    // Never under a map open for editing: its edits would go on into a file that is no longer
    // there. Holding the lock also keeps the app from opening it meanwhile.
    let _lock = WriteLock::acquire(output).map_err(|e| Failure(e.to_string()))?;
    std::fs::rename(&staged, output).map_err(|e| failed(&e))
}

/// The folder a file goes in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
