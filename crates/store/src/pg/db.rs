//! The seam on PostgreSQL: the domain SQL's `?N` parameters become `$N`, each parameter is
//! encoded as the type PostgreSQL inferred for it, and each column read as the value type.

use crate::error::{corrupt, Result};
use crate::sql::{Arg, Db, Row, Value};
use bytes::BytesMut;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::Transaction;
use std::cell::RefCell;
use std::error::Error;

/// One PostgreSQL transaction as the domain modules see it.
pub(super) struct PgDb<'c>(RefCell<Transaction<'c>>);

impl<'c> PgDb<'c> {
    pub(super) fn new(transaction: Transaction<'c>) -> Self {
        Self(RefCell::new(transaction))
    }

    /// The transaction, to commit (dropping it rolls back).
    pub(super) fn into_inner(self) -> Transaction<'c> {
        self.0.into_inner()
    }
}

impl Db for PgDb<'_> {
    fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<u64> {
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        Ok(self.0.borrow_mut().execute(numbered(sql).as_str(), &params)?)
    }

    fn query(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>> {
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        let rows = self.0.borrow_mut().query(numbered(sql).as_str(), &params)?;
        rows.iter().map(row_of).collect()
    }

    fn skip_locked(&self) -> &'static str {
        " FOR UPDATE SKIP LOCKED"
    }

    fn notify(&self, channel: &str, payload: &str) -> Result<()> {
        // pg_notify, not NOTIFY: a statement's parameters cannot name NOTIFY's channel.
        self.0.borrow_mut().execute("SELECT pg_notify($1, $2)", &[&channel, &payload])?;
        Ok(())
    }
}

/// The SQL with SQLite's `?N` parameters written as PostgreSQL's `$N` (outside quotes).
pub(super) fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote = None;
    for c in sql.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '?') => {
                out.push('$');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

fn row_of(row: &postgres::Row) -> Result<Row> {
    let values = row
        .columns()
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let ty = column.type_();
            let value = match *ty {
                Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(Value::Bool),
                Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|n| Value::Int(n.into())),
                Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|n| Value::Int(n.into())),
                Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
                Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map(|x| Value::Real(x.into())),
                Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                    row.try_get::<_, Option<String>>(i)?.map(Value::Text)
                }
                Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Bytes),
                _ => {
                    return Err(corrupt(
                        "column",
                        format!("{} has the type {ty}, which the store never reads", column.name()),
                    ))
                }
            };
            Ok(value.unwrap_or(Value::Null))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Row(values))
}

/// Each parameter is sent as the type PostgreSQL inferred from the statement (an integer into
/// a BIGINT or INTEGER column, a NULL into anything).
impl ToSql for Arg<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self {
            Arg::Null => Ok(IsNull::Yes),
            Arg::Int(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                Type::FLOAT8 => (*n as f64).to_sql(ty, out),
                _ => Err(format!("an integer parameter where PostgreSQL expects {ty}").into()),
            },
            Arg::Real(x) => match *ty {
                Type::FLOAT8 => x.to_sql(ty, out),
                _ => Err(format!("a real parameter where PostgreSQL expects {ty}").into()),
            },
            Arg::Text(text) if <&str as ToSql>::accepts(ty) => text.as_ref().to_sql(ty, out),
            Arg::Text(_) => Err(format!("a text parameter where PostgreSQL expects {ty}").into()),
            Arg::Bytes(bytes) if *ty == Type::BYTEA => bytes.as_ref().to_sql(ty, out),
            Arg::Bytes(_) => Err(format!("bytes where PostgreSQL expects {ty}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::{numbered, PgDb};
    use crate::sql::{args, Db, Value};

    #[test]
    fn values_go_in_as_the_inferred_type_and_come_back_as_written() {
        let database = verdict_pgtest::ScratchDatabase::create("verdict_store_seam");
        let mut client = database.connect();
        client
            .batch_execute("CREATE TABLE t (small INTEGER, big BIGINT, real DOUBLE PRECISION, text TEXT)")
            .expect("t");
        let db = PgDb::new(client.transaction().expect("begin"));
        let db: &dyn Db = &db;
        let inserted = db
            .execute("INSERT INTO t VALUES (?1, ?2, ?3, ?4), (?1, NULL, ?3, ?4)", args![7_i64, None::<i64>, 0.5, "é"]);
        assert_eq!(inserted.expect("insert"), 2);
        let row = db
            .query_one("SELECT small, big, real, text, COUNT(*) OVER () > 1 FROM t LIMIT 1", args![])
            .expect("select");
        assert_eq!(row.0, [Value::Int(7), Value::Null, Value::Real(0.5), Value::Text("é".into()), Value::Bool(true)]);
        let bytes: i64 =
            db.query_one("SELECT octet_length(text) FROM t LIMIT 1", args![]).and_then(|r| r.get(0)).expect("bytes");
        assert_eq!(bytes, 2, "octet_length counts UTF-8 bytes, as SQLite's does");
        let wrong =
            db.query("SELECT CAST(?1 AS TEXT) || 'x'", args![1_i64]).expect_err("an integer for a text parameter");
        assert!(wrong.to_string().contains("an integer parameter where PostgreSQL expects text"), "{wrong}");
    }

    #[test]
    fn parameters_are_numbered_the_postgresql_way_outside_quotes() {
        assert_eq!(numbered("SELECT ?1, ?12 WHERE a = ?2"), "SELECT $1, $12 WHERE a = $2");
        assert_eq!(numbered("SELECT '?1', \"a?\" , ?3"), "SELECT '?1', \"a?\" , $3");
    }
}
