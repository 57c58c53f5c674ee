//! Each candidate's share of the store: the bytes of code and stored results their submissions
//! take (practice and each attempt alike), checked inside the transaction that would add more.

use crate::error::{Result, StoreError};
use crate::owner::Owner;
use rusqlite::{params, Connection};

/// The most bytes of submitted code and stored results one candidate may keep; submissions the
/// system makes at an attempt's end are never refused.
pub const DEFAULT_CANDIDATE_QUOTA: u64 = 64 * 1024 * 1024;

/// Bytes of code and stored results of a candidate's submissions.
pub(crate) fn stored_bytes(connection: &Connection, owner: &Owner) -> Result<u64> {
    let bytes: i64 = connection.query_row(
        "SELECT COALESCE(SUM(LENGTH(CAST(code AS BLOB))), 0)
              + COALESCE((SELECT SUM(LENGTH(CAST(t.result AS BLOB))) FROM test_results t
                          JOIN submissions s ON s.id = t.submission WHERE s.candidate = ?1), 0)
         FROM submissions WHERE candidate = ?1",
        params![owner],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(bytes).unwrap_or(0))
}

/// Refuses `adding` more bytes for a candidate when they would pass `limit`.
pub(crate) fn check(connection: &Connection, owner: &Owner, adding: u64, limit: u64) -> Result<()> {
    let used = stored_bytes(connection, owner)?;
    if used.saturating_add(adding) > limit {
        return Err(StoreError::QuotaExceeded { used, limit });
    }
    Ok(())
}
