//! Helpers shared by Verdict's cross-crate tests: finding the workspace and its binaries, the
//! sandbox as the judge uses it, and looking at the host after a run.

pub mod catalogue;
pub mod gate;
pub mod http;
pub mod serve;
pub mod service;
pub mod smtp;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use verdict_sandbox::runner::DEFAULT_PYTHON_PACKAGES;
use verdict_sandbox::{Backend, Sandbox, SandboxConfig};

/// The workspace root (the folder holding the top-level Cargo.toml).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A binary of the workspace, built by `cargo build --workspace --bins` into the same profile
/// directory as the running test.
pub fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    for dir in exe.ancestors().skip(1).take(2) {
        let candidate = dir.join(name);
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!("binary `{name}` not found near {}: run `cargo build --workspace --bins` first", exe.display());
}

/// The sandbox of one backend as the judge uses it (the harness compiled once in the fork
/// server, the sandbox's Python packages for ORM runs), started once and shared by a test
/// binary's tests.
pub fn judge_sandbox(backend: Backend) -> &'static Sandbox {
    static FORK: OnceLock<Sandbox> = OnceLock::new();
    static EXEC: OnceLock<Sandbox> = OnceLock::new();
    let cell = match backend {
        Backend::Fork => &FORK,
        Backend::Exec => &EXEC,
    };
    cell.get_or_init(|| {
        let packages = PathBuf::from(DEFAULT_PYTHON_PACKAGES);
        assert!(packages.is_dir(), "{} is missing: run scripts/setup-sandbox-python.sh", packages.display());
        let sandbox = Sandbox::new(SandboxConfig {
            jail: Some(binary("verdict-jail")),
            forkserver: Some(binary("verdict-forkserver")),
            backend,
            python_packages: Some(packages),
            runner_scripts: verdict_judge::runner_scripts(),
            preloads: verdict_judge::preloads(),
            ..SandboxConfig::default()
        })
        .unwrap_or_else(|e| panic!("setting up the {backend:?} sandbox: {e}"));
        sandbox.start_backend().unwrap_or_else(|e| panic!("starting the {backend:?} sandbox: {e}"));
        sandbox
    })
}

/// Pids of host processes whose real uid is `uid`.
pub fn processes_of_uid(uid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/status")).is_ok_and(|status| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix("Uid:"))
                    .and_then(|ids| ids.split_whitespace().next())
                    .is_some_and(|real| real == uid.to_string())
            })
        })
        .collect()
}

/// Every process on the host and its parent, as /proc shows them now.
pub fn parents() -> std::collections::BTreeMap<u32, u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Default::default() };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // The name is in parentheses and may hold spaces: the fields after it are plain.
            let ppid = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect()
}

/// Whether `ancestor` is `pid` or one of its ancestors in `parents`.
pub fn descends_from(parents: &std::collections::BTreeMap<u32, u32>, pid: u32, ancestor: u32) -> bool {
    let mut at = pid;
    // Bounded: a parent map read while processes come and go could hold a cycle of reused pids.
    for _ in 0..parents.len() + 1 {
        if at == ancestor {
            return true;
        }
        match parents.get(&at) {
            Some(&parent) if parent != at && parent != 0 => at = parent,
            _ => return false,
        }
    }
    false
}

/// A directory of its own for one test (named after it, for a reader of /tmp), removed when the
/// test ends.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(test: &str) -> Self {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("verdict-test-{}-{n}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` to `name` in this directory and returns its path.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `verdict judge --json` of `source` on the problem `slug` of the catalogue `problems`, as the
/// JSON report; panics (with both streams) unless the command succeeds and prints JSON.
pub fn judge_cli(problems: &Path, slug: &str, source: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let file = dir.path().join("solution.py");
    std::fs::write(&file, source).unwrap_or_else(|e| panic!("writing {}: {e}", file.display()));
    let output = std::process::Command::new(binary("verdict"))
        .args(["judge", "--problem", slug, "--json", "--problems"])
        .arg(problems)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("running verdict judge: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "verdict judge failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

/// Copies a folder tree (a problem package into a throwaway catalogue).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("creating {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("reading {}: {e}", from.display())).flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("copying {}: {e}", entry.path().display()));
        }
    }
}

/// How long a test waits for something that should happen (a verdict, a process to exit):
/// far above what it takes, only there so a broken build fails instead of hanging.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// The end of a test's patience, for a loop that polls a condition.
#[derive(Debug, Clone, Copy)]
pub struct Deadline(Instant);

impl Deadline {
    /// [`PATIENCE`] from now.
    pub fn start() -> Self {
        Self(Instant::now() + PATIENCE)
    }

    /// Before polling again: fails the test once the deadline has passed.
    pub fn tick(&self, waiting_for: impl std::fmt::Display) {
        assert!(Instant::now() < self.0, "waited {PATIENCE:?} for {waiting_for}");
        std::thread::sleep(POLL);
    }

    /// [`Deadline::tick`] for async tests.
    pub async fn tick_async(&self, waiting_for: impl std::fmt::Display) {
        assert!(Instant::now() < self.0, "waited {PATIENCE:?} for {waiting_for}");
        tokio::time::sleep(POLL).await;
    }
}

const POLL: Duration = Duration::from_millis(20);

/// Polls `probe` until it gives a value, failing the test after [`PATIENCE`].
pub fn eventually<T>(waiting_for: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Deadline::start();
    loop {
        if let Some(value) = probe() {
            return value;
        }
        deadline.tick(waiting_for);
    }
}

/// [`eventually`] for async probes.
pub async fn eventually_async<T, F>(waiting_for: &str, mut probe: impl FnMut() -> F) -> T
where
    F: std::future::Future<Output = Option<T>>,
{
    let deadline = Deadline::start();
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        deadline.tick_async(waiting_for).await;
    }
}
