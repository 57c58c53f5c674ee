//! Many nodes on one PostgreSQL, all real processes on loopback: two `verdict serve --workers 0`
//! nodes take 300 submissions (half each, from several client threads; some in an assessment's
//! attempt, which is judged first) while three `verdict worker` processes judge them. Midway
//! one worker is SIGKILLed while it holds a submission, and one serve node is stopped and
//! started again on a new port. Every submission is followed over server-sent events, one in
//! five on the other node than the one that took it.
//!
//! It asserts correctness only: every accepted submission has exactly one final verdict, the
//! right one, none lost and none made up; each stream shows `state`, each test once, then
//! `done` as the store holds it; the killed worker's submission was claimed again once its
//! lease ran out; no 5xx but from the node while it restarted. It prints figures (throughput,
//! latency from POST to `done`, the reclaim's delay, the restart's time) and asserts none.

mod client;
mod nodes;

use client::{Event, Owner, Troubles};
use nodes::Cluster;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use verdict_pgtest::ScratchDatabase;
use verdict_tests::eventually;

const SUBMISSIONS: usize = 300;
const CLIENT_THREADS: usize = 12;
const WORKERS: usize = 3;

const GOOD: &str =
    "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";
const WRONG: &str = "def calculate_pi(n):\n    return 6 * sum(1 / i**2 for i in range(1, n))\n";
/// Accepted, but slow enough (a pause per test) that a worker is sure to hold it when killed.
const SLOW_GOOD: &str = "import math, time\n\ndef calculate_pi(n):\n    time.sleep(0.15)  # multinode: slow\n    \
                         return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";

/// One planned submission.
struct Job {
    node: usize,
    follow_on: usize,
    owner: Owner,
    code: &'static str,
    expected: &'static str,
}

fn plan(attempt: &str) -> Vec<Job> {
    (0..SUBMISSIONS)
        .map(|i| {
            let node = i % 2;
            let (code, expected) = match i {
                _ if i % 50 == 45 => (SLOW_GOOD, "AC"),
                _ if i % 3 == 0 => (WRONG, "WA"),
                _ => (GOOD, "AC"),
            };
            // 30 in the attempt, from both nodes: judged before the practice ones waiting.
            let owner = if i % 20 == 7 || i % 20 == 12 {
                Owner::Attempt(attempt.to_owned())
            } else {
                Owner::Practice(format!("{:032x}", 0xC0FFEE_u64 + (i % CLIENT_THREADS) as u64))
            };
            // One in five followed on the other node (30 from each).
            let follow_on = if i % 5 == 0 { 1 - node } else { node };
            Job { node, follow_on, owner, code, expected }
        })
        .collect()
}

/// What happened to one submission.
struct Outcome {
    id: String,
    job: usize,
    posted: Instant,
    done: Instant,
    streams: Vec<Vec<Event>>,
}

/// What the controller did mid-run, and how long things took.
#[derive(Default)]
struct Incidents {
    /// The submission held by the killed worker, and that worker's name.
    killed: Option<(String, String)>,
    /// From the SIGKILL to the submission's next claim, and to its verdict.
    reclaimed_after: Option<Duration>,
    reclaimed_done_after: Option<Duration>,
    /// When the restarted node went down (SIGTERM) and had its new address.
    restart: Option<(Instant, Instant)>,
    /// From SIGTERM to the old process's exit, and to the new one answering.
    exited_after: Option<Duration>,
    served_after: Option<Duration>,
}

#[test]
fn two_serve_nodes_and_three_workers_judge_every_submission_once_through_a_crash_and_a_restart() {
    let started = Instant::now();
    // Declared first, dropped last: every process is gone before the database is dropped.
    let database = ScratchDatabase::create("verdict_multinode");
    let cluster = Cluster::start(database.url(), WORKERS);
    let http = client::http();
    let attempt = client::started_attempt(&http, &cluster.address(0), database.url());
    let jobs = plan(&attempt);
    let troubles = Troubles::default();
    let next = AtomicUsize::new(0);
    let accepted = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::new());
    let mut incidents = Incidents::default();
    std::thread::scope(|scope| {
        for _ in 0..CLIENT_THREADS {
            scope.spawn(|| {
                let http = client::http();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(n) else { return };
                    let (id, posted) = client::submit(&http, &cluster, &troubles, job.node, &job.owner, job.code);
                    accepted.fetch_add(1, Ordering::Relaxed);
                    let (streams, done) = client::follow(&http, &cluster, &troubles, job.follow_on, &job.owner, &id);
                    outcomes.lock().expect("outcomes").push(Outcome { id, job: n, posted, done, streams });
                }
            });
        }
        incidents = mid_run(&cluster, &database, &accepted);
    });
    let elapsed = started.elapsed();
    let outcomes = outcomes.into_inner().expect("outcomes");
    let store = stored(&database);
    check_outcomes(&jobs, &outcomes, &store);
    check_incidents(&incidents, &store, &troubles);
    figures(&jobs, &outcomes, &incidents, &troubles, &store, elapsed);
}

/// The crash and the restart, once the run is well under way: the controller's part.
fn mid_run(cluster: &Cluster, database: &ScratchDatabase, accepted: &AtomicUsize) -> Incidents {
    let mut incidents = Incidents::default();
    eventually("a third of the submissions to be accepted", || {
        (accepted.load(Ordering::Relaxed) >= SUBMISSIONS / 3).then_some(())
    });
    // A worker holding a (slow) submission: SIGKILL it, as a crash would.
    let mut db = database.connect();
    let (id, judged_by) = eventually("a worker to hold a slow submission", || {
        let row = db
            .query_opt(
                "SELECT id, judged_by FROM submissions WHERE state = 'running' AND code LIKE '%multinode: slow%' LIMIT 1",
                &[],
            )
            .expect("looking for a running submission")?;
        Some((row.get::<_, String>(0), row.get::<_, String>(1)))
    });
    let worker = cluster
        .workers
        .iter()
        .find(|w| judged_by.ends_with(&format!(":{}/0", w.lock().expect("worker").pid())))
        .unwrap_or_else(|| panic!("{judged_by} is none of the test's workers"));
    worker.lock().expect("worker").crash();
    let killed_at = Instant::now();
    let row = db.query_one("SELECT state, judged_by FROM submissions WHERE id = $1", &[&id]).expect("the killed job");
    let (state, holder): (String, String) = (row.get(0), row.get(1));
    assert_eq!((state.as_str(), holder.as_str()), ("running", judged_by.as_str()), "{id} held when its worker died");
    incidents.killed = Some((id.clone(), judged_by.clone()));
    std::thread::scope(|scope| {
        // The killed worker's submission: claimed again by another worker once its lease ran out.
        let reclaim = scope.spawn(|| {
            let mut reclaimed = None;
            let done = eventually("the killed worker's submission to be judged again", || {
                let row = db
                    .query_one("SELECT claims, judged_by, state FROM submissions WHERE id = $1", &[&id])
                    .expect("the killed job");
                let (claims, holder, state): (i64, String, String) = (row.get(0), row.get(1), row.get(2));
                if reclaimed.is_none() && claims >= 2 {
                    reclaimed = Some(killed_at.elapsed());
                    assert_ne!(holder, judged_by, "{id} claimed again by another worker");
                }
                (state != "queued" && state != "running").then(|| killed_at.elapsed())
            });
            (reclaimed, done)
        });
        // Meanwhile serve node 1 is stopped (SIGTERM) and started again on a new port.
        let down = Instant::now();
        let exited = cluster.restart_serve(1, 1);
        let up = Instant::now();
        let probe = client::http();
        eventually("the restarted node to answer", || {
            let answer = probe.get(format!("{}/api/health", cluster.address(1))).send().ok()?;
            answer.status().is_success().then_some(())
        });
        incidents.restart = Some((down, up));
        incidents.exited_after = Some(exited);
        incidents.served_after = Some(down.elapsed());
        let (reclaimed, done) = reclaim.join().expect("the reclaim watcher");
        incidents.reclaimed_after = reclaimed;
        incidents.reclaimed_done_after = Some(done);
    });
    incidents
}

/// A submission as the store holds it at the end.
struct Stored {
    state: String,
    verdict: Option<String>,
    claims: i64,
    judged_by: Option<String>,
    tests: Vec<i64>,
}

fn stored(database: &ScratchDatabase) -> HashMap<String, Stored> {
    let mut db = database.connect();
    let mut tests: HashMap<String, Vec<i64>> = HashMap::new();
    for row in db.query("SELECT submission, number FROM test_results ORDER BY number", &[]).expect("test_results") {
        tests.entry(row.get(0)).or_default().push(row.get(1));
    }
    db.query("SELECT id, state, verdict, claims, judged_by FROM submissions", &[])
        .expect("submissions")
        .into_iter()
        .map(|row| {
            let id: String = row.get(0);
            let tests = tests.remove(&id).unwrap_or_default();
            (id, Stored { state: row.get(1), verdict: row.get(2), claims: row.get(3), judged_by: row.get(4), tests })
        })
        .collect()
}

/// Every accepted submission has one final verdict, the right one, shown alike by its events.
fn check_outcomes(jobs: &[Job], outcomes: &[Outcome], store: &HashMap<String, Stored>) {
    assert_eq!(outcomes.len(), SUBMISSIONS, "every planned submission was accepted and followed");
    let accepted: HashSet<&str> = outcomes.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(accepted.len(), SUBMISSIONS, "every accepted submission has an id of its own");
    let stored_ids: HashSet<&str> = store.keys().map(String::as_str).collect();
    assert_eq!(stored_ids, accepted, "the store holds exactly the accepted submissions: none lost, none made up");
    for outcome in outcomes {
        let job = &jobs[outcome.job];
        let id = &outcome.id;
        let row = &store[id];
        assert_eq!(
            (row.state.as_str(), row.verdict.as_deref()),
            ("finished", Some(job.expected)),
            "{id} ({} code)",
            job.expected
        );
        assert!(row.judged_by.is_some(), "{id} names its worker");
        for (n, stream) in outcome.streams.iter().enumerate() {
            check_stream(id, stream, n + 1 == outcome.streams.len(), row);
        }
    }
}

/// One stream: `state` first, each test once, and (the last stream) `done` as stored.
fn check_stream(id: &str, events: &[Event], last: bool, row: &Stored) {
    let names: Vec<&str> = events.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names.first(), Some(&"state"), "{id}: a stream opens with its state: {names:?}");
    let tests: Vec<u64> =
        events.iter().filter(|(n, _)| n == "test").filter_map(|(_, t)| t["number"].as_u64()).collect();
    let unique: HashSet<u64> = tests.iter().copied().collect();
    assert_eq!(unique.len(), tests.len(), "{id}: each test once in a stream: {tests:?}");
    if !last {
        assert!(!names.contains(&"done"), "{id}: a stream cut before `done` is followed again");
        return;
    }
    assert_eq!(names.last(), Some(&"done"), "{id}: the stream ends with done: {names:?}");
    assert_eq!(names.iter().filter(|n| **n == "done").count(), 1, "{id}: one done");
    let done: &Value = &events[events.len() - 1].1;
    assert_eq!((done["state"].as_str(), done["verdict"].as_str()), (Some("finished"), row.verdict.as_deref()), "{id}");
    let done_tests: Vec<u64> =
        done["tests"].as_array().map_or(vec![], |t| t.iter().filter_map(|t| t["number"].as_u64()).collect());
    let stored: Vec<u64> = row.tests.iter().map(|&n| u64::try_from(n).expect("a test number")).collect();
    assert_eq!(done_tests, stored, "{id}: done shows the tests the store holds");
    // A stream opened late shows the tests done before it in `done` only; none twice, none made up.
    assert!(unique.iter().all(|n| stored.contains(n)), "{id}: streamed tests {tests:?} are stored {stored:?}");
    let state_events: Vec<&str> =
        events.iter().filter(|(n, _)| n == "state").filter_map(|(_, s)| s["state"].as_str()).collect();
    let mut seen = HashSet::new();
    assert!(state_events.iter().all(|s| seen.insert(*s)), "{id}: each state once: {state_events:?}");
}

/// The crash was recovered from through the lease; 5xx came only from the restarting node.
fn check_incidents(incidents: &Incidents, store: &HashMap<String, Stored>, troubles: &Troubles) {
    let (id, killed_worker) = incidents.killed.as_ref().expect("a worker was killed");
    let row = &store[id];
    assert!(row.claims >= 2, "{id}: claimed again after its worker died (claims {})", row.claims);
    assert_ne!(row.judged_by.as_deref(), Some(killed_worker.as_str()), "{id}: judged by a living worker");
    assert!(incidents.reclaimed_after.is_some(), "{id}: reclaimed");
    let (down, up) = incidents.restart.expect("a serve node restarted");
    // A little slack after the new address is known: a client may still hold the old one.
    let up = up + Duration::from_secs(2);
    for (at, node, status) in troubles.server_errors.lock().expect("troubles").iter() {
        assert!(*node == 1 && *at >= down && *at <= up, "a {status} from node {node} outside its restart");
    }
    for (at, node) in troubles.unreachable.lock().expect("troubles").iter() {
        assert!(
            *node == 1 && *at >= down && *at <= up,
            "node {node} unreachable, or a stream on it cut before done, outside its restart"
        );
    }
}

fn figures(
    jobs: &[Job],
    outcomes: &[Outcome],
    incidents: &Incidents,
    troubles: &Troubles,
    store: &HashMap<String, Stored>,
    elapsed: Duration,
) {
    // Written to stderr itself, not through print!: the test harness keeps what print! writes
    // from a passing test, and these figures are what a CI log should show.
    let mut out = String::new();
    let mut latencies: Vec<Duration> = outcomes.iter().map(|o| o.done - o.posted).collect();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    let first = outcomes.iter().map(|o| o.posted).min().expect("a submission");
    let last = outcomes.iter().map(|o| o.done).max().expect("a submission");
    let span = last - first;
    let mut claims: BTreeMap<i64, usize> = BTreeMap::new();
    for row in store.values() {
        *claims.entry(row.claims).or_default() += 1;
    }
    let refollowed = outcomes.iter().filter(|o| o.streams.len() > 1).count();
    let _ = writeln!(
        out,
        "multinode figures ({SUBMISSIONS} submissions, 2 serve nodes, {WORKERS} workers, {CLIENT_THREADS} clients):"
    );
    let _ = writeln!(
        out,
        "  throughput        {:.1} submissions/s (first POST to last done: {span:.1?}; with the cluster's start {elapsed:.1?})",
        SUBMISSIONS as f64 / span.as_secs_f64()
    );
    let ms = |d: Duration| d.as_millis();
    let _ =
        writeln!(out, "  POST -> done      p50 {} ms  p95 {} ms  max {} ms", ms(at(0.5)), ms(at(0.95)), ms(at(1.0)));
    let median = |attempt: bool| {
        let mut own: Vec<Duration> = outcomes
            .iter()
            .filter(|o| matches!(jobs[o.job].owner, Owner::Attempt(_)) == attempt)
            .map(|o| o.done - o.posted)
            .collect();
        own.sort();
        own.get(own.len() / 2).copied().unwrap_or_default()
    };
    let _ = writeln!(
        out,
        "  median by owner   attempt {} ms  practice {} ms (an attempt's submissions are claimed first)",
        ms(median(true)),
        ms(median(false))
    );
    let _ = writeln!(
        out,
        "  killed worker     its submission claimed again after {:.1?}, final after {:.1?} (lease {} s)",
        incidents.reclaimed_after.unwrap_or_default(),
        incidents.reclaimed_done_after.unwrap_or_default(),
        nodes::LEASE_SECONDS
    );
    if let Some((down, up)) = incidents.restart {
        let _ = writeln!(
            out,
            "  serve restart     SIGTERM to exit {:.1?}, to the new address {:.1?}, to answering {:.1?}",
            incidents.exited_after.unwrap_or_default(),
            up - down,
            incidents.served_after.unwrap_or_default()
        );
    }
    let _ = writeln!(
        out,
        "  on the way        {} 5xx, {} refused/cut connections, {} 429, {refollowed} streams followed again",
        troubles.server_errors.lock().expect("troubles").len(),
        troubles.unreachable.lock().expect("troubles").len(),
        *troubles.full.lock().expect("troubles")
    );
    let _ = writeln!(out, "  claims per submission {claims:?}");
    let _ = std::io::stderr().write_all(out.as_bytes());
}
