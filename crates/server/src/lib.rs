//! The judge service: the JSON API (with its OpenAPI document), the candidate's web app, and
//! the bounded queue that feeds the judge.
//!
//! Untrusted input from the network is bounded, checked and answered with a 4xx naming what was
//! wrong; it is never trusted and nothing accepted is lost: a submission is stored before it is
//! queued and judged again after a restart that interrupted it. This crate knows nothing of how
//! the sandbox confines a run, and never forks: judging happens on blocking threads through
//! the judge crate.

pub mod api;
pub mod attempt;
pub mod auth;
pub mod error;
pub mod extract;
pub mod problems;
pub mod queue;
pub mod report;
pub mod team;
pub mod views;

use api::AppState;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::uri::PathAndQuery;
use axum::http::{header, HeaderName, HeaderValue, Request, StatusCode, Uri};
use axum::response::{Html, IntoResponse};
use axum::Router;
use problems::ProblemIndex;
use queue::{JudgeQueue, QueueConfig};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::watch;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use verdict_judge::Judge;
use verdict_sandbox::Sandbox;
use verdict_store::Store;

/// Where the built web app is, unless `--web` says otherwise.
pub const DEFAULT_WEB_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/web/dist");

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot read the problem catalogue {path}: {source}")]
    Catalogue { path: PathBuf, source: std::io::Error },
    #[error("the catalogue {0} has no problem that loads")]
    EmptyCatalogue(PathBuf),
    #[error(transparent)]
    Store(#[from] verdict_store::StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("the server failed: {0}")]
    Serve(std::io::Error),
    #[error(
        "listening on {0}, beyond this machine, needs --public-url (the address people reach the service at, such \
         as https://verdict.example.com): links for candidates are never made from a request's Host header"
    )]
    PublicUrlRequired(SocketAddr),
    #[error("--public-url must be an http:// or https:// address, not `{0}`")]
    BadPublicUrl(String),
}

/// What a service is started with beyond its parts.
#[derive(Debug, Clone)]
pub struct Options {
    pub hiring: auth::HiringConfig,
    /// Where time comes from: the system's clock, or one a test sets.
    pub clock: Arc<dyn verdict_store::Clock>,
}

/// The catalogue problem candidates practise on before an assessment, when it has one.
pub const DEFAULT_PRACTICE_PROBLEM: &str = "reverse-words";

impl Default for Options {
    fn default() -> Self {
        Self {
            hiring: auth::HiringConfig {
                practice_problem: Some(DEFAULT_PRACTICE_PROBLEM.to_owned()),
                ..auth::HiringConfig::default()
            },
            clock: Arc::new(verdict_store::SystemClock),
        }
    }
}

/// A service ready to serve: state built, stored unfinished work queued again.
pub struct Service {
    pub state: AppState,
    pub web: PathBuf,
    shutdown: watch::Sender<bool>,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service").field("state", &self.state).finish_non_exhaustive()
    }
}

impl Service {
    /// Loads the catalogue, opens the store, starts the queue's workers and queues again
    /// whatever a previous run accepted and did not finish.
    pub async fn start(
        problems_dir: &Path,
        store: Arc<dyn Store>,
        sandbox: Arc<Sandbox>,
        queue: QueueConfig,
        web: PathBuf,
    ) -> Result<Self, ServerError> {
        Self::start_with(problems_dir, store, sandbox, queue, web, Options::default()).await
    }

    /// [`Service::start`] with the hiring side's settings and the clock.
    pub async fn start_with(
        problems_dir: &Path,
        store: Arc<dyn Store>,
        sandbox: Arc<Sandbox>,
        queue: QueueConfig,
        web: PathBuf,
        options: Options,
    ) -> Result<Self, ServerError> {
        let problems = ProblemIndex::load(problems_dir)
            .map_err(|source| ServerError::Catalogue { path: problems_dir.to_owned(), source })?;
        for error in &problems.errors {
            tracing::warn!(%error, "problem left out of the catalogue");
        }
        if problems.is_empty() {
            return Err(ServerError::EmptyCatalogue(problems_dir.to_owned()));
        }
        let problems = Arc::new(problems);
        let (shutdown, watcher) = watch::channel(false);
        let (queue, workers) = JudgeQueue::start(queue, Arc::clone(&store), Arc::clone(&problems), sandbox, watcher);
        let recovering = {
            let store = Arc::clone(&store);
            tokio::task::spawn_blocking(move || store.requeue_unfinished())
                .await
                .map_err(|e| ServerError::Serve(std::io::Error::other(e)))??
        };
        if !recovering.is_empty() {
            tracing::info!(count = recovering.len(), "judging again the submissions a restart interrupted");
        }
        queue.recover(recovering);
        let mut hiring = options.hiring;
        if let Some(slug) = &hiring.practice_problem {
            if problems.get(slug).is_none() {
                tracing::warn!(problem = %slug, "the practice problem is not in the catalogue; assessments will have none");
                hiring.practice_problem = None;
            }
        }
        let state = AppState {
            problems,
            store,
            queue,
            clock: options.clock,
            hiring: Arc::new(hiring),
            logins: Arc::new(auth::LoginLimiter::default()),
        };
        let mut workers = workers;
        workers.push(attempt::start_deadline_sweep(state.clone(), shutdown.subscribe()));
        Ok(Self { state, web, shutdown, workers })
    }

    /// The whole application: `/api` and the web app.
    pub fn router(&self) -> Router {
        router(self.state.clone(), &self.web)
    }

    /// Prepares every problem in the background, one at a time, so it never competes with
    /// judging for more than one core.
    pub fn warm_up(&self, sandbox: Arc<Sandbox>) {
        let problems = Arc::clone(&self.state.problems);
        tokio::task::spawn_blocking(move || {
            let judge = Judge::new(&sandbox);
            for entry in problems.iter() {
                if let Err(error) = entry.prepared(&judge) {
                    tracing::error!(problem = entry.slug(), %error, "cannot prepare the problem's tests");
                }
            }
            tracing::info!("every problem's tests are prepared");
        });
    }

    /// Stops taking jobs, lets running ones finish for up to `grace`, and puts back in the
    /// queue whatever is still running then.
    pub async fn shut_down(self, grace: std::time::Duration) {
        let _ = self.shutdown.send(true);
        let all = futures_util::future::join_all(self.workers);
        if tokio::time::timeout(grace, all).await.is_err() {
            tracing::warn!("judging did not finish within the grace period");
        }
        self.state.queue.requeue_in_flight().await;
    }
}

/// Request ids: random, so logs of concurrent requests can be told apart.
#[derive(Debug, Clone, Copy)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        extract::random_id().parse().ok().map(RequestId::new)
    }
}

const REQUEST_ID: &str = "x-request-id";

/// Whether a client's own request id may be kept: 1 to 64 letters, digits, `.`, `_` or `-`.
/// Anything else (spaces, `=`, quotes) could forge fields in a text log line.
pub fn is_safe_request_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len()) && id.iter().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(b))
}

/// Drops a client's request id that is not plainly an id, so a random one is made instead.
async fn drop_unsafe_request_id(mut request: Request<Body>) -> Request<Body> {
    let mut ids = request.headers().get_all(REQUEST_ID).iter();
    let keep = matches!((ids.next(), ids.next()), (Some(id), None) if is_safe_request_id(id.as_bytes()));
    if !keep {
        request.headers_mut().remove(REQUEST_ID);
    }
    request
}

/// Collapses repeated slashes in the path before anything routes or serves it: the file
/// service answers a directory without its trailing slash with a redirect to the path it was
/// given plus `/`, and `//assets/` as a Location is another host (`https://assets/`).
async fn collapse_slashes(mut request: Request<Body>) -> Request<Body> {
    let uri = request.uri();
    if !uri.path().contains("//") {
        return request;
    }
    let mut path = String::with_capacity(uri.path().len());
    for c in uri.path().chars() {
        if !(c == '/' && path.ends_with('/')) {
            path.push(c);
        }
    }
    if let Some(query) = uri.query() {
        path = format!("{path}?{query}");
    }
    let mut parts = uri.clone().into_parts();
    // Removing characters from a valid path leaves a valid one; should it not, the root is served.
    parts.path_and_query = Some(path.parse().unwrap_or_else(|_| PathAndQuery::from_static("/")));
    if let Ok(uri) = Uri::from_parts(parts) {
        *request.uri_mut() = uri;
    }
    request
}

/// What a browser may load for the web app: its own scripts only (no inline script, no eval),
/// styles from itself plus the ones the code editor sets on its elements, images from itself or
/// inline `data:` (never a remote tracking pixel), requests to itself, and no framing at all.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The router over a state: `/api/...` and, for every other path, the web app.
pub fn router(state: AppState, web: &Path) -> Router {
    let request_id = HeaderName::from_static(REQUEST_ID);
    let index = web.join("index.html");
    let app: Router = if index.is_file() {
        Router::new().fallback_service(ServeDir::new(web).fallback(ServeFile::new(index)))
    } else {
        let web = web.display().to_string();
        Router::new().fallback(move || {
            let web = web.clone();
            async move {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Html(format!(
                        "<!doctype html><title>Verdict</title><h1>The web app is not built</h1>\
                         <p>No <code>{web}/index.html</code>. Build it with <code>./scripts/just web</code> \
                         (or start with <code>./scripts/just serve</code>, which builds it); the API is at \
                         <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p>"
                    )),
                )
                    .into_response()
            }
        })
    };
    // Every API answer may hold a session's, an attempt's or a candidate's data (code, drafts,
    // reports, tokens): none is kept by a browser's or a proxy's cache.
    let api = api::routes()
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    let routed = Router::new()
        .nest("/api", api)
        .merge(app)
        .layer(axum::middleware::from_fn(extract::candidate_cookie))
        .layer(DefaultBodyLimit::max(extract::MAX_BODY_BYTES));
    let header = |name, value| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    Router::new()
        .fallback_service(routed)
        .layer(axum::middleware::map_request(collapse_slashes))
        .layer(header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            // Only the path: queries carry nothing the log needs, and attempt tokens are secrets.
            let path = attempt::redact_path(request.uri().path());
            tracing::info_span!("request", method = %request.method(), path = %path, request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, RandomRequestId))
        .layer(axum::middleware::map_request(drop_unsafe_request_id))
}

/// Links handed out must not come from a request's Host header (a client or a proxy chooses
/// it), so a service reachable beyond this machine needs its public address said.
pub fn check_public_url(addr: SocketAddr, public_url: Option<&str>) -> Result<(), ServerError> {
    match public_url {
        None if !addr.ip().is_loopback() => Err(ServerError::PublicUrlRequired(addr)),
        Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) || url::Url::parse(url).is_err() => {
            Err(ServerError::BadPublicUrl(url.to_owned()))
        }
        _ => Ok(()),
    }
}

/// Serves until `stop` resolves, then shuts down gracefully: the listener closes, open
/// requests finish, judging finishes within `grace` or is requeued.
pub async fn serve(
    service: Service,
    listener: tokio::net::TcpListener,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
    grace: std::time::Duration,
) -> Result<(), ServerError> {
    let mut service = service;
    let local = listener.local_addr().map_err(ServerError::Serve)?;
    check_public_url(local, service.state.hiring.public_url.as_deref())?;
    if service.state.hiring.public_url.is_none() {
        let hiring =
            auth::HiringConfig { listen_url: Some(format!("http://{local}")), ..(*service.state.hiring).clone() };
        service.state.hiring = Arc::new(hiring);
    }
    let router = service.router().into_make_service_with_connect_info::<SocketAddr>();
    let (closed_tx, closed_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
        stop.await;
        tracing::info!("shutting down: no new requests; finishing the work in hand");
        let _ = closed_tx.send(());
    });
    // Event streams stay open until their submission finishes, so the HTTP side is given the
    // same grace as judging and then dropped.
    let server = tokio::spawn(async move { server.await });
    let _ = closed_rx.await;
    service.shut_down(grace).await;
    match tokio::time::timeout(std::time::Duration::from_secs(2), server).await {
        Ok(Ok(Err(error))) => Err(ServerError::Serve(error)),
        _ => Ok(()),
    }
}
