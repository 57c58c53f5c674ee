//! Practice aids: how many of a problem's hints a practice owner revealed and whether they
//! asked for its write-up, one row per owner and problem; and each problem's acceptance rate
//! over every practice candidate, in one aggregate query. Attempts never have rows here: the
//! server gives no aid in an assessment.

use crate::clock::Millis;
use crate::error::Result;
use crate::owner::{Owner, ATTEMPT_PREFIX};
use crate::sql::{args, Db};
use crate::submissions::ACCEPTED;
use std::collections::HashMap;

/// What a practice owner asked of one problem's aids.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AidState {
    /// Hints revealed, in order: the first `hints_revealed` are shown.
    pub hints_revealed: u32,
    /// Whether they asked for the write-up (the server gives it only after a submission).
    pub writeup_asked: bool,
}

/// A problem's acceptance: of the practice candidates with a graded submission to it (`tried`),
/// how many had one accepted (`solved`). Counted by candidate, not by submission, so one person
/// submitting often does not move it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Acceptance {
    pub solved: u64,
    pub tried: u64,
}

pub(crate) fn aid_state(db: &dyn Db, owner: &Owner, problem: &str) -> Result<AidState> {
    db.query_opt(
        "SELECT hints_revealed, writeup_asked FROM practice_aids WHERE candidate = ?1 AND problem = ?2",
        args![owner, problem],
    )?
    .map(|r| Ok(AidState { hints_revealed: r.get(0)?, writeup_asked: r.get(1)? }))
    .transpose()
    .map(Option::unwrap_or_default)
}

fn put(db: &dyn Db, owner: &Owner, problem: &str, state: AidState, now: Millis) -> Result<()> {
    db.execute(
        "INSERT INTO practice_aids (candidate, problem, hints_revealed, writeup_asked, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (candidate, problem) DO UPDATE SET hints_revealed = excluded.hints_revealed,
             writeup_asked = excluded.writeup_asked, updated_at = excluded.updated_at",
        args![owner, problem, state.hints_revealed, i64::from(state.writeup_asked), now],
    )?;
    Ok(())
}

/// Reveals one more hint and answers the state after; None, changing nothing, when all
/// `available` (the problem's hint count) are revealed already. One transaction, so two
/// reveals at once cannot both take the last hint.
pub(crate) fn reveal_hint(
    db: &dyn Db,
    owner: &Owner,
    problem: &str,
    available: u32,
    now: Millis,
) -> Result<Option<AidState>> {
    let mut state = aid_state(db, owner, problem)?;
    if state.hints_revealed >= available {
        return Ok(None);
    }
    state.hints_revealed += 1;
    put(db, owner, problem, state, now)?;
    Ok(Some(state))
}

pub(crate) fn ask_writeup(db: &dyn Db, owner: &Owner, problem: &str, now: Millis) -> Result<AidState> {
    let mut state = aid_state(db, owner, problem)?;
    if !state.writeup_asked {
        state.writeup_asked = true;
        put(db, owner, problem, state, now)?;
    }
    Ok(state)
}

/// Moves every aid row of `from` to `to`; where both have one for a problem, `to` keeps the
/// more revealed of each. The number of `from`'s rows moved.
pub(crate) fn move_aids(db: &dyn Db, from: &Owner, to: &Owner, now: Millis) -> Result<u64> {
    if from == to {
        return Ok(0);
    }
    let rows = db.query_map(
        "SELECT problem, hints_revealed, writeup_asked FROM practice_aids WHERE candidate = ?1",
        args![from],
        |r| Ok((r.get::<String>(0)?, AidState { hints_revealed: r.get(1)?, writeup_asked: r.get(2)? })),
    )?;
    for (problem, theirs) in &rows {
        let mine = aid_state(db, to, problem)?;
        let merged = AidState {
            hints_revealed: mine.hints_revealed.max(theirs.hints_revealed),
            writeup_asked: mine.writeup_asked || theirs.writeup_asked,
        };
        put(db, to, problem, merged, now)?;
    }
    db.execute("DELETE FROM practice_aids WHERE candidate = ?1", args![from])?;
    Ok(rows.len() as u64)
}

/// Every problem's acceptance over practice candidates (attempts are left out: an assessment's
/// candidates are not practising), in one query.
pub(crate) fn acceptance(db: &dyn Db) -> Result<HashMap<String, Acceptance>> {
    let rows = db.query_map(
        "SELECT problem, COUNT(*), SUM(solved) FROM (
             SELECT problem, candidate, MAX(CASE WHEN verdict = ?1 THEN 1 ELSE 0 END) AS solved
             FROM submissions WHERE state = 'finished' AND candidate NOT LIKE ?2
             GROUP BY problem, candidate) AS per_candidate
         GROUP BY problem",
        args![ACCEPTED, format!("{ATTEMPT_PREFIX}%")],
        |r| {
            let tried: i64 = r.get(1)?;
            let solved: i64 = r.get(2)?;
            let count = |n: i64| u64::try_from(n).unwrap_or(0);
            Ok((r.get::<String>(0)?, Acceptance { solved: count(solved), tried: count(tried) }))
        },
    )?;
    Ok(rows.into_iter().collect())
}
