//! `verdict serve` as a process: it prints the address it listens on, and on SIGTERM it stops
//! gracefully; what it was judging then is finished or put back in the queue, and a restart on
//! the same data judges whatever is left. Nothing accepted is lost. Links use the listening
//! address, never the request's Host, and listening beyond loopback needs --public-url.

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

/// Sends JSON and returns (status, body); `cookie` is sent when given.
fn call(
    client: &reqwest::blocking::Client,
    method: reqwest::Method,
    url: &str,
    cookie: Option<&str>,
    body: Option<Value>,
) -> (reqwest::StatusCode, Value, Option<String>) {
    let mut request = client.request(method, url);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = response.status();
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    let text = response.text().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null), set_cookie)
}

#[test]
fn sigkill_in_the_middle_of_an_attempt_loses_nothing_saved_and_the_timer_keeps_running() {
    use reqwest::Method;
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let made = Command::new(binary("verdict"))
        .args(["admin", "create-user", "lead@acme.test", "--data"])
        .arg(data.path())
        .output()
        .unwrap_or_else(|e| panic!("verdict admin: {e}"));
    let printed = String::from_utf8_lossy(&made.stdout).into_owned();
    let setup = printed.split("#/setup/").nth(1).map(|t| t.trim().to_owned()).unwrap_or_else(|| panic!("{printed}"));
    let client = reqwest::blocking::Client::new();
    let server = start(data.path());
    let url = server.url.clone();
    let body = json!({"token": setup, "password": "correct horse battery"});
    let (status, _, session) = call(&client, Method::POST, &format!("{url}/api/auth/setup"), None, Some(body));
    assert_eq!(status, 204);
    let session = session.unwrap_or_else(|| panic!("no session cookie"));
    let now = std::time::SystemTime::now();
    let assessment = json!({
        "title": "Crash test", "duration_minutes": 10,
        "opens_at": humantime::format_rfc3339(now - Duration::from_secs(60)).to_string(),
        "closes_at": humantime::format_rfc3339(now + Duration::from_secs(3600)).to_string(),
        "problems": [{"slug": "calculate-pi", "points": 10}, {"slug": "is-palindrome", "points": 5}],
    });
    let (status, assessment, _) =
        call(&client, Method::POST, &format!("{url}/api/assessments"), Some(&session), Some(assessment));
    assert_eq!(status, 201, "{assessment}");
    let id = assessment["id"].as_str().unwrap_or_default();
    let invite = json!({"name": "Ada", "email": "ada@x.test"});
    let (_, invited, _) =
        call(&client, Method::POST, &format!("{url}/api/assessments/{id}/invitations"), Some(&session), Some(invite));
    let link = invited["link"].as_str().unwrap_or_default();
    assert!(link.starts_with(&format!("{url}/#/a/")), "a link on the listening address: {link}");
    // A Host header is the client's (or a proxy's) to choose: links never come from it.
    let forged = client
        .post(format!("{url}/api/assessments/{id}/invitations"))
        .header("host", "evil.test")
        .header("cookie", &session)
        .json(&json!({"name": "Bob", "email": "bob@x.test"}))
        .send()
        .and_then(|r| r.json::<Value>())
        .unwrap_or_else(|e| panic!("inviting with a forged Host: {e}"));
    let forged_link = forged["link"].as_str().unwrap_or_default();
    assert!(forged_link.starts_with(&format!("{url}/#/a/")), "{forged_link} (the request named Host: evil.test)");
    let token = link.split("#/a/").nth(1).unwrap_or_default().to_owned();
    let attempt = format!("/api/attempts/{token}");
    let (status, started, _) = call(&client, Method::POST, &format!("{url}{attempt}/start"), None, None);
    assert_eq!(status, 200, "{started}");
    let draft = "def is_palindrome(s):\n    return s == s[::-1]\n";
    let (status, _, _) =
        call(&client, Method::PUT, &format!("{url}{attempt}/drafts/is-palindrome"), None, Some(json!({"code": draft})));
    assert_eq!(status, 204);
    let good = "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";
    let submission = json!({"problem": "calculate-pi", "code": good});
    let (status, submitted, _) =
        call(&client, Method::POST, &format!("{url}{attempt}/submissions"), None, Some(submission));
    assert_eq!(status, 202, "{submitted}");
    let submission_id = submitted["id"].as_str().unwrap_or_default().to_owned();
    let (_, before, _) = call(&client, Method::GET, &format!("{url}{attempt}"), None, None);

    // SIGKILL: no chance to tidy up.
    let mut server = server;
    server.child.kill().unwrap_or_else(|e| panic!("SIGKILL: {e}"));
    server.child.wait().unwrap_or_else(|e| panic!("{e}"));
    let killed = Instant::now();
    drop(server);
    std::thread::sleep(Duration::from_millis(1500));

    let server = start(data.path());
    let url = server.url.clone();
    let (status, after, _) = call(&client, Method::GET, &format!("{url}{attempt}"), None, None);
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["status"], "started");
    assert_eq!(after["deadline"], before["deadline"], "the deadline is stored, not restarted");
    let (remaining_before, remaining_after) =
        (before["remaining_ms"].as_i64().unwrap_or(0), after["remaining_ms"].as_i64().unwrap_or(0));
    let down_ms = killed.elapsed().as_millis() as i64;
    assert!(
        // A second of slack for the two clocks read (the server's and this test's): a timer
        // that paused while the server was down would be `down_ms` (seconds) off.
        remaining_after <= remaining_before - down_ms + 1000 && remaining_after > remaining_before - down_ms - 30_000,
        "the timer ran on while the server was down: {remaining_before} ms before, {remaining_after} ms after, \
         {down_ms} ms down"
    );
    let (_, kept, _) = call(&client, Method::GET, &format!("{url}{attempt}/drafts/is-palindrome"), None, None);
    assert_eq!(kept["code"], draft, "the saved draft survived");
    let (_, me, _) = call(&client, Method::GET, &format!("{url}/api/auth/me"), Some(&session), None);
    assert_eq!(me["email"], "lead@acme.test", "the session survived");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (_, view, _) =
            call(&client, Method::GET, &format!("{url}{attempt}/submissions/{submission_id}"), None, None);
        if view["state"] == "finished" {
            assert_eq!(view["verdict"], "AC");
            break;
        }
        assert!(Instant::now() < deadline, "the submission made before the crash was never graded: {view}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serving_beyond_loopback_without_a_public_url_is_refused_before_anything_listens() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (addr, url, expected) in [
        ("0.0.0.0:0", None, "needs --public-url"),
        ("[::]:0", None, "needs --public-url"),
        ("127.0.0.1:0", Some("ftp://verdict.example.com"), "--public-url must be an http:// or https:// address"),
    ] {
        let mut command = Command::new(binary("verdict"));
        command.args(["serve", "--addr", addr, "--no-warm", "--problems"]).arg(workspace_root().join("problems"));
        command.arg("--data").arg(data.path());
        if let Some(url) = url {
            command.args(["--public-url", url]);
        }
        let child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("starting verdict serve: {e}"));
        // Killed on drop, should it start serving after all.
        let mut server = Server { child, url: String::new() };
        let mut line = String::new();
        let stdout = server.child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        BufReader::new(stdout).read_line(&mut line).unwrap_or_else(|e| panic!("reading stdout: {e}"));
        assert!(!line.contains("serving"), "{addr} without a public URL started serving: {line}");
        let mut stderr = String::new();
        let mut pipe = server.child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
        std::io::Read::read_to_string(&mut pipe, &mut stderr).unwrap_or_else(|e| panic!("reading stderr: {e}"));
        let status = server.child.wait().unwrap_or_else(|e| panic!("{e}"));
        assert!(!status.success(), "{addr}: {stderr}");
        assert!(stderr.contains(expected), "{addr}: {stderr}");
    }
}
