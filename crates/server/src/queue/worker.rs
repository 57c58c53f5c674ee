//! A worker: this node's runs first (a candidate waits on the request), then runs that nodes
//! without workers stored, then submissions claimed from the store, each judged on a blocking
//! thread (the judge waits on sandboxed processes; the async threads never do). Idle, it waits
//! to be woken (a run, a submission here, a notice from another node) or polls the store, since
//! a stored run or a submission may come from any node.

use super::grader::{guarded, CodeRun};
use super::shared::{RunJob, Shared};
use super::{claims, runs};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How often an idle worker looks at the store when nothing woke it: the fallback for a
/// wake-up that never came (another node's submission without a listener, a lease that ran out).
pub(super) const POLL: Duration = Duration::from_millis(1500);

/// Judges until `shutdown` turns true: worker `number` of this node.
pub(super) async fn work(shared: Arc<Shared>, number: usize, mut shutdown: watch::Receiver<bool>) {
    let name = format!("{}/{number}", shared.node);
    loop {
        // Listen before looking, so a wake-up between the look and the wait is not lost.
        let woken = shared.wake.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        if *shutdown.borrow() {
            return;
        }
        if let Some(run) = shared.take_run() {
            let judging = Arc::clone(&shared);
            if let Err(error) = tokio::task::spawn_blocking(move || judge_run(&judging, run)).await {
                tracing::error!(%error, "a run's judging failed");
            }
            continue;
        }
        match runs::claim(&shared, &name).await {
            Ok(Some(claim)) => {
                runs::judge(&shared, claim).await;
                continue;
            }
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "cannot claim a stored run"),
        }
        match claims::claim(&shared, &name).await {
            Ok(Some(claim)) => {
                claims::judge(&shared, claim).await;
                continue;
            }
            Ok(None) => {}
            // The store is unreachable: wait as when idle, then try again.
            Err(error) => tracing::error!(%error, "cannot claim a submission"),
        }
        tokio::select! {
            changed = shutdown.changed() => if changed.is_err() { return },
            () = &mut woken => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

fn judge_run(shared: &Shared, run: RunJob) {
    let RunJob { entry, code, input, reply, admission } = run;
    let started = Instant::now();
    shared.board.run_started();
    let result =
        guarded(|| shared.grader.run(CodeRun { entry: &entry, code: &code, input, options: shared.options() }));
    shared.board.run_ended();
    // The slot is given back before the answer: whoever hears of the end can ask again.
    shared.slots.job_took(started.elapsed());
    drop(admission);
    // The client may have gone; then nobody needs the answer.
    let _ = reply.send(result);
}
