//! Sustained runs per second through the HTTP APIs, measured side by side in one server: the
//! native API's run of a problem's samples (`POST /api/problems/calculate-pi/run`, judged on the
//! fork server) and a Jobe-shaped run (`POST /jobe/index.php/restapi/runs`, a program reading
//! stdin, on the exec path, as CodeRunner sends it).

use super::http::Server;
use super::throughput;
use anyhow::{ensure, Context, Result};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use verdict_sandbox::Sandbox;

/// calculate-pi's accepted answer, run on its samples by the native API.
const PI_SOLUTION: &str =
    "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";

/// What a CodeRunner question's run looks like: a program on its stdin.
const JOBE_PROGRAM: &str = "n = int(input())\nprint(sum(i * i for i in range(n)))\n";

/// Runs per second of (native, Jobe), `threads` clients at a time.
pub fn rates(exec: &Arc<Sandbox>, fork: &Arc<Sandbox>, problems: &Path, threads: usize) -> Result<(f64, f64)> {
    let jobe = verdict_jobe::Jobe::new(
        Arc::clone(exec),
        verdict_jobe::JobeConfig {
            api_keys: Vec::new(),
            slots: verdict_jobe::default_slots(),
            slot_wait: verdict_jobe::DEFAULT_SLOT_WAIT,
            tools: None,
        },
    )?;
    let options = verdict_server::Options { jobe: Some(Arc::new(jobe)), ..verdict_server::Options::default() };
    let server =
        Arc::new(Server::start_with(Arc::clone(fork), problems, options).context("serving with the Jobe API")?);
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
        let body = json!({"run_spec": {"language_id": "python3", "sourcecode": JOBE_PROGRAM, "input": "10\n"}});
        Arc::new(move || {
            let result: Value = server.post("/jobe/index.php/restapi/runs", &body)?;
            ensure!(result["outcome"] == 15 && result["stdout"] == "285\n", "the Jobe run failed: {result}");
            Ok(())
        })
    };
    // Both once before timing: the problem's tests are prepared, the paths warm.
    native()?;
    jobe()?;
    let rates = throughput::interleaved(&[native, jobe], threads, 5, Duration::from_secs(1))?;
    Ok((rates[0], rates[1]))
}
