//! Where `verdict serve` and `verdict admin` keep their data: SQLite in the data directory, or
//! PostgreSQL when given a database URL (several serve nodes may share one).

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::sync::Arc;
use verdict_store::{PgStore, SqliteStore, Store};

#[derive(Debug, clap::Args)]
pub struct StoreArgs {
    /// Where submissions and drafts are kept (an SQLite database is created there), unless
    /// --database-url is given.
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Keep everything in this PostgreSQL database instead of --data, as
    /// postgresql://USER:PASSWORD@HOST:PORT/DATABASE; several `verdict serve` nodes may share
    /// one. The connection is never TLS (sslmode is not honoured): reach a remote server
    /// through a tunnel or a local proxy.
    #[arg(long, env = "DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

impl StoreArgs {
    /// Where packages fetched by content hash are kept: in the data directory on SQLite; on
    /// PostgreSQL (nothing goes to the data directory) a temporary folder, removed at the end.
    pub fn package_cache(&self) -> Option<PathBuf> {
        self.database_url.is_none().then(|| self.data.join("packages"))
    }

    /// Opens the store these arguments name, bringing its schema up to date.
    pub fn open(&self) -> Result<Arc<dyn Store>> {
        match &self.database_url {
            // The store's errors name the database by its URL without the password.
            Some(url) => Ok(Arc::new(PgStore::open(url)?)),
            None => Ok(Arc::new(
                SqliteStore::open_dir(&self.data)
                    .with_context(|| format!("opening the data directory {}", self.data.display()))?,
            )),
        }
    }
}
