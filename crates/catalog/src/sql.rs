//! `[sql]`: how an `sql` problem's answers are run and compared: the dialect (SQLite in the
//! sandbox, or PostgreSQL), the twin in the other dialect, and the comparison's settings.

use serde::{Deserialize, Serialize};

/// `[sql]`: how an `sql` problem's result sets are compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SqlSpec {
    /// The rows must come in the order the statement asks for; otherwise they are compared
    /// as a multiset.
    pub ordered: bool,
    /// The result's column names must equal the expected ones (case-insensitively); otherwise
    /// only the number of columns counts.
    pub column_names: bool,
    /// Numbers within this, absolutely or relatively, are equal.
    pub tolerance: f64,
    /// The answer changes data (UPDATE, DELETE, INSERT): the grade compares every table
    /// afterwards instead of a result set.
    pub modifies: bool,
    /// The SQL dialect the answers are written in, and the engine they run on.
    pub dialect: SqlDialect,
    /// The slug of the same problem in the other dialect (`<sqlite-slug>-pg` for a PostgreSQL
    /// twin); the catalogue checks it exists and is an sql problem of the other dialect.
    pub twin: Option<String>,
}

impl Default for SqlSpec {
    fn default() -> Self {
        Self {
            ordered: false,
            column_names: false,
            tolerance: 1e-9,
            modifies: false,
            dialect: SqlDialect::Sqlite,
            twin: None,
        }
    }
}

/// The dialect of an sql problem: SQLite (run in the sandbox) unless it says PostgreSQL (run
/// on a PostgreSQL cluster, as a role that can read that one dataset's database only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqlDialect {
    #[default]
    Sqlite,
    Postgres,
}

impl SqlDialect {
    pub fn as_str(self) -> &'static str {
        match self {
            SqlDialect::Sqlite => "sqlite",
            SqlDialect::Postgres => "postgres",
        }
    }

    /// The engine's name, for messages.
    pub fn engine(self) -> &'static str {
        match self {
            SqlDialect::Sqlite => "SQLite",
            SqlDialect::Postgres => "PostgreSQL",
        }
    }
}

/// The `[sql]` table's own rules (the twin's existence is the catalogue's: [`twin_error`]).
pub(crate) fn validate(sql: &SqlSpec, slug: &str, bad: &mut impl FnMut(&str, String)) {
    if !(sql.tolerance.is_finite() && sql.tolerance >= 0.0) {
        bad("sql.tolerance", "a tolerance must be a finite number, zero or more".into());
    }
    if sql.modifies && sql.ordered {
        bad("sql.ordered", "a problem that changes data compares tables, which have no order".into());
    }
    if sql.twin.as_deref() == Some(slug) {
        bad("sql.twin", "a problem cannot be its own twin".into());
    }
}

/// What is wrong with `spec`'s twin, given the twin's `[sql]` settings when a problem of that
/// slug exists (`None`: no such problem; `Some(None)`: it is not an sql problem).
pub fn twin_error(spec: &SqlSpec, twin: Option<Option<&SqlSpec>>) -> Option<String> {
    let name = spec.twin.as_deref()?;
    match twin {
        None => Some(format!("`twin = \"{name}\"`: no problem `{name}` in the catalogue")),
        Some(None) => Some(format!("`twin = \"{name}\"`: `{name}` is not an sql problem")),
        Some(Some(other)) if other.dialect == spec.dialect => Some(format!(
            "`twin = \"{name}\"`: `{name}` is in the same dialect ({}); a twin is the problem in the other one",
            spec.dialect.as_str()
        )),
        Some(Some(_)) => None,
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    fn spec(text: &str) -> Result<SqlSpec, String> {
        toml::from_str::<SqlSpec>(text).map_err(|e| e.message().to_owned())
    }

    #[test]
    fn the_dialect_is_sqlite_unless_it_says_postgres() {
        assert_eq!(spec("").expect("parses").dialect, SqlDialect::Sqlite);
        let pg = spec("dialect = \"postgres\"\ntwin = \"sql-x\"").expect("parses");
        assert_eq!((pg.dialect, pg.twin.as_deref()), (SqlDialect::Postgres, Some("sql-x")));
        let wrong = spec("dialect = \"mysql\"").expect_err("no such dialect");
        assert!(wrong.contains("unknown variant `mysql`, expected `sqlite` or `postgres`"), "{wrong}");
    }

    #[test]
    fn a_twin_exists_is_sql_and_is_in_the_other_dialect() {
        let pg = SqlSpec { dialect: SqlDialect::Postgres, twin: Some("sql-x".into()), ..SqlSpec::default() };
        let sqlite = SqlSpec::default();
        assert_eq!(twin_error(&pg, Some(Some(&sqlite))), None);
        assert_eq!(twin_error(&sqlite, None), None);
        assert_eq!(twin_error(&pg, None).as_deref(), Some("`twin = \"sql-x\"`: no problem `sql-x` in the catalogue"));
        assert_eq!(twin_error(&pg, Some(None)).as_deref(), Some("`twin = \"sql-x\"`: `sql-x` is not an sql problem"));
        let same = twin_error(&pg, Some(Some(&pg))).expect("same dialect");
        assert!(same.contains("is in the same dialect (postgres)"), "{same}");
        let mut errors = Vec::new();
        validate(&SqlSpec { twin: Some("me".into()), ..SqlSpec::default() }, "me", &mut |k, m| {
            errors.push((k.to_owned(), m))
        });
        assert_eq!(errors, [("sql.twin".to_owned(), "a problem cannot be its own twin".to_owned())]);
    }
}
