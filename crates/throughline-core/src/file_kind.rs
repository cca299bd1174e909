//! Every kind of file Throughline reads or writes, told apart by its name: one table, which
//! the command line, the app (opening, dropping, exporting) and the readers all go by. Only
//! names are looked at here; what a file holds is for its reader to say (a HubSpot export and
//! a map are both `.json`).

use std::path::Path;

/// A kind of file, by what Throughline does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A `.throughline` document (SQLite).
    Document,
    /// JSON: a `throughline/1` map, or a CRM's export.
    Json,
    /// A BPMN 2.0 model.
    Bpmn,
    /// A stage history as CSV (generic, or a Salesforce field-history export).
    Csv,
    /// A stage history as XES (IEEE 1849).
    Xes,
    /// An object-centric stage history, OCEL 2.0 JSON (records of several kinds and their
    /// links). A stage history named `.json` is read as this too.
    Ocel,
    /// The same in OCEL 2.0 XML; a stage history named `.xml` is read as this too.
    OcelXml,
    /// The same in OCEL 2.0 SQLite.
    OcelSqlite,
    /// Salesforce metadata (XML).
    Xml,
    /// A Mermaid flowchart (written, never read).
    Mermaid,
    /// A picture of the map (written, never read).
    Png,
    Svg,
    /// The leadership report (written, never read).
    Pdf,
}

/// Each kind with its extensions (the first is the one written) and what it is called.
const KINDS: &[(FileKind, &[&str], &str)] = &[
    (FileKind::Document, &["throughline"], "Throughline map"),
    (FileKind::Json, &["json"], "JSON"),
    (FileKind::Bpmn, &["bpmn"], "BPMN model"),
    (FileKind::Csv, &["csv"], "stage history (CSV)"),
    (FileKind::Xes, &["xes"], "stage history (XES)"),
    (FileKind::Ocel, &["jsonocel"], "stage history (OCEL 2.0 JSON)"),
    (FileKind::OcelXml, &["xmlocel"], "stage history (OCEL 2.0 XML)"),
    (FileKind::OcelSqlite, &["sqlite", "sqlite3"], "stage history (OCEL 2.0 SQLite)"),
    (FileKind::Xml, &["xml"], "Salesforce metadata"),
    (FileKind::Mermaid, &["mmd"], "Mermaid flowchart"),
    (FileKind::Png, &["png"], "picture (PNG)"),
    (FileKind::Svg, &["svg"], "picture (SVG)"),
    (FileKind::Pdf, &["pdf"], "report (PDF)"),
];

impl FileKind {
    /// The kind a file name says, by its extension (any case).
    pub fn of(path: &Path) -> Option<FileKind> {
        let extension = path.extension()?.to_str()?;
        KINDS
            .iter()
            .find(|(_, extensions, _)| extensions.iter().any(|e| extension.eq_ignore_ascii_case(e)))
            .map(|(kind, ..)| *kind)
    }

    /// The extension a file of this kind is written with.
    pub fn extension(self) -> &'static str {
        self.entry().1[0]
    }

    /// What the kind is called, for people.
    pub fn name(self) -> &'static str {
        self.entry().2
    }

    /// Whether a file of this kind can hold a map to open: a document, a JSON map, a model.
    pub fn holds_a_map(self) -> bool {
        matches!(self, FileKind::Document | FileKind::Json | FileKind::Bpmn)
    }

    /// Whether a file of this kind is a stage history.
    pub fn is_history(self) -> bool {
        matches!(
            self,
            FileKind::Csv
                | FileKind::Xes
                | FileKind::Ocel
                | FileKind::OcelXml
                | FileKind::OcelSqlite
        )
    }

    fn entry(self) -> &'static (FileKind, &'static [&'static str], &'static str) {
        KINDS.iter().find(|(kind, ..)| *kind == self).unwrap_or(&KINDS[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_by_extension_in_any_case() {
        assert_eq!(FileKind::of(Path::new("a/b.THROUGHLINE")), Some(FileKind::Document));
        assert_eq!(FileKind::of(Path::new("log.Xes")), Some(FileKind::Xes));
        assert_eq!(FileKind::of(Path::new("flow.MMD")), Some(FileKind::Mermaid));
        assert_eq!(FileKind::of(Path::new("notes.txt")), None);
        assert_eq!(FileKind::of(Path::new("no-extension")), None);
    }

    #[test]
    fn every_kind_is_in_the_table_once_and_writes_its_first_extension() {
        for (kind, extensions, _) in KINDS {
            assert_eq!(KINDS.iter().filter(|(k, ..)| k == kind).count(), 1);
            assert_eq!(kind.extension(), extensions[0]);
            for e in *extensions {
                assert_eq!(FileKind::of(Path::new(&format!("x.{e}"))), Some(*kind));
            }
        }
    }
}
