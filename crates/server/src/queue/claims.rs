//! A submission's judging on this node: claimed from the store under a lease, kept alive by a
//! heartbeat every third of the lease (which also brings a cancel asked on any node), judged
//! test by test, and finished under the same lease. A lease that ran out (this node stalled)
//! was claimed again elsewhere: the store refuses this node's late writes with `LeaseLost`, so
//! the submission gets one verdict, and this node stops and tells its followers nothing more.

use super::board::Progress;
use super::grader::{guarded, Grader, Grading};
use super::results::ResultSink;
use super::shared::Shared;
use crate::problems::ProblemEntry;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;
use verdict_judge::{JudgeOptions, Stopped, TestResult};
use verdict_store::{Claim, Lease, Outcome, StoreError, SubmissionRecord, SubmissionState};

/// Claims the next submission for worker `name`, off the async threads.
pub(super) async fn claim(shared: &Arc<Shared>, name: &str) -> Result<Option<Claim>, StoreError> {
    let store = Arc::clone(&shared.store);
    let (name, lease) = (name.to_owned(), shared.lease);
    match tokio::task::spawn_blocking(move || store.claim(&name, lease)).await {
        Ok(claimed) => claimed,
        Err(error) => {
            tracing::error!(%error, "a claim did not finish");
            Ok(None)
        }
    }
}

/// Judges a claimed submission on a blocking thread while a task heartbeats its lease.
pub(super) async fn judge(shared: &Arc<Shared>, claim: Claim) {
    let (id, token) = (claim.record.id.clone(), claim.token.clone());
    let cancel = shared.board.start_judging(&id, &token);
    let heartbeat = tokio::spawn(heartbeat(Arc::clone(shared), id, token, Arc::clone(&cancel)));
    let judging = Arc::clone(shared);
    let judged = tokio::task::spawn_blocking(move || judge_claimed(&judging, claim, &cancel)).await;
    heartbeat.abort();
    if let Err(error) = judged {
        tracing::error!(%error, "a judging failed; its lease runs out and another worker judges it");
    }
}

/// Extends the lease every third of it until aborted. A cancel asked on any node, or a lease
/// lost, sets the judge's cancel flag: no further test starts.
async fn heartbeat(shared: Arc<Shared>, id: String, token: String, cancel: Arc<AtomicBool>) {
    let lease = shared.lease;
    loop {
        tokio::time::sleep(lease / 3).await;
        let (store, beat_id, beat_token) = (Arc::clone(&shared.store), id.clone(), token.clone());
        match tokio::task::spawn_blocking(move || store.heartbeat(&beat_id, &beat_token, lease)).await {
            Ok(Ok(Lease::Held { cancel_requested })) => {
                if cancel_requested {
                    cancel.store(true, Ordering::Relaxed);
                }
            }
            Ok(Ok(Lease::Lost)) => {
                tracing::warn!(submission = %id, "the lease is lost: another worker judges it; stopping");
                cancel.store(true, Ordering::Relaxed);
                return;
            }
            // The store is unreachable for now; the next beat may get through before the lease ends.
            Ok(Err(error)) => tracing::warn!(submission = %id, %error, "cannot extend the lease"),
            Err(_) => return,
        }
    }
}

fn judge_claimed(shared: &Shared, claim: Claim, cancel: &AtomicBool) {
    let Claim { record, token, claims, variant } = claim;
    let span = tracing::info_span!("judge", submission = %record.id, problem = %record.problem);
    let _enter = span.enter();
    if claims > 1 {
        tracing::warn!(claims, "judging again from the start: an earlier worker's lease ran out");
    }
    let started = Instant::now();
    let store = shared.store.as_ref();
    let outcome = match shared.problem(&record.problem, record.package.as_deref()) {
        Err(error) => Outcome::Failed { error },
        Ok(entry) => {
            shared.board.publish(&record.id, Progress::State(SubmissionState::Running));
            grade(shared, &record, &token, &entry, variant, cancel)
        }
    };
    if let Outcome::Failed { error } = &outcome {
        tracing::error!(%error, "judging failed: internal error");
    }
    let finished = store.finish(&record.id, &token, &outcome).and_then(|()| store.submission(&record.id));
    // The slot is given back before the end is told: whoever hears of it can submit again.
    shared.slots.job_took(started.elapsed());
    drop(shared.board.take_admission(&record.id));
    match finished {
        Ok(Some(done)) => {
            tracing::info!(verdict = done.verdict.as_deref().unwrap_or("-"), "judged");
            shared.board.publish(&record.id, Progress::Done(Arc::new(done)));
        }
        Ok(None) => tracing::error!("the submission vanished while it was judged"),
        Err(StoreError::LeaseLost(_)) => {
            tracing::warn!("the lease ran out while judging: the verdict of the worker that holds it counts");
        }
        Err(error) => tracing::error!(%error, "cannot store the verdict; once the lease runs out it is judged again"),
    }
    shared.board.release(&record.id);
}

/// Grades one submission; each test's result takes the one path of [`ResultSink`], so the
/// outcome carries only the verdict.
fn grade(
    shared: &Shared,
    record: &SubmissionRecord,
    token: &str,
    entry: &ProblemEntry,
    variant: Option<u64>,
    cancel: &AtomicBool,
) -> Outcome {
    // Practice stops at the first failing hidden test; an assessment grades every test.
    let practice = record.owner.attempt().is_none();
    let options = JudgeOptions { stop_at_first_hidden_failure: practice, ..shared.options() };
    let sink = ResultSink::new(shared.store.as_ref(), &shared.board, &record.id, token);
    let grader: &dyn Grader = shared.grader.as_ref();
    let on_test = |test: &TestResult| sink.accept(test);
    let report =
        guarded(|| grader.grade(Grading { entry, variant, code: &record.code, options, on_test: &on_test, cancel }));
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
