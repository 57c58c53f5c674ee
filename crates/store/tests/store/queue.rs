//! The judging queue in the store: claims in order under leases, one claimer per job however
//! many race, a lease that runs out claimed again while the old token writes nothing,
//! heartbeats, cancel, release, the queue's depth, packages by hash, and notices on PostgreSQL.

use super::{on_both_engines, store, AnyStore, Engine, Place};
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use verdict_store::*;

const LEASE: Duration = Duration::from_secs(30);

fn submit(store: &AnyStore, id: &str, owner: &Owner) {
    let new = NewSubmission { id, owner, problem: "p", code: "x = 1", package: None };
    store.create_submission(&new).expect("create");
}

fn practice() -> Owner {
    Owner::Practice("c1".into())
}

fn next(store: &AnyStore, worker: &str) -> Option<Claim> {
    store.claim(worker, LEASE).expect("claim")
}

fn accepted() -> Outcome {
    Outcome::Finished { verdict: "AC".into(), score: 1.0, compile_error: None, stopped: None, not_run: 0 }
}

/// A store on a set clock, kept alive by the returned place.
fn clocked(engine: Engine) -> (Place, Arc<ManualClock>, AnyStore) {
    let place = Place::new(engine);
    let clock = Arc::new(ManualClock::new(1_000_000));
    let store = place.open(clock.clone());
    (place, clock, store)
}

fn an_attempts_submission_is_claimed_before_older_practice_ones(engine: Engine) {
    let (_place, store) = store(engine);
    submit(&store, "p1", &practice());
    submit(&store, "p2", &practice());
    submit(&store, "a1", &Owner::Attempt("inv".into()));
    let order: Vec<String> = std::iter::from_fn(|| next(&store, "w")).map(|c| c.record.id).collect();
    assert_eq!(order, ["a1", "p1", "p2"]);
    let claimed = store.submission("p1").expect("read").expect("exists");
    assert_eq!(claimed.state, SubmissionState::Running);
}

fn many_claimers_on_two_nodes_never_hold_the_same_job(engine: Engine) {
    const JOBS: usize = 200;
    let place = Place::new(engine);
    let nodes = [place.open(Arc::new(SystemClock)), place.open(Arc::new(SystemClock))];
    let ids: BTreeSet<String> = (0..JOBS).map(|i| format!("s{i:03}")).collect();
    for id in &ids {
        submit(&nodes[0], id, &practice());
    }
    let claimed: Vec<Claim> = std::thread::scope(|scope| {
        let claimers: Vec<_> = (0..8)
            .map(|n| {
                let node = &nodes[n % 2];
                scope.spawn(move || std::iter::from_fn(|| next(node, &format!("w{n}"))).collect::<Vec<_>>())
            })
            .collect();
        claimers.into_iter().flat_map(|claimer| claimer.join().expect("claimer")).collect()
    });
    let distinct: BTreeSet<String> = claimed.iter().map(|c| c.record.id.clone()).collect();
    assert_eq!(claimed.len(), JOBS, "each job claimed exactly once");
    assert_eq!(distinct, ids);
    assert!(claimed.iter().all(|c| c.claims == 1), "no job claimed twice");
    assert_eq!(nodes[1].queue_depth().expect("depth"), (0, JOBS as u64));
}

fn a_lease_that_ran_out_is_claimed_again_and_the_old_token_writes_nothing(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    submit(&store, "s1", &practice());
    let first = next(&store, "w1").expect("claimed");
    store.record_test("s1", &first.token, 1, &json!({"by": "w1"})).expect("w1's test");
    clock.advance(Duration::from_secs(29));
    assert!(next(&store, "w2").is_none(), "a lease that holds is not taken");
    clock.advance(Duration::from_secs(2));
    let second = next(&store, "w2").expect("claimed again");
    assert_ne!(second.token, first.token);
    assert_eq!((second.record.id.as_str(), second.claims), ("s1", 2));
    assert!(second.record.tests.is_empty(), "judged again from scratch");
    let old = store.record_test("s1", &first.token, 2, &json!({"by": "w1"}));
    assert!(matches!(old, Err(StoreError::LeaseLost(_))), "{old:?}");
    let old = store.finish("s1", &first.token, &accepted());
    assert!(matches!(old, Err(StoreError::LeaseLost(_))), "{old:?}");
    assert_eq!(store.heartbeat("s1", &first.token, LEASE).expect("heartbeat"), Lease::Lost);
    store.record_test("s1", &second.token, 1, &json!({"by": "w2"})).expect("w2's test");
    let wrong = Outcome::Finished { verdict: "WA".into(), score: 0.0, compile_error: None, stopped: None, not_run: 0 };
    store.finish("s1", &second.token, &wrong).expect("w2's verdict");
    let late = store.finish("s1", &first.token, &accepted());
    assert!(matches!(late, Err(StoreError::LeaseLost(_))), "{late:?}");
    let done = store.submission("s1").expect("read").expect("exists");
    assert_eq!((done.verdict.as_deref(), done.tests), (Some("WA"), vec![json!({"by": "w2"})]), "one verdict, w2's");
}

fn a_submission_that_takes_down_every_worker_judging_it_ends_as_an_internal_error(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    submit(&store, "killer", &practice());
    submit(&store, "next", &practice());
    // Each worker that claims it dies: its lease runs out with no heartbeat.
    for n in 1..=MAX_LOST_LEASES {
        let claim = next(&store, &format!("w{n}")).expect("claimed");
        assert_eq!((claim.record.id.as_str(), claim.claims), ("killer", n));
        store.record_test("killer", &claim.token, 1, &json!({"by": n})).expect("a test");
        clock.advance(LEASE + Duration::from_secs(1));
    }
    // The next claimer passes it by, ended, and takes the next submission.
    let claim = next(&store, "w9").expect("the next submission");
    assert_eq!(claim.record.id, "next");
    let ended = store.submission("killer").expect("read").expect("exists");
    assert_eq!((ended.state, ended.verdict.as_deref()), (SubmissionState::Failed, Some("IE")));
    assert!(ended.tests.is_empty(), "no dead worker's partial result is kept");
    let error = ended.error.expect("the reason");
    assert!(error.contains(&format!("stopped {MAX_LOST_LEASES} times")), "{error}");
    // A graceful release is not a lost lease: released often, a submission is still judged.
    submit(&store, "shy", &practice());
    store.finish("next", &claim.token, &accepted()).expect("verdict");
    for _ in 0..MAX_LOST_LEASES + 1 {
        let claim = next(&store, "w").expect("claimed again");
        assert_eq!(claim.record.id, "shy");
        store.release("shy", &claim.token).expect("release");
    }
    assert_eq!(next(&store, "w").expect("claimed once more").record.id, "shy");
}

fn a_heartbeat_extends_the_lease_and_carries_a_cancel_request(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    submit(&store, "s1", &practice());
    let claim = next(&store, "w1").expect("claimed");
    clock.advance(Duration::from_secs(20));
    let held = store.heartbeat("s1", &claim.token, LEASE).expect("heartbeat");
    assert_eq!(held, Lease::Held { cancel_requested: false });
    clock.advance(Duration::from_secs(20));
    assert!(next(&store, "w2").is_none(), "the heartbeat moved the lease past the first one's end");
    assert!(store.request_cancel("s1").expect("cancel"), "a running submission takes the request");
    let held = store.heartbeat("s1", &claim.token, LEASE).expect("heartbeat");
    assert_eq!(held, Lease::Held { cancel_requested: true });
    store.finish("s1", &claim.token, &Outcome::Cancelled { not_run: 4 }).expect("finish");
    let done = store.submission("s1").expect("read").expect("exists");
    assert_eq!((done.state, done.not_run), (SubmissionState::Cancelled, 4));
    assert!(!store.request_cancel("s1").expect("cancel"), "a final submission is not cancelled");
}

fn finishing_again_with_the_same_token_is_not_a_second_verdict(engine: Engine) {
    let (_place, store) = store(engine);
    submit(&store, "s1", &practice());
    let claim = next(&store, "w1").expect("claimed");
    store.finish("s1", &claim.token, &accepted()).expect("finish");
    let finished_at = store.submission("s1").expect("read").expect("exists").finished_at;
    let wrong = Outcome::Failed { error: "again".into() };
    store.finish("s1", &claim.token, &wrong).expect("a repeat is Ok");
    let done = store.submission("s1").expect("read").expect("exists");
    assert_eq!((done.verdict.as_deref(), done.finished_at, done.error), (Some("AC"), finished_at, None));
    let stranger = store.finish("s1", "not-the-token", &accepted());
    assert!(matches!(stranger, Err(StoreError::LeaseLost(_))), "{stranger:?}");
}

fn a_released_submission_loses_its_partial_results_and_is_claimed_again(engine: Engine) {
    let (_place, store) = store(engine);
    submit(&store, "s1", &practice());
    let first = next(&store, "w1").expect("claimed");
    store.record_test("s1", &first.token, 1, &json!({"number": 1})).expect("test 1");
    store.release("s1", &first.token).expect("release");
    let queued = store.submission("s1").expect("read").expect("exists");
    assert_eq!((queued.state, queued.tests.len()), (SubmissionState::Queued, 0));
    assert_eq!(store.heartbeat("s1", &first.token, LEASE).expect("heartbeat"), Lease::Lost);
    let again = next(&store, "w2").expect("claimed again");
    assert_eq!((again.record.id.as_str(), again.claims), ("s1", 2));
}

fn a_queued_submission_is_cancelled_at_once_and_never_claimed(engine: Engine) {
    let (_place, store) = store(engine);
    submit(&store, "s1", &practice());
    assert!(store.request_cancel("s1").expect("cancel"));
    let cancelled = store.submission("s1").expect("read").expect("exists");
    assert_eq!(
        (cancelled.state, cancelled.stopped, cancelled.verdict),
        (SubmissionState::Cancelled, Some(Stopped::Cancelled), None)
    );
    assert!(cancelled.finished_at.is_some());
    assert!(next(&store, "w").is_none());
    assert!(!store.request_cancel("s1").expect("cancel"), "cancelled once");
    assert!(!store.request_cancel("nope").expect("cancel"), "nothing to cancel");
    assert_eq!(store.queue_depth().expect("depth"), (0, 0));
}

fn the_depth_counts_queued_and_running_submissions(engine: Engine) {
    let (_place, store) = store(engine);
    assert_eq!(store.queue_depth().expect("depth"), (0, 0));
    for id in ["s1", "s2", "s3"] {
        submit(&store, id, &practice());
    }
    let claim = next(&store, "w").expect("claimed");
    assert_eq!(store.queue_depth().expect("depth"), (2, 1));
    store.finish(&claim.record.id, &claim.token, &accepted()).expect("finish");
    assert_eq!(store.queue_depth().expect("depth"), (2, 0));
}

fn a_package_is_kept_once_by_its_hash_and_a_submission_names_it(engine: Engine) {
    let (_place, store) = store(engine);
    let bytes = [0_u8, 159, 146, 150, 255, b'x'];
    store.put_package("h1", "two-sum", &bytes).expect("put");
    store.put_package("h1", "two-sum", b"other bytes").expect("the same hash again is Ok");
    assert_eq!(store.package("h1").expect("read"), Some(bytes.to_vec()), "bytes as they were, kept once");
    assert_eq!(store.package("h2").expect("read"), None);
    let new = NewSubmission { id: "s1", owner: &practice(), problem: "two-sum", code: "x", package: Some("h1") };
    assert_eq!(store.create_submission(&new).expect("create").package.as_deref(), Some("h1"));
    assert_eq!(store.submission("s1").expect("read").expect("exists").package.as_deref(), Some("h1"));
    assert_eq!(next(&store, "w").expect("claimed").record.package.as_deref(), Some("h1"));
}

fn another_node_hears_of_new_work_and_progress_on_postgres(engine: Engine) {
    let (_place, store) = store(engine);
    let listener = store.listen(&[JOBS_CHANNEL, PROGRESS_CHANNEL]).expect("listen");
    let Some(mut listener) = listener else {
        assert!(matches!(engine, Engine::Sqlite), "only SQLite, one process, has no listener");
        return;
    };
    submit(&store, "s1", &practice());
    let mut heard = listener.wait(Duration::from_secs(5)).expect("wait");
    let claim = next(&store, "w").expect("claimed");
    store.record_test("s1", &claim.token, 1, &json!({})).expect("test");
    store.finish("s1", &claim.token, &accepted()).expect("finish");
    while heard.len() < 4 {
        let more = listener.wait(Duration::from_secs(5)).expect("wait");
        assert!(!more.is_empty(), "every notice arrives: {heard:?}");
        heard.extend(more);
    }
    let expected = [(JOBS_CHANNEL, "s1"), (PROGRESS_CHANNEL, "s1"), (PROGRESS_CHANNEL, "s1"), (PROGRESS_CHANNEL, "s1")];
    let heard: Vec<(&str, &str)> = heard.iter().map(|(c, p)| (c.as_str(), p.as_str())).collect();
    assert_eq!(heard, expected, "the submission, the claim, the test, the verdict");
    assert!(listener.wait(Duration::from_millis(100)).expect("wait").is_empty(), "nothing more");
}

on_both_engines!(
    an_attempts_submission_is_claimed_before_older_practice_ones,
    many_claimers_on_two_nodes_never_hold_the_same_job,
    a_lease_that_ran_out_is_claimed_again_and_the_old_token_writes_nothing,
    a_heartbeat_extends_the_lease_and_carries_a_cancel_request,
    a_submission_that_takes_down_every_worker_judging_it_ends_as_an_internal_error,
    finishing_again_with_the_same_token_is_not_a_second_verdict,
    a_released_submission_loses_its_partial_results_and_is_claimed_again,
    a_queued_submission_is_cancelled_at_once_and_never_claimed,
    the_depth_counts_queued_and_running_submissions,
    a_package_is_kept_once_by_its_hash_and_a_submission_names_it,
    another_node_hears_of_new_work_and_progress_on_postgres,
);
