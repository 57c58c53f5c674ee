//! The team's review of a candidate and the figures of the candidate's work behind the report:
//! reviewers' notes (edited or deleted by their author only, a capped number per candidate),
//! one scorecard per member per candidate, every change in the assessment's audit log in the
//! same transaction; and, per problem of an attempt, its runs, submissions and the span of its
//! saves. Nothing here is ever read through a candidate's link.

use crate::audit::audit_in;
use crate::clock::Millis;
use crate::error::{Result, StoreError};
use crate::invitations::read_invitation;
use crate::owner::Owner;
use crate::sql::{args, Db, Row};
use serde_json::json;

/// The most notes one candidate (invitation) may have: a note past it is refused with a
/// Conflict `too_many_notes`.
pub const MAX_NOTES_PER_CANDIDATE: i64 = 50;
/// The longest note, in characters (checked by the server before it reaches the store).
pub const MAX_NOTE_CHARS: usize = 4000;

/// One note on a candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRecord {
    pub id: String,
    pub invitation: String,
    /// The author's user id (who may edit or delete it) and email (how it is shown).
    pub author: String,
    pub author_email: String,
    pub text: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// One member's scorecard of a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct ScorecardRecord {
    pub invitation: String,
    pub author: String,
    pub author_email: String,
    /// Criterion → rating, as the server checked it.
    pub ratings: serde_json::Value,
    /// `strong_no`, `no`, `yes` or `strong_yes`.
    pub recommendation: String,
    pub updated_at: Millis,
}

/// Who writes: a team member's id and email.
#[derive(Debug, Clone, Copy)]
pub struct Reviewer<'a> {
    pub id: &'a str,
    pub email: &'a str,
}

/// What the store holds of a candidate's work on one problem of an attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProblemActivity {
    pub problem: String,
    /// The first and last draft revision saved (autosave, run or submit).
    pub first_saved_at: Option<Millis>,
    pub last_saved_at: Option<Millis>,
    /// The candidate's last own submission.
    pub last_submitted_at: Option<Millis>,
    /// Times Run was pressed (counted since schema version 9).
    pub runs: i64,
    /// Submissions the candidate made.
    pub submissions: i64,
    /// Submissions the system made of the last draft, at Finish or the deadline.
    pub system_submissions: i64,
}

const NOTE_COLUMNS: &str = "id, invitation, author, author_email, text, created_at, updated_at";

fn note_of(r: &Row) -> Result<NoteRecord> {
    Ok(NoteRecord {
        id: r.get(0)?,
        invitation: r.get(1)?,
        author: r.get(2)?,
        author_email: r.get(3)?,
        text: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

/// The invitation's notes, oldest first.
pub(crate) fn notes(db: &dyn Db, invitation: &str) -> Result<Vec<NoteRecord>> {
    db.query_map(
        &format!("SELECT {NOTE_COLUMNS} FROM review_notes WHERE invitation = ?1 ORDER BY created_at, id"),
        args![invitation],
        note_of,
    )
}

/// The note `id` of the invitation, Missing when the invitation has none by that id.
fn note(db: &dyn Db, invitation: &str, id: &str) -> Result<NoteRecord> {
    db.query_opt(
        &format!("SELECT {NOTE_COLUMNS} FROM review_notes WHERE id = ?1 AND invitation = ?2"),
        args![id, invitation],
    )?
    .map(|r| note_of(&r))
    .transpose()?
    .ok_or(StoreError::Missing("note"))
}

fn not_author() -> StoreError {
    StoreError::Conflict { code: "not_author", message: "only a note's author may change or delete it".into() }
}

/// Adds a note; a Conflict `too_many_notes` past [`MAX_NOTES_PER_CANDIDATE`].
pub(crate) fn add_note(
    db: &dyn Db,
    now: Millis,
    invitation: &str,
    id: &str,
    author: Reviewer<'_>,
    text: &str,
) -> Result<NoteRecord> {
    let record = read_invitation(db, invitation)?;
    let count: i64 =
        db.query_one("SELECT COUNT(*) FROM review_notes WHERE invitation = ?1", args![invitation])?.get(0)?;
    if count >= MAX_NOTES_PER_CANDIDATE {
        return Err(StoreError::Conflict {
            code: "too_many_notes",
            message: format!(
                "a candidate may have at most {MAX_NOTES_PER_CANDIDATE} notes: edit or delete one instead"
            ),
        });
    }
    db.execute(
        "INSERT INTO review_notes (id, invitation, author, author_email, text, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        args![id, invitation, author.id, author.email, text, now],
    )?;
    audit_in(db, now, &record.assessment, author.email, "note_added", Some(invitation), &json!({"note": id}))?;
    note(db, invitation, id)
}

/// Replaces a note's text: Missing for no such note, a Conflict `not_author` for another's.
pub(crate) fn edit_note(
    db: &dyn Db,
    now: Millis,
    invitation: &str,
    id: &str,
    author: Reviewer<'_>,
    text: &str,
) -> Result<NoteRecord> {
    let record = read_invitation(db, invitation)?;
    if note(db, invitation, id)?.author != author.id {
        return Err(not_author());
    }
    db.execute("UPDATE review_notes SET text = ?2, updated_at = ?3 WHERE id = ?1", args![id, text, now])?;
    audit_in(db, now, &record.assessment, author.email, "note_edited", Some(invitation), &json!({"note": id}))?;
    note(db, invitation, id)
}

/// Deletes a note: Missing for no such note, a Conflict `not_author` for another's.
pub(crate) fn delete_note(db: &dyn Db, now: Millis, invitation: &str, id: &str, author: Reviewer<'_>) -> Result<()> {
    let record = read_invitation(db, invitation)?;
    if note(db, invitation, id)?.author != author.id {
        return Err(not_author());
    }
    db.execute("DELETE FROM review_notes WHERE id = ?1", args![id])?;
    audit_in(db, now, &record.assessment, author.email, "note_deleted", Some(invitation), &json!({"note": id}))?;
    Ok(())
}

/// The invitation's scorecards, oldest change first.
pub(crate) fn scorecards(db: &dyn Db, invitation: &str) -> Result<Vec<ScorecardRecord>> {
    db.query_map(
        "SELECT invitation, author, author_email, ratings, recommendation, updated_at FROM scorecards
         WHERE invitation = ?1 ORDER BY updated_at, author",
        args![invitation],
        |r| {
            let ratings: String = r.get(3)?;
            Ok(ScorecardRecord {
                invitation: r.get(0)?,
                author: r.get(1)?,
                author_email: r.get(2)?,
                ratings: serde_json::from_str(&ratings).map_err(|e| crate::error::corrupt("scorecard ratings", e))?,
                recommendation: r.get(4)?,
                updated_at: r.get(5)?,
            })
        },
    )
}

/// Sets the author's one scorecard of the invitation (made or replaced).
pub(crate) fn put_scorecard(
    db: &dyn Db,
    now: Millis,
    invitation: &str,
    author: Reviewer<'_>,
    ratings: &serde_json::Value,
    recommendation: &str,
) -> Result<ScorecardRecord> {
    let record = read_invitation(db, invitation)?;
    db.execute(
        "INSERT INTO scorecards (invitation, author, author_email, ratings, recommendation, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (invitation, author) DO UPDATE SET author_email = excluded.author_email,
             ratings = excluded.ratings, recommendation = excluded.recommendation, updated_at = excluded.updated_at",
        args![invitation, author.id, author.email, ratings.to_string(), recommendation, now],
    )?;
    let detail = json!({"recommendation": recommendation});
    audit_in(db, now, &record.assessment, author.email, "scorecard_saved", Some(invitation), &detail)?;
    scorecards(db, invitation)?
        .into_iter()
        .find(|s| s.author == author.id)
        .ok_or(StoreError::Missing("scorecard just saved"))
}

/// Counts one press of Run on a problem of an attempt (in the transaction that saves its draft).
pub(crate) fn count_run(db: &dyn Db, invitation: &str, problem: &str) -> Result<()> {
    db.execute(
        "INSERT INTO attempt_runs (invitation, problem, runs) VALUES (?1, ?2, 1)
         ON CONFLICT (invitation, problem) DO UPDATE SET runs = attempt_runs.runs + 1",
        args![invitation, problem],
    )?;
    Ok(())
}

/// Per problem the attempt touched: its runs, submissions and the span of its saves, by problem.
pub(crate) fn activity(db: &dyn Db, invitation: &str) -> Result<Vec<ProblemActivity>> {
    let mut found: Vec<ProblemActivity> = Vec::new();
    fn entry(found: &mut Vec<ProblemActivity>, problem: String) -> &mut ProblemActivity {
        let at = match found.iter().position(|a| a.problem == problem) {
            Some(at) => at,
            None => {
                found.push(ProblemActivity { problem, ..ProblemActivity::default() });
                found.len() - 1
            }
        };
        &mut found[at]
    }
    let saves: Vec<(String, Millis, Millis)> = db.query_map(
        "SELECT problem, MIN(saved_at), MAX(saved_at) FROM attempt_drafts WHERE invitation = ?1 GROUP BY problem",
        args![invitation],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    for (problem, first, last) in saves {
        let a = entry(&mut found, problem);
        (a.first_saved_at, a.last_saved_at) = (Some(first), Some(last));
    }
    let owner = Owner::Attempt(invitation.to_owned());
    let submitted: Vec<(String, String, i64, Millis)> = db.query_map(
        "SELECT problem, origin, COUNT(*), MAX(created_at) FROM submissions WHERE candidate = ?1
         GROUP BY problem, origin",
        args![&owner],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    for (problem, origin, count, last) in submitted {
        let a = entry(&mut found, problem);
        if origin == "candidate" {
            (a.submissions, a.last_submitted_at) = (count, Some(last));
        } else {
            a.system_submissions += count;
        }
    }
    let runs: Vec<(String, i64)> =
        db.query_map("SELECT problem, runs FROM attempt_runs WHERE invitation = ?1", args![invitation], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    for (problem, count) in runs {
        entry(&mut found, problem).runs = count;
    }
    found.sort_by(|a, b| a.problem.cmp(&b.problem));
    Ok(found)
}
