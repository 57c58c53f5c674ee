//! The audit logs: each assessment's (who did what, when, to which invitation) and each team's
//! own (members, roles, API tokens). Entries are only ever appended, in the same transaction as
//! the change they describe.

use crate::clock::Millis;
use crate::error::{corrupt, Result};
use crate::owner::Owner;
use crate::sql::{args, Db};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// Its place in the log: later entries have larger ids (a cursor for older pages).
    pub id: i64,
    pub at: Millis,
    pub actor: String,
    pub action: String,
    pub invitation: Option<String>,
    pub detail: Value,
}

/// Appends one entry.
pub(crate) fn audit_in(
    db: &dyn Db,
    at: Millis,
    assessment: &str,
    actor: &str,
    action: &str,
    invitation: Option<&str>,
    detail: &Value,
) -> Result<()> {
    db.execute(
        "INSERT INTO audit (assessment, at, actor, action, invitation, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![assessment, at, actor, action, invitation, detail.to_string()],
    )?;
    Ok(())
}

/// Notes that an attempt's submission was graded (in the transaction that finishes it); a
/// practice submission leaves no entry.
pub(crate) fn audit_grading(db: &dyn Db, at: Millis, submission: &str) -> Result<()> {
    let row =
        db.query_opt("SELECT candidate, problem, verdict, score FROM submissions WHERE id = ?1", args![submission])?;
    let Some(row) = row else { return Ok(()) };
    let (owner, problem, verdict, score): (Owner, String, Option<String>, Option<f64>) =
        (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
    let Some(invitation) = owner.attempt() else { return Ok(()) };
    let assessment = db.query_opt("SELECT assessment FROM invitations WHERE id = ?1", args![invitation])?;
    if let Some(assessment) = assessment {
        let assessment: String = assessment.get(0)?;
        let detail =
            serde_json::json!({"submission": submission, "problem": problem, "verdict": verdict, "score": score});
        audit_in(db, at, &assessment, "judge", "graded", Some(invitation), &detail)?;
    }
    Ok(())
}

/// The most entries one page of an assessment's log holds.
pub const MAX_AUDIT_PAGE: u32 = 1000;

/// A page of an assessment's log: its newest entries before a cursor, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditPage {
    pub events: Vec<AuditEvent>,
    /// Whether entries older than the first of `events` remain.
    pub older: bool,
}

/// The assessment's newest `limit` entries (at most [`MAX_AUDIT_PAGE`]) with ids below
/// `before` (all, without it), oldest first: a log grows with every candidate's submission, so
/// it is read a page at a time.
pub(crate) fn audit(db: &dyn Db, assessment: &str, before: Option<i64>, limit: u32) -> Result<AuditPage> {
    let limit = limit.clamp(1, MAX_AUDIT_PAGE);
    let mut events = db.query_map(
        "SELECT id, at, actor, action, invitation, detail FROM audit WHERE assessment = ?1 AND id < ?2 \
         ORDER BY id DESC LIMIT ?3",
        args![assessment, before.unwrap_or(i64::MAX), limit + 1],
        |r| {
            let detail: String = r.get(5)?;
            let detail = serde_json::from_str(&detail).map_err(|e| corrupt("audit detail", e))?;
            Ok(AuditEvent {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                invitation: r.get(4)?,
                detail,
            })
        },
    )?;
    let older = events.len() > limit as usize;
    events.truncate(limit as usize);
    events.reverse();
    Ok(AuditPage { events, older })
}

/// One entry of a team's own log: members, roles and API tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamAuditEvent {
    pub at: Millis,
    pub actor: String,
    pub action: String,
    pub detail: Value,
}

/// Appends one entry to the team's log.
pub(crate) fn team_audit_in(
    db: &dyn Db,
    at: Millis,
    team: &str,
    actor: &str,
    action: &str,
    detail: &Value,
) -> Result<()> {
    db.execute(
        "INSERT INTO team_audit (team, at, actor, action, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![team, at, actor, action, detail.to_string()],
    )?;
    Ok(())
}

/// The team's newest `limit` entries, oldest first.
pub(crate) fn team_audit(db: &dyn Db, team: &str, limit: u32) -> Result<Vec<TeamAuditEvent>> {
    let mut events = db.query_map(
        "SELECT at, actor, action, detail FROM team_audit WHERE team = ?1 ORDER BY id DESC LIMIT ?2",
        args![team, limit],
        |r| {
            let detail: String = r.get(3)?;
            let detail = serde_json::from_str(&detail).map_err(|e| corrupt("team audit detail", e))?;
            Ok(TeamAuditEvent { at: r.get(0)?, actor: r.get(1)?, action: r.get(2)?, detail })
        },
    )?;
    events.reverse();
    Ok(events)
}
