//! Judge0-shaped requests beside the native API's, on one real `verdict serve` (the fork
//! server, the Judge0 API on) in the same run: a program run to its result through
//! `POST /api/judge0/submissions?wait=true`, and the native run of one custom input
//! (`POST /api/problems/calculate-pi/run`), each timed alone and then as sustained requests per
//! second from the bench's client threads, in turns.

use super::throughput;
use anyhow::{ensure, Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use verdict_sandbox::Sandbox;

const PI_FUNCTION: &str =
    "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";

pub struct Server {
    base: String,
    client: reqwest::blocking::Client,
    data: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    pub fn start(sandbox: Arc<Sandbox>, problems: &Path) -> Result<Self> {
        let data = std::env::temp_dir().join(format!("verdict-bench-judge0-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting tokio")?;
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let base = runtime.block_on(async {
            let store = Arc::new(verdict_store::SqliteStore::open_dir(&data)?);
            let queue = verdict_server::queue::QueueConfig::for_this_machine();
            let judge0 = verdict_server::state::Judge0Settings {
                config: verdict_judge0::Config::default(),
                tokens: Vec::new(),
                callback_hosts: Vec::new(),
                executor: Arc::new(verdict_judge0::SandboxExecutor::new(Arc::clone(&sandbox))),
            };
            let options = verdict_server::Options { judge0: Some(judge0), ..verdict_server::Options::default() };
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
        let server = Self { base, client, data, stop: Some(stop_tx), runtime: Some(runtime) };
        // Untimed: the first native run prepares the problem.
        server.native().context("the untimed first native run")?;
        server.judge0().context("the untimed first Judge0 submission")?;
        Ok(server)
    }

    /// One Judge0 submission to its result; it must be Accepted with the right output.
    pub fn judge0(&self) -> Result<()> {
        let source = format!("{PI_FUNCTION}\nprint(round(calculate_pi(int(input())), 6))\n");
        let body = json!({"source_code": source, "language_id": 71, "stdin": "1000", "expected_output": "3.140637"});
        let response =
            self.client.post(format!("{}/api/judge0/submissions?wait=true", self.base)).json(&body).send()?;
        ensure!(response.status().as_u16() == 201, "the Judge0 API answered {}", response.status());
        let shown: Value = response.json()?;
        ensure!(shown["status"]["id"] == 3, "the Judge0 submission was not accepted: {shown}");
        Ok(())
    }

    /// One native run of a custom input to its result.
    pub fn native(&self) -> Result<()> {
        let body = json!({"code": PI_FUNCTION, "input": {"args": [1000], "kwargs": {}}});
        let response = self
            .client
            .post(format!("{}/api/problems/calculate-pi/run", self.base))
            .header("cookie", format!("verdict_candidate={}", "b0".repeat(16)))
            .json(&body)
            .send()?;
        ensure!(response.status().as_u16() == 200, "the native run answered {}", response.status());
        let shown: Value = response.json()?;
        ensure!(shown["tests"].as_array().is_some_and(|t| !t.is_empty()), "the native run ran nothing: {shown}");
        Ok(())
    }

    /// Sustained requests per second of each, `threads` clients at a time, in turns.
    pub fn throughput(self: &Arc<Self>, threads: usize) -> Result<(f64, f64)> {
        let (native, judge0) = (Arc::clone(self), Arc::clone(self));
        let kinds: [throughput::Run; 2] = [Arc::new(move || native.native()), Arc::new(move || judge0.judge0())];
        let rates = throughput::interleaved(&kinds, threads, 3, Duration::from_secs(1))?;
        Ok((rates[0], rates[1]))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        drop(self.runtime.take());
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
