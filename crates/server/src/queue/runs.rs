//! Runs through the store, for a node without workers (`verdict serve --workers 0`): it stores
//! the run and waits for its report while a worker of any node judges it. A node with workers
//! never comes here: it judges its runs itself, in memory, before anything else.
//!
//! The waiting node takes a slot first (as for every run), refuses when the store already holds
//! too many runs (every node's), stores the run with the content hash of its problem's package,
//! and waits: woken by the store's notice that the run was judged (`verdict_runs`, PostgreSQL)
//! or looking every [`POLL`] as the fallback, until the report is there (taking it deletes the
//! row) or the queue's `run_wait` passes, when it deletes the row and answers that no worker
//! judged it. A request dropped mid-wait (its client went away) deletes the row too.
//!
//! A worker claims a stored run after this node's own runs and before submissions (a candidate
//! waits on a run). It judges it against the package it was stored with, as a submission
//! ([`Shared::problem`]), holding the lease with a heartbeat every third of it: a run's tests
//! have hard time limits, but preparing a problem on first use (generating tests, answering
//! them with the reference) has none, so no fixed lease would be both safe and short. A worker
//! that died is noticed when its lease runs out, and another claims the run again while its
//! node still waits. The report is written under the lease's token: a late worker's is refused.

use super::grader::{guarded, CodeRun};
use super::shared::Shared;
use super::slots::Admission;
use super::QueueError;
use crate::problems::ProblemEntry;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use verdict_catalog::TestInput;
use verdict_judge::Report;
use verdict_store::{NewRun, RunClaim, RunOutcome, Store, StoreError};

/// How often a node waiting for a stored run looks at the store when no notice came: all there
/// is without notices (SQLite), the fallback for a notice lost while the connection was down.
const POLL: Duration = Duration::from_millis(500);

/// Stores a run for the workers of other nodes and waits for its report (see the module).
pub(super) async fn wait_elsewhere(
    shared: &Arc<Shared>,
    admission: Admission,
    entry: Arc<ProblemEntry>,
    code: String,
    input: Option<TestInput>,
) -> Result<Report, QueueError> {
    let started = Instant::now();
    let store = Arc::clone(&shared.store);
    if blocking(move || store.pending_runs()).await? >= shared.most_pending_runs {
        return Err(QueueError::Full { retry_after_seconds: shared.slots.retry_after_seconds() });
    }
    let input = input
        .map(|input| serde_json::to_value(&input))
        .transpose()
        .map_err(|error| QueueError::Judge(format!("the input cannot be stored: {error}")))?;
    let id = verdict_accounts::random_hex(16);
    // Listening before the run is stored, so a notice that comes at once is not missed.
    let mut judged = shared.runs_done.subscribe();
    let (store, stored_id) = (Arc::clone(&shared.store), id.clone());
    blocking(move || {
        let package = entry.package.as_deref();
        let new = NewRun { id: &stored_id, problem: entry.slug(), package, code: &code, input: input.as_ref() };
        store.enqueue_run(&new)
    })
    .await?;
    let mut waiting = Waiting { store: Arc::clone(&shared.store), id: Some(id.clone()) };
    let deadline = started + shared.run_wait;
    let outcome = loop {
        let (store, look_id) = (Arc::clone(&shared.store), id.clone());
        match blocking(move || store.take_run(&look_id)).await {
            Ok(Some(outcome)) => break outcome,
            Ok(None) => {}
            Err(QueueError::Store(StoreError::NoRun(_))) => {
                waiting.id = None;
                return Err(QueueError::Store(StoreError::NoRun(id)));
            }
            // The store is unreachable for now: look again until the wait is over.
            Err(error) => tracing::warn!(run = %id, %error, "cannot look for the run's report"),
        }
        let now = Instant::now();
        if now >= deadline {
            waiting.abandon().await;
            tracing::warn!(run = %id, waited_ms = shared.run_wait.as_millis(), "no worker judged the run in time");
            return Err(QueueError::NoWorkerAnswered { waited: shared.run_wait });
        }
        heard(&mut judged, &id, (deadline - now).min(POLL)).await;
    };
    // Taking the report deleted the row.
    waiting.id = None;
    shared.slots.job_took(started.elapsed());
    drop(admission);
    match outcome {
        RunOutcome::Report(report) => serde_json::from_value(report)
            .map_err(|error| QueueError::Judge(format!("the stored run's report does not read: {error}"))),
        RunOutcome::Failed(cause) => Err(QueueError::Judge(cause)),
    }
}

/// Waits up to `pause` for the notice that run `id` was judged.
async fn heard(judged: &mut broadcast::Receiver<String>, id: &str, pause: Duration) {
    let notice = async {
        loop {
            match judged.recv().await {
                Ok(run) if run == id => return,
                Ok(_) => {}
                // Notices were missed: look at the store now.
                Err(broadcast::error::RecvError::Lagged(_)) => return,
                // No notices on this node: the pause is the wait.
                Err(broadcast::error::RecvError::Closed) => std::future::pending::<()>().await,
            }
        }
    };
    let _ = tokio::time::timeout(pause, notice).await;
}

/// A stored run this node waits for: deleted from the store when the wait ends without taking
/// its report (given up, or the request dropped because its client went away).
struct Waiting {
    store: Arc<dyn Store>,
    /// None once nothing is left to delete.
    id: Option<String>,
}

impl Waiting {
    async fn abandon(&mut self) {
        let Some(id) = self.id.take() else { return };
        let store = Arc::clone(&self.store);
        if let Err(error) = blocking(move || store.abandon_run(&id)).await {
            // A claim deletes it once it is old.
            tracing::warn!(%error, "cannot delete a run given up");
        }
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        let Some(id) = self.id.take() else { return };
        let store = Arc::clone(&self.store);
        // Off the async threads (the store's clients block). Without a runtime (the process is
        // ending) a claim deletes the row once it is old.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn_blocking(move || {
                if let Err(error) = store.abandon_run(&id) {
                    tracing::warn!(run = %id, %error, "cannot delete a run whose request went away");
                }
            });
        }
    }
}

/// A store call off the async threads.
async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, QueueError> {
    Ok(tokio::task::spawn_blocking(call).await.map_err(|_| QueueError::ShuttingDown)??)
}

/// Claims the next stored run for worker `name`, off the async threads.
pub(super) async fn claim(shared: &Arc<Shared>, name: &str) -> Result<Option<RunClaim>, StoreError> {
    let store = Arc::clone(&shared.store);
    let (name, lease) = (name.to_owned(), shared.lease);
    match tokio::task::spawn_blocking(move || store.claim_run(&name, lease)).await {
        Ok(claimed) => claimed,
        Err(error) => {
            tracing::error!(%error, "a run's claim did not finish");
            Ok(None)
        }
    }
}

/// Judges a claimed run on a blocking thread while a task heartbeats its lease.
pub(super) async fn judge(shared: &Arc<Shared>, claim: RunClaim) {
    let heartbeat = tokio::spawn(heartbeat(Arc::clone(shared), claim.id.clone(), claim.token.clone()));
    let judging = Arc::clone(shared);
    let judged = tokio::task::spawn_blocking(move || judge_claimed(&judging, claim)).await;
    heartbeat.abort();
    if let Err(error) = judged {
        tracing::error!(%error, "a stored run's judging failed; its lease runs out and another worker judges it");
    }
}

/// Extends the lease every third of it until aborted, or until it is lost (the waiting node
/// gave up, or another worker claimed the run after this one stalled): the judging goes on,
/// and its report is refused.
async fn heartbeat(shared: Arc<Shared>, id: String, token: String) {
    let lease = shared.lease;
    loop {
        tokio::time::sleep(lease / 3).await;
        let (store, beat_id, beat_token) = (Arc::clone(&shared.store), id.clone(), token.clone());
        match tokio::task::spawn_blocking(move || store.heartbeat_run(&beat_id, &beat_token, lease)).await {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => {
                tracing::info!(run = %id, "the run's lease is lost: its node gave up, or another worker judges it");
                return;
            }
            // The store is unreachable for now; the next beat may get through before the lease ends.
            Ok(Err(error)) => tracing::warn!(run = %id, %error, "cannot extend the run's lease"),
            Err(_) => return,
        }
    }
}

fn judge_claimed(shared: &Shared, claim: RunClaim) {
    let RunClaim { id, problem, package, code, input, token } = claim;
    let span = tracing::info_span!("run", run = %id, problem = %problem);
    let _enter = span.enter();
    let started = Instant::now();
    let report = shared.problem(&problem, package.as_deref()).and_then(|entry| {
        let input = input
            .map(serde_json::from_value::<TestInput>)
            .transpose()
            .map_err(|error| format!("the stored input does not read: {error}"))?;
        shared.board.run_started();
        let report =
            guarded(|| shared.grader.run(CodeRun { entry: &entry, code: &code, input, options: shared.options() }));
        shared.board.run_ended();
        report
    });
    shared.slots.job_took(started.elapsed());
    let outcome = match report.and_then(|report| serde_json::to_value(&report).map_err(|e| e.to_string())) {
        Ok(report) => RunOutcome::Report(report),
        Err(error) => {
            tracing::error!(%error, "running failed: internal error");
            RunOutcome::Failed(error)
        }
    };
    match shared.store.finish_run(&id, &token, &outcome) {
        Ok(()) => tracing::info!(ms = started.elapsed().as_millis(), "judged a stored run"),
        Err(StoreError::NoRun(_)) => tracing::info!("the run's node gave up waiting: its report is dropped"),
        Err(StoreError::LeaseLost(_)) => {
            tracing::warn!("the lease ran out while running: the report of the worker that holds it counts");
        }
        Err(error) => tracing::error!(%error, "cannot store the run's report; its node waits until it gives up"),
    }
}

#[cfg(test)]
mod unit {
    use serde_json::{json, Value};
    use verdict_catalog::tests::parse_input;
    use verdict_catalog::{Kind, TestInput};

    /// A custom input of every kind that takes one reads back from the store's JSON as it was
    /// parsed on the node that stored it.
    #[test]
    fn every_kind_of_custom_input_reads_back_as_stored() {
        let table = json!({"t": {"columns": ["a", "b"], "rows": [[1, "x"], [2, null]]}});
        let inputs = [
            (Kind::Function, json!({"args": [1, [2.5, "é"], {"k": null}], "kwargs": {"z": true, "a": 1}})),
            (Kind::Function, json!({"calls": [["Counter", [3]], ["add", [1]], ["total", []]]})),
            (Kind::Stdio, json!({"stdin": "3\n1 2 3\n\u{0}"})),
            (Kind::Sql, json!({"tables": table})),
            (Kind::Orm, json!({"tables": table, "args": [1], "kwargs": {"x": 2}})),
            (Kind::Pandas, json!({"tables": table, "args": [{"$array": [1, 2]}]})),
            (Kind::Pandas, json!({"args": [[1, 2]]})),
            (
                Kind::Web,
                json!({"exchanges": [{"path": "/items", "json": null}, {"method": "POST", "path": "/x", "form": {"a": "b"}}]}),
            ),
            (
                Kind::Web,
                json!({"tables": table, "exchanges": [{"path": "/", "headers": {"X-A": "1"}, "body": "text"}]}),
            ),
        ];
        for (kind, value) in inputs {
            let parsed = parse_input(&value, kind).unwrap_or_else(|e| panic!("{value}: {e}"));
            let stored: Value = serde_json::from_str(&serde_json::to_string(&parsed).unwrap_or_default())
                .unwrap_or_else(|e| panic!("{value}: {e}"));
            let read: TestInput = serde_json::from_value(stored).unwrap_or_else(|e| panic!("{value}: {e}"));
            assert_eq!(read, parsed, "{value}");
        }
    }
}
