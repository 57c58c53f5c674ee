//! The bounded judging queue.
//!
//! Admission is a semaphore sized to the machine: a submission or run takes a slot before it is
//! stored, and holds it while it waits and while it is judged; when no slot is free the request
//! is refused with 429 and a Retry-After estimate, so nothing accepted is ever dropped for lack
//! of room. Workers (one per core) take jobs in order and judge on blocking threads, since the
//! judge waits on sandboxed processes. Each submission's progress is published to the
//! server-sent-event streams following it and recorded in the store as it happens.

use crate::error::ApiError;
use crate::problems::{samples_only, ProblemEntry, ProblemIndex};
use crate::store_call::blocking;
use crate::views::{StateView, SubmissionView, TestView};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, mpsc, oneshot, watch, OwnedSemaphorePermit, Semaphore};
use verdict_catalog::TestInput;
use verdict_judge::{Judge, JudgeOptions, Report, Stopped};
use verdict_sandbox::Sandbox;
use verdict_store::{Outcome, Store};

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

/// A step of a submission's grading, as its followers see it.
#[derive(Debug, Clone)]
pub enum Progress {
    State(StateView),
    Test(Box<TestView>),
    Done(Box<SubmissionView>),
}

/// A slot in the queue, held from admission until the job is judged.
#[derive(Debug)]
pub struct Admission(
    #[allow(dead_code, reason = "held, not read: dropping it frees the slot")] Option<OwnedSemaphorePermit>,
);

struct RunJob {
    entry: Arc<ProblemEntry>,
    code: String,
    input: Option<TestInput>,
    reply: oneshot::Sender<Result<Report, String>>,
}

enum Work {
    Submission(String),
    Run(RunJob),
}

struct Job {
    work: Work,
    _admission: Admission,
}

struct Inner {
    config: QueueConfig,
    admission: Arc<Semaphore>,
    sender: mpsc::UnboundedSender<Job>,
    running: AtomicUsize,
    followers: Mutex<HashMap<String, broadcast::Sender<Progress>>>,
    /// One flag per queued or running submission; setting it stops the judging.
    cancels: Mutex<HashMap<String, Arc<AtomicBool>>>,
    in_flight: Mutex<HashSet<String>>,
    average_job_ms: Mutex<f64>,
    store: Arc<dyn Store>,
    problems: Arc<ProblemIndex>,
    sandbox: Arc<Sandbox>,
}

/// The queue and its workers.
#[derive(Clone)]
pub struct JudgeQueue {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for JudgeQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JudgeQueue").field("config", &self.inner.config).finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl JudgeQueue {
    /// Starts the workers. They stop taking jobs once `shutdown` turns true.
    pub fn start(
        config: QueueConfig,
        store: Arc<dyn Store>,
        problems: Arc<ProblemIndex>,
        sandbox: Arc<Sandbox>,
        shutdown: watch::Receiver<bool>,
    ) -> (Self, Vec<tokio::task::JoinHandle<()>>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        let inner = Arc::new(Inner {
            config,
            admission: Arc::new(Semaphore::new(config.capacity.max(1))),
            sender,
            running: AtomicUsize::new(0),
            followers: Mutex::new(HashMap::new()),
            cancels: Mutex::new(HashMap::new()),
            in_flight: Mutex::new(HashSet::new()),
            average_job_ms: Mutex::new(500.0),
            store,
            problems,
            sandbox,
        });
        let receiver = Arc::new(tokio::sync::Mutex::new(receiver));
        let workers = (0..config.workers.max(1))
            .map(|_| tokio::spawn(worker(Arc::clone(&inner), Arc::clone(&receiver), shutdown.clone())))
            .collect();
        (Self { inner }, workers)
    }

    /// Takes a slot, or says when to try again.
    pub fn admit(&self) -> Result<Admission, ApiError> {
        match Arc::clone(&self.inner.admission).try_acquire_owned() {
            Ok(permit) => Ok(Admission(Some(permit))),
            Err(_) => Err(ApiError::busy(self.retry_after_seconds())),
        }
    }

    /// Seconds until a slot is likely free: the work ahead spread over the workers.
    fn retry_after_seconds(&self) -> u64 {
        let inner = &self.inner;
        let queued = inner.config.capacity - inner.admission.available_permits();
        let average = *lock(&inner.average_job_ms);
        let seconds = (queued as f64 * average / inner.config.workers.max(1) as f64 / 1000.0).ceil() as u64;
        seconds.clamp(1, 120)
    }

    /// Queues a stored submission for judging.
    pub fn enqueue_submission(&self, admission: Admission, id: String) {
        self.follow(&id);
        self.send(Job { work: Work::Submission(id), _admission: admission });
    }

    /// Queues submissions that were accepted before a restart and never finished. They were
    /// accepted already, so they take no slot and are never refused.
    pub fn recover(&self, ids: Vec<String>) {
        for id in ids {
            self.enqueue_submission(Admission(None), id);
        }
    }

    fn follow(&self, id: &str) {
        lock(&self.inner.followers).entry(id.to_owned()).or_insert_with(|| broadcast::channel(1024).0);
        lock(&self.inner.cancels).entry(id.to_owned()).or_default();
    }

    /// Asks for a queued or running submission to stop: no further test starts, and it ends
    /// `cancelled` with the tests that ran. False when this queue is not judging it.
    pub fn cancel(&self, id: &str) -> bool {
        match lock(&self.inner.cancels).get(id) {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    fn send(&self, job: Job) {
        // The receiver lives as long as the workers' shared handle, which lives as long as the
        // queue; a send can only fail during shutdown, when the stored submission is judged
        // after the restart instead.
        if self.inner.sender.send(job).is_err() {
            tracing::warn!("the judging queue is shut down; stored work waits for the restart");
        }
    }

    /// Follows a submission that is queued or being judged; `None` once it is finished.
    pub fn subscribe(&self, id: &str) -> Option<broadcast::Receiver<Progress>> {
        lock(&self.inner.followers).get(id).map(broadcast::Sender::subscribe)
    }

    /// Runs code on a problem's samples or on one input, and waits for the report.
    pub async fn run(
        &self,
        admission: Admission,
        entry: Arc<ProblemEntry>,
        code: String,
        input: Option<TestInput>,
    ) -> Result<Report, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job { work: Work::Run(RunJob { entry, code, input, reply }), _admission: admission });
        match answer.await {
            Ok(Ok(report)) => Ok(report),
            Ok(Err(cause)) => Err(ApiError::internal(cause)),
            Err(_) => Err(ApiError::unavailable("the server is shutting down; run again in a moment")),
        }
    }

    pub fn capacity(&self) -> usize {
        self.inner.config.capacity
    }

    pub fn workers(&self) -> usize {
        self.inner.config.workers
    }

    pub fn running(&self) -> usize {
        self.inner.running.load(Ordering::Relaxed)
    }

    /// Jobs admitted and not yet being judged.
    pub fn waiting(&self) -> usize {
        let admitted = self.inner.config.capacity - self.inner.admission.available_permits();
        admitted.saturating_sub(self.running())
    }

    /// After the workers stopped or the grace period ran out: submissions still being judged go
    /// back to `queued`, so the next start judges them again.
    pub async fn requeue_in_flight(&self) {
        let ids: Vec<String> = lock(&self.inner.in_flight).iter().cloned().collect();
        for id in ids {
            tracing::warn!(submission = %id, "judging interrupted by shutdown; it will be judged after the restart");
            let requeue_id = id.clone();
            if let Err(error) = blocking(&self.inner.store, move |s| s.requeue(&requeue_id)).await {
                tracing::error!(submission = %id, error = %error.message, "could not requeue");
            }
        }
    }
}

async fn worker(
    inner: Arc<Inner>,
    receiver: Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<Job>>>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let job = {
            let mut receiver = receiver.lock().await;
            if *shutdown.borrow() {
                return;
            }
            tokio::select! {
                biased;
                _ = shutdown.changed() => return,
                job = receiver.recv() => job,
            }
        };
        let Some(job) = job else { return };
        inner.running.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        match job.work {
            Work::Submission(id) => judge_submission(&inner, id).await,
            Work::Run(run) => judge_run(&inner, run).await,
        }
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        {
            let mut average = lock(&inner.average_job_ms);
            *average = 0.8 * *average + 0.2 * elapsed;
        }
        inner.running.fetch_sub(1, Ordering::Relaxed);
    }
}

fn options(inner: &Inner) -> JudgeOptions {
    JudgeOptions { parallelism: inner.config.parallelism.max(1), ..JudgeOptions::default() }
}

async fn judge_run(inner: &Arc<Inner>, run: RunJob) {
    let sandbox = Arc::clone(&inner.sandbox);
    let options = options(inner);
    let RunJob { entry, code, input, reply } = run;
    let result = tokio::task::spawn_blocking(move || {
        let judge = Judge::new(&sandbox);
        match input {
            Some(input) => judge.try_input(&entry.problem, &code, input),
            None => {
                let prepared = entry.prepared(&judge)?;
                judge.judge(&samples_only(&prepared), &code, options)
            }
        }
    })
    .await;
    let result = match result {
        Ok(result) => result.map_err(|error| error.to_string()),
        Err(panic) => Err(format!("the judge panicked: {panic}")),
    };
    // The client may have gone; then nobody needs the answer.
    let _ = reply.send(result);
}

fn publish(inner: &Inner, id: &str, progress: Progress) {
    if let Some(sender) = lock(&inner.followers).get(id) {
        // No follower is not an error: the stream is replayed from the store on connect.
        let _ = sender.send(progress);
    }
}

async fn judge_submission(inner: &Arc<Inner>, id: String) {
    let read_id = id.clone();
    let record = match blocking(&inner.store, move |s| s.submission(&read_id)).await {
        Ok(Some(record)) if !record.state.is_final() => record,
        Ok(_) => {
            lock(&inner.followers).remove(&id);
            return;
        }
        Err(error) => {
            tracing::error!(submission = %id, error = %error.message, "cannot read a queued submission");
            lock(&inner.followers).remove(&id);
            return;
        }
    };
    let span = tracing::info_span!("judge", submission = %id, problem = %record.problem);
    let _enter = span.enter();
    let cancel = Arc::clone(lock(&inner.cancels).entry(id.clone()).or_default());
    let practice = record.owner.attempt().is_none();
    let outcome = match inner.problems.get(&record.problem).cloned() {
        None => Outcome::Failed { error: format!("the problem `{}` is no longer in the catalogue", record.problem) },
        Some(entry) => {
            let running_id = id.clone();
            if let Err(error) = blocking(&inner.store, move |s| s.mark_running(&running_id)).await {
                tracing::error!(error = %error.message, "cannot mark the submission running");
            }
            publish(inner, &id, Progress::State(StateView::Running));
            lock(&inner.in_flight).insert(id.clone());
            let outcome = grade(inner, &id, entry, record.code, practice, cancel).await;
            lock(&inner.in_flight).remove(&id);
            outcome
        }
    };
    if let Outcome::Failed { error } = &outcome {
        tracing::error!(%error, "judging failed: internal error");
    }
    let finish_id = id.clone();
    let finished = blocking(&inner.store, move |s| {
        s.finish(&finish_id, &outcome)?;
        s.submission(&finish_id)
    })
    .await;
    match finished {
        Ok(Some(record)) => {
            tracing::info!(verdict = record.verdict.as_deref().unwrap_or("-"), "judged");
            publish(inner, &id, Progress::Done(Box::new(SubmissionView::new(&record))));
        }
        Ok(None) => tracing::error!("the submission vanished while it was judged"),
        Err(error) => tracing::error!(error = %error.message, "cannot store the verdict; it will be judged again"),
    }
    lock(&inner.followers).remove(&id);
    lock(&inner.cancels).remove(&id);
}

async fn grade(
    inner: &Arc<Inner>,
    id: &str,
    entry: Arc<ProblemEntry>,
    code: String,
    practice: bool,
    cancel: Arc<AtomicBool>,
) -> Outcome {
    let sandbox = Arc::clone(&inner.sandbox);
    // Practice stops at the first failing hidden test; an assessment grades every test.
    let options = JudgeOptions { stop_at_first_hidden_failure: practice, ..options(inner) };
    let progress = Arc::clone(inner);
    let id = id.to_owned();
    // Each test is stored once, as it finishes; only one whose record failed is written again
    // with the verdict.
    let recorded = Arc::new(Mutex::new(HashSet::new()));
    let recorded_by_judge = Arc::clone(&recorded);
    let result = tokio::task::spawn_blocking(move || {
        let judge = Judge::new(&sandbox);
        let prepared = entry.prepared(&judge)?;
        let on_test = |test: &verdict_judge::TestResult| {
            let view = TestView::for_submission(test);
            match serde_json::to_value(&view) {
                Ok(value) => match progress.store.record_test(&id, view.number, &value) {
                    Ok(()) => {
                        lock(&recorded_by_judge).insert(view.number);
                    }
                    Err(error) => tracing::warn!(%error, test = view.number, "cannot record a test's progress"),
                },
                Err(error) => tracing::warn!(%error, "cannot encode a test result"),
            }
            publish(&progress, &id, Progress::Test(Box::new(view)));
        };
        judge.judge_with_progress(&prepared, &code, options, &on_test, &cancel)
    })
    .await;
    match result {
        Ok(Ok(report)) => {
            let recorded = lock(&recorded);
            let tests = report
                .tests
                .iter()
                .filter(|t| !recorded.contains(&(t.number as u32)))
                .map(|t| {
                    let view = TestView::for_submission(t);
                    (view.number, serde_json::to_value(&view).unwrap_or_default())
                })
                .collect();
            let not_run = u32::try_from(report.not_run).unwrap_or(u32::MAX);
            if report.stopped == Some(Stopped::Cancelled) {
                return Outcome::Cancelled { tests, not_run };
            }
            Outcome::Finished {
                stopped: report.stopped.map(|_| verdict_store::Stopped::FirstFailure),
                not_run,
                verdict: report.verdict.as_str().to_owned(),
                score: report.score,
                compile_error: report
                    .compile_error
                    .as_ref()
                    .and_then(|e| serde_json::to_value(crate::views::CompileErrorView::from(e)).ok()),
                tests,
            }
        }
        Ok(Err(error)) => Outcome::Failed { error: error.to_string() },
        Err(panic) => Outcome::Failed { error: format!("the judge panicked: {panic}") },
    }
}

/// How long shutdown waits for submissions being judged before it requeues them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);
