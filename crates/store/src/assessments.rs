//! Timed assessments a team builds from the catalogue. Every query that reads or changes one
//! names the team that owns it, so one team's request cannot reach another team's data even
//! when an id leaks.

use crate::audit::audit_in;
use crate::clock::Millis;
use crate::error::{corrupt, Result, StoreError};
use crate::sql::{args, Db, Row};
use crate::submissions::SubmissionSummary;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One problem a slot can give a candidate: a catalogue problem by slug, or one of the team's
/// private problems with the version it was made with (so a later upload does not change what
/// its candidates are judged on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotProblem {
    pub slug: String,
    /// None for a catalogue problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private: Option<PrivateVersion>,
}

/// One slot of an assessment and what it is worth: one problem, or a pool of several from which
/// each candidate draws one when they press Start (see `draws`). A slug is in at most one slot
/// of an assessment, so a candidate's problem names its slot. Stored as
/// `{"slug", "points", "private"?}` for one problem (as before pools) and `{"pool": [...],
/// "points"}` for a pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StoredSlot", into = "StoredSlot")]
pub struct ProblemPoints {
    pub points: u32,
    /// One problem, or the pool's members in the order the team listed them.
    pub members: Vec<SlotProblem>,
}

impl ProblemPoints {
    /// A slot of one problem.
    pub fn one(slug: &str, points: u32, private: Option<PrivateVersion>) -> Self {
        Self { points, members: vec![SlotProblem { slug: slug.to_owned(), private }] }
    }

    /// Whether each candidate draws one of several problems.
    pub fn is_pool(&self) -> bool {
        self.members.len() > 1
    }

    /// The slot's problem when it has one only (not a pool).
    pub fn single(&self) -> Option<&SlotProblem> {
        match self.members.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The member of this slot with `slug`.
    pub fn member(&self, slug: &str) -> Option<&SlotProblem> {
        self.members.iter().find(|m| m.slug == slug)
    }

    /// Of a candidate's submissions that count (one per problem), the one for this slot: a
    /// candidate submits only to the member they drew, and a slug is in one slot only.
    pub fn counted<'a>(&self, best: &'a [SubmissionSummary]) -> Option<&'a SubmissionSummary> {
        best.iter().find(|s| self.member(&s.problem).is_some())
    }
}

/// A slot as stored (see [`ProblemPoints`]).
#[derive(Serialize, Deserialize)]
struct StoredSlot {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    slug: Option<String>,
    points: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    private: Option<PrivateVersion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pool: Option<Vec<SlotProblem>>,
}

impl TryFrom<StoredSlot> for ProblemPoints {
    type Error = String;

    fn try_from(stored: StoredSlot) -> std::result::Result<Self, String> {
        match (stored.slug, stored.pool) {
            (Some(slug), None) => Ok(Self::one(&slug, stored.points, stored.private)),
            (None, Some(pool)) if !pool.is_empty() && stored.private.is_none() => {
                Ok(Self { points: stored.points, members: pool })
            }
            _ => Err("a slot holds either a slug (with its private version) or a non-empty pool".to_owned()),
        }
    }
}

impl From<ProblemPoints> for StoredSlot {
    fn from(slot: ProblemPoints) -> Self {
        let points = slot.points;
        match <[SlotProblem; 1]>::try_from(slot.members) {
            Ok([one]) => StoredSlot { slug: Some(one.slug), points, private: one.private, pool: None },
            Err(pool) => StoredSlot { slug: None, points, private: None, pool: Some(pool) },
        }
    }
}

/// The version of a team's private problem an assessment uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateVersion {
    pub version: u32,
    /// Its package's content hash: what its submissions are judged against.
    pub package: String,
    /// Its title and kind, for the views (the catalogue does not have them).
    pub title: String,
    pub kind: String,
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

const ASSESSMENT_COLUMNS: &str = "id, team, title, instructions, duration_ms, opens_at, closes_at, practice_problem, \
     problems, archived_at, created_by, created_at";

fn assessment_of(row: &Row) -> Result<AssessmentRecord> {
    let problems: String = row.get(8)?;
    Ok(AssessmentRecord {
        id: row.get(0)?,
        team: row.get(1)?,
        spec: AssessmentSpec {
            title: row.get(2)?,
            instructions: row.get(3)?,
            duration_ms: row.get(4)?,
            opens_at: row.get(5)?,
            closes_at: row.get(6)?,
            practice_problem: row.get(7)?,
            problems: parse_problems(&problems)?,
        },
        archived_at: row.get(9)?,
        created_by: row.get(10)?,
        created_at: row.get(11)?,
    })
}

fn parse_problems(problems: &str) -> Result<Vec<ProblemPoints>> {
    serde_json::from_str(problems).map_err(|e| corrupt("assessment problems", e))
}

fn problems_json(spec: &AssessmentSpec) -> Result<String> {
    serde_json::to_string(&spec.problems).map_err(|e| corrupt("assessment problems", e))
}

pub(crate) fn create_assessment(
    db: &dyn Db,
    now: Millis,
    team: &str,
    id: &str,
    spec: &AssessmentSpec,
    actor: &str,
) -> Result<AssessmentRecord> {
    db.execute(
        "INSERT INTO assessments (id, team, title, instructions, duration_ms, opens_at, closes_at, practice_problem,
         problems, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        args![
            id,
            team,
            &spec.title,
            &spec.instructions,
            spec.duration_ms,
            spec.opens_at,
            spec.closes_at,
            spec.practice_problem.as_deref(),
            problems_json(spec)?,
            actor,
            now
        ],
    )?;
    audit_in(db, now, id, actor, "created", None, &serde_json::json!({"title": spec.title}))?;
    Ok(AssessmentRecord {
        id: id.to_owned(),
        team: team.to_owned(),
        spec: spec.clone(),
        archived_at: None,
        created_by: actor.to_owned(),
        created_at: now,
    })
}

/// The team's assessment.
pub(crate) fn assessment(db: &dyn Db, team: &str, id: &str) -> Result<Option<AssessmentRecord>> {
    db.query_opt(&format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = ?1 AND team = ?2"), args![id, team])?
        .map(|r| assessment_of(&r))
        .transpose()
}

/// An assessment whatever its team: only for an id already reached through its owner (an
/// invitation's link).
pub(crate) fn assessment_by_id(db: &dyn Db, id: &str) -> Result<AssessmentRecord> {
    let row = db.query_opt(&format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = ?1"), args![id])?;
    assessment_of(&row.ok_or(StoreError::Missing("assessment"))?)
}

/// The team's assessments, newest first.
pub(crate) fn assessments(db: &dyn Db, team: &str) -> Result<Vec<AssessmentRecord>> {
    db.query_map(
        &format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE team = ?1 ORDER BY created_at DESC, rowid DESC"),
        args![team],
        assessment_of,
    )
}

/// Replaces the spec; a Conflict once a candidate started if the problems or duration change.
pub(crate) fn update_assessment(
    db: &dyn Db,
    now: Millis,
    team: &str,
    id: &str,
    spec: &AssessmentSpec,
    actor: &str,
) -> Result<Option<AssessmentRecord>> {
    let Some(mut record) = assessment(db, team, id)? else { return Ok(None) };
    let started: bool = db
        .query_one("SELECT COUNT(*) > 0 FROM invitations WHERE assessment = ?1 AND started_at IS NOT NULL", args![id])?
        .get(0)?;
    if started && (record.spec.problems != spec.problems || record.spec.duration_ms != spec.duration_ms) {
        return Err(StoreError::Conflict {
            code: "assessment_started",
            message: "a candidate has started this assessment: its problems and duration can no longer change \
                      (duplicate it to make a new version)"
                .into(),
        });
    }
    db.execute(
        "UPDATE assessments SET title = ?2, instructions = ?3, duration_ms = ?4, opens_at = ?5, closes_at = ?6,
         practice_problem = ?7, problems = ?8 WHERE id = ?1",
        args![
            id,
            &spec.title,
            &spec.instructions,
            spec.duration_ms,
            spec.opens_at,
            spec.closes_at,
            spec.practice_problem.as_deref(),
            problems_json(spec)?
        ],
    )?;
    audit_in(db, now, id, actor, "edited", None, &serde_json::json!({"title": spec.title}))?;
    record.spec = spec.clone();
    Ok(Some(record))
}

pub(crate) fn set_archived(
    db: &dyn Db,
    now: Millis,
    team: &str,
    id: &str,
    archived: bool,
    actor: &str,
) -> Result<Option<AssessmentRecord>> {
    let Some(mut record) = assessment(db, team, id)? else { return Ok(None) };
    if record.archived_at.is_some() != archived {
        record.archived_at = archived.then_some(now);
        db.execute("UPDATE assessments SET archived_at = ?2 WHERE id = ?1", args![id, record.archived_at])?;
        let action = if archived { "archived" } else { "unarchived" };
        audit_in(db, now, id, actor, action, None, &Value::Null)?;
    }
    Ok(Some(record))
}

/// An assessment's duration.
pub(crate) fn duration_ms(db: &dyn Db, id: &str) -> Result<Millis> {
    db.query_opt("SELECT duration_ms FROM assessments WHERE id = ?1", args![id])?
        .ok_or(StoreError::Missing("assessment"))?
        .get(0)
}

/// An assessment's problems.
pub(crate) fn problems(db: &dyn Db, id: &str) -> Result<Vec<ProblemPoints>> {
    let row = db.query_opt("SELECT problems FROM assessments WHERE id = ?1", args![id])?;
    let problems: String = row.ok_or(StoreError::Missing("assessment"))?.get(0)?;
    parse_problems(&problems)
}
