//! Jobe's REST API (the sandbox server Moodle's CodeRunner question type talks to), python3
//! only, answered by Verdict's confined exec path: `POST runs`, `PUT`/`HEAD files/{id}`, `GET
//! languages`, with Jobe's outcome numbers and status codes, so a CodeRunner pointed at Verdict
//! works unchanged. The server mounts [`http::router`] only when its operator turns the API on.
//!
//! Modules: `spec` (a run_spec read and checked, its parameters made into limits within this
//! server's maxima), `cache` (the files clients upload, capped, least recently used dropped),
//! `run` (the box's request and Jobe's result object), `http` (the routes and the API keys).
//!
//! It must never run anything outside the sandbox or with a layer missing, never pass a shell
//! string (interpreterargs and runargs are argv items), never place a file outside `/box`
//! (names are plain names; ids are opaque and never touch a filesystem), and never hold more
//! than its caps, whatever a client sends.

pub mod cache;
pub mod http;
pub mod run;
pub mod spec;

use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use verdict_sandbox::{Backend, BoxedFile, Sandbox};

pub use cache::FileCache;
pub use run::RunResult;
pub use spec::RunSpec;

/// How the operator set the API up.
#[derive(Debug, Clone)]
pub struct JobeConfig {
    /// Keys a client must send in `X-API-KEY`; empty leaves the API open.
    pub api_keys: Vec<String>,
    /// Runs at once; past them a run waits `slot_wait`, then gets outcome 21.
    pub slots: usize,
    pub slot_wait: Duration,
    /// A folder of extra Python packages bound read-only in the box for the program and the
    /// processes it starts (pylint: `sandbox/requirements-tools.txt`).
    pub tools: Option<PathBuf>,
}

/// Runs at once when the operator says nothing: one per core, at least two.
pub fn default_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).max(2)
}

/// How long a run waits for a slot by default before it is answered with outcome 21 (Jobe
/// waits up to 10 s for a free user).
pub const DEFAULT_SLOT_WAIT: Duration = Duration::from_secs(10);

/// Refusals of a setup that cannot serve the API safely.
#[derive(Debug, thiserror::Error)]
pub enum JobeError {
    #[error("the Jobe API runs on the exec path, where a program may start processes inside its box; this sandbox forks runs from the warm server")]
    NotExecPath,
    #[error("an API key must be 16 to 256 printable ASCII characters without spaces")]
    BadKey,
    #[error("--jobe-slots must be at least 1")]
    NoSlots,
}

/// Why a run was not started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunError {
    /// A file the run names is not kept: the client uploads it and retries (404).
    MissingFile,
    /// The run's files together pass [`cache::caps::RUN_BYTES`].
    TooLarge,
}

/// The API's state: the exec-path sandbox, the run slots, the file cache and the keys.
#[derive(Debug)]
pub struct Jobe {
    sandbox: Arc<Sandbox>,
    keys: Vec<[u8; 32]>,
    slots: Arc<Semaphore>,
    slot_wait: Duration,
    tools: Option<String>,
    pub cache: FileCache,
    version: String,
}

impl Jobe {
    /// The API over `sandbox`, which must use the exec path.
    pub fn new(sandbox: Arc<Sandbox>, config: JobeConfig) -> Result<Self, JobeError> {
        if sandbox.backend() != Backend::Exec {
            return Err(JobeError::NotExecPath);
        }
        if config.slots == 0 {
            return Err(JobeError::NoSlots);
        }
        let valid = |key: &String| (16..=256).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic());
        if !config.api_keys.iter().all(valid) {
            return Err(JobeError::BadKey);
        }
        let version = sandbox.interpreter().version.clone();
        Ok(Self {
            sandbox,
            keys: config.api_keys.iter().map(|key| Sha256::digest(key.as_bytes()).into()).collect(),
            slots: Arc::new(Semaphore::new(config.slots)),
            slot_wait: config.slot_wait,
            tools: config.tools.map(|p| p.display().to_string()),
            cache: FileCache::default(),
            version,
        })
    }

    /// How many API keys are configured (0: the API is open).
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// Whether `key` is one of the configured keys (compared as hashes, in time that does not
    /// depend on where they differ).
    fn accepts(&self, key: &[u8]) -> bool {
        let given: [u8; 32] = Sha256::digest(key).into();
        let differs = |known: &[u8; 32]| known.iter().zip(given).fold(0u8, |d, (a, b)| d | (a ^ b));
        self.keys.iter().fold(false, |found, known| found | (differs(known) == 0))
    }

    /// Runs `spec` in the box: its files from the cache, a slot for as long as it runs.
    pub async fn run(&self, spec: &RunSpec) -> Result<RunResult, RunError> {
        let mut files = Vec::with_capacity(spec.files.len());
        let mut bytes = 0;
        for (id, name) in &spec.files {
            let contents = self.cache.get(id).ok_or(RunError::MissingFile)?;
            bytes += contents.len();
            if bytes > cache::caps::RUN_BYTES {
                return Err(RunError::TooLarge);
            }
            files.push(BoxedFile { name: name.clone(), contents: contents.as_ref().clone() });
        }
        let Ok(Ok(permit)) = tokio::time::timeout(self.slot_wait, Arc::clone(&self.slots).acquire_owned()).await else {
            return Ok(RunResult::overload());
        };
        let run_id = random_hex();
        let marker = format!("verdict-compile-error-{}", random_hex());
        let request = run::request(spec, files, &marker, self.tools.as_deref());
        let sandbox = Arc::clone(&self.sandbox);
        let ran = tokio::task::spawn_blocking(move || {
            let outcome = sandbox.run(&request);
            drop(permit);
            outcome
        })
        .await;
        let outcome = match ran {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(error)) => verdict_sandbox::RunOutcome::internal(error.to_string(), None),
            Err(error) => verdict_sandbox::RunOutcome::internal(format!("the run's thread failed: {error}"), None),
        };
        if let Some(error) = &outcome.error {
            tracing::error!(run_id, %error, "a Jobe run failed inside Verdict");
        }
        Ok(run::result(run_id, &outcome, &marker))
    }
}

fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random number source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
