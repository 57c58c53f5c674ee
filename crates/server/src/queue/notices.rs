//! What this node hears of other nodes, on PostgreSQL: a thread listens on the store's
//! channels, waking this node's workers when any node stores a submission or a run, passing on
//! which submission made progress (for followers here of a submission judged elsewhere) and
//! which stored run was judged (for this node's requests waiting for one). A
//! notice is a hint: the workers and followers still poll, so one lost while the connection is
//! down only delays. Every second, submissions held here that another node judged to their end
//! are settled (their followers told, their slots given back). SQLite serves one process, whose
//! wake-ups are in-process, so there this task ends at once.

use super::shared::Shared;
use super::JudgeQueue;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use verdict_store::{Listener, JOBS_CHANNEL, PROGRESS_CHANNEL, RUNS_CHANNEL};

const CHANNELS: [&str; 3] = [JOBS_CHANNEL, PROGRESS_CHANNEL, RUNS_CHANNEL];

/// How long the listening thread waits for a notice before it looks whether to stop.
const WAIT: Duration = Duration::from_secs(1);

/// Starts listening (on PostgreSQL) until `shutdown` turns true.
pub(super) fn start(queue: JudgeQueue, mut shutdown: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let store = Arc::clone(&queue.shared.store);
        let listener = match tokio::task::spawn_blocking(move || store.listen(&CHANNELS)).await {
            Ok(Ok(None)) | Err(_) => return,
            Ok(Ok(Some(listener))) => Some(listener),
            Ok(Err(error)) => {
                tracing::warn!(%error, "cannot listen for other nodes' submissions yet; polling meanwhile");
                None
            }
        };
        queue.shared.listening.store(true, Ordering::Relaxed);
        let stop = Arc::new(AtomicBool::new(false));
        let (shared, stopped) = (Arc::clone(&queue.shared), Arc::clone(&stop));
        let spawned = std::thread::Builder::new()
            .name("verdict-notices".into())
            .spawn(move || listen(&shared, listener, &stopped));
        if let Err(error) = spawned {
            tracing::error!(%error, "cannot start the thread that listens to other nodes; polling instead");
        }
        loop {
            tokio::select! {
                _ = shutdown.changed() => break,
                () = tokio::time::sleep(Duration::from_secs(1)) => queue.settle_held().await,
            }
            if *shutdown.borrow() {
                break;
            }
        }
        stop.store(true, Ordering::Relaxed);
    })
}

/// Passes notices on until `stop`, connecting again when the connection is lost.
fn listen(shared: &Shared, mut listener: Option<Listener>, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        let Some(connected) = listener.as_mut() else {
            std::thread::sleep(WAIT * 2);
            listener = shared.store.listen(&CHANNELS).ok().flatten();
            // What came while it was down is unknown: let the workers look.
            shared.wake.notify_waiters();
            continue;
        };
        match connected.wait(WAIT) {
            Ok(notices) => {
                for (channel, payload) in notices {
                    if channel == JOBS_CHANNEL {
                        shared.wake.notify_waiters();
                    } else if channel == RUNS_CHANNEL {
                        // No run of this node's waiting for it is not an error.
                        let _ = shared.runs_done.send(payload);
                    } else {
                        // No follower here is not an error.
                        let _ = shared.progress.send(payload);
                    }
                }
            }
            Err(error) => {
                tracing::warn!(%error, "lost the connection listening to other nodes; connecting again");
                listener = None;
            }
        }
    }
}
