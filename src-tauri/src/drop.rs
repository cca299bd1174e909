//! Files dropped on the window, told apart: a map to open, the CRM's configuration to hold
//! the map against, a stage history to lay over it. Here rather than in the webview because
//! a HubSpot export and a map are both JSON, and only reading the file tells which.

use std::path::Path;

use serde::Serialize;
use specta::Type;
use throughline_core::FileKind;

/// What was dropped, by what the shell does with it.
#[derive(Debug, Default, PartialEq, Serialize, Type)]
pub struct Dropped {
    /// The first map (`.throughline`, a JSON map, `.bpmn`).
    pub map: Option<String>,
    /// Every piece of CRM configuration: HubSpot JSON, Salesforce metadata, a project folder.
    pub crm: Vec<String>,
    /// Every stage history (`.csv`, `.xes`, OCEL): several are read as one log.
    pub history: Vec<String>,
    /// The file names of the rest: neither of these, or a second map.
    pub refused: Vec<String>,
}

/// Sorts dropped paths by what they hold.
#[tauri::command]
#[specta::specta]
#[allow(clippy::needless_pass_by_value)] // Tauri hands commands their arguments by value.
pub fn sort_dropped(paths: Vec<String>) -> Dropped {
    let mut dropped = Dropped::default();
    for path in paths {
        if throughline_crm::is_configuration(Path::new(&path)) {
            dropped.crm.push(path);
            continue;
        }
        match FileKind::of(Path::new(&path)) {
            Some(kind) if kind.holds_a_map() && dropped.map.is_none() => dropped.map = Some(path),
            Some(kind) if kind.is_history() => dropped.history.push(path),
            _ => dropped.refused.push(file_name(&path)),
        }
    }
    dropped
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(path: &str) -> String {
        throughline_tests::in_workspace(path).display().to_string()
    }

    #[test]
    fn maps_crm_configuration_and_histories_are_told_apart_by_what_they_hold() {
        let hubspot = workspace("assets/samples/crm/inbound-b2b-saas-hubspot/deal-pipelines.json");
        let salesforce = workspace("assets/samples/crm/enterprise-salesforce-asc606");
        let map = workspace("assets/samples/inbound-b2b-saas-hubspot.json");
        let dropped = sort_dropped(vec![
            "/d/notes.txt".into(),
            hubspot.clone(),
            "/d/log.XES".into(),
            map.clone(),
            salesforce.clone(),
            "/d/second.throughline".into(),
            "/d/deals.jsonocel".into(),
        ]);
        assert_eq!(
            dropped,
            Dropped {
                map: Some(map),
                crm: vec![hubspot, salesforce],
                history: vec!["/d/log.XES".into(), "/d/deals.jsonocel".into()],
                refused: vec!["notes.txt".into(), "second.throughline".into()],
            }
        );
    }

    #[test]
    fn json_that_is_neither_is_taken_as_a_map_so_that_opening_it_says_why_not() {
        let dir = tempfile::tempdir().unwrap();
        let settings = dir.path().join("settings.json");
        std::fs::write(&settings, r#"{ "theme": "dark" }"#).unwrap();
        let path = settings.display().to_string();
        let dropped = sort_dropped(vec![path.clone()]);
        assert_eq!(dropped, Dropped { map: Some(path), ..Dropped::default() });
    }
}
