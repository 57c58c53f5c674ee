//! Load: 200 submissions sent at once to a real server on 127.0.0.1, with the queue sized for
//! this machine. Every accepted one must reach a final verdict, every other must have been told
//! 429 with Retry-After, and the store must hold exactly the accepted ones. The figures it
//! prints (throughput, submit-to-verdict latency) are information, not assertions.

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use verdict_server::queue::QueueConfig;
use verdict_store::{SqliteStore, Store};
use verdict_tests::service::TestService;

const SUBMISSIONS: usize = 200;
const PI_SOLUTION: &str =
    "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";

fn millis(rfc3339: &Value) -> Option<f64> {
    let time = humantime::parse_rfc3339(rfc3339.as_str()?).ok()?;
    Some(time.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs_f64() * 1000.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_submissions_at_once_are_each_judged_or_refused() {
    let config = QueueConfig::for_this_machine();
    let service = TestService::start(config).await;
    let data = service.data.path().to_owned();
    let router = service.service.router();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("bind: {e}"));
    let base = format!("http://{}", listener.local_addr().unwrap_or_else(|e| panic!("{e}")));
    tokio::spawn(async move { axum::serve(listener, router).await });

    let cookie = format!("verdict_candidate={}", "ef".repeat(16));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(SUBMISSIONS)
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"));
    let started = Instant::now();
    let sends = (0..SUBMISSIONS).map(|_| {
        let client = client.clone();
        let (base, cookie) = (base.clone(), cookie.clone());
        tokio::spawn(async move {
            let response = client
                .post(format!("{base}/api/submissions"))
                .header("cookie", cookie)
                .json(&json!({"problem": "calculate-pi", "code": PI_SOLUTION}))
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
    assert_eq!(accepted.len() + refused, SUBMISSIONS);
    assert!(!accepted.is_empty(), "nothing was accepted");
    assert!(accepted.len() <= config.capacity, "more accepted ({}) than the queue holds", accepted.len());

    // Every accepted submission reaches a final verdict within a bounded time.
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut latencies = Vec::new();
    for id in &accepted {
        loop {
            let view: Value = client
                .get(format!("{base}/api/submissions/{id}"))
                .header("cookie", cookie.as_str())
                .send()
                .await
                .unwrap_or_else(|e| panic!("read: {e}"))
                .json()
                .await
                .unwrap_or_else(|e| panic!("read body: {e}"));
            if view["state"] == "finished" || view["state"] == "failed" {
                assert_eq!(view["verdict"], "AC", "{view}");
                if let (Some(a), Some(b)) = (millis(&view["created_at"]), millis(&view["finished_at"])) {
                    latencies.push(b - a);
                }
                break;
            }
            assert!(Instant::now() < deadline, "submission {id} still {} after 300 s", view["state"]);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();

    // Nothing lost, nothing invented: the store holds exactly the accepted submissions.
    let store = SqliteStore::open_dir(&data).unwrap_or_else(|e| panic!("{e}"));
    let stored = store
        .submissions_of(&verdict_store::Owner::Practice("ef".repeat(16)), "calculate-pi", 1000)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stored_ids: Vec<String> = stored.iter().map(|s| s.id.clone()).collect();
    let mut accepted_sorted = accepted.clone();
    stored_ids.sort();
    accepted_sorted.sort();
    assert_eq!(stored_ids, accepted_sorted);

    latencies.sort_by(f64::total_cmp);
    let median = latencies.get(latencies.len() / 2).copied().unwrap_or(0.0);
    let p95 = latencies.get(latencies.len() * 95 / 100).copied().unwrap_or(0.0);
    println!(
        "load: {SUBMISSIONS} sent at once; {} accepted, {refused} refused with 429; all accepted judged in {elapsed:.1} s \
         ({:.1} submissions/s, 10 tests each); submit-to-verdict under load: median {median:.0} ms, p95 {p95:.0} ms",
        accepted.len(),
        accepted.len() as f64 / elapsed,
    );
}
