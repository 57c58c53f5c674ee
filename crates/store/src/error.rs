//! The one error type of the store: what went wrong, named for the server to answer with.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("cannot bring the database {path} up to date: {source}")]
    Migrate { path: PathBuf, source: rusqlite_migration::Error },
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    /// `database` names it: the SQLite file's path, or the PostgreSQL URL without its password.
    #[error("the database {database} has schema version {found}, newer than this program's {supported}")]
    NewerSchema { database: String, found: i64, supported: i64 },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    // The PostgreSQL variants carry the client's error as a field, not as a source: their
    // message already holds the server's text and the cause, which a source chain would repeat.
    /// `url` is shown without its password.
    #[error("cannot connect to the database {url}: {}", describe(error))]
    Connect { url: String, error: postgres::Error },
    #[error("cannot bring the database {url} up to date: {}", describe(error))]
    MigratePostgres { url: String, error: postgres::Error },
    #[error("database error: {}", describe(.0))]
    Postgres(postgres::Error),
    /// A listener's connection to `url` (shown without its password) was closed.
    #[error("the connection listening to the database {url} was closed")]
    ListenerClosed { url: String },
    #[error("stored {what} of submission {id} is not valid JSON: {source}")]
    Corrupt { id: String, what: &'static str, source: serde_json::Error },
    #[error("no submission {0}")]
    NoSubmission(String),
    /// A result, verdict, heartbeat or release under a lease that no longer holds: the
    /// submission (or run) was claimed again after the lease ran out, put back, finished by
    /// another token, or cancelled while queued. The worker must drop its judging.
    #[error("the lease on submission or run {0} is lost: another worker may be judging it")]
    LeaseLost(String),
    /// A stored run that is no longer there: the node that waited for it gave up (or took its
    /// report), or it grew older than [`crate::RUN_MAX_AGE`] and was cleaned up.
    #[error("no run {0}: the node that waited for it gave up")]
    NoRun(String),
    #[error("submission {id} already exists")]
    Duplicate { id: String },
    #[error("a user with the email {0} already exists")]
    DuplicateEmail(String),
    #[error("stored {what} is not valid: {detail}")]
    CorruptRecord { what: &'static str, detail: String },
    /// The attempt's time is over (or it was finished): nothing more is accepted.
    #[error("the time for this attempt is over")]
    TimeOver,
    /// The change does not fit the current state (a code for the API, and why).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("no {0}")]
    Missing(&'static str),
    /// The candidate's submissions and their results fill their share of the store.
    #[error("your submissions take {used} bytes of storage, the most a candidate may use is {limit}")]
    QuotaExceeded { used: u64, limit: u64 },
}

impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> Self {
        StoreError::Postgres(error)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A stored record that does not read back as what was written.
pub(crate) fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::CorruptRecord { what, detail: detail.to_string() }
}

/// A PostgreSQL error with the server's own message when there is one (the client's Display
/// says only "db error").
pub(crate) fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{}: {} ({})", db.severity(), db.message(), db.code().code()),
        // The client's own errors say what failed and keep why in their source.
        None => match std::error::Error::source(error) {
            Some(cause) => format!("{error}: {cause}"),
            None => error.to_string(),
        },
    }
}
