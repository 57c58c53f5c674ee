//! A real `verdict serve` on 127.0.0.1 per sandbox, submitted to the way the web app does it:
//! POST, then server-sent events up to the final verdict.

use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use verdict_sandbox::Sandbox;

/// calculate-pi, whose 10 tests each submission runs.
const PI_SOLUTION: &str =
    "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";

pub struct Server {
    base: String,
    client: reqwest::blocking::Client,
    cookie: String,
    data: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    /// Serves the catalogue with `sandbox`, its store in a fresh folder, and makes the first
    /// (untimed) submission, which prepares the problem's tests.
    pub fn start(sandbox: Arc<Sandbox>, problems: &Path) -> Result<Self> {
        Self::start_with(sandbox, problems, verdict_server::Options::default())
    }

    /// [`Server::start`] with the service's options (the Jobe API, say).
    pub fn start_with(sandbox: Arc<Sandbox>, problems: &Path, options: verdict_server::Options) -> Result<Self> {
        let data =
            std::env::temp_dir().join(format!("verdict-bench-{}-{}", std::process::id(), sandbox.backend().as_str()));
        let _ = std::fs::remove_dir_all(&data);
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting tokio")?;
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let base = runtime.block_on(async {
            let store = Arc::new(verdict_store::SqliteStore::open_dir(&data)?);
            let queue = verdict_server::queue::QueueConfig::for_this_machine();
            let service =
                verdict_server::Service::start_with(problems, store, sandbox, queue, data.join("web"), options).await?;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let base = format!("http://{}", listener.local_addr()?);
            let stop = async {
                let _ = stop_rx.await;
            };
            tokio::spawn(verdict_server::serve(service, listener, stop, verdict_server::queue::SHUTDOWN_GRACE));
            anyhow::Ok(base)
        })?;
        let client = reqwest::blocking::Client::builder().timeout(Duration::from_secs(60)).build()?;
        let server = Self {
            base,
            client,
            cookie: format!("verdict_candidate={}", "be".repeat(16)),
            data,
            stop: Some(stop_tx),
            runtime: Some(runtime),
        };
        server.submit().context("the untimed first submission")?;
        Ok(server)
    }

    /// POSTs `body` to `path` and returns the JSON answer, which must come with 200.
    pub fn post(&self, path: &str, body: &Value) -> Result<Value> {
        self.post_answered(path, body, 200)
    }

    /// POSTs `body` to `path` and returns the JSON answer, which must come with `status`.
    pub fn post_answered(&self, path: &str, body: &Value, status: u16) -> Result<Value> {
        let response =
            self.client.post(format!("{}{path}", self.base)).header("cookie", &self.cookie).json(body).send()?;
        ensure!(response.status().as_u16() == status, "POST {path} answered {}", response.status());
        Ok(response.json()?)
    }

    /// Submits calculate-pi and reads its events until the verdict, which must be AC.
    pub fn submit(&self) -> Result<()> {
        let response = self
            .client
            .post(format!("{}/api/submissions", self.base))
            .header("cookie", &self.cookie)
            .json(&json!({"problem": "calculate-pi", "code": PI_SOLUTION}))
            .send()?;
        ensure!(response.status().as_u16() == 202, "submitting answered {}", response.status());
        let id = response.json::<Value>()?["id"].as_str().unwrap_or_default().to_owned();
        let events = self
            .client
            .get(format!("{}/api/submissions/{id}/events", self.base))
            .header("cookie", &self.cookie)
            .send()?;
        let mut done = false;
        for line in BufReader::new(events).lines() {
            let line = line?;
            if line == "event: done" {
                done = true;
            } else if done && line.starts_with("data:") {
                ensure!(line.contains("\"AC\""), "the submission was not accepted: {line}");
                return Ok(());
            }
        }
        bail!("the event stream ended before the verdict")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // The runtime goes before its store's folder does.
        drop(self.runtime.take());
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
