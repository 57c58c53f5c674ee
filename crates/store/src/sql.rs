//! The seam between the store's rules and its engines. The domain modules write their SQL once,
//! in the subset SQLite and PostgreSQL share, with positional parameters `?1`, `?2`... (the
//! PostgreSQL engine turns them into `$1`, `$2`...), and read rows through one small value
//! type. Each engine implements [`Db`] for its transaction; where the engines truly differ
//! (column types, identity columns, case-insensitive email) the schema of each engine resolves
//! it, never the domain SQL. Two things no schema can say are asked of the transaction instead:
//! how a claim locks the row it takes, and how other processes hear of a change.

use crate::error::{corrupt, Result};
use std::borrow::Cow;

/// A parameter of a statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(Cow<'a, str>),
    Bytes(Cow<'a, [u8]>),
}

/// A value read from a row: what both engines can hand back for the store's columns.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    /// PostgreSQL's booleans (`COUNT(*) > 0`); SQLite answers the same with an integer.
    Bool(bool),
    /// A BLOB (SQLite) or BYTEA (PostgreSQL) column.
    Bytes(Vec<u8>),
}

/// One transaction of an engine: every function of the domain modules runs on one.
pub(crate) trait Db {
    /// Runs a statement that returns no rows; the number of rows it changed.
    fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<u64>;
    /// Runs a query and reads every row.
    fn query(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>>;
    /// What ends a SELECT that takes the rows it reads for this transaction, passing over rows
    /// another transaction holds: PostgreSQL's ` FOR UPDATE SKIP LOCKED`, so claimers on
    /// several nodes never wait for or take the same job; nothing on SQLite, whose one writer
    /// already keeps every other writer out.
    fn skip_locked(&self) -> &'static str;
    /// Tells the listeners of `channel` (other nodes) once this transaction commits: PostgreSQL's
    /// NOTIFY. SQLite serves one process, whose wake-ups are in-process, and does nothing.
    fn notify(&self, channel: &str, payload: &str) -> Result<()>;
}

impl<'c> dyn Db + 'c {
    /// The first row of a query, if any.
    pub(crate) fn query_opt(&self, sql: &str, args: &[Arg<'_>]) -> Result<Option<Row>> {
        Ok(self.query(sql, args)?.into_iter().next())
    }

    /// The first row of a query that always returns one (an aggregate).
    pub(crate) fn query_one(&self, sql: &str, args: &[Arg<'_>]) -> Result<Row> {
        self.query_opt(sql, args)?.ok_or_else(|| corrupt("query", format!("no row from {sql}")))
    }

    /// Every row of a query, each read by `read`.
    pub(crate) fn query_map<T>(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        read: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.query(sql, args)?.iter().map(read).collect()
    }
}

/// One row of a result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row(pub(crate) Vec<Value>);

impl Row {
    /// Column `index` as `T`; a CorruptRecord when it holds something else.
    pub(crate) fn get<T: FromValue>(&self, index: usize) -> Result<T> {
        let value = self.0.get(index).unwrap_or(&Value::Null);
        T::from_value(value).ok_or_else(|| corrupt("column", format!("column {index} holds {value:?}")))
    }

    /// The row without its first `count` columns, for a reader of the columns that follow.
    pub(crate) fn skip(&self, count: usize) -> Row {
        Row(self.0.get(count..).map(<[Value]>::to_vec).unwrap_or_default())
    }
}

/// A Rust value a column reads as.
pub(crate) trait FromValue: Sized {
    /// None when the value is not of this type.
    fn from_value(value: &Value) -> Option<Self>;
}

impl FromValue for String {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(text) => Some(text.clone()),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bytes(bytes) => Some(bytes.clone()),
            _ => None,
        }
    }
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }
}

impl FromValue for u32 {
    fn from_value(value: &Value) -> Option<Self> {
        i64::from_value(value).and_then(|n| u32::try_from(n).ok())
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Real(x) => Some(*x),
            // SQLite hands back a REAL column's whole number as an integer when it was stored
            // from one (`score = 0`).
            Value::Int(n) => Some(*n as f64),
            _ => None,
        }
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(*b),
            Value::Int(n) => Some(*n != 0),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// A column holding one of an enum's stored names.
pub(crate) fn named<T: std::str::FromStr>(value: &Value) -> Option<T> {
    match value {
        Value::Text(text) => text.parse().ok(),
        _ => None,
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::Text(Cow::Owned(text))
    }
}

impl<'a> From<&'a [u8]> for Arg<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        Arg::Bytes(Cow::Borrowed(bytes))
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Int(n)
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Int(i64::from(n))
    }
}

impl From<f64> for Arg<'_> {
    fn from(x: f64) -> Self {
        Arg::Real(x)
    }
}

impl<'a, T: Into<Arg<'a>>> From<Option<T>> for Arg<'a> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Arg::Null, Into::into)
    }
}

/// The parameters of a statement, each converted to an [`Arg`].
macro_rules! args {
    ($($arg:expr),* $(,)?) => {
        &[$($crate::sql::Arg::from($arg)),*] as &[$crate::sql::Arg<'_>]
    };
}
pub(crate) use args;
