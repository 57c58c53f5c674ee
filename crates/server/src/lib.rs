//! The judge service: the JSON API (with its OpenAPI document), the candidate's web app, and
//! the bounded queue that feeds the judge.
//!
//! Untrusted input from the network is bounded, checked and answered with a 4xx naming what was
//! wrong; it is never trusted and nothing accepted is lost: a submission is stored before it is
//! queued and judged again after a restart that interrupted it. This crate knows nothing of how
//! the sandbox confines a run, and never forks: judging happens on blocking threads through
//! the judge crate. The hiring rules (`hiring`) never see HTTP; handlers stay thin.
//!
//! Modules, each one concern, with no import cycle: `router` (every route once, with its
//! OpenAPI entry) over the handler modules `practice` (with `aids` and `tracks`, practice's learning aids and paths, whose views are `aids_views`, and `acceptance`, the figures' short-lived cache), `attempt`, `sessions`, `assessments`,
//! `invitations`, `report`, `export`, `reviews`, `members`, `mail_api`, `questions` (a team's private problems) and `candidate_accounts` (candidates' own
//! accounts, with `candidate_session`: whose practice a request is); `policy`, the one table of which role may
//! call which endpoint, checked for every route; the submission work both surfaces share (`submissions`,
//! `events`); `state`, `settings`, `logins`, `auth`, `extract`, `error`, `store_call`; the
//! `hiring` domain; `mail` (what each message holds, and the delivery task over the store's
//! outbox); `webhooks` (URL checks, signing and the delivery task over the same outbox) and
//! `webhooks_api`; `judge0_api` (the Judge0 CE compatible API, off unless turned on) and
//! `judge0_work` (its workers); `layers` and `web` around it all; `queue` and `views` for judging, with
//! `debug_views` for debugging problems.

pub mod acceptance;
pub mod activity;
pub mod aids;
pub mod aids_views;
pub mod assessments;
pub mod attempt;
pub mod auth;
pub mod candidate_accounts;
pub mod candidate_session;
pub mod debug_views;
pub mod error;
pub mod events;
pub mod export;
pub mod extract;
pub mod hiring;
pub mod invitations;
pub mod judge0_api;
pub mod judge0_work;
pub mod layers;
pub mod logins;
pub mod mail;
pub mod mail_api;
pub mod members;
pub mod policy;
pub mod practice;
pub mod problems;
pub mod questions;
pub mod queue;
pub mod report;
pub mod reviews;
pub mod router;
pub mod sessions;
pub mod settings;
pub mod state;
pub mod store_call;
pub mod submissions;
pub mod suite_view;
pub mod team;
pub mod tracks;
pub mod views;
pub mod web;
pub mod webhooks;
pub mod webhooks_api;

pub use layers::CONTENT_SECURITY_POLICY;
pub use router::router;
pub use web::WebApp;

use axum::Router;
use problems::ProblemIndex;
use queue::{JudgeQueue, QueueConfig};
use state::AppState;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::watch;
use verdict_judge::Judge;
use verdict_sandbox::Sandbox;
use verdict_store::Store;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot read the problem catalogue {path}: {source}")]
    Catalogue { path: PathBuf, source: std::io::Error },
    #[error("the catalogue {0} has no problem that loads")]
    EmptyCatalogue(PathBuf),
    #[error("the package cache: {0}")]
    PackageCache(#[from] verdict_packages::Error),
    #[error("publishing the problem packages did not finish: {0}")]
    Publish(String),
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
    #[error("mail: {0}")]
    Mail(#[from] verdict_mail::MailError),
    #[error("sending mail needs --public-url: the links in a message must work from the reader's mail client")]
    MailNeedsPublicUrl,
}

/// What a service is started with beyond its parts.
#[derive(Debug, Clone)]
pub struct Options {
    pub hiring: settings::HiringConfig,
    /// Where time comes from: the system's clock, or one a test sets.
    pub clock: Arc<dyn verdict_store::Clock>,
    /// Where SQL problems in PostgreSQL's dialect run; without it they are listed, and judging
    /// them says the service has no PostgreSQL.
    pub postgres: Option<Arc<verdict_pgsql::Runner>>,
    /// Where packages fetched from the store by content hash are kept (a worker judging a
    /// submission made elsewhere, or before its problem was edited); a temporary folder,
    /// removed at the end, without it.
    pub package_cache: Option<PathBuf>,
    /// SMTP and the reminder's lead time; None: no mail is sent or stored.
    pub mail: Option<MailSettings>,
    /// Whether webhooks may be delivered to loopback, private and link-local addresses
    /// (`--webhooks-allow-private`); refused by default.
    pub webhooks_allow_private: bool,
    /// Whether this node delivers webhooks (serve nodes do; `verdict worker` nodes do not).
    pub deliver_webhooks: bool,
    /// The Judge0 CE compatible API (`verdict serve --judge0`); None: its routes answer 404.
    pub judge0: Option<state::Judge0Settings>,
    /// Jobe's REST API (`--jobe`), served beside `/api` when set; off by default.
    pub jobe: Option<Arc<verdict_jobe::Jobe>>,
    /// How long practice's acceptance figures are reused before the store counts them again
    /// (`--acceptance-cache-seconds`; zero counts on every read).
    pub acceptance_ttl: std::time::Duration,
}

/// How the service sends mail.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub smtp: verdict_mail::SmtpSettings,
    /// How long before an assessment's window closes a candidate who has not started is reminded.
    pub reminder_lead: std::time::Duration,
}

/// The catalogue problem candidates practise on before an assessment, when it has one.
pub const DEFAULT_PRACTICE_PROBLEM: &str = "reverse-words";

impl Default for Options {
    fn default() -> Self {
        Self {
            hiring: settings::HiringConfig {
                practice_problem: Some(DEFAULT_PRACTICE_PROBLEM.to_owned()),
                ..settings::HiringConfig::default()
            },
            clock: Arc::new(verdict_store::SystemClock),
            postgres: None,
            package_cache: None,
            mail: None,
            webhooks_allow_private: false,
            deliver_webhooks: true,
            judge0: None,
            jobe: None,
            acceptance_ttl: acceptance::ACCEPTANCE_TTL,
        }
    }
}

/// A service ready to serve: state built, the queue's workers started.
pub struct Service {
    pub state: AppState,
    pub web: WebApp,
    /// Jobe's REST API, when the operator turned it on.
    pub jobe: Option<Arc<verdict_jobe::Jobe>>,
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
        web: impl Into<WebApp>,
    ) -> Result<Self, ServerError> {
        Self::start_with(problems_dir, store, sandbox, queue, web, Options::default()).await
    }

    /// [`Service::start`] with the hiring side's settings and the clock.
    pub async fn start_with(
        problems_dir: &Path,
        store: Arc<dyn Store>,
        sandbox: Arc<Sandbox>,
        queue: QueueConfig,
        web: impl Into<WebApp>,
        options: Options,
    ) -> Result<Self, ServerError> {
        let grader = Arc::new(queue::SandboxGrader::new(sandbox).with_postgres(options.postgres.clone()));
        Self::start_with_grader(problems_dir, store, grader, queue, web, options).await
    }

    /// [`Service::start_with`] judging through `grader`: the real judge, or a scripted one for
    /// tests that need neither root nor the sandbox.
    pub async fn start_with_grader(
        problems_dir: &Path,
        store: Arc<dyn Store>,
        grader: Arc<dyn queue::Grader>,
        queue: QueueConfig,
        web: impl Into<WebApp>,
        options: Options,
    ) -> Result<Self, ServerError> {
        let problems = ProblemIndex::load(problems_dir)
            .map_err(|source| ServerError::Catalogue { path: problems_dir.to_owned(), source })?;
        if problems.is_empty() {
            for error in &problems.errors {
                tracing::warn!(%error, "problem left out of the catalogue");
            }
            return Err(ServerError::EmptyCatalogue(problems_dir.to_owned()));
        }
        Self::start_on(problems, store, grader, queue, web, options).await
    }

    /// Starts the service on a loaded catalogue, which may be empty (a `verdict worker`
    /// without one judges every submission against its package from the store). The packages
    /// made when the catalogue loaded are published in the store first: a submission names one
    /// only once any worker can fetch it.
    pub async fn start_on(
        mut problems: ProblemIndex,
        store: Arc<dyn Store>,
        grader: Arc<dyn queue::Grader>,
        queue: QueueConfig,
        web: impl Into<WebApp>,
        options: Options,
    ) -> Result<Self, ServerError> {
        for error in &problems.errors {
            tracing::warn!(%error, "problem left out of the catalogue");
        }
        let unpublished = std::mem::take(&mut problems.unpublished);
        let publishing = Arc::clone(&store);
        tokio::task::spawn_blocking(move || {
            unpublished
                .iter()
                .try_for_each(|(slug, package)| publishing.put_package(package.hash(), slug, package.bytes()))
        })
        .await
        .map_err(|e| ServerError::Publish(e.to_string()))??;
        let packages = match &options.package_cache {
            Some(dir) => queue::Packages::open(dir)?,
            None => queue::Packages::temporary()?,
        };
        let problems = Arc::new(problems);
        let (shutdown, watcher) = watch::channel(false);
        let judge0 =
            options.judge0.clone().map(|settings| Arc::new(state::Judge0Service::new(settings, queue.workers)));
        // Nothing is put back at start: another node may be judging what is running, and a
        // submission whose worker died is claimed again once its lease runs out.
        let (queue, workers) =
            JudgeQueue::start(queue, Arc::clone(&store), Arc::clone(&problems), packages, grader, watcher);
        let mut hiring = options.hiring;
        if let Some(slug) = &hiring.practice_problem {
            // A worker without a catalogue serves no page, so it has no practice problem to miss.
            if !problems.is_empty() && problems.get(slug).is_none() {
                tracing::warn!(problem = %slug, "the practice problem is not in the catalogue; assessments will have none");
                hiring.practice_problem = None;
            }
        }
        let mail = match &options.mail {
            None => None,
            Some(settings) => {
                if hiring.public_url.is_none() {
                    return Err(ServerError::MailNeedsPublicUrl);
                }
                let mailer = verdict_mail::Mailer::new(&settings.smtp)?;
                Some(Arc::new(state::MailService { mailer, reminder_lead: settings.reminder_lead }))
            }
        };
        let state = AppState {
            mail,
            webhooks: Arc::new(state::WebhookService::new(options.webhooks_allow_private)),
            problems,
            store,
            queue,
            clock: options.clock,
            hiring: Arc::new(hiring),
            logins: Arc::new(logins::LoginLimiter::default()),
            checks: Arc::new(state::Checks::default()),
            aids: Arc::new(acceptance::AcceptanceCache::new(options.acceptance_ttl)),
            judge0,
        };
        let mut workers = workers;
        workers.push(attempt::start_deadline_sweep(state.clone(), shutdown.subscribe()));
        questions::resume_checks(state.clone());
        workers.extend(mail::start_delivery(state.clone(), shutdown.subscribe()));
        if let Some(service) = &state.judge0 {
            workers.extend(judge0_work::start(&state, service, &shutdown.subscribe()));
        }
        if options.deliver_webhooks {
            workers.push(webhooks::start_delivery(state.clone(), shutdown.subscribe()));
        }
        Ok(Self { state, web: web.into(), jobe: options.jobe, shutdown, workers })
    }

    /// The whole application: `/api`, the Jobe API when it is on, and the web app.
    pub fn router(&self) -> Router {
        router::router_with(self.state.clone(), self.web.clone(), self.jobe.clone())
    }

    /// Prepares every problem in the background, one at a time, so it never competes with
    /// judging for more than one core.
    pub fn warm_up(&self, sandbox: Arc<Sandbox>, postgres: Option<Arc<verdict_pgsql::Runner>>) {
        let problems = Arc::clone(&self.state.problems);
        tokio::task::spawn_blocking(move || {
            let judge = Judge::new(&sandbox).with_postgres(postgres.as_deref());
            for entry in problems.iter() {
                if let Err(error) = entry.prepared(&judge) {
                    tracing::error!(problem = entry.slug(), %error, "cannot prepare the problem's tests");
                }
            }
            tracing::info!("every problem's tests are prepared");
        });
    }

    /// Stops taking jobs, lets running ones finish for up to `grace`, and gives back to the
    /// queue whatever is still running then.
    pub async fn shut_down(self, grace: std::time::Duration) {
        let _ = self.shutdown.send(true);
        let all = futures_util::future::join_all(self.workers);
        if tokio::time::timeout(grace, all).await.is_err() {
            tracing::warn!("judging did not finish within the grace period");
        }
        self.state.queue.release_in_flight().await;
    }
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
/// requests finish, judging finishes within `grace` or goes back to the queue.
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
            settings::HiringConfig { listen_url: Some(format!("http://{local}")), ..(*service.state.hiring).clone() };
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
