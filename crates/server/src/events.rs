//! A submission's server-sent events: `state`, one `test` per finished test, then `done` with
//! the whole submission. A follower first gets what the store holds, then live progress from
//! the queue of this node (or, when this node does not judge it, reads of the store: woken by
//! the store's progress notices on PostgreSQL, every 250 ms otherwise), each state and test
//! once. Live progress that goes quiet is checked against the store too: another node may have
//! claimed the submission.

use crate::problems::ProblemEntry;
use crate::queue::Progress;
use crate::store_call::blocking;
use crate::views::{StateView, SubmissionView, TestView};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};
use tokio::time::timeout;
use verdict_store::{Store, SubmissionRecord};

/// The event stream of one submission the caller may read, to `problem` (while the catalogue
/// has it).
pub fn event_stream(
    store: &Arc<dyn Store>,
    record: SubmissionRecord,
    problem: Option<Arc<ProblemEntry>>,
    live: Option<broadcast::Receiver<Progress>>,
    notices: Option<broadcast::Receiver<String>>,
) -> impl IntoResponse {
    let (sender, receiver) = mpsc::channel::<Event>(64);
    let news = News { live, notices };
    tokio::spawn(follow(Arc::clone(store), record, problem, news, sender));
    let stream = tokio_stream::wrappers::ReceiverStream::new(receiver);
    let stream = futures_util::StreamExt::map(stream, Ok::<Event, Infallible>);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// One follower's stream: each state change and each test is sent once.
struct Follower {
    out: mpsc::Sender<Event>,
    state: Option<StateView>,
    sent: HashSet<u32>,
}

impl Follower {
    /// Sends one event; false once the client has gone.
    async fn send<T: serde::Serialize>(&self, name: &str, data: &T) -> bool {
        match Event::default().event(name).json_data(data) {
            Ok(event) => self.out.send(event).await.is_ok(),
            Err(error) => {
                tracing::warn!(%error, "cannot encode an event");
                true
            }
        }
    }

    async fn state(&mut self, state: StateView) -> bool {
        if self.state == Some(state) {
            return true;
        }
        self.state = Some(state);
        self.send("state", &serde_json::json!({ "state": state })).await
    }

    async fn tests(&mut self, tests: &[TestView]) -> bool {
        for test in tests {
            if self.sent.insert(test.number) && !self.send("test", test).await {
                return false;
            }
        }
        true
    }
}

/// How long live progress may be quiet before the store is read: long enough for a test, short
/// enough that a submission another node claimed is followed from the store soon.
const QUIET: Duration = Duration::from_secs(2);

/// Where a follower hears of progress besides the store.
struct News {
    /// The queue's channel, while this node holds the submission.
    live: Option<broadcast::Receiver<Progress>>,
    /// The store's progress notices (ids), on PostgreSQL.
    notices: Option<broadcast::Receiver<String>>,
}

impl News {
    /// Waits until a notice names `id` or the poll's pause passes.
    async fn poll_pause(&mut self, id: &str) {
        let Some(notices) = self.notices.as_mut() else {
            return tokio::time::sleep(Duration::from_millis(250)).await;
        };
        let named = async {
            loop {
                match notices.recv().await {
                    Ok(named) if named == id => return,
                    Ok(_) => {}
                    // Fell behind: whatever it missed may be ours.
                    Err(broadcast::error::RecvError::Lagged(_)) => return,
                    Err(broadcast::error::RecvError::Closed) => std::future::pending::<()>().await,
                }
            }
        };
        // A notice may be lost (the connection was down): the store is read anyway.
        let _ = timeout(QUIET, named).await;
    }
}

/// Feeds one follower: what is stored, then live progress, then the final state.
async fn follow(
    store: Arc<dyn Store>,
    mut record: SubmissionRecord,
    problem: Option<Arc<ProblemEntry>>,
    mut news: News,
    out: mpsc::Sender<Event>,
) {
    let problem = problem.as_deref().map(|entry| &entry.problem);
    let mut follower = Follower { out, state: None, sent: HashSet::new() };
    loop {
        // What the store knows that this follower has not seen.
        let view = SubmissionView::new(&record, problem);
        if !follower.state(view.state).await || !follower.tests(&view.tests).await {
            return;
        }
        if record.state.is_final() {
            follower.send("done", &view).await;
            return;
        }
        // Then news: live progress while the queue publishes it, otherwise a poll of the store.
        match news.live.as_mut() {
            Some(receiver) => loop {
                let Ok(received) = timeout(QUIET, receiver.recv()).await else { break };
                let delivered = match received {
                    Ok(Progress::Test(test)) => follower.tests(&[TestView::for_submission(&test)]).await,
                    Ok(Progress::State(state)) => follower.state(state.into()).await,
                    Ok(Progress::Done(record)) => {
                        let view = SubmissionView::new(&record, problem);
                        if follower.tests(&view.tests).await {
                            follower.send("done", &view).await;
                        }
                        return;
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => break,
                    Err(broadcast::error::RecvError::Closed) => {
                        news.live = None;
                        break;
                    }
                };
                if !delivered {
                    return;
                }
            },
            None => news.poll_pause(&record.id).await,
        }
        let id = record.id.clone();
        match blocking(&store, move |s| s.submission(&id)).await {
            Ok(Some(fresh)) => record = fresh,
            _ => return,
        }
    }
}
