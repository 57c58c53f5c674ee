//! SQL answers in PostgreSQL's dialect, run on a real PostgreSQL outside the sandbox.
//!
//! A problem's dataset is loaded once into a database of its own ([`Dataset::name`]: a hash
//! of the schema, the rows and whether it is writable) by the admin connection, and reused. The
//! candidate's statement never runs as the admin: it runs over a connection that logged in as
//! that database's own role, which may connect to that one database only, read its tables (and
//! change them, for a problem about data changes, inside a transaction that is rolled back once
//! the tables are captured), and has no CREATE, no TEMP, no extensions and nothing on other
//! databases, files or programs. The server's limits (`statement_timeout`, `temp_file_limit`,
//! `work_mem`, a connection limit) and a watchdog that cancels the statement at the time
//! limit bound it. Before the server sees it, the text must be one statement of a kind the
//! problem allows ([`statement`]); rows come through a cursor in batches, capped.
//!
//! The confinement here is the role and the server's limits, not the sandbox: this crate must
//! never run candidate SQL as a superuser, as a role that can see anything but the one dataset
//! database, or in any database it did not make for a dataset.

mod execute;
mod provision;
pub mod statement;
mod values;

pub use execute::{BYTE_LIMIT, ROW_LIMIT};
pub use provision::Dataset;
pub use statement::Refusal;

use postgres::{Client, Config, NoTls};
use serde_json::Value;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Why the runner could not do its part (never the candidate's fault).
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("the PostgreSQL URL cannot be read: {0}")]
    Url(String),
    #[error("cannot connect to PostgreSQL at {url}: {message}")]
    Connect { url: String, message: String },
    #[error("PostgreSQL, {what}: {message}")]
    Admin { what: String, message: String },
    #[error("the problem's dataset did not load into PostgreSQL: {0}")]
    Dataset(String),
    #[error("the candidate's PostgreSQL session failed: {0}")]
    Session(String),
}

/// The server's own message for an error (the client's Display says only "db error").
pub(crate) fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => match std::error::Error::source(error) {
            Some(cause) => format!("{error}: {cause}"),
            None => error.to_string(),
        },
    }
}

/// A syntax (or name) error the server found in the candidate's statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The line the error is on.
    pub text: String,
}

impl SyntaxError {
    /// The message with its place, for a run's error text.
    pub fn describe(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{} (line {line}, column {column})", self.message),
            _ => self.message.clone(),
        }
    }
}

/// What the candidate's statement did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `{"columns": [...], "rows": [[...]]}`; after a data change, `{table: {columns, rows}}`
    /// for every table.
    Returned(Value),
    /// Not run, or stopped: a second statement, a kind the problem does not allow, a result
    /// over the caps.
    Refused(String),
    /// The server's error.
    SqlError(String),
    /// Stopped at the time limit.
    TimeLimit,
}

/// One run's outcome and its wall time.
#[derive(Debug, Clone, PartialEq)]
pub struct Ran {
    pub outcome: Outcome,
    pub wall_ms: u64,
}

/// The admin URL with its password left out, for messages.
pub fn shown_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Err(_) => url
            .split_whitespace()
            .filter(|part| !part.to_ascii_lowercase().starts_with("password="))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The runner: the admin connection's settings and the dataset databases this process has
/// made ready (each with its role's password, which never leaves the process).
#[derive(Debug)]
pub struct Runner {
    admin: Config,
    shown: String,
    ready: Mutex<HashMap<String, Arc<Mutex<Option<String>>>>>,
}

impl Runner {
    /// A runner on the cluster at `admin_url` (a superuser's URL); connects once to check it.
    pub fn connect(admin_url: &str) -> Result<Runner, PgError> {
        let admin = Config::from_str(admin_url).map_err(|e| PgError::Url(e.to_string()))?;
        let runner = Runner { admin, shown: shown_url(admin_url), ready: Mutex::new(HashMap::new()) };
        let mut client = runner.admin_client()?;
        let superuser: bool = client
            .query_one("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", &[])
            .map_err(|e| PgError::Admin { what: "checking the admin role".into(), message: describe(&e) })?
            .get(0);
        if !superuser {
            return Err(PgError::Admin {
                what: format!("the admin URL {}", runner.shown),
                message: "its user is not a superuser (it makes a database and a role per dataset)".into(),
            });
        }
        Ok(runner)
    }

    /// The admin URL, password left out.
    pub fn url(&self) -> &str {
        &self.shown
    }

    fn admin_client(&self) -> Result<Client, PgError> {
        self.admin.connect(NoTls).map_err(|e| PgError::Connect { url: self.shown.clone(), message: describe(&e) })
    }

    /// The password of the dataset's role, making its database first if this process has not.
    fn ready(&self, dataset: &Dataset<'_>, again: bool) -> Result<String, PgError> {
        let slot = {
            let mut ready = self.ready.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(ready.entry(dataset.name()).or_default())
        };
        let mut slot = slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let (Some(password), false) = (slot.as_ref(), again) {
            return Ok(password.clone());
        }
        let password = provision::new_password();
        provision::provision(&mut self.admin_client()?, &self.admin, dataset, &password)?;
        *slot = Some(password.clone());
        Ok(password)
    }

    /// A connection to the dataset's database, logged in as its role, with the session's
    /// settings and `limit` as its statement timeout.
    fn candidate_client(&self, dataset: &Dataset<'_>, limit: Duration) -> Result<Client, PgError> {
        let name = dataset.name();
        let options = format!(
            "-c statement_timeout={} -c DateStyle=ISO,YMD -c TimeZone=UTC -c IntervalStyle=postgres",
            limit.as_millis()
        );
        let mut again = false;
        loop {
            let password = self.ready(dataset, again)?;
            let mut config = self.admin.clone();
            config.user(&name).password(&password).dbname(&name).options(&options).application_name("verdict-sql");
            match config.connect(NoTls) {
                Ok(client) => return Ok(client),
                // Another process sharing the cluster gave the role a password of its own.
                Err(e) if !again && e.code() == Some(&postgres::error::SqlState::INVALID_PASSWORD) => again = true,
                Err(e) => {
                    return Err(PgError::Connect { url: format!("{} as {name}", self.shown), message: describe(&e) })
                }
            }
        }
    }

    /// Checks the candidate's text without running it: one statement of an allowed kind
    /// (`Refusal`), then the server's parse and analysis on the problem's schema (a syntax or
    /// name error with its line and column).
    pub fn check(&self, schema: &str, text: &str, modifies: bool) -> Result<Result<(), SyntaxError>, PgError> {
        let accepted = match statement::accept(text, modifies) {
            Ok(accepted) => accepted,
            Err(refusal) => return Ok(Err(refusal_error(text, refusal))),
        };
        let statement = accepted.statement;
        let empty = Value::Object(serde_json::Map::new());
        let dataset = Dataset { schema, tables: &empty, writable: modifies };
        let mut client = self.candidate_client(&dataset, Duration::from_secs(10))?;
        Ok(match client.prepare(statement) {
            Ok(_) if accepted.unread => {
                Err(refusal_error(text, Refusal { message: statement::UNREAD.into(), at: None }))
            }
            Ok(_) => Ok(()),
            Err(e) if e.as_db_error().is_some() => Err(execute::syntax_error(statement, &e)),
            Err(e) => return Err(PgError::Session(describe(&e))),
        })
    }

    /// Runs the candidate's text on `dataset` with `limit` as its time limit. The wall time is
    /// the statement's, from the transaction's start to its rows: making the database and
    /// logging in are not the candidate's.
    pub fn run(&self, dataset: &Dataset<'_>, text: &str, limit: Duration) -> Result<Ran, PgError> {
        let accepted = match statement::accept(text, dataset.writable) {
            Ok(accepted) => accepted,
            Err(refusal) => return Ok(Ran { outcome: Outcome::Refused(refusal.message), wall_ms: 0 }),
        };
        let mut client = self.candidate_client(dataset, limit)?;
        let started = Instant::now();
        let outcome = execute::run(&mut client, &accepted, dataset.writable, limit)?;
        let wall_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        Ok(Ran { outcome, wall_ms })
    }
}

/// A refusal at compile time reads as a syntax error, at its place when it has one.
fn refusal_error(text: &str, refusal: Refusal) -> SyntaxError {
    let (line, column) = refusal.at.map_or((None, None), |(l, c)| (Some(l), Some(c)));
    SyntaxError {
        message: refusal.message,
        line,
        column,
        text: line.map(|l| statement::line_text(text, l)).unwrap_or_default(),
    }
}
