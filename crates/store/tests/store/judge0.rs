//! The Judge0 API's submissions: stored all or none under the cap on waiting rows, claimed
//! oldest first under a lease (one that ran out is claimed again and the old lease writes
//! nothing), finished once, read back by token, and finished rows cleaned up after a day.

use super::{on_both_engines, AnyStore, Engine, Place};
use std::sync::Arc;
use std::time::Duration;
use verdict_store::*;

const LEASE: Duration = Duration::from_secs(60);

fn clocked(engine: Engine) -> (Place, Arc<ManualClock>, AnyStore) {
    let place = Place::new(engine);
    let clock = Arc::new(ManualClock::new(1_000_000_000));
    let store = place.open(clock.clone());
    (place, clock, store)
}

fn new<'a>(token: &'a str, request: &'a str) -> NewJudge0<'a> {
    NewJudge0 { token, request }
}

fn a_batch_is_stored_whole_or_not_at_all(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    assert_eq!(store.judge0_enqueue(&[new("t1", "{\"a\":1}"), new("t2", "{}")], 3).expect("enqueue"), Enqueued::Stored);
    clock.advance(Duration::from_millis(1));
    let full = store.judge0_enqueue(&[new("t3", "{}"), new("t4", "{}")], 3).expect("enqueue");
    assert_eq!(full, Enqueued::Full, "two more would pass the cap of 3");
    assert_eq!(store.judge0_pending().expect("pending"), 2, "nothing of the refused batch was stored");
    assert!(store.judge0_read(&["t3", "t4"]).expect("read").is_empty());
    assert_eq!(store.judge0_enqueue(&[new("t3", "{}")], 3).expect("enqueue"), Enqueued::Stored);
    let records = store.judge0_read(&["t1", "nope"]).expect("read");
    assert_eq!(records.len(), 1, "an unknown token is left out");
    assert_eq!((records[0].state, records[0].request.as_str()), (Judge0State::Queued, "{\"a\":1}"));
}

fn claims_take_the_oldest_and_a_lost_lease_writes_nothing(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    store.judge0_enqueue(&[new("t1", "one")], 10).expect("enqueue");
    clock.advance(Duration::from_millis(1));
    store.judge0_enqueue(&[new("t2", "two")], 10).expect("enqueue");
    let first = store.judge0_claim("w1", LEASE).expect("claim").expect("a claim");
    assert_eq!((first.token.as_str(), first.request.as_str()), ("t1", "one"));
    let second = store.judge0_claim("w1", LEASE).expect("claim").expect("a claim");
    assert_eq!(second.token, "t2");
    assert!(store.judge0_claim("w1", LEASE).expect("claim").is_none(), "both are held");
    assert_eq!(store.judge0_read(&["t1"]).expect("read")[0].state, Judge0State::Running);

    // w1 dies holding t1: after the lease another worker takes it, and w1's result is refused.
    clock.advance(LEASE + Duration::from_millis(1));
    let again = store.judge0_claim("w2", LEASE).expect("claim").expect("the expired one again");
    assert_eq!(again.token, "t1");
    assert_ne!(again.lease, first.lease);
    let late = store.judge0_finish("t1", &first.lease, "late");
    assert!(matches!(late, Err(StoreError::LeaseLost(_))), "{late:?}");
    store.judge0_finish("t1", &again.lease, "{\"status\":3}").expect("finish");
    store.judge0_finish("t1", &again.lease, "{\"status\":3}").expect("a repeat is fine");
    let done = &store.judge0_read(&["t1"]).expect("read")[0];
    assert_eq!((done.state, done.result.as_deref()), (Judge0State::Done, Some("{\"status\":3}")));
    assert!(done.finished_at.is_some());
    assert_eq!(store.judge0_pending().expect("pending"), 1, "t2 still runs (its lease ran out too)");
}

fn finished_rows_are_cleaned_up_after_a_day(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    store.judge0_enqueue(&[new("old", "x")], 10).expect("enqueue");
    let claim = store.judge0_claim("w", LEASE).expect("claim").expect("a claim");
    store.judge0_finish("old", &claim.lease, "r").expect("finish");
    clock.advance(JUDGE0_KEEP + Duration::from_secs(1));
    store.judge0_enqueue(&[new("new", "y")], 10).expect("enqueue");
    let claim = store.judge0_claim("w", LEASE).expect("claim").expect("a claim");
    assert_eq!(claim.token, "new");
    assert!(store.judge0_read(&["old"]).expect("read").is_empty(), "the day-old result is gone");
}

on_both_engines!(
    a_batch_is_stored_whole_or_not_at_all,
    claims_take_the_oldest_and_a_lost_lease_writes_nothing,
    finished_rows_are_cleaned_up_after_a_day,
);
