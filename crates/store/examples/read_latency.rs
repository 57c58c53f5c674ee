//! How long HTTP-style reads take while submissions are being written, for the design before
//! the reader pool (every read waits on the one connection the writes use) and the current one
//! (one writer, read-only connections beside it), side by side in one run, on one disk.
//!
//! `cargo run --release -p verdict-store --example read_latency [SECONDS_PER_DESIGN]`
//!
//! A benchmark, not a test: it prints figures and asserts nothing.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use verdict_store::{JobStore, NewSubmission, Outcome, Owner, SqliteStore, Store, DEFAULT_READERS};

/// Tests per judged submission, as in a typical problem.
const TESTS: u32 = 10;
/// Threads reading at once, like concurrent page loads and polls.
const READERS: usize = 2;
/// The pause between one thread's reads: reads come at a steady pace, as requests do, instead of
/// taking every core (which would measure the scheduler, not the store).
const READ_EVERY: Duration = Duration::from_millis(2);
/// Each design runs this many times, alternating, so a burst of load elsewhere on the machine
/// does not land on one design only.
const ROUNDS: usize = 2;

struct Figures {
    reads: usize,
    p50: Duration,
    p99: Duration,
    max: Duration,
    commits_per_second: f64,
}

fn judge_one(store: &SqliteStore, id: &str) {
    let new = NewSubmission {
        id,
        owner: &Owner::Practice("bench".into()),
        problem: "two-sum",
        code: "def solve(a, b):\n    return a + b\n",
        package: None,
    };
    if store.create_submission(&new).is_err() {
        return;
    }
    let lease = Duration::from_secs(30);
    let token = store.claim("bench", lease).ok().flatten().map(|claim| claim.token).unwrap_or_default();
    for number in 1..=TESTS {
        let result = serde_json::json!({"number": number, "verdict": "AC", "time_ms": 12, "memory_kib": 9000});
        let _ = store.record_test(id, &token, number, &result);
    }
    let outcome =
        Outcome::Finished { verdict: "AC".into(), score: 1.0, compile_error: None, stopped: None, not_run: 0 };
    let _ = store.finish(id, &token, &outcome);
}

fn run(readers: usize, seconds: u64) -> Result<Figures, verdict_store::StoreError> {
    let dir = tempfile::tempdir()
        .map_err(|source| verdict_store::StoreError::DataDir { path: std::env::temp_dir(), source })?;
    let store = Arc::new(SqliteStore::open_dir(dir.path())?.with_readers(readers)?);
    for i in 0..50 {
        judge_one(&store, &format!("seed-{i}"));
    }
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let start_commits = store.commits();
    let writer = {
        let (store, stop, written) = (Arc::clone(&store), Arc::clone(&stop), Arc::clone(&written));
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                judge_one(&store, &format!("w-{n}"));
                n += 1;
            }
            written.store(n, Ordering::Relaxed);
        })
    };
    let started = Instant::now();
    let reading: Vec<_> = (0..READERS)
        .map(|r| {
            let (store, stop) = (Arc::clone(&store), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut i = r;
                while !stop.load(Ordering::Relaxed) {
                    let id = format!("seed-{}", i % 50);
                    let t = Instant::now();
                    let _ = store.submission(&id);
                    let _ = store.submissions_of(&Owner::Practice("bench".into()), "two-sum", 20);
                    latencies.push(t.elapsed());
                    i += 1;
                    std::thread::sleep(READ_EVERY);
                }
                latencies
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed();
    let _ = writer.join();
    let mut latencies: Vec<Duration> = reading.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect();
    latencies.sort();
    let at = |q: f64| latencies.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)));
    Ok(Figures {
        reads: latencies.len(),
        p50: at(0.50).copied().unwrap_or_default(),
        p99: at(0.99).copied().unwrap_or_default(),
        max: latencies.last().copied().unwrap_or_default(),
        commits_per_second: (store.commits() - start_commits) as f64 / elapsed.as_secs_f64(),
    })
}

fn main() -> Result<(), verdict_store::StoreError> {
    let seconds = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    println!(
        "{READERS} threads each reading a submission and a history every {READ_EVERY:?}, while one thread \
         judges {TESTS}-test submissions ({seconds} s a run, synchronous = FULL)"
    );
    println!("{:<34} {:>8} {:>10} {:>10} {:>10} {:>10}", "design", "reads", "p50 ms", "p99 ms", "max ms", "commits/s");
    let designs = [("one connection for all (before)", 0), ("writer + read-only pool (now)", DEFAULT_READERS)];
    for (name, readers) in (0..ROUNDS).flat_map(|_| designs) {
        let f = run(readers, seconds)?;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{name:<34} {:>8} {:>10.3} {:>10.3} {:>10.3} {:>10.1}",
            f.reads,
            ms(f.p50),
            ms(f.p99),
            ms(f.max),
            f.commits_per_second
        );
    }
    Ok(())
}
