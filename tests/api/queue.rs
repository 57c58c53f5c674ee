//! The bounded queue: a full queue answers 429 with Retry-After and loses nothing, and what a
//! restart interrupted is judged again.

use crate::{Practice, PI_ONE_TERM_TOO_MANY, PI_SOLUTION};
use axum::http::{header, StatusCode};
use serde_json::json;
use verdict_server::queue::QueueConfig;
use verdict_store::{JobStore, NewSubmission, Owner, SqliteStore, Store};
use verdict_tests::catalogue;
use verdict_tests::gate::{calculate_pi_behind, Gate};
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

#[tokio::test]
async fn a_full_queue_answers_429_with_retry_after_and_loses_nothing() {
    // One worker, room for one job: a submission held at a gate keeps the only slot until the
    // gate opens, so what follows is refused whatever the machine's speed.
    let problems = catalogue::patient("calculate-pi", 1);
    let service = TestService::start_on(problems.path(), QueueConfig { parallelism: 1, ..queue(1, 1) }).await;
    let mut client = Client::new(service.service.router());
    let gate = Gate::new("full-queue");
    let first = client.submit("calculate-pi", &calculate_pi_behind(&gate)).await;
    let refused = client.post("/api/submissions", json!({"problem": "calculate-pi", "code": PI_SOLUTION})).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
    assert_eq!(refused.error().0, "queue_full");
    let retry: u64 = refused.headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(0);
    assert!((1..=120).contains(&retry), "Retry-After {retry}");
    let run = client.post("/api/problems/calculate-pi/run", json!({"code": PI_SOLUTION})).await;
    assert_eq!(run.status, StatusCode::TOO_MANY_REQUESTS, "runs share the bound");
    let opener = gate.keep_open();
    let done = client.events(&first).await.pop().map(|(_, d)| d).unwrap_or_default();
    assert_eq!(done["verdict"], "AC", "{done}");
    assert_eq!(opener.stop(), 2, "the held submission's two tests ran, once each");
    // The slot is free again, and only the accepted submission was stored.
    let again = client.submit("calculate-pi", PI_SOLUTION).await;
    assert_eq!(client.events(&again).await.pop().map(|(_, d)| d["verdict"].clone()), Some(json!("AC")));
    let history = client.get("/api/problems/calculate-pi/submissions").await.json();
    assert_eq!(history["submissions"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn submissions_a_restart_interrupted_are_judged_again() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let candidate = "cd".repeat(16);
    let owner = Owner::Practice(candidate.clone());
    {
        // What a crash leaves: one submission caught mid-judging (its worker's lease has run
        // out), one still queued.
        let store = SqliteStore::open_dir(data.path()).unwrap_or_else(|e| panic!("{e}"));
        for (id, code) in [("1".repeat(32), PI_ONE_TERM_TOO_MANY), ("0".repeat(32), PI_SOLUTION)] {
            let new = NewSubmission { id: &id, owner: &owner, problem: "calculate-pi", code, package: None };
            store.create_submission(&new).unwrap_or_else(|e| panic!("{e}"));
        }
        let claim = store.claim("crashed", std::time::Duration::ZERO).unwrap_or_else(|e| panic!("{e}"));
        let token = claim.map(|c| c.token).unwrap_or_default();
        store
            .record_test(&"1".repeat(32), &token, 1, &json!({"number": 1, "verdict": "AC"}))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let service = TestService::start_in(data.path(), queue(2, 16)).await;
    let mut client = Client::new(service.router());
    client.set_cookie("verdict_candidate", &candidate);
    let first = client.events(&"0".repeat(32)).await.pop().map(|(_, d)| d).unwrap_or_default();
    let second = client.events(&"1".repeat(32)).await.pop().map(|(_, d)| d).unwrap_or_default();
    assert_eq!((first["verdict"].as_str(), second["verdict"].as_str()), (Some("AC"), Some("WA")));
    // Judged again from the start: the stale record of test 1 is gone, and practice stops at the
    // first failing hidden test, so every test either ran again or is counted as not run.
    let ran = second["tests"].as_array().map_or(0, Vec::len) as u64;
    assert_eq!(second["tests"][0]["verdict"], "WA", "the stale AC of test 1 was dropped: {second}");
    assert_eq!(ran + second["not_run"].as_u64().unwrap_or_default(), 10, "judged again: {second}");
}
