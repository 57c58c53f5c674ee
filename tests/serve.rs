//! `verdict serve` as a process: it prints the address it listens on, and on SIGTERM it stops
//! gracefully; what it was judging then is finished or put back in the queue, and a restart on
//! the same data judges whatever is left. Nothing accepted is lost.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use verdict_tests::{binary, workspace_root};

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data: &Path) -> Server {
    let mut child = Command::new(binary("verdict"))
        .args(["serve", "--addr", "127.0.0.1:0", "--no-warm", "--workers", "1", "--problems"])
        .arg(workspace_root().join("problems"))
        .arg("--data")
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting verdict serve: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap_or_else(|e| panic!("reading stdout: {e}"));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    Server { child, url }
}

const COOKIE: &str = "verdict_candidate=0123456789abcdef0123456789abcdef";

fn submit(client: &reqwest::blocking::Client, url: &str, code: &str) -> String {
    let answer: Value = client
        .post(format!("{url}/api/submissions"))
        .header("cookie", COOKIE)
        .json(&json!({"problem": "calculate-pi", "code": code}))
        .send()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .unwrap_or_else(|e| panic!("submitting: {e}"));
    answer["id"].as_str().unwrap_or_default().to_owned()
}

fn read(client: &reqwest::blocking::Client, url: &str, id: &str) -> Value {
    client
        .get(format!("{url}/api/submissions/{id}"))
        .header("cookie", COOKIE)
        .send()
        .and_then(|r| r.json())
        .unwrap_or_else(|e| panic!("reading {id}: {e}"))
}

#[test]
fn sigterm_finishes_or_requeues_and_a_restart_judges_the_rest() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let client = reqwest::blocking::Client::new();
    let server = start(data.path());
    let health: Value = client
        .get(format!("{}/api/health", server.url))
        .send()
        .and_then(|r| r.json())
        .unwrap_or_else(|e| panic!("health: {e}"));
    assert_eq!(health["status"], "ok");

    // One worker: the slow submission is being judged, the other two wait in the queue.
    let slow = "import time\n\ndef calculate_pi(n):\n    time.sleep(0.2)\n    return 0.0\n";
    let good = "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";
    let ids =
        [submit(&client, &server.url, slow), submit(&client, &server.url, good), submit(&client, &server.url, good)];
    let deadline = Instant::now() + Duration::from_secs(30);
    while read(&client, &server.url, &ids[0])["state"] == "queued" {
        assert!(Instant::now() < deadline, "the first submission never started");
        std::thread::sleep(Duration::from_millis(20));
    }

    let pid = nix::unistd::Pid::from_raw(server.child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap_or_else(|e| panic!("SIGTERM: {e}"));
    let mut server = server;
    let stopped = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            break status;
        }
        assert!(stopped.elapsed() < Duration::from_secs(40), "verdict serve did not stop within 40 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "verdict serve exited {status}");
    drop(server);

    // Restart on the same data: every submission reaches its verdict.
    let server = start(data.path());
    let deadline = Instant::now() + Duration::from_secs(120);
    let verdicts: Vec<Value> = ids
        .iter()
        .map(|id| loop {
            let view = read(&client, &server.url, id);
            if view["state"] == "finished" {
                break view["verdict"].clone();
            }
            assert!(Instant::now() < deadline, "{id} still {} after the restart", view["state"]);
            std::thread::sleep(Duration::from_millis(100));
        })
        .collect();
    assert_eq!(verdicts, vec![json!("WA"), json!("AC"), json!("AC")]);
}
