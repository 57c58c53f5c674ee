//! The webhook calls, written once for every engine. Claims run like the mail's (the outbox's
//! claiming transaction), on the outbox's webhook channel.

use super::mail::claim_channel;
use crate::engine::Engine;
use crate::error::Result;
use crate::outbox::{self, Channel, ClaimedMessage, Retry};
use crate::store::WebhookStore;
use crate::webhooks::{self, WebhookDelivery, WebhookEndpoint, WebhookTarget, WebhookTry};
use std::time::Duration;

impl<E: Engine> WebhookStore for E {
    fn create_webhook(&self, new: &WebhookEndpoint, secret: &str, actor: &str) -> Result<WebhookEndpoint> {
        self.write(|tx, now| webhooks::create_endpoint(tx, now, new, secret, actor))
    }

    fn webhooks(&self, team: &str) -> Result<Vec<WebhookEndpoint>> {
        self.read(|c, _| webhooks::endpoints(c, team))
    }

    fn webhook(&self, team: &str, id: &str) -> Result<Option<WebhookEndpoint>> {
        self.read(|c, _| webhooks::read_endpoint(c, team, id))
    }

    fn update_webhook(
        &self,
        changed: &WebhookEndpoint,
        secret: Option<&str>,
        actor: &str,
    ) -> Result<Option<WebhookEndpoint>> {
        self.write(|tx, now| webhooks::update_endpoint(tx, now, changed, secret, actor))
    }

    fn delete_webhook(&self, team: &str, id: &str, actor: &str) -> Result<bool> {
        self.write(|tx, now| webhooks::delete_endpoint(tx, now, team, id, actor))
    }

    fn claim_webhooks(&self, lease: Duration, limit: u32) -> Result<Vec<ClaimedMessage>> {
        claim_channel(self, lease, limit, Channel::Webhooks)
    }

    fn webhook_target(&self, endpoint: &str) -> Result<Option<WebhookTarget>> {
        self.read(|c, _| webhooks::target(c, endpoint))
    }

    fn finish_webhook_try(
        &self,
        id: &str,
        token: &str,
        attempt: &WebhookTry,
        delivered: bool,
    ) -> Result<Option<Retry>> {
        self.write(|tx, now| {
            webhooks::record_try(tx, id, attempt)?;
            if delivered {
                let sent = outbox::mark_sent(tx, now, id, token)?;
                return Ok((!sent).then_some(Retry::LeaseLost));
            }
            let error = attempt.error.clone().unwrap_or_else(|| "no answer".into());
            outbox::mark_failed(tx, now, id, token, &error).map(Some)
        })
    }

    fn webhook_deliveries(&self, team: &str, limit: u32) -> Result<Vec<WebhookDelivery>> {
        self.read(|c, _| webhooks::deliveries(c, team, limit))
    }

    fn redeliver_webhook(&self, team: &str, delivery: &str) -> Result<Option<String>> {
        self.write(|tx, now| webhooks::redeliver(tx, now, team, delivery))
    }
}
