//! The hiring side: teams and their users, sessions and API tokens (kept as hashes), timed
//! assessments, invitations with their attempts, every draft an attempt saved, and the audit
//! log. Every query that reads or changes an assessment names the team that owns it, so one
//! team's request cannot reach another team's data even when an id leaks.

use crate::{
    insert_submission, origin_of, rfc3339, state_of, Draft, Millis, NewSubmission, Origin, Result, SqliteStore,
    StoreError,
};
use crate::{Owner, SubmissionRecord, SubmissionSummary};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The schema step from version 1 to 2.
pub(crate) const SCHEMA: &str = "
CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE TABLE users (
    id               TEXT PRIMARY KEY,
    team             TEXT NOT NULL REFERENCES teams (id),
    email            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash    TEXT,
    setup_hash       TEXT UNIQUE,
    setup_expires_at INTEGER,
    created_at       INTEGER NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE TABLE assessments (
    id               TEXT PRIMARY KEY,
    team             TEXT NOT NULL REFERENCES teams (id),
    title            TEXT NOT NULL,
    instructions     TEXT NOT NULL,
    duration_ms      INTEGER NOT NULL,
    opens_at         INTEGER NOT NULL,
    closes_at        INTEGER NOT NULL,
    practice_problem TEXT,
    problems         TEXT NOT NULL,
    archived_at      INTEGER,
    created_by       TEXT NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX assessments_by_team ON assessments (team, created_at);
CREATE TABLE invitations (
    id            TEXT PRIMARY KEY,
    assessment    TEXT NOT NULL REFERENCES assessments (id),
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    link_hash     TEXT NOT NULL UNIQUE,
    extra_ms      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    started_at    INTEGER,
    deadline      INTEGER,
    finished_at   INTEGER,
    finish_reason TEXT,
    revoked_at    INTEGER
);
CREATE INDEX invitations_by_assessment ON invitations (assessment, created_at);
CREATE INDEX invitations_due ON invitations (deadline) WHERE finished_at IS NULL AND revoked_at IS NULL;
CREATE TABLE attempt_drafts (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    problem    TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    code       TEXT NOT NULL,
    via        TEXT NOT NULL,
    saved_at   INTEGER NOT NULL,
    PRIMARY KEY (invitation, problem, seq)
);
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment TEXT NOT NULL,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    invitation TEXT,
    detail     TEXT NOT NULL
);
CREATE INDEX audit_by_assessment ON audit (assessment, id);
";

/// How many revisions of one problem's draft an attempt keeps; past it, the newest revision is
/// overwritten (so autosave cannot grow the database without bound).
pub const MAX_DRAFT_REVISIONS: i64 = 2000;

/// A team member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub team: String,
    pub team_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: String,
    pub name: String,
    pub created_at: Millis,
    pub last_used_at: Option<Millis>,
}

/// One problem of an assessment and what it is worth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemPoints {
    pub slug: String,
    pub points: u32,
}

/// What a team sets on an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentSpec {
    pub title: String,
    pub instructions: String,
    pub duration_ms: Millis,
    pub opens_at: Millis,
    pub closes_at: Millis,
    pub practice_problem: Option<String>,
    pub problems: Vec<ProblemPoints>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRecord {
    pub id: String,
    pub team: String,
    pub spec: AssessmentSpec,
    pub archived_at: Option<Millis>,
    pub created_by: String,
    pub created_at: Millis,
}

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

/// One saved revision of an attempt's draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRevision {
    pub code: String,
    pub saved_at: Millis,
    /// What saved it: `autosave`, `run`, `submit`.
    pub via: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub at: Millis,
    pub actor: String,
    pub action: String,
    pub invitation: Option<String>,
    pub detail: Value,
}

/// An attempt that has just finished, and the submissions made of its last drafts, to judge.
#[derive(Debug, Clone)]
pub struct FinishedAttempt {
    pub invitation: InvitationRecord,
    pub submissions: Vec<String>,
}

/// What the hiring side needs from persistence. Each method is one transaction.
pub trait AssessmentStore {
    /// Creates a user (and their team, if no team has that name) waiting for a password.
    fn create_user(
        &self,
        id: &str,
        email: &str,
        team_name: &str,
        setup_hash: &str,
        setup_expires_at: Millis,
    ) -> Result<User>;
    /// Uses up a setup token: sets the password hash. None when the token is unknown, used or
    /// expired.
    fn complete_setup(&self, setup_hash: &str, password_hash: &str) -> Result<Option<User>>;
    /// The user an unused, unexpired setup token belongs to (checked before the costly hash).
    fn setup_user(&self, setup_hash: &str) -> Result<Option<User>>;
    /// A user and their password hash (None before setup), by email (case-insensitive).
    fn user_for_login(&self, email: &str) -> Result<Option<(User, Option<String>)>>;
    fn create_session(&self, user: &str, token_hash: &str, expires_at: Millis) -> Result<()>;
    /// The user of an unexpired session.
    fn session_user(&self, token_hash: &str) -> Result<Option<User>>;
    fn delete_session(&self, token_hash: &str) -> Result<()>;
    fn create_api_token(&self, user: &str, id: &str, name: &str, token_hash: &str) -> Result<ApiTokenRecord>;
    fn api_tokens(&self, user: &str) -> Result<Vec<ApiTokenRecord>>;
    /// False when the user has no such token.
    fn delete_api_token(&self, user: &str, id: &str) -> Result<bool>;
    /// The user of an API token, noting its use.
    fn api_token_user(&self, token_hash: &str) -> Result<Option<User>>;

    fn create_assessment(&self, team: &str, id: &str, spec: &AssessmentSpec, actor: &str) -> Result<AssessmentRecord>;
    fn assessment(&self, team: &str, id: &str) -> Result<Option<AssessmentRecord>>;
    /// The team's assessments, newest first.
    fn assessments(&self, team: &str) -> Result<Vec<AssessmentRecord>>;
    /// Replaces the spec; a Conflict once a candidate started if the problems or duration change.
    fn update_assessment(
        &self,
        team: &str,
        id: &str,
        spec: &AssessmentSpec,
        actor: &str,
    ) -> Result<Option<AssessmentRecord>>;
    fn set_archived(&self, team: &str, id: &str, archived: bool, actor: &str) -> Result<Option<AssessmentRecord>>;

    /// Creates every invitation or none.
    fn create_invitations(&self, assessment: &str, new: &[NewInvitation], actor: &str)
        -> Result<Vec<InvitationRecord>>;
    /// An assessment's invitations, oldest first.
    fn invitations(&self, assessment: &str) -> Result<Vec<InvitationRecord>>;
    fn invitation(&self, assessment: &str, id: &str) -> Result<Option<InvitationRecord>>;
    /// The invitation a link's token hash names, with its assessment.
    fn invitation_by_link(&self, link_hash: &str) -> Result<Option<(InvitationRecord, AssessmentRecord)>>;
    /// Adds time before or during the attempt (a running deadline moves); a Conflict once
    /// finished or revoked.
    fn add_extra_time(&self, assessment: &str, id: &str, extra_ms: Millis, actor: &str) -> Result<InvitationRecord>;
    fn revoke_invitation(&self, assessment: &str, id: &str, actor: &str) -> Result<InvitationRecord>;

    /// Starts the timer (once: starting again returns the attempt as it is).
    fn start_attempt(&self, invitation: &str, duration_ms: Millis) -> Result<InvitationRecord>;
    /// Finishes an attempt (once): every problem whose last draft differs from its last
    /// submission gets that draft submitted, queued in the same transaction so a crash cannot
    /// lose it.
    fn finish_attempt(
        &self,
        invitation: &str,
        reason: &str,
        new_id: &mut dyn FnMut() -> String,
    ) -> Result<FinishedAttempt>;
    /// Attempts past their deadline that have not been finished.
    fn due_attempts(&self) -> Result<Vec<String>>;
    /// Saves a revision of a draft, refused with TimeOver after the deadline.
    fn save_attempt_draft(&self, invitation: &str, problem: &str, code: &str, via: &str) -> Result<Draft>;
    fn attempt_draft(&self, invitation: &str, problem: &str) -> Result<Option<Draft>>;
    /// Every revision of a draft, oldest first.
    fn draft_history(&self, invitation: &str, problem: &str) -> Result<Vec<DraftRevision>>;
    /// Stores a submission of an attempt and its code as a draft revision, refused with
    /// TimeOver after the deadline.
    fn create_attempt_submission(&self, invitation: &str, new: &NewSubmission<'_>) -> Result<SubmissionRecord>;
    /// The last submission to each problem.
    fn latest_submissions(&self, owner: &Owner) -> Result<Vec<SubmissionSummary>>;
    /// Per problem, the submission that counts for the score: the best graded one (the latest
    /// of equal scores), or while none is graded the latest one.
    fn best_submissions(&self, owner: &Owner) -> Result<Vec<SubmissionSummary>>;
    fn record_audit(
        &self,
        assessment: &str,
        actor: &str,
        action: &str,
        invitation: Option<&str>,
        detail: &Value,
    ) -> Result<()>;
    /// The assessment's audit log, oldest first.
    fn audit(&self, assessment: &str) -> Result<Vec<AuditEvent>>;
}

fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::CorruptRecord { what, detail: detail.to_string() }
}

fn user_of(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User { id: row.get(0)?, email: row.get(1)?, team: row.get(2)?, team_name: row.get(3)? })
}

const USER_COLUMNS: &str = "users.id, users.email, users.team, teams.name";

const ASSESSMENT_COLUMNS: &str = "id, team, title, instructions, duration_ms, opens_at, closes_at, practice_problem, \
     problems, archived_at, created_by, created_at";

type AssessmentRow = (AssessmentRecord, String);

fn assessment_of(row: &Row<'_>) -> rusqlite::Result<AssessmentRow> {
    Ok((
        AssessmentRecord {
            id: row.get(0)?,
            team: row.get(1)?,
            spec: AssessmentSpec {
                title: row.get(2)?,
                instructions: row.get(3)?,
                duration_ms: row.get(4)?,
                opens_at: row.get(5)?,
                closes_at: row.get(6)?,
                practice_problem: row.get(7)?,
                problems: Vec::new(),
            },
            archived_at: row.get(9)?,
            created_by: row.get(10)?,
            created_at: row.get(11)?,
        },
        row.get(8)?,
    ))
}

fn finish_assessment((mut record, problems): AssessmentRow) -> Result<AssessmentRecord> {
    record.spec.problems = serde_json::from_str(&problems).map_err(|e| corrupt("assessment problems", e))?;
    Ok(record)
}

const INVITATION_COLUMNS: &str = "id, assessment, name, email, extra_ms, created_at, started_at, deadline, \
     finished_at, finish_reason, revoked_at";

fn invitation_of(row: &Row<'_>) -> rusqlite::Result<InvitationRecord> {
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

fn read_assessment(tx: &Transaction<'_>, team: &str, id: &str) -> Result<Option<AssessmentRecord>> {
    tx.query_row(
        &format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = ?1 AND team = ?2"),
        [id, team],
        assessment_of,
    )
    .optional()?
    .map(finish_assessment)
    .transpose()
}

fn read_invitation(tx: &Transaction<'_>, id: &str) -> Result<InvitationRecord> {
    tx.query_row(&format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE id = ?1"), [id], invitation_of)
        .optional()?
        .ok_or(StoreError::Missing("invitation"))
}

fn audit_in(
    tx: &Transaction<'_>,
    at: Millis,
    assessment: &str,
    actor: &str,
    action: &str,
    invitation: Option<&str>,
    detail: &Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit (assessment, at, actor, action, invitation, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![assessment, at, actor, action, invitation, detail.to_string()],
    )?;
    Ok(())
}

/// Refuses a write to an attempt that is not running at `now`.
fn check_running(invitation: &InvitationRecord, now: Millis) -> Result<()> {
    if invitation.revoked_at.is_some() {
        return Err(StoreError::Conflict { code: "link_revoked", message: "this link was revoked".into() });
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

/// Appends a draft revision unless the code is the same as the last one; past the cap the last
/// revision is overwritten.
fn save_revision(
    tx: &Transaction<'_>,
    invitation: &str,
    problem: &str,
    code: &str,
    via: &str,
    now: Millis,
) -> Result<()> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, code FROM attempt_drafts WHERE invitation = ?1 AND problem = ?2 ORDER BY seq DESC LIMIT 1",
            [invitation, problem],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match last {
        Some((_, last_code)) if last_code == code => {}
        Some((seq, _)) if seq >= MAX_DRAFT_REVISIONS => {
            tx.execute(
                "UPDATE attempt_drafts SET code = ?4, via = ?5, saved_at = ?6
                 WHERE invitation = ?1 AND problem = ?2 AND seq = ?3",
                params![invitation, problem, seq, code, via, now],
            )?;
        }
        last => {
            tx.execute(
                "INSERT INTO attempt_drafts (invitation, problem, seq, code, via, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![invitation, problem, last.map_or(1, |(seq, _)| seq + 1), code, via, now],
            )?;
        }
    }
    Ok(())
}

/// Notes in the audit log that an attempt's submission was graded (called inside `finish`).
pub(crate) fn audit_grading(tx: &Transaction<'_>, at: Millis, submission: &str) -> Result<()> {
    let row: Option<(Owner, String, Option<String>, Option<f64>)> = tx
        .query_row("SELECT candidate, problem, verdict, score FROM submissions WHERE id = ?1", [submission], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((owner, problem, verdict, score)) = row else { return Ok(()) };
    let Some(invitation) = owner.attempt() else { return Ok(()) };
    let assessment: Option<String> =
        tx.query_row("SELECT assessment FROM invitations WHERE id = ?1", [invitation], |r| r.get(0)).optional()?;
    if let Some(assessment) = assessment {
        let detail =
            serde_json::json!({"submission": submission, "problem": problem, "verdict": verdict, "score": score});
        audit_in(tx, at, &assessment, "judge", "graded", Some(invitation), &detail)?;
    }
    Ok(())
}

impl AssessmentStore for SqliteStore {
    fn create_user(
        &self,
        id: &str,
        email: &str,
        team_name: &str,
        setup_hash: &str,
        setup_expires_at: Millis,
    ) -> Result<User> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let exists: bool = tx.query_row("SELECT COUNT(*) > 0 FROM users WHERE email = ?1", [email], |r| r.get(0))?;
        if exists {
            return Err(StoreError::DuplicateEmail(email.to_owned()));
        }
        let team: Option<String> =
            tx.query_row("SELECT id FROM teams WHERE name = ?1", [team_name], |r| r.get(0)).optional()?;
        let team = match team {
            Some(team) => team,
            None => {
                let team = format!("team-{id}");
                tx.execute(
                    "INSERT INTO teams (id, name, created_at) VALUES (?1, ?2, ?3)",
                    params![team, team_name, now],
                )?;
                team
            }
        };
        tx.execute(
            "INSERT INTO users (id, team, email, setup_hash, setup_expires_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, team, email, setup_hash, setup_expires_at, now],
        )?;
        tx.commit()?;
        Ok(User { id: id.to_owned(), email: email.to_owned(), team, team_name: team_name.to_owned() })
    }

    fn complete_setup(&self, setup_hash: &str, password_hash: &str) -> Result<Option<User>> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let user = user_by_setup_hash(&tx, setup_hash, now)?;
        if let Some(user) = &user {
            tx.execute(
                "UPDATE users SET password_hash = ?2, setup_hash = NULL, setup_expires_at = NULL WHERE id = ?1",
                params![user.id, password_hash],
            )?;
            // A new password ends every session the old one opened.
            tx.execute("DELETE FROM sessions WHERE user = ?1", [&user.id])?;
        }
        tx.commit()?;
        Ok(user)
    }

    fn setup_user(&self, setup_hash: &str) -> Result<Option<User>> {
        user_by_setup_hash(&self.connection(), setup_hash, self.now())
    }

    fn user_for_login(&self, email: &str) -> Result<Option<(User, Option<String>)>> {
        Ok(self
            .connection()
            .query_row(
                &format!(
                    "SELECT {USER_COLUMNS}, users.password_hash FROM users JOIN teams ON teams.id = users.team
                     WHERE users.email = ?1"
                ),
                [email],
                |r| Ok((user_of(r)?, r.get(4)?)),
            )
            .optional()?)
    }

    fn create_session(&self, user: &str, token_hash: &str, expires_at: Millis) -> Result<()> {
        let now = self.now();
        let connection = self.connection();
        // Expired sessions are swept whenever a new one is made.
        connection.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?;
        connection.execute(
            "INSERT INTO sessions (token_hash, user, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, user, now, expires_at],
        )?;
        Ok(())
    }

    fn session_user(&self, token_hash: &str) -> Result<Option<User>> {
        Ok(self
            .connection()
            .query_row(
                &format!(
                    "SELECT {USER_COLUMNS} FROM sessions JOIN users ON users.id = sessions.user
                     JOIN teams ON teams.id = users.team WHERE sessions.token_hash = ?1 AND sessions.expires_at > ?2"
                ),
                params![token_hash, self.now()],
                user_of,
            )
            .optional()?)
    }

    fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.connection().execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    fn create_api_token(&self, user: &str, id: &str, name: &str, token_hash: &str) -> Result<ApiTokenRecord> {
        let now = self.now();
        self.connection().execute(
            "INSERT INTO api_tokens (id, user, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, user, name, token_hash, now],
        )?;
        Ok(ApiTokenRecord { id: id.to_owned(), name: name.to_owned(), created_at: now, last_used_at: None })
    }

    fn api_tokens(&self, user: &str) -> Result<Vec<ApiTokenRecord>> {
        let connection = self.connection();
        let mut statement = connection.prepare(
            "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user = ?1 ORDER BY created_at, rowid",
        )?;
        let rows = statement.query_map([user], |r| {
            Ok(ApiTokenRecord { id: r.get(0)?, name: r.get(1)?, created_at: r.get(2)?, last_used_at: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn delete_api_token(&self, user: &str, id: &str) -> Result<bool> {
        Ok(self.connection().execute("DELETE FROM api_tokens WHERE id = ?1 AND user = ?2", [id, user])? > 0)
    }

    fn api_token_user(&self, token_hash: &str) -> Result<Option<User>> {
        let now = self.now();
        let connection = self.connection();
        let user = connection
            .query_row(
                &format!(
                    "SELECT {USER_COLUMNS} FROM api_tokens JOIN users ON users.id = api_tokens.user
                     JOIN teams ON teams.id = users.team WHERE api_tokens.token_hash = ?1"
                ),
                [token_hash],
                user_of,
            )
            .optional()?;
        if user.is_some() {
            connection
                .execute("UPDATE api_tokens SET last_used_at = ?2 WHERE token_hash = ?1", params![token_hash, now])?;
        }
        Ok(user)
    }

    fn create_assessment(&self, team: &str, id: &str, spec: &AssessmentSpec, actor: &str) -> Result<AssessmentRecord> {
        let now = self.now();
        let problems = serde_json::to_string(&spec.problems).map_err(|e| corrupt("assessment problems", e))?;
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        tx.execute(
            "INSERT INTO assessments (id, team, title, instructions, duration_ms, opens_at, closes_at, practice_problem,
             problems, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                id,
                team,
                spec.title,
                spec.instructions,
                spec.duration_ms,
                spec.opens_at,
                spec.closes_at,
                spec.practice_problem,
                problems,
                actor,
                now
            ],
        )?;
        audit_in(&tx, now, id, actor, "created", None, &serde_json::json!({"title": spec.title}))?;
        tx.commit()?;
        Ok(AssessmentRecord {
            id: id.to_owned(),
            team: team.to_owned(),
            spec: spec.clone(),
            archived_at: None,
            created_by: actor.to_owned(),
            created_at: now,
        })
    }

    fn assessment(&self, team: &str, id: &str) -> Result<Option<AssessmentRecord>> {
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        read_assessment(&tx, team, id)
    }

    fn assessments(&self, team: &str) -> Result<Vec<AssessmentRecord>> {
        let connection = self.connection();
        let mut statement = connection.prepare(&format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE team = ?1 ORDER BY created_at DESC, rowid DESC"
        ))?;
        let rows = statement.query_map([team], assessment_of)?.collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(finish_assessment).collect()
    }

    fn update_assessment(
        &self,
        team: &str,
        id: &str,
        spec: &AssessmentSpec,
        actor: &str,
    ) -> Result<Option<AssessmentRecord>> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let Some(mut record) = read_assessment(&tx, team, id)? else { return Ok(None) };
        let started: bool = tx.query_row(
            "SELECT COUNT(*) > 0 FROM invitations WHERE assessment = ?1 AND started_at IS NOT NULL",
            [id],
            |r| r.get(0),
        )?;
        if started && (record.spec.problems != spec.problems || record.spec.duration_ms != spec.duration_ms) {
            return Err(StoreError::Conflict {
                code: "assessment_started",
                message: "a candidate has started this assessment: its problems and duration can no longer change \
                          (duplicate it to make a new version)"
                    .into(),
            });
        }
        let problems = serde_json::to_string(&spec.problems).map_err(|e| corrupt("assessment problems", e))?;
        tx.execute(
            "UPDATE assessments SET title = ?2, instructions = ?3, duration_ms = ?4, opens_at = ?5, closes_at = ?6,
             practice_problem = ?7, problems = ?8 WHERE id = ?1",
            params![
                id,
                spec.title,
                spec.instructions,
                spec.duration_ms,
                spec.opens_at,
                spec.closes_at,
                spec.practice_problem,
                problems
            ],
        )?;
        audit_in(&tx, now, id, actor, "edited", None, &serde_json::json!({"title": spec.title}))?;
        tx.commit()?;
        record.spec = spec.clone();
        Ok(Some(record))
    }

    fn set_archived(&self, team: &str, id: &str, archived: bool, actor: &str) -> Result<Option<AssessmentRecord>> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let Some(mut record) = read_assessment(&tx, team, id)? else { return Ok(None) };
        if record.archived_at.is_some() != archived {
            record.archived_at = archived.then_some(now);
            tx.execute("UPDATE assessments SET archived_at = ?2 WHERE id = ?1", params![id, record.archived_at])?;
            let action = if archived { "archived" } else { "unarchived" };
            audit_in(&tx, now, id, actor, action, None, &Value::Null)?;
        }
        tx.commit()?;
        Ok(Some(record))
    }

    fn create_invitations(
        &self,
        assessment: &str,
        new: &[NewInvitation],
        actor: &str,
    ) -> Result<Vec<InvitationRecord>> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let mut created = Vec::with_capacity(new.len());
        for invitation in new {
            tx.execute(
                "INSERT INTO invitations (id, assessment, name, email, link_hash, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![invitation.id, assessment, invitation.name, invitation.email, invitation.link_hash, now],
            )?;
            let detail = serde_json::json!({"name": invitation.name, "email": invitation.email});
            audit_in(&tx, now, assessment, actor, "invited", Some(&invitation.id), &detail)?;
            created.push(read_invitation(&tx, &invitation.id)?);
        }
        tx.commit()?;
        Ok(created)
    }

    fn invitations(&self, assessment: &str) -> Result<Vec<InvitationRecord>> {
        let connection = self.connection();
        let mut statement = connection.prepare(&format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE assessment = ?1 ORDER BY created_at, rowid"
        ))?;
        let rows = statement.query_map([assessment], invitation_of)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn invitation(&self, assessment: &str, id: &str) -> Result<Option<InvitationRecord>> {
        Ok(self
            .connection()
            .query_row(
                &format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE id = ?1 AND assessment = ?2"),
                [id, assessment],
                invitation_of,
            )
            .optional()?)
    }

    fn invitation_by_link(&self, link_hash: &str) -> Result<Option<(InvitationRecord, AssessmentRecord)>> {
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let invitation = tx
            .query_row(
                &format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE link_hash = ?1"),
                [link_hash],
                invitation_of,
            )
            .optional()?;
        let Some(invitation) = invitation else { return Ok(None) };
        let assessment = tx
            .query_row(
                &format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = ?1"),
                [&invitation.assessment],
                assessment_of,
            )
            .map_err(StoreError::from)
            .and_then(finish_assessment)?;
        Ok(Some((invitation, assessment)))
    }

    fn add_extra_time(&self, assessment: &str, id: &str, extra_ms: Millis, actor: &str) -> Result<InvitationRecord> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let invitation = read_invitation(&tx, id)?;
        if invitation.assessment != assessment {
            return Err(StoreError::Missing("invitation"));
        }
        if invitation.finished_at.is_some() {
            return Err(StoreError::Conflict {
                code: "attempt_finished",
                message: "this attempt has finished and been graded: extra time cannot reopen it".into(),
            });
        }
        if invitation.revoked_at.is_some() {
            return Err(StoreError::Conflict { code: "link_revoked", message: "this link was revoked".into() });
        }
        // At most double time: enough for any accommodation, and an attempt cannot be kept open
        // without end by adding a little again and again.
        let duration: Millis =
            tx.query_row("SELECT duration_ms FROM assessments WHERE id = ?1", [assessment], |r| r.get(0))?;
        if invitation.extra_ms.saturating_add(extra_ms) > duration {
            return Err(StoreError::Conflict {
                code: "extra_time_cap",
                message: "extra time may add up to the assessment's duration at most".into(),
            });
        }
        tx.execute(
            "UPDATE invitations SET extra_ms = extra_ms + ?2, deadline = deadline + ?2 WHERE id = ?1",
            params![id, extra_ms],
        )?;
        let updated = read_invitation(&tx, id)?;
        let detail = serde_json::json!({"minutes": extra_ms / 60_000, "deadline": updated.deadline.map(rfc3339)});
        audit_in(&tx, now, assessment, actor, "extra_time", Some(id), &detail)?;
        tx.commit()?;
        Ok(updated)
    }

    fn revoke_invitation(&self, assessment: &str, id: &str, actor: &str) -> Result<InvitationRecord> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let invitation = read_invitation(&tx, id)?;
        if invitation.assessment != assessment {
            return Err(StoreError::Missing("invitation"));
        }
        if invitation.finished_at.is_some() || invitation.deadline.is_some_and(|d| now >= d) {
            return Err(StoreError::Conflict {
                code: "attempt_finished",
                message: "this attempt has finished: its link can no longer change anything".into(),
            });
        }
        if invitation.revoked_at.is_none() {
            tx.execute("UPDATE invitations SET revoked_at = ?2 WHERE id = ?1", params![id, now])?;
            audit_in(&tx, now, assessment, actor, "revoked", Some(id), &Value::Null)?;
        }
        let updated = read_invitation(&tx, id)?;
        tx.commit()?;
        Ok(updated)
    }

    fn start_attempt(&self, invitation: &str, duration_ms: Millis) -> Result<InvitationRecord> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let record = read_invitation(&tx, invitation)?;
        if record.revoked_at.is_some() {
            return Err(StoreError::Conflict { code: "link_revoked", message: "this link was revoked".into() });
        }
        if record.started_at.is_some() {
            return Ok(record);
        }
        tx.execute(
            "UPDATE invitations SET started_at = ?2, deadline = ?2 + ?3 + extra_ms WHERE id = ?1",
            params![invitation, now, duration_ms],
        )?;
        let started = read_invitation(&tx, invitation)?;
        let detail = serde_json::json!({"deadline": started.deadline.map(rfc3339)});
        audit_in(&tx, now, &started.assessment, "candidate", "started", Some(invitation), &detail)?;
        tx.commit()?;
        Ok(started)
    }

    fn finish_attempt(
        &self,
        invitation: &str,
        reason: &str,
        new_id: &mut dyn FnMut() -> String,
    ) -> Result<FinishedAttempt> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let record = read_invitation(&tx, invitation)?;
        let (Some(deadline), None, None) = (record.deadline, record.finished_at, record.revoked_at) else {
            return Ok(FinishedAttempt { invitation: record, submissions: Vec::new() });
        };
        let finished_at = now.min(deadline);
        let problems: String =
            tx.query_row("SELECT problems FROM assessments WHERE id = ?1", [&record.assessment], |r| r.get(0))?;
        let problems: Vec<ProblemPoints> =
            serde_json::from_str(&problems).map_err(|e| corrupt("assessment problems", e))?;
        let owner = Owner::Attempt(invitation.to_owned());
        let mut submissions = Vec::new();
        for problem in &problems {
            let draft: Option<String> = tx
                .query_row(
                    "SELECT code FROM attempt_drafts WHERE invitation = ?1 AND problem = ?2 ORDER BY seq DESC LIMIT 1",
                    [invitation, &problem.slug],
                    |r| r.get(0),
                )
                .optional()?;
            let submitted: Option<String> = tx
                .query_row(
                    "SELECT code FROM submissions WHERE candidate = ?1 AND problem = ?2 ORDER BY rowid DESC LIMIT 1",
                    params![owner, problem.slug],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(draft) = draft else { continue };
            if submitted.as_deref() == Some(draft.as_str()) {
                continue;
            }
            let id = new_id();
            let new = NewSubmission { id: &id, owner: &owner, problem: &problem.slug, code: &draft };
            let origin = if reason == "deadline" { Origin::Deadline } else { Origin::Finish };
            // The system's own submissions are never refused for the candidate's quota.
            insert_submission(&tx, &new, finished_at, origin, None)?;
            let detail = serde_json::json!({"submission": id, "problem": problem.slug});
            audit_in(&tx, now, &record.assessment, "system", "last_draft_submitted", Some(invitation), &detail)?;
            submissions.push(id);
        }
        tx.execute(
            "UPDATE invitations SET finished_at = ?2, finish_reason = ?3 WHERE id = ?1",
            params![invitation, finished_at, reason],
        )?;
        let actor = if reason == "deadline" { "system" } else { "candidate" };
        audit_in(
            &tx,
            now,
            &record.assessment,
            actor,
            "finished",
            Some(invitation),
            &serde_json::json!({"reason": reason}),
        )?;
        let finished = read_invitation(&tx, invitation)?;
        tx.commit()?;
        Ok(FinishedAttempt { invitation: finished, submissions })
    }

    fn due_attempts(&self) -> Result<Vec<String>> {
        let connection = self.connection();
        let mut statement = connection.prepare(
            "SELECT id FROM invitations WHERE finished_at IS NULL AND revoked_at IS NULL AND deadline <= ?1
             ORDER BY deadline",
        )?;
        let rows = statement.query_map([self.now()], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn save_attempt_draft(&self, invitation: &str, problem: &str, code: &str, via: &str) -> Result<Draft> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        check_running(&read_invitation(&tx, invitation)?, now)?;
        save_revision(&tx, invitation, problem, code, via, now)?;
        tx.commit()?;
        Ok(Draft { code: code.to_owned(), updated_at: now })
    }

    fn attempt_draft(&self, invitation: &str, problem: &str) -> Result<Option<Draft>> {
        Ok(self
            .connection()
            .query_row(
                "SELECT code, saved_at FROM attempt_drafts WHERE invitation = ?1 AND problem = ?2
                 ORDER BY seq DESC LIMIT 1",
                [invitation, problem],
                |r| Ok(Draft { code: r.get(0)?, updated_at: r.get(1)? }),
            )
            .optional()?)
    }

    fn draft_history(&self, invitation: &str, problem: &str) -> Result<Vec<DraftRevision>> {
        let connection = self.connection();
        let mut statement = connection.prepare(
            "SELECT code, saved_at, via FROM attempt_drafts WHERE invitation = ?1 AND problem = ?2 ORDER BY seq",
        )?;
        let rows = statement.query_map([invitation, problem], |r| {
            Ok(DraftRevision { code: r.get(0)?, saved_at: r.get(1)?, via: r.get(2)? })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn create_attempt_submission(&self, invitation: &str, new: &NewSubmission<'_>) -> Result<SubmissionRecord> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        let record = read_invitation(&tx, invitation)?;
        check_running(&record, now)?;
        save_revision(&tx, invitation, new.problem, new.code, "submit", now)?;
        let submission = insert_submission(&tx, new, now, Origin::Candidate, Some(self.candidate_quota))?;
        let detail = serde_json::json!({"submission": new.id, "problem": new.problem});
        audit_in(&tx, now, &record.assessment, "candidate", "submitted", Some(invitation), &detail)?;
        tx.commit()?;
        Ok(submission)
    }

    fn latest_submissions(&self, owner: &Owner) -> Result<Vec<SubmissionSummary>> {
        summaries(
            &self.connection(),
            "SELECT id, problem, state, verdict, score, created_at, origin FROM submissions WHERE rowid IN
             (SELECT MAX(rowid) FROM submissions WHERE candidate = ?1 GROUP BY problem) ORDER BY problem",
            [owner],
        )
    }

    fn best_submissions(&self, owner: &Owner) -> Result<Vec<SubmissionSummary>> {
        // Per problem: the graded submission with the highest score (the latest of equals);
        // a problem with none graded yet shows its latest submission, still in progress.
        summaries(
            &self.connection(),
            "SELECT id, problem, state, verdict, score, created_at, origin FROM (
                 SELECT *, ROW_NUMBER() OVER (
                     PARTITION BY problem
                     ORDER BY state = 'finished' DESC, COALESCE(score, 0) DESC, rowid DESC) AS rank
                 FROM submissions WHERE candidate = ?1)
             WHERE rank = 1 ORDER BY problem",
            [owner],
        )
    }

    fn record_audit(
        &self,
        assessment: &str,
        actor: &str,
        action: &str,
        invitation: Option<&str>,
        detail: &Value,
    ) -> Result<()> {
        let now = self.now();
        let mut connection = self.connection();
        let tx = connection.transaction()?;
        audit_in(&tx, now, assessment, actor, action, invitation, detail)?;
        tx.commit()?;
        Ok(())
    }

    fn audit(&self, assessment: &str) -> Result<Vec<AuditEvent>> {
        let connection = self.connection();
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
}

/// The user an unused, unexpired setup token belongs to.
fn user_by_setup_hash(connection: &Connection, setup_hash: &str, now: Millis) -> Result<Option<User>> {
    Ok(connection
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS} FROM users JOIN teams ON teams.id = users.team
                 WHERE users.setup_hash = ?1 AND users.setup_expires_at > ?2"
            ),
            params![setup_hash, now],
            user_of,
        )
        .optional()?)
}

/// Reads submission summaries with `query` (columns id, problem, state, verdict, score,
/// created_at, origin).
pub(crate) fn summaries(
    connection: &Connection,
    query: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<SubmissionSummary>> {
    let mut statement = connection.prepare(query)?;
    let rows = statement.query_map(params, |r| {
        Ok(SubmissionSummary {
            id: r.get(0)?,
            problem: r.get(1)?,
            state: state_of(r, 2)?,
            verdict: r.get(3)?,
            score: r.get(4)?,
            created_at: r.get(5)?,
            origin: origin_of(r, 6)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

#[cfg(test)]
mod unit {
    use super::*;
    use crate::{ManualClock, Store};
    use std::sync::Arc;
    use std::time::Duration;

    const MINUTE: Millis = 60_000;

    fn store() -> (tempfile::TempDir, Arc<ManualClock>, SqliteStore) {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = Arc::new(ManualClock::new(1_000_000));
        let store = SqliteStore::open_dir_with_clock(dir.path(), clock.clone()).expect("open");
        for team in ["a", "b", ""] {
            let user = format!("u{team}");
            store.create_user(&user, &format!("{user}@x.test"), team, &user, i64::MAX).expect("user");
        }
        (dir, clock, store)
    }

    /// The team the fixture made for a name.
    fn team(name: &str) -> String {
        format!("team-u{name}")
    }

    fn spec() -> AssessmentSpec {
        AssessmentSpec {
            title: "Backend".into(),
            instructions: "Go".into(),
            duration_ms: 30 * MINUTE,
            opens_at: 0,
            closes_at: 10_000_000,
            practice_problem: None,
            problems: vec![
                ProblemPoints { slug: "a".into(), points: 10 },
                ProblemPoints { slug: "b".into(), points: 5 },
            ],
        }
    }

    fn invite(store: &SqliteStore, assessment: &str, id: &str) -> InvitationRecord {
        let new = NewInvitation { id: id.into(), name: id.into(), email: format!("{id}@x.test"), link_hash: id.into() };
        store.create_invitations(assessment, &[new], "lead").expect("invite").remove(0)
    }

    #[test]
    fn an_assessment_is_reachable_only_through_its_own_team() {
        let (_dir, _clock, store) = store();
        store.create_assessment(&team("a"), "as1", &spec(), "lead@a").expect("create");
        assert!(store.assessment(&team("a"), "as1").expect("read").is_some());
        assert_eq!(store.assessment(&team("b"), "as1").expect("read"), None);
        assert_eq!(store.update_assessment(&team("b"), "as1", &spec(), "x").expect("update"), None);
        assert_eq!(store.set_archived(&team("b"), "as1", true, "x").expect("archive"), None);
        assert!(store.assessments(&team("b")).expect("list").is_empty());
        assert_eq!(store.assessments(&team("a")).expect("list").len(), 1);
    }

    #[test]
    fn the_deadline_refuses_writes_and_finishing_submits_the_last_unsubmitted_drafts() {
        let (_dir, clock, store) = store();
        store.create_assessment(&team(""), "as1", &spec(), "lead").expect("create");
        invite(&store, "as1", "inv");
        let refused = store.save_attempt_draft("inv", "a", "x = 1", "autosave");
        assert!(matches!(refused, Err(StoreError::Conflict { code: "not_started", .. })), "{refused:?}");
        let started = store.start_attempt("inv", 30 * MINUTE).expect("start");
        assert_eq!(started.deadline, Some(1_000_000 + 30 * MINUTE));
        clock.advance(Duration::from_secs(60));
        assert_eq!(store.start_attempt("inv", 30 * MINUTE).expect("again").deadline, started.deadline, "once");
        store.save_attempt_draft("inv", "a", "v1", "autosave").expect("draft");
        let owner = Owner::Attempt("inv".into());
        let new = NewSubmission { id: "s1", owner: &owner, problem: "a", code: "v2" };
        store.create_attempt_submission("inv", &new).expect("submit");
        store.save_attempt_draft("inv", "b", "b1", "autosave").expect("draft");
        store.save_attempt_draft("inv", "b", "b1", "autosave").expect("same code again");
        assert_eq!(store.draft_history("inv", "b").expect("history").len(), 1, "an unchanged save adds nothing");
        clock.advance(Duration::from_secs(30 * 60));
        assert!(matches!(store.save_attempt_draft("inv", "b", "late", "autosave"), Err(StoreError::TimeOver)));
        let late = NewSubmission { id: "s2", owner: &owner, problem: "b", code: "late" };
        assert!(matches!(store.create_attempt_submission("inv", &late), Err(StoreError::TimeOver)));
        assert_eq!(store.due_attempts().expect("due"), vec!["inv".to_owned()]);
        let mut ids = ["auto1".to_owned()].into_iter();
        let finished = store.finish_attempt("inv", "deadline", &mut || ids.next().unwrap_or_default()).expect("finish");
        assert_eq!(finished.submissions, vec!["auto1".to_owned()], "only b's draft was never submitted");
        assert_eq!(finished.invitation.finished_at, started.deadline, "finished at the deadline, not the sweep");
        let auto = store.submission("auto1").expect("read").expect("stored");
        assert_eq!((auto.code.as_str(), auto.origin), ("b1", Origin::Deadline));
        assert!(store.due_attempts().expect("due").is_empty());
        let history: Vec<String> =
            store.draft_history("inv", "a").expect("history").into_iter().map(|r| r.via).collect();
        assert_eq!(history, ["autosave", "submit"]);
        let again = store.finish_attempt("inv", "deadline", &mut || "never".into()).expect("finish again");
        assert!(again.submissions.is_empty(), "finishing twice submits nothing more");
        let actions: Vec<String> = store.audit("as1").expect("audit").into_iter().map(|e| e.action).collect();
        assert_eq!(actions, ["created", "invited", "started", "submitted", "last_draft_submitted", "finished"]);
    }

    #[test]
    fn extra_time_moves_a_running_deadline_and_is_refused_once_finished() {
        let (_dir, clock, store) = store();
        store.create_assessment(&team(""), "as1", &spec(), "lead").expect("create");
        invite(&store, "as1", "early");
        invite(&store, "as1", "running");
        store.add_extra_time("as1", "early", 10 * MINUTE, "lead").expect("before the start");
        assert_eq!(store.start_attempt("early", 30 * MINUTE).expect("start").deadline, Some(1_000_000 + 40 * MINUTE));
        let over = store.add_extra_time("as1", "early", 21 * MINUTE, "lead");
        assert!(matches!(over, Err(StoreError::Conflict { code: "extra_time_cap", .. })), "{over:?}");
        store.add_extra_time("as1", "early", 20 * MINUTE, "lead").expect("up to the duration in all");
        store.start_attempt("running", 30 * MINUTE).expect("start");
        clock.advance(Duration::from_secs(29 * 60));
        let moved = store.add_extra_time("as1", "running", 5 * MINUTE, "lead").expect("during");
        assert_eq!(moved.deadline, Some(1_000_000 + 35 * MINUTE));
        assert!(matches!(store.add_extra_time("other", "running", MINUTE, "lead"), Err(StoreError::Missing(_))));
        clock.advance(Duration::from_secs(2 * 60));
        store.save_attempt_draft("running", "a", "still on time", "autosave").expect("within the new deadline");
        store.finish_attempt("running", "candidate", &mut || "x".into()).expect("finish");
        let refused = store.add_extra_time("as1", "running", MINUTE, "lead");
        assert!(matches!(refused, Err(StoreError::Conflict { code: "attempt_finished", .. })), "{refused:?}");
    }

    #[test]
    fn the_best_graded_submission_counts_and_a_later_worse_one_does_not() {
        let (_dir, _clock, store) = store();
        let graded = |id: &str, problem: &str, verdict: &str, score: f64| {
            let new = NewSubmission { id, owner: &Owner::Practice("c".into()), problem, code: "x" };
            store.create_submission(&new).expect("submit");
            let outcome = crate::Outcome::Finished {
                verdict: verdict.into(),
                score,
                compile_error: None,
                tests: vec![],
                stopped: None,
                not_run: 0,
            };
            store.finish(id, &outcome).expect("finish");
        };
        graded("a1", "a", "WA", 0.5);
        graded("a2", "a", "AC", 1.0);
        graded("a3", "a", "CE", 0.0);
        graded("b1", "b", "WA", 0.25);
        store
            .create_submission(&NewSubmission {
                id: "b2",
                owner: &Owner::Practice("c".into()),
                problem: "b",
                code: "y",
            })
            .expect("queued");
        let best: Vec<(String, Option<String>)> = store
            .best_submissions(&Owner::Practice("c".into()))
            .expect("best")
            .into_iter()
            .map(|s| (s.id, s.verdict))
            .collect();
        assert_eq!(best, [("a2".into(), Some("AC".into())), ("b1".into(), Some("WA".into()))]);
        let latest: Vec<String> =
            store.latest_submissions(&Owner::Practice("c".into())).expect("latest").into_iter().map(|s| s.id).collect();
        assert_eq!(latest, ["a3", "b2"]);
    }

    #[test]
    fn a_version_2_database_marks_the_systems_submissions_by_their_origin() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(crate::DATABASE_FILE);
        {
            let connection = rusqlite::Connection::open(&path).expect("open");
            connection
                .execute_batch(&format!("BEGIN; {} {} PRAGMA user_version = 2; COMMIT;", crate::SCHEMA, SCHEMA))
                .expect("v2");
            connection
                .execute_batch(
                    "INSERT INTO teams (id, name, created_at) VALUES ('t', 'T', 0);
                     INSERT INTO assessments (id, team, title, instructions, problems, duration_ms, opens_at,
                         closes_at, created_by, created_at)
                         VALUES ('as', 't', 'A', '', '[]', 1, 0, 1, 'x', 0);
                     INSERT INTO invitations (id, assessment, name, email, link_hash, created_at, finish_reason)
                         VALUES ('inv', 'as', 'n', 'e', 'h', 0, 'deadline');
                     INSERT INTO submissions (id, candidate, problem, code, state, created_at)
                         VALUES ('mine', 'attempt:inv', 'p', 'a', 'finished', 1), ('auto', 'attempt:inv', 'p', 'b', 'queued', 2);
                     INSERT INTO audit (assessment, at, actor, action, invitation, detail)
                         VALUES ('as', 2, 'system', 'last_draft_submitted', 'inv', '{\"submission\": \"auto\"}');
                     INSERT INTO test_results (submission, number, result) VALUES ('mine', 1, '{}');",
                )
                .expect("rows");
        }
        let store = SqliteStore::open(&path).expect("migrate");
        let origin = |id: &str| store.submission(id).expect("read").map(|s| (s.origin, s.tests.len()));
        assert_eq!(origin("mine"), Some((Origin::Candidate, 1)), "rows and their results are kept");
        assert_eq!(origin("auto"), Some((Origin::Deadline, 0)));
        let order: Vec<String> = store
            .latest_submissions(&Owner::Attempt("inv".into()))
            .expect("latest")
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(order, ["auto"], "rowids kept, so the latest is still the latest");
    }

    #[test]
    fn a_version_1_database_gains_the_new_tables_and_keeps_its_rows() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(crate::DATABASE_FILE);
        {
            let connection = rusqlite::Connection::open(&path).expect("open");
            connection
                .execute_batch(&format!("BEGIN; {} PRAGMA user_version = 1; COMMIT;", crate::SCHEMA))
                .expect("v1");
            connection
                .execute("INSERT INTO drafts (candidate, problem, code, updated_at) VALUES ('c', 'p', 'kept', 1)", [])
                .expect("row");
        }
        let store = SqliteStore::open(&path).expect("migrate");
        assert_eq!(store.draft(&Owner::Practice("c".into()), "p").expect("read").map(|d| d.code), Some("kept".into()));
        let user = store.create_user("u", "u@x.test", "T", "setup", i64::MAX).expect("new tables exist");
        store.create_assessment(&user.team, "as1", &spec(), "lead").expect("new tables exist");
    }
}
