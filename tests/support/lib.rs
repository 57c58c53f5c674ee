//! Helpers shared by Verdict's cross-crate tests: finding the workspace and its binaries, the
//! sandbox as the judge uses it, and looking at the host after a run.

pub mod http;
pub mod service;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
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
