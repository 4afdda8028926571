//! Test support: a throwaway `redis-server` on `127.0.0.1`, on a free port,
//! started by a test and killed when it is dropped.
//!
//! Std only (`std::process::Command` and a raw TCP `PING`), so that the
//! crates whose tests use it do not wait for it to build. Not published.
//!
//! ```no_run
//! use graph_comms_test_redis::RedisServer;
//!
//! // None (after a LOUD message on stderr) when redis-server is not
//! // installed; under CI=true a missing redis-server panics instead.
//! let Some(mut server) = RedisServer::start() else { return };
//! let url = server.url(); // "redis://127.0.0.1:PORT/"
//! // ... connect a client to `url` ...
//! server.stop(); // killed: requests now fail
//! server.restart(); // same port, same settings
//! assert!(server.ping());
//! # let _ = url;
//! ```
//!
//! Each server has its own temporary directory as `--dir`, removed on drop.
//! By default nothing is persisted (`--save "" --appendonly no`), so a
//! [`stop`](RedisServer::stop) loses the data;
//! [`stop_keeping_data`](RedisServer::stop_keeping_data) shuts down with
//! `SHUTDOWN SAVE` so that [`restart`](RedisServer::restart) loads it again.

use std::fmt;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What a test run without `redis-server` prints (and panics with under
/// `CI=true`).
pub const SKIPPED_MESSAGE: &str = "SKIPPED: redis-server not found; install it (apt-get install redis-server) — these tests did not run";

/// How long a start or restart waits for the server to answer `PING`.
const DEFAULT_STARTUP_TIMEOUT: Duration = Duration::from_secs(10);

/// How many free ports a start tries when another process takes the port
/// between the probe and redis-server's bind.
const PORT_ATTEMPTS: usize = 5;

/// A `redis-server` child process on `127.0.0.1`; killed (and its temporary
/// directory removed) on drop.
pub struct RedisServer {
    binary: PathBuf,
    settings: RedisServerBuilder,
    debug_command_flag: bool,
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

/// Settings for [`RedisServer`]: from [`RedisServer::builder`].
#[derive(Clone, Debug)]
pub struct RedisServerBuilder {
    persistence: bool,
    startup_timeout: Duration,
}

impl Default for RedisServerBuilder {
    fn default() -> Self {
        RedisServerBuilder {
            persistence: false,
            startup_timeout: DEFAULT_STARTUP_TIMEOUT,
        }
    }
}

impl RedisServerBuilder {
    /// With `true`, the server persists like a default production install
    /// (`save 3600 1`, `appendonly yes`), to test that a client warns about
    /// it. Default `false` (`save ""`, `appendonly no`).
    pub fn persistence(mut self, on: bool) -> Self {
        self.persistence = on;
        self
    }

    /// How long [`start`](Self::start) and [`RedisServer::restart`] wait for
    /// the server to answer `PING` before they panic. Default 10 s.
    pub fn startup_timeout(mut self, timeout: Duration) -> Self {
        self.startup_timeout = timeout;
        self
    }

    /// Starts the server and waits until it answers `PING`.
    ///
    /// Returns `None` after printing [`SKIPPED_MESSAGE`] on stderr when no
    /// `redis-server` is on `PATH`.
    ///
    /// # Panics
    ///
    /// Under `CI=true` when no `redis-server` is on `PATH` (so that CI fails
    /// instead of skipping); when the server does not start or answer within
    /// the startup timeout (the message has the end of its log).
    pub fn start(self) -> Option<RedisServer> {
        let Some(binary) = find_on_path("redis-server") else {
            if running_in_ci() {
                panic!("{SKIPPED_MESSAGE} (CI=true: a missing redis-server fails the run)");
            }
            eprintln!(
                "\n{}\n{SKIPPED_MESSAGE}\n{}\n",
                "!".repeat(78),
                "!".repeat(78)
            );
            return None;
        };
        let dir = temp_dir();
        if let Err(error) = std::fs::create_dir_all(&dir) {
            panic!(
                "cannot create the redis-server directory {}: {error}",
                dir.display()
            );
        }
        let mut server = RedisServer {
            debug_command_flag: supports_debug_command_flag(&binary),
            binary,
            settings: self,
            port: 0,
            dir,
            child: None,
        };
        for _ in 0..PORT_ATTEMPTS {
            server.port = free_port();
            match server.spawn_and_wait() {
                Ok(()) => return Some(server),
                // Someone took the port first: try another.
                Err(StartError::Exited) => continue,
                Err(StartError::TimedOut) => server.fail("did not answer PING in time"),
            }
        }
        server.fail("exited at start on every port tried")
    }
}

enum StartError {
    Exited,
    TimedOut,
}

impl RedisServer {
    /// Starts a server with the default settings (no persistence); see
    /// [`RedisServerBuilder::start`] for `None` and panics.
    pub fn start() -> Option<RedisServer> {
        Self::builder().start()
    }

    /// Settings for a server: `RedisServer::builder().persistence(true).start()`.
    pub fn builder() -> RedisServerBuilder {
        RedisServerBuilder::default()
    }

    /// The URL a client connects to: `redis://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// The TCP port on `127.0.0.1`; the same after a restart.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The process id while the server runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Whether the server answers `PING` now (within half a second).
    pub fn ping(&self) -> bool {
        ping(self.port)
    }

    /// Kills the server (SIGKILL, as a crash would) and waits for it to
    /// exit. Without persistence its data is lost. Does nothing when it is
    /// stopped already.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // A stopped (SIGSTOP) process dies of SIGKILL too.
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Stops the server with `SHUTDOWN SAVE`, which writes its data to
    /// `dump.rdb` in its temporary directory even without persistence, so
    /// that [`restart`](Self::restart) loads it again: a Redis that went
    /// away and came back with its data. Kills it when it has not exited
    /// within the startup timeout.
    pub fn stop_keeping_data(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // The server closes the connection as it exits: no reply to read.
        let _ = send_inline(self.port, "SHUTDOWN SAVE");
        let deadline = Instant::now() + self.settings.startup_timeout;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Starts the server again on the same port with the same settings and
    /// directory, and waits until it answers `PING`. Stops it first when it
    /// runs.
    ///
    /// # Panics
    ///
    /// When it does not answer within the startup timeout, or exits (another
    /// process took the port in between).
    pub fn restart(&mut self) {
        self.stop();
        match self.spawn_and_wait() {
            Ok(()) => {}
            Err(StartError::Exited) => {
                self.fail("exited at restart (another process took its port?)")
            }
            Err(StartError::TimedOut) => self.fail("did not answer PING in time after a restart"),
        }
    }

    /// Freezes the server (SIGSTOP): connections stay open but nothing is
    /// answered, as with a server stuck on a slow command. [`resume`](Self::resume)
    /// continues it; drop and [`stop`](Self::stop) kill it frozen or not.
    ///
    /// # Panics
    ///
    /// When the server is not running or `kill -STOP` fails.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// Continues a server frozen by [`pause`](Self::pause) (SIGCONT).
    ///
    /// # Panics
    ///
    /// When the server is not running or `kill -CONT` fails.
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let Some(pid) = self.pid() else {
            panic!("redis-server on port {} is not running", self.port);
        };
        // The shell's builtin `kill`: a minimal image may have no kill binary.
        let status = Command::new("sh")
            .args(["-c", &format!("kill {signal} {pid}")])
            .status();
        if !matches!(status, Ok(status) if status.success()) {
            panic!("kill {signal} {pid} failed: {status:?}");
        }
    }

    fn spawn_and_wait(&mut self) -> Result<(), StartError> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .unwrap_or_else(|error| panic!("cannot open the redis-server log: {error}"));
        let log_err = log
            .try_clone()
            .unwrap_or_else(|error| panic!("cannot open the redis-server log: {error}"));
        let (save, appendonly) = if self.settings.persistence {
            ("3600 1", "yes")
        } else {
            ("", "no")
        };
        let mut command = Command::new(&self.binary);
        command
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--save", save, "--appendonly", appendonly])
            .args(["--daemonize", "no", "--logfile", ""])
            .arg("--dir")
            .arg(&self.dir);
        if self.debug_command_flag {
            // Redis 7 refuses DEBUG (e.g. DEBUG SLEEP, for timeout tests)
            // unless this allows it; it is a throwaway local server.
            command.args(["--enable-debug-command", "local"]);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot run {}: {error}", self.binary.display()));
        self.child = Some(child);
        let deadline = Instant::now() + self.settings.startup_timeout;
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(_)) = child.try_wait()
            {
                self.child = None;
                return Err(StartError::Exited);
            }
            // Another test's server may have taken the port between our
            // pick and our bind: it answers PING before our child's exit is
            // seen. Ready only when the server answering runs in our dir.
            if ping(self.port) && serves_dir(self.port, &self.dir) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                self.stop();
                return Err(StartError::TimedOut);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log_path(&self) -> PathBuf {
        self.dir.join("redis.log")
    }

    fn fail(&mut self, what: &str) -> ! {
        self.stop();
        let log = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        panic!(
            "redis-server on 127.0.0.1:{} {what}; the end of its log:\n{}",
            self.port,
            tail.join("\n")
        );
    }
}

impl fmt::Debug for RedisServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisServer")
            .field("port", &self.port)
            .field("persistence", &self.settings.persistence)
            .field("running", &self.child.is_some())
            .finish()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn running_in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value.eq_ignore_ascii_case("true") || value == "1")
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// Whether this redis-server knows `--enable-debug-command` (Redis 7 and
/// later): `redis-server --version` prints `Redis server v=7.0.15 …`.
fn supports_debug_command_flag(binary: &Path) -> bool {
    let Ok(output) = Command::new(binary).arg("--version").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace()
        .find_map(|word| word.strip_prefix("v="))
        .and_then(|version| version.split('.').next())
        .and_then(|major| major.parse::<u32>().ok())
        .is_some_and(|major| major >= 7)
}

fn temp_dir() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    std::env::temp_dir().join(format!(
        "graph-comms-test-redis-{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// A port that was free a moment ago (the OS picks it; redis-server binds it
/// next, and a start retries when someone else got it first).
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|error| panic!("cannot find a free port on 127.0.0.1: {error}"))
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let stream = TcpStream::connect_timeout(&address, Duration::from_millis(500))?;
    stream.set_read_timeout(Some(Duration::from_millis(500)))?;
    stream.set_write_timeout(Some(Duration::from_millis(500)))?;
    Ok(stream)
}

fn send_inline(port: u16, command: &str) -> std::io::Result<TcpStream> {
    let mut stream = connect(port)?;
    stream.write_all(format!("{command}\r\n").as_bytes())?;
    Ok(stream)
}

/// Whether the server on `port` is the one started in `dir`: its
/// `CONFIG GET dir` (which Redis answers with the directory it changed to,
/// so the canonical path) is `dir`.
fn serves_dir(port: u16, dir: &Path) -> bool {
    let Ok(mut stream) = send_inline(port, "CONFIG GET dir") else {
        return false;
    };
    // `*2\r\n$3\r\ndir\r\n$N\r\n<dir>\r\n`: five lines.
    let mut reply = Vec::new();
    let mut buffer = [0u8; 512];
    while reply.iter().filter(|&&byte| byte == b'\n').count() < 5 {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return false,
            Ok(n) => reply.extend_from_slice(&buffer[..n]),
        }
    }
    let Some(answered) = reply.split(|&byte| byte == b'\n').nth(4) else {
        return false;
    };
    let answered = answered.strip_suffix(b"\r").unwrap_or(answered);
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    [dir, canonical.as_path()]
        .iter()
        .any(|candidate| candidate.as_os_str().as_encoded_bytes() == answered)
}

/// `PING` as an inline command; `+PONG` once the server has loaded its data
/// (`-LOADING` before).
fn ping(port: u16) -> bool {
    let Ok(mut stream) = send_inline(port, "PING") else {
        return false;
    };
    let mut reply = Vec::new();
    let mut buffer = [0u8; 64];
    while !reply.ends_with(b"\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return false,
            Ok(n) => reply.extend_from_slice(&buffer[..n]),
        }
    }
    reply == b"+PONG\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_is_recognised_by_its_dir_and_only_by_it() {
        let Some(server) = RedisServer::start() else {
            return;
        };
        assert!(serves_dir(server.port, &server.dir));
        // Another test's server on the port would answer PING too: its dir
        // is not ours.
        assert!(!serves_dir(
            server.port,
            Path::new("/nonexistent/elsewhere")
        ));
        let Some(other) = RedisServer::start() else {
            return;
        };
        assert!(!serves_dir(server.port, &other.dir));
    }
}
