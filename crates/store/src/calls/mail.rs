//! The outbox's calls and the mail-causing account calls, written once for every engine. A
//! claim runs in the engine's claiming transaction (its row locks are the concurrency control,
//! so delivery tasks on several nodes pass over each other's messages).

use crate::accounts::{self, User};
use crate::assessments::AssessmentRecord;
use crate::clock::Millis;
use crate::engine::Engine;
use crate::error::Result;
use crate::invitations::{self, InvitationRecord};
use crate::outbox::{self, Channel, ClaimedMessage, MailTemplate, NewMessage, OutboxRecord, Retry};
use crate::store::MailStore;
use std::time::Duration;

/// Claims due messages of one channel.
pub(super) fn claim_channel<E: Engine>(
    engine: &E,
    lease: Duration,
    limit: u32,
    channel: Channel,
) -> Result<Vec<ClaimedMessage>> {
    // An idle poll looks in a read transaction first: it takes no writer and locks nothing.
    if !engine.read(|c, now| outbox::claimable(c, now, channel))? {
        return Ok(Vec::new());
    }
    let token = outbox::random_hex();
    let lease = Millis::try_from(lease.as_millis()).unwrap_or(Millis::MAX);
    engine.claim_write(|tx, now| outbox::claim(tx, now, &token, now.saturating_add(lease), limit, channel))
}

impl<E: Engine> MailStore for E {
    fn enqueue(&self, message: &NewMessage) -> Result<String> {
        self.write(|tx, now| outbox::enqueue(tx, now, message))
    }

    fn claim_messages(&self, lease: Duration, limit: u32) -> Result<Vec<ClaimedMessage>> {
        claim_channel(self, lease, limit, Channel::Mail)
    }

    fn mark_sent(&self, id: &str, token: &str) -> Result<bool> {
        self.write(|tx, now| outbox::mark_sent(tx, now, id, token))
    }

    fn mark_failed(&self, id: &str, token: &str, error: &str) -> Result<Retry> {
        self.write(|tx, now| outbox::mark_failed(tx, now, id, token, error))
    }

    fn recent_messages(&self, limit: u32) -> Result<Vec<OutboxRecord>> {
        self.read(|c, _| outbox::recent(c, limit))
    }

    fn start_password_reset(
        &self,
        email: &str,
        token_hash: &str,
        expires_at: Millis,
        message: &(dyn Fn(&User) -> NewMessage + Sync),
    ) -> Result<Option<User>> {
        self.write(|tx, now| accounts::start_password_reset(tx, now, email, token_hash, expires_at, message))
    }

    fn reset_user(&self, token_hash: &str) -> Result<Option<User>> {
        self.read(|c, now| accounts::reset_user(c, now, token_hash))
    }

    fn complete_password_reset(&self, token_hash: &str, password_hash: &str) -> Result<Option<User>> {
        self.write(|tx, now| accounts::complete_password_reset(tx, now, token_hash, password_hash))
    }

    fn queue_reminders(
        &self,
        lead_ms: Millis,
        limit: u32,
        message: &(dyn Fn(&InvitationRecord, &AssessmentRecord) -> NewMessage + Sync),
    ) -> Result<u32> {
        self.write(|tx, now| invitations::queue_reminders(tx, now, lead_ms, limit, message))
    }

    fn mail_template(&self, team: &str, kind: &str) -> Result<Option<MailTemplate>> {
        self.read(|c, _| outbox::mail_template(c, team, kind))
    }

    fn put_mail_template(&self, team: &str, kind: &str, template: Option<(&str, &str, Option<&str>)>) -> Result<()> {
        self.write(|tx, now| outbox::put_mail_template(tx, now, team, kind, template))
    }
}
