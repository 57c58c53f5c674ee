//! Load: 200 submissions sent at once to a real server on 127.0.0.1, with the queue sized for
//! this machine. Each submission's tests wait at a gate inside their boxes until every answer
//! is in, so none can finish and free a slot while they arrive: exactly the queue's capacity is
//! accepted and every other is told 429 with Retry-After. Then the gate opens: every accepted
//! one reaches its verdict, each test run once, and the store holds exactly the accepted ones.
//! The figure it prints (time to judge them all) is information, not an assertion.

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use verdict_server::queue::QueueConfig;
use verdict_store::{SqliteStore, Store};
use verdict_tests::gate::{calculate_pi_behind, Gate};
use verdict_tests::service::TestService;
use verdict_tests::{catalogue, eventually_async};

const SUBMISSIONS: usize = 200;
/// The sample and one hidden test.
const TESTS: usize = 2;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_submissions_at_once_fill_the_queue_exactly_and_each_accepted_one_is_judged() {
    let problems = catalogue::patient("calculate-pi", TESTS - 1);
    let config = QueueConfig::for_this_machine();
    let service = TestService::start_on(problems.path(), config).await;
    let data = service.data.path().to_owned();
    let router = service.service.router();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("bind: {e}"));
    let base = format!("http://{}", listener.local_addr().unwrap_or_else(|e| panic!("{e}")));
    tokio::spawn(async move { axum::serve(listener, router).await });

    let gate = Gate::new("load");
    let code = calculate_pi_behind(&gate);
    let cookie = format!("verdict_candidate={}", "ef".repeat(16));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(SUBMISSIONS)
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"));
    let sends = (0..SUBMISSIONS).map(|_| {
        let client = client.clone();
        let (base, cookie, code) = (base.clone(), cookie.clone(), code.clone());
        tokio::spawn(async move {
            let response = client
                .post(format!("{base}/api/submissions"))
                .header("cookie", cookie)
                .json(&json!({"problem": "calculate-pi", "code": code}))
                .timeout(Duration::from_secs(60))
                .send()
                .await
                .unwrap_or_else(|e| panic!("submit: {e}"));
            let status = response.status().as_u16();
            let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
            let body: Value = response.json().await.unwrap_or_else(|e| panic!("submit body: {e}"));
            (status, retry_after, body)
        })
    });
    let answers = futures_util::future::join_all(sends).await;
    let mut accepted = Vec::new();
    let mut refused = 0;
    for answer in answers {
        let (status, retry_after, body) = answer.unwrap_or_else(|e| panic!("task: {e}"));
        match status {
            202 => accepted.push(body["id"].as_str().unwrap_or_default().to_owned()),
            429 => {
                assert!(retry_after.is_some_and(|s| s >= 1), "429 without Retry-After: {body}");
                assert_eq!(body["error"]["code"], "queue_full");
                refused += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(
        (accepted.len(), refused),
        (config.capacity, SUBMISSIONS - config.capacity),
        "with nothing able to finish, the queue takes exactly its capacity"
    );

    let opened = Instant::now();
    let opener = gate.keep_open();
    for id in &accepted {
        let view = eventually_async(&format!("a verdict for {id}"), || async {
            let view: Value = client
                .get(format!("{base}/api/submissions/{id}"))
                .header("cookie", cookie.as_str())
                .send()
                .await
                .unwrap_or_else(|e| panic!("read: {e}"))
                .json()
                .await
                .unwrap_or_else(|e| panic!("read body: {e}"));
            view["state"].as_str().is_some_and(|s| s != "queued" && s != "running").then_some(view)
        })
        .await;
        assert_eq!((&view["state"], &view["verdict"]), (&json!("finished"), &json!("AC")), "{view}");
        assert_eq!(view["tests"].as_array().map(Vec::len), Some(TESTS), "{view}");
    }
    let judged_in = opened.elapsed().as_secs_f64();
    assert_eq!(opener.stop(), accepted.len() * TESTS, "each accepted submission's tests ran once each");

    // Nothing lost, nothing invented: the store holds exactly the accepted submissions.
    let store = SqliteStore::open_dir(&data).unwrap_or_else(|e| panic!("{e}"));
    let stored = store
        .submissions_of(&verdict_store::Owner::Practice("ef".repeat(16)), "calculate-pi", 1000)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stored_ids: Vec<String> = stored.iter().map(|s| s.id.clone()).collect();
    stored_ids.sort();
    accepted.sort();
    assert_eq!(stored_ids, accepted);
    println!(
        "load: {SUBMISSIONS} sent at once; {} accepted, {refused} refused with 429; all accepted judged in {judged_in:.1} s \
         ({TESTS} tests each) once let through",
        accepted.len(),
    );
}
