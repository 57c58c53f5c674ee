//! The outbox: anything the service delivers later, away from the request that caused it (mail
//! and webhook deliveries). A message is stored in the transaction of the change that caused it,
//! so a change is never kept without its message nor a message without its change. A
//! delivery task on any node claims due messages under a lease (PostgreSQL: `FOR UPDATE SKIP
//! LOCKED`, so nodes sharing a database pass over each other's claims), delivers, and marks
//! each `sent`, or schedules a retry with exponential back-off until [`MAX_ATTEMPTS`], when it
//! is marked `failed` with the last error. A message's `secret` (a candidate's link, a reset
//! link) is cleared as soon as the message leaves `pending`. Every function here runs inside
//! the caller's transaction.

use crate::clock::Millis;
use crate::error::{Result, StoreError};
use crate::sql::{args, Db, Row};
use serde_json::Value;

/// The most messages one team may have waiting: past it, a change that would add one is
/// refused (nothing is half-written), so a team cannot grow the outbox without bound.
pub const MAX_PENDING_PER_TEAM: i64 = 1000;
/// How many times a message is tried before it is marked failed.
pub const MAX_ATTEMPTS: u32 = 8;
/// The wait before the first retry; each later one doubles it, up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: Millis = 30_000;
pub const MAX_BACKOFF_MS: Millis = 60 * 60 * 1000;
/// How long a message that ended (sent or failed) is kept for the team to read, from when it
/// was stored; then the next messages stored delete it. A reset mail anyone may ask for (one
/// per member every few minutes) would otherwise pile up forever.
pub const KEEP_ENDED_MS: Millis = 30 * 24 * 60 * 60 * 1000;
/// How many long-ended messages each stored message deletes at most: more than one, so a
/// backlog shrinks, and few, so storing stays one short write.
const PRUNE_BATCH: u32 = 4;
/// The most characters of a delivery error kept with a message.
pub const MAX_ERROR_CHARS: usize = 500;

/// A message to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    /// What it is (`invitation`, `reminder`, `completion`, `password_reset`, `team_invitation`, `webhook`).
    pub kind: String,
    /// The team it is for and counted against; None for a message no team caused.
    pub team: Option<String>,
    /// Where it goes: an email address (or, for a webhook, a URL).
    pub recipient: String,
    /// The named values its template is filled with.
    pub payload: Value,
    /// A value that must not outlive delivery: cleared once the message is sent or failed.
    pub secret: Option<String>,
}

/// A message claimed for delivery, with the lease's token its outcome must name.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedMessage {
    pub id: String,
    pub kind: String,
    pub team: Option<String>,
    pub recipient: String,
    pub payload: Value,
    pub secret: Option<String>,
    /// Tries so far, this one included.
    pub attempts: u32,
    pub token: String,
}

/// A message as stored, for reading back (no secret).
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRecord {
    pub id: String,
    pub kind: String,
    pub team: Option<String>,
    pub recipient: String,
    pub payload: Value,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    pub attempts: u32,
    pub next_attempt_at: Millis,
    pub last_error: Option<String>,
    pub created_at: Millis,
    pub sent_at: Option<Millis>,
    pub has_secret: bool,
}

/// What became of a delivery that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// It will be tried again at this time.
    At(Millis),
    /// It was tried [`MAX_ATTEMPTS`] times: it is marked failed.
    GaveUp,
    /// The lease was lost (another node claimed it after this one's ran out): nothing changed.
    LeaseLost,
}

/// The wait before the try after `attempts` failed tries.
pub fn backoff(attempts: u32) -> Millis {
    let doublings = attempts.saturating_sub(1).min(20);
    FIRST_BACKOFF_MS.saturating_mul(1 << doublings).min(MAX_BACKOFF_MS)
}

/// 128 random bits in hex: a message's id or a claim's token.
pub(crate) fn random_hex() -> String {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random number source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores a message, due at once; a Conflict `outbox_full` when its team has
/// [`MAX_PENDING_PER_TEAM`] waiting already.
pub(crate) fn enqueue(db: &dyn Db, now: Millis, message: &NewMessage) -> Result<String> {
    // Each message stored deletes a few that ended long ago: the outbox holds what came in
    // the last KEEP_ENDED_MS and what is still being tried, however many messages arrive.
    // A webhook delivery's tries go with it: both deletions pick the same rows by one order.
    let old = "SELECT id FROM outbox WHERE status <> 'pending' AND created_at < ?1 ORDER BY created_at, id LIMIT ?2";
    db.execute(
        &format!("DELETE FROM webhook_tries WHERE delivery IN ({old})"),
        args![now - KEEP_ENDED_MS, PRUNE_BATCH],
    )?;
    db.execute(&format!("DELETE FROM outbox WHERE id IN ({old})"), args![now - KEEP_ENDED_MS, PRUNE_BATCH])?;
    if let Some(team) = &message.team {
        let pending: i64 =
            db.query_one("SELECT COUNT(*) FROM outbox WHERE team = ?1 AND status = 'pending'", args![team])?.get(0)?;
        if pending >= MAX_PENDING_PER_TEAM {
            return Err(StoreError::Conflict {
                code: "outbox_full",
                message: format!(
                    "this team has {pending} messages waiting to be delivered, the most it may have: try again once \
                     they are out"
                ),
            });
        }
    }
    let id = random_hex();
    db.execute(
        "INSERT INTO outbox (id, kind, team, recipient, payload, secret, next_attempt_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        args![
            &id,
            &message.kind,
            message.team.as_deref(),
            &message.recipient,
            message.payload.to_string(),
            message.secret.as_deref(),
            now
        ],
    )?;
    Ok(id)
}

/// Who delivers a message: mail goes out only from nodes with SMTP, webhooks from every node,
/// so each claims its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channel {
    Mail,
    Webhooks,
}

impl Channel {
    fn filter(self) -> &'static str {
        match self {
            Channel::Mail => "kind <> 'webhook'",
            Channel::Webhooks => "kind = 'webhook'",
        }
    }
}

/// What a claim may take: pending, due, of its channel, and not under a lease that still holds.
fn claimable_sql(channel: Channel) -> String {
    format!(
        "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?1 AND {}
         AND (lease_until IS NULL OR lease_until < ?1)",
        channel.filter()
    )
}

/// Whether a claim at `now` would find anything.
pub(crate) fn claimable(db: &dyn Db, now: Millis, channel: Channel) -> Result<bool> {
    Ok(db.query_opt(&format!("{} LIMIT 1", claimable_sql(channel)), args![now])?.is_some())
}

/// Claims up to `limit` due messages, oldest due first, under `token` until `lease_until`;
/// each claim counts as a try.
pub(crate) fn claim(
    db: &dyn Db,
    now: Millis,
    token: &str,
    lease_until: Millis,
    limit: u32,
    channel: Channel,
) -> Result<Vec<ClaimedMessage>> {
    let sql = format!("{} ORDER BY next_attempt_at, id LIMIT ?2{}", claimable_sql(channel), db.skip_locked());
    let ids: Vec<String> = db.query_map(&sql, args![now, limit], |r| r.get(0))?;
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        let row = db.query_one(
            "UPDATE outbox SET lease_token = ?2, lease_until = ?3, attempts = attempts + 1 WHERE id = ?1
             RETURNING id, kind, team, recipient, payload, secret, attempts",
            args![&id, token, lease_until],
        )?;
        claimed.push(ClaimedMessage {
            id: row.get(0)?,
            kind: row.get(1)?,
            team: row.get(2)?,
            recipient: row.get(3)?,
            payload: json(&row, 4)?,
            secret: row.get(5)?,
            attempts: row.get(6)?,
            token: token.to_owned(),
        });
    }
    Ok(claimed)
}

fn json(row: &Row, index: usize) -> Result<Value> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|e| crate::error::corrupt("outbox payload", e))
}

/// Marks a claimed message sent (its secret goes); false when the lease no longer holds.
pub(crate) fn mark_sent(db: &dyn Db, now: Millis, id: &str, token: &str) -> Result<bool> {
    Ok(db.execute(
        "UPDATE outbox SET status = 'sent', sent_at = ?3, secret = NULL, lease_token = NULL, lease_until = NULL,
             last_error = NULL WHERE id = ?1 AND lease_token = ?2 AND status = 'pending'",
        args![id, token, now],
    )? > 0)
}

/// Records a failed try of a claimed message: a retry after [`backoff`], or, at
/// [`MAX_ATTEMPTS`], failed for good (its secret goes).
pub(crate) fn mark_failed(db: &dyn Db, now: Millis, id: &str, token: &str, error: &str) -> Result<Retry> {
    let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
    let row = db.query_opt(
        "SELECT attempts FROM outbox WHERE id = ?1 AND lease_token = ?2 AND status = 'pending'",
        args![id, token],
    )?;
    let Some(row) = row else { return Ok(Retry::LeaseLost) };
    let attempts: u32 = row.get(0)?;
    if attempts >= MAX_ATTEMPTS {
        db.execute(
            "UPDATE outbox SET status = 'failed', secret = NULL, lease_token = NULL, lease_until = NULL,
                 last_error = ?2 WHERE id = ?1",
            args![id, &error],
        )?;
        return Ok(Retry::GaveUp);
    }
    let at = now.saturating_add(backoff(attempts));
    db.execute(
        "UPDATE outbox SET next_attempt_at = ?2, lease_token = NULL, lease_until = NULL, last_error = ?3 WHERE id = ?1",
        args![id, at, &error],
    )?;
    Ok(Retry::At(at))
}

/// The newest `limit` messages, newest first (for operators and tests; no secret).
pub(crate) fn recent(db: &dyn Db, limit: u32) -> Result<Vec<OutboxRecord>> {
    db.query_map(
        "SELECT id, kind, team, recipient, payload, status, attempts, next_attempt_at, last_error, created_at,
             sent_at, secret IS NOT NULL FROM outbox ORDER BY created_at DESC, id LIMIT ?1",
        args![limit],
        |r| {
            Ok(OutboxRecord {
                id: r.get(0)?,
                kind: r.get(1)?,
                team: r.get(2)?,
                recipient: r.get(3)?,
                payload: json(r, 4)?,
                status: r.get(5)?,
                attempts: r.get(6)?,
                next_attempt_at: r.get(7)?,
                last_error: r.get(8)?,
                created_at: r.get(9)?,
                sent_at: r.get(10)?,
                has_secret: r.get(11)?,
            })
        },
    )
}

/// A team's own wording of one kind of message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailTemplate {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub updated_at: Millis,
}

pub(crate) fn mail_template(db: &dyn Db, team: &str, kind: &str) -> Result<Option<MailTemplate>> {
    db.query_opt(
        "SELECT subject, text, html, updated_at FROM mail_templates WHERE team = ?1 AND kind = ?2",
        args![team, kind],
    )?
    .map(|r| Ok(MailTemplate { subject: r.get(0)?, text: r.get(1)?, html: r.get(2)?, updated_at: r.get(3)? }))
    .transpose()
}

/// Sets a team's template of a kind, or with None goes back to the default.
pub(crate) fn put_mail_template(
    db: &dyn Db,
    now: Millis,
    team: &str,
    kind: &str,
    template: Option<(&str, &str, Option<&str>)>,
) -> Result<()> {
    match template {
        None => {
            db.execute("DELETE FROM mail_templates WHERE team = ?1 AND kind = ?2", args![team, kind])?;
        }
        Some((subject, text, html)) => {
            db.execute(
                "INSERT INTO mail_templates (team, kind, subject, text, html, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (team, kind) DO UPDATE SET subject = excluded.subject, text = excluded.text,
                     html = excluded.html, updated_at = excluded.updated_at",
                args![team, kind, subject, text, html, now],
            )?;
        }
    }
    Ok(())
}
