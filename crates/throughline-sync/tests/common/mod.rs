//! Headless participants in a shared map: a .throughline file each, connected as the app
//! connects. Shared by the server tests and the sharing benchmark.
#![allow(dead_code)]

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use throughline_core::{Edit, Map};
use throughline_replica::Replica;
use throughline_store::Document;
use throughline_sync::{Connection, Host, Link, Peer, Status};
use throughline_tests::SyncServer;

/// What a benchmark runs after each update is taken in.
pub type OnReceive = Box<dyn FnMut(&Document) + Send>;

pub struct State {
    pub doc: Document,
    pub statuses: Vec<Status>,
    pub peers: Vec<Peer>,
    /// Called after each update taken in (a benchmark times it).
    pub on_receive: Option<OnReceive>,
}

#[derive(Clone)]
pub struct Headless(pub Arc<Mutex<State>>);

impl Host for Headless {
    fn state_vector(&mut self) -> Vec<u8> {
        self.0.lock().unwrap().doc.shared_state_vector()
    }
    fn missing_from(&mut self, state_vector: &[u8]) -> Vec<u8> {
        self.0.lock().unwrap().doc.shared_missing_from(state_vector)
    }
    fn receive(&mut self, update: &[u8]) -> Result<(), String> {
        let mut state = self.0.lock().unwrap();
        state.doc.receive(update).map_err(|e| e.to_string())?;
        let State { doc, on_receive, .. } = &mut *state;
        if let Some(f) = on_receive {
            f(doc);
        }
        Ok(())
    }
    fn status(&mut self, status: &Status) {
        self.0.lock().unwrap().statuses.push(status.clone());
    }
    fn presence(&mut self, peers: &[Peer]) {
        self.0.lock().unwrap().peers = peers.to_vec();
    }
}

pub struct Participant {
    pub host: Headless,
    pub connection: Option<Connection>,
    pub link: Link,
}

impl Participant {
    pub fn open(doc: Document, link: Link) -> Participant {
        let client = doc.shared_client_id().unwrap();
        let host = Headless(Arc::new(Mutex::new(State {
            doc,
            statuses: vec![],
            peers: vec![],
            on_receive: None,
        })));
        let connection = Connection::open(link.clone(), client, host.clone());
        Participant { host, connection: Some(connection), link }
    }

    /// Shares a map made from `map`, as Share… does.
    pub fn share(
        dir: &Path,
        who: &str,
        map: &Map,
        server: &SyncServer,
    ) -> (Participant, throughline_sync::Published) {
        let mut doc = Document::create(dir.join(format!("{who}.throughline")), map).unwrap();
        doc.set_author(Some(who));
        let published = Link::publish("127.0.0.1", server.port, &format!("team-map-{who}"));
        (Participant::open(doc, published.publish.clone()), published)
    }

    /// Joins a shared map into a new file, as Join… does.
    pub fn join(dir: &Path, who: &str, link: &Link) -> Participant {
        let doc = Document::create_shared(
            dir.join(format!("{who}.throughline")),
            Replica::new(Some(who)),
        )
        .unwrap();
        Participant::open(doc, link.clone())
    }

    pub fn edit(&self, edit: Edit) {
        let (_, update) = self.host.0.lock().unwrap().doc.apply_sending(edit).unwrap();
        if let (Some(update), Some(connection)) = (update, &self.connection) {
            connection.send(update);
        }
    }

    pub fn map(&self) -> Map {
        self.host.0.lock().unwrap().doc.map().clone()
    }

    pub fn status(&self) -> Option<Status> {
        self.host.0.lock().unwrap().statuses.last().cloned()
    }

    pub fn disconnect(&mut self) {
        if let Some(c) = self.connection.take() {
            c.close();
        }
    }

    pub fn reconnect(&mut self) {
        let client = self.host.0.lock().unwrap().doc.shared_client_id().unwrap();
        self.connection = Some(Connection::open(self.link.clone(), client, self.host.clone()));
    }
}

pub fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

pub fn synced(p: &Participant) -> bool {
    matches!(p.status(), Some(Status::Connected { waiting: 0, .. }))
}

pub fn rename(id: &str, name: &str) -> Edit {
    Edit::RenameStage { id: id.into(), name: name.into() }
}
