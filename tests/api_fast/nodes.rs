//! More than one worker on one store, in-process. Two nodes on one PostgreSQL: one serves
//! without workers, the other judges; a run on the first (samples, custom input) is stored and
//! judged by the second, answered as the second answers it; a submission made on the first is
//! claimed by the second (woken by the store's notice), followed to its end on the first, and a
//! cancel asked on the first reaches the judging on the second through the lease's heartbeat.
//! A node without workers whose run no worker takes gives up after its wait, deleting the run
//! (as it does when the request goes away), and refuses runs past the bound on stored ones.
//! And a worker that stalls past its lease (the store's clock moves on) loses the submission to
//! another worker: it stops, and nothing it writes after counts.

use super::{done, follow, start_on, submit, TESTS};
use axum::http::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use verdict_server::queue::QueueConfig;
use verdict_store::{JobStore, ManualClock, NewRun, Outcome, PgStore, SqliteStore, Store, SubmissionState};
use verdict_tests::http::Client;
use verdict_tests::service::queue;

/// A short lease, so the heartbeat (every third of it) brings a cancel within a second.
const LEASE: Duration = Duration::from_secs(3);

/// A store on `database`. (PostgreSQL's client is blocking: it must not run on an async thread.)
fn node(database: &verdict_pgtest::ScratchDatabase) -> Arc<dyn Store> {
    let store = tokio::task::block_in_place(|| PgStore::open(database.url()));
    Arc::new(store.unwrap_or_else(|e| panic!("opening the store: {e}")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_without_workers_leaves_its_submissions_to_another_node_and_its_cancel_reaches_it() {
    let database =
        Scratch(Some(tokio::task::block_in_place(|| verdict_pgtest::ScratchDatabase::create("verdict_nodes"))));
    let (front_data, back_data) = (tempfile::tempdir(), tempfile::tempdir());
    let (front_data, back_data) =
        (front_data.unwrap_or_else(|e| panic!("{e}")), back_data.unwrap_or_else(|e| panic!("{e}")));
    let front_store = node(&database);
    let (front, _) =
        start_on(Arc::clone(&front_store), front_data.path(), QueueConfig { lease: LEASE, ..queue(0, 1) }).await;
    let (back, mut gate) =
        start_on(node(&database), back_data.path(), QueueConfig { lease: LEASE, ..queue(1, 8) }).await;
    let mut client = Client::new(front.router());

    // A run on the node without workers is stored, judged by the other node's worker, and
    // answered as the other node answers it itself; nothing is left stored.
    let mut direct = Client::new(back.router());
    for body in [json!({"code": "x = 1"}), json!({"code": "x = 1", "input": {"args": [10]}})] {
        let here = direct.post("/api/problems/calculate-pi/run", body.clone()).await;
        let stored = client.try_post("/api/problems/calculate-pi/run", body).await;
        assert_eq!((stored.status, here.status), (StatusCode::OK, StatusCode::OK), "{}", stored.text);
        assert_eq!(stored.json(), here.json(), "a stored run answers as a local one");
    }
    let pending = tokio::task::block_in_place(|| front_store.pending_runs()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pending, 0, "a run taken is deleted");
    let id = submit(&mut client, "def calculate_pi(n):\n    return 3.14\n").await;
    let (events, _) = follow(&mut client, &format!("/api/submissions/{id}/events")).await;
    let judged = done(&events);
    assert_eq!((judged["verdict"].as_str(), judged["tests"].as_array().map(Vec::len)), (Some("AC"), Some(TESTS)));
    // The front node's only slot comes back once it sees the other node finished it.
    let mut again = client.post("/api/submissions", json!({"problem": "calculate-pi", "code": "# wait\n"})).await;
    for _ in 0..50 {
        if again.status != StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        again = client.post("/api/submissions", json!({"problem": "calculate-pi", "code": "# wait\n"})).await;
    }
    assert_eq!(again.status, StatusCode::ACCEPTED, "{}", again.text);
    let waiting = again.json()["id"].as_str().unwrap_or_default().to_owned();
    gate.started().await;

    let cancelled = client.post(&format!("/api/submissions/{waiting}/cancel"), json!({})).await;
    assert_eq!(cancelled.status, StatusCode::ACCEPTED, "{}", cancelled.text);
    // The back node hears of it at its next heartbeat, and no test starts after that.
    tokio::time::sleep(LEASE / 3 + Duration::from_millis(500)).await;
    gate.open();
    let (events, _) = follow(&mut client, &format!("/api/submissions/{waiting}/events")).await;
    let finished: Value = done(&events);
    assert_eq!(
        (finished["state"].as_str(), finished["tests"].as_array().map(Vec::len), finished["not_run"].as_u64()),
        (Some("cancelled"), Some(1), Some(TESTS as u64 - 1)),
        "{finished}"
    );
    drop((front, back));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_no_worker_takes_is_given_up_after_the_wait_or_when_its_request_goes_and_deleted() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = SqliteStore::open_dir(data.path()).unwrap_or_else(|e| panic!("opening the store: {e}"));
    let store = Arc::new(store);
    let wait = Duration::from_millis(700);
    let config = QueueConfig { run_wait: wait, most_pending_runs: 2, ..queue(0, 4) };
    let (service, _) = start_on(Arc::clone(&store) as Arc<dyn Store>, data.path(), config).await;
    let mut client = Client::new(service.router());
    let started = std::time::Instant::now();
    let run = client.try_post("/api/problems/calculate-pi/run", json!({"code": "x = 1"})).await;
    assert_eq!((run.status, run.code()), (StatusCode::SERVICE_UNAVAILABLE, "no_worker".into()), "{}", run.text);
    let message = run.json()["error"]["message"].as_str().unwrap_or_default().to_owned();
    assert!(message.starts_with("no worker judged this run within 0.7 s"), "{message}");
    assert!(started.elapsed() >= wait, "gave up before the wait was over: {:?}", started.elapsed());
    assert_eq!(store.pending_runs().unwrap_or_else(|e| panic!("{e}")), 0, "a run given up is deleted");
    // The slot it held is free again.
    assert_eq!(client.get("/api/health").await.json()["queue"]["waiting"], 0);

    // A request that goes away mid-wait (its client closed the connection) deletes its run.
    let gone = tokio::time::timeout(wait / 3, client.try_post("/api/problems/calculate-pi/run", json!({"code": "x"})));
    assert!(gone.await.is_err(), "the run was still waited for");
    for _ in 0..100 {
        if store.pending_runs().unwrap_or_else(|e| panic!("{e}")) == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(store.pending_runs().unwrap_or_else(|e| panic!("{e}")), 0, "a run whose request went away is deleted");

    // Past the bound on stored runs (every node's), a run is refused at once, with a Retry-After.
    for id in ["elsewhere-1", "elsewhere-2"] {
        let new = NewRun { id, problem: "calculate-pi", package: None, code: "x", input: None };
        store.enqueue_run(&new).unwrap_or_else(|e| panic!("{e}"));
    }
    let full = client.try_post("/api/problems/calculate-pi/run", json!({"code": "x = 1"})).await;
    assert_eq!((full.status, full.code()), (StatusCode::TOO_MANY_REQUESTS, "queue_full".into()), "{}", full.text);
    assert!(full.headers.contains_key("retry-after"), "{:?}", full.headers);
    assert_eq!(store.pending_runs().unwrap_or_else(|e| panic!("{e}")), 2, "nothing more was stored");
}

/// The scratch database, dropped (with its blocking client) off the async threads, even when
/// the test fails.
struct Scratch(Option<verdict_pgtest::ScratchDatabase>);

impl std::ops::Deref for Scratch {
    type Target = verdict_pgtest::ScratchDatabase;

    fn deref(&self) -> &Self::Target {
        self.0.as_ref().unwrap_or_else(|| unreachable!("present until dropped"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let database = self.0.take();
        tokio::task::block_in_place(|| drop(database));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_that_stalls_past_its_lease_loses_it_and_only_the_new_holders_verdict_counts() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let clock = Arc::new(ManualClock::at_system_time());
    let store = SqliteStore::open_dir_with_clock(data.path(), clock.clone());
    let store = Arc::new(store.unwrap_or_else(|e| panic!("opening the store: {e}")));
    let config = QueueConfig { lease: LEASE, ..queue(1, 8) };
    let (service, mut gate) = start_on(Arc::clone(&store) as Arc<dyn Store>, data.path(), config).await;
    let mut client = Client::new(service.router());
    let id = submit(&mut client, "# wait\n").await;
    gate.started().await;
    // The service's worker stalls at its first test while the store's clock passes its lease
    // (a heartbeat may extend it meanwhile: move on until the other worker gets it).
    let mut taken = None;
    for _ in 0..20 {
        clock.advance(LEASE + Duration::from_secs(1));
        taken = store.claim("other", Duration::from_secs(3600)).unwrap_or_else(|e| panic!("{e}"));
        if taken.is_some() {
            break;
        }
    }
    let taken = taken.unwrap_or_else(|| panic!("the stalled worker's lease never ran out"));
    assert_eq!((taken.record.id.as_str(), taken.claims, taken.record.tests.len()), (id.as_str(), 2, 0));
    // The stalled worker's next heartbeat finds the lease lost: no test starts after the gate.
    tokio::time::sleep(LEASE / 3 + Duration::from_millis(500)).await;
    gate.open();
    for _ in 0..100 {
        if client.get("/api/health").await.json()["queue"]["running"] == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let record = store.submission(&id).unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|| panic!("stored"));
    assert_eq!(
        (record.state, record.verdict, record.tests.len()),
        (SubmissionState::Running, None, 0),
        "nothing late counts"
    );
    let wrong = Outcome::Finished {
        verdict: "WA".into(),
        score: 0.0,
        compile_error: None,
        stopped: None,
        not_run: TESTS as u32,
    };
    store.finish(&id, &taken.token, &wrong).unwrap_or_else(|e| panic!("{e}"));
    let (events, _) = follow(&mut client, &format!("/api/submissions/{id}/events")).await;
    assert_eq!(done(&events)["verdict"], "WA", "the verdict of the worker that holds the lease");
}
