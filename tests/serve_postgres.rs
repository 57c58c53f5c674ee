//! `verdict serve` and `verdict admin` with `--database-url`: everything goes to PostgreSQL
//! (nothing to the data directory), a submission made through the API gets its verdict, and a
//! database that cannot be reached is named without its password.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use verdict_pgtest::ScratchDatabase;
use verdict_store::{AssessmentStore, Owner, PgStore, Store};
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

#[test]
fn a_submission_through_a_server_on_postgresql_gets_its_verdict() {
    let database = ScratchDatabase::create("verdict_serve");
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(binary("verdict"))
        .args(["serve", "--addr", "127.0.0.1:0", "--no-warm", "--workers", "1", "--problems"])
        .arg(workspace_root().join("problems"))
        .arg("--data")
        .arg(data.path())
        .args(["--database-url", database.url()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting verdict serve: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap_or_else(|e| panic!("reading stdout: {e}"));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    let client = reqwest::blocking::Client::new();
    let answer: Value = client
        .post(format!("{url}/api/submissions"))
        .header("cookie", COOKIE)
        .json(&json!({"problem": "calculate-pi", "code": GOOD_PI}))
        .send()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .unwrap_or_else(|e| panic!("submitting: {e}"));
    let id = answer["id"].as_str().unwrap_or_else(|| panic!("no id in {answer}")).to_owned();
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
