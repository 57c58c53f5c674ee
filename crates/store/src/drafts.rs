//! Practice drafts: the code a candidate last left in the editor, one per candidate and problem.

use crate::clock::Millis;
use crate::error::Result;
use crate::owner::Owner;
use crate::sql::{args, Db};

/// Code left in an editor, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub code: String,
    pub updated_at: Millis,
}

pub(crate) fn draft(db: &dyn Db, owner: &Owner, problem: &str) -> Result<Option<Draft>> {
    db.query_opt("SELECT code, updated_at FROM drafts WHERE candidate = ?1 AND problem = ?2", args![owner, problem])?
        .map(|r| Ok(Draft { code: r.get(0)?, updated_at: r.get(1)? }))
        .transpose()
}

pub(crate) fn save_draft(db: &dyn Db, owner: &Owner, problem: &str, code: &str, now: Millis) -> Result<Draft> {
    db.execute(
        "INSERT INTO drafts (candidate, problem, code, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (candidate, problem) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at",
        args![owner, problem, code, now],
    )?;
    Ok(Draft { code: code.to_owned(), updated_at: now })
}
