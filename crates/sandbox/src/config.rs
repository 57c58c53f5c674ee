//! How the sandbox is set up: where its binaries and interpreter are, which backend starts
//! runs, and what can go wrong setting it up.

use crate::interpreter::InterpreterError;
use crate::uid::UidError;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use verdict_boxspec::{InvalidLimit, PythonModule};
use verdict_confine::policy::PolicyError;

/// The name of the jail binary, looked up beside the current executable.
pub const JAIL_BINARY: &str = "verdict-jail";
/// The interpreter used when none is configured.
pub const DEFAULT_INTERPRETER: &str = "/usr/bin/python3.11";

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the sandbox binary `{name}` was not found (looked in {searched}); build it with `cargo build --workspace --bins`")]
    BinaryNotFound { name: &'static str, searched: String },
    #[error("the warm fork server gives each concurrent run its own uid, which needs root; run as root, or choose the exec path (`--sandbox exec`)")]
    ForkServerNeedsRoot,
    #[error("{0}")]
    ForkServer(String),
    #[error(transparent)]
    Interpreter(#[from] InterpreterError),
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error(transparent)]
    Uid(#[from] UidError),
    #[error(transparent)]
    Limit(#[from] InvalidLimit),
    #[error("the sandbox's Python packages folder {path} is missing; run scripts/setup-sandbox-python.sh")]
    PythonPackages { path: PathBuf },
    #[error("the sandbox's Python packages folder {path} is under /tmp, which the jail hides while it builds the box; install them elsewhere")]
    PythonPackagesUnderStaging { path: PathBuf },
}

/// Where to find the jail and the interpreter.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub interpreter: PathBuf,
    /// The jail binary; by default `verdict-jail` beside the current executable.
    pub jail: Option<PathBuf>,
    /// Extra host paths made visible read-only (a virtualenv's site-packages, say).
    pub extra_ro_paths: Vec<PathBuf>,
    /// Where uid leases are kept when running as root.
    pub uid_lock_dir: PathBuf,
    /// A folder of Python packages (sandbox/requirements.txt, installed by
    /// scripts/setup-sandbox-python.sh), bound read-only and named to the in-box Python code by
    /// `VERDICT_PYTHON_PACKAGES`, which the harness puts on `sys.path` (`-I` ignores PYTHONPATH).
    pub python_packages: Option<PathBuf>,
    /// How runs start: forked from the warm fork server (the default) or as a fresh
    /// interpreter exec'd in a jail of its own (the reference).
    pub backend: Backend,
    /// The fork server's binary; by default `verdict-forkserver` beside the current executable.
    pub forkserver: Option<PathBuf>,
    /// How many fork-server runs may go at once (each has its own uid).
    pub fork_slots: u32,
    /// How many children each fork server keeps forked ahead of demand, half confined (their
    /// own pid, mount and /proc), so that a run does not wait for a fork; 0 forks each child
    /// when its run comes.
    pub fork_spares: u32,
    /// Trusted runner scripts (file name in /box, source) the fork server compiles once, such
    /// as the judge's harness; `run_script.py` is always among them. Never candidate code.
    pub runner_scripts: Vec<(String, String)>,
    /// Trusted modules the fork server with packages has `verdict_runtime` preload and warm
    /// (the ORM schemas the judge chose). A run may still bring others in its /box
    /// ([`RunRequest::with_runtime`](crate::RunRequest::with_runtime)). Never candidate code.
    pub preloads: Vec<PythonModule>,
}

/// How each run's process comes to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// A child of the warm fork server: Python already started and its packages imported.
    #[default]
    Fork,
    /// A fresh `python3 -I -S -B` in a jail of its own.
    Exec,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Fork => "fork",
            Backend::Exec => "exec",
        }
    }
}

impl std::str::FromStr for Backend {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fork" => Ok(Backend::Fork),
            "exec" => Ok(Backend::Exec),
            other => Err(format!("unknown sandbox backend `{other}` (expected `fork` or `exec`)")),
        }
    }
}

/// Fork-server slots when none are configured: enough for every core to judge a submission
/// with one test per core at once, with room for runs from the web app.
pub fn default_fork_slots() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    u32::try_from((cores * cores + 4).clamp(8, 64)).unwrap_or(8)
}

/// Spare children per fork server when none are configured: one per core (at most 4), so that
/// a submission judged one test per core finds a spare for each.
pub fn default_fork_spares() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    u32::try_from(cores.clamp(1, 4)).unwrap_or(1)
}

/// Where scripts/setup-sandbox-python.sh installs the sandbox's Python packages.
pub const DEFAULT_PYTHON_PACKAGES: &str = "/usr/local/lib/verdict/sandbox-python";

/// The variable naming the Python packages folder inside the box.
pub const PYTHON_PACKAGES_VAR: &str = "VERDICT_PYTHON_PACKAGES";

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            interpreter: PathBuf::from(DEFAULT_INTERPRETER),
            jail: None,
            extra_ro_paths: Vec::new(),
            uid_lock_dir: PathBuf::from("/run/verdict/uids"),
            python_packages: None,
            backend: Backend::default(),
            forkserver: None,
            fork_slots: default_fork_slots(),
            fork_spares: default_fork_spares(),
            runner_scripts: Vec::new(),
            preloads: Vec::new(),
        }
    }
}
