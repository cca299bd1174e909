//! Live co-editing of a map on a sync server teams already run: Hocuspocus (`server/` in this
//! repository), which speaks the Yjs sync and awareness protocols. This crate is the client
//! side: the links people pass around (`link`), the messages (`protocol`), and a connection
//! that keeps a replica in step with the server (`client`). It knows nothing of maps: the
//! replica is behind the `Host` trait, so the app and a headless test client share it.

pub mod client;
pub mod link;
pub mod protocol;

pub use client::{Connection, Host, Peer, Status};
pub use link::{BadLink, Link, Published, Role};
