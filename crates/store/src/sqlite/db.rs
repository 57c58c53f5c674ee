//! The seam on SQLite: a connection (a transaction derefs to one) runs the domain SQL as it is
//! written, `?N` being SQLite's own positional parameters.

use crate::error::Result;
use crate::sql::{Arg, Db, Row, Value};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params_from_iter, Connection, ToSql};

impl Db for Connection {
    fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<u64> {
        Ok(self.prepare_cached(sql)?.execute(params_from_iter(args))? as u64)
    }

    fn query(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>> {
        let mut statement = self.prepare_cached(sql)?;
        let columns = statement.column_count();
        let mut rows = statement.query(params_from_iter(args))?;
        let mut read = Vec::new();
        while let Some(row) = rows.next()? {
            let values = (0..columns).map(|i| row.get_ref(i).map(value_of)).collect::<rusqlite::Result<_>>()?;
            read.push(Row(values));
        }
        Ok(read)
    }

    fn skip_locked(&self) -> &'static str {
        ""
    }

    fn notify(&self, _channel: &str, _payload: &str) -> Result<()> {
        Ok(())
    }
}

fn value_of(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Int(n),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Text(text) => Value::Text(String::from_utf8_lossy(text).into_owned()),
        ValueRef::Blob(bytes) => Value::Bytes(bytes.to_vec()),
    }
}

impl ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Arg::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Arg::Int(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            Arg::Real(x) => ToSqlOutput::Borrowed(ValueRef::Real(*x)),
            Arg::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Arg::Bytes(bytes) => ToSqlOutput::Borrowed(ValueRef::Blob(bytes)),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::sql::{args, Db, Value};

    #[test]
    fn values_go_in_and_come_back_as_written() {
        let connection = rusqlite::Connection::open_in_memory().expect("in memory");
        let db: &dyn Db = &connection;
        let row = db.query_one("SELECT ?1, ?2, ?3, ?4, ?1", args!["text", 7_i64, 0.5, None::<i64>]).expect("select");
        assert_eq!(
            row.0,
            [Value::Text("text".into()), Value::Int(7), Value::Real(0.5), Value::Null, Value::Text("text".into())]
        );
        let bytes: i64 =
            db.query_one("SELECT octet_length(?1)", args!["é"]).and_then(|r| r.get(0)).expect("octet_length");
        assert_eq!(bytes, 2, "octet_length counts UTF-8 bytes, as PostgreSQL's does");
    }
}
