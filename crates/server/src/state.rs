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
