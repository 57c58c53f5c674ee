//! PostgreSQL's schema: the same steps as SQLite's (`crate::schema`), in their
//! `.postgres.sql` files, with the version kept in the table `verdict_schema`. Nodes starting
//! together migrate one at a time (an advisory lock held by the migrating transaction); a
//! database from a newer program is refused by name.

use crate::error::{Result, StoreError};
use crate::schema::{POSTGRES_STEPS, SCHEMA_VERSION};
use postgres::Client;

/// The advisory lock that serialises migrations ("verdict" in ASCII).
const MIGRATION_LOCK: i64 = 0x0076_6572_6469_6374;

/// Brings the schema up to date in one transaction, refusing a database from a newer program.
pub(super) fn migrate(client: &mut Client, url: &str) -> Result<()> {
    let error = |error| StoreError::MigratePostgres { url: url.to_owned(), error };
    let mut transaction = client.transaction().map_err(error)?;
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(error)?;
    transaction.batch_execute("CREATE TABLE IF NOT EXISTS verdict_schema (version BIGINT NOT NULL)").map_err(error)?;
    let found: Option<i64> =
        transaction.query_opt("SELECT version FROM verdict_schema", &[]).map_err(error)?.map(|r| r.get(0));
    let version = match found {
        Some(version) => version,
        None => {
            transaction.execute("INSERT INTO verdict_schema (version) VALUES (0)", &[]).map_err(error)?;
            0
        }
    };
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { database: url.to_owned(), found: version, supported: SCHEMA_VERSION });
    }
    for step in &POSTGRES_STEPS[usize::try_from(version).unwrap_or(0)..] {
        transaction.batch_execute(step).map_err(error)?;
    }
    transaction.execute("UPDATE verdict_schema SET version = $1", &[&SCHEMA_VERSION]).map_err(error)?;
    transaction.commit().map_err(error)
}
