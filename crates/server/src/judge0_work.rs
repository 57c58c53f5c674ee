//! The workers that run the Judge0 API's submissions on this node: each claims the oldest
//! stored submission (of any node) under a lease, runs it on a blocking thread through the
//! service's executor (the sandbox), writes its outcome under the lease, tells any request
//! waiting on this node, and sends the callback when one was asked for. Idle, a worker waits
//! for a submission stored here or polls the store, so submissions stored by another node (or
//! before a restart) are run too.
//!
//! Why not the judging queue: its jobs are problems' submissions judged against a package by
//! content hash, with per-test results and an owner; a Judge0 submission is one program with its
//! stdin and limits and no problem. It has its own table and claims, in the store like the queue's,
//! so it survives restarts and runs on any node serving the API.

use crate::state::AppState;
use crate::state::Judge0Service;
use crate::store_call::blocking;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use verdict_judge0::{config, Outcome, Stored};

/// How long a claim holds a submission: no heartbeat is needed, since a run is cut at the
/// server's wall-time maximum (20 s by default) and this is three times that.
pub const LEASE: Duration = Duration::from_secs(60);

/// How often an idle worker looks at the store when nothing woke it.
const POLL: Duration = Duration::from_millis(500);

/// Waits between the tries of a callback.
const CALLBACK_BACKOFF: [Duration; 2] = [Duration::from_secs(1), Duration::from_secs(4)];

/// Starts this node's workers.
pub fn start(
    app: &AppState,
    service: &Arc<Judge0Service>,
    shutdown: &watch::Receiver<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..service.workers)
        .map(|n| {
            let (app, service, mut shutdown) = (app.clone(), Arc::clone(service), shutdown.clone());
            let name = format!("judge0-{}-{n}", std::process::id());
            tokio::spawn(async move {
                loop {
                    if *shutdown.borrow() {
                        return;
                    }
                    if work_one(&app, &service, &name).await {
                        continue;
                    }
                    tokio::select! {
                        _ = shutdown.changed() => return,
                        _ = service.wake.notified() => {}
                        _ = tokio::time::sleep(POLL) => {}
                    }
                }
            })
        })
        .collect()
}

/// Claims and runs one submission; false when there was none (or the store failed).
async fn work_one(app: &AppState, service: &Arc<Judge0Service>, worker: &str) -> bool {
    let worker_name = worker.to_owned();
    let claim = match blocking(&app.store, move |s| s.judge0_claim(&worker_name, LEASE)).await {
        Ok(Some(claim)) => claim,
        Ok(None) => return false,
        Err(error) => {
            tracing::error!(error = %error.message, "cannot claim a Judge0 submission");
            return false;
        }
    };
    let executor = Arc::clone(&service.executor);
    let request = claim.request.clone();
    let ran = tokio::task::spawn_blocking(move || -> (Outcome, Option<Stored>) {
        match serde_json::from_str::<Stored>(&request) {
            Ok(stored) => (executor.execute(&stored), Some(stored)),
            Err(e) => (verdict_judge0::run::internal(format!("the stored request does not read: {e}")), None),
        }
    })
    .await;
    let (outcome, stored) =
        ran.unwrap_or_else(|e| (verdict_judge0::run::internal(format!("the run panicked: {e}")), None));
    let result = match serde_json::to_string(&outcome) {
        Ok(result) => result,
        Err(e) => {
            tracing::error!(error = %e, "cannot write a Judge0 outcome");
            return true;
        }
    };
    let (token, lease) = (claim.token.clone(), claim.lease.clone());
    match blocking(&app.store, move |s| s.judge0_finish(&token, &lease, &result)).await {
        Ok(()) => {
            let _ = service.done.send(claim.token.clone());
            if let Some(url) = stored.as_ref().and_then(|s| s.callback_url.clone()) {
                tokio::spawn(callback(app.clone(), claim.token.clone(), url));
            }
        }
        Err(error) => tracing::warn!(token = %claim.token, error = %error.message, "a Judge0 result was not kept"),
    }
    true
}

/// PUTs the finished submission (Judge0's default fields, base64) to its callback URL, tried
/// [`config::CALLBACK_TRIES`] times. Kept in memory only: a restart between tries drops the
/// rest (the submission itself stays readable by its token).
async fn callback(app: AppState, token: String, url: String) {
    let Ok(url) = crate::webhooks::check_url(&url, app.webhooks.allow_private) else { return };
    let body = {
        let tokens = [token.clone()];
        let records = blocking(&app.store, move |s| {
            let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
            s.judge0_read(&tokens)
        })
        .await;
        let Some(record) = records.ok().and_then(|r| r.into_iter().next()) else { return };
        let Ok(request) = serde_json::from_str::<Stored>(&record.request) else { return };
        let outcome: Option<Outcome> = record.result.as_deref().and_then(|r| serde_json::from_str(r).ok());
        let view = verdict_judge0::response::View {
            token: &record.token,
            created_at: record.created_at,
            finished_at: record.finished_at,
            running: false,
            request: &request,
            outcome: outcome.as_ref(),
        };
        match view.render(&verdict_judge0::Fields::default(), true) {
            Ok(view) => serde_json::to_vec(&view).unwrap_or_default(),
            Err(_) => return,
        }
    };
    for attempt in 0..config::CALLBACK_TRIES {
        match crate::webhooks::put_json(&app.webhooks, &url, body.clone()).await {
            Ok(_) => return,
            Err(error) => tracing::warn!(%token, attempt, %error, "a Judge0 callback was not delivered"),
        }
        if let Some(wait) = CALLBACK_BACKOFF.get(attempt as usize) {
            tokio::time::sleep(*wait).await;
        }
    }
}
