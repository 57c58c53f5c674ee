//! `--sql-database-url`: the PostgreSQL that SQL problems in its dialect run on.

use anyhow::{Context, Result};
use verdict_pgsql::Runner;

/// The variable `verdict check` and `verdict judge` fall back to: the test command's cluster
/// (`scripts/with-postgres.sh`), so the checks under it need no setting of their own.
const TEST_URL_VARIABLE: &str = "VERDICT_TEST_DATABASE_URL";

#[derive(Debug, Clone, clap::Args)]
pub struct SqlArgs {
    /// The admin URL of a PostgreSQL cluster (a superuser's: it makes a database and a role per
    /// dataset) on which SQL problems in PostgreSQL's dialect run. Without it those problems
    /// cannot be judged.
    #[arg(long = "sql-database-url", env = "VERDICT_SQL_DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub url: Option<String>,
}

impl SqlArgs {
    /// The runner on the given cluster; with `test_fallback`, on the test command's cluster
    /// when none is given. `None` when there is neither.
    pub fn runner(&self, test_fallback: bool) -> Result<Option<Runner>> {
        let fallback = || std::env::var(TEST_URL_VARIABLE).ok().filter(|_| test_fallback);
        let Some(url) = self.url.clone().or_else(fallback).filter(|u| !u.is_empty()) else { return Ok(None) };
        let runner =
            Runner::connect(&url).with_context(|| format!("--sql-database-url {}", verdict_pgsql::shown_url(&url)))?;
        Ok(Some(runner))
    }
}
