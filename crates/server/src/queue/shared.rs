//! What the queue's handle and its workers share: the runs waiting for a worker of this node,
//! and the problem a job is judged against.

use super::board::Board;
use super::grader::Grader;
use super::packages::Packages;
use super::slots::{Admission, Slots};
use crate::problems::{ProblemEntry, ProblemIndex};
use std::collections::VecDeque;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{broadcast, oneshot, Notify};
use verdict_catalog::TestInput;
use verdict_judge::{JudgeOptions, Report};
use verdict_store::Store;

/// Code to run on the samples or one input; the answer goes back to the waiting request.
#[derive(Debug)]
pub(super) struct RunJob {
    pub(super) entry: Arc<ProblemEntry>,
    pub(super) code: String,
    pub(super) input: Option<TestInput>,
    pub(super) reply: oneshot::Sender<Result<Report, String>>,
    pub(super) admission: Admission,
}

#[derive(Debug)]
pub(super) struct Shared {
    pub(super) slots: Slots,
    pub(super) board: Board,
    pub(super) workers: usize,
    /// Tests of one job run at once.
    pub(super) parallelism: usize,
    pub(super) store: Arc<dyn Store>,
    pub(super) problems: Arc<ProblemIndex>,
    /// Problems as the packages of submissions made elsewhere or before an edit hold them.
    pub(super) packages: Packages,
    pub(super) grader: Arc<dyn Grader>,
    /// Runs waiting for a worker of this node (a node with workers never stores its runs).
    pub(super) runs: Mutex<VecDeque<RunJob>>,
    /// How long a node without workers waits for a stored run's report before it gives up.
    pub(super) run_wait: Duration,
    /// Stored runs (every node's) past which a node without workers refuses another.
    pub(super) most_pending_runs: u64,
    /// Ids of stored runs another node judged, as the store's notices tell them.
    pub(super) runs_done: broadcast::Sender<String>,
    /// Wakes idle workers: a run or a submission to claim may be waiting.
    pub(super) wake: Notify,
    /// How long a claim holds a submission without a heartbeat.
    pub(super) lease: Duration,
    /// This node's name in the store's `judged_by` (host and process).
    pub(super) node: String,
    /// Ids of submissions another node made progress on, as the store's notices tell them.
    pub(super) progress: broadcast::Sender<String>,
    /// Whether this node hears the store's notices (PostgreSQL).
    pub(super) listening: AtomicBool,
}

impl Shared {
    pub(super) fn options(&self) -> JudgeOptions {
        JudgeOptions { parallelism: self.parallelism.max(1), ..JudgeOptions::default() }
    }

    fn runs(&self) -> std::sync::MutexGuard<'_, VecDeque<RunJob>> {
        // A queue of plain values, each change one step: a panic cannot leave it torn.
        self.runs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn push_run(&self, run: RunJob) {
        self.runs().push_back(run);
        self.wake.notify_waiters();
    }

    pub(super) fn take_run(&self) -> Option<RunJob> {
        self.runs().pop_front()
    }

    /// The problem `slug` as package `hash` holds it: this node's catalogue entry when it has
    /// the same content hash, else the package fetched (or cached) by hash. A job stored
    /// without a hash (before packages, an attempt's last draft, a problem that could not be
    /// packed) is judged on this node's copy. The error names the hash and the cause.
    pub(super) fn problem(&self, slug: &str, package: Option<&str>) -> Result<Arc<ProblemEntry>, String> {
        match (package, self.problems.get(slug)) {
            (Some(hash), Some(entry)) if entry.package.as_deref() == Some(hash) => Ok(Arc::clone(entry)),
            (Some(hash), _) => self.packages.entry(self.store.as_ref(), slug, hash),
            (None, Some(entry)) => Ok(Arc::clone(entry)),
            (None, None) => {
                Err(format!("the problem `{slug}` is not in this node's catalogue, and the job names no package"))
            }
        }
    }
}
