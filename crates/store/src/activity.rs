//! What an attempt records beside its drafts, for the team's timeline and playback: events (a
//! paste and its size, the page losing or regaining focus, a run) and the editor's changes as
//! batches of deltas. Both are written only while the attempt runs (refused with TimeOver after
//! the deadline, like autosave), and both are capped: past [`MAX_ATTEMPT_EVENTS`] events an
//! attempt's further events are dropped (the timeline says it was cut); past
//! [`MAX_RECORDING_BYTES`] of deltas for one problem its recording is marked cut and keeps
//! nothing more, while the autosave revisions go on as before. Times are the server's: the
//! page says how long ago each thing happened, and the store subtracts that from its own now.

use crate::attempts::check_running;
use crate::clock::Millis;
use crate::error::{corrupt, Result};
use crate::invitations::read_invitation;
use crate::sql::{args, Db};
use serde::{Deserialize, Serialize};

/// How many events one attempt keeps (every problem together); later ones are dropped.
pub const MAX_ATTEMPT_EVENTS: i64 = 5000;
/// How many bytes of deltas (as stored, JSON) one attempt keeps per problem; past it the
/// recording is cut. A megabyte is hours of typing; a paste of a whole file costs its size.
pub const MAX_RECORDING_BYTES: i64 = 1_000_000;
/// The longest "this happened N ms ago" the store believes: a page that held its batch longer
/// (asleep, offline) has its times clamped to this, so nothing lands before the batch could.
pub const MAX_EVENT_AGE_MS: i64 = 10 * 60 * 1000;

/// One event as the page or the server reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// `paste`, `blur`, `focus` (from the page) or `run` (from the server).
    pub kind: String,
    /// How long before the batch reached the server it happened.
    pub age_ms: i64,
    /// Characters pasted (for `paste`).
    pub chars: Option<i64>,
}

/// One change to the editor's text: replace the UTF-16 code units `from..to` of the text as
/// it is after the change before it with `insert`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delta {
    /// Server time (ms) it was made; in a new batch, the page's age in ms.
    pub at: Millis,
    pub from: u32,
    pub to: u32,
    pub insert: String,
}

/// A batch of an editor's changes. `base` is the whole text the editor held before its first
/// change (sent by the first batch of each page, so a recording survives a reload or a lost
/// batch: playback starts again from the next base).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeltaBatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    pub changes: Vec<Delta>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityEvent {
    pub problem: String,
    pub kind: String,
    pub at: Millis,
    pub chars: Option<i64>,
}

/// A problem's recording: its batches in the order they arrived, and whether it was cut.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recording {
    pub batches: Vec<DeltaBatch>,
    pub cut: bool,
}

/// What became of a batch: whether the attempt's timeline and this problem's recording are
/// cut (so the page can stop sending what would not be kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kept {
    pub timeline_cut: bool,
    pub recording_cut: bool,
}

fn age(now: Millis, age_ms: i64) -> Millis {
    now - age_ms.clamp(0, MAX_EVENT_AGE_MS)
}

/// Appends events, as many as the attempt's cap leaves room for. True when some were dropped
/// (or the cap was already reached).
pub(crate) fn append_events(
    db: &dyn Db,
    now: Millis,
    invitation: &str,
    problem: &str,
    events: &[NewEvent],
) -> Result<bool> {
    let row = db.query_one(
        "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM attempt_events WHERE invitation = ?1",
        args![invitation],
    )?;
    let (count, mut seq): (i64, i64) = (row.get(0)?, row.get(1)?);
    let room = usize::try_from((MAX_ATTEMPT_EVENTS - count).max(0)).unwrap_or(0);
    for event in events.iter().take(room) {
        seq += 1;
        db.execute(
            "INSERT INTO attempt_events (invitation, seq, problem, kind, at, chars) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![invitation, seq, problem, event.kind.as_str(), age(now, event.age_ms), event.chars],
        )?;
    }
    Ok(count + i64::try_from(events.len()).unwrap_or(i64::MAX) > MAX_ATTEMPT_EVENTS)
}

/// Stores a batch of deltas unless the recording is cut or the batch would pass the cap (which
/// cuts it). True when the recording is cut.
fn append_deltas(db: &dyn Db, now: Millis, invitation: &str, problem: &str, batch: &DeltaBatch) -> Result<bool> {
    let state = db.query_opt(
        "SELECT bytes, cut FROM attempt_recordings WHERE invitation = ?1 AND problem = ?2",
        args![invitation, problem],
    )?;
    let (bytes, cut): (i64, i64) = match state {
        Some(row) => (row.get(0)?, row.get(1)?),
        None => {
            db.execute(
                "INSERT INTO attempt_recordings (invitation, problem, bytes, cut) VALUES (?1, ?2, 0, 0)",
                args![invitation, problem],
            )?;
            (0, 0)
        }
    };
    if cut != 0 {
        return Ok(true);
    }
    if batch.base.is_none() && batch.changes.is_empty() {
        return Ok(false);
    }
    let stored = DeltaBatch {
        base: batch.base.clone(),
        changes: batch.changes.iter().map(|d| Delta { at: age(now, d.at), ..d.clone() }).collect(),
    };
    let payload = serde_json::to_string(&stored).map_err(|e| corrupt("deltas", e.to_string()))?;
    let size = i64::try_from(payload.len()).unwrap_or(i64::MAX);
    if bytes.saturating_add(size) > MAX_RECORDING_BYTES {
        db.execute(
            "UPDATE attempt_recordings SET cut = 1 WHERE invitation = ?1 AND problem = ?2",
            args![invitation, problem],
        )?;
        return Ok(true);
    }
    let seq: i64 = db
        .query_one(
            "SELECT COALESCE(MAX(seq), 0) FROM attempt_deltas WHERE invitation = ?1 AND problem = ?2",
            args![invitation, problem],
        )?
        .get(0)?;
    db.execute(
        "INSERT INTO attempt_deltas (invitation, problem, seq, at, payload) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![invitation, problem, seq + 1, now, payload],
    )?;
    db.execute(
        "UPDATE attempt_recordings SET bytes = bytes + ?3 WHERE invitation = ?1 AND problem = ?2",
        args![invitation, problem, size],
    )?;
    Ok(false)
}

/// Records a batch from the attempt's page (events and, when given, deltas) for one problem,
/// refused with TimeOver after the deadline. Each `Delta::at` of `deltas` is an age in ms.
pub(crate) fn record_activity(
    db: &dyn Db,
    now: Millis,
    invitation: &str,
    problem: &str,
    events: &[NewEvent],
    deltas: Option<&DeltaBatch>,
) -> Result<Kept> {
    check_running(&read_invitation(db, invitation)?, now)?;
    let timeline_cut = append_events(db, now, invitation, problem, events)?;
    let recording_cut = match deltas {
        Some(batch) => append_deltas(db, now, invitation, problem, batch)?,
        None => false,
    };
    Ok(Kept { timeline_cut, recording_cut })
}

/// Every event of an attempt, in the order they were stored.
pub(crate) fn activity_events(db: &dyn Db, invitation: &str) -> Result<Vec<ActivityEvent>> {
    db.query_map(
        "SELECT problem, kind, at, chars FROM attempt_events WHERE invitation = ?1 ORDER BY seq",
        args![invitation],
        |r| Ok(ActivityEvent { problem: r.get(0)?, kind: r.get(1)?, at: r.get(2)?, chars: r.get(3)? }),
    )
}

/// One problem's recording of an attempt.
pub(crate) fn recording(db: &dyn Db, invitation: &str, problem: &str) -> Result<Recording> {
    let cut = db
        .query_opt(
            "SELECT cut FROM attempt_recordings WHERE invitation = ?1 AND problem = ?2",
            args![invitation, problem],
        )?
        .map(|r| r.get::<i64>(0))
        .transpose()?
        .is_some_and(|c| c != 0);
    let payloads: Vec<String> = db.query_map(
        "SELECT payload FROM attempt_deltas WHERE invitation = ?1 AND problem = ?2 ORDER BY seq",
        args![invitation, problem],
        |r| r.get(0),
    )?;
    let batches = payloads
        .iter()
        .map(|p| serde_json::from_str(p).map_err(|e| corrupt("deltas", e.to_string())))
        .collect::<Result<Vec<DeltaBatch>>>()?;
    Ok(Recording { batches, cut })
}

/// One attempt's last saved code for a problem, in another assessment of the same team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamCode {
    pub invitation: String,
    pub name: String,
    pub assessment: String,
    pub assessment_title: String,
    pub code: String,
}

/// The last saved code of the team's attempts at `problem` in assessments other than
/// `except`, newest start first, at most `limit`.
pub(crate) fn team_codes(db: &dyn Db, team: &str, problem: &str, except: &str, limit: u32) -> Result<Vec<TeamCode>> {
    db.query_map(
        "SELECT i.id, i.name, a.id, a.title, d.code FROM invitations i
         JOIN assessments a ON a.id = i.assessment
         JOIN attempt_drafts d ON d.invitation = i.id AND d.problem = ?2
         WHERE a.team = ?1 AND a.id <> ?3 AND i.started_at IS NOT NULL
           AND d.seq = (SELECT MAX(m.seq) FROM attempt_drafts m WHERE m.invitation = i.id AND m.problem = ?2)
         ORDER BY i.started_at DESC, i.id LIMIT ?4",
        args![team, problem, except, limit],
        |r| {
            Ok(TeamCode {
                invitation: r.get(0)?,
                name: r.get(1)?,
                assessment: r.get(2)?,
                assessment_title: r.get(3)?,
                code: r.get(4)?,
            })
        },
    )
}
