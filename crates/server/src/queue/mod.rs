//! The bounded judging queue. It knows nothing of HTTP: it answers with [`QueueError`] and
//! publishes [`Progress`] as domain records, and the API makes its answers and views of them.
//!
//! Admission is a semaphore sized to the machine ([`slots`]): a submission or run takes a slot
//! before it is stored, and holds it while it waits and while it is judged; when no slot is free
//! the request is refused with a Retry-After estimate, so nothing accepted is ever dropped for
//! lack of room. Workers (one per core) take jobs in order and judge on blocking threads through
//! a [`Grader`]. Each test's result takes one path ([`results`]): stored once as the judge's
//! record, cut to what the candidate may see, and published to the submission's followers.

mod board;
mod grader;
mod results;
mod shared;
mod slots;
mod worker;

pub use board::Progress;
pub use grader::{CodeRun, Grader, Grading, SandboxGrader};
pub use results::stored_test;
pub use slots::Admission;

use crate::problems::{ProblemEntry, ProblemIndex};
use shared::Shared;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use verdict_catalog::TestInput;
use verdict_judge::Report;
use verdict_store::{Store, SubmissionRecord};
use worker::{Job, RunJob, SubmissionJob, Work};

/// How the queue is sized.
#[derive(Debug, Clone, Copy)]
pub struct QueueConfig {
    /// Jobs judged at once.
    pub workers: usize,
    /// Jobs admitted at once, waiting or being judged.
    pub capacity: usize,
    /// Tests of one job run at once.
    pub parallelism: usize,
}

impl QueueConfig {
    /// One worker per core, each running tests on every core, and room for 32 jobs per core:
    /// a few seconds of work for typical problems.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self { workers: cores, capacity: 32 * cores, parallelism: cores }
    }
}

/// Why the queue did not take or finish a job.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("the queue is full; try again in {retry_after_seconds} s")]
    Full { retry_after_seconds: u64 },
    #[error("the queue is shutting down")]
    ShuttingDown,
    /// The judge failed on a run (never the candidate's code's fault).
    #[error("judging failed: {0}")]
    Judge(String),
}

/// The queue and its workers.
#[derive(Clone)]
pub struct JudgeQueue {
    shared: Arc<Shared>,
    sender: mpsc::UnboundedSender<Job>,
}

impl std::fmt::Debug for JudgeQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JudgeQueue").field("shared", &self.shared).finish_non_exhaustive()
    }
}

impl JudgeQueue {
    /// Starts the workers. They stop taking jobs once `shutdown` turns true.
    pub fn start(
        config: QueueConfig,
        store: Arc<dyn Store>,
        problems: Arc<ProblemIndex>,
        grader: Arc<dyn Grader>,
        shutdown: watch::Receiver<bool>,
    ) -> (Self, Vec<tokio::task::JoinHandle<()>>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        let workers = config.workers.max(1);
        let shared = Arc::new(Shared {
            slots: slots::Slots::new(config.capacity, workers),
            board: board::Board::default(),
            workers,
            parallelism: config.parallelism,
            store,
            problems,
            grader,
        });
        let jobs = Arc::new(tokio::sync::Mutex::new(receiver));
        let handles = (0..workers)
            .map(|_| tokio::spawn(worker::work(Arc::clone(&shared), Arc::clone(&jobs), shutdown.clone())))
            .collect();
        (Self { shared, sender }, handles)
    }

    /// Why the grader cannot judge `problem` at all, if it cannot.
    pub fn unavailable(&self, problem: &verdict_catalog::Problem) -> Option<String> {
        self.shared.grader.unavailable(problem)
    }

    /// Takes a slot, or says when to try again.
    pub fn admit(&self) -> Result<Admission, QueueError> {
        self.shared.slots.admit().map_err(|retry_after_seconds| QueueError::Full { retry_after_seconds })
    }

    /// Queues a stored submission for judging, with the code it was stored with.
    pub fn enqueue_submission(&self, admission: Admission, record: &SubmissionRecord) {
        self.shared.board.hold(&record.id);
        self.send(Job { work: Work::Submission(SubmissionJob::of(record)), admission });
    }

    /// Queues submissions that were accepted before and never finished (after a restart, or an
    /// attempt's last drafts). They were accepted already, so they take no slot and are never
    /// refused. One that cannot be read now stays queued in the store for the next start.
    pub async fn recover(&self, ids: Vec<String>) {
        let store = Arc::clone(&self.shared.store);
        let read = tokio::task::spawn_blocking(move || {
            ids.into_iter().map(|id| (store.submission(&id), id)).collect::<Vec<_>>()
        })
        .await;
        let read = match read {
            Ok(read) => read,
            Err(error) => {
                tracing::error!(%error, "cannot read the submissions to judge again");
                return;
            }
        };
        for (record, id) in read {
            match record {
                Ok(Some(record)) if !record.state.is_final() => {
                    self.enqueue_submission(Admission::accepted_already(), &record);
                }
                Ok(_) => {}
                Err(error) => tracing::error!(submission = %id, %error, "cannot read a submission to judge again"),
            }
        }
    }

    /// Asks for a queued or running submission to stop: no further test starts, and it ends
    /// `cancelled` with the tests that ran. False when this queue is not judging it.
    pub fn cancel(&self, id: &str) -> bool {
        self.shared.board.cancel(id)
    }

    fn send(&self, job: Job) {
        // The receiver lives as long as the workers' shared handle, which lives as long as the
        // queue; a send can only fail during shutdown, when the stored submission is judged
        // after the restart instead.
        if self.sender.send(job).is_err() {
            tracing::warn!("the judging queue is shut down; stored work waits for the restart");
        }
    }

    /// Follows a submission that is queued or being judged; `None` once it is finished.
    pub fn subscribe(&self, id: &str) -> Option<broadcast::Receiver<Progress>> {
        self.shared.board.subscribe(id)
    }

    /// Runs code on a problem's samples or on one input, and waits for the report.
    pub async fn run(
        &self,
        admission: Admission,
        entry: Arc<ProblemEntry>,
        code: String,
        input: Option<TestInput>,
    ) -> Result<Report, QueueError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job { work: Work::Run(RunJob { entry, code, input, reply }), admission });
        match answer.await {
            Ok(Ok(report)) => Ok(report),
            Ok(Err(cause)) => Err(QueueError::Judge(cause)),
            Err(_) => Err(QueueError::ShuttingDown),
        }
    }

    pub fn capacity(&self) -> usize {
        self.shared.slots.capacity()
    }

    pub fn workers(&self) -> usize {
        self.shared.workers
    }

    /// Jobs being judged.
    pub fn running(&self) -> usize {
        self.shared.board.judging()
    }

    /// Jobs admitted and not yet being judged.
    pub fn waiting(&self) -> usize {
        self.shared.slots.admitted().saturating_sub(self.running())
    }

    /// After the workers stopped or the grace period ran out: submissions still being judged go
    /// back to `queued`, so the next start judges them again.
    pub async fn requeue_in_flight(&self) {
        for id in self.shared.board.submissions_judging() {
            tracing::warn!(submission = %id, "judging interrupted by shutdown; it will be judged after the restart");
            let store = Arc::clone(&self.shared.store);
            let requeue_id = id.clone();
            match tokio::task::spawn_blocking(move || store.requeue(&requeue_id)).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => tracing::error!(submission = %id, %error, "could not requeue"),
                Err(error) => tracing::error!(submission = %id, %error, "could not requeue"),
            }
        }
    }
}

/// How long shutdown waits for submissions being judged before it requeues them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);
