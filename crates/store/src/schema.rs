//! The database schema: one list of steps, each with one SQL file per engine side by side
//! under `migrations/` (`NN-name.sql` for SQLite, `NN-name.postgres.sql` for PostgreSQL), so a
//! version means the same tables on both. SQLite's steps are applied by `rusqlite_migration`,
//! which keeps the version in SQLite's `user_version` (as every release before it did, so their
//! databases carry on from the version they reached); PostgreSQL's by `pg::schema`, which
//! keeps it in a table.

use crate::error::{Result, StoreError};
use rusqlite::{Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use std::path::Path;

/// Declares the steps once: their SQLite and PostgreSQL files, in order, named alike.
macro_rules! steps {
    ($($name:literal $(, $check:ident)?;)*) => {
        const STEPS: &[M<'static>] = &[$(M::up(include_str!(concat!("../migrations/", $name, ".sql")))$(.$check())?),*];
        /// PostgreSQL's text of each step of [`STEPS`].
        pub(crate) const POSTGRES_STEPS: &[&str] =
            &[$(include_str!(concat!("../migrations/", $name, ".postgres.sql"))),*];
    };
}

// Each step brings the schema from one version to the next; never edit a released step, add
// one (both files). All pending steps run in one transaction.
steps! {
    "01-practice";
    "02-hiring";
    "03-submission-origin", foreign_key_check;
    "04-queue";
    "05-runs";
    "06-roles";
    "07-lost-leases";
    "08-mail";
    "09-review";
    "10-integrity";
    "11-webhooks";
    "12-private-problems";
    "13-pools";
    "14-judge0";
    "15-candidate-accounts";
    "16-practice-aids";
}

const MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);

/// The version this program brings a database to.
pub(crate) const SCHEMA_VERSION: i64 = STEPS.len() as i64;

/// Brings the schema of a database opened at `path` up to date, refusing one from a newer
/// program by name, and a database with a row that points nowhere. Leaves foreign keys on.
pub(crate) fn migrate(connection: &mut Connection, path: &Path) -> Result<()> {
    let open_error = |source| StoreError::Open { path: path.to_owned(), source };
    let version: i64 = connection.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(open_error)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            database: path.display().to_string(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    // Rebuilding a referenced table needs foreign keys off (SQLite's documented way: with them
    // on, dropping the old table would delete the rows that point at it); they go on after.
    connection.execute_batch("PRAGMA foreign_keys = OFF;").map_err(open_error)?;
    MIGRATIONS.to_latest(connection).map_err(|source| StoreError::Migrate { path: path.to_owned(), source })?;
    let dangling: Option<String> = connection
        .query_row("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", [], |r| r.get(0))
        .optional()
        .map_err(open_error)?;
    if let Some(table) = dangling {
        return Err(StoreError::CorruptRecord {
            what: "foreign key",
            detail: format!("a row of {table} points nowhere"),
        });
    }
    connection.execute_batch("PRAGMA foreign_keys = ON;").map_err(open_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_migrations_apply_to_an_empty_database() {
        assert_eq!(super::MIGRATIONS.validate().err().map(|e| e.to_string()), None);
    }
}
