//! Where the shared test fixtures are: the sample maps, the store's schema fixtures and the
//! UI's small journey. Paths are found when the tests run, not when they were compiled: the
//! shared build cache may hold test binaries compiled in another checkout.

use std::path::{Path, PathBuf};

/// The workspace's root folder: the nearest folder above the running crate that holds the
/// lock file.
pub fn workspace_root() -> PathBuf {
    let crate_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    crate_dir
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or(&crate_dir)
        .to_path_buf()
}

/// A file under the workspace root, by its relative path.
pub fn in_workspace(relative: impl AsRef<Path>) -> PathBuf {
    workspace_root().join(relative)
}

/// A bundled sample map (`assets/samples/NAME`, `.json` added when missing).
pub fn sample_path(name: &str) -> PathBuf {
    in_workspace("assets/samples").join(name).with_extension("json")
}

/// A bundled sample map's JSON text.
pub fn sample_text(name: &str) -> String {
    let path = sample_path(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shared fixtures folder, `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    in_workspace("tests/fixtures")
}

/// The sync server (`server/`), started by a test on a loopback port and stopped when dropped.
/// Its npm packages are installed by `scripts/test` (`npm ci` in `server/`).
#[derive(Debug)]
pub struct SyncServer {
    child: std::process::Child,
    pub port: u16,
    pub data: PathBuf,
    redis: Option<u16>,
}

impl SyncServer {
    /// Starts a server on a free port, keeping its maps in `data`.
    pub fn start(data: &Path) -> SyncServer {
        SyncServer::start_on(free_port(), data, None)
    }

    /// Starts a server on `port` (to restart one where its links point), sharing its maps
    /// through the Redis server on `redis` when given.
    pub fn start_on(port: u16, data: &Path, redis: Option<u16>) -> SyncServer {
        use std::io::BufRead;
        let script = in_workspace("server/index.mjs");
        assert!(
            in_workspace("server/node_modules/@hocuspocus/server").is_dir(),
            "the sync server's packages are not installed: run `npm ci` in server/ (scripts/test does)"
        );
        let mut command = std::process::Command::new("node");
        command
            .arg(&script)
            .env("THROUGHLINE_SYNC_PORT", port.to_string())
            .env("THROUGHLINE_SYNC_DATA", data)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit());
        if let Some(redis) = redis {
            command.env("THROUGHLINE_SYNC_REDIS", format!("redis://127.0.0.1:{redis}"));
        }
        let mut child = command.spawn().expect("node runs the sync server");
        let stdout = child.stdout.take().expect("the server's output");
        let mut lines = std::io::BufReader::new(stdout).lines();
        loop {
            match lines.next() {
                Some(Ok(line)) if line.starts_with("throughline sync server on") => break,
                Some(Ok(_)) => {}
                _ => panic!("the sync server did not start on port {port}"),
            }
        }
        // Keep reading its log, so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        SyncServer { child, port, data: data.to_path_buf(), redis }
    }

    /// Stops the server at once, as a crash would (SIGKILL).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts it again on the same port, with the same maps.
    pub fn restart(&mut self) {
        self.kill();
        *self = SyncServer::start_on(self.port, &self.data.clone(), self.redis);
    }
}

impl Drop for SyncServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A loopback port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A Redis server of its own for a test (Debian's `redis-server`), stopped when dropped.
#[derive(Debug)]
pub struct RedisServer {
    child: std::process::Child,
    pub port: u16,
}

impl RedisServer {
    pub fn start() -> RedisServer {
        let port = free_port();
        let mut child = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server runs (scripts/test installs Debian's redis-server)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return RedisServer { child, port };
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("redis-server did not start on port {port}");
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
