//! What each candidate's attempt got in each slot, fixed in the transaction that starts it: a
//! pool's member, drawn so the candidates of one assessment get the members evenly (the member
//! the fewest started attempts have, ties broken by a hash of the invitation, the slot and the
//! slug, never by chance or the clock), and the seed of their variant of a problem whose
//! generator makes per-candidate variants. Drawn at Start rather than at the invitation: an
//! assessment's problems may change until someone starts (then never), so a draw never outlives
//! the slots it was drawn from, and an invitation never used takes no share of a pool. Never
//! changed after: the attempt, every judging of its submissions, the report, the export and the
//! similarity read it.

use crate::assessments::{self, ProblemPoints, SlotProblem};
use crate::error::{corrupt, Result};
use crate::owner::Owner;
use crate::sql::{args, Db};

/// The problem a candidate works on in one slot of their attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptSlot {
    /// The slot's place in the assessment (0 first).
    pub slot: usize,
    pub points: u32,
    /// The slot's one problem, or the pool member drawn at Start; None for a pool before Start.
    pub problem: Option<SlotProblem>,
    /// Whether the slot is a pool.
    pub pool: bool,
    /// The seed of the candidate's variant, for a problem with per-candidate variants.
    pub seed: Option<u64>,
}

impl AttemptSlot {
    /// The drawn (or only) problem's slug.
    pub fn slug(&self) -> Option<&str> {
        self.problem.as_ref().map(|p| p.slug.as_str())
    }
}

/// FNV-1a, 64 bits: a hash that is the same on every build and platform (std's is not promised
/// to be), for spreading ties and deriving seeds. Nothing secret depends on it.
fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The variant seed of an attempt's slot: from the invitation and the slot alone, so drawing
/// again (a retried transaction) gives the same one. Kept within 31 bits, short enough to read
/// in a report.
pub fn variant_seed(invitation: &str, slot: usize) -> u64 {
    stable_hash(&["variant", invitation, &slot.to_string()]) & 0x7fff_ffff
}

/// Draws every slot of a starting attempt and stores what it got (the caller's transaction is
/// the start's). `has_variants` says whether a problem's generator makes per-candidate variants.
pub(crate) fn draw(
    db: &dyn Db,
    invitation: &str,
    assessment: &str,
    has_variants: &dyn Fn(&SlotProblem) -> bool,
) -> Result<()> {
    for (slot, points) in assessments::problems(db, assessment)?.iter().enumerate() {
        let problem = match points.single() {
            Some(one) => one.clone(),
            None => least_used(db, invitation, assessment, slot, points)?,
        };
        let seed = has_variants(&problem).then(|| variant_seed(invitation, slot));
        db.execute(
            "INSERT INTO attempt_problems (invitation, slot, problem, seed) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (invitation, slot) DO NOTHING",
            args![invitation, slot as i64, &problem.slug, seed.map(|s| s as i64)],
        )?;
    }
    Ok(())
}

/// The pool member the fewest attempts of the assessment have drawn so far; among those, the
/// one whose hash with this invitation is lowest.
fn least_used(
    db: &dyn Db,
    invitation: &str,
    assessment: &str,
    slot: usize,
    points: &ProblemPoints,
) -> Result<SlotProblem> {
    let counts: Vec<(String, i64)> = db.query_map(
        "SELECT d.problem, COUNT(*) FROM attempt_problems d JOIN invitations i ON i.id = d.invitation
         WHERE i.assessment = ?1 AND d.slot = ?2 GROUP BY d.problem",
        args![assessment, slot as i64],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let used = |slug: &str| counts.iter().find(|(s, _)| s == slug).map_or(0, |(_, n)| *n);
    let slot_text = slot.to_string();
    points
        .members
        .iter()
        .min_by_key(|m| (used(&m.slug), stable_hash(&["draw", invitation, &slot_text, &m.slug])))
        .cloned()
        .ok_or_else(|| corrupt("assessment problems", "a pool without members"))
}

/// Every slot of an attempt with what the candidate got in it. An attempt started before pools
/// existed has no rows: its slots are their one problems, without variants.
pub(crate) fn attempt_slots(db: &dyn Db, invitation: &str, assessment: &str) -> Result<Vec<AttemptSlot>> {
    let drawn: Vec<(i64, String, Option<i64>)> = db.query_map(
        "SELECT slot, problem, seed FROM attempt_problems WHERE invitation = ?1",
        args![invitation],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    assessments::problems(db, assessment)?
        .into_iter()
        .enumerate()
        .map(|(slot, points)| {
            let row = drawn.iter().find(|(s, _, _)| *s == slot as i64);
            let problem = match row {
                Some((_, slug, _)) => Some(
                    points
                        .member(slug)
                        .cloned()
                        .ok_or_else(|| corrupt("attempt problems", format!("`{slug}` is not in slot {slot}")))?,
                ),
                None => points.single().cloned(),
            };
            let seed = row.and_then(|(_, _, seed)| *seed).and_then(|s| u64::try_from(s).ok());
            Ok(AttemptSlot { slot, points: points.points, pool: points.is_pool(), problem, seed })
        })
        .collect()
}

/// The variant seed a submission of `owner` to `problem` is judged with: its attempt's, for a
/// problem with variants; None in practice and for every other problem (the package's own).
pub(crate) fn seed_of(db: &dyn Db, owner: &Owner, problem: &str) -> Result<Option<u64>> {
    let Some(invitation) = owner.attempt() else { return Ok(None) };
    let row = db.query_opt(
        "SELECT seed FROM attempt_problems WHERE invitation = ?1 AND problem = ?2",
        args![invitation, problem],
    )?;
    let seed: Option<i64> = match row {
        Some(row) => row.get(0)?,
        None => None,
    };
    Ok(seed.and_then(|s| u64::try_from(s).ok()))
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn seeds_are_stable_and_differ_between_attempts() {
        assert_eq!(variant_seed("inv-a", 0), variant_seed("inv-a", 0));
        assert_ne!(variant_seed("inv-a", 0), variant_seed("inv-b", 0));
        assert_ne!(variant_seed("inv-a", 0), variant_seed("inv-a", 1));
        assert!(variant_seed("inv-a", 0) < 1 << 31);
    }
}
