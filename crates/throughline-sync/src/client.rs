//! A connection to a sync server for one map, on its own thread: it joins with the map's
//! token, exchanges what each side lacks, sends each local edit as it is made and takes in
//! everyone else's, and shares who is there. When the server cannot be reached it keeps
//! trying; edits made meanwhile stay in the replica and go with the first exchange after.

use std::collections::{HashMap, VecDeque};
use std::io::ErrorKind;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::Serialize;
use tungstenite::{Message, WebSocket};

use crate::link::Link;
use crate::protocol::{self, Incoming, PresenceEntry};

/// What a connection needs from the replica it keeps in step (the app's open map, or a
/// headless one in a test).
pub trait Host: Send + 'static {
    fn state_vector(&mut self) -> Vec<u8>;
    /// What a replica that has seen `state_vector` lacks.
    fn missing_from(&mut self, state_vector: &[u8]) -> Vec<u8>;
    /// An update from elsewhere. An error says why it was refused; nothing was changed.
    fn receive(&mut self, update: &[u8]) -> Result<(), String>;
    fn status(&mut self, status: &Status);
    /// Everyone else on the map now, with what they share (name, colour, selection…).
    fn presence(&mut self, peers: &[Peer]);
}

/// The connection as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    Connecting {
        waiting: usize,
    },
    Connected {
        read_only: bool,
        waiting: usize,
    },
    /// The server cannot be reached; `waiting` edits go when it can.
    Offline {
        waiting: usize,
        reason: String,
    },
    /// The server said no (a wrong token, a map not shared) or is not a sync server: the
    /// connection stops trying.
    Refused {
        reason: String,
    },
    /// Something arrived that was not taken in; the connection goes on.
    Rejected {
        reason: String,
    },
}

/// Someone else on the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Peer {
    pub client: u64,
    pub state: serde_json::Value,
}

enum Command {
    Send(Vec<u8>),
    Presence(serde_json::Value),
    Close,
}

/// An open connection; closing it (or dropping it) tells the others this participant left.
#[derive(Debug)]
pub struct Connection {
    commands: Sender<Command>,
    thread: Option<JoinHandle<()>>,
}

impl Connection {
    /// Starts connecting. `client` is the replica's Yjs client id, which presence is keyed by.
    pub fn open(link: Link, client: u64, host: impl Host) -> Connection {
        let (commands, received) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("throughline-sync".into())
            .spawn(move || Worker::new(link, client, host, received).run())
            .expect("a thread for the sync connection");
        Connection { commands, thread: Some(thread) }
    }

    /// Sends a local edit's update (made by the replica the host holds).
    pub fn send(&self, update: Vec<u8>) {
        let _ = self.commands.send(Command::Send(update));
    }

    /// What this participant shares with the others.
    pub fn set_presence(&self, state: serde_json::Value) {
        let _ = self.commands.send(Command::Presence(state));
    }

    /// Closes the connection and waits until the others have been told.
    pub fn close(mut self) {
        let _ = self.commands.send(Command::Close);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Dropped, a connection closes without waiting: its thread may be waiting on the very lock
/// the one dropping it holds.
impl Drop for Connection {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Close);
    }
}

/// Presence not renewed for this long is dropped (as y-protocols does).
const PRESENCE_TIMEOUT: Duration = Duration::from_secs(30);
const PRESENCE_RENEW: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(20);

/// What an acknowledgement from the server is for, in the order sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    /// What the server lacked when the connection was made: every edit made offline.
    Catchup,
    Edit,
}

struct Worker<H> {
    link: Link,
    client: u64,
    host: H,
    commands: Receiver<Command>,
    /// Edits made while no server could hear them.
    offline_edits: usize,
    sent: VecDeque<Sent>,
    presence: Option<serde_json::Value>,
    presence_clock: u32,
    peers: HashMap<u64, (u32, serde_json::Value, Instant)>,
    read_only: bool,
    /// Updates read and not yet handed to the host.
    incoming: Vec<Vec<u8>>,
}

enum End {
    Closed,
    Lost(String),
    Refused(String),
}

impl<H: Host> Worker<H> {
    fn new(link: Link, client: u64, host: H, commands: Receiver<Command>) -> Self {
        Worker {
            link,
            client,
            host,
            commands,
            offline_edits: 0,
            sent: VecDeque::new(),
            presence: None,
            presence_clock: 0,
            peers: HashMap::new(),
            read_only: false,
            incoming: Vec::new(),
        }
    }

    fn waiting(&self) -> usize {
        self.offline_edits + self.sent.iter().filter(|s| **s == Sent::Edit).count()
    }

    fn run(mut self) {
        let mut pause = Duration::from_millis(250);
        loop {
            self.host.status(&Status::Connecting { waiting: self.waiting() });
            let end = match self.connect() {
                Ok(socket) => {
                    pause = Duration::from_millis(250);
                    self.session(socket)
                }
                Err(reason) => End::Lost(reason),
            };
            // Whatever was sent and not acknowledged goes again with the next exchange.
            self.offline_edits += self.sent.drain(..).filter(|s| *s == Sent::Edit).count();
            self.set_peers(HashMap::new());
            match end {
                End::Closed => return,
                End::Refused(reason) => {
                    self.host.status(&Status::Refused { reason });
                    // Wait to be closed; edits are still kept by the host.
                    while let Ok(command) = self.commands.recv() {
                        if matches!(command, Command::Close) {
                            return;
                        }
                    }
                    return;
                }
                End::Lost(reason) => {
                    self.host.status(&Status::Offline { waiting: self.waiting(), reason });
                    if self.wait(pause) {
                        return;
                    }
                    pause = (pause * 2).min(Duration::from_secs(4));
                }
            }
        }
    }

    /// Waits before trying again, counting edits made meanwhile; `true` when closed.
    fn wait(&mut self, pause: Duration) -> bool {
        let until = Instant::now() + pause;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.commands.recv_timeout(left) {
                Ok(Command::Send(_)) => {
                    self.offline_edits += 1;
                    let (waiting, reason) = (self.waiting(), "no server to send to".to_owned());
                    self.host.status(&Status::Offline { waiting, reason });
                }
                Ok(Command::Presence(state)) => self.presence = Some(state),
                Ok(Command::Close) | Err(RecvTimeoutError::Disconnected) => return true,
                Err(RecvTimeoutError::Timeout) => return false,
            }
        }
    }

    fn connect(&self) -> Result<WebSocket<TcpStream>, String> {
        let unreachable = |e: &dyn std::fmt::Display| {
            format!("the server at {}:{} cannot be reached ({e})", self.link.host, self.link.port)
        };
        let address = (self.link.host.as_str(), self.link.port)
            .to_socket_addrs()
            .map_err(|e| unreachable(&e))?
            .next()
            .ok_or_else(|| unreachable(&"no address"))?;
        let stream = TcpStream::connect_timeout(&address, Duration::from_secs(3))
            .map_err(|e| unreachable(&e))?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).map_err(|e| unreachable(&e))?;
        let (socket, _) = tungstenite::client(self.link.websocket(), stream).map_err(|e| {
            format!("{}:{} is not a sync server ({e})", self.link.host, self.link.port)
        })?;
        socket.get_ref().set_read_timeout(Some(POLL)).map_err(|e| unreachable(&e))?;
        Ok(socket)
    }

    fn session(&mut self, mut socket: WebSocket<TcpStream>) -> End {
        let map = self.link.map.clone();
        let token = self.link.token.clone().unwrap_or_default();
        let greeting = [
            protocol::auth(&map, &token),
            protocol::sync_step_1(&map, &self.host.state_vector()),
            protocol::query_awareness(&map),
        ];
        for message in greeting {
            if let Err(e) = socket.send(Message::binary(message)) {
                return End::Lost(e.to_string());
            }
        }
        if self.presence.is_some() {
            self.presence_clock += 1;
            if let Err(e) = socket.send(Message::binary(self.presence_message())) {
                return End::Lost(e.to_string());
            }
        }
        let mut renewed = Instant::now();
        loop {
            loop {
                match self.commands.try_recv() {
                    Ok(Command::Send(update)) => {
                        if self.read_only {
                            self.host.status(&Status::Rejected {
                                reason: "this link only reads the map: the edit stays here".into(),
                            });
                            continue;
                        }
                        if let Err(e) =
                            socket.send(Message::binary(protocol::update(&map, &update)))
                        {
                            self.offline_edits += 1;
                            return End::Lost(e.to_string());
                        }
                        self.sent.push_back(Sent::Edit);
                        self.report_connected();
                    }
                    Ok(Command::Presence(state)) => {
                        self.presence = Some(state);
                        self.presence_clock += 1;
                        if let Err(e) = socket.send(Message::binary(self.presence_message())) {
                            return End::Lost(e.to_string());
                        }
                    }
                    Ok(Command::Close) | Err(mpsc::TryRecvError::Disconnected) => {
                        self.presence = None;
                        self.presence_clock += 1;
                        let _ = socket.send(Message::binary(self.presence_message()));
                        let _ = socket.close(None);
                        let _ = socket.flush();
                        return End::Closed;
                    }
                    Err(mpsc::TryRecvError::Empty) => break,
                }
            }
            if renewed.elapsed() > PRESENCE_RENEW && self.presence.is_some() {
                renewed = Instant::now();
                if let Err(e) = socket.send(Message::binary(self.presence_message())) {
                    return End::Lost(e.to_string());
                }
                self.expire_peers();
            }
            match socket.read() {
                Ok(Message::Binary(bytes)) => {
                    // What else has arrived already is taken in with it, as one update: under
                    // a burst of edits the map is worked out once, not once per edit.
                    let mut arrived = vec![bytes.to_vec()];
                    if let Err(end) = drain(&mut socket, &mut arrived) {
                        return end;
                    }
                    for bytes in arrived {
                        if let Some(end) = self.handle(&mut socket, &bytes) {
                            return end;
                        }
                    }
                    self.deliver();
                }
                Ok(Message::Close(_)) => {
                    return End::Lost("the server closed the connection".into());
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(e) => return End::Lost(e.to_string()),
            }
        }
    }

    fn handle(&mut self, socket: &mut WebSocket<TcpStream>, bytes: &[u8]) -> Option<End> {
        let (map, incoming) = match protocol::read(bytes) {
            Ok(read) => read,
            Err(e) => return Some(End::Refused(e.to_string())),
        };
        if map != self.link.map {
            self.host.status(&Status::Rejected {
                reason: "the server sent an update for another map: it was not taken in".into(),
            });
            return None;
        }
        match incoming {
            Incoming::Authenticated { read_only } => {
                self.read_only = read_only;
                self.report_connected();
            }
            Incoming::Denied { reason } => {
                return Some(End::Refused(format!(
                    "the server did not let this link in: {reason}"
                )));
            }
            Incoming::SyncStep1 { state_vector } => {
                if !self.read_only {
                    let missing = self.host.missing_from(&state_vector);
                    let message = protocol::sync_step_2(&map, &missing);
                    if let Err(e) = socket.send(Message::binary(message)) {
                        return Some(End::Lost(e.to_string()));
                    }
                    self.sent.push_back(Sent::Catchup);
                }
            }
            Incoming::SyncStep2 { update } | Incoming::Update { update } => {
                self.incoming.push(update);
            }
            Incoming::SyncStatus { saved } => {
                if self.sent.pop_front() == Some(Sent::Catchup) && saved {
                    self.offline_edits = 0;
                }
                if !saved {
                    self.read_only = true;
                    self.host.status(&Status::Rejected {
                        reason: "the server refused the edit: this link only reads the map".into(),
                    });
                }
                self.report_connected();
            }
            Incoming::Awareness { update } => match protocol::decode_presence(&update) {
                Ok(entries) => self.take_presence(entries),
                Err(e) => self.host.status(&Status::Rejected { reason: e.to_string() }),
            },
            Incoming::Other => {}
        }
        None
    }

    /// Hands what arrived to the host, joined into one update (or one by one, should they
    /// not join: then each is refused or taken on its own).
    fn deliver(&mut self) {
        let updates = std::mem::take(&mut self.incoming);
        let joined = match updates.len() {
            0 => return,
            1 => None,
            _ => yrs::merge_updates_v1(&updates).ok(),
        };
        let batches = match &joined {
            Some(one) => vec![one.as_slice()],
            None => updates.iter().map(Vec::as_slice).collect(),
        };
        for update in batches {
            if let Err(reason) = self.host.receive(update) {
                self.host.status(&Status::Rejected {
                    reason: format!("an update from the server was not taken in: {reason}"),
                });
            }
        }
    }

    fn report_connected(&mut self) {
        let status = Status::Connected { read_only: self.read_only, waiting: self.waiting() };
        self.host.status(&status);
    }

    fn presence_message(&self) -> Vec<u8> {
        let entry = PresenceEntry {
            client: self.client,
            clock: self.presence_clock,
            state: self.presence.clone(),
        };
        protocol::awareness(&self.link.map, &protocol::encode_presence(&[entry]))
    }

    fn take_presence(&mut self, entries: Vec<PresenceEntry>) {
        let mut peers = self.peers.clone();
        for entry in entries {
            if entry.client == self.client {
                continue;
            }
            let newer = peers.get(&entry.client).is_none_or(|(clock, _, _)| entry.clock >= *clock);
            if !newer {
                continue;
            }
            match entry.state {
                Some(state) => {
                    peers.insert(entry.client, (entry.clock, state, Instant::now()));
                }
                None => {
                    peers.remove(&entry.client);
                }
            }
        }
        self.set_peers(peers);
    }

    fn expire_peers(&mut self) {
        let mut peers = self.peers.clone();
        peers.retain(|_, (_, _, seen)| seen.elapsed() < PRESENCE_TIMEOUT);
        if peers.len() != self.peers.len() {
            self.set_peers(peers);
        }
    }

    fn set_peers(&mut self, peers: HashMap<u64, (u32, serde_json::Value, Instant)>) {
        let changed = peers.len() != self.peers.len()
            || peers.iter().any(|(c, (_, s, _))| self.peers.get(c).is_none_or(|(_, t, _)| t != s));
        self.peers = peers;
        if changed {
            let mut list: Vec<Peer> = self
                .peers
                .iter()
                .map(|(client, (_, state, _))| Peer { client: *client, state: state.clone() })
                .collect();
            list.sort_by_key(|p| p.client);
            self.host.presence(&list);
        }
    }
}

/// Reads the messages that have arrived already, without waiting for more (at most a few
/// hundred, so that a flood cannot hold the connection's other work).
fn drain(socket: &mut WebSocket<TcpStream>, arrived: &mut Vec<Vec<u8>>) -> Result<(), End> {
    let lost = |e: &dyn std::fmt::Display| End::Lost(e.to_string());
    socket.get_ref().set_nonblocking(true).map_err(|e| lost(&e))?;
    let result = loop {
        if arrived.len() >= 512 {
            break Ok(());
        }
        match socket.read() {
            Ok(Message::Binary(bytes)) => arrived.push(bytes.to_vec()),
            Ok(Message::Close(_)) => {
                break Err(End::Lost("the server closed the connection".into()));
            }
            Ok(_) => {}
            Err(tungstenite::Error::Io(e)) if e.kind() == ErrorKind::WouldBlock => break Ok(()),
            Err(e) => break Err(lost(&e)),
        }
    };
    socket.get_ref().set_nonblocking(false).map_err(|e| lost(&e))?;
    result
}
