//! The fast API tier: the whole HTTP API in-process (the real router, two problems of the real
//! catalogue, a real SQLite file) with a scripted judge behind the queue's judge seam, so it
//! runs without root and without the sandbox, in about a second. It sits beside the end-to-end
//! tests (`tests/api.rs`, `tests/assessments.rs`, ...), which judge for real.
//!
//! Covered: a submission's life (submit, events, fetch, history), what a candidate may see of
//! each test, the store's cost of one submission, a full queue (429), waiting and running,
//! cancelling, a restart judging again what was accepted, shutdown putting back what it cut
//! short, rows stored in the old view form, an assessment attempt's submission, a debugging
//! problem's budget and changes, the OpenAPI document as served, two nodes sharing one
//! PostgreSQL (the test cluster of `scripts/with-postgres.sh`), which role may call which
//! endpoint (every endpoint of the document, with each role and none), webhooks delivered
//! to a real receiver on loopback, no candidate cookie on a cacheable asset, and practice's
//! learning aids (hints, write-up, acceptance, tracks) and their absence from attempts.

mod aids;
mod attempt;
mod debugging;
mod nodes;
mod roles;
mod scripted;
mod webhooks;

use axum::http::{header, StatusCode};
use scripted::{Gate, ScriptedJudge, TESTS};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use verdict_server::queue::QueueConfig;
use verdict_server::Service;
use verdict_store::{JobStore, NewSubmission, Outcome, Owner, SqliteStore, Store};
use verdict_tests::http::Client;
use verdict_tests::service::{problems_dir, queue};

/// A service judging with the scripted judge, its store and the folder holding it.
struct Fast {
    service: Service,
    store: Arc<SqliteStore>,
    gate: Gate,
    _data: tempfile::TempDir,
}

impl Fast {
    async fn start(queue: QueueConfig) -> Self {
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let (service, store, gate) = start_in(data.path(), queue).await;
        Self { service, store, gate, _data: data }
    }

    /// A service whose worker is held judging a `# wait` submission (its first test done): the
    /// service, the submitter and the submission.
    async fn busy(queue: QueueConfig) -> (Self, Client, String) {
        let mut fast = Self::start(queue).await;
        let mut client = fast.client();
        let id = submit(&mut client, "# wait\n").await;
        fast.gate.started().await;
        (fast, client, id)
    }

    fn client(&self) -> Client {
        Client::new(self.service.router())
    }

    /// A member of `team` made in the store as `create-user` makes one, signed in through
    /// their setup token.
    async fn member(&self, email: &str, team: &str, role: verdict_store::Role) -> Client {
        let token = verdict_accounts::new_token(verdict_accounts::TokenKind::Setup);
        let hash = verdict_accounts::token_hash(&token);
        let id = email.replace(['@', '.'], "-");
        verdict_store::AssessmentStore::create_user(self.store.as_ref(), &id, email, team, role, &hash, i64::MAX)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut client = self.client();
        let answer = client.post("/api/auth/setup", json!({"token": token, "password": "correct horse battery"})).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "setup: {}", answer.text);
        client
    }
}

/// The problems these tests use, copied out of the catalogue: loading all of it would take
/// most of each test's time.
const PROBLEMS: [&str; 2] = ["calculate-pi", verdict_server::DEFAULT_PRACTICE_PROBLEM];

async fn start_in(data: &Path, queue: QueueConfig) -> (Service, Arc<SqliteStore>, Gate) {
    let store = Arc::new(SqliteStore::open_dir(data).unwrap_or_else(|e| panic!("opening the store: {e}")));
    let (service, gate) = start_on(Arc::clone(&store) as Arc<dyn Store>, data, queue).await;
    (service, store, gate)
}

/// A service on `store` judging with the scripted judge, its catalogue copied under `data`.
async fn start_on(store: Arc<dyn Store>, data: &Path, queue: QueueConfig) -> (Service, Gate) {
    start_with(store, data, queue, verdict_server::Options::default()).await
}

/// [`start_on`] with the service's options.
async fn start_with(
    store: Arc<dyn Store>,
    data: &Path,
    queue: QueueConfig,
    options: verdict_server::Options,
) -> (Service, Gate) {
    let catalogue = data.join("problems");
    for slug in PROBLEMS {
        verdict_tests::copy_dir(&problems_dir().join(slug), &catalogue.join(slug));
    }
    let fixtures = verdict_tests::workspace_root().join("tests/fixtures");
    verdict_tests::copy_dir(&fixtures.join(debugging::SLUG), &catalogue.join(debugging::SLUG));
    std::fs::write(catalogue.join(verdict_catalog::TRACKS_FILE), aids::TRACKS)
        .unwrap_or_else(|e| panic!("tracks: {e}"));
    let (judge, gate) = ScriptedJudge::new();
    let service = Service::start_with_grader(
        &catalogue,
        store,
        Arc::new(judge),
        queue,
        PathBuf::from("/nonexistent-web"),
        options,
    )
    .await
    .unwrap_or_else(|e| panic!("starting the service: {e}"));
    (service, gate)
}

/// `(event, data)` pairs of a whole server-sent-event stream.
fn events_of(stream: &str) -> Vec<(String, Value)> {
    let mut events = Vec::new();
    let mut name = None;
    for line in stream.lines() {
        if let Some(event) = line.strip_prefix("event: ") {
            name = Some(event.to_owned());
        } else if let (Some(data), Some(event)) = (line.strip_prefix("data: "), name.take()) {
            let data = serde_json::from_str(data).unwrap_or_else(|e| panic!("event data ({e}): {data}"));
            events.push((event, data));
        }
    }
    events
}

async fn submit(client: &mut Client, code: &str) -> String {
    let answer = client.post("/api/submissions", json!({"problem": "calculate-pi", "code": code})).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
    let id = answer.json()["id"].as_str().unwrap_or_default().to_owned();
    let location = answer.headers.get(header::LOCATION).and_then(|v| v.to_str().ok());
    assert_eq!(location, Some(format!("/api/submissions/{id}").as_str()));
    id
}

/// Follows a submission to its end: every event, and the answer's text.
async fn follow(client: &mut Client, uri: &str) -> (Vec<(String, Value)>, String) {
    let answer = client.get(uri).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    (events_of(&answer.text), answer.text)
}

/// Submits `code` and follows it to its end: its id, every event, and the stream's text.
async fn judged(client: &mut Client, code: &str) -> (String, Vec<(String, Value)>, String) {
    let id = submit(client, code).await;
    let (events, stream) = follow(client, &format!("/api/submissions/{id}/events")).await;
    (id, events, stream)
}

fn done(events: &[(String, Value)]) -> Value {
    match events.last() {
        Some((name, data)) if name == "done" => data.clone(),
        other => panic!("the stream did not end with `done`: {other:?}"),
    }
}

/// The test numbers of the `test` events, each checked to come once.
fn test_events(events: &[(String, Value)]) -> Vec<u64> {
    let numbers: Vec<u64> =
        events.iter().filter(|(name, _)| name == "test").filter_map(|(_, data)| data["number"].as_u64()).collect();
    let unique: BTreeSet<u64> = numbers.iter().copied().collect();
    assert_eq!(unique.len(), numbers.len(), "a test was sent twice: {numbers:?}");
    numbers
}

fn assert_no_hidden_data(texts: &[&str]) {
    for text in texts {
        assert!(!text.contains("hidden-data"), "an answer shows a hidden test's data: {text}");
    }
}

#[tokio::test]
async fn a_submission_is_followed_fetched_and_listed_and_costs_one_commit_per_test_plus_three() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut client = fast.client();
    let before = fast.store.commits();
    let (id, events, stream) = judged(&mut client, "def calculate_pi(n):\n    return 3.14\n").await;
    assert_eq!(events.first().map(|(name, _)| name.as_str()), Some("state"), "{events:?}");
    assert_eq!(test_events(&events).into_iter().collect::<BTreeSet<_>>(), (1..=TESTS as u64).collect());
    let finished = done(&events);
    assert_eq!(
        (finished["state"].as_str(), finished["verdict"].as_str(), finished["score"].as_f64()),
        (Some("finished"), Some("AC"), Some(1.0)),
        "{finished}"
    );
    // Created, running, one per test, finished: each test's record is written once.
    assert_eq!(fast.store.commits() - before, 3 + TESTS as u64, "commits of one submission of {TESTS} tests");

    let fetched = client.get(&format!("/api/submissions/{id}")).await;
    let read = fetched.json();
    assert_eq!(read["tests"], finished["tests"], "what is read is what was sent");
    for test in read["tests"].as_array().into_iter().flatten() {
        assert!(test.get("detail").is_none(), "a passed test shows no data: {test}");
    }
    let history = client.get("/api/problems/calculate-pi/submissions").await;
    assert_eq!(history.json()["submissions"][0]["id"], id.as_str());
    assert_eq!(client.get("/api/problems?q=calculate").await.json()["problems"][0]["status"], "solved");
    assert_no_hidden_data(&[&stream, &fetched.text, &history.text]);

    // Replaying a finished submission gives the same tests, read from the store.
    let (replay, _) = follow(&mut client, &format!("/api/submissions/{id}/events")).await;
    assert_eq!(done(&replay), finished);
    let mut stranger = fast.client();
    assert_eq!(stranger.get(&format!("/api/submissions/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.get(&format!("/api/submissions/{id}/events")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_wrong_answer_shows_only_its_failing_sample_and_practice_stops_at_the_first_hidden_failure() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut client = fast.client();
    let (id, events, stream) = judged(&mut client, "# wrong sample\n# wrong\n").await;
    assert_eq!(test_events(&events), vec![1, 2, 3, 4], "practice stops at hidden test 4");
    let finished = done(&events);
    assert_eq!((finished["verdict"].as_str(), finished["stopped"].as_str()), (Some("WA"), Some("first_failure")));
    assert_eq!(finished["not_run"], 6);
    let tests = &finished["tests"];
    assert!(tests[0].get("detail").is_none(), "a passed sample shows nothing: {finished}");
    assert_eq!(tests[1]["detail"]["input"], json!({"args": ["sample-data-2"], "kwargs": {}}), "{finished}");
    assert_eq!(tests[1]["detail"]["actual"], "wrong sample-data-2", "{finished}");
    assert_eq!(
        (tests[3]["verdict"].as_str(), tests[3]["visibility"].as_str(), tests[3].get("detail")),
        (Some("WA"), Some("hidden"), None)
    );
    let fetched = client.get(&format!("/api/submissions/{id}")).await;
    assert_eq!(fetched.json()["tests"], *tests);
    // The store holds each test as the candidate may see it, never a hidden test's data.
    let record = fast.store.submission(&id).unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|| panic!("stored"));
    let rows = serde_json::to_string(&record.tests).unwrap_or_default();
    assert_eq!(record.tests.len(), 4, "{rows}");
    assert_no_hidden_data(&[&stream, &fetched.text, &rows]);
}

#[tokio::test]
async fn a_compile_error_shows_where_and_a_failed_judge_is_never_the_candidates_fault() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut client = fast.client();
    let (id, events, _) = judged(&mut client, "# syntax\n").await;
    let finished = done(&events);
    assert_eq!((finished["verdict"].as_str(), finished["compile_error"]["line"].as_u64()), (Some("CE"), Some(1)));
    assert_eq!(client.get(&format!("/api/submissions/{id}")).await.json()["compile_error"], finished["compile_error"]);

    let (_, events, stream) = judged(&mut client, "# broken\n").await;
    let failed = done(&events);
    assert_eq!((failed["state"].as_str(), failed["verdict"].as_str()), (Some("failed"), Some("IE")), "{failed}");
    assert!(failed["error"].as_str().is_some_and(|e| e.contains("not your code's fault")), "{failed}");
    assert!(!stream.contains("no reference"), "the cause is for the log only: {stream}");
}

#[tokio::test]
async fn a_full_queue_answers_429_with_retry_after_and_loses_nothing() {
    let (fast, mut client, first) = Fast::busy(QueueConfig { parallelism: 1, ..queue(1, 1) }).await;
    let health = client.get("/api/health").await.json();
    assert_eq!(health["queue"], json!({"capacity": 1, "waiting": 0, "running": 1, "workers": 1}), "{health}");
    assert_eq!(health["stored"], json!({"queued": 0, "running": 1}), "{health}");
    let refused = client.post("/api/submissions", json!({"problem": "calculate-pi", "code": "x = 1"})).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::TOO_MANY_REQUESTS, "queue_full".to_owned()));
    let retry: u64 = refused.headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(0);
    assert!((1..=120).contains(&retry), "Retry-After {retry}");
    let run = client.post("/api/problems/calculate-pi/run", json!({"code": "x = 1"})).await;
    assert_eq!(run.status, StatusCode::TOO_MANY_REQUESTS, "runs share the bound: {}", run.text);

    fast.gate.open();
    let (events, _) = follow(&mut client, &format!("/api/submissions/{first}/events")).await;
    assert_eq!(done(&events)["verdict"], "AC");
    let (_, events, _) = judged(&mut client, "x = 2").await;
    assert_eq!(done(&events)["verdict"], "AC");
    let history = client.get("/api/problems/calculate-pi/submissions").await.json();
    assert_eq!(history["submissions"].as_array().map(Vec::len), Some(2), "only what was accepted is stored");
}

#[tokio::test]
async fn waiting_and_running_are_told_apart() {
    let (fast, mut client, first) = Fast::busy(QueueConfig { parallelism: 1, ..queue(1, 4) }).await;
    let second = submit(&mut client, "x = 1").await;
    let run = {
        let mut runner = client.clone();
        tokio::spawn(async move { runner.post("/api/problems/calculate-pi/run", json!({"code": "x = 1"})).await })
    };
    // The run is admitted before it answers; wait for its slot to show, without sleeping.
    let mut health = client.get("/api/health").await.json();
    for _ in 0..10_000 {
        if health["queue"]["waiting"] == 2 {
            break;
        }
        tokio::task::yield_now().await;
        health = client.get("/api/health").await.json();
    }
    assert_eq!(health["queue"], json!({"capacity": 4, "waiting": 2, "running": 1, "workers": 1}), "{health}");
    fast.gate.open();
    for id in [first, second] {
        let (events, _) = follow(&mut client, &format!("/api/submissions/{id}/events")).await;
        assert_eq!(done(&events)["state"], "finished");
    }
    let ran = run.await.unwrap_or_else(|e| panic!("the run's request: {e}"));
    assert_eq!((ran.status, ran.json()["verdict"].as_str()), (StatusCode::OK, Some("AC")), "{}", ran.text);
    assert_eq!(ran.json()["tests"][0]["detail"]["input"], json!({"args": ["sample-data-1"], "kwargs": {}}));
}

#[tokio::test]
async fn cancelling_stops_judging_and_keeps_the_tests_that_ran() {
    let (fast, mut client, id) = Fast::busy(queue(1, 8)).await;
    let mut stranger = fast.client();
    let foreign = stranger.post(&format!("/api/submissions/{id}/cancel"), json!({})).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.text);
    let cancelled = client.post(&format!("/api/submissions/{id}/cancel"), json!({})).await;
    assert_eq!(cancelled.status, StatusCode::ACCEPTED, "{}", cancelled.text);
    fast.gate.open();
    let (events, _) = follow(&mut client, &format!("/api/submissions/{id}/events")).await;
    let finished = done(&events);
    assert_eq!(
        (finished["state"].as_str(), finished["stopped"].as_str(), &finished["verdict"]),
        (Some("cancelled"), Some("cancelled"), &Value::Null),
        "{finished}"
    );
    assert_eq!((finished["tests"].as_array().map(Vec::len), finished["not_run"].as_u64()), (Some(1), Some(9)));
    let again = client.post(&format!("/api/submissions/{id}/cancel"), json!({})).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "already_graded".to_owned()));
}

const CANDIDATE: &str = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";

/// A submission made straight in the store, as a crash or an older version left it.
#[tokio::test]
async fn the_served_openapi_document_is_the_one_the_snapshot_reviews() {
    let fast = Fast::start(queue(1, 4)).await;
    let served = fast.client().get("/api/openapi.json").await;
    assert_eq!(served.status, StatusCode::OK);
    let reviewed = serde_json::to_value(verdict_server::router::openapi_document()).unwrap_or_default();
    assert!(reviewed["paths"]["/api/attempts/{token}/submissions/{id}/events"].is_object(), "{reviewed}");
    assert_eq!(served.json(), reviewed, "crates/server/tests/snapshots holds what is served");
}

fn stored(store: &SqliteStore, id: &str, code: &str) {
    let new =
        NewSubmission { id, owner: &Owner::Practice(CANDIDATE.into()), problem: "calculate-pi", code, package: None };
    store.create_submission(&new).unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn a_restart_judges_again_what_was_accepted_and_not_finished() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (queued, running) = ("0".repeat(32), "1".repeat(32));
    {
        let store = SqliteStore::open_dir(data.path()).unwrap_or_else(|e| panic!("{e}"));
        // A worker died judging one (its lease has run out); the other is still queued.
        stored(&store, &running, "# wrong\n");
        let claim = store.claim("crashed", std::time::Duration::ZERO).unwrap_or_else(|e| panic!("{e}"));
        let token = claim.map(|c| c.token).unwrap_or_default();
        stored(&store, &queued, "x = 1");
        let stale =
            json!({"number": 5, "visibility": "hidden", "verdict": "TLE", "cpu_ms": 1, "wall_ms": 1, "memory_kib": 1});
        store.record_test(&running, &token, 5, &stale).unwrap_or_else(|e| panic!("{e}"));
    }
    let (service, _store, _gate) = start_in(data.path(), queue(2, 8)).await;
    let mut client = Client::new(service.router());
    client.set_cookie("verdict_candidate", CANDIDATE);
    let (events, _) = follow(&mut client, &format!("/api/submissions/{queued}/events")).await;
    assert_eq!(done(&events)["verdict"], "AC");
    let (events, _) = follow(&mut client, &format!("/api/submissions/{running}/events")).await;
    let judged = done(&events);
    assert_eq!((judged["verdict"].as_str(), judged["not_run"].as_u64()), (Some("WA"), Some(6)), "{judged}");
    let numbers: Vec<u64> =
        judged["tests"].as_array().into_iter().flatten().filter_map(|t| t["number"].as_u64()).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4], "judged from the start: the stale test 5 is gone");
}

#[tokio::test]
async fn results_stored_in_the_old_view_form_still_read() {
    // No workers: the submission made here in the store is this test's to claim.
    let fast = Fast::start(queue(0, 8)).await;
    let id = "2".repeat(32);
    stored(&fast.store, &id, "def calculate_pi(n):\n    return 3\n");
    let claim = fast.store.claim("test", std::time::Duration::from_secs(30)).unwrap_or_else(|e| panic!("{e}"));
    let token = claim.map(|c| c.token).unwrap_or_default();
    // Rows as the API's TestView wrote them before results were stored as the judge's records.
    let old_rows = [
        json!({"number": 1, "visibility": "sample", "verdict": "WA", "cpu_ms": 3, "wall_ms": 9, "memory_kib": 700,
            "detail": {"name": "pi", "input": {"args": [10], "kwargs": {}}, "expected": 3.0494, "actual": 3,
                "stdout": "", "message": null, "reason": "row_order", "truncated": ["stdout"],
                "queries": {"count": 2, "budget": 1, "statements": ["SELECT 1"]}}}),
        json!({"number": 2, "visibility": "hidden", "verdict": "AC", "cpu_ms": 4, "wall_ms": 8, "memory_kib": 800}),
    ];
    for row in &old_rows {
        let number = row["number"].as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or_default();
        fast.store.record_test(&id, &token, number, row).unwrap_or_else(|e| panic!("{e}"));
    }
    let compile_error = json!({"message": "m", "line": 2, "column": 3, "text": "t"});
    let outcome = Outcome::Finished {
        verdict: "WA".into(),
        score: 0.5,
        compile_error: Some(compile_error.clone()),
        stopped: None,
        not_run: 0,
    };
    fast.store.finish(&id, &token, &outcome).unwrap_or_else(|e| panic!("{e}"));
    let mut client = fast.client();
    client.set_cookie("verdict_candidate", CANDIDATE);
    let read = client.get(&format!("/api/submissions/{id}")).await.json();
    // An old row reads as it was written, with the score its verdict gives (rows from before
    // scores have none) and a call's values as Python writes them (rows from before reprs).
    let shown: Vec<Value> = old_rows
        .iter()
        .map(|row| {
            let mut row = row.clone();
            row["score"] = json!(if row["verdict"] == "AC" { 1.0 } else { 0.0 });
            if let Some(detail) = row.get_mut("detail") {
                detail["input_repr"] = json!("10");
                detail["expected_repr"] = json!("3.0494");
                detail["actual_repr"] = json!("3");
            }
            row
        })
        .collect();
    assert_eq!(read["tests"], json!(shown), "an old row reads as it was written");
    assert_eq!(read["compile_error"], compile_error);
}

#[tokio::test]
async fn shutdown_puts_back_what_it_cut_short_and_the_next_start_judges_it() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (service, store, mut gate) = start_in(data.path(), queue(1, 8)).await;
    let mut client = Client::new(service.router());
    let id = submit(&mut client, "# wait\n").await;
    gate.started().await;
    // No grace: the judging is cut short, as when it outlasts the grace period.
    service.shut_down(std::time::Duration::ZERO).await;
    let record = store.submission(&id).unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|| panic!("stored"));
    assert_eq!(record.state, verdict_store::SubmissionState::Queued, "put back in the queue");
    assert!(record.tests.is_empty(), "its partial results are dropped: {:?}", record.tests);

    let (restarted, _store, mut second_gate) = start_in(data.path(), queue(1, 8)).await;
    let mut again = Client::new(restarted.router());
    again.set_cookie("verdict_candidate", client.cookie("verdict_candidate").unwrap_or_default());
    second_gate.started().await;
    second_gate.open();
    let (events, _) = follow(&mut again, &format!("/api/submissions/{id}/events")).await;
    let judged = done(&events);
    assert_eq!((judged["verdict"].as_str(), judged["tests"].as_array().map(Vec::len)), (Some("AC"), Some(TESTS)));
    // The first judging was never going to finish (its process would be gone); let its thread end.
    gate.open();
}

/// A content-hashed asset may be kept by a shared cache for a year (crates/server/src/web.rs):
/// a candidate cookie set on it could be handed to every visitor. The page sets it instead.
#[tokio::test]
async fn a_hashed_asset_never_sets_the_candidate_cookie_and_the_page_does() {
    let fast = Fast::start(queue(1, 4)).await;
    let mut client = fast.client();
    // This service has no built web app: every page says so (503), which is all this needs.
    let get = axum::http::Method::GET;
    let asset = client.exchange(get.clone(), "/assets/app-ABCDEFGH.js", None, Vec::new()).await;
    assert!(asset.headers.get(header::SET_COOKIE).is_none(), "{:?}", asset.headers);
    assert_eq!(client.cookie("verdict_candidate"), None);
    client.exchange(get, "/", None, Vec::new()).await;
    assert!(client.cookie("verdict_candidate").is_some(), "the page sets the candidate cookie");
}
