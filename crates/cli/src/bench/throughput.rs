//! Sustained throughput: client threads running one kind of run back to back, each kind in
//! turn for a slice at a time, so that every kind sees the same spread of machine load.

use anyhow::Result;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One run of a kind; it fails if the run gave a wrong result.
pub type Run = Arc<dyn Fn() -> Result<()> + Send + Sync>;

/// Runs per second for each of `kinds`, `threads` clients at a time, `rounds` slices of `slice`.
pub fn interleaved(kinds: &[Run], threads: usize, rounds: u32, slice: Duration) -> Result<Vec<f64>> {
    let mut done = vec![0usize; kinds.len()];
    let mut spent = vec![Duration::ZERO; kinds.len()];
    for _ in 0..rounds {
        for (index, run) in kinds.iter().enumerate() {
            let started = Instant::now();
            done[index] += clients(run, threads, slice)?;
            spent[index] += started.elapsed();
        }
    }
    Ok(done.iter().zip(&spent).map(|(&count, time)| count as f64 / time.as_secs_f64().max(f64::EPSILON)).collect())
}

/// How many runs `threads` clients finished in `length` (each finishes the run it is in).
fn clients(run: &Run, threads: usize, length: Duration) -> Result<usize> {
    let done = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (run, done, stop) = (Arc::clone(run), Arc::clone(&done), Arc::clone(&stop));
            std::thread::spawn(move || -> Result<()> {
                while !stop.load(Ordering::Relaxed) {
                    run()?;
                    done.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        })
        .collect();
    std::thread::sleep(length);
    stop.store(true, Ordering::Relaxed);
    for handle in handles {
        handle.join().map_err(|_| anyhow::anyhow!("a benchmark thread panicked"))??;
    }
    Ok(done.load(Ordering::Relaxed))
}
