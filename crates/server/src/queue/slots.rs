//! Admission: the queue's capacity, owned here and nowhere else. A job takes a slot before it is
//! stored and holds it while it waits and while it is judged, so the bound covers both.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// A slot in the queue, held from admission until the job is judged.
#[derive(Debug)]
pub struct Admission(#[allow(dead_code, reason = "held, not read: dropping it frees the slot")] OwnedSemaphorePermit);

/// The slots and what is known of how fast they free up.
#[derive(Debug)]
pub(super) struct Slots {
    semaphore: Arc<Semaphore>,
    /// The semaphore's size: tokio does not say it, so it is kept beside it, set once.
    capacity: usize,
    workers: usize,
    average_job_ms: Mutex<f64>,
}

impl Slots {
    pub(super) fn new(capacity: usize, workers: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            semaphore: Arc::new(Semaphore::new(capacity)),
            capacity,
            workers: workers.max(1),
            average_job_ms: Mutex::new(500.0),
        }
    }

    pub(super) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Jobs holding a slot: waiting or being judged.
    pub(super) fn admitted(&self) -> usize {
        self.capacity - self.semaphore.available_permits()
    }

    /// Takes a slot, or says in how many seconds one is likely free.
    pub(super) fn admit(&self) -> Result<Admission, u64> {
        match Arc::clone(&self.semaphore).try_acquire_owned() {
            Ok(permit) => Ok(Admission(permit)),
            Err(_) => Err(self.retry_after_seconds()),
        }
    }

    /// The work ahead spread over the workers, at the recent average job time.
    pub(super) fn retry_after_seconds(&self) -> u64 {
        let average = *self.average_job_ms.lock().unwrap_or_else(PoisonError::into_inner);
        let seconds = (self.admitted() as f64 * average / self.workers as f64 / 1000.0).ceil() as u64;
        seconds.clamp(1, 120)
    }

    /// Folds one finished job's time into the average.
    pub(super) fn job_took(&self, elapsed: Duration) {
        let mut average = self.average_job_ms.lock().unwrap_or_else(PoisonError::into_inner);
        *average = 0.8 * *average + 0.2 * elapsed.as_secs_f64() * 1000.0;
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn the_capacity_is_the_semaphores_and_a_full_queue_says_when_to_come_back() {
        let slots = Slots::new(2, 1);
        let first = slots.admit();
        let second = slots.admit();
        assert!(first.is_ok() && second.is_ok());
        assert_eq!((slots.capacity(), slots.admitted()), (2, 2));
        // Two jobs of half a second each ahead of one worker: about a second.
        assert_eq!(slots.admit().err(), Some(1));
        drop(first);
        assert_eq!(slots.admitted(), 1);
        assert!(slots.admit().is_ok(), "a dropped admission frees its slot");
    }

    #[test]
    fn a_zero_capacity_still_admits_one_job_and_says_so() {
        let slots = Slots::new(0, 0);
        assert_eq!(slots.capacity(), 1);
        let only = slots.admit();
        assert!(only.is_ok());
        assert_eq!(slots.admitted(), 1, "never an underflow between the capacity and the semaphore");
    }
}
