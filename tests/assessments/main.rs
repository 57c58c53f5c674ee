//! Timed assessments over HTTP, on the real router, catalogue, sandbox and a real SQLite file,
//! with the service's one clock set by the test: a team member made by `verdict admin
//! create-user` signs in, builds an assessment and invites two candidates; both start, run and
//! submit; one runs out of time and has their last draft graded, a submission after the
//! deadline is refused, extra time moves the other's deadline, and the report, the CSV and the
//! audit log hold the right figures. Pools (one problem drawn per candidate) and seeded variants
//! (each candidate's own generated tests). Then every way of reaching data that is not yours, the
//! rules an assessment's input, origins and extra time are held to, sign-in under pressure, and
//! the headers of team and attempt answers.

mod access;
mod explained;
mod flow;
mod headers;
mod integrity;
mod pools;
mod private;
mod rules;
mod sign_in;
mod suites;
mod walk;

use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};
use std::time::Duration;
use verdict_store::{AssessmentStore, SqliteStore};
use verdict_tests::http::{Answer, Client};
use verdict_tests::service::TestService;
use verdict_tests::Deadline;

const PI: &str = "import math\n\n\ndef calculate_pi(n):\n    total = 0.0\n    for i in range(1, n):\n        total += 1 / i**2\n    return math.sqrt(6 * total)\n";
const PALINDROME: &str =
    "def is_palindrome(s):\n    kept = [c.lower() for c in s if c.isalnum()]\n    return kept == kept[::-1]\n";
const MINUTE: u64 = 60;

fn ok(answer: &Answer, expected: StatusCode, what: &str) -> Value {
    assert_eq!(answer.status, expected, "{what}: {}", answer.text);
    if answer.text.is_empty() {
        Value::Null
    } else {
        answer.json()
    }
}

fn rfc3339(millis: i64) -> String {
    humantime::format_rfc3339(std::time::UNIX_EPOCH + Duration::from_millis(millis as u64)).to_string()
}

/// A team member made straight in the store (the CLI path is tested in the whole flow), signed
/// in through the setup link.
async fn member(service: &TestService, router: &Router, email: &str, team: &str) -> Client {
    let token = setup_token(service, email, team);
    let mut client = Client::new(router.clone());
    let answer = client.post("/api/auth/setup", json!({"token": token, "password": "correct horse battery"})).await;
    ok(&answer, StatusCode::NO_CONTENT, "setup");
    client
}

fn assessment_input(now: i64, problems: Value) -> Value {
    json!({
        "title": "Backend engineer",
        "instructions": "Two problems. **Good luck.**",
        "duration_minutes": 30,
        "opens_at": rfc3339(now - 60_000),
        "closes_at": rfc3339(now + 86_400_000),
        "problems": problems,
    })
}

/// The token at the end of a candidate link.
fn token_of(link: &str) -> String {
    link.rsplit_once("#/a/").map(|(_, t)| t.to_owned()).unwrap_or_else(|| panic!("no token in {link}"))
}

/// Polls the report until no submission is waiting or being graded.
async fn settled_report(team: &mut Client, assessment: &str) -> Value {
    let deadline = Deadline::start();
    loop {
        let report = ok(&team.get(&format!("/api/assessments/{assessment}/report")).await, StatusCode::OK, "report");
        let pending = report["candidates"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["problems"].as_array().into_iter().flatten())
            .any(|p| matches!(p["state"].as_str(), Some("queued" | "running")));
        if !pending {
            return report;
        }
        deadline.tick_async("grading to settle").await;
    }
}

fn row<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["candidates"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

/// A member of `team` made in the store with a setup token, not yet signed in: the token.
fn setup_token(service: &TestService, email: &str, team: &str) -> String {
    let store = SqliteStore::open_dir(service.data.path()).unwrap_or_else(|e| panic!("{e}"));
    let token = verdict_accounts::new_token(verdict_accounts::TokenKind::Setup);
    let id = email.replace(['@', '.'], "-");
    store
        .create_user(&id, email, team, verdict_store::Role::Admin, &verdict_accounts::token_hash(&token), i64::MAX)
        .unwrap_or_else(|e| panic!("{e}"));
    token
}

fn login_body(password: &str) -> Value {
    json!({"email": "lead@acme.test", "password": password})
}
