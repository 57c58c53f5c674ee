//! Invitations to an assessment: who was invited, by which link (kept as its hash), the extra
//! time they were given, and where their attempt stands. Changes by the team name the
//! assessment, so an invitation is reached only through the assessment that owns it.

use crate::assessments::{assessment_by_id, duration_ms, AssessmentRecord};
use crate::audit::audit_in;
use crate::clock::{rfc3339, Millis};
use crate::error::{Result, StoreError};
use crate::sql::{args, Db, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An invitation to create: the link's token is already hashed.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub id: String,
    pub name: String,
    pub email: String,
    pub link_hash: String,
}

/// An invitation and the state of its attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    pub id: String,
    pub assessment: String,
    pub name: String,
    pub email: String,
    pub extra_ms: Millis,
    pub created_at: Millis,
    pub started_at: Option<Millis>,
    pub deadline: Option<Millis>,
    pub finished_at: Option<Millis>,
    pub finish_reason: Option<String>,
    pub revoked_at: Option<Millis>,
}

/// Where an invitation is, as a team reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum InvitationStatus {
    Invited,
    Started,
    Finished,
    Expired,
    Revoked,
}

impl InvitationStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl InvitationRecord {
    /// The status at `now`. A started attempt past its deadline counts as finished even before
    /// the sweep that grades its last drafts has run.
    pub fn status(&self, now: Millis, closes_at: Millis) -> InvitationStatus {
        if self.finished_at.is_some() || (self.deadline.is_some_and(|d| now >= d) && self.revoked_at.is_none()) {
            InvitationStatus::Finished
        } else if self.revoked_at.is_some() {
            InvitationStatus::Revoked
        } else if self.started_at.is_some() {
            InvitationStatus::Started
        } else if now >= closes_at {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Invited
        }
    }

    /// Time spent so far: from Start to the finish (or now, or the deadline, whichever is first).
    pub fn time_used_ms(&self, now: Millis) -> Option<Millis> {
        let started = self.started_at?;
        let end = self.finished_at.or(self.revoked_at).unwrap_or(now).min(self.deadline.unwrap_or(Millis::MAX));
        Some((end - started).max(0))
    }

    /// Time left to work, 0 once over; None before Start.
    pub fn remaining_ms(&self, now: Millis) -> Option<Millis> {
        let deadline = self.deadline?;
        if self.finished_at.is_some() || self.revoked_at.is_some() {
            return Some(0);
        }
        Some((deadline - now).max(0))
    }
}

const INVITATION_COLUMNS: &str = "id, assessment, name, email, extra_ms, created_at, started_at, deadline, \
     finished_at, finish_reason, revoked_at";

fn invitation_of(row: &Row) -> Result<InvitationRecord> {
    Ok(InvitationRecord {
        id: row.get(0)?,
        assessment: row.get(1)?,
        name: row.get(2)?,
        email: row.get(3)?,
        extra_ms: row.get(4)?,
        created_at: row.get(5)?,
        started_at: row.get(6)?,
        deadline: row.get(7)?,
        finished_at: row.get(8)?,
        finish_reason: row.get(9)?,
        revoked_at: row.get(10)?,
    })
}

/// An invitation by its id alone: for the candidate's side, whose link already named it.
pub(crate) fn read_invitation(db: &dyn Db, id: &str) -> Result<InvitationRecord> {
    let row = db.query_opt(&format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE id = ?1"), args![id])?;
    invitation_of(&row.ok_or(StoreError::Missing("invitation"))?)
}

/// The assessment's invitation, Missing when the id belongs to another assessment.
fn owned_invitation(db: &dyn Db, assessment: &str, id: &str) -> Result<InvitationRecord> {
    let invitation = read_invitation(db, id)?;
    if invitation.assessment != assessment {
        return Err(StoreError::Missing("invitation"));
    }
    Ok(invitation)
}

pub(crate) fn link_revoked() -> StoreError {
    StoreError::Conflict { code: "link_revoked", message: "this link was revoked".into() }
}

/// Creates every invitation and stores `outbox` (their mail), all or none (the caller's
/// transaction).
pub(crate) fn create_invitations(
    db: &dyn Db,
    now: Millis,
    assessment: &str,
    new: &[NewInvitation],
    outbox: &[crate::outbox::NewMessage],
    actor: &str,
) -> Result<Vec<InvitationRecord>> {
    for message in outbox {
        crate::outbox::enqueue(db, now, message)?;
    }
    let mut created = Vec::with_capacity(new.len());
    for invitation in new {
        db.execute(
            "INSERT INTO invitations (id, assessment, name, email, link_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![&invitation.id, assessment, &invitation.name, &invitation.email, &invitation.link_hash, now],
        )?;
        let detail = serde_json::json!({"name": invitation.name, "email": invitation.email});
        audit_in(db, now, assessment, actor, "invited", Some(&invitation.id), &detail)?;
        crate::webhooks::emit(db, now, "invitation.created", &invitation.id, None)?;
        created.push(read_invitation(db, &invitation.id)?);
    }
    Ok(created)
}

/// An assessment's invitations, oldest first.
pub(crate) fn invitations(db: &dyn Db, assessment: &str) -> Result<Vec<InvitationRecord>> {
    db.query_map(
        &format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE assessment = ?1 ORDER BY created_at, rowid"),
        args![assessment],
        invitation_of,
    )
}

pub(crate) fn invitation(db: &dyn Db, assessment: &str, id: &str) -> Result<Option<InvitationRecord>> {
    db.query_opt(
        &format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE id = ?1 AND assessment = ?2"),
        args![id, assessment],
    )?
    .map(|r| invitation_of(&r))
    .transpose()
}

/// The invitation a link's token hash names, with its assessment.
pub(crate) fn invitation_by_link(db: &dyn Db, link_hash: &str) -> Result<Option<(InvitationRecord, AssessmentRecord)>> {
    let invitation = db
        .query_opt(&format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE link_hash = ?1"), args![link_hash])?
        .map(|r| invitation_of(&r))
        .transpose()?;
    let Some(invitation) = invitation else { return Ok(None) };
    let assessment = assessment_by_id(db, &invitation.assessment)?;
    Ok(Some((invitation, assessment)))
}

/// Adds time before or during the attempt (a running deadline moves); a Conflict once finished
/// or revoked, or past the cap.
pub(crate) fn add_extra_time(
    db: &dyn Db,
    now: Millis,
    assessment: &str,
    id: &str,
    extra_ms: Millis,
    actor: &str,
) -> Result<InvitationRecord> {
    let invitation = owned_invitation(db, assessment, id)?;
    if invitation.finished_at.is_some() {
        return Err(StoreError::Conflict {
            code: "attempt_finished",
            message: "this attempt has finished and been graded: extra time cannot reopen it".into(),
        });
    }
    if invitation.revoked_at.is_some() {
        return Err(link_revoked());
    }
    // At most double time: enough for any accommodation, and an attempt cannot be kept open
    // without end by adding a little again and again. Read in the same transaction as the
    // update, so two grants at once cannot both pass the cap.
    if invitation.extra_ms.saturating_add(extra_ms) > duration_ms(db, assessment)? {
        return Err(StoreError::Conflict {
            code: "extra_time_cap",
            message: "extra time may add up to the assessment's duration at most".into(),
        });
    }
    db.execute(
        "UPDATE invitations SET extra_ms = extra_ms + ?2, deadline = deadline + ?2 WHERE id = ?1",
        args![id, extra_ms],
    )?;
    let updated = read_invitation(db, id)?;
    let detail = serde_json::json!({"minutes": extra_ms / 60_000, "deadline": updated.deadline.map(rfc3339)});
    audit_in(db, now, assessment, actor, "extra_time", Some(id), &detail)?;
    Ok(updated)
}

pub(crate) fn revoke_invitation(
    db: &dyn Db,
    now: Millis,
    assessment: &str,
    id: &str,
    actor: &str,
) -> Result<InvitationRecord> {
    let invitation = owned_invitation(db, assessment, id)?;
    if invitation.finished_at.is_some() || invitation.deadline.is_some_and(|d| now >= d) {
        return Err(StoreError::Conflict {
            code: "attempt_finished",
            message: "this attempt has finished: its link can no longer change anything".into(),
        });
    }
    if invitation.revoked_at.is_none() {
        db.execute("UPDATE invitations SET revoked_at = ?2 WHERE id = ?1", args![id, now])?;
        audit_in(db, now, assessment, actor, "revoked", Some(id), &Value::Null)?;
    }
    read_invitation(db, id)
}

/// Live invitations (not finished, revoked or past their deadline) to the assessment for this
/// email, compared without case.
pub(crate) fn live_invitations_for(
    db: &dyn Db,
    now: Millis,
    assessment: &str,
    email: &str,
) -> Result<Vec<InvitationRecord>> {
    let all = db.query_map(
        &format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE assessment = ?1 AND LOWER(email) = LOWER(?2)
             ORDER BY created_at, rowid"
        ),
        args![assessment, email],
        invitation_of,
    )?;
    let closes_at = assessment_by_id(db, assessment)?.spec.closes_at;
    Ok(all
        .into_iter()
        .filter(|i| matches!(i.status(now, closes_at), InvitationStatus::Invited | InvitationStatus::Started))
        .collect())
}

/// Gives an invitation a new link (the old one stops working at once) and stores its mail in
/// the same transaction (if `message` makes one: none when mail is off); a Conflict once it is
/// finished, expired or revoked.
pub(crate) fn rotate_link(
    db: &dyn Db,
    now: Millis,
    assessment: &str,
    id: &str,
    link_hash: &str,
    message: &dyn Fn(&InvitationRecord) -> Option<crate::outbox::NewMessage>,
    actor: &str,
) -> Result<InvitationRecord> {
    let invitation = owned_invitation(db, assessment, id)?;
    let closes_at = assessment_by_id(db, assessment)?.spec.closes_at;
    match invitation.status(now, closes_at) {
        InvitationStatus::Invited | InvitationStatus::Started => {}
        InvitationStatus::Revoked => return Err(link_revoked()),
        other => {
            return Err(StoreError::Conflict {
                code: "invitation_closed",
                message: format!("this invitation is {}: there is nothing to send again", other.as_str()),
            })
        }
    }
    db.execute("UPDATE invitations SET link_hash = ?2 WHERE id = ?1", args![id, link_hash])?;
    if let Some(message) = message(&invitation) {
        crate::outbox::enqueue(db, now, &message)?;
    }
    audit_in(db, now, assessment, actor, "resent", Some(id), &Value::Null)?;
    read_invitation(db, id)
}

/// Stores a reminder for each invitation whose window closes within `lead_ms` of `now` that
/// was never started, finished or revoked and has had no reminder (at most `limit` of them),
/// marking each reminded in the same transaction, so a reminder is stored once. How many.
pub(crate) fn queue_reminders(
    db: &dyn Db,
    now: Millis,
    lead_ms: Millis,
    limit: u32,
    message: &dyn Fn(&InvitationRecord, &AssessmentRecord) -> crate::outbox::NewMessage,
) -> Result<u32> {
    let due: Vec<String> = db.query_map(
        "SELECT invitations.id FROM invitations JOIN assessments ON assessments.id = invitations.assessment
         WHERE invitations.reminded_at IS NULL AND invitations.started_at IS NULL
             AND invitations.finished_at IS NULL AND invitations.revoked_at IS NULL
             AND assessments.archived_at IS NULL AND assessments.closes_at > ?1 AND assessments.closes_at <= ?2
         ORDER BY assessments.closes_at, invitations.id LIMIT ?3",
        args![now, now.saturating_add(lead_ms), limit],
        |r| r.get(0),
    )?;
    let mut queued = 0;
    for id in due {
        let invitation = read_invitation(db, &id)?;
        let assessment = assessment_by_id(db, &invitation.assessment)?;
        // Marked whatever happens to the message: a team whose outbox is full is not reminded
        // again and again.
        db.execute("UPDATE invitations SET reminded_at = ?2 WHERE id = ?1", args![&id, now])?;
        match crate::outbox::enqueue(db, now, &message(&invitation, &assessment)) {
            Ok(_) => queued += 1,
            Err(StoreError::Conflict { code: "outbox_full", .. }) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(queued)
}
