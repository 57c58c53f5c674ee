//! The bounded judging queue. It knows nothing of HTTP: it answers with [`QueueError`] and
//! publishes [`Progress`] as domain records, and the API makes its answers and views of them.
//!
//! The store is the queue's truth: a submission is stored `queued`, and a worker of any node
//! (this one, another `verdict serve` or a `verdict worker` on the same PostgreSQL) claims it
//! under a lease ([`claims`]), so one machine and many take work the same way. Workers here
//! are woken by a submission made on this node and by the store's notices of another node's
//! ([`notices`], PostgreSQL), and poll as the fallback. A submission is judged against the
//! package its problem had when it was submitted ([`packages`]): this node's copy when it has
//! that content hash, else the package fetched from the store. Runs (samples, custom input) on a
//! node with workers are not stored: they are judged by this node's workers, before anything
//! else. A node without workers (`--workers 0`) stores its runs instead and waits for a worker
//! of any node to judge them ([`runs`]): workers take this node's runs first, then stored runs,
//! then submissions, since a candidate waits on a run.
//!
//! Admission is a semaphore sized to the machine ([`slots`]): a submission or run takes a slot
//! before it is stored, and holds it while it waits and while it is judged; when no slot is free
//! the request is refused with a Retry-After estimate, so nothing accepted is ever dropped for
//! lack of room. Workers judge on blocking threads through a [`Grader`]. Each test's result
//! takes one path ([`results`]): stored once as the judge's record, cut to what the candidate
//! may see, and published to the submission's followers on the node that judges it.

mod board;
mod claims;
mod grader;
mod notices;
mod packages;
mod results;
mod runs;
mod shared;
mod slots;
mod worker;

pub use board::Progress;
pub use grader::{CodeRun, Grader, Grading, SandboxGrader};
pub use packages::Packages;
pub use results::stored_test;
pub use slots::Admission;

use crate::problems::{ProblemEntry, ProblemIndex};
use shared::{RunJob, Shared};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, oneshot, watch};
use verdict_catalog::TestInput;
use verdict_judge::Report;
use verdict_store::{Store, StoreError, SubmissionRecord};

/// How the queue is sized.
#[derive(Debug, Clone, Copy)]
pub struct QueueConfig {
    /// Jobs judged at once; 0 for a node that judges nothing (another node's workers do).
    pub workers: usize,
    /// Jobs admitted at once, waiting or being judged.
    pub capacity: usize,
    /// Tests of one job run at once.
    pub parallelism: usize,
    /// How long a claim holds a submission or a stored run without a heartbeat ([`LEASE`];
    /// tests shorten it).
    pub lease: Duration,
    /// How long a node without workers waits for a worker to judge a run it stored before it
    /// gives up ([`RUN_WAIT`]; tests shorten it). Kept below the store's
    /// [`verdict_store::RUN_MAX_AGE`], after which any claim deletes the run.
    pub run_wait: Duration,
    /// Runs stored (by every node, waiting or being judged) past which a node without workers
    /// refuses another with a Retry-After ([`MOST_PENDING_RUNS`]).
    pub most_pending_runs: u64,
}

impl QueueConfig {
    /// One worker per core, each running tests on every core, and room for 32 jobs per core:
    /// a few seconds of work for typical problems.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            workers: cores,
            capacity: 32 * cores,
            parallelism: cores,
            lease: LEASE,
            run_wait: RUN_WAIT,
            most_pending_runs: MOST_PENDING_RUNS,
        }
    }
}

/// Why the queue did not take or finish a job.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("the queue is full; try again in {retry_after_seconds} s")]
    Full { retry_after_seconds: u64 },
    #[error("the queue is shutting down")]
    ShuttingDown,
    /// This node has no workers (`--workers 0`), and no worker of another node judged the run
    /// it stored within `waited`.
    #[error(
        "no worker judged this run within {} s: this server judges nothing itself (--workers 0), and the workers \
         that judge for it are down or busy; try again in a moment",
        .waited.as_secs_f64()
    )]
    NoWorkerAnswered { waited: Duration },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The judge failed on a run (never the candidate's code's fault).
    #[error("judging failed: {0}")]
    Judge(String),
}

/// How long a claim holds a submission without a heartbeat: a worker that died is noticed
/// after this long. Heartbeats come every third of it.
pub const LEASE: Duration = Duration::from_secs(30);

/// How long a node without workers waits for a run it stored: far beyond a run's usual 70 to
/// 130 ms, and room for a worker to fetch and prepare a problem first, yet below the 60 s after
/// which common load balancers and proxies drop a quiet request.
pub const RUN_WAIT: Duration = Duration::from_secs(45);

/// Runs stored at once, on every node, before a node without workers refuses more: each is at
/// most the HTTP edge's 256 KiB body, so the table stays within 64 MiB whatever visitors send.
pub const MOST_PENDING_RUNS: u64 = 256;

/// Progress notices a follower may fall behind by (it then polls the store, as without them).
const PROGRESS_BACKLOG: usize = 1024;

/// The queue and its workers.
#[derive(Clone)]
pub struct JudgeQueue {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for JudgeQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JudgeQueue").field("shared", &self.shared).finish_non_exhaustive()
    }
}

impl JudgeQueue {
    /// Starts the workers (and, on PostgreSQL, the listener that wakes them for another
    /// node's submissions). They stop taking jobs once `shutdown` turns true.
    pub fn start(
        config: QueueConfig,
        store: Arc<dyn Store>,
        problems: Arc<ProblemIndex>,
        packages: Packages,
        grader: Arc<dyn Grader>,
        shutdown: watch::Receiver<bool>,
    ) -> (Self, Vec<tokio::task::JoinHandle<()>>) {
        let workers = config.workers;
        let shared = Arc::new(Shared {
            slots: slots::Slots::new(config.capacity, workers),
            board: board::Board::default(),
            workers,
            parallelism: config.parallelism,
            store,
            problems,
            packages,
            grader,
            runs: Default::default(),
            run_wait: config.run_wait.min(RUN_MAX_WAIT),
            most_pending_runs: config.most_pending_runs,
            runs_done: broadcast::channel(PROGRESS_BACKLOG).0,
            wake: Default::default(),
            lease: config.lease,
            node: node_name(),
            progress: broadcast::channel(PROGRESS_BACKLOG).0,
            listening: Default::default(),
        });
        let mut handles: Vec<_> = (0..workers)
            .map(|number| tokio::spawn(worker::work(Arc::clone(&shared), number, shutdown.clone())))
            .collect();
        let queue = Self { shared };
        handles.push(notices::start(queue.clone(), shutdown));
        (queue, handles)
    }

    /// The problem `slug` as package `hash` holds it (this node's copy when it has that hash,
    /// else fetched from the store): how a team's private problem is opened. Blocking: call it
    /// off the async threads.
    pub fn problem_at(&self, slug: &str, hash: &str) -> Result<Arc<ProblemEntry>, String> {
        self.shared.problem(slug, Some(hash))
    }

    /// Runs `verdict check`'s checks on `problem` through this node's judge. Blocking, and long
    /// (it judges every submission and the mutants): call it off the async threads, one at a time.
    pub fn check(&self, problem: &verdict_catalog::Problem) -> Result<Vec<verdict_catalog::PackageError>, String> {
        self.shared.grader.check(problem)
    }

    /// Why the grader cannot judge `problem` at all, if it cannot.
    pub fn unavailable(&self, problem: &verdict_catalog::Problem) -> Option<String> {
        self.shared.grader.unavailable(problem)
    }

    /// Takes a slot, or says when to try again.
    pub fn admit(&self) -> Result<Admission, QueueError> {
        self.shared.slots.admit().map_err(|retry_after_seconds| QueueError::Full { retry_after_seconds })
    }

    /// Tells the workers of a stored submission; it keeps its slot until it is judged.
    pub fn enqueue_submission(&self, admission: Admission, record: &SubmissionRecord) {
        self.shared.board.hold(&record.id, Some(admission));
        self.shared.wake.notify_waiters();
    }

    /// Wakes the workers for submissions stored without a slot (an attempt's last drafts):
    /// they were accepted already, so they are never refused.
    pub fn wake(&self) {
        self.shared.wake.notify_waiters();
    }

    /// Asks a queued or running submission to stop, on whichever node judges it: no further
    /// test starts, and it ends `cancelled` with the tests that ran (a queued one at once).
    /// False when it is no longer being judged.
    pub async fn cancel(&self, id: &str) -> Result<bool, QueueError> {
        let store = Arc::clone(&self.shared.store);
        let asked_id = id.to_owned();
        let asked = tokio::task::spawn_blocking(move || store.request_cancel(&asked_id))
            .await
            .map_err(|_| QueueError::ShuttingDown)??;
        if !asked {
            return Ok(false);
        }
        // Judged here: the judge sees the flag now rather than at its next heartbeat.
        self.shared.board.cancel(id);
        if !self.shared.board.is_judging(id) {
            self.settle(id).await;
        }
        Ok(true)
    }

    /// Tells the followers here of a submission that ended without this node judging it, and
    /// gives back its slot; one still queued or running is left held.
    async fn settle(&self, id: &str) {
        let store = Arc::clone(&self.shared.store);
        let read_id = id.to_owned();
        let record = match tokio::task::spawn_blocking(move || store.submission(&read_id)).await {
            Ok(Ok(Some(record))) if record.state.is_final() => record,
            _ => return,
        };
        drop(self.shared.board.take_admission(id));
        self.shared.board.publish(id, Progress::Done(Arc::new(record)));
        self.shared.board.release(id);
    }

    /// Follows a submission that is queued or being judged; `None` once it is finished.
    pub fn subscribe(&self, id: &str) -> Option<broadcast::Receiver<Progress>> {
        self.shared.board.subscribe(id)
    }

    /// Notices of progress made on other nodes (ids), when this node hears them (PostgreSQL):
    /// a follower of a submission judged elsewhere waits on these instead of a fixed pause.
    pub fn progress_notices(&self) -> Option<broadcast::Receiver<String>> {
        self.shared.listening.load(std::sync::atomic::Ordering::Relaxed).then(|| self.shared.progress.subscribe())
    }

    /// Runs code on a problem's samples or on one input, and waits for the report: judged by
    /// this node's workers, or on a node without workers stored for another node's ([`runs`]).
    pub async fn run(
        &self,
        admission: Admission,
        entry: Arc<ProblemEntry>,
        code: String,
        input: Option<TestInput>,
    ) -> Result<Report, QueueError> {
        if self.shared.workers == 0 {
            return runs::wait_elsewhere(&self.shared, admission, entry, code, input).await;
        }
        let (reply, answer) = oneshot::channel();
        self.shared.push_run(RunJob { entry, code, input, reply, admission });
        match answer.await {
            Ok(Ok(report)) => Ok(report),
            Ok(Err(cause)) => Err(QueueError::Judge(cause)),
            Err(_) => Err(QueueError::ShuttingDown),
        }
    }

    /// The folder packages fetched from the store are kept in.
    pub fn package_cache(&self) -> &std::path::Path {
        self.shared.packages.dir()
    }

    /// Packages fetched from the store since start.
    pub fn packages_fetched(&self) -> u64 {
        self.shared.packages.fetches()
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

    /// Submissions (queued, running) in the store, on every node.
    pub async fn depth(&self) -> Result<(u64, u64), QueueError> {
        let store = Arc::clone(&self.shared.store);
        Ok(tokio::task::spawn_blocking(move || store.queue_depth()).await.map_err(|_| QueueError::ShuttingDown)??)
    }

    /// After the workers stopped or the grace period ran out: submissions still being judged
    /// here go back to the queue, so a worker of any node (or this one after its restart)
    /// judges them again from the start.
    pub async fn release_in_flight(&self) {
        for (id, token) in self.shared.board.submissions_judging() {
            tracing::warn!(submission = %id, "judging interrupted by shutdown; it goes back to the queue");
            let store = Arc::clone(&self.shared.store);
            let release_id = id.clone();
            match tokio::task::spawn_blocking(move || store.release(&release_id, &token)).await {
                Ok(Ok(())) => {}
                // It finished meanwhile, or its lease had run out already: nothing to give back.
                Ok(Err(StoreError::LeaseLost(_))) => {}
                Ok(Err(error)) => tracing::error!(submission = %id, %error, "could not release"),
                Err(error) => tracing::error!(submission = %id, %error, "could not release"),
            }
        }
    }

    /// Settles the submissions held here that another node judged to their end (their
    /// followers and slots); the notices task calls it from time to time.
    async fn settle_held(&self) {
        for id in self.shared.board.waiting_here() {
            self.settle(&id).await;
        }
    }
}

/// This node's name for the store's `judged_by`: the host and the process.
fn node_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let host = if host.trim().is_empty() { "localhost" } else { host.trim() };
    format!("{host}:{}", std::process::id())
}

/// The longest a node waits for a stored run: a margin below the store's
/// [`verdict_store::RUN_MAX_AGE`], so a run waited for is never cleaned up as abandoned.
pub const RUN_MAX_WAIT: Duration = Duration::from_secs(240);
const _: () = assert!(RUN_MAX_WAIT.as_secs() < verdict_store::RUN_MAX_AGE.as_secs());

/// How long shutdown waits for submissions being judged before it releases them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);
