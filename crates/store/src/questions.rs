//! A team's private problems ("questions"): each upload or edit of a slug is a new version
//! whose package is kept by content hash beside the catalogue's, checked, then `accepted`
//! (usable in the team's assessments) or `rejected` (kept so the author sees the findings).
//! Every query names the team: one team never reads or changes another's questions.

use crate::clock::Millis;
use crate::error::{corrupt, Result, StoreError};
use crate::queue::put_package;
use crate::sql::{args, Db, Row};

/// Versions (of every slug) a team may keep; past it an upload is refused. Rejected versions
/// do not pile up (the next version of their slug deletes them), so this bounds accepted ones.
pub const MAX_QUESTION_VERSIONS: i64 = 500;

/// Where a version stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionStatus {
    /// Its checks are running.
    Checking,
    /// Its checks passed: the team may put it in an assessment.
    Accepted,
    /// Its checks found errors (or could not run): never used, kept for its findings.
    Rejected,
}

impl QuestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionStatus::Checking => "checking",
            QuestionStatus::Accepted => "accepted",
            QuestionStatus::Rejected => "rejected",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        match text {
            "checking" => Ok(QuestionStatus::Checking),
            "accepted" => Ok(QuestionStatus::Accepted),
            "rejected" => Ok(QuestionStatus::Rejected),
            other => Err(corrupt("question status", other)),
        }
    }
}

/// A version to add: its package's bytes and hash and what its manifest says.
#[derive(Debug, Clone)]
pub struct NewQuestion<'a> {
    pub slug: &'a str,
    pub package: &'a str,
    pub bytes: &'a [u8],
    pub title: &'a str,
    pub kind: &'a str,
    /// `Checking`, or `Rejected` when it failed before any check could run (it does not load).
    pub status: QuestionStatus,
    /// JSON list of findings (`[]` while checking).
    pub findings: &'a str,
}

/// One version of a private problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRecord {
    pub team: String,
    pub slug: String,
    pub version: u32,
    /// The content hash of its package (in the store's packages).
    pub package: String,
    pub title: String,
    pub kind: String,
    pub status: QuestionStatus,
    /// JSON list of findings, as the server wrote it.
    pub findings: String,
    pub created_by: String,
    pub created_at: Millis,
    pub checked_at: Option<Millis>,
}

const COLUMNS: &str = "team, slug, version, package, title, kind, status, findings, created_by, created_at, checked_at";

fn record_of(row: &Row) -> Result<QuestionRecord> {
    let status: String = row.get(6)?;
    Ok(QuestionRecord {
        team: row.get(0)?,
        slug: row.get(1)?,
        version: row.get(2)?,
        package: row.get(3)?,
        title: row.get(4)?,
        kind: row.get(5)?,
        status: QuestionStatus::parse(&status)?,
        findings: row.get(7)?,
        created_by: row.get(8)?,
        created_at: row.get(9)?,
        checked_at: row.get(10)?,
    })
}

/// Adds the next version of `new.slug` for `team` with its package, deleting the slug's
/// rejected versions (nothing refers to them); refused past [`MAX_QUESTION_VERSIONS`].
pub(crate) fn add(db: &dyn Db, now: Millis, team: &str, new: &NewQuestion<'_>, actor: &str) -> Result<QuestionRecord> {
    let last: Option<i64> = db
        .query_one("SELECT MAX(version) FROM private_problems WHERE team = ?1 AND slug = ?2", args![team, new.slug])?
        .get(0)?;
    let version = u32::try_from(last.unwrap_or(0) + 1).map_err(|e| corrupt("question version", e))?;
    // Numbered before the rejected ones go, so a number is never used twice. Their packages go
    // too, unless something else names the same bytes (another team's identical upload, a
    // submission or a run): repeated failed uploads do not pile up.
    let rejected = db.query_map(
        "SELECT package FROM private_problems WHERE team = ?1 AND slug = ?2 AND status = 'rejected'",
        args![team, new.slug],
        |r| r.get::<String>(0),
    )?;
    db.execute(
        "DELETE FROM private_problems WHERE team = ?1 AND slug = ?2 AND status = 'rejected'",
        args![team, new.slug],
    )?;
    for hash in rejected.iter().filter(|h| h.as_str() != new.package) {
        db.execute(
            "DELETE FROM packages WHERE hash = ?1
             AND NOT EXISTS (SELECT 1 FROM private_problems WHERE package = ?1)
             AND NOT EXISTS (SELECT 1 FROM submissions WHERE package = ?1)
             AND NOT EXISTS (SELECT 1 FROM runs WHERE package = ?1)",
            args![hash],
        )?;
    }
    let kept: i64 = db.query_one("SELECT COUNT(*) FROM private_problems WHERE team = ?1", args![team])?.get(0)?;
    if kept >= MAX_QUESTION_VERSIONS {
        return Err(StoreError::Conflict {
            code: "too_many_versions",
            message: format!("the team keeps {kept} versions of private problems, the most it may keep"),
        });
    }
    put_package(db, now, new.package, new.slug, new.bytes)?;
    let checked_at = (new.status != QuestionStatus::Checking).then_some(now);
    db.execute(
        &format!("INSERT INTO private_problems ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
        args![
            team,
            new.slug,
            version,
            new.package,
            new.title,
            new.kind,
            new.status.as_str(),
            new.findings,
            actor,
            now,
            checked_at
        ],
    )?;
    let detail = serde_json::json!({"slug": new.slug, "version": version, "package": new.package});
    crate::audit::team_audit_in(db, now, team, actor, "question_uploaded", &detail)?;
    Ok(QuestionRecord {
        team: team.to_owned(),
        slug: new.slug.to_owned(),
        version,
        package: new.package.to_owned(),
        title: new.title.to_owned(),
        kind: new.kind.to_owned(),
        status: new.status,
        findings: new.findings.to_owned(),
        created_by: actor.to_owned(),
        created_at: now,
        checked_at,
    })
}

/// Ends the check of a version still `checking`; false when it is not (ended, or deleted).
pub(crate) fn finish_check(
    db: &dyn Db,
    now: Millis,
    team: &str,
    slug: &str,
    version: u32,
    status: QuestionStatus,
    findings: &str,
) -> Result<bool> {
    let changed = db.execute(
        "UPDATE private_problems SET status = ?4, findings = ?5, checked_at = ?6
         WHERE team = ?1 AND slug = ?2 AND version = ?3 AND status = 'checking'",
        args![team, slug, version, status.as_str(), findings, now],
    )?;
    Ok(changed > 0)
}

/// The newest version of each of the team's slugs, by slug.
pub(crate) fn latest(db: &dyn Db, team: &str) -> Result<Vec<QuestionRecord>> {
    db.query_map(
        &format!(
            "SELECT {COLUMNS} FROM private_problems p WHERE team = ?1
             AND version = (SELECT MAX(version) FROM private_problems q WHERE q.team = p.team AND q.slug = p.slug)
             ORDER BY slug"
        ),
        args![team],
        record_of,
    )
}

/// One version of the team's slug, or its newest when `version` is None.
pub(crate) fn version(db: &dyn Db, team: &str, slug: &str, version: Option<u32>) -> Result<Option<QuestionRecord>> {
    let row = match version {
        Some(v) => db.query_opt(
            &format!("SELECT {COLUMNS} FROM private_problems WHERE team = ?1 AND slug = ?2 AND version = ?3"),
            args![team, slug, v],
        )?,
        None => db.query_opt(
            &format!(
                "SELECT {COLUMNS} FROM private_problems WHERE team = ?1 AND slug = ?2 ORDER BY version DESC LIMIT 1"
            ),
            args![team, slug],
        )?,
    };
    row.map(|r| record_of(&r)).transpose()
}

/// Versions of any team still `checking` that were stored before `stored_before`, oldest first.
pub(crate) fn unfinished_checks(db: &dyn Db, stored_before: Millis, limit: u32) -> Result<Vec<QuestionRecord>> {
    db.query_map(
        &format!(
            "SELECT {COLUMNS} FROM private_problems WHERE status = 'checking' AND created_at < ?1
             ORDER BY created_at, team, slug, version LIMIT ?2"
        ),
        args![stored_before, limit],
        record_of,
    )
}

/// The newest accepted version of the team's slug: what a new assessment uses.
pub(crate) fn accepted(db: &dyn Db, team: &str, slug: &str) -> Result<Option<QuestionRecord>> {
    db.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM private_problems WHERE team = ?1 AND slug = ?2 AND status = 'accepted'
             ORDER BY version DESC LIMIT 1"
        ),
        args![team, slug],
    )?
    .map(|r| record_of(&r))
    .transpose()
}
