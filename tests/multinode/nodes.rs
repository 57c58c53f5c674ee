//! The processes of the test's cluster: `verdict serve` and `verdict worker`, the real binary,
//! each in a process group of its own so that everything it started (a fork server, jails) goes
//! with it when the test ends, however it ends.

use nix::sys::signal::{kill, killpg, Signal};
use nix::unistd::Pid;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use verdict_tests::{binary, eventually, workspace_root};

/// The lease the test gives its nodes: a killed worker's submission is claimed again soon.
pub const LEASE_SECONDS: &str = "3";

/// One process of the cluster, killed with its whole process group when dropped.
pub struct Process {
    pub name: String,
    child: Child,
    pub log: PathBuf,
}

impl Process {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn nix_pid(&self) -> Pid {
        Pid::from_raw(i32::try_from(self.child.id()).expect("a pid fits in i32"))
    }

    /// SIGKILL to this process alone, as a crash would: what it started is left to notice.
    pub fn crash(&mut self) {
        kill(self.nix_pid(), Signal::SIGKILL).expect("SIGKILL");
        self.child.wait().expect("reaping a killed process");
    }

    /// SIGTERM, then waits for the process to exit on its own.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        kill(self.nix_pid(), Signal::SIGTERM).expect("SIGTERM");
        eventually(&format!("{} to exit after SIGTERM", self.name), || self.child.try_wait().expect("try_wait"))
    }

    /// The last lines of its log, for a failure's message.
    pub fn log_tail(&self, lines: usize) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // The group: the process and whatever it started that did not leave the group.
        let _ = killpg(self.nix_pid(), Signal::SIGKILL);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Two serve nodes and three workers on one PostgreSQL database; every process is killed when
/// this drops (before the scratch database, which the caller declared first).
pub struct Cluster {
    database_url: String,
    logs: tempfile::TempDir,
    pub serve: [Mutex<Process>; 2],
    /// Each serve node's address as its clients should use it now (a restarted node has a new port).
    pub addresses: [Mutex<String>; 2],
    pub workers: Vec<Mutex<Process>>,
}

impl Cluster {
    pub fn start(database_url: &str, workers: usize) -> Cluster {
        let logs = tempfile::tempdir().expect("a folder for the logs");
        let (a, a_url) = serve(database_url, logs.path(), "serve-a-0");
        let (b, b_url) = serve(database_url, logs.path(), "serve-b-0");
        let workers: Vec<_> =
            (0..workers).map(|n| Mutex::new(worker(database_url, logs.path(), &format!("worker-{n}")))).collect();
        for worker in &workers {
            let worker = worker.lock().expect("worker");
            // Logged once its fork server is up and it claims.
            eventually(&format!("{} to start judging", worker.name), || {
                std::fs::read_to_string(&worker.log).unwrap_or_default().contains("judging").then_some(())
            });
        }
        Cluster {
            database_url: database_url.to_owned(),
            logs,
            serve: [Mutex::new(a), Mutex::new(b)],
            addresses: [Mutex::new(a_url), Mutex::new(b_url)],
            workers,
        }
    }

    pub fn address(&self, node: usize) -> String {
        self.addresses[node].lock().expect("address").clone()
    }

    /// Stops serve node `node` with SIGTERM and starts it again on a new port: how long the old
    /// process took to exit.
    pub fn restart_serve(&self, node: usize, generation: usize) -> Duration {
        let started = Instant::now();
        let mut process = self.serve[node].lock().expect("serve node");
        let status = process.stop();
        let exited = started.elapsed();
        assert!(status.success(), "{} exited {status} after SIGTERM:\n{}", process.name, process.log_tail(20));
        let name = format!("serve-{}-{generation}", ["a", "b"][node]);
        let (fresh, url) = serve(&self.database_url, self.logs.path(), &name);
        *process = fresh;
        *self.addresses[node].lock().expect("address") = url;
        exited
    }

    /// Every process's last log lines (for a failed test's output).
    pub fn log_tails(&self) -> String {
        let mut out = String::new();
        for process in self.serve.iter().chain(&self.workers) {
            if let Ok(process) = process.lock() {
                out.push_str(&format!("--- {} (pid {}):\n{}\n", process.name, process.pid(), process.log_tail(15)));
            }
        }
        out
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("{}", self.log_tails());
        }
    }
}

fn command(database_url: &str, logs: &Path, name: &str) -> (Command, PathBuf) {
    use std::os::unix::process::CommandExt;
    let log = logs.join(format!("{name}.log"));
    let stderr = std::fs::File::create(&log).expect("a log file");
    let mut command = Command::new(binary("verdict"));
    command
        .env("DATABASE_URL", database_url)
        .env("VERDICT_LOG", "info")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stderr(stderr)
        .process_group(0);
    (command, log)
}

/// `verdict serve --workers 0` on a free port: the process and its address.
fn serve(database_url: &str, logs: &Path, name: &str) -> (Process, String) {
    let (mut command, log) = command(database_url, logs, name);
    let child = command
        .args(["serve", "--addr", "127.0.0.1:0", "--workers", "0", "--no-warm", "--lease-seconds", LEASE_SECONDS])
        .arg("--problems")
        .arg(workspace_root().join("problems"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting verdict serve");
    let mut process = Process { name: name.to_owned(), child, log };
    let stdout = process.child.stdout.take().expect("serve's stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("reading serve's stdout");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("{name} printed no address ({line:?}):\n{}", process.log_tail(20)))
        .trim_end_matches('/')
        .to_owned();
    (process, url)
}

/// `verdict worker --workers 1`.
fn worker(database_url: &str, logs: &Path, name: &str) -> Process {
    let (mut command, log) = command(database_url, logs, name);
    let child = command
        .args(["worker", "--workers", "1", "--no-warm", "--lease-seconds", LEASE_SECONDS, "--problems"])
        .arg(workspace_root().join("problems"))
        .stdout(Stdio::null())
        .spawn()
        .expect("starting verdict worker");
    Process { name: name.to_owned(), child, log }
}
