//! Co-editing on the real sync server (`server/`, Hocuspocus), started by each test on a free
//! loopback port: participants are headless replicas (a .throughline file each) connected as
//! the app connects.

mod common;

use std::time::{Duration, Instant};

use common::{Participant, rename, synced, wait_for};
use throughline_core::Edit;
use throughline_core::arbitrary::base_map;
use throughline_core::model::{Stage, StageKind};
use throughline_store::Document;
use throughline_sync::{Link, Status};
use throughline_tests::SyncServer;

#[test]
fn two_people_edit_one_map_at_once_and_each_sees_the_others_edit() {
    let dir = tempfile::tempdir().unwrap();
    let server = SyncServer::start(&dir.path().join("server"));
    let (ana, links) = Participant::share(dir.path(), "ana", &base_map(), &server);
    wait_for("the map to be shared", || synced(&ana));
    let ben = Participant::join(dir.path(), "ben", &links.editor);
    wait_for("Ben to get the map", || ben.map() == ana.map());
    ana.edit(rename("s1", "Marketing qualified"));
    ben.edit(Edit::AddStage {
        stage: Stage::new("s9", "Demo", "sales", StageKind::Stage),
        index: None,
    });
    wait_for("both edits on both sides", || {
        let (a, b) = (ana.map(), ben.map());
        a == b && a.stage("s9").is_some() && a.stage("s1").unwrap().name == "Marketing qualified"
    });
    // What Ben received is in his file.
    let path = ben.host.0.lock().unwrap().doc.path().to_path_buf();
    drop(ben);
    assert_eq!(Document::read(&path).unwrap(), ana.map());
}

#[test]
fn edits_made_while_the_server_is_down_arrive_when_it_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = SyncServer::start(&dir.path().join("server"));
    let (ana, links) = Participant::share(dir.path(), "ana", &base_map(), &server);
    wait_for("the map to be shared", || synced(&ana));
    let ben = Participant::join(dir.path(), "ben", &links.editor);
    wait_for("Ben to get the map", || ben.map() == ana.map());
    // Give the server time to keep the map, then stop it as a crash would.
    std::thread::sleep(Duration::from_millis(2500));
    server.kill();
    for i in 0..10 {
        ana.edit(rename("s1", &format!("Ana {i}")));
        ben.edit(rename("s2", &format!("Ben {i}")));
    }
    wait_for("Ana to count her edits waiting", || {
        matches!(ana.status(), Some(Status::Offline { waiting: 10, .. }))
    });
    server.restart();
    wait_for("both to converge", || {
        let (a, b) = (ana.map(), ben.map());
        a == b && a.stage("s1").unwrap().name == "Ana 9" && a.stage("s2").unwrap().name == "Ben 9"
    });
    wait_for("nothing left waiting", || synced(&ana) && synced(&ben));
}

#[test]
fn a_participant_that_was_away_gets_what_it_missed_and_sends_what_it_made() {
    let dir = tempfile::tempdir().unwrap();
    let server = SyncServer::start(&dir.path().join("server"));
    let (ana, links) = Participant::share(dir.path(), "ana", &base_map(), &server);
    wait_for("the map to be shared", || synced(&ana));
    let mut ben = Participant::join(dir.path(), "ben", &links.editor);
    wait_for("Ben to get the map", || ben.map() == ana.map());
    ben.disconnect();
    ana.edit(rename("s1", "While Ben was away"));
    ben.edit(rename("s2", "Made offline"));
    ben.reconnect();
    wait_for("both to converge", || {
        let (a, b) = (ana.map(), ben.map());
        a == b
            && a.stage("s1").unwrap().name == "While Ben was away"
            && a.stage("s2").unwrap().name == "Made offline"
    });
}

#[test]
fn a_viewer_reads_and_cannot_write_and_a_wrong_token_gets_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = SyncServer::start(&dir.path().join("server"));
    let (ana, links) = Participant::share(dir.path(), "ana", &base_map(), &server);
    wait_for("the map to be shared", || synced(&ana));
    let viewer = Participant::join(dir.path(), "vic", &links.viewer);
    wait_for("the viewer to read the map", || viewer.map() == ana.map());
    wait_for("the viewer to be told it only reads", || {
        matches!(viewer.status(), Some(Status::Connected { read_only: true, .. }))
    });
    viewer.edit(rename("s1", "Written by a viewer"));
    ana.edit(rename("s2", "Written by Ana"));
    wait_for("the viewer to see Ana's edit", || {
        viewer.map().stage("s2").unwrap().name == "Written by Ana"
    });
    std::thread::sleep(Duration::from_millis(300));
    assert_ne!(ana.map().stage("s1").unwrap().name, "Written by a viewer");

    let mut wrong = links.editor.clone();
    wrong.token = Some("editor.not-the-secret".into());
    let stranger = Participant::join(dir.path(), "eve", &wrong);
    wait_for("the stranger to be refused", || {
        matches!(stranger.status(), Some(Status::Refused { .. }))
    });
    let Some(Status::Refused { reason }) = stranger.status() else { unreachable!() };
    assert!(reason.contains("did not let this link in"), "{reason}");
    assert!(!reason.contains("not-the-secret"), "a token is never in a message: {reason}");
    assert!(stranger.map().stages.is_empty(), "nothing of the map reached the stranger");
}

#[test]
fn a_server_that_speaks_another_protocol_is_refused_and_the_file_still_edits() {
    let dir = tempfile::tempdir().unwrap();
    // An HTTP server that is not a WebSocket server.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            use std::io::Write;
            let mut stream = stream;
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nhi");
        }
    });
    let link =
        Link::parse(&format!("throughline://127.0.0.1:{port}/team-map?token=editor.x")).unwrap();
    let p = Participant::join(dir.path(), "ana", &link);
    wait_for("the connection to give up on it", || {
        matches!(p.status(), Some(Status::Offline { .. } | Status::Refused { .. }))
    });
    let said = format!("{:?}", p.status().unwrap());
    assert!(said.contains("is not a sync server"), "{said}");
    p.edit(Edit::RenameMap { name: "Still mine".into() });
    assert_eq!(p.map().name, "Still mine");
}

#[test]
fn who_is_there_is_shared_and_leaving_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let server = SyncServer::start(&dir.path().join("server"));
    let (ana, links) = Participant::share(dir.path(), "ana", &base_map(), &server);
    // The map must be shared before anyone can join it.
    wait_for("the map to be shared", || synced(&ana));
    let ben = Participant::join(dir.path(), "ben", &links.editor);
    let presence = |name: &str| serde_json::json!({"user": {"name": name, "color": "#d62728"}, "selection": ["s1"]});
    ana.connection.as_ref().unwrap().set_presence(presence("Ana"));
    ben.connection.as_ref().unwrap().set_presence(presence("Ben"));
    wait_for("Ana to see Ben", || {
        ana.host.0.lock().unwrap().peers.iter().any(|p| p.state["user"]["name"] == "Ben")
    });
    wait_for("Ben to see Ana", || {
        ben.host.0.lock().unwrap().peers.iter().any(|p| p.state["selection"][0] == "s1")
    });
    drop(ben);
    wait_for("Ana to see Ben leave", || ana.host.0.lock().unwrap().peers.is_empty());
}

#[test]
fn people_on_two_server_instances_sharing_redis_converge() {
    let dir = tempfile::tempdir().unwrap();
    let redis = throughline_tests::RedisServer::start();
    let data = dir.path().join("server");
    let one = SyncServer::start_on(throughline_tests::free_port(), &data, Some(redis.port));
    let two = SyncServer::start_on(throughline_tests::free_port(), &data, Some(redis.port));
    let (ana, links) = Participant::share(dir.path(), "ana", &base_map(), &one);
    wait_for("the map to be shared", || synced(&ana));
    let mut on_two = links.editor.clone();
    on_two.port = two.port;
    let ben = Participant::join(dir.path(), "ben", &on_two);
    wait_for("Ben, on the other instance, to get the map", || ben.map() == ana.map());
    ana.edit(rename("s1", "From instance one"));
    ben.edit(rename("s2", "From instance two"));
    wait_for("both to converge across instances", || {
        let (a, b) = (ana.map(), ben.map());
        a == b
            && a.stage("s1").unwrap().name == "From instance one"
            && a.stage("s2").unwrap().name == "From instance two"
    });
}

/// The independent client (`server/tests/client.mjs`, written from docs/sharing.md with the
/// stock Yjs client), driven line by line.
struct NodeClient {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    events: std::sync::mpsc::Receiver<serde_json::Value>,
}

impl NodeClient {
    fn start(link: &Link, name: &str) -> NodeClient {
        use std::io::BufRead;
        let script = throughline_tests::in_workspace("server/tests/client.mjs");
        let mut child = std::process::Command::new("node")
            .arg(script)
            .args([&link.websocket(), &link.map, link.token.as_deref().unwrap_or(""), name])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("node runs the independent client");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, events) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(event) = serde_json::from_str(&line) {
                    let _ = send.send(event);
                }
            }
        });
        NodeClient { child, stdin, events }
    }

    fn send(&mut self, command: &serde_json::Value) {
        use std::io::Write;
        writeln!(self.stdin, "{command}").unwrap();
    }

    fn expect(
        &mut self,
        what: &str,
        wanted: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let event = self
                .events
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"));
            if wanted(&event) {
                return event;
            }
        }
    }

    fn dump(&mut self) -> serde_json::Value {
        self.send(&serde_json::json!({"do": "dump"}));
        self.expect("a dump", |e| e["event"] == "dump")
    }
}

impl Drop for NodeClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_client_written_from_the_docs_adds_a_stage_and_renames_another_and_the_app_shows_both() {
    let dir = tempfile::tempdir().unwrap();
    let server = SyncServer::start(&dir.path().join("server"));
    let (ana, links) = Participant::share(dir.path(), "ana", &base_map(), &server);
    wait_for("the map to be shared", || synced(&ana));
    let mut script = NodeClient::start(&links.editor, "CRM sync");
    script.expect("the script to sync", |e| e["event"] == "synced");
    assert_eq!(script.dump()["stages"]["s1"], "Marketing qualified lead");
    script.send(&serde_json::json!({"do": "addStage", "id": "s-demo", "name": "Product demo", "team": "sales"}));
    script.send(&serde_json::json!({"do": "rename", "id": "s2", "name": "Sales accepted"}));
    wait_for("Ana to see both", || {
        let map = ana.map();
        map.stage("s-demo").is_some_and(|s| s.name == "Product demo" && s.team == "sales")
            && map.stage("s2").unwrap().name == "Sales accepted"
    });
    // Its findings are the map's own: the new stage has no owner and leads nowhere.
    let analysis = throughline_core::analyze(&ana.map());
    let about_demo: Vec<&str> = analysis
        .findings
        .iter()
        .filter(|f| f.subjects.iter().any(|s| s == "s-demo"))
        .map(|f| f.rule.id())
        .collect();
    assert!(about_demo.contains(&"stage-without-owner"), "{about_demo:?}");
    assert!(ana.host.0.lock().unwrap().doc.conflicts().is_empty());
    // And the script sees Ana's edits.
    ana.edit(rename("s1", "MQL"));
    wait_for("the script to see Ana's rename", || script.dump()["stages"]["s1"] == "MQL");

    // A viewer's script reads and cannot write.
    let mut viewer = NodeClient::start(&links.viewer, "Viewer");
    viewer.expect("the viewer to sync", |e| e["event"] == "synced");
    assert_eq!(viewer.dump()["stages"]["s1"], "MQL");
    viewer.send(&serde_json::json!({"do": "rename", "id": "s3", "name": "Written by a viewer"}));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(ana.map().stage("s3").unwrap().name, "Revenue recognised");

    // A wrong token gets nothing.
    let mut wrong = links.editor.clone();
    wrong.token = Some("editor.wrong".into());
    let mut stranger = NodeClient::start(&wrong, "Stranger");
    let denied = stranger.expect("the stranger to be refused", |e| e["event"] == "denied");
    assert!(denied["reason"].as_str().unwrap().contains("does not open the map"), "{denied}");
}

/// A server that lets the client in, then sends what a broken or hostile peer might.
fn hostile_server(messages: Vec<Vec<u8>>) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut socket = tungstenite::accept(stream).unwrap();
        let authenticated = {
            use yrs::encoding::write::Write;
            let mut m = Vec::new();
            m.write_string("team-map");
            m.write_var(2u32); // auth
            m.write_var(2u32); // authenticated
            m.write_string("read-write");
            m
        };
        socket.send(tungstenite::Message::binary(authenticated)).unwrap();
        for message in messages {
            socket.send(tungstenite::Message::binary(message)).unwrap();
            std::thread::sleep(Duration::from_millis(50));
        }
        // Keep the connection open while the test looks.
        while socket.read().is_ok() {}
    });
    port
}

#[test]
fn what_a_peer_sends_that_is_not_for_this_map_or_not_an_update_is_refused_and_nothing_is_lost() {
    use throughline_sync::protocol;
    let dir = tempfile::tempdir().unwrap();
    // A real edit from a real replica of the same map, which must still be taken in after.
    let origin = Document::create(dir.path().join("origin.throughline"), &base_map()).unwrap();
    let mut other =
        throughline_replica::Replica::load(&origin.shared_state().unwrap(), Some("Eve")).unwrap();
    let mut map = other.project().map;
    let applied = throughline_core::apply(&mut map, rename("s1", "Renamed by a peer")).unwrap();
    let good = other.record(&map, &applied.changes).unwrap();
    let port = hostile_server(vec![
        protocol::update("another-map", &good),
        protocol::update("team-map", b"\x01\xff\xff\xff\xff\x0f garbage"),
        protocol::update("team-map", &good),
    ]);
    let path = origin.path().to_path_buf();
    drop(origin);
    let doc = Document::open(&path).unwrap();
    let link =
        Link::parse(&format!("throughline://127.0.0.1:{port}/team-map?token=editor.x")).unwrap();
    let ana = Participant::open(doc, link);
    wait_for("the peer's good edit", || ana.map().stage("s1").unwrap().name == "Renamed by a peer");
    let said: Vec<String> = ana
        .host
        .0
        .lock()
        .unwrap()
        .statuses
        .iter()
        .filter_map(|s| match s {
            Status::Rejected { reason } => Some(reason.clone()),
            _ => None,
        })
        .collect();
    assert!(said.iter().any(|r| r.contains("for another map")), "{said:?}");
    assert!(said.iter().any(|r| r.contains("was not taken in")), "{said:?}");
    // The file still edits and reads back.
    ana.edit(rename("s2", "Still editable"));
    drop(ana);
    let read = Document::read(&path).unwrap();
    assert_eq!(read.stage("s2").unwrap().name, "Still editable");
    assert_eq!(read.stage("s1").unwrap().name, "Renamed by a peer");
}
