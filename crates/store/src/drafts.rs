//! Practice drafts: the code a candidate last left in the editor, one per candidate and problem.

use crate::clock::Millis;
use crate::error::Result;
use crate::owner::Owner;
use rusqlite::{params, Connection, OptionalExtension};

/// Code left in an editor, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub code: String,
    pub updated_at: Millis,
}

pub(crate) fn draft(connection: &Connection, owner: &Owner, problem: &str) -> Result<Option<Draft>> {
    Ok(connection
        .query_row(
            "SELECT code, updated_at FROM drafts WHERE candidate = ?1 AND problem = ?2",
            params![owner, problem],
            |r| Ok(Draft { code: r.get(0)?, updated_at: r.get(1)? }),
        )
        .optional()?)
}

pub(crate) fn save_draft(
    connection: &Connection,
    owner: &Owner,
    problem: &str,
    code: &str,
    now: Millis,
) -> Result<Draft> {
    connection.execute(
        "INSERT INTO drafts (candidate, problem, code, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (candidate, problem) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at",
        params![owner, problem, code, now],
    )?;
    Ok(Draft { code: code.to_owned(), updated_at: now })
}
