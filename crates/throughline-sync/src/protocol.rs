//! The Hocuspocus protocol: every message starts with the map's name, then its type. Sync
//! messages carry the y-protocols sync steps (a state vector, then what the other side lacks,
//! then updates as they are made); awareness messages carry who is there. Encoded with lib0
//! (Yjs's encoding) through yrs's own reader and writer.

use yrs::encoding::read::{Cursor, Read};
use yrs::encoding::write::Write;

const SYNC: u32 = 0;
const AWARENESS: u32 = 1;
const AUTH: u32 = 2;
const QUERY_AWARENESS: u32 = 3;
const SYNC_REPLY: u32 = 4;
const SYNC_STATUS: u32 = 8;

const STEP_1: u32 = 0;
const STEP_2: u32 = 1;
const UPDATE: u32 = 2;

const TOKEN: u32 = 0;
const DENIED: u32 = 1;
const AUTHENTICATED: u32 = 2;

/// A message from the server, for one map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Authenticated {
        read_only: bool,
    },
    Denied {
        reason: String,
    },
    /// The server's state vector: it wants what it lacks.
    SyncStep1 {
        state_vector: Vec<u8>,
    },
    /// What this replica lacked.
    SyncStep2 {
        update: Vec<u8>,
    },
    /// An edit made elsewhere.
    Update {
        update: Vec<u8>,
    },
    /// Whether the server kept the last update sent (`false`: refused, e.g. to a viewer).
    SyncStatus {
        saved: bool,
    },
    Awareness {
        update: Vec<u8>,
    },
    /// A message this client has no use for (stateless messages, close requests).
    Other,
}

/// Why bytes from the server were not a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the server sent what is not a Throughline sync message ({0}); is it a Hocuspocus server?")]
pub struct NotAMessage(String);

fn message(map: &str, kind: u32) -> Vec<u8> {
    let mut out = Vec::new();
    out.write_string(map);
    out.write_var(kind);
    out
}

pub fn auth(map: &str, token: &str) -> Vec<u8> {
    let mut out = message(map, AUTH);
    out.write_var(TOKEN);
    out.write_string(token);
    out
}

pub fn sync_step_1(map: &str, state_vector: &[u8]) -> Vec<u8> {
    sync(map, STEP_1, state_vector)
}

pub fn sync_step_2(map: &str, update: &[u8]) -> Vec<u8> {
    sync(map, STEP_2, update)
}

pub fn update(map: &str, update: &[u8]) -> Vec<u8> {
    sync(map, UPDATE, update)
}

fn sync(map: &str, step: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = message(map, SYNC);
    out.write_var(step);
    out.write_buf(payload);
    out
}

pub fn awareness(map: &str, update: &[u8]) -> Vec<u8> {
    let mut out = message(map, AWARENESS);
    out.write_buf(update);
    out
}

pub fn query_awareness(map: &str) -> Vec<u8> {
    message(map, QUERY_AWARENESS)
}

/// Reads a message: the map it is for, and what it says.
pub fn read(bytes: &[u8]) -> Result<(String, Incoming), NotAMessage> {
    let bad = |e: yrs::encoding::read::Error| NotAMessage(e.to_string());
    let mut cursor = Cursor::new(bytes);
    let map = cursor.read_string().map_err(bad)?.to_owned();
    let kind: u32 = cursor.read_var().map_err(bad)?;
    let incoming = match kind {
        AUTH => match cursor.read_var::<u32>().map_err(bad)? {
            AUTHENTICATED => Incoming::Authenticated {
                read_only: cursor.read_string().map_err(bad)? == "readonly",
            },
            DENIED => Incoming::Denied { reason: cursor.read_string().map_err(bad)?.to_owned() },
            other => return Err(NotAMessage(format!("an authentication message of type {other}"))),
        },
        SYNC | SYNC_REPLY => {
            let step: u32 = cursor.read_var().map_err(bad)?;
            let payload = cursor.read_buf().map_err(bad)?.to_vec();
            match step {
                STEP_1 => Incoming::SyncStep1 { state_vector: payload },
                STEP_2 => Incoming::SyncStep2 { update: payload },
                UPDATE => Incoming::Update { update: payload },
                other => return Err(NotAMessage(format!("a sync message of step {other}"))),
            }
        }
        SYNC_STATUS => Incoming::SyncStatus { saved: cursor.read_var::<u32>().map_err(bad)? == 1 },
        AWARENESS => Incoming::Awareness { update: cursor.read_buf().map_err(bad)?.to_vec() },
        5..=7 => Incoming::Other,
        other => return Err(NotAMessage(format!("a message of type {other}"))),
    };
    Ok((map, incoming))
}

/// One participant's presence as the awareness protocol carries it: a clock that grows with
/// each change, and a JSON state (`None` when they left).
#[derive(Debug, Clone, PartialEq)]
pub struct PresenceEntry {
    pub client: u64,
    pub clock: u32,
    pub state: Option<serde_json::Value>,
}

pub fn encode_presence(entries: &[PresenceEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    out.write_var(entries.len() as u32);
    for e in entries {
        out.write_var(e.client);
        out.write_var(e.clock);
        let state = e.state.as_ref().map_or_else(|| "null".to_owned(), ToString::to_string);
        out.write_string(&state);
    }
    out
}

pub fn decode_presence(bytes: &[u8]) -> Result<Vec<PresenceEntry>, NotAMessage> {
    let bad = |e: yrs::encoding::read::Error| NotAMessage(e.to_string());
    let mut cursor = Cursor::new(bytes);
    let count: u32 = cursor.read_var().map_err(bad)?;
    let mut entries = Vec::new();
    for _ in 0..count.min(10_000) {
        let client: u64 = cursor.read_var().map_err(bad)?;
        let clock: u32 = cursor.read_var().map_err(bad)?;
        let text = cursor.read_string().map_err(bad)?;
        let state = serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| NotAMessage(format!("a presence that is not JSON: {e}")))?;
        entries.push(PresenceEntry { client, clock, state: (!state.is_null()).then_some(state) });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_back() {
        let (map, said) = read(&sync_step_2("m", &[1, 2, 3])).unwrap();
        assert_eq!((map.as_str(), said), ("m", Incoming::SyncStep2 { update: vec![1, 2, 3] }));
        let (_, said) = read(&update("m", &[9])).unwrap();
        assert_eq!(said, Incoming::Update { update: vec![9] });
        let presence = vec![
            PresenceEntry {
                client: 7,
                clock: 3,
                state: Some(serde_json::json!({"user": {"name": "Ana"}})),
            },
            PresenceEntry { client: 8, clock: 1, state: None },
        ];
        assert_eq!(decode_presence(&encode_presence(&presence)).unwrap(), presence);
    }

    #[test]
    fn what_is_not_a_message_is_refused() {
        for bytes in [&b""[..], &[200, 1], &[1, b'm', 99], b"\x01m\x00\x07"] {
            assert!(read(bytes).is_err(), "{bytes:?}");
        }
    }
}
