//! Timed assessments a team builds from the catalogue. Every query that reads or changes one
//! names the team that owns it, so one team's request cannot reach another team's data even
//! when an id leaks.

use crate::audit::audit_in;
use crate::clock::Millis;
use crate::error::{corrupt, Result, StoreError};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

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

const ASSESSMENT_COLUMNS: &str = "id, team, title, instructions, duration_ms, opens_at, closes_at, practice_problem, \
     problems, archived_at, created_by, created_at";

/// A row, with its problems still as stored JSON.
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

fn parse_problems(problems: &str) -> Result<Vec<ProblemPoints>> {
    serde_json::from_str(problems).map_err(|e| corrupt("assessment problems", e))
}

fn finish_assessment((mut record, problems): AssessmentRow) -> Result<AssessmentRecord> {
    record.spec.problems = parse_problems(&problems)?;
    Ok(record)
}

fn problems_json(spec: &AssessmentSpec) -> Result<String> {
    serde_json::to_string(&spec.problems).map_err(|e| corrupt("assessment problems", e))
}

pub(crate) fn create_assessment(
    connection: &Connection,
    now: Millis,
    team: &str,
    id: &str,
    spec: &AssessmentSpec,
    actor: &str,
) -> Result<AssessmentRecord> {
    connection.execute(
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
            problems_json(spec)?,
            actor,
            now
        ],
    )?;
    audit_in(connection, now, id, actor, "created", None, &serde_json::json!({"title": spec.title}))?;
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
pub(crate) fn assessment(connection: &Connection, team: &str, id: &str) -> Result<Option<AssessmentRecord>> {
    connection
        .query_row(
            &format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = ?1 AND team = ?2"),
            [id, team],
            assessment_of,
        )
        .optional()?
        .map(finish_assessment)
        .transpose()
}

/// An assessment whatever its team: only for an id already reached through its owner (an
/// invitation's link).
pub(crate) fn assessment_by_id(connection: &Connection, id: &str) -> Result<AssessmentRecord> {
    connection
        .query_row(&format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = ?1"), [id], assessment_of)
        .map_err(StoreError::from)
        .and_then(finish_assessment)
}

/// The team's assessments, newest first.
pub(crate) fn assessments(connection: &Connection, team: &str) -> Result<Vec<AssessmentRecord>> {
    let mut statement = connection.prepare(&format!(
        "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE team = ?1 ORDER BY created_at DESC, rowid DESC"
    ))?;
    let rows = statement.query_map([team], assessment_of)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(finish_assessment).collect()
}

/// Replaces the spec; a Conflict once a candidate started if the problems or duration change.
pub(crate) fn update_assessment(
    connection: &Connection,
    now: Millis,
    team: &str,
    id: &str,
    spec: &AssessmentSpec,
    actor: &str,
) -> Result<Option<AssessmentRecord>> {
    let Some(mut record) = assessment(connection, team, id)? else { return Ok(None) };
    let started: bool = connection.query_row(
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
    connection.execute(
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
            problems_json(spec)?
        ],
    )?;
    audit_in(connection, now, id, actor, "edited", None, &serde_json::json!({"title": spec.title}))?;
    record.spec = spec.clone();
    Ok(Some(record))
}

pub(crate) fn set_archived(
    connection: &Connection,
    now: Millis,
    team: &str,
    id: &str,
    archived: bool,
    actor: &str,
) -> Result<Option<AssessmentRecord>> {
    let Some(mut record) = assessment(connection, team, id)? else { return Ok(None) };
    if record.archived_at.is_some() != archived {
        record.archived_at = archived.then_some(now);
        connection.execute("UPDATE assessments SET archived_at = ?2 WHERE id = ?1", params![id, record.archived_at])?;
        let action = if archived { "archived" } else { "unarchived" };
        audit_in(connection, now, id, actor, action, None, &Value::Null)?;
    }
    Ok(Some(record))
}

/// An assessment's duration.
pub(crate) fn duration_ms(connection: &Connection, id: &str) -> Result<Millis> {
    Ok(connection.query_row("SELECT duration_ms FROM assessments WHERE id = ?1", [id], |r| r.get(0))?)
}

/// An assessment's problems.
pub(crate) fn problems(connection: &Connection, id: &str) -> Result<Vec<ProblemPoints>> {
    let problems: String =
        connection.query_row("SELECT problems FROM assessments WHERE id = ?1", [id], |r| r.get(0))?;
    parse_problems(&problems)
}
