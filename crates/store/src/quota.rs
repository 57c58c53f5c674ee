//! Each candidate's share of the store: the bytes of code and stored results their submissions
//! take (practice and each attempt alike), checked inside the transaction that would add more.

use crate::error::{Result, StoreError};
use crate::owner::Owner;
use crate::sql::{args, Db};

/// The most bytes of submitted code and stored results one candidate may keep; submissions the
/// system makes at an attempt's end are never refused.
pub const DEFAULT_CANDIDATE_QUOTA: u64 = 64 * 1024 * 1024;

/// Bytes of code and stored results of a candidate's submissions.
pub(crate) fn stored_bytes(db: &dyn Db, owner: &Owner) -> Result<u64> {
    // octet_length: the bytes of the UTF-8 text in both engines (SQLite from 3.43).
    let bytes: i64 = db
        .query_one(
            "SELECT COALESCE(SUM(octet_length(code)), 0)
                  + COALESCE((SELECT SUM(octet_length(t.result)) FROM test_results t
                              JOIN submissions s ON s.id = t.submission WHERE s.candidate = ?1), 0)
             FROM submissions WHERE candidate = ?1",
            args![owner],
        )?
        .get(0)?;
    Ok(u64::try_from(bytes).unwrap_or(0))
}

/// Refuses `adding` more bytes for a candidate when they would pass `limit`.
pub(crate) fn check(db: &dyn Db, owner: &Owner, adding: u64, limit: u64) -> Result<()> {
    let used = stored_bytes(db, owner)?;
    if used.saturating_add(adding) > limit {
        return Err(StoreError::QuotaExceeded { used, limit });
    }
    Ok(())
}
