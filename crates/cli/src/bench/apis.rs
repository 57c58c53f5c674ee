//! Runs per second through the HTTP APIs, measured side by side on one real `verdict serve` (the
//! fork server; the Jobe and Judge0 APIs on): the native API's run of a problem's samples
//! (`POST /api/problems/calculate-pi/run`), a Jobe-shaped run (`POST
//! /jobe/index.php/restapi/runs`, a program reading stdin on the exec path, as CodeRunner sends
//! it) and a Judge0-shaped submission (`POST /api/judge0/submissions?wait=true`, the same
//! program with its expected output). Each is first timed alone, in rotation, then as sustained
//! requests per second from the bench's client threads, in turns.

use super::figures::{self, Samples};
use super::http::Server;
use super::throughput;
use anyhow::{anyhow, ensure, Context, Result};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use verdict_sandbox::Sandbox;

/// calculate-pi's accepted answer, run on its samples by the native API.
const PI_SOLUTION: &str =
    "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";

/// What a CodeRunner question's run or a Judge0 client's submission looks like: a program on
/// its stdin.
const PROGRAM: &str = "n = int(input())\nprint(sum(i * i for i in range(n)))\n";

/// The three APIs' requests, in the order their figures are printed.
pub const LABELS: [&str; 3] = [
    "native API: POST /api/problems/calculate-pi/run (samples, fork server)",
    "Jobe API: POST /jobe/index.php/restapi/runs (stdin program, exec path)",
    "Judge0 API: POST /api/judge0/submissions?wait=true (stdin program, fork server)",
];

/// What was measured: each API's request timed alone, and sustained requests per second.
pub struct Figures {
    pub alone: Vec<Samples>,
    pub rates: Vec<f64>,
}

/// Serves the three APIs and measures them: `requests` of each alone, then `threads` clients.
pub fn measure(
    exec: &Arc<Sandbox>,
    fork: &Arc<Sandbox>,
    problems: &Path,
    requests: usize,
    threads: usize,
) -> Result<Figures> {
    let jobe = verdict_jobe::Jobe::new(
        Arc::clone(exec),
        verdict_jobe::JobeConfig {
            api_keys: Vec::new(),
            slots: verdict_jobe::default_slots(),
            slot_wait: verdict_jobe::DEFAULT_SLOT_WAIT,
            tools: None,
        },
    )?;
    let judge0 = verdict_server::state::Judge0Settings {
        config: verdict_judge0::Config::default(),
        tokens: Vec::new(),
        callback_hosts: Vec::new(),
        executor: Arc::new(verdict_judge0::SandboxExecutor::new(Arc::clone(fork))),
    };
    let options = verdict_server::Options {
        jobe: Some(Arc::new(jobe)),
        judge0: Some(judge0),
        ..verdict_server::Options::default()
    };
    let server = Arc::new(
        Server::start_with(Arc::clone(fork), problems, options).context("serving with the Jobe and Judge0 APIs")?,
    );
    let native: throughput::Run = {
        let server = Arc::clone(&server);
        Arc::new(move || {
            let result = server.post("/api/problems/calculate-pi/run", &json!({"code": PI_SOLUTION}))?;
            ensure!(result["verdict"] == "AC", "the native run was not accepted: {result}");
            Ok(())
        })
    };
    let jobe: throughput::Run = {
        let server = Arc::clone(&server);
        let body = json!({"run_spec": {"language_id": "python3", "sourcecode": PROGRAM, "input": "10\n"}});
        Arc::new(move || {
            let result: Value = server.post("/jobe/index.php/restapi/runs", &body)?;
            ensure!(result["outcome"] == 15 && result["stdout"] == "285\n", "the Jobe run failed: {result}");
            Ok(())
        })
    };
    let judge0: throughput::Run = {
        let server = Arc::clone(&server);
        let body = json!({"source_code": PROGRAM, "language_id": 71, "stdin": "10", "expected_output": "285"});
        Arc::new(move || {
            let result = server.post_answered("/api/judge0/submissions?wait=true", &body, 201)?;
            ensure!(result["status"]["id"] == 3, "the Judge0 submission was not accepted: {result}");
            Ok(())
        })
    };
    let runs = [native, jobe, judge0];
    // Each once before timing: the problem's tests are prepared, the paths warm.
    for run in &runs {
        run()?;
    }
    let kinds: Vec<&dyn Fn() -> Result<()>> = runs.iter().map(|run| run.as_ref() as &dyn Fn() -> Result<()>).collect();
    let alone = figures::rotated(requests, &kinds)?;
    let rates = throughput::interleaved(&runs, threads, 5, Duration::from_secs(1))?;
    if alone.len() != LABELS.len() || rates.len() != LABELS.len() {
        return Err(anyhow!("measured {} and {} figures for {} APIs", alone.len(), rates.len(), LABELS.len()));
    }
    Ok(Figures { alone, rates })
}
