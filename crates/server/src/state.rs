//! What every handler shares: the catalogue, the store, the judging queue, the clock and the
//! hiring side's settings.

use crate::logins::LoginLimiter;
use crate::problems::ProblemIndex;
use crate::queue::JudgeQueue;
use crate::settings::HiringConfig;
use std::sync::Arc;
use verdict_store::{Clock, Store};

#[derive(Clone)]
pub struct AppState {
    pub problems: Arc<ProblemIndex>,
    pub store: Arc<dyn Store>,
    pub queue: JudgeQueue,
    /// The one clock every deadline, window and session is measured with.
    pub clock: Arc<dyn Clock>,
    pub hiring: Arc<HiringConfig>,
    pub logins: Arc<LoginLimiter>,
    /// Mail, when the service was started with SMTP; None sends nothing and stores nothing for
    /// mail.
    pub mail: Option<Arc<MailService>>,
    /// This node's checks of teams' uploaded problems.
    pub checks: Arc<Checks>,
    /// Webhook delivery (on on every node: a team without endpoints stores nothing for it).
    pub webhooks: Arc<WebhookService>,
    /// The Judge0 CE compatible API, when the operator turned it on.
    pub judge0: Option<Arc<Judge0Service>>,
    /// Practice's acceptance figures, reused for a short while (`crate::acceptance`).
    pub aids: Arc<crate::acceptance::AcceptanceCache>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("problems", &self.problems.len()).finish_non_exhaustive()
    }
}

/// Mail as the service runs it: the SMTP sender and the reminder's lead time (the delivery
/// task is `crate::mail`).
#[derive(Debug)]
pub struct MailService {
    pub mailer: verdict_mail::Mailer,
    pub reminder_lead: std::time::Duration,
}

/// Checks of teams' uploaded problems that may wait on one node at once (each holds its unpacked
/// folder on disk); past it an upload is refused with 503 and a Retry-After. They run one at a
/// time (`crate::questions`).
pub const MAX_CHECKS_WAITING: usize = 4;

/// This node's checks: admission (waiting or running) and the one that runs.
#[derive(Debug)]
pub struct Checks {
    pub(crate) admitted: Arc<tokio::sync::Semaphore>,
    pub(crate) running: Arc<tokio::sync::Semaphore>,
}

impl Default for Checks {
    fn default() -> Self {
        Self {
            admitted: Arc::new(tokio::sync::Semaphore::new(MAX_CHECKS_WAITING)),
            running: Arc::new(tokio::sync::Semaphore::new(1)),
        }
    }
}

/// How the service delivers webhooks (the delivery task is `crate::webhooks`).
#[derive(Debug, Clone)]
pub struct WebhookService {
    /// Whether deliveries may go to loopback, private and link-local addresses (tests, or an
    /// operator whose receivers are inside their own network).
    pub allow_private: bool,
    /// TLS as deliveries speak it: rustls with ring and the webpki roots.
    pub tls: Arc<rustls::ClientConfig>,
}

impl WebhookService {
    pub fn new(allow_private: bool) -> Self {
        let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map(|b| b.with_root_certificates(roots).with_no_client_auth())
            .expect("ring supports rustls's default protocol versions");
        Self { allow_private, tls: Arc::new(tls) }
    }
}

/// The Judge0 CE compatible API as this node serves it (the handlers are `crate::judge0_api`,
/// the workers `crate::judge0_work`).
#[derive(Debug)]
pub struct Judge0Service {
    pub config: verdict_judge0::Config,
    /// Keys a client must send in `X-Auth-Token`, one of them; empty: none needed.
    pub tokens: Vec<String>,
    /// Hosts a `callback_url` may name; empty: callbacks are off.
    pub callback_hosts: Vec<String>,
    pub executor: Arc<dyn verdict_judge0::Executor>,
    /// Workers on this node (0: another node's run what this one stores).
    pub workers: usize,
    /// Wakes this node's workers when a submission is stored here.
    pub wake: tokio::sync::Notify,
    /// Tokens finished on this node, for requests that `wait`.
    pub done: tokio::sync::broadcast::Sender<String>,
}

impl Judge0Service {
    pub fn new(settings: Judge0Settings, workers: usize) -> Self {
        Self {
            config: settings.config,
            tokens: settings.tokens,
            callback_hosts: settings.callback_hosts,
            executor: settings.executor,
            workers,
            wake: tokio::sync::Notify::new(),
            done: tokio::sync::broadcast::channel(256).0,
        }
    }
}

/// What the operator turned the API on with.
#[derive(Debug, Clone)]
pub struct Judge0Settings {
    pub config: verdict_judge0::Config,
    pub tokens: Vec<String>,
    pub callback_hosts: Vec<String>,
    pub executor: Arc<dyn verdict_judge0::Executor>,
}
