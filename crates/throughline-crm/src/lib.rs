//! The CRM's own picture of the journey, read from the files users already have: HubSpot's
//! pipelines and lifecycle stage property (API JSON), Salesforce's value sets, business
//! processes and paths (a source-format project). [`read`] turns files and folders into a
//! [`CrmConfig`]; [`import::map`] starts a map from one; [`drift::check`] holds a map
//! against one. See `docs/crm.md`.

pub mod attach;
mod hubspot;
pub mod import;
mod salesforce;

pub mod drift;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;
use throughline_core::{FileKind, excerpt};

/// A CRM's configuration: the value sets that stand for stages, and which files said so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CrmConfig {
    /// The files read, by name.
    pub sources: Vec<String>,
    pub sets: Vec<ValueSet>,
}

impl CrmConfig {
    /// What to call a map started from it: "HubSpot journey", "Salesforce journey", or
    /// "CRM journey" when it holds both.
    pub fn journey_name(&self) -> String {
        let mut systems = self.sets.iter().map(|s| s.system.as_str());
        match systems.next() {
            Some(first) if systems.all(|s| s == first) => format!("{first} journey"),
            _ => "CRM journey".to_owned(),
        }
    }
}

/// The values of one field that records move through: a HubSpot pipeline, the lifecycle
/// stage property, Salesforce's opportunity stages or lead statuses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ValueSet {
    /// "HubSpot" or "Salesforce".
    pub system: String,
    /// The object whose field it is: `deals`, `tickets`, `contacts`, `Opportunity`, `Lead`.
    pub object: String,
    /// `dealstage`, `hs_pipeline_stage`, `lifecyclestage`, `StageName`, `Status`.
    pub field: String,
    /// What the CRM calls the set ("Sales Pipeline", "Opportunity stages"): the lane's name.
    pub label: String,
    /// In the CRM's order.
    pub values: Vec<CrmValue>,
}

/// One value of a set, as the CRM configures it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CrmValue {
    /// What records hold (an id in HubSpot, the API name in Salesforce).
    pub value: String,
    /// What people see.
    pub label: String,
    pub state: ValueState,
    /// The CRM's win probability, 0 to 1.
    pub probability: Option<f64>,
    /// Salesforce's forecast category (`Pipeline`, `BestCase`, `Commit`, `Closed`, `Omitted`).
    pub forecast_category: Option<String>,
    /// Guidance the CRM gives for the value (a description, a path's guidance), as plain text.
    pub criteria: Vec<String>,
}

/// Where a value leaves a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ValueState {
    Open,
    Won,
    Lost,
    /// A lead status that converts the lead (it counts as won, and leads on to the first
    /// opportunity stage).
    Converted,
}

impl ValueState {
    /// Won or converted: where the set's open values lead.
    pub fn is_won(self) -> bool {
        matches!(self, ValueState::Won | ValueState::Converted)
    }
}

/// Why a configuration cannot be read: the file (or folder) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrmError {
    pub file: String,
    pub message: String,
}

impl fmt::Display for CrmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for CrmError {}

pub(crate) fn error(file: &Path, message: impl Into<String>) -> CrmError {
    CrmError { file: file.display().to_string(), message: message.into() }
}

/// A configuration file's text: a regular file within the limit for CRM exports, refused
/// before it is read otherwise.
pub(crate) fn read_text(path: &Path) -> Result<String, CrmError> {
    throughline_files::read_text(path, throughline_files::limits::CRM_EXPORT)
        .map_err(|e| error(path, e.to_string()))
}

/// What one file holds.
pub(crate) enum Piece {
    Sets(Vec<ValueSet>),
    Salesforce(salesforce::Piece),
}

/// Something a configuration holds that reading left out or repaired (an archived pipeline, a
/// label that is not text), said about its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub file: String,
    pub message: String,
}

impl Note {
    pub(crate) fn new(file: &Path, message: String) -> Self {
        Note { file: file.display().to_string(), message }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// Reads the configuration in `paths`: files (HubSpot JSON, Salesforce metadata XML) and
/// folders (a Salesforce project, or a folder of such files), in the order given.
pub fn read(paths: &[PathBuf]) -> Result<CrmConfig, CrmError> {
    read_noting(paths).map(|(config, _)| config)
}

/// Like [`read`], with what reading left out or repaired.
pub fn read_noting(paths: &[PathBuf]) -> Result<(CrmConfig, Vec<Note>), CrmError> {
    let mut notes = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = discover(path)?;
            if found.is_empty() {
                return Err(error(
                    path,
                    "holds no CRM configuration: expected HubSpot pipeline or property JSON, or \
                     a Salesforce project (standardValueSets, businessProcesses, pathAssistants)",
                ));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    if files.is_empty() {
        return Err(CrmError { file: "(none)".into(), message: "no files given".into() });
    }
    let mut sets = Vec::new();
    let mut salesforce = Vec::new();
    for file in &files {
        match read_file(file, &mut notes)? {
            Piece::Sets(found) => sets.extend(found),
            Piece::Salesforce(piece) => salesforce.push((file.clone(), piece)),
        }
    }
    sets.extend(salesforce::assemble(salesforce, &mut notes)?);
    // Named as people read them: Salesforce percent-encodes some characters in file names.
    let sources = files
        .iter()
        .map(|f| {
            let name: String = f
                .file_name()
                .map_or_else(|| f.display().to_string(), |n| n.to_string_lossy().into());
            percent_encoding::percent_decode_str(&name).decode_utf8_lossy().into_owned()
        })
        .collect();
    Ok((CrmConfig { sources, sets }, notes))
}

/// Whether a path holds a CRM's configuration, as a file dropped on the app is told apart:
/// a folder (a Salesforce project), Salesforce metadata, or JSON that reads as HubSpot's.
/// (A map is JSON too, with stages of its own: its format tag says it is one.)
pub fn is_configuration(path: &Path) -> bool {
    #[derive(serde::Deserialize)]
    struct Tagged {
        format: Option<serde_json::Value>,
    }
    if path.is_dir() || salesforce::is_metadata_file(path) {
        return true;
    }
    if FileKind::of(path) != Some(FileKind::Json) {
        return false;
    }
    // A map as maps are written says so first: a large one is not read whole to find out.
    if opens_as_map(path) {
        return false;
    }
    let Ok(text) = read_text(path) else { return false };
    let is_map = serde_json::from_str::<Tagged>(&text).is_ok_and(|t| {
        t.format
            .as_ref()
            .and_then(serde_json::Value::as_str)
            .is_some_and(|f| f.starts_with("throughline/"))
    });
    !is_map && hubspot::read(path, &text).is_ok()
}

/// How much of a file [`opens_as_map`] reads.
const OPENING: u64 = 64 << 10;

/// Whether a file opens as a Throughline map: an object whose first field is a
/// `throughline/…` format tag, as Throughline writes maps. Only its first bytes are read.
fn opens_as_map(path: &Path) -> bool {
    use std::io::Read;
    let mut opening = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(OPENING).read_to_end(&mut opening));
    if read.is_err() {
        return false;
    }
    // The last character may be cut in two.
    let text = match std::str::from_utf8(&opening) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&opening[..e.valid_up_to()]).unwrap_or_default(),
    };
    first_field_is_map_format(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Whether the JSON text opens an object with a `throughline/…` `format`; the rest of the
/// text, which may be cut anywhere, is not looked at.
fn first_field_is_map_format(text: &str) -> bool {
    use serde::de::{Error, MapAccess, Visitor};

    struct FirstField<'a>(&'a mut bool);

    impl<'de> Visitor<'de> for FirstField<'_> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            if map.next_key::<String>()?.as_deref() == Some("format") {
                *self.0 = map.next_value::<String>()?.starts_with("throughline/");
            }
            // Stopping here is the point: the parser reports the unread rest as an error.
            Err(A::Error::custom("only the first field is read"))
        }
    }

    let mut is_map = false;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let _ = serde::Deserializer::deserialize_map(&mut deserializer, FirstField(&mut is_map));
    is_map
}

fn read_file(path: &Path, notes: &mut Vec<Note>) -> Result<Piece, CrmError> {
    let text = read_text(path)?;
    let first = text.trim_start().chars().next();
    match first {
        Some('{' | '[') => hubspot::read_noting(path, &text, notes).map(Piece::Sets),
        Some('<') => salesforce::read(path, &text, notes).map(Piece::Salesforce),
        _ => Err(error(path, "is neither JSON (HubSpot's API) nor XML (Salesforce metadata)")),
    }
}

/// The configuration files in a folder: a Salesforce project's package folders (from
/// `sfdx-project.json`, else `force-app/main/default`, else the folder itself), searched for
/// the metadata this reads, and any HubSpot JSON at the top. A package folder must lie inside
/// the project: `"path": "/"` or `"../.."` is refused, never searched.
fn discover(folder: &Path) -> Result<Vec<PathBuf>, CrmError> {
    let project = folder.join("sfdx-project.json");
    let roots: Vec<PathBuf> = if project.is_file() {
        let text = read_text(&project)?;
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            error(&project, format!("is not JSON: {}", throughline_core::excerpt::parser_said(e)))
        })?;
        let paths: Vec<&str> = json
            .get("packageDirectories")
            .and_then(|d| d.as_array())
            .map(|dirs| {
                dirs.iter().filter_map(|d| d.get("path").and_then(|p| p.as_str())).collect()
            })
            .unwrap_or_default();
        let inside = folder.canonicalize().map_err(|e| error(folder, e.to_string()))?;
        let mut roots = Vec::with_capacity(paths.len());
        for path in paths {
            let root = folder.join(path);
            // A package folder that does not exist holds nothing; one outside is refused.
            let Ok(resolved) = root.canonicalize() else { continue };
            if !resolved.starts_with(&inside) {
                return Err(error(
                    &project,
                    format!(
                        "names the package folder \"{}\", which is outside the project folder: only \
                         folders inside the project are read",
                        excerpt::one_line(&excerpt::excerpt(path, excerpt::QUOTED))
                    ),
                ));
            }
            roots.push(resolved);
        }
        roots
    } else if folder.join("force-app/main/default").is_dir() {
        vec![folder.join("force-app/main/default")]
    } else {
        vec![folder.to_path_buf()]
    };
    let mut found = Vec::new();
    for root in roots {
        walk(&root, 0, &mut found);
    }
    // HubSpot exports beside the project (or alone in the folder).
    if let Ok(entries) = std::fs::read_dir(folder) {
        let mut json: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && FileKind::of(p) == Some(FileKind::Json))
            .filter(|p| p.file_name().is_some_and(|n| n != "sfdx-project.json"))
            .filter(|p| !found.contains(p))
            .collect();
        json.sort();
        found.extend(json);
    }
    Ok(found)
}

/// Every Salesforce metadata file this reads under `dir`, in a stable order. Symbolic links
/// are not followed: a project's metadata are files in it, and a link could loop (the same
/// files read over and over) or lead out of the project.
fn walk(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
    // Projects are shallow; a huge tree is not searched for ever.
    if depth > 8 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<(PathBuf, std::fs::FileType)> =
        entries.flatten().filter_map(|e| Some((e.path(), e.file_type().ok()?))).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in entries {
        if kind.is_dir() {
            walk(&path, depth + 1, found);
        } else if kind.is_file() && salesforce::is_metadata_file(&path) {
            found.push(path);
        }
    }
}

/// Object names compare case-insensitively, singular and plural alike: `contact` is
/// `Contacts`, `opportunity` is `Opportunities`.
pub fn object_key(object: &str) -> String {
    let lower = object.trim().to_lowercase();
    if let Some(stem) = lower.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = lower.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        stem.to_owned()
    } else {
        lower
    }
}

#[cfg(test)]
mod tests {
    use super::first_field_is_map_format;

    #[test]
    fn a_map_is_known_by_its_first_field_from_the_opening_of_its_text() {
        let map = r#"{ "format": "throughline/1", "name": "Inbound", "stages": [ { "id": "#;
        assert!(first_field_is_map_format(map), "cut anywhere after the format tag");
        assert!(first_field_is_map_format(r#"{"format":"throughline/2"}"#));
        for not_a_map in [
            r#"{ "name": "Inbound", "format": "throughline/1" }"#, // read whole instead
            r#"{ "format": "bpmn" }"#,
            r#"{ "format": 1 }"#,
            r#"{ "results": [ { "id": "default" } ] }"#,
            r#"[ { "format": "throughline/1" } ]"#,
            r#"{ "form"#,
            "",
        ] {
            assert!(!first_field_is_map_format(not_a_map), "{not_a_map}");
        }
    }
}
