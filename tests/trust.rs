//! What a candidate or a team reads can be believed, over the real router, catalogue, sandbox
//! and SQLite file: output is cut where the README says in every answer and in the store (a
//! print flood and a huge returned value grow neither past 1 MiB), a candidate's stored bytes
//! have a quota, practice stops at the first failing hidden test and can be cancelled, and in
//! an assessment the automatic submission at Finish never lowers a score.

use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use verdict_store::{AssessmentStore, Clock, ManualClock, NewSubmission, Owner, SqliteStore, Store};
use verdict_tests::http::{Answer, Client};
use verdict_tests::service::{queue, TestService};
use verdict_tests::{eventually_async, Deadline};

const MIB: u64 = 1024 * 1024;
const PI: &str = "import math\n\n\ndef calculate_pi(n):\n    total = 0.0\n    for i in range(1, n):\n        total += 1 / i**2\n    return math.sqrt(6 * total)\n";

fn ok(answer: &Answer, expected: StatusCode, what: &str) -> Value {
    assert_eq!(answer.status, expected, "{what}: {}", answer.text);
    answer.json()
}

/// Bytes of the database and its write-ahead log.
fn database_bytes(data: &Path) -> u64 {
    ["verdict.sqlite3", "verdict.sqlite3-wal"]
        .iter()
        .map(|name| std::fs::metadata(data.join(name)).map_or(0, |m| m.len()))
        .sum()
}

async fn submit(client: &mut Client, problem: &str, code: &str) -> String {
    let answer = client.post("/api/submissions", json!({"problem": problem, "code": code})).await;
    ok(&answer, StatusCode::ACCEPTED, "submit")["id"].as_str().unwrap_or_default().to_owned()
}

/// Follows a submission's events to the end: the raw text and the final submission.
async fn follow(client: &mut Client, id: &str) -> (String, Value) {
    let answer = client.get(&format!("/api/submissions/{id}/events")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let done = answer
        .text
        .split("\n\n")
        .filter(|block| block.contains("event: done"))
        .filter_map(|block| block.lines().find_map(|l| l.strip_prefix("data: ")))
        .last()
        .map(|data| serde_json::from_str::<Value>(data).unwrap_or_else(|e| panic!("done event ({e}): {data}")))
        .unwrap_or_else(|| panic!("no done event in {}", &answer.text[..answer.text.len().min(2000)]));
    (answer.text, done)
}

/// One Run and one Submit of `code`, each checked for the size of its answer and for what it
/// added to the database.
async fn flood_is_bounded(problem: &str, code: &str, verdict: &str) {
    let service = TestService::start(queue(1, 8)).await;
    let mut client = Client::new(service.service.router());
    let data = service.data.path();

    let before = database_bytes(data);
    let run = client.post(&format!("/api/problems/{problem}/run"), json!({"code": code})).await;
    let result = ok(&run, StatusCode::OK, "run");
    assert_eq!(result["verdict"], verdict, "{}", &run.text[..run.text.len().min(2000)]);
    assert!((run.text.len() as u64) < MIB, "Run answered {} bytes", run.text.len());
    let truncated = result["tests"][0]["detail"]["truncated"].as_array().cloned().unwrap_or_default();
    assert!(!truncated.is_empty(), "the cut must be marked: {}", &run.text[..run.text.len().min(2000)]);

    let id = submit(&mut client, problem, code).await;
    let (events, done) = follow(&mut client, &id).await;
    assert_eq!(done["verdict"], verdict, "{done}");
    assert!((events.len() as u64) < MIB, "the events were {} bytes", events.len());
    let fetched = client.get(&format!("/api/submissions/{id}")).await;
    assert!((fetched.text.len() as u64) < MIB, "GET answered {} bytes", fetched.text.len());
    let grown = database_bytes(data).saturating_sub(before);
    assert!(grown < MIB, "the database and its log grew by {grown} bytes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_print_flood_on_a_stdio_problem_is_cut_in_answers_and_in_the_store() {
    flood_is_bounded("shortest-path-grid", "while True:\n    print('spam ' * 20)\n", "OLE").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_returned_value_is_cut_in_answers_and_in_the_store() {
    flood_is_bounded("reverse-words", "def reverse_words(s):\n    return 'x' * 20_000_000\n", "WA").await;
}

#[test]
fn a_candidate_cannot_store_more_than_their_quota() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = SqliteStore::open_dir(dir.path()).unwrap_or_else(|e| panic!("{e}")).with_candidate_quota(100_000);
    let code = "x".repeat(40_000);
    let (alice, bob) = (Owner::Practice("alice".into()), Owner::Practice("bob".into()));
    for id in ["a", "b"] {
        store
            .create_submission(&NewSubmission { id, owner: &alice, problem: "p", code: &code, package: None })
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let third =
        store.create_submission(&NewSubmission { id: "c", owner: &alice, problem: "p", code: &code, package: None });
    assert!(
        matches!(third, Err(verdict_store::StoreError::QuotaExceeded { used: 80_000, limit: 100_000 })),
        "{third:?}"
    );
    assert!(store.submission("c").unwrap_or_else(|e| panic!("{e}")).is_none(), "nothing stored");
    store
        .create_submission(&NewSubmission { id: "d", owner: &bob, problem: "p", code: &code, package: None })
        .expect("another candidate's share");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn practice_stops_at_the_first_failing_hidden_test_after_every_sample() {
    let service = TestService::start(queue(1, 8)).await;
    let mut client = Client::new(service.service.router());
    let id = submit(&mut client, "calculate-pi", "def calculate_pi(n):\n    return 3.0\n").await;
    let (_, done) = follow(&mut client, &id).await;
    assert_eq!(done["verdict"], "WA", "{done}");
    assert_eq!(done["stopped"], "first_failure", "{done}");
    let tests = done["tests"].as_array().cloned().unwrap_or_default();
    let not_run = done["not_run"].as_u64().unwrap_or_default();
    assert!(not_run > 0, "{done}");
    let problem = ok(&client.get("/api/problems/calculate-pi").await, StatusCode::OK, "problem");
    let samples = problem["samples"].as_array().map_or(0, Vec::len);
    assert!(tests.iter().filter(|t| t["visibility"] == "sample").count() == samples, "every sample ran: {done}");
    assert_eq!(tests.len() as u64 + not_run, 10, "every test of calculate-pi ran or is counted as not run: {done}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_practice_submission_can_be_cancelled() {
    let service = TestService::start(queue(1, 8)).await;
    let mut client = Client::new(service.service.router());
    let id = submit(&mut client, "calculate-pi", "def calculate_pi(n):\n    while True:\n        pass\n").await;
    // Running, not queued: a queued one is cancelled before a test is counted.
    let deadline = Deadline::start();
    while ok(&client.get(&format!("/api/submissions/{id}")).await, StatusCode::OK, "read")["state"] != "running" {
        deadline.tick_async("the submission to be claimed").await;
    }
    let cancel = client.post(&format!("/api/submissions/{id}/cancel"), json!({})).await;
    ok(&cancel, StatusCode::ACCEPTED, "cancel");
    let (_, done) = follow(&mut client, &id).await;
    assert_eq!(done["state"], "cancelled", "{done}");
    assert_eq!(done["verdict"], Value::Null, "{done}");
    assert!(done["not_run"].as_u64().unwrap_or_default() > 0, "{done}");
    let again = client.post(&format!("/api/submissions/{id}/cancel"), json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    // Another candidate cannot cancel it.
    let mut stranger = Client::new(service.service.router());
    let foreign = stranger.post(&format!("/api/submissions/{id}/cancel"), json!({})).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.text);
}

async fn member(service: &TestService, router: &Router) -> Client {
    let store = SqliteStore::open_dir(service.data.path()).unwrap_or_else(|e| panic!("{e}"));
    let token = verdict_accounts::new_token(verdict_accounts::TokenKind::Setup);
    store
        .create_user(
            "lead",
            "lead@acme.test",
            "Acme",
            verdict_store::Role::Admin,
            &verdict_accounts::token_hash(&token),
            i64::MAX,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let mut client = Client::new(router.clone());
    let answer = client.post("/api/auth/setup", json!({"token": token, "password": "correct horse battery"})).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_automatic_submission_at_finish_never_lowers_a_score() {
    let clock = Arc::new(ManualClock::at_system_time());
    let service = TestService::start_with_clock(queue(2, 16), clock.clone()).await;
    let router = service.service.router();
    let mut team = member(&service, &router).await;
    let now = clock.now();
    let rfc = |millis: i64| humantime::format_rfc3339(std::time::UNIX_EPOCH + Duration::from_millis(millis as u64));
    let spec = json!({
        "title": "Backend", "instructions": "One problem.", "duration_minutes": 30,
        "opens_at": rfc(now - 60_000).to_string(), "closes_at": rfc(now + 86_400_000).to_string(),
        "problems": [{"slug": "calculate-pi", "points": 10}],
    });
    let assessment = ok(&team.post("/api/assessments", spec).await, StatusCode::CREATED, "create");
    let id = assessment["id"].as_str().unwrap_or_default().to_owned();
    let invite_path = format!("/api/assessments/{id}/invitations");
    let invited = team.post(&invite_path, json!({"name": "Ada", "email": "a@x.test"})).await;
    let invited = ok(&invited, StatusCode::CREATED, "invite");
    let link = invited["link"].as_str().unwrap_or_default();
    let token = link.rsplit_once("#/a/").map(|(_, t)| t.to_owned()).unwrap_or_default();
    let invitation = invited["invitation"]["id"].as_str().unwrap_or_default().to_owned();
    let base = format!("/api/attempts/{token}");
    let mut ada = Client::new(router.clone());
    ok(&ada.post(&format!("{base}/start"), json!({})).await, StatusCode::OK, "start");

    // Accepted, then edited into a syntax error that Finish submits.
    let submitted = ada.post(&format!("{base}/submissions"), json!({"problem": "calculate-pi", "code": PI})).await;
    let accepted = ok(&submitted, StatusCode::ACCEPTED, "submit")["id"].as_str().unwrap_or_default().to_owned();
    wait_graded(&service, &accepted).await;
    let broken = "def calculate_pi(n):\n    return (\n";
    let saved = ada.put(&format!("{base}/drafts/calculate-pi"), json!({"code": broken})).await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT, "draft: {}", saved.text);
    let before = ok(&ada.get(&base).await, StatusCode::OK, "attempt");
    assert_eq!(before["problems"][0]["draft_pending"], true, "{before}");
    assert_eq!(before["problems"][0]["best_verdict"], "AC", "{before}");
    ok(&ada.post(&format!("{base}/finish"), json!({})).await, StatusCode::OK, "finish");

    let deadline = Deadline::start();
    let report = loop {
        let report = ok(&team.get(&format!("/api/assessments/{id}/report")).await, StatusCode::OK, "report");
        if report["candidates"][0]["problems"][0]["state"] != "queued"
            && report["candidates"][0]["problems"][0]["state"] != "running"
        {
            let detail = team.get(&format!("/api/assessments/{id}/candidates/{invitation}")).await;
            let detail = ok(&detail, StatusCode::OK, "candidate");
            let submissions = detail["problems"][0]["submissions"].as_array().cloned().unwrap_or_default();
            if submissions.iter().all(|s| s["state"] != "queued" && s["state"] != "running") {
                break (report, detail);
            }
        }
        deadline.tick_async("the report and the submissions to settle").await;
    };
    let (report, detail) = report;
    assert_eq!(report["candidates"][0]["problems"][0]["score"], 10.0, "the AC still counts: {report}");
    let submissions = detail["problems"][0]["submissions"].as_array().cloned().unwrap_or_default();
    let origins: Vec<(&str, &str)> = submissions
        .iter()
        .map(|s| (s["verdict"].as_str().unwrap_or("-"), s["origin"].as_str().unwrap_or("-")))
        .collect();
    assert_eq!(origins, [("CE", "finish"), ("AC", "candidate")], "newest first, the automatic one marked");
}

/// Waits until the store has graded a submission.
async fn wait_graded(service: &TestService, id: &str) {
    let store = SqliteStore::open_dir(service.data.path()).unwrap_or_else(|e| panic!("{e}"));
    eventually_async(&format!("submission {id} to be graded"), || async {
        store.submission(id).ok().flatten().is_some_and(|s| s.state.is_final()).then_some(())
    })
    .await;
}
