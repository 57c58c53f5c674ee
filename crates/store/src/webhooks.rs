//! Webhooks: a team's endpoints, the events stored for them, and each try of a delivery. An
//! event is stored in the transaction of the change it tells of (an invitation made, an attempt
//! started, finished, graded): one outbox message of kind [`WEBHOOK_KIND`] per endpoint of the
//! team that is on and wants that event, so the outbox's claims, leases, back-off and cap carry
//! deliveries as they carry mail. Each try's answer is kept beside its message (at most
//! [`MAX_TRIES_KEPT`]) and goes when the outbox deletes the message. An endpoint's signing
//! secret is kept (every delivery is signed with it) but never read back by a listing. This
//! module never speaks HTTP and never checks a URL beyond its length: the server does both.

use crate::assessments::{self, AssessmentRecord};
use crate::audit::team_audit_in;
use crate::clock::{rfc3339, Millis};
use crate::error::{corrupt, Result, StoreError};
use crate::outbox::{enqueue, random_hex, NewMessage, MAX_ATTEMPTS};
use crate::owner::Owner;
use crate::sql::{args, Db, Row};
use crate::submissions::{best_submissions, points_scored};
use serde_json::{json, Value};

/// The outbox kind of a webhook delivery.
pub const WEBHOOK_KIND: &str = "webhook";
/// The most endpoints a team may have.
pub const MAX_WEBHOOK_ENDPOINTS: i64 = 10;
/// The tries of one delivery that are kept: every try the outbox makes, and a few more for
/// the tries a lost lease repeats.
pub const MAX_TRIES_KEPT: i64 = MAX_ATTEMPTS as i64 + 2;
/// The most characters of an answer's body kept with a try.
pub const MAX_ANSWER_CHARS: usize = 1024;

/// The events an endpoint may ask for, by name.
pub const EVENTS: [&str; 4] = ["invitation.created", "attempt.started", "attempt.finished", "attempt.graded"];

/// An endpoint as listed (no secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEndpoint {
    pub id: String,
    pub team: String,
    pub url: String,
    pub events: Vec<String>,
    pub enabled: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// Where a delivery goes and what signs it, read when it is tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookTarget {
    pub url: String,
    pub secret: String,
    pub enabled: bool,
}

/// One try of a delivery and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookTry {
    pub at: Millis,
    /// The HTTP status of the answer; None when there was none (refused, timed out).
    pub status: Option<u16>,
    /// Why it failed without an answer, or what was wrong with the answer.
    pub error: Option<String>,
    /// The head of the answer's body (at most [`MAX_ANSWER_CHARS`]).
    pub body: String,
    pub duration_ms: Millis,
}

/// A delivery (one event to one endpoint) with its tries, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookDelivery {
    pub id: String,
    pub endpoint: String,
    /// The event as stored (`id`, `type`, `created_at`, `data`).
    pub event: Value,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    pub attempts: u32,
    pub next_attempt_at: Millis,
    pub created_at: Millis,
    pub sent_at: Option<Millis>,
    pub tries: Vec<WebhookTry>,
}

const ENDPOINT_COLUMNS: &str = "id, team, url, events, enabled, created_at, updated_at";

fn endpoint_of(row: &Row) -> Result<WebhookEndpoint> {
    let events: String = row.get(3)?;
    Ok(WebhookEndpoint {
        id: row.get(0)?,
        team: row.get(1)?,
        url: row.get(2)?,
        events: serde_json::from_str(&events).map_err(|e| corrupt("webhook events", e))?,
        enabled: row.get(4)?,
        created_at: row.get(5)?,
        updated_at: row.get(6)?,
    })
}

fn events_json(events: &[String]) -> Result<String> {
    serde_json::to_string(events).map_err(|e| corrupt("webhook events", e))
}

/// Adds an endpoint; a Conflict `too_many_endpoints` past [`MAX_WEBHOOK_ENDPOINTS`].
pub(crate) fn create_endpoint(
    db: &dyn Db,
    now: Millis,
    new: &WebhookEndpoint,
    secret: &str,
    actor: &str,
) -> Result<WebhookEndpoint> {
    let count: i64 =
        db.query_one("SELECT COUNT(*) FROM webhook_endpoints WHERE team = ?1", args![&new.team])?.get(0)?;
    if count >= MAX_WEBHOOK_ENDPOINTS {
        return Err(StoreError::Conflict {
            code: "too_many_endpoints",
            message: format!("a team may have at most {MAX_WEBHOOK_ENDPOINTS} webhook endpoints: delete one first"),
        });
    }
    db.execute(
        "INSERT INTO webhook_endpoints (id, team, url, events, enabled, secret, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, (?5 = 1), ?6, ?7, ?7)",
        args![&new.id, &new.team, &new.url, events_json(&new.events)?, i64::from(new.enabled), secret, now],
    )?;
    team_audit_in(db, now, &new.team, actor, "webhook_created", &json!({"endpoint": new.id, "url": new.url}))?;
    read_endpoint(db, &new.team, &new.id)?.ok_or(StoreError::Missing("webhook endpoint"))
}

pub(crate) fn read_endpoint(db: &dyn Db, team: &str, id: &str) -> Result<Option<WebhookEndpoint>> {
    db.query_opt(
        &format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ?1 AND team = ?2"),
        args![id, team],
    )?
    .map(|r| endpoint_of(&r))
    .transpose()
}

/// The team's endpoints, oldest first.
pub(crate) fn endpoints(db: &dyn Db, team: &str) -> Result<Vec<WebhookEndpoint>> {
    db.query_map(
        &format!("SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE team = ?1 ORDER BY created_at, id"),
        args![team],
        endpoint_of,
    )
}

/// Replaces an endpoint's URL, events and switch (and, with `secret`, its secret); None when
/// the team has no such endpoint.
pub(crate) fn update_endpoint(
    db: &dyn Db,
    now: Millis,
    changed: &WebhookEndpoint,
    secret: Option<&str>,
    actor: &str,
) -> Result<Option<WebhookEndpoint>> {
    let updated = db.execute(
        "UPDATE webhook_endpoints SET url = ?3, events = ?4, enabled = (?5 = 1), secret = COALESCE(?6, secret),
             updated_at = ?7 WHERE id = ?1 AND team = ?2",
        args![
            &changed.id,
            &changed.team,
            &changed.url,
            events_json(&changed.events)?,
            i64::from(changed.enabled),
            secret,
            now
        ],
    )?;
    if updated == 0 {
        return Ok(None);
    }
    let action = if secret.is_some() { "webhook_secret_rotated" } else { "webhook_changed" };
    let detail = json!({"endpoint": changed.id, "url": changed.url, "enabled": changed.enabled});
    team_audit_in(db, now, &changed.team, actor, action, &detail)?;
    read_endpoint(db, &changed.team, &changed.id)
}

/// Deletes an endpoint; its deliveries still waiting end failed when they are tried.
pub(crate) fn delete_endpoint(db: &dyn Db, now: Millis, team: &str, id: &str, actor: &str) -> Result<bool> {
    let deleted = db.execute("DELETE FROM webhook_endpoints WHERE id = ?1 AND team = ?2", args![id, team])? > 0;
    if deleted {
        team_audit_in(db, now, team, actor, "webhook_deleted", &json!({"endpoint": id}))?;
    }
    Ok(deleted)
}

/// Where a delivery to an endpoint goes; None once the endpoint was deleted.
pub(crate) fn target(db: &dyn Db, endpoint: &str) -> Result<Option<WebhookTarget>> {
    db.query_opt("SELECT url, secret, enabled FROM webhook_endpoints WHERE id = ?1", args![endpoint])?
        .map(|r| Ok(WebhookTarget { url: r.get(0)?, secret: r.get(1)?, enabled: r.get(2)? }))
        .transpose()
}

/// Keeps one try of a delivery (past [`MAX_TRIES_KEPT`] the try is not kept: the message's
/// own attempt count and last error still tell it).
pub(crate) fn record_try(db: &dyn Db, delivery: &str, attempt: &WebhookTry) -> Result<()> {
    let row =
        db.query_one("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM webhook_tries WHERE delivery = ?1", args![delivery])?;
    let (count, last): (i64, i64) = (row.get(0)?, row.get(1)?);
    if count >= MAX_TRIES_KEPT {
        return Ok(());
    }
    let body: String = attempt.body.chars().take(MAX_ANSWER_CHARS).collect();
    let error: Option<String> =
        attempt.error.as_ref().map(|e| e.chars().take(crate::outbox::MAX_ERROR_CHARS).collect());
    db.execute(
        "INSERT INTO webhook_tries (delivery, seq, at, status, error, body, duration_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        args![delivery, last + 1, attempt.at, attempt.status.map(u32::from), error, body, attempt.duration_ms],
    )?;
    Ok(())
}

/// The team's newest `limit` deliveries, newest first, with their tries.
pub(crate) fn deliveries(db: &dyn Db, team: &str, limit: u32) -> Result<Vec<WebhookDelivery>> {
    let mut found = db.query_map(
        "SELECT id, recipient, payload, status, attempts, next_attempt_at, created_at, sent_at FROM outbox
         WHERE team = ?1 AND kind = 'webhook' ORDER BY created_at DESC, id LIMIT ?2",
        args![team, limit],
        |r| {
            let payload: String = r.get(2)?;
            Ok(WebhookDelivery {
                id: r.get(0)?,
                endpoint: r.get(1)?,
                event: serde_json::from_str(&payload).map_err(|e| corrupt("webhook event", e))?,
                status: r.get(3)?,
                attempts: r.get(4)?,
                next_attempt_at: r.get(5)?,
                created_at: r.get(6)?,
                sent_at: r.get(7)?,
                tries: Vec::new(),
            })
        },
    )?;
    for delivery in &mut found {
        delivery.tries = db.query_map(
            "SELECT at, status, error, body, duration_ms FROM webhook_tries WHERE delivery = ?1 ORDER BY seq",
            args![&delivery.id],
            |r| {
                let status: Option<u32> = r.get(1)?;
                Ok(WebhookTry {
                    at: r.get(0)?,
                    status: status.and_then(|s| u16::try_from(s).ok()),
                    error: r.get(2)?,
                    body: r.get(3)?,
                    duration_ms: r.get(4)?,
                })
            },
        )?;
    }
    Ok(found)
}

/// Stores the same event again for the same endpoint, as a new delivery tried at once (a
/// receiver tells a repeat by the event's id). None when the team has no such delivery.
pub(crate) fn redeliver(db: &dyn Db, now: Millis, team: &str, delivery: &str) -> Result<Option<String>> {
    let row = db.query_opt(
        "SELECT recipient, payload FROM outbox WHERE id = ?1 AND team = ?2 AND kind = 'webhook'",
        args![delivery, team],
    )?;
    let Some(row) = row else { return Ok(None) };
    let payload: String = row.get(1)?;
    let message = NewMessage {
        kind: WEBHOOK_KIND.into(),
        team: Some(team.to_owned()),
        recipient: row.get(0)?,
        payload: serde_json::from_str(&payload).map_err(|e| corrupt("webhook event", e))?,
        secret: None,
    };
    enqueue(db, now, &message).map(Some)
}

/// The data every attempt and invitation event carries.
fn invitation_data(db: &dyn Db, invitation: &str) -> Result<Option<(AssessmentRecord, Value)>> {
    let row = db.query_opt(
        "SELECT i.id, i.name, i.email, i.assessment, i.started_at, i.finished_at, i.finish_reason, t.id, t.name
         FROM invitations i JOIN assessments a ON a.id = i.assessment JOIN teams t ON t.id = a.team WHERE i.id = ?1",
        args![invitation],
    )?;
    let Some(row) = row else { return Ok(None) };
    let assessment = assessments::assessment_by_id(db, &row.get::<String>(3)?)?;
    let (started, finished): (Option<Millis>, Option<Millis>) = (row.get(4)?, row.get(5)?);
    let data = json!({
        "team": {"id": row.get::<String>(7)?, "name": row.get::<String>(8)?},
        "assessment": {"id": assessment.id, "title": assessment.spec.title},
        "invitation": {
            "id": row.get::<String>(0)?,
            "name": row.get::<String>(1)?,
            "email": row.get::<String>(2)?,
            "started_at": started.map(rfc3339),
            "finished_at": finished.map(rfc3339),
            "finish_reason": row.get::<Option<String>>(6)?,
        },
    });
    Ok(Some((assessment, data)))
}

/// Stores `event` about an invitation for every endpoint of its team that is on and wants it,
/// in the caller's transaction. A team whose outbox is full loses the event rather than
/// refusing the change (a candidate's start must never wait on a team's receiver).
pub(crate) fn emit(db: &dyn Db, now: Millis, event: &str, invitation: &str, extra: Option<Value>) -> Result<()> {
    let Some((assessment, mut data)) = invitation_data(db, invitation)? else { return Ok(()) };
    let wanted: Vec<String> = endpoints(db, &assessment.team)?
        .into_iter()
        .filter(|e| e.enabled && e.events.iter().any(|x| x == event))
        .map(|e| e.id)
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    if let (Some(Value::Object(extra)), Value::Object(map)) = (extra, &mut data) {
        map.extend(extra);
    }
    let payload =
        json!({"id": format!("evt_{}", random_hex()), "type": event, "created_at": rfc3339(now), "data": data});
    for endpoint in wanted {
        let message = NewMessage {
            kind: WEBHOOK_KIND.into(),
            team: Some(assessment.team.clone()),
            recipient: endpoint,
            payload: payload.clone(),
            secret: None,
        };
        match enqueue(db, now, &message) {
            Ok(_) | Err(StoreError::Conflict { code: "outbox_full", .. }) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(())
}

/// Once an attempt has finished and none of its submissions waits to be judged, notes it
/// graded (once) and stores `attempt.graded` with the score.
pub(crate) fn after_grading(db: &dyn Db, now: Millis, invitation: &str) -> Result<()> {
    let row = db.query_opt(
        "SELECT assessment FROM invitations WHERE id = ?1 AND finished_at IS NOT NULL AND graded_at IS NULL",
        args![invitation],
    )?;
    let Some(row) = row else { return Ok(()) };
    let assessment: String = row.get(0)?;
    let owner = Owner::Attempt(invitation.to_owned());
    let waiting = db.query_opt(
        "SELECT 1 FROM submissions WHERE candidate = ?1 AND state IN ('queued', 'running') LIMIT 1",
        args![&owner],
    )?;
    if waiting.is_some() {
        return Ok(());
    }
    db.execute("UPDATE invitations SET graded_at = ?2 WHERE id = ?1", args![invitation, now])?;
    let best = best_submissions(db, &owner)?;
    let problems = assessments::problems(db, &assessment)?;
    let score: f64 = problems.iter().map(|p| points_scored(p.points, p.counted(&best))).sum();
    let max: u32 = problems.iter().map(|p| p.points).sum();
    emit(db, now, "attempt.graded", invitation, Some(json!({"score": {"points": score, "max_points": max}})))
}
