//! A real judge service for tests: the real catalogue, a fresh SQLite store in a temp folder,
//! the real sandbox, and the router itself (or a real TCP listener on 127.0.0.1).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use verdict_sandbox::{Sandbox, SandboxConfig};
use verdict_server::queue::QueueConfig;
use verdict_server::Service;
use verdict_store::{SqliteStore, Store};

/// The sandbox with this build's jail.
pub fn sandbox() -> Arc<Sandbox> {
    let config = SandboxConfig {
        jail: Some(crate::binary("verdict-jail")),
        forkserver: Some(crate::binary("verdict-forkserver")),
        python_packages: Some(PathBuf::from(verdict_sandbox::runner::DEFAULT_PYTHON_PACKAGES)),
        runner_scripts: verdict_judge::runner_scripts(),
        preloads: verdict_judge::preloads(),
        ..SandboxConfig::default()
    };
    Arc::new(Sandbox::new(config).unwrap_or_else(|e| panic!("setting up the sandbox: {e}")))
}

/// A started service and the folder holding its database.
#[derive(Debug)]
pub struct TestService {
    pub service: Service,
    pub data: tempfile::TempDir,
}

impl TestService {
    /// Starts a service on the real catalogue with its data in a new temp folder.
    pub async fn start(queue: QueueConfig) -> Self {
        Self::start_on(&problems_dir(), queue).await
    }

    /// Starts a service on the catalogue in `problems` with its data in a new temp folder.
    pub async fn start_on(problems: &Path, queue: QueueConfig) -> Self {
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let service = serve_on(problems, data.path(), queue).await;
        Self { service, data }
    }

    /// Starts a service whose time comes from `clock` (the store's and the server's).
    pub async fn start_with_clock(queue: QueueConfig, clock: Arc<dyn verdict_store::Clock>) -> Self {
        Self::start_with_options(queue, verdict_server::Options { clock, ..verdict_server::Options::default() }).await
    }

    /// Starts a service with these options; the store gets the options' clock.
    pub async fn start_with_options(queue: QueueConfig, options: verdict_server::Options) -> Self {
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let store: Arc<dyn Store> = Arc::new(
            SqliteStore::open_dir_with_clock(data.path(), Arc::clone(&options.clock))
                .unwrap_or_else(|e| panic!("opening the store: {e}")),
        );
        let service =
            Service::start_with(&problems_dir(), store, sandbox(), queue, PathBuf::from("/nonexistent-web"), options)
                .await
                .unwrap_or_else(|e| panic!("starting the service: {e}"));
        Self { service, data }
    }

    /// Starts a service on an existing data folder (to test what a restart does).
    pub async fn start_in(data: &Path, queue: QueueConfig) -> Service {
        serve_on(&problems_dir(), data, queue).await
    }
}

async fn serve_on(problems: &Path, data: &Path, queue: QueueConfig) -> Service {
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open_dir(data).unwrap_or_else(|e| panic!("opening the store: {e}")));
    Service::start(problems, store, sandbox(), queue, PathBuf::from("/nonexistent-web"))
        .await
        .unwrap_or_else(|e| panic!("starting the service: {e}"))
}

pub fn problems_dir() -> PathBuf {
    crate::workspace_root().join("problems")
}

/// A small queue: `workers` at once, `capacity` admitted.
pub fn queue(workers: usize, capacity: usize) -> QueueConfig {
    QueueConfig { workers, capacity, parallelism: 2, ..QueueConfig::for_this_machine() }
}
