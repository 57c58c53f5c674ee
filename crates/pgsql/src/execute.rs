//! One candidate statement on one dataset database, over a connection that logged in as the
//! database's own role, inside a transaction that is always rolled back.

use crate::statement::{line_and_column, line_text, Accepted};
use crate::values::to_json;
use crate::{describe, Outcome, PgError, SyntaxError};
use postgres::error::{ErrorPosition, SqlState};
use postgres::{Client, SimpleQueryMessage, Statement};
use serde_json::{json, Map, Value};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Rows a result may have (as the SQLite kind's harness allows).
pub const ROW_LIMIT: usize = 10_000;
/// Bytes of text a result (or the tables after a change) may have.
pub const BYTE_LIMIT: usize = 32 * 1024 * 1024;
/// Rows fetched at a time: the cursor keeps the rest on the server.
const BATCH: usize = 500;

/// Cancels the session's running statement when `limit` passes: the role's and the session's
/// `statement_timeout` can be changed by the candidate's own `set_config`, this cannot.
struct Watchdog {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(client: &Client, limit: Duration) -> Watchdog {
        let token = client.cancel_token();
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(limit) {
                // A failed cancel leaves the server's statement_timeout as the backstop.
                let _ = token.cancel_query(postgres::NoTls);
            }
        });
        Watchdog { stop: Some(stop), thread: Some(thread) }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The error of the candidate's statement, as the candidate sees it.
fn statement_error(error: &postgres::Error, modifies: bool) -> Outcome {
    let Some(db) = error.as_db_error() else { return Outcome::SqlError(describe(error)) };
    match *db.code() {
        SqlState::QUERY_CANCELED => Outcome::TimeLimit,
        SqlState::READ_ONLY_SQL_TRANSACTION if !modifies => Outcome::Refused(format!(
            "{}: this problem asks for a query that reads, and the database is read-only",
            db.message()
        )),
        _ => Outcome::SqlError(db.message().to_owned()),
    }
}

/// Where in `text` the server put an error, and the error as a syntax error.
pub(crate) fn syntax_error(text: &str, error: &postgres::Error) -> SyntaxError {
    let Some(db) = error.as_db_error() else {
        return SyntaxError { message: describe(error), line: None, column: None, text: String::new() };
    };
    let position = match db.position() {
        Some(ErrorPosition::Original(position)) => Some(line_and_column(text, *position)),
        _ => None,
    };
    SyntaxError {
        message: db.message().to_owned(),
        line: position.map(|p| p.0),
        column: position.map(|p| p.1),
        text: position.map(|p| line_text(text, p.0)).unwrap_or_default(),
    }
}

/// Runs `statement` (already accepted as one statement of an allowed kind) and returns the
/// candidate's result: the rows, or every table after a data change.
pub(crate) fn run(
    client: &mut Client,
    accepted: &Accepted<'_>,
    modifies: bool,
    limit: Duration,
) -> Result<Outcome, PgError> {
    let statement = accepted.statement;
    let session = |e: postgres::Error| PgError::Session(describe(&e));
    let access = if modifies { "READ WRITE" } else { "READ ONLY" };
    client.batch_execute(&format!("BEGIN ISOLATION LEVEL REPEATABLE READ {access}")).map_err(session)?;
    let started = Instant::now();
    let watchdog = Watchdog::start(client, limit);
    let prepared = match client.prepare(statement) {
        Ok(prepared) => prepared,
        Err(e) => return Ok(Outcome::SqlError(syntax_error(statement, &e).describe())),
    };
    if accepted.unread {
        return Ok(Outcome::Refused(crate::statement::UNREAD.into()));
    }
    let outcome = if modifies {
        match client.execute(&prepared, &[]) {
            Ok(_) => tables_after(client),
            Err(e) => Ok(statement_error(&e, modifies)),
        }
    } else if prepared.columns().is_empty() {
        Ok(Outcome::Refused("the statement gave no result set: write a query (SELECT or WITH ... SELECT)".into()))
    } else {
        fetch(client, &prepared, statement, "verdict_rows").map(|fetched| match fetched {
            Fetched::Rows(rows) => Outcome::Returned(rows),
            Fetched::Failed(e) => statement_error(&e, modifies),
            Fetched::Refused(why) => Outcome::Refused(why),
        })
    };
    drop(watchdog);
    // A cancel that lands after the statement ended cancels nothing; one that lands here does.
    let outcome = match outcome? {
        Outcome::SqlError(_) | Outcome::Returned(_) if started.elapsed() >= limit => Outcome::TimeLimit,
        other => other,
    };
    // The connection is closed next; rolling back first says so to anyone reading the logs.
    let _ = client.batch_execute("ROLLBACK");
    Ok(outcome)
}

enum Fetched {
    Rows(Value),
    Failed(postgres::Error),
    /// Refused: over a cap, or not a query that reads.
    Refused(String),
}

/// The rows of a query through a cursor, in batches, so a huge result stops at the caps
/// instead of filling the judge's memory. Values come as text (the simple protocol) and are
/// typed by the prepared statement's columns.
fn fetch(client: &mut Client, prepared: &Statement, query: &str, cursor: &str) -> Result<Fetched, PgError> {
    let columns: Vec<String> = prepared.columns().iter().map(|c| c.name().to_owned()).collect();
    let types: Vec<_> = prepared.columns().iter().map(|c| c.type_().clone()).collect();
    // The query was prepared as exactly one statement, so the cursor runs that one statement.
    if let Err(e) = client.simple_query(&format!("DECLARE {cursor} NO SCROLL CURSOR FOR {query}")) {
        if e.code() == Some(&SqlState::FEATURE_NOT_SUPPORTED) && describe(&e).contains("data-modifying") {
            let why = "a data change in WITH is not allowed: this problem asks for a query that reads, and the \
                       database is read-only";
            return Ok(Fetched::Refused(why.into()));
        }
        return Ok(Fetched::Failed(e));
    }
    let mut rows: Vec<Value> = Vec::new();
    let mut bytes = 0usize;
    loop {
        let batch = match client.simple_query(&format!("FETCH FORWARD {BATCH} FROM {cursor}")) {
            Ok(batch) => batch,
            Err(e) => return Ok(Fetched::Failed(e)),
        };
        let before = rows.len();
        for message in batch {
            let SimpleQueryMessage::Row(row) = message else { continue };
            let mut values = Vec::with_capacity(types.len());
            for (i, ty) in types.iter().enumerate() {
                let text = row.try_get(i).map_err(|e| PgError::Session(describe(&e)))?;
                bytes += text.map_or(4, str::len);
                values.push(to_json(ty, text));
            }
            rows.push(Value::Array(values));
        }
        if rows.len() > ROW_LIMIT {
            return Ok(Fetched::Refused(format!("the query returned more than {ROW_LIMIT} rows")));
        }
        if bytes > BYTE_LIMIT {
            return Ok(Fetched::Refused(format!("the result is larger than {} MiB", BYTE_LIMIT >> 20)));
        }
        if rows.len() - before < BATCH {
            break;
        }
    }
    client.simple_query(&format!("CLOSE {cursor}")).map_err(|e| PgError::Session(describe(&e)))?;
    Ok(Fetched::Rows(json!({"columns": columns, "rows": rows})))
}

/// Every table of the schema as the statement left it, `{name: {columns, rows}}`.
fn tables_after(client: &mut Client) -> Result<Outcome, PgError> {
    let session = |e: postgres::Error| PgError::Session(describe(&e));
    let names: Vec<String> = client
        .query("SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY 1", &[])
        .map_err(session)?
        .iter()
        .map(|row| row.get(0))
        .collect();
    let mut tables = Map::new();
    for (i, name) in names.iter().enumerate() {
        let query = format!("SELECT * FROM public.\"{}\"", name.replace('"', "\"\""));
        let prepared = client.prepare(&query).map_err(session)?;
        match fetch(client, &prepared, &query, &format!("verdict_table_{i}"))? {
            Fetched::Rows(value) => {
                tables.insert(name.clone(), value);
            }
            Fetched::Failed(e) => return Ok(statement_error(&e, true)),
            Fetched::Refused(why) => return Ok(Outcome::Refused(format!("after the change, table {name}: {why}"))),
        }
    }
    Ok(Outcome::Returned(Value::Object(tables)))
}
