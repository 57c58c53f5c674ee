//! Two `verdict serve` nodes on one PostgreSQL: the read-then-write rules SQLite gets from its
//! one IMMEDIATE writer hold across connections because every write is SERIALIZABLE and runs
//! again when it loses a conflict. Each race here is forced: both transactions have read
//! before either writes (they meet inside the store's id callback, or wait at their insert for
//! a table lock the test holds), so the outcome does not depend on timing.

use super::hiring::spec;
use postgres::IsolationLevel;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use verdict_pgtest::ScratchDatabase;
use verdict_store::*;

/// How long one side waits for the other at the meeting point: a guard against hanging (a
/// store that blocked the second reader would never arrive), far beyond any transaction's time.
const STUCK: Duration = Duration::from_secs(60);

/// Where two threads wait for each other, once each.
#[derive(Default)]
struct Meeting {
    arrived: Mutex<usize>,
    everyone: Condvar,
}

impl Meeting {
    /// Waits until both have arrived (or STUCK passed); false when the other never came.
    fn meet(&self) -> bool {
        let mut arrived = self.arrived.lock().expect("meeting");
        *arrived += 1;
        self.everyone.notify_all();
        let (arrived, _) = self.everyone.wait_timeout_while(arrived, STUCK, |n| *n < 2).expect("meeting");
        *arrived >= 2
    }
}

/// Two nodes finish the same attempt at once (the candidate's Finish and the deadline sweep);
/// returns the submissions each made and the number of "finished" audit entries.
fn finish_twice(isolation: IsolationLevel) -> (Vec<String>, Vec<String>, usize, u64) {
    let database = ScratchDatabase::create("verdict_store_race");
    let clock = Arc::new(ManualClock::new(1_000_000));
    let node = || {
        PgStore::open_with_clock(database.url(), clock.clone()).expect("open").with_write_isolation_for_tests(isolation)
    };
    let (one, two) = (Arc::new(node()), Arc::new(node()));
    let user = one.create_user("u", "u@x.test", "t", Role::Admin, "setup", i64::MAX).expect("user");
    one.create_assessment(&user.team, "as1", &spec(), "lead").expect("assessment");
    let new = NewInvitation { id: "inv".into(), name: "n".into(), email: "n@x.test".into(), link_hash: "h".into() };
    one.create_invitations("as1", &[new], "lead").expect("invite");
    one.start_attempt("inv", spec().duration_ms).expect("start");
    one.save_attempt_draft("inv", "a", "never submitted", "autosave").expect("draft");
    let meeting = Arc::new(Meeting::default());
    let finish = |store: Arc<PgStore>, name: &'static str, reason: &'static str| {
        let meeting = Arc::clone(&meeting);
        std::thread::spawn(move || {
            let mut met = false;
            let finished = store
                .finish_attempt(
                    "inv",
                    reason,
                    &mut || {
                        // Only the first run meets: a run again after a conflict goes straight on.
                        if !met {
                            met = true;
                            assert!(meeting.meet(), "the other node never read the attempt: a store blocked it");
                        }
                        format!("{name}-{}", store.retries())
                    },
                    &|_| None,
                )
                .expect("finish");
            (finished.submissions, store.retries())
        })
    };
    let first = finish(one, "one", "candidate");
    let second = finish(two, "two", "deadline");
    let (first, first_retries) = first.join().expect("first node");
    let (second, second_retries) = second.join().expect("second node");
    let reader = PgStore::open(database.url()).expect("open");
    let finished =
        reader.audit("as1", None, 1000).expect("audit").events.into_iter().filter(|e| e.action == "finished").count();
    (first, second, finished, first_retries + second_retries)
}

#[test]
fn two_nodes_finishing_one_attempt_submit_its_last_draft_once() {
    let (first, second, finished, retries) = finish_twice(IsolationLevel::Serializable);
    assert_eq!(first.len() + second.len(), 1, "the last draft is submitted once: {first:?} {second:?}");
    assert_eq!(finished, 1, "the attempt finishes once");
    assert!(retries >= 1, "the loser ran again after its conflict");
}

#[test]
fn without_serializable_the_same_race_submits_the_last_draft_twice() {
    // What the test above guards against, shown: the race is real, not a quirk of the setup.
    let (first, second, finished, _) = finish_twice(IsolationLevel::ReadCommitted);
    assert_eq!((first.len(), second.len(), finished), (1, 1, 2), "{first:?} {second:?}");
}

/// Two nodes take one candidate's submissions at once, each fitting the quota alone but not
/// together: both read the candidate's usage, then wait at their insert until the test lets
/// them go. Returns which were stored.
fn submit_twice_near_the_quota(isolation: IsolationLevel) -> Vec<bool> {
    let database = ScratchDatabase::create("verdict_store_quota");
    let node = || {
        Arc::new(
            PgStore::open(database.url())
                .expect("open")
                .with_candidate_quota(100)
                .with_write_isolation_for_tests(isolation),
        )
    };
    let (one, two) = (node(), node());
    let mut holder = database.connect();
    let mut hold = holder.transaction().expect("begin");
    // SHARE lets every read through and stops every insert until it ends.
    hold.batch_execute("LOCK TABLE submissions IN SHARE MODE").expect("lock");
    let submit = |store: Arc<PgStore>, id: &'static str| {
        std::thread::spawn(move || {
            let owner = Owner::Practice("c".into());
            let code = "x".repeat(60);
            store.create_submission(&NewSubmission { id, owner: &owner, problem: "p", code: &code, package: None })
        })
    };
    let first = submit(one, "one");
    let second = submit(two, "two");
    let waiting = || -> i64 {
        let mut watcher = database.connect();
        watcher
            .query_one(
                "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                 WHERE c.relname = 'submissions' AND NOT l.granted",
                &[],
            )
            .expect("pg_locks")
            .get(0)
    };
    let deadline = std::time::Instant::now() + STUCK;
    while waiting() < 2 {
        assert!(std::time::Instant::now() < deadline, "both inserts never waited at the lock");
        std::thread::sleep(Duration::from_millis(10));
    }
    hold.rollback().expect("release");
    let results = [first.join().expect("first node"), second.join().expect("second node")];
    for result in &results {
        assert!(matches!(result, Ok(_) | Err(StoreError::QuotaExceeded { .. })), "{result:?}");
    }
    results.iter().map(Result::is_ok).collect()
}

#[test]
fn two_nodes_cannot_both_slip_under_one_candidates_quota() {
    let stored = submit_twice_near_the_quota(IsolationLevel::Serializable);
    assert_eq!(stored.iter().filter(|s| **s).count(), 1, "one is stored, the other refused: {stored:?}");
}

#[test]
fn without_serializable_both_slip_under_the_quota() {
    assert_eq!(submit_twice_near_the_quota(IsolationLevel::ReadCommitted), [true, true]);
}

/// The team's two admins, each on a node of their own, demote each other at once: both read
/// that another admin remains before either writes (their updates wait for a table lock the
/// test holds until both wait), then the test lets them go. Returns which changes were stored.
fn demote_both_admins(isolation: IsolationLevel) -> Vec<bool> {
    let database = ScratchDatabase::create("verdict_store_admins");
    let node = || Arc::new(PgStore::open(database.url()).expect("open").with_write_isolation_for_tests(isolation));
    let (one, two) = (node(), node());
    let mut team = String::new();
    for id in ["a", "b"] {
        team = one.create_user(id, &format!("{id}@x.test"), "t", Role::Admin, id, i64::MAX).expect("admin").team;
        one.complete_setup(id, "hash").expect("setup").expect("a setup token");
    }
    let mut holder = database.connect();
    let mut hold = holder.transaction().expect("begin");
    // SHARE lets every read through and stops every update until it ends.
    hold.batch_execute("LOCK TABLE users IN SHARE MODE").expect("lock");
    let demote = |store: Arc<PgStore>, id: &'static str, actor: &'static str| {
        let team = team.clone();
        std::thread::spawn(move || store.set_role(&team, id, Role::Reviewer, actor))
    };
    let first = demote(one, "a", "b@x.test");
    let second = demote(two, "b", "a@x.test");
    let waiting = || -> i64 {
        let mut watcher = database.connect();
        watcher
            .query_one(
                "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                 WHERE c.relname = 'users' AND NOT l.granted",
                &[],
            )
            .expect("pg_locks")
            .get(0)
    };
    let deadline = std::time::Instant::now() + STUCK;
    while waiting() < 2 {
        assert!(std::time::Instant::now() < deadline, "both updates never waited at the lock");
        std::thread::sleep(Duration::from_millis(10));
    }
    hold.rollback().expect("release");
    let results = [first.join().expect("first node"), second.join().expect("second node")];
    for result in &results {
        assert!(matches!(result, Ok(Some(_)) | Err(StoreError::Conflict { code: "last_admin", .. })), "{result:?}");
    }
    results.iter().map(Result::is_ok).collect()
}

#[test]
fn two_nodes_cannot_demote_a_teams_last_two_admins_at_once() {
    let stored = demote_both_admins(IsolationLevel::Serializable);
    assert_eq!(stored.iter().filter(|s| **s).count(), 1, "one steps down, the other stays admin: {stored:?}");
}

#[test]
fn without_serializable_both_admins_step_down() {
    assert_eq!(demote_both_admins(IsolationLevel::ReadCommitted), [true, true]);
}

/// Two nodes' delivery tasks on one PostgreSQL: a message another node's claim holds locked is
/// passed over, never waited for or taken twice. The other node's claim is held open here (a
/// transaction that locked the first due row), so the outcome does not depend on timing.
#[test]
fn a_claim_passes_over_a_message_another_node_is_claiming() {
    let database = ScratchDatabase::create("verdict_store_outbox_race");
    let clock = Arc::new(ManualClock::new(1_000_000));
    let store = Arc::new(PgStore::open_with_clock(database.url(), clock.clone()).expect("open"));
    let message = |to: &str| NewMessage {
        kind: "invitation".into(),
        team: None,
        recipient: to.into(),
        payload: serde_json::json!({}),
        secret: None,
    };
    let first = store.enqueue(&message("first@x.test")).expect("enqueue");
    clock.advance(Duration::from_millis(1));
    let second = store.enqueue(&message("second@x.test")).expect("enqueue");
    let mut other_node = database.connect();
    let mut claiming = other_node.transaction().expect("transaction");
    claiming.execute("SELECT id FROM outbox WHERE id = $1 FOR UPDATE", &[&first]).expect("lock the first");
    // A claim that waited for the other node's lock would never return while it is held.
    let (sent, received) = std::sync::mpsc::channel();
    let claimer = Arc::clone(&store);
    std::thread::spawn(move || sent.send(claimer.claim_messages(Duration::from_secs(60), 10)));
    let claimed = received.recv_timeout(STUCK).expect("the claim waited for the other node").expect("claim");
    assert_eq!(
        claimed.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        [second.as_str()],
        "the locked one is passed over"
    );
    claiming.rollback().expect("the other node gives up");
    let rest = store.claim_messages(Duration::from_secs(60), 10).expect("claim again");
    assert_eq!(rest.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), [first.as_str()]);
}
