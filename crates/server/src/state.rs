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
    /// Webhook delivery (on on every node: a team without endpoints stores nothing for it).
    pub webhooks: Arc<crate::webhooks::WebhookService>,
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
