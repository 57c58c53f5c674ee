//! `verdict serve` as a process: it prints the address it listens on, and on SIGTERM it stops
//! gracefully; what it was judging then is finished within the grace or put back in the queue,
//! and a restart on the same data judges whatever is left, each submission once. Nothing
//! accepted is lost. Links use the listening address, never the request's Host, and listening
//! beyond loopback needs --public-url.

use serde_json::{json, Value};
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use verdict_store::{Owner, SqliteStore, Store, SubmissionState};
use verdict_tests::gate::{calculate_pi_behind, Gate};
use verdict_tests::serve::ServeProcess as Server;
use verdict_tests::{binary, catalogue, eventually, workspace_root};

fn start(data: &Path) -> Server {
    start_on(&workspace_root().join("problems"), data, &[])
}

/// `verdict serve` with one worker on the catalogue in `problems`, with `extra` arguments.
fn start_on(problems: &Path, data: &Path, extra: &[&str]) -> Server {
    let mut args = vec![OsString::from("--workers"), "1".into(), "--problems".into(), problems.into()];
    args.extend([OsString::from("--data"), data.into()]);
    args.extend(extra.iter().map(OsString::from));
    Server::start(args)
}

const CANDIDATE: &str = "0123456789abcdef0123456789abcdef";
const COOKIE: &str = "verdict_candidate=0123456789abcdef0123456789abcdef";
const GOOD_PI: &str =
    "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";
/// The patient calculate-pi's tests: the sample and two hidden ones.
const TESTS: usize = 3;

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

/// What the store holds for a submission while no server runs: its state and how many tests.
fn stored(data: &Path, id: &str) -> (SubmissionState, Option<String>, usize) {
    let store = SqliteStore::open_dir(data).unwrap_or_else(|e| panic!("{e}"));
    let record = store.submission(id).unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|| panic!("{id} was lost"));
    (record.state, record.verdict, record.tests.len())
}

#[test]
fn sigterm_finishes_or_requeues_and_a_restart_judges_each_submission_once() {
    let problems = catalogue::patient("calculate-pi", TESTS - 1);
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let client = reqwest::blocking::Client::new();
    let finishing = Gate::new("finishing");
    let interrupted = Gate::new("interrupted");

    // One worker: the first submission is being judged (held at its gate), the second waits.
    let server = start_on(problems.path(), data.path(), &[]);
    let health: Value = client
        .get(format!("{}/api/health", server.url))
        .send()
        .and_then(|r| r.json())
        .unwrap_or_else(|e| panic!("health: {e}"));
    assert_eq!(health["status"], "ok");
    let first = submit(&client, &server.url, &calculate_pi_behind(&finishing));
    let waiting = submit(&client, &server.url, GOOD_PI);
    finishing.wait_parked(1);
    // Let the first go only once the server is stopping: it finishes within the grace, and the
    // worker takes nothing more.
    server.sigterm();
    let opener = finishing.keep_open();
    let status = server.exit_status();
    assert!(status.success(), "verdict serve exited {status}");
    assert_eq!(opener.stop(), TESTS, "the first submission's tests ran once each");
    assert_eq!(stored(data.path(), &first), (SubmissionState::Finished, Some("AC".into()), TESTS));
    assert_eq!(stored(data.path(), &waiting), (SubmissionState::Queued, None, 0), "never started, still queued");

    // No grace: the restart judges the waiting one, and one being judged at SIGTERM is put back.
    let server = start_on(problems.path(), data.path(), &["--shutdown-grace", "0"]);
    let stopped_mid_judging = submit(&client, &server.url, &calculate_pi_behind(&interrupted));
    let held = interrupted.wait_parked(1);
    // In order, on one worker: the waiting one was judged before this one started.
    let view = read(&client, &server.url, &waiting);
    assert_eq!((&view["state"], &view["verdict"]), (&json!("finished"), &json!("AC")), "{view}");
    let status = server.terminate();
    assert!(status.success(), "verdict serve exited {status}");
    assert_eq!(
        stored(data.path(), &stopped_mid_judging),
        (SubmissionState::Queued, None, 0),
        "interrupted judging goes back to the queue, without its partial results"
    );
    eventually("the interrupted runs to end with their server", || held.iter().all(|m| !m.exists()).then_some(()));

    // The next start judges it again, from its first test, once.
    let server = start_on(problems.path(), data.path(), &[]);
    let opener = interrupted.keep_open();
    let view = eventually("the requeued submission's verdict", || {
        Some(read(&client, &server.url, &stopped_mid_judging))
            .filter(|v| v["state"] != "queued" && v["state"] != "running")
    });
    assert_eq!((&view["state"], &view["verdict"]), (&json!("finished"), &json!("AC")), "{view}");
    assert_eq!(view["tests"].as_array().map(Vec::len), Some(TESTS), "{view}");
    assert_eq!(opener.stop(), TESTS, "after the restart, each test ran once");
    let store = SqliteStore::open_dir(data.path()).unwrap_or_else(|e| panic!("{e}"));
    let history =
        store.submissions_of(&Owner::Practice(CANDIDATE.into()), "calculate-pi", 10).unwrap_or_else(|e| panic!("{e}"));
    let verdicts: Vec<(&str, Option<&str>)> = history.iter().map(|s| (s.id.as_str(), s.verdict.as_deref())).collect();
    assert_eq!(
        verdicts,
        [(stopped_mid_judging.as_str(), Some("AC")), (waiting.as_str(), Some("AC")), (first.as_str(), Some("AC"))],
        "each submission once, newest first"
    );
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

    let read_before = Instant::now();

    // SIGKILL: no chance to tidy up.
    let mut server = server;
    server.child.kill().unwrap_or_else(|e| panic!("SIGKILL: {e}"));
    server.child.wait().unwrap_or_else(|e| panic!("{e}"));
    drop(server);

    let server = start(data.path());
    let url = server.url.clone();
    let between_ms = read_before.elapsed().as_millis() as i64;
    let (status, after, _) = call(&client, Method::GET, &format!("{url}{attempt}"), None, None);
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["status"], "started");
    assert_eq!(after["deadline"], before["deadline"], "the deadline is stored, not restarted");
    let (remaining_before, remaining_after) =
        (before["remaining_ms"].as_i64().unwrap_or(0), after["remaining_ms"].as_i64().unwrap_or(0));
    // At least the time between the two reads went off the timer, the downtime included (a
    // millisecond for rounding); a timer that paused while the server was down would not have.
    assert!(
        remaining_before - remaining_after >= between_ms - 1,
        "the timer stood still while the server was down: {remaining_before} ms before, {remaining_after} ms \
         after, {between_ms} ms between the two reads"
    );
    let (_, kept, _) = call(&client, Method::GET, &format!("{url}{attempt}/drafts/is-palindrome"), None, None);
    assert_eq!(kept["code"], draft, "the saved draft survived");
    let (_, me, _) = call(&client, Method::GET, &format!("{url}/api/auth/me"), Some(&session), None);
    assert_eq!(me["email"], "lead@acme.test", "the session survived");
    let view = eventually("the submission made before the crash graded", || {
        let (_, view, _) =
            call(&client, Method::GET, &format!("{url}{attempt}/submissions/{submission_id}"), None, None);
        Some(view).filter(|v| v["state"] != "queued" && v["state"] != "running")
    });
    assert_eq!((&view["state"], &view["verdict"]), (&json!("finished"), &json!("AC")), "{view}");
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
