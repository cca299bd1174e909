//! The Throughline domain: journey maps, the edits that change them, the `throughline/1`
//! JSON interchange format and the analysis rules.
//!
//! Pure: no Tauri, no SQLite, no file system. Every boundary speaks in string ids.

pub mod analysis;
#[cfg(feature = "arbitrary")]
pub mod arbitrary;
pub mod arrange;
pub mod compare;
pub mod edit;
pub mod excerpt;
pub mod file_kind;
pub mod generate;
pub mod implication;
pub mod json;
pub mod mermaid;
pub mod model;
pub mod rules;
pub mod schema;
pub mod style;
pub mod threads;
pub mod validate;

pub use analysis::{Analysis, Evidence, Finding, Summary, analyze, analyze_with, kept};
pub use edit::{Applied, Change, Edit, EditError, apply};
pub use file_kind::FileKind;
pub use json::LoadError;
pub use model::Map;
pub use rules::{Rule, Severity};
