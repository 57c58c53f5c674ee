//! What the queue is doing right now, kept in one place: each submission it holds (its
//! followers' channel, its cancel flag, whether it is being judged) and how many runs are being
//! judged. Progress is published as domain records; the HTTP side makes views of them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use tokio::sync::broadcast;
use verdict_judge::TestResult;
use verdict_store::{SubmissionRecord, SubmissionState};

/// A step of a submission's grading, as its followers receive it.
#[derive(Debug, Clone)]
pub enum Progress {
    State(SubmissionState),
    /// A finished test, as the candidate may see it ([`TestResult::for_candidate`]).
    Test(Arc<TestResult>),
    /// The stored submission once graded: the last message.
    Done(Arc<SubmissionRecord>),
}

/// A submission the queue holds, from enqueue until its grading is stored.
#[derive(Debug)]
struct Held {
    followers: broadcast::Sender<Progress>,
    cancel: Arc<AtomicBool>,
    judging: bool,
}

#[derive(Debug, Default)]
struct Jobs {
    submissions: HashMap<String, Held>,
    runs_judging: usize,
}

#[derive(Debug, Default)]
pub(super) struct Board {
    jobs: Mutex<Jobs>,
}

/// Events a follower may fall behind by before it re-reads the store instead.
const FOLLOWER_BACKLOG: usize = 1024;

impl Board {
    fn jobs(&self) -> MutexGuard<'_, Jobs> {
        self.jobs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Holds a submission: it can be followed and cancelled from now on.
    pub(super) fn hold(&self, id: &str) {
        self.jobs().submissions.entry(id.to_owned()).or_insert_with(|| Held {
            followers: broadcast::channel(FOLLOWER_BACKLOG).0,
            cancel: Arc::default(),
            judging: false,
        });
    }

    /// Marks a held submission as being judged; its cancel flag for the judge.
    pub(super) fn start_judging(&self, id: &str) -> Arc<AtomicBool> {
        self.hold(id);
        let mut jobs = self.jobs();
        let held = jobs.submissions.get_mut(id);
        held.map(|held| {
            held.judging = true;
            Arc::clone(&held.cancel)
        })
        .unwrap_or_default()
    }

    pub(super) fn stop_judging(&self, id: &str) {
        if let Some(held) = self.jobs().submissions.get_mut(id) {
            held.judging = false;
        }
    }

    /// Lets go of a submission once its end is stored: followers now read the store.
    pub(super) fn release(&self, id: &str) {
        self.jobs().submissions.remove(id);
    }

    pub(super) fn subscribe(&self, id: &str) -> Option<broadcast::Receiver<Progress>> {
        self.jobs().submissions.get(id).map(|held| held.followers.subscribe())
    }

    /// Sets a held submission's cancel flag; false when the queue does not hold it.
    pub(super) fn cancel(&self, id: &str) -> bool {
        match self.jobs().submissions.get(id) {
            Some(held) => {
                held.cancel.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    pub(super) fn publish(&self, id: &str, progress: Progress) {
        if let Some(held) = self.jobs().submissions.get(id) {
            // No follower is not an error: a stream replays the store when it connects.
            let _ = held.followers.send(progress);
        }
    }

    pub(super) fn run_started(&self) {
        self.jobs().runs_judging += 1;
    }

    pub(super) fn run_ended(&self) {
        let mut jobs = self.jobs();
        jobs.runs_judging = jobs.runs_judging.saturating_sub(1);
    }

    /// Submissions and runs being judged.
    pub(super) fn judging(&self) -> usize {
        let jobs = self.jobs();
        jobs.runs_judging + jobs.submissions.values().filter(|held| held.judging).count()
    }

    /// The submissions being judged, to put back in the queue when shutdown cuts them short.
    pub(super) fn submissions_judging(&self) -> Vec<String> {
        self.jobs().submissions.iter().filter(|(_, held)| held.judging).map(|(id, _)| id.clone()).collect()
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn judging_is_counted_from_one_record() {
        let board = Board::default();
        board.hold("a");
        board.hold("b");
        assert_eq!(board.judging(), 0, "held is not judged");
        let cancel = board.start_judging("a");
        board.run_started();
        assert_eq!((board.judging(), board.submissions_judging()), (2, vec!["a".to_owned()]));
        assert!(board.cancel("a") && cancel.load(Ordering::Relaxed), "the judge sees the flag the API set");
        board.stop_judging("a");
        board.run_ended();
        board.release("a");
        assert_eq!(board.judging(), 0);
        assert!(!board.cancel("a"), "a released submission cannot be cancelled");
        assert!(board.subscribe("a").is_none() && board.subscribe("b").is_some());
    }
}
