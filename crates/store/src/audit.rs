//! The audit log of each assessment: who did what, when, to which invitation. Entries are only
//! ever appended, in the same transaction as the change they describe.

use crate::clock::Millis;
use crate::error::{corrupt, Result};
use crate::owner::Owner;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub at: Millis,
    pub actor: String,
    pub action: String,
    pub invitation: Option<String>,
    pub detail: Value,
}

/// Appends one entry.
pub(crate) fn audit_in(
    connection: &Connection,
    at: Millis,
    assessment: &str,
    actor: &str,
    action: &str,
    invitation: Option<&str>,
    detail: &Value,
) -> Result<()> {
    connection.execute(
        "INSERT INTO audit (assessment, at, actor, action, invitation, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![assessment, at, actor, action, invitation, detail.to_string()],
    )?;
    Ok(())
}

/// Notes that an attempt's submission was graded (in the transaction that finishes it); a
/// practice submission leaves no entry.
pub(crate) fn audit_grading(connection: &Connection, at: Millis, submission: &str) -> Result<()> {
    let row: Option<(Owner, String, Option<String>, Option<f64>)> = connection
        .query_row("SELECT candidate, problem, verdict, score FROM submissions WHERE id = ?1", [submission], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((owner, problem, verdict, score)) = row else { return Ok(()) };
    let Some(invitation) = owner.attempt() else { return Ok(()) };
    let assessment: Option<String> = connection
        .query_row("SELECT assessment FROM invitations WHERE id = ?1", [invitation], |r| r.get(0))
        .optional()?;
    if let Some(assessment) = assessment {
        let detail =
            serde_json::json!({"submission": submission, "problem": problem, "verdict": verdict, "score": score});
        audit_in(connection, at, &assessment, "judge", "graded", Some(invitation), &detail)?;
    }
    Ok(())
}

/// The assessment's audit log, oldest first.
pub(crate) fn audit(connection: &Connection, assessment: &str) -> Result<Vec<AuditEvent>> {
    let mut statement = connection
        .prepare("SELECT at, actor, action, invitation, detail FROM audit WHERE assessment = ?1 ORDER BY id")?;
    let rows = statement.query_map([assessment], |r| {
        Ok((r.get::<_, Millis>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?))
    })?;
    rows.map(|row| {
        let (at, actor, action, invitation, detail) = row?;
        let detail = serde_json::from_str(&detail).map_err(|e| corrupt("audit detail", e))?;
        Ok(AuditEvent { at, actor, action, invitation, detail })
    })
    .collect()
}
