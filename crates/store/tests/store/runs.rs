//! Runs left to other nodes' workers: stored, claimed oldest first under a lease, judged under
//! the lease's token (a lease that ran out is claimed again and the old token writes nothing),
//! taken once by the waiting node (which deletes them), abandoned, cleaned up once too old, one
//! claimer per run however many race, and notices on PostgreSQL.

use super::{on_both_engines, AnyStore, Engine, Place};
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use verdict_store::*;

const LEASE: Duration = Duration::from_secs(30);

/// A store on a set clock, kept alive by the returned place.
fn clocked(engine: Engine) -> (Place, Arc<ManualClock>, AnyStore) {
    let place = Place::new(engine);
    let clock = Arc::new(ManualClock::new(1_000_000_000));
    let store = place.open(clock.clone());
    (place, clock, store)
}

fn enqueue(store: &AnyStore, id: &str, input: Option<&serde_json::Value>) {
    let new = NewRun { id, problem: "calculate-pi", package: Some("h1"), code: "x = 1", input };
    store.enqueue_run(&new).expect("enqueue");
}

fn next(store: &AnyStore, worker: &str) -> Option<RunClaim> {
    store.claim_run(worker, LEASE).expect("claim")
}

fn report(by: &str) -> RunOutcome {
    RunOutcome::Report(json!({"verdict": "AC", "by": by}))
}

fn a_run_is_claimed_oldest_first_judged_and_taken_once(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    let input = json!({"type": "call", "args": [10], "kwargs": {}});
    enqueue(&store, "r1", None);
    clock.advance(Duration::from_millis(1));
    enqueue(&store, "r2", Some(&input));
    assert_eq!(store.pending_runs().expect("pending"), 2);
    assert_eq!(store.take_run("r1").expect("take"), None, "nothing to take while it waits");

    let first = next(&store, "w").expect("a run to claim");
    let expected = RunClaim {
        id: "r1".into(),
        problem: "calculate-pi".into(),
        package: Some("h1".into()),
        code: "x = 1".into(),
        input: None,
        token: first.token.clone(),
    };
    assert_eq!(first, expected, "the oldest first, as stored");
    let second = next(&store, "w").expect("a run to claim");
    assert_eq!((second.id.as_str(), second.input.as_ref()), ("r2", Some(&input)), "the input as stored");
    assert_ne!(first.token, second.token);
    assert!(next(&store, "w").is_none(), "a run under a lease is not taken");

    assert_eq!(store.take_run("r1").expect("take"), None, "nothing to take while it is judged");
    store.finish_run("r1", &first.token, &report("w")).expect("finish");
    store.finish_run("r1", &first.token, &RunOutcome::Failed("again".into())).expect("a repeat is Ok");
    assert_eq!(store.take_run("r1").expect("take"), Some(report("w")), "the first outcome, once");
    assert!(matches!(store.take_run("r1"), Err(StoreError::NoRun(_))), "taken once: the row is gone");
    store.finish_run("r2", &second.token, &RunOutcome::Failed("the judge failed".into())).expect("finish");
    assert_eq!(store.take_run("r2").expect("take"), Some(RunOutcome::Failed("the judge failed".into())));
    assert_eq!(store.pending_runs().expect("pending"), 0, "nothing is kept");
}

fn a_runs_lease_that_ran_out_is_claimed_again_and_the_old_token_writes_nothing(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    enqueue(&store, "r1", None);
    let first = next(&store, "w1").expect("claimed");
    clock.advance(Duration::from_secs(29));
    assert!(next(&store, "w2").is_none(), "a lease that holds is not taken");
    assert!(store.heartbeat_run("r1", &first.token, LEASE).expect("heartbeat"), "held");
    clock.advance(Duration::from_secs(29));
    assert!(next(&store, "w2").is_none(), "the heartbeat moved the lease past the first one's end");
    clock.advance(Duration::from_secs(2));
    let second = next(&store, "w2").expect("claimed again once the lease ran out");
    assert_eq!(second.id, "r1");
    assert_ne!(second.token, first.token);

    assert!(!store.heartbeat_run("r1", &first.token, LEASE).expect("heartbeat"), "the old lease is lost");
    let old = store.finish_run("r1", &first.token, &report("w1"));
    assert!(matches!(old, Err(StoreError::LeaseLost(_))), "{old:?}");
    store.finish_run("r1", &second.token, &report("w2")).expect("the new holder's report");
    let late = store.finish_run("r1", &first.token, &report("w1"));
    assert!(matches!(late, Err(StoreError::LeaseLost(_))), "{late:?}");
    let stranger = store.finish_run("r1", "not-the-token", &report("x"));
    assert!(matches!(stranger, Err(StoreError::LeaseLost(_))), "{stranger:?}");
    assert!(!store.heartbeat_run("r1", &second.token, LEASE).expect("heartbeat"), "a judged run holds no lease");
    assert_eq!(store.take_run("r1").expect("take"), Some(report("w2")), "one outcome, the holder's");
}

fn a_run_given_up_is_deleted_and_its_late_report_refused(engine: Engine) {
    let (_place, _clock, store) = clocked(engine);
    enqueue(&store, "r1", None);
    let claim = next(&store, "w").expect("claimed");
    assert!(store.abandon_run("r1").expect("abandon"));
    assert!(!store.abandon_run("r1").expect("abandon"), "gone already");
    assert!(!store.heartbeat_run("r1", &claim.token, LEASE).expect("heartbeat"), "nothing to hold");
    let late = store.finish_run("r1", &claim.token, &report("w"));
    assert!(matches!(late, Err(StoreError::NoRun(_))), "{late:?}");
    assert!(matches!(store.take_run("r1"), Err(StoreError::NoRun(_))));
    assert_eq!(store.pending_runs().expect("pending"), 0);
}

fn runs_older_than_the_max_age_are_deleted_by_the_next_claim(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    enqueue(&store, "judged", None);
    let claim = next(&store, "w").expect("claimed");
    store.finish_run("judged", &claim.token, &report("w")).expect("finish");
    enqueue(&store, "waiting", None);
    enqueue(&store, "held", None);
    let held = next(&store, "w").expect("claimed");
    assert_eq!(held.id, "held", "ids order runs stored at the same time");
    clock.advance(RUN_MAX_AGE - Duration::from_secs(1));
    assert_eq!(store.pending_runs().expect("pending"), 3, "young enough to keep");
    clock.advance(Duration::from_secs(2));
    enqueue(&store, "new", None);
    let claimed = next(&store, "w").expect("claimed");
    assert_eq!(claimed.id, "new", "an old run is not judged: nobody waits for it any more");
    assert_eq!(store.pending_runs().expect("pending"), 1, "the old ones, judged or not, are deleted");
    // Old rows alone are enough for a claim to clean up, though it finds nothing to judge.
    clock.advance(RUN_MAX_AGE + Duration::from_secs(1));
    assert!(next(&store, "w").is_none());
    assert_eq!(store.pending_runs().expect("pending"), 0);
}

fn many_claimers_on_two_nodes_never_hold_the_same_run(engine: Engine) {
    const RUNS: usize = 60;
    let place = Place::new(engine);
    let nodes = [place.open(Arc::new(SystemClock)), place.open(Arc::new(SystemClock))];
    let ids: BTreeSet<String> = (0..RUNS).map(|i| format!("r{i:03}")).collect();
    for id in &ids {
        enqueue(&nodes[0], id, None);
    }
    let claimed: Vec<RunClaim> = std::thread::scope(|scope| {
        let claimers: Vec<_> = (0..6)
            .map(|n| {
                let node = &nodes[n % 2];
                scope.spawn(move || std::iter::from_fn(|| next(node, &format!("w{n}"))).collect::<Vec<_>>())
            })
            .collect();
        claimers.into_iter().flat_map(|claimer| claimer.join().expect("claimer")).collect()
    });
    let distinct: BTreeSet<String> = claimed.iter().map(|c| c.id.clone()).collect();
    assert_eq!(claimed.len(), RUNS, "each run claimed exactly once");
    assert_eq!(distinct, ids);
}

fn a_stored_run_wakes_the_workers_and_its_report_the_waiting_node_on_postgres(engine: Engine) {
    let (_place, _clock, store) = clocked(engine);
    let listener = store.listen(&[JOBS_CHANNEL, RUNS_CHANNEL]).expect("listen");
    let Some(mut listener) = listener else {
        assert!(matches!(engine, Engine::Sqlite), "only SQLite, one process, has no listener");
        return;
    };
    enqueue(&store, "r1", None);
    let mut heard = listener.wait(Duration::from_secs(5)).expect("wait");
    let claim = next(&store, "w").expect("claimed");
    assert!(store.heartbeat_run("r1", &claim.token, LEASE).expect("heartbeat"));
    store.finish_run("r1", &claim.token, &report("w")).expect("finish");
    while heard.len() < 2 {
        let more = listener.wait(Duration::from_secs(5)).expect("wait");
        assert!(!more.is_empty(), "every notice arrives: {heard:?}");
        heard.extend(more);
    }
    let heard: Vec<(&str, &str)> = heard.iter().map(|(c, p)| (c.as_str(), p.as_str())).collect();
    assert_eq!(heard, [(JOBS_CHANNEL, "r1"), (RUNS_CHANNEL, "r1")], "stored, then judged");
    store.take_run("r1").expect("take");
    assert!(listener.wait(Duration::from_millis(100)).expect("wait").is_empty(), "nothing more");
}

on_both_engines!(
    a_run_is_claimed_oldest_first_judged_and_taken_once,
    a_runs_lease_that_ran_out_is_claimed_again_and_the_old_token_writes_nothing,
    a_run_given_up_is_deleted_and_its_late_report_refused,
    runs_older_than_the_max_age_are_deleted_by_the_next_claim,
    many_claimers_on_two_nodes_never_hold_the_same_run,
    a_stored_run_wakes_the_workers_and_its_report_the_waiting_node_on_postgres,
);
