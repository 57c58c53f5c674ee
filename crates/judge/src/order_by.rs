//! Whether an SQL answer fixes its row order: a top-level `ORDER BY`, found by parsing the
//! statement (in the problem's dialect), not by searching its text. An `ORDER BY` inside `OVER (...)`, a
//! subquery or a CTE orders something else; one after a compound (`UNION ...`) orders the
//! whole result and counts.

use sqlparser::ast::{OrderByKind, Query, SetExpr, Statement};
use sqlparser::dialect::{Dialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};
use verdict_catalog::SqlDialect;

/// `Some(true)` when the single statement in `sql` is a query with a top-level `ORDER BY`,
/// `Some(false)` when it is one without (or is not a query), and `None` when the parser cannot
/// tell: it does not read every statement SQLite accepts, and a statement it cannot read must
/// not count against its author, so callers fall back to what the rows themselves show.
pub fn has_top_level_order_by(sql: &str) -> Option<bool> {
    has_top_level_order_by_in(sql, SqlDialect::Sqlite)
}

/// [`has_top_level_order_by`] for a statement in `dialect`.
pub fn has_top_level_order_by_in(sql: &str, dialect: SqlDialect) -> Option<bool> {
    match dialect {
        SqlDialect::Sqlite => parse_order_by(sql, &SQLiteDialect {}),
        SqlDialect::Postgres => parse_order_by(sql, &PostgreSqlDialect {}),
    }
}

fn parse_order_by(sql: &str, dialect: &(dyn Dialect + std::panic::RefUnwindSafe)) -> Option<bool> {
    // The text is the candidate's: a parser bug that panics on it must not take the judge
    // down, and reads as "cannot tell".
    let statements = std::panic::catch_unwind(|| {
        let tokens = without_cte_hints(Tokenizer::new(dialect, sql).tokenize()?);
        Parser::new(dialect).with_tokens(tokens).parse_statements()
    })
    .ok()?
    .ok()?;
    match statements.as_slice() {
        [Statement::Query(query)] => Some(orders(query)),
        [_] => Some(false),
        _ => None,
    }
}

/// The tokens without SQLite's `AS [NOT] MATERIALIZED` hints on CTEs, which sqlparser's SQLite
/// dialect does not read (it does for PostgreSQL); they change how a CTE is computed, not the
/// order of the result.
fn without_cte_hints(tokens: Vec<Token>) -> Vec<Token> {
    let is = |token: Option<&Token>, keyword: Keyword| matches!(token, Some(Token::Word(w)) if w.keyword == keyword);
    let significant: Vec<usize> = (0..tokens.len()).filter(|&i| !matches!(tokens[i], Token::Whitespace(_))).collect();
    let mut dropped = vec![false; tokens.len()];
    for (k, &i) in significant.iter().enumerate() {
        let at =
            |offset: isize| k.checked_add_signed(offset).and_then(|j| significant.get(j)).and_then(|&j| tokens.get(j));
        if !is(tokens.get(i), Keyword::MATERIALIZED) || !matches!(at(1), Some(Token::LParen)) {
            continue;
        }
        if is(at(-1), Keyword::AS) {
            dropped[i] = true;
        } else if is(at(-1), Keyword::NOT) && is(at(-2), Keyword::AS) {
            dropped[i] = true;
            dropped[significant[k - 1]] = true;
        }
    }
    tokens.into_iter().zip(dropped).filter(|(_, d)| !d).map(|(t, _)| t).collect()
}

fn orders(query: &Query) -> bool {
    let own = query.order_by.as_ref().is_some_and(|o| match &o.kind {
        OrderByKind::Expressions(exprs) => !exprs.is_empty(),
        OrderByKind::All(_) => true,
    });
    // A parenthesised query is the same query: its ORDER BY is still the top level's.
    own || matches!(query.body.as_ref(), SetExpr::Query(inner) if orders(inner))
}

#[cfg(test)]
mod unit {
    use super::has_top_level_order_by as order;
    use super::has_top_level_order_by_in;
    use verdict_catalog::SqlDialect;

    #[test]
    fn postgres_statements_are_read_in_postgres_dialect() {
        let pg = |sql| has_top_level_order_by_in(sql, SqlDialect::Postgres);
        assert_eq!(pg("SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b DESC"), Some(true));
        assert_eq!(pg("SELECT DISTINCT ON (a) a, b FROM t"), Some(false));
        assert_eq!(
            pg("SELECT date_trunc('month', at)::date AS m, count(*) FILTER (WHERE ok) FROM t GROUP BY 1"),
            Some(false)
        );
        assert_eq!(pg("SELECT x->>'k' FROM t ORDER BY x->>'k' NULLS LAST"), Some(true));
        assert_eq!(pg("SELECT $$a;b$$ AS x FROM t ORDER BY 1"), Some(true), "dollar quotes");
        assert_eq!(pg("SELECT E'it\\'s' AS x FROM t ORDER BY 1"), Some(true), "escape strings");
        assert_eq!(pg("SELECT a FROM t WHERE tags @> ARRAY['x'] ORDER BY a"), Some(true), "array containment");
        assert_eq!(pg("SELECT a FROM t WHERE data ? 'k' ORDER BY a"), Some(true), "jsonb key");
    }

    #[test]
    fn only_a_top_level_order_by_counts() {
        assert_eq!(order("select a from t\norder   by a"), Some(true));
        assert_eq!(order("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1;"), Some(true));
        assert_eq!(order("WITH x AS (SELECT a FROM t ORDER BY a) SELECT a FROM x ORDER BY a DESC"), Some(true));
        assert_eq!(order("SELECT a FROM t ORDER BY a;;"), Some(true));
        assert_eq!(order("SELECT rank() OVER (ORDER BY a) FROM t"), Some(false));
        assert_eq!(order("SELECT a FROM (SELECT a FROM t ORDER BY a)"), Some(false));
        assert_eq!(order("WITH x AS (SELECT a FROM t ORDER BY a) SELECT a FROM x"), Some(false));
        assert_eq!(order("SELECT a FROM t WHERE a IN (SELECT a FROM u ORDER BY a LIMIT 3)"), Some(false));
        assert_eq!(order("WITH x AS MATERIALIZED (SELECT a FROM t ORDER BY a) SELECT a FROM x"), Some(false));
        assert_eq!(order("WITH x AS NOT MATERIALIZED (SELECT a FROM t) SELECT a FROM x ORDER BY a"), Some(true));
        assert_eq!(order("SELECT materialized FROM t AS materialized ORDER BY 1"), Some(true));
        assert_eq!(order("SELECT a FROM t -- ORDER BY a\n"), Some(false));
        assert_eq!(order("SELECT 'order by' AS \"ORDER BY\" FROM t /* order by x */"), Some(false));
        assert_eq!(order("SELECT border, byte FROM t GROUP BY border"), Some(false));
        assert_eq!(order("UPDATE t SET a = 1"), Some(false));
        assert_eq!(order("SELECT a FROM t; SELECT b FROM t ORDER BY b"), None);
        assert_eq!(order("SELECT a FROM t WHERE a MATCH"), None);
    }
}
