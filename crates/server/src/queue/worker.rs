//! A worker: takes jobs in order and judges each on a blocking thread (the judge waits on
//! sandboxed processes; the async threads never do). A submission's job carries its code, so
//! nothing is read back from the store to judge it.

use super::board::Progress;
use super::grader::{CodeRun, Grader, Grading};
use super::results::ResultSink;
use super::shared::Shared;
use super::slots::Admission;
use crate::problems::ProblemEntry;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::{mpsc, oneshot, watch};
use verdict_catalog::TestInput;
use verdict_judge::{JudgeOptions, Report, Stopped, TestResult};
use verdict_store::{Outcome, StoreError, SubmissionRecord, SubmissionState};

/// A stored submission to judge.
#[derive(Debug)]
pub(super) struct SubmissionJob {
    pub(super) id: String,
    pub(super) problem: String,
    pub(super) code: String,
    /// Practice stops at the first failing hidden test; an assessment grades every test.
    pub(super) practice: bool,
}

impl SubmissionJob {
    pub(super) fn of(record: &SubmissionRecord) -> Self {
        Self {
            id: record.id.clone(),
            problem: record.problem.clone(),
            code: record.code.clone(),
            practice: record.owner.attempt().is_none(),
        }
    }
}

/// Code to run on the samples or one input; the answer goes back to the waiting request.
#[derive(Debug)]
pub(super) struct RunJob {
    pub(super) entry: Arc<ProblemEntry>,
    pub(super) code: String,
    pub(super) input: Option<TestInput>,
    pub(super) reply: oneshot::Sender<Result<Report, String>>,
}

#[derive(Debug)]
pub(super) enum Work {
    Submission(SubmissionJob),
    Run(RunJob),
}

#[derive(Debug)]
pub(super) struct Job {
    pub(super) work: Work,
    pub(super) admission: Admission,
}

pub(super) type Jobs = Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<Job>>>;

/// Takes jobs until `shutdown` turns true or the queue is gone.
pub(super) async fn work(shared: Arc<Shared>, jobs: Jobs, mut shutdown: watch::Receiver<bool>) {
    loop {
        let job = {
            let mut jobs = jobs.lock().await;
            if *shutdown.borrow() {
                return;
            }
            tokio::select! {
                biased;
                _ = shutdown.changed() => return,
                job = jobs.recv() => job,
            }
        };
        let Some(Job { work, admission }) = job else { return };
        let slot = Slot { shared: Arc::clone(&shared), admission, started: Instant::now() };
        let judging = Arc::clone(&shared);
        let judged = tokio::task::spawn_blocking(move || match work {
            Work::Submission(job) => judge_submission(&judging, job, slot),
            Work::Run(run) => judge_run(&judging, run, slot),
        })
        .await;
        if let Err(error) = judged {
            tracing::error!(%error, "a judging job failed; a stored submission is judged again at the next start");
        }
    }
}

/// A job's slot, given back before its end is told: whoever hears of the end can submit again.
struct Slot {
    shared: Arc<Shared>,
    admission: Admission,
    started: Instant,
}

impl Slot {
    fn free(self) {
        self.shared.slots.job_took(self.started.elapsed());
        drop(self.admission);
    }
}

/// The judge's report, with a panic turned into an error like any other.
fn guarded(grade: impl FnOnce() -> Result<Report, verdict_judge::JudgeError>) -> Result<Report, String> {
    match catch_unwind(AssertUnwindSafe(grade)) {
        Ok(result) => result.map_err(|error| error.to_string()),
        Err(_) => Err("the judge panicked".to_owned()),
    }
}

fn judge_run(shared: &Shared, run: RunJob, slot: Slot) {
    let RunJob { entry, code, input, reply } = run;
    shared.board.run_started();
    let result =
        guarded(|| shared.grader.run(CodeRun { entry: &entry, code: &code, input, options: shared.options() }));
    shared.board.run_ended();
    slot.free();
    // The client may have gone; then nobody needs the answer.
    let _ = reply.send(result);
}

fn judge_submission(shared: &Shared, job: SubmissionJob, slot: Slot) {
    let span = tracing::info_span!("judge", submission = %job.id, problem = %job.problem);
    let _enter = span.enter();
    let store = shared.store.as_ref();
    let token = match store.mark_running(&job.id) {
        Ok(token) => token,
        // Graded already (or gone): a job queued twice is judged once.
        Err(StoreError::NoSubmission(_)) => {
            slot.free();
            shared.board.release(&job.id);
            return;
        }
        Err(error) => {
            tracing::error!(%error, "cannot mark the submission running");
            String::new()
        }
    };
    let outcome = match shared.problems.get(&job.problem).cloned() {
        None => Outcome::Failed { error: format!("the problem `{}` is no longer in the catalogue", job.problem) },
        Some(entry) => {
            let cancel = shared.board.start_judging(&job.id);
            shared.board.publish(&job.id, Progress::State(SubmissionState::Running));
            let outcome = grade(shared, &job, &token, &entry, &cancel);
            shared.board.stop_judging(&job.id);
            outcome
        }
    };
    if let Outcome::Failed { error } = &outcome {
        tracing::error!(%error, "judging failed: internal error");
    }
    let finished = store.finish(&job.id, &token, &outcome).and_then(|()| store.submission(&job.id));
    slot.free();
    match finished {
        Ok(Some(record)) => {
            tracing::info!(verdict = record.verdict.as_deref().unwrap_or("-"), "judged");
            shared.board.publish(&job.id, Progress::Done(Arc::new(record)));
        }
        Ok(None) => tracing::error!("the submission vanished while it was judged"),
        Err(error) => tracing::error!(%error, "cannot store the verdict; it will be judged again"),
    }
    shared.board.release(&job.id);
}

/// Grades one submission; each test's result takes the one path of [`ResultSink`], so the
/// outcome carries only the verdict.
fn grade(shared: &Shared, job: &SubmissionJob, token: &str, entry: &ProblemEntry, cancel: &AtomicBool) -> Outcome {
    let options = JudgeOptions { stop_at_first_hidden_failure: job.practice, ..shared.options() };
    let sink = ResultSink::new(shared.store.as_ref(), &shared.board, &job.id, token);
    let grader: &dyn Grader = shared.grader.as_ref();
    let on_test = |test: &TestResult| sink.accept(test);
    let report = guarded(|| grader.grade(Grading { entry, code: &job.code, options, on_test: &on_test, cancel }));
    sink.settle();
    let report = match report {
        Ok(report) => report,
        Err(error) => return Outcome::Failed { error },
    };
    let not_run = u32::try_from(report.not_run).unwrap_or(u32::MAX);
    if report.stopped == Some(Stopped::Cancelled) {
        return Outcome::Cancelled { not_run };
    }
    Outcome::Finished {
        stopped: report.stopped.map(|_| verdict_store::Stopped::FirstFailure),
        not_run,
        verdict: report.verdict.as_str().to_owned(),
        score: report.score,
        compile_error: report.compile_error.as_ref().and_then(|error| serde_json::to_value(error).ok()),
    }
}
