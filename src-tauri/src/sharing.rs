//! Sharing the open map on a sync server: the connection (`throughline-sync`) on its own
//! thread, feeding what arrives into the session through the same revisioned updates an
//! edit makes, and what the UI shows of it — the connection's state and who is there.

use serde::Serialize;
use specta::Type;
use tauri::{Emitter, Manager, Runtime};
use throughline_sync::{Connection, Host, Link, Peer, Status};

use crate::commands::AppState;

/// The event carrying an `Update` made by a colleague's edit.
pub const REMOTE_UPDATE_EVENT: &str = "remote-update";
/// The event carrying a `SyncState` whenever the connection or who is there changes.
pub const SYNC_EVENT: &str = "sync";

/// The open map's sharing as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SyncState {
    pub connection: ConnectionState,
    /// Everyone else on the map now.
    pub people: Vec<Participant>,
    /// The links to give others, when this map was shared from here.
    pub links: Option<SharedLinks>,
    /// The last thing from the server that was not taken in, in words.
    pub problem: Option<String>,
}

impl SyncState {
    pub fn not_shared() -> SyncState {
        SyncState {
            connection: ConnectionState::NotShared,
            people: Vec::new(),
            links: None,
            problem: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ConnectionState {
    NotShared,
    Connecting { waiting: u32 },
    Connected { read_only: bool, waiting: u32 },
    Offline { waiting: u32, reason: String },
    Refused { reason: String },
}

/// Someone else on the map, as their presence says.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Participant {
    /// Their replica's id, as text.
    pub id: String,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// The ids selected on their canvas.
    pub selection: Vec<String>,
    /// The slide of the walk they are presenting, if they are.
    pub presenting: Option<u32>,
    /// Which walk they present: `journey` or `findings`.
    pub walk: Option<String>,
}

/// The links of a map shared from here: one to edit, one to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SharedLinks {
    pub editor: String,
    pub viewer: String,
}

/// A map's live sharing, held by its session.
#[derive(Debug)]
pub struct Sharing {
    pub connection: Connection,
    /// Which connection this is: what arrives from an older one (a map closed, opened again)
    /// is ignored.
    pub generation: u64,
    pub state: SyncState,
    pub me: Me,
}

/// What this participant shares with the others.
#[derive(Debug, Clone, Default)]
pub struct Me {
    pub name: String,
    pub selection: Vec<String>,
    pub presenting: Option<u32>,
    pub walk: Option<String>,
}

impl Me {
    pub fn presence(&self) -> serde_json::Value {
        serde_json::json!({
            "user": {"name": self.name, "color": color_of(&self.name)},
            "selection": self.selection,
            "presenting": self.presenting,
            "walk": self.walk,
        })
    }
}

/// A participant's colour: from their name, so it is the same on every screen.
pub fn color_of(name: &str) -> String {
    const PALETTE: [&str; 8] =
        ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#e377c2", "#8c564b"];
    let hash = name.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    PALETTE[hash as usize % PALETTE.len()].to_owned()
}

impl ConnectionState {
    fn of(status: &Status) -> ConnectionState {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        match status {
            Status::Connecting { waiting } => {
                ConnectionState::Connecting { waiting: count(*waiting) }
            }
            Status::Connected { read_only, waiting } => {
                ConnectionState::Connected { read_only: *read_only, waiting: count(*waiting) }
            }
            Status::Offline { waiting, reason } => {
                ConnectionState::Offline { waiting: count(*waiting), reason: reason.clone() }
            }
            Status::Refused { reason } => ConnectionState::Refused { reason: reason.clone() },
            // Not a state of the connection: said as a problem, the state stays.
            Status::Rejected { .. } => unreachable!("handled by the host"),
        }
    }
}

fn participant(peer: &Peer) -> Participant {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().chars().take(80).collect();
    let user = &peer.state["user"];
    let name: String = text(&user["name"]);
    let color = user["color"]
        .as_str()
        .filter(|c| {
            c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|d| d.is_ascii_hexdigit())
        })
        .map_or_else(|| color_of(&name), str::to_owned);
    Participant {
        id: peer.client.to_string(),
        name: if name.trim().is_empty() { "Someone".to_owned() } else { name },
        color,
        selection: peer.state["selection"]
            .as_array()
            .map(|ids| ids.iter().take(1000).map(text).collect())
            .unwrap_or_default(),
        presenting: peer.state["presenting"].as_u64().and_then(|s| u32::try_from(s).ok()),
        walk: peer.state["walk"]
            .as_str()
            .filter(|w| ["journey", "findings"].contains(w))
            .map(str::to_owned),
    }
}

/// Starts connections for the app: made once the app is set up, since a connection's host
/// needs the app's handle to reach the session and the window.
pub struct Connect(Box<dyn Fn(Link, u64, u64) -> Connection + Send + Sync>);

impl Connect {
    /// A connection to `link` for the replica `client`, numbered `generation`.
    pub fn open(&self, link: Link, client: u64, generation: u64) -> Connection {
        (self.0)(link, client, generation)
    }
}

impl std::fmt::Debug for Connect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Connect")
    }
}

pub fn connector<R: Runtime>(app: tauri::AppHandle<R>) -> Connect {
    Connect(Box::new(move |link, client, generation| {
        Connection::open(link, client, AppHost { app: app.clone(), generation })
    }))
}

struct AppHost<R: Runtime> {
    app: tauri::AppHandle<R>,
    generation: u64,
}

impl<R: Runtime> AppHost<R> {
    fn state(&self) -> tauri::State<'_, AppState> {
        self.app.state::<AppState>()
    }
}

impl<R: Runtime> Host for AppHost<R> {
    fn state_vector(&mut self) -> Vec<u8> {
        self.state()
            .with_sharing(self.generation, |s| Ok(s.document().shared_state_vector()))
            .unwrap_or_default()
    }

    fn missing_from(&mut self, state_vector: &[u8]) -> Vec<u8> {
        self.state()
            .with_sharing(self.generation, |s| Ok(s.document().shared_missing_from(state_vector)))
            .unwrap_or_default()
    }

    fn receive(&mut self, update: &[u8]) -> Result<(), String> {
        let update = self
            .state()
            .with_sharing(self.generation, |s| s.receive(update))
            .map_err(|e| e.to_string())?;
        if let Some(update) = update {
            let _ = self.app.emit(REMOTE_UPDATE_EVENT, update);
        }
        Ok(())
    }

    fn status(&mut self, status: &Status) {
        let sync = self.state().with_sharing(self.generation, |s| {
            Ok(match status {
                Status::Rejected { reason } => {
                    s.sharing_problem(reason);
                    s.sync_state()
                }
                status => s.set_connection(ConnectionState::of(status)),
            })
        });
        if let Ok(sync) = sync {
            let _ = self.app.emit(SYNC_EVENT, sync);
        }
    }

    fn presence(&mut self, peers: &[Peer]) {
        let people: Vec<Participant> = peers.iter().map(participant).collect();
        let sync = self.state().with_sharing(self.generation, |s| Ok(s.set_people(people)));
        if let Ok(sync) = sync {
            let _ = self.app.emit(SYNC_EVENT, sync);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_participant_is_read_from_what_they_share_and_nothing_else() {
        let peer = Peer {
            client: 42,
            state: serde_json::json!({
                "user": {"name": "Ana", "color": "javascript:alert(1)"},
                "selection": ["s1", 7],
                "presenting": 3,
            }),
        };
        let p = participant(&peer);
        assert_eq!((p.id.as_str(), p.name.as_str()), ("42", "Ana"));
        assert_eq!(p.color, color_of("Ana"), "a colour that is not #rrggbb is not used");
        assert_eq!(p.selection, ["s1", ""]);
        assert_eq!(p.presenting, Some(3));
        let nobody = participant(&Peer { client: 1, state: serde_json::json!({}) });
        assert_eq!((nobody.name.as_str(), nobody.presenting), ("Someone", None));
    }
}
