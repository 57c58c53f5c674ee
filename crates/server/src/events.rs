//! A submission's server-sent events: `state`, one `test` per finished test, then `done` with
//! the whole submission. A follower first gets what the store holds, then live progress from
//! the queue (or, when it has none, polls of the store), each state and test once.

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
use verdict_store::{Store, SubmissionRecord};

/// The event stream of one submission the caller may read, to `problem` (while the catalogue
/// has it).
pub fn event_stream(
    store: &Arc<dyn Store>,
    record: SubmissionRecord,
    problem: Option<Arc<ProblemEntry>>,
    live: Option<broadcast::Receiver<Progress>>,
) -> impl IntoResponse {
    let (sender, receiver) = mpsc::channel::<Event>(64);
    tokio::spawn(follow(Arc::clone(store), record, problem, live, sender));
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

/// Feeds one follower: what is stored, then live progress, then the final state.
async fn follow(
    store: Arc<dyn Store>,
    mut record: SubmissionRecord,
    problem: Option<Arc<ProblemEntry>>,
    mut live: Option<broadcast::Receiver<Progress>>,
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
        match live.as_mut() {
            Some(receiver) => loop {
                let delivered = match receiver.recv().await {
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
                        live = None;
                        break;
                    }
                };
                if !delivered {
                    return;
                }
            },
            None => tokio::time::sleep(Duration::from_millis(250)).await,
        }
        let id = record.id.clone();
        match blocking(&store, move |s| s.submission(&id)).await {
            Ok(Some(fresh)) => record = fresh,
            _ => return,
        }
    }
}
