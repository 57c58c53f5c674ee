//! Submitting: progress test by test as server-sent events, what a wrong answer shows, privacy
//! between candidates, drafts, and what one submission costs the store.

use crate::{service, Practice, PI_ONE_TERM_TOO_MANY, PI_SOLUTION};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use verdict_store::{SqliteStore, Store};
use verdict_tests::http::Client;
use verdict_tests::service::{problems_dir, queue};

#[tokio::test]
async fn a_submission_is_followed_test_by_test_to_its_verdict_and_stays_private() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let id = client.submit("calculate-pi", PI_SOLUTION).await;
    let events = client.events(&id).await;
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.first(), Some(&"state"), "{names:?}");
    assert_eq!(names.last(), Some(&"done"), "{names:?}");
    let tests: BTreeSet<u64> =
        events.iter().filter(|(n, _)| n == "test").filter_map(|(_, d)| d["number"].as_u64()).collect();
    let done = &events.last().map(|(_, d)| d.clone()).unwrap_or_default();
    assert_eq!(
        (done["state"].as_str(), done["verdict"].as_str(), done["score"].as_f64()),
        (Some("finished"), Some("AC"), Some(1.0))
    );
    let total = done["tests"].as_array().map_or(0, Vec::len) as u64;
    assert!(total >= 9, "{done}");
    assert_eq!(tests, (1..=total).collect(), "one test event per test, each once");

    // Replaying a finished submission's events gives the same tests and verdict.
    let replay = client.events(&id).await;
    assert_eq!(replay.iter().filter(|(n, _)| n == "test").count() as u64, total);

    let read = client.get(&format!("/api/submissions/{id}")).await.json();
    assert_eq!((read["verdict"].as_str(), read["code"].as_str()), (Some("AC"), Some(PI_SOLUTION)));
    let list = client.get("/api/problems?q=calculate").await.json();
    assert_eq!(list["problems"][0]["status"], "solved");
    let history = client.get("/api/problems/calculate-pi/submissions").await.json();
    assert_eq!(history["submissions"][0]["id"], id.as_str());

    // Another candidate can neither read nor follow it, and sees no status.
    let mut stranger = Client::new(service.service.router());
    stranger.set_cookie("verdict_candidate", &"ab".repeat(16));
    assert_eq!(stranger.get(&format!("/api/submissions/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.get(&format!("/api/submissions/{id}/events")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.get("/api/problems?q=calculate").await.json()["problems"][0]["status"], Value::Null);
    assert_eq!(client.get("/api/submissions/not-an-id").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_wrong_submission_shows_the_failing_sample_and_hides_hidden_tests() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let id = client.submit("calculate-pi", PI_ONE_TERM_TOO_MANY).await;
    let done = client.events(&id).await.pop().map(|(_, d)| d).unwrap_or_default();
    assert_eq!(done["verdict"], "WA", "{done}");
    let tests = done["tests"].as_array().cloned().unwrap_or_default();
    let sample = tests.iter().find(|t| t["visibility"] == "sample").cloned().unwrap_or_default();
    assert_eq!(sample["verdict"], "WA");
    assert_eq!(sample["detail"]["expected"], json!(3.1414971543976273));
    assert!(sample["detail"]["actual"].as_f64().is_some_and(|a| a > 3.14149715439), "{sample}");
    for hidden in tests.iter().filter(|t| t["visibility"] == "hidden") {
        assert!(hidden.get("detail").is_none(), "hidden test shows detail: {hidden}");
        assert!(hidden["cpu_ms"].is_u64() && hidden["memory_kib"].is_u64() && hidden["verdict"].is_string());
    }
    assert!(done["score"].as_f64().is_some_and(|s| s < 1.0));
}

#[tokio::test]
async fn drafts_come_back_per_candidate() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let none = client.get("/api/drafts/calculate-pi").await;
    assert_eq!((none.status, none.error().0), (StatusCode::NOT_FOUND, "no_draft".to_owned()));
    let saved = client
        .send(
            Method::PUT,
            "/api/drafts/calculate-pi",
            Some("application/json"),
            json!({"code": "x = 1"}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT, "{}", saved.text);
    let draft = client.get("/api/drafts/calculate-pi").await.json();
    assert_eq!(draft["code"], "x = 1");
    assert!(draft["updated_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    let mut stranger = Client::new(service.service.router());
    assert_eq!(stranger.get("/api/drafts/calculate-pi").await.status, StatusCode::NOT_FOUND);
}

/// The store's cost of one submission, in fsync'd commits: created, running, finished, and one
/// per test as it finishes (the test's record is written once, not again at the end).
#[tokio::test]
async fn one_submission_commits_three_times_and_once_per_test() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = std::sync::Arc::new(SqliteStore::open_dir(data.path()).unwrap_or_else(|e| panic!("{e}")));
    let shared: std::sync::Arc<dyn Store> = store.clone();
    let service = verdict_server::Service::start(
        &problems_dir(),
        shared,
        verdict_tests::service::sandbox(),
        queue(1, 8),
        std::path::PathBuf::from("/nonexistent-web"),
    )
    .await
    .unwrap_or_else(|e| panic!("starting the service: {e}"));
    let mut client = Client::new(service.router());
    let before = store.commits();
    let id = client.submit("calculate-pi", PI_SOLUTION).await;
    let done = client.events(&id).await.pop().map(|(_, d)| d).unwrap_or_default();
    assert_eq!(done["verdict"], "AC", "{done}");
    let tests = done["tests"].as_array().map_or(0, Vec::len) as u64;
    let commits = store.commits() - before;
    println!("one submission of {tests} tests: {commits} commits");
    assert!(tests >= 10, "{done}");
    assert!(commits <= 3 + tests, "{commits} commits for {tests} tests");
}
