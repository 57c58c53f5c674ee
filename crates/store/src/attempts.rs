//! A candidate's timed attempt at an assessment: the timer, every draft revision saved while it
//! runs, submissions made during it, and its end (by Finish or the deadline), which submits the
//! last drafts that were never submitted. Nothing is written to an attempt that is not running.

use crate::assessments::{self, SlotProblem};
use crate::audit::audit_in;
use crate::clock::{rfc3339, Millis};
use crate::drafts::Draft;
use crate::draws;
use crate::error::{Result, StoreError};
use crate::invitations::{link_revoked, read_invitation, InvitationRecord};
use crate::outbox::{enqueue, NewMessage};
use crate::owner::Owner;
use crate::sql::{args, Db};
use crate::submissions::{insert_submission, last_code, NewSubmission, Origin, SubmissionRecord};
use crate::webhooks;

/// How many revisions of one problem's draft an attempt keeps; past it, the newest revision is
/// overwritten (so autosave cannot grow the database without bound).
pub const MAX_DRAFT_REVISIONS: i64 = 2000;

/// One saved revision of an attempt's draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRevision {
    pub code: String,
    pub saved_at: Millis,
    /// What saved it: `autosave`, `run`, `submit`.
    pub via: String,
}

/// Makes the message telling a team that a candidate finished.
pub type NoticeFn<'a> = dyn Fn(&InvitationRecord, &crate::assessments::AssessmentRecord) -> NewMessage + Sync + 'a;

/// An attempt that has just finished, and the submissions made of its last drafts, to judge.
#[derive(Debug, Clone)]
pub struct FinishedAttempt {
    pub invitation: InvitationRecord,
    pub submissions: Vec<String>,
}

/// Refuses a write to an attempt that is not running at `now`.
pub(crate) fn check_running(invitation: &InvitationRecord, now: Millis) -> Result<()> {
    if invitation.revoked_at.is_some() {
        return Err(link_revoked());
    }
    let Some(deadline) = invitation.deadline else {
        return Err(StoreError::Conflict {
            code: "not_started",
            message: "the assessment has not been started: press Start first".into(),
        });
    };
    if invitation.finished_at.is_some() || now >= deadline {
        return Err(StoreError::TimeOver);
    }
    Ok(())
}

/// The newest revision's number and code.
fn last_revision(db: &dyn Db, invitation: &str, problem: &str) -> Result<Option<(i64, String)>> {
    db.query_opt(
        "SELECT seq, code FROM attempt_drafts WHERE invitation = ?1 AND problem = ?2 ORDER BY seq DESC LIMIT 1",
        args![invitation, problem],
    )?
    .map(|r| Ok((r.get(0)?, r.get(1)?)))
    .transpose()
}

/// Appends a draft revision unless the code is the same as the last one; past the cap the last
/// revision is overwritten.
fn save_revision(db: &dyn Db, invitation: &str, problem: &str, code: &str, via: &str, now: Millis) -> Result<()> {
    match last_revision(db, invitation, problem)? {
        Some((_, last_code)) if last_code == code => {}
        Some((seq, _)) if seq >= MAX_DRAFT_REVISIONS => {
            db.execute(
                "UPDATE attempt_drafts SET code = ?4, via = ?5, saved_at = ?6
                 WHERE invitation = ?1 AND problem = ?2 AND seq = ?3",
                args![invitation, problem, seq, code, via, now],
            )?;
        }
        last => {
            db.execute(
                "INSERT INTO attempt_drafts (invitation, problem, seq, code, via, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                args![invitation, problem, last.map_or(1, |(seq, _)| seq + 1), code, via, now],
            )?;
        }
    }
    Ok(())
}

/// Starts the timer (once: starting again returns the attempt as it is), and fixes in the same
/// transaction what the candidate gets in each slot (`draws`): a pool's member, a variant's seed
/// for a problem `has_variants` says makes them.
pub(crate) fn start_attempt(
    db: &dyn Db,
    now: Millis,
    invitation: &str,
    duration_ms: Millis,
    has_variants: &dyn Fn(&SlotProblem) -> bool,
) -> Result<InvitationRecord> {
    let record = read_invitation(db, invitation)?;
    if record.revoked_at.is_some() {
        return Err(link_revoked());
    }
    if record.started_at.is_some() {
        return Ok(record);
    }
    db.execute(
        // extra_ms first: PostgreSQL types `?2 + ?3` from the column beside them.
        "UPDATE invitations SET started_at = ?2, deadline = extra_ms + ?2 + ?3 WHERE id = ?1",
        args![invitation, now, duration_ms],
    )?;
    draws::draw(db, invitation, &record.assessment, has_variants)?;
    let started = read_invitation(db, invitation)?;
    let detail = serde_json::json!({"deadline": started.deadline.map(rfc3339)});
    audit_in(db, now, &started.assessment, "candidate", "started", Some(invitation), &detail)?;
    webhooks::emit(db, now, "attempt.started", invitation, None)?;
    Ok(started)
}

/// Finishes an attempt (once): every problem whose last draft differs from its last submission
/// gets that draft submitted, queued in the same transaction so a crash cannot lose it, with the
/// package `package_of` names for its problem (a private problem's: the version the assessment
/// pinned).
pub(crate) fn finish_attempt(
    db: &dyn Db,
    now: Millis,
    invitation: &str,
    reason: &str,
    new_id: &mut dyn FnMut() -> String,
    package_of: &dyn Fn(&str) -> Option<String>,
    notice: Option<&NoticeFn<'_>>,
) -> Result<FinishedAttempt> {
    let record = read_invitation(db, invitation)?;
    let (Some(deadline), None, None) = (record.deadline, record.finished_at, record.revoked_at) else {
        return Ok(FinishedAttempt { invitation: record, submissions: Vec::new() });
    };
    let finished_at = now.min(deadline);
    let owner = Owner::Attempt(invitation.to_owned());
    let origin = if reason == "deadline" { Origin::Deadline } else { Origin::Finish };
    let mut submissions = Vec::new();
    for slot in draws::attempt_slots(db, invitation, &record.assessment)? {
        let Some(problem) = slot.problem else { continue };
        let Some((_, draft)) = last_revision(db, invitation, &problem.slug)? else { continue };
        if last_code(db, &owner, &problem.slug)?.as_deref() == Some(draft.as_str()) {
            continue;
        }
        let id = new_id();
        // A private problem is judged against the version the assessment was made with.
        let package = problem.private.as_ref().map(|p| p.package.clone()).or_else(|| package_of(&problem.slug));
        let new =
            NewSubmission { id: &id, owner: &owner, problem: &problem.slug, code: &draft, package: package.as_deref() };
        // The system's own submissions are never refused for the candidate's quota.
        insert_submission(db, &new, finished_at, origin, None)?;
        let detail = serde_json::json!({"submission": id, "problem": problem.slug});
        audit_in(db, now, &record.assessment, "system", "last_draft_submitted", Some(invitation), &detail)?;
        submissions.push(id);
    }
    db.execute(
        "UPDATE invitations SET finished_at = ?2, finish_reason = ?3 WHERE id = ?1",
        args![invitation, finished_at, reason],
    )?;
    let actor = if reason == "deadline" { "system" } else { "candidate" };
    let detail = serde_json::json!({"reason": reason});
    audit_in(db, now, &record.assessment, actor, "finished", Some(invitation), &detail)?;
    webhooks::emit(db, now, "attempt.finished", invitation, None)?;
    // Nothing left to judge (every draft was submitted and judged before): graded at once.
    webhooks::after_grading(db, now, invitation)?;
    let finished = read_invitation(db, invitation)?;
    if let Some(notice) = notice {
        let assessment = assessments::assessment_by_id(db, &finished.assessment)?;
        // A full outbox does not keep an attempt from finishing: the notice is the one lost.
        match enqueue(db, now, &notice(&finished, &assessment)) {
            Ok(_) | Err(StoreError::Conflict { code: "outbox_full", .. }) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(FinishedAttempt { invitation: finished, submissions })
}

/// Attempts past their deadline that have not been finished.
pub(crate) fn due_attempts(db: &dyn Db, now: Millis) -> Result<Vec<String>> {
    db.query_map(
        "SELECT id FROM invitations WHERE finished_at IS NULL AND revoked_at IS NULL AND deadline <= ?1
         ORDER BY deadline",
        args![now],
        |r| r.get(0),
    )
}

/// Saves a revision of a draft, refused with TimeOver after the deadline.
pub(crate) fn save_attempt_draft(
    db: &dyn Db,
    now: Millis,
    invitation: &str,
    problem: &str,
    code: &str,
    via: &str,
) -> Result<Draft> {
    check_running(&read_invitation(db, invitation)?, now)?;
    save_revision(db, invitation, problem, code, via, now)?;
    if via == "run" {
        crate::review::count_run(db, invitation, problem)?;
    }
    Ok(Draft { code: code.to_owned(), updated_at: now })
}

pub(crate) fn attempt_draft(db: &dyn Db, invitation: &str, problem: &str) -> Result<Option<Draft>> {
    db.query_opt(
        "SELECT code, saved_at FROM attempt_drafts WHERE invitation = ?1 AND problem = ?2
         ORDER BY seq DESC LIMIT 1",
        args![invitation, problem],
    )?
    .map(|r| Ok(Draft { code: r.get(0)?, updated_at: r.get(1)? }))
    .transpose()
}

/// Every revision of a draft, oldest first.
pub(crate) fn draft_history(db: &dyn Db, invitation: &str, problem: &str) -> Result<Vec<DraftRevision>> {
    db.query_map(
        "SELECT code, saved_at, via FROM attempt_drafts WHERE invitation = ?1 AND problem = ?2 ORDER BY seq",
        args![invitation, problem],
        |r| Ok(DraftRevision { code: r.get(0)?, saved_at: r.get(1)?, via: r.get(2)? }),
    )
}

/// Stores a submission of an attempt and its code as a draft revision, refused with TimeOver
/// after the deadline and QuotaExceeded past the candidate's share.
pub(crate) fn create_attempt_submission(
    db: &dyn Db,
    now: Millis,
    invitation: &str,
    new: &NewSubmission<'_>,
    quota: u64,
) -> Result<SubmissionRecord> {
    let record = read_invitation(db, invitation)?;
    check_running(&record, now)?;
    save_revision(db, invitation, new.problem, new.code, "submit", now)?;
    let submission = insert_submission(db, new, now, Origin::Candidate, Some(quota))?;
    let detail = serde_json::json!({"submission": new.id, "problem": new.problem});
    audit_in(db, now, &record.assessment, "candidate", "submitted", Some(invitation), &detail)?;
    Ok(submission)
}
