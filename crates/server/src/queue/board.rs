//! What this node's queue is doing right now, kept in one place: each submission it holds (its
//! followers' channel, its cancel flag, the admission slot of one submitted here, the lease
//! token while this node judges it) and how many runs are being judged. The store is the
//! queue's truth; this is what one node knows on top of it. Progress is published as domain
//! records; the HTTP side makes views of them.

use super::slots::Admission;
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

/// A submission the queue holds, from enqueue (or its claim) until its grading is stored.
#[derive(Debug)]
struct Held {
    followers: broadcast::Sender<Progress>,
    cancel: Arc<AtomicBool>,
    /// The lease's token while this node judges it.
    judging: Option<String>,
    /// The slot it took when it was submitted to this node.
    admission: Option<Admission>,
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

    /// Holds a submission, keeping the slot it took: it can be followed and cancelled from now on.
    pub(super) fn hold(&self, id: &str, admission: Option<Admission>) {
        let mut jobs = self.jobs();
        let held = jobs.submissions.entry(id.to_owned()).or_insert_with(|| Held {
            followers: broadcast::channel(FOLLOWER_BACKLOG).0,
            cancel: Arc::default(),
            judging: None,
            admission: None,
        });
        if admission.is_some() {
            held.admission = admission;
        }
    }

    /// Marks a submission as judged here under `token`; its cancel flag for the judge.
    pub(super) fn start_judging(&self, id: &str, token: &str) -> Arc<AtomicBool> {
        self.hold(id, None);
        let mut jobs = self.jobs();
        let held = jobs.submissions.get_mut(id);
        held.map(|held| {
            held.judging = Some(token.to_owned());
            Arc::clone(&held.cancel)
        })
        .unwrap_or_default()
    }

    /// The slot a submission took, to give back once its judging ended.
    pub(super) fn take_admission(&self, id: &str) -> Option<Admission> {
        self.jobs().submissions.get_mut(id).and_then(|held| held.admission.take())
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

    /// Submissions and runs being judged here.
    pub(super) fn judging(&self) -> usize {
        let jobs = self.jobs();
        jobs.runs_judging + jobs.submissions.values().filter(|held| held.judging.is_some()).count()
    }

    pub(super) fn is_judging(&self, id: &str) -> bool {
        self.jobs().submissions.get(id).is_some_and(|held| held.judging.is_some())
    }

    /// The submissions being judged here with their lease tokens, to give back to the queue
    /// when shutdown cuts them short.
    pub(super) fn submissions_judging(&self) -> Vec<(String, String)> {
        let jobs = self.jobs();
        jobs.submissions.iter().filter_map(|(id, held)| Some((id.clone(), held.judging.clone()?))).collect()
    }

    /// Submissions held here that this node is not judging (waiting, or judged by another node).
    pub(super) fn waiting_here(&self) -> Vec<String> {
        let jobs = self.jobs();
        jobs.submissions.iter().filter(|(_, held)| held.judging.is_none()).map(|(id, _)| id.clone()).collect()
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn judging_is_counted_from_one_record() {
        let board = Board::default();
        board.hold("a", None);
        board.hold("b", None);
        assert_eq!((board.judging(), board.waiting_here().len()), (0, 2), "held is not judged");
        let cancel = board.start_judging("a", "t");
        board.run_started();
        assert_eq!((board.judging(), board.submissions_judging()), (2, vec![("a".to_owned(), "t".to_owned())]));
        assert_eq!(board.waiting_here(), ["b"]);
        assert!(board.cancel("a") && cancel.load(Ordering::Relaxed), "the judge sees the flag the API set");
        board.run_ended();
        board.release("a");
        assert_eq!(board.judging(), 0);
        assert!(!board.cancel("a"), "a released submission cannot be cancelled");
        assert!(board.subscribe("a").is_none() && board.subscribe("b").is_some());
    }
}
