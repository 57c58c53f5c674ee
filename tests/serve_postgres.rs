//! `verdict serve` and `verdict admin` with `--database-url`: everything goes to PostgreSQL
//! (nothing to the data directory), a submission made through the API gets its verdict, a
//! serve node without workers leaves the judging to a `verdict worker` on the same database
//! (followed live from the serve node), its runs too (samples and custom input, answered as a
//! node with workers answers them; with no worker alive, given up after the node's wait with
//! nothing left stored), and a database that cannot be reached is named without its password.

use serde_json::{json, Value};
use std::ffi::OsString;
use std::process::{Child, Command, Stdio};
use verdict_pgtest::ScratchDatabase;
use verdict_store::{AssessmentStore, Owner, PgStore, Store};
use verdict_tests::serve::ServeProcess;
use verdict_tests::{binary, eventually, workspace_root};

const COOKIE: &str = "verdict_candidate=0123456789abcdef0123456789abcdef";
const CANDIDATE: &str = "0123456789abcdef0123456789abcdef";
const GOOD_PI: &str =
    "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `verdict serve` on `database` with `workers` workers and the `extra` arguments: the process
/// and its address.
fn serve(database: &ScratchDatabase, data: &std::path::Path, workers: &str, extra: &[&str]) -> (ServeProcess, String) {
    let mut args: Vec<OsString> = vec!["--workers".into(), workers.into()];
    args.extend(extra.iter().map(OsString::from));
    args.extend(["--problems".into(), workspace_root().join("problems").into(), "--data".into(), data.into()]);
    args.extend(["--database-url".into(), database.url().into()]);
    let server = ServeProcess::start(args);
    let url = server.url.clone();
    (server, url)
}

fn submit(client: &reqwest::blocking::Client, url: &str) -> String {
    let answer: Value = client
        .post(format!("{url}/api/submissions"))
        .header("cookie", COOKIE)
        .json(&json!({"problem": "calculate-pi", "code": GOOD_PI}))
        .send()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .unwrap_or_else(|e| panic!("submitting: {e}"));
    answer["id"].as_str().unwrap_or_else(|| panic!("no id in {answer}")).to_owned()
}

#[test]
fn a_submission_through_a_server_on_postgresql_gets_its_verdict() {
    let database = ScratchDatabase::create("verdict_serve");
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (server, url) = serve(&database, data.path(), "1", &[]);
    let client = reqwest::blocking::Client::new();
    let id = submit(&client, &url);
    let view = eventually("the submission's verdict", || {
        let view: Value = client
            .get(format!("{url}/api/submissions/{id}"))
            .header("cookie", COOKIE)
            .send()
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("reading {id}: {e}"));
        (view["state"] != "queued" && view["state"] != "running").then_some(view)
    });
    assert_eq!((&view["state"], &view["verdict"]), (&json!("finished"), &json!("AC")), "{view}");
    drop(server);
    let store = PgStore::open(database.url()).unwrap_or_else(|e| panic!("{e}"));
    let stored = store.submission(&id).unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|| panic!("{id} not stored"));
    assert_eq!((stored.owner, stored.verdict.as_deref()), (Owner::Practice(CANDIDATE.into()), Some("AC")));
    let left: Vec<_> =
        std::fs::read_dir(data.path()).map(|d| d.flatten().map(|e| e.file_name()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "nothing goes to the data directory: {left:?}");
}

/// Runs `code` on calculate-pi's samples, or on `input`: the status and the answer.
fn run(client: &reqwest::blocking::Client, url: &str, input: Option<Value>) -> (reqwest::StatusCode, Value) {
    let mut body = json!({"code": GOOD_PI});
    if let Some(input) = input {
        body["input"] = input;
    }
    let answer = client
        .post(format!("{url}/api/problems/calculate-pi/run"))
        .header("cookie", COOKIE)
        .json(&body)
        .send()
        .unwrap_or_else(|e| panic!("running: {e}"));
    let status = answer.status();
    (status, answer.json().unwrap_or_else(|e| panic!("the run's answer: {e}")))
}

/// A run's answer without what differs from one run to the next (times and memory).
fn without_measures(mut answer: Value) -> Value {
    for test in answer["tests"].as_array_mut().into_iter().flatten() {
        for measure in ["cpu_ms", "wall_ms", "memory_kib"] {
            test.as_object_mut().map(|test| test.remove(measure));
        }
    }
    answer
}

/// Runs stored in the database, on every node.
fn stored_runs(database: &ScratchDatabase) -> i64 {
    let row = database.connect().query_one("SELECT COUNT(*) FROM runs", &[]);
    row.unwrap_or_else(|e| panic!("counting the stored runs: {e}")).get(0)
}

#[test]
fn a_serve_node_without_workers_leaves_the_judging_and_its_runs_to_a_worker_node() {
    let database = ScratchDatabase::create("verdict_worker");
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (_server, url) = serve(&database, data.path(), "0", &["--run-wait-seconds", "2"]);
    // A stream that never ends (nothing judging) fails the test instead of hanging it.
    let client = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let id = submit(&client, &url);
    // No worker is alive: the run is stored, waited for as long as the node was told, then
    // given up with an answer that says so, and nothing is left stored.
    let asked = std::time::Instant::now();
    let (status, answer) = run(&client, &url, None);
    let waited = asked.elapsed();
    assert_eq!((status, &answer["error"]["code"]), (reqwest::StatusCode::SERVICE_UNAVAILABLE, &json!("no_worker")));
    let message = answer["error"]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("no worker judged this run within 2 s"), "{answer}");
    assert!(waited >= std::time::Duration::from_secs(2), "gave up after {waited:?}");
    assert_eq!(stored_runs(&database), 0, "a run given up is deleted");

    let logs = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = std::fs::File::create(logs.path().join("worker.log")).unwrap_or_else(|e| panic!("{e}"));
    let worker = Command::new(binary("verdict"))
        .args(["worker", "--no-warm", "--log-json", "--workers", "1", "--problems"])
        .arg(workspace_root().join("problems"))
        .env("DATABASE_URL", database.url())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("starting verdict worker: {e}"));
    let worker_pid = worker.id();
    let mut worker = Server(worker);
    // Followed on the serve node while the worker judges: the stream ends with the verdict.
    let stream = client
        .get(format!("{url}/api/submissions/{id}/events"))
        .header("cookie", COOKIE)
        .send()
        .and_then(|r| r.text())
        .unwrap_or_else(|e| panic!("following {id}: {e}"));
    let done = stream.rsplit("event: done\ndata: ").next().unwrap_or_default().lines().next().unwrap_or_default();
    let done: Value = serde_json::from_str(done).unwrap_or_else(|e| panic!("{e}: {stream}"));
    assert_eq!((&done["state"], &done["verdict"]), (&json!("finished"), &json!("AC")), "{stream}");
    let judged_by: Option<String> = database
        .connect()
        .query_one("SELECT judged_by FROM submissions WHERE id = $1", &[&id])
        .unwrap_or_else(|e| panic!("{e}"))
        .get(0);
    assert!(judged_by.is_some_and(|by| by.contains(&format!(":{worker_pid}/"))), "judged by the worker process");

    // The samples and a custom input, run through the serve node, judged by the worker.
    let custom = json!({"args": [1000]});
    let (samples_status, samples) = run(&client, &url, None);
    let (custom_status, custom_run) = run(&client, &url, Some(custom.clone()));
    assert_eq!((samples_status, custom_status), (reqwest::StatusCode::OK, reqwest::StatusCode::OK), "{samples}");
    assert_eq!((&samples["verdict"], &custom_run["verdict"]), (&json!("AC"), &json!("AC")), "{custom_run}");
    assert_eq!(custom_run["tests"][0]["detail"]["input"], json!({"args": [1000], "kwargs": {}}), "{custom_run}");
    let worker_log = std::fs::read_to_string(logs.path().join("worker.log")).unwrap_or_else(|e| panic!("{e}"));
    let judged = worker_log.lines().filter(|l| l.contains("judged a stored run")).count();
    assert_eq!(judged, 2, "both runs judged by the worker process: {worker_log}");
    assert_eq!(stored_runs(&database), 0, "a run answered is deleted");

    // SIGTERM drains the worker like a serve node: it exits on its own, successfully.
    let pid = nix::unistd::Pid::from_raw(i32::try_from(worker_pid).unwrap_or_default());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap_or_else(|e| panic!("SIGTERM: {e}"));
    let status = eventually("verdict worker to exit", || worker.0.try_wait().unwrap_or_else(|e| panic!("{e}")));
    assert!(status.success(), "verdict worker exited {status}");

    // A node with workers answers the same runs itself, in the same shape with the same data.
    let (_judging, judging_url) = serve(&database, data.path(), "1", &[]);
    let (status, here) = run(&client, &judging_url, None);
    assert_eq!(status, reqwest::StatusCode::OK, "{here}");
    assert_eq!(without_measures(samples), without_measures(here), "the samples, stored or not");
    let (status, here) = run(&client, &judging_url, Some(custom));
    assert_eq!(status, reqwest::StatusCode::OK, "{here}");
    assert_eq!(without_measures(custom_run), without_measures(here), "a custom input, stored or not");
}

#[test]
fn admin_creates_a_user_in_the_database_of_database_url() {
    let database = ScratchDatabase::create("verdict_admin");
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new(binary("verdict"))
        .args(["admin", "create-user", "lead@x.test", "--team", "Hiring", "--data"])
        .arg(data.path())
        .env("DATABASE_URL", database.url())
        .output()
        .unwrap_or_else(|e| panic!("verdict admin: {e}"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let store = PgStore::open(database.url()).unwrap_or_else(|e| panic!("{e}"));
    let user = store.user_for_login("LEAD@x.test").unwrap_or_else(|e| panic!("{e}")).map(|(user, _)| user.team_name);
    assert_eq!(user.as_deref(), Some("Hiring"));
}

#[test]
fn a_database_that_cannot_be_reached_is_named_without_its_password() {
    // Port 1 on loopback: nothing listens there.
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new(binary("verdict"))
        .args(["admin", "create-user", "lead@x.test", "--data"])
        .arg(data.path())
        .args(["--database-url", "postgresql://verdict:hunter2@127.0.0.1:1/verdict"])
        .output()
        .unwrap_or_else(|e| panic!("verdict admin: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("postgresql://verdict@127.0.0.1:1/verdict"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
}
