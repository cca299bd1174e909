//! The commands for sharing: Share…, Join…, Merge another copy…, who is there, and leaving.

// Tauri hands commands their state and arguments by value.
#![allow(clippy::needless_pass_by_value)]

use std::path::{Path, PathBuf};

use tauri::State;
use throughline_replica::Replica;
use throughline_store::Document;
use throughline_sync::Link;

use crate::commands::AppState;
use crate::error::AppError;
use crate::library::{file_name_for, free_path};
use crate::session::{Session, Snapshot};
use crate::sharing::{SharedLinks, SyncState};

/// The port `scripts/serve` listens on unless told otherwise.
const DEFAULT_PORT: u16 = 1234;

fn remember_name(state: &AppState, name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::InvalidEdit {
            message: "Say your name: the others see it beside your edits and your selection."
                .into(),
            at: "name".into(),
        });
    }
    state.library().set_my_name(name).ok();
    Ok(name.to_owned())
}

/// `host:port` (or `host`, on the usual port) as the server's address.
fn server_address(server: &str) -> Result<(String, u16), AppError> {
    let server = server.trim().trim_start_matches("ws://").trim_end_matches('/');
    let bad = || AppError::InvalidEdit {
        message: format!(
            "“{server}” is not a server's address: write it as host:port, e.g. 127.0.0.1:1234"
        ),
        at: "server".into(),
    };
    let (host, port) = match server.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().map_err(|_| bad())?),
        None => (server, DEFAULT_PORT),
    };
    if host.is_empty() || !host.chars().all(|c| c.is_ascii_alphanumeric() || ".-_[]:".contains(c)) {
        return Err(bad());
    }
    Ok((host.to_owned(), port))
}

/// The name a map is shared under: its own name made safe, and a random part so two maps of
/// one name never meet.
fn shared_name(map_name: &str) -> String {
    let base: String = file_name_for(map_name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base: String = base.chars().take(60).collect();
    let base = if base.is_empty() { "map".to_owned() } else { base };
    format!("{base}-{:08x}", fastrand::u32(..))
}

/// Shares the open map on the sync server at `server` (`host:port`) as `name`. The map's
/// links (an editor's and a viewer's) come back in the snapshot's sync state; the editor's is
/// kept in the file, which then joins the server whenever it is opened.
#[tauri::command]
#[specta::specta]
pub fn share_map(
    state: State<'_, AppState>,
    server: String,
    name: String,
) -> Result<Snapshot, AppError> {
    let name = remember_name(&state, &name)?;
    let (host, port) = server_address(&server)?;
    state.with(|s| {
        let published = Link::publish(&host, port, &shared_name(&s.map().name));
        s.document_mut().set_sharing_link(Some(&published.editor.to_string()))?;
        let links = SharedLinks {
            editor: published.editor.to_string(),
            viewer: published.viewer.to_string(),
        };
        state.connect(s, published.publish, name, Some(links))?;
        Ok(s.snapshot())
    })
}

/// Joins a shared map from its link, into a new file in the maps folder, as `name`.
#[tauri::command]
#[specta::specta]
pub fn join_map(
    state: State<'_, AppState>,
    link: String,
    name: String,
) -> Result<Snapshot, AppError> {
    let name = remember_name(&state, &name)?;
    state.join(&link, name)
}

impl AppState {
    /// Joins the map a link names into a new file, and opens it.
    pub(crate) fn join(&self, link: &str, name: String) -> Result<Snapshot, AppError> {
        let link =
            Link::parse(link).map_err(|e| AppError::CannotOpen { message: e.to_string() })?;
        if link.token.is_none() {
            return Err(AppError::CannotOpen {
                message: "this link has no token: ask whoever shared the map for its link".into(),
            });
        }
        let dir = self.library().maps_dir().map_err(|e| AppError::Storage {
            message: format!("the maps folder could not be created: {e}"),
        })?;
        let path: PathBuf = free_path(&dir.join(format!("{}.throughline", link.map)));
        let mut document = Document::create_shared(&path, Replica::new(Some(&name)))?;
        document.set_sharing_link(Some(&link.to_string()))?;
        self.replace(Session::new(document));
        self.with(|s| {
            self.connect(s, link, name, None)?;
            Ok(s.snapshot())
        })
    }
}

/// The open map's sharing: the connection and who is there.
#[tauri::command]
#[specta::specta]
pub fn sync_state(state: State<'_, AppState>) -> SyncState {
    state.with(|s| Ok(s.sync_state())).unwrap_or_else(|_| SyncState::not_shared())
}

/// What this person shares with the others: what they selected, the slide they present.
#[tauri::command]
#[specta::specta]
pub fn share_presence(
    state: State<'_, AppState>,
    selection: Vec<String>,
    presenting: Option<u32>,
    walk: Option<String>,
) {
    let _ = state.with(|s| {
        s.set_presence(selection, presenting, walk);
        Ok(())
    });
}

/// Stops sharing the open map from here: the connection closes and the file forgets its
/// link (the map stays shared for the others).
#[tauri::command]
#[specta::specta]
pub fn stop_sharing(state: State<'_, AppState>) -> Result<Snapshot, AppError> {
    state.with(|s| {
        s.stop_sharing();
        s.document_mut().set_sharing_link(None)?;
        Ok(s.snapshot())
    })
}

/// Merges another copy of the open map (a `.throughline` file edited apart) into it: every
/// edit of both kept, the conflicts listed in the snapshot.
#[tauri::command]
#[specta::specta]
pub fn merge_copy(state: State<'_, AppState>, path: String) -> Result<Snapshot, AppError> {
    let path = Path::new(&path);
    let other = Document::open_read_only(path)
        .and_then(|copy| copy.shared_state())
        .map_err(|e| AppError::CannotOpen { message: e.to_string() })?;
    state.with(|s| {
        if s.document().path() == path {
            return Err(AppError::CannotOpen {
                message: "this is the open map itself: choose the other copy".into(),
            });
        }
        s.merge(&other)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_is_written_host_and_port_or_host_alone() {
        assert_eq!(server_address("127.0.0.1:4321").ok(), Some(("127.0.0.1".into(), 4321)));
        assert_eq!(
            server_address("sync.example.com").ok(),
            Some(("sync.example.com".into(), 1234))
        );
        assert_eq!(server_address(" ws://host:99/ ").ok(), Some(("host".into(), 99)));
        assert!(server_address("host:port").is_err());
        assert!(server_address("a b:1").is_err());
    }

    #[test]
    fn a_shared_name_is_safe_and_unique() {
        let name = shared_name("Q3 journey: lead → cash!");
        assert!(name.starts_with("q3-journey-lead-cash-"), "{name}");
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        assert_ne!(shared_name("x"), shared_name("x"));
        assert!(shared_name("→→").starts_with("map-"));
    }
}
