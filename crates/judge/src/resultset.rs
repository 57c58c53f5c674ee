//! Comparing SQL results, outside the sandbox: result sets (columns and rows) and, for
//! problems that change data, whole tables.
//!
//! Rows compare as a multiset unless the problem requires an order; NULL equals NULL; numbers
//! are equal within the problem's tolerance (absolute or relative), so 3 and 3.0 are equal;
//! text compares exactly. A mismatch says what differs in a form a candidate can read.

use serde_json::Value;
use std::cmp::Ordering;
use std::fmt::Write as _;
use verdict_catalog::SqlSpec;

/// Rows of a result set.
pub type Row = Vec<Value>;

/// A query's result: column names and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

impl ResultSet {
    /// Reads `{"columns": [...], "rows": [[...], ...]}`.
    pub fn from_json(value: &Value) -> Option<ResultSet> {
        let columns: Option<Vec<String>> =
            value.get("columns")?.as_array()?.iter().map(|c| c.as_str().map(str::to_owned)).collect();
        let rows: Option<Vec<Row>> = value.get("rows")?.as_array()?.iter().map(|r| r.as_array().cloned()).collect();
        Some(ResultSet { columns: columns?, rows: rows? })
    }
}

/// Why a result differs from the expected one.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    ColumnCount {
        expected: usize,
        actual: usize,
    },
    ColumnNames {
        expected: Vec<String>,
        actual: Vec<String>,
    },
    /// Rows missing from the result and rows it should not have (as multisets).
    Rows {
        columns: Vec<String>,
        missing: Vec<Row>,
        extra: Vec<Row>,
    },
    /// The right rows, in the wrong order: the first position that differs.
    Order {
        columns: Vec<String>,
        position: usize,
        expected: Row,
        actual: Row,
    },
    /// Right as given, but the order was chance: with unordered rows reversed it changed.
    UnfixedOrder {
        columns: Vec<String>,
        position: usize,
        expected: Row,
        actual: Row,
    },
    /// A table is missing, or one that should not be there is (data-changing problems).
    Tables {
        expected: Vec<String>,
        actual: Vec<String>,
    },
    /// A table's rows after the change differ.
    Table {
        name: String,
        mismatch: Box<Mismatch>,
    },
    /// The result is not a result set at all.
    Malformed(String),
}

impl Mismatch {
    /// True when only the order of the rows is wrong.
    pub fn is_order(&self) -> bool {
        matches!(self, Mismatch::Order { .. } | Mismatch::UnfixedOrder { .. })
    }

    /// A readable account of the difference, with the rows concerned as small tables.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        match self {
            Mismatch::ColumnCount { expected, actual } => {
                let _ = write!(
                    out,
                    "The result has {actual} column{} where {expected} {} expected.",
                    plural(*actual),
                    were(*expected)
                );
            }
            Mismatch::ColumnNames { expected, actual } => {
                let _ = write!(
                    out,
                    "The columns are named {} where {} {} expected (this problem compares column names; use AS).",
                    actual.join(", "),
                    expected.join(", "),
                    were(expected.len())
                );
            }
            Mismatch::Rows { columns, missing, extra } => {
                if !missing.is_empty() {
                    let _ = writeln!(
                        out,
                        "{} expected row{} missing:",
                        missing.len(),
                        if missing.len() == 1 { " is" } else { "s are" }
                    );
                    out.push_str(&render_table(columns, missing, 20));
                }
                if !extra.is_empty() {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    let _ = writeln!(out, "{} row{} should not be in the result:", extra.len(), plural(extra.len()));
                    out.push_str(&render_table(columns, extra, 20));
                }
            }
            Mismatch::Order { columns, position, expected, actual } => {
                let _ = writeln!(out, "The rows are right but in the wrong order. Row {} should be:", position + 1);
                out.push_str(&render_table(columns, std::slice::from_ref(expected), 1));
                out.push_str("\nbut is:\n");
                out.push_str(&render_table(columns, std::slice::from_ref(actual), 1));
            }
            Mismatch::UnfixedOrder { columns, position, expected, actual } => {
                let _ = writeln!(
                    out,
                    "The rows came in the right order only by chance: the query does not fix their order (is ORDER BY \
                     missing?). Run again with unordered rows returned the other way round, row {} was:",
                    position + 1
                );
                out.push_str(&render_table(columns, std::slice::from_ref(actual), 1));
                out.push_str("\nwhere it should be:\n");
                out.push_str(&render_table(columns, std::slice::from_ref(expected), 1));
            }
            Mismatch::Tables { expected, actual } => {
                let _ = write!(
                    out,
                    "The database holds tables {} where {} {} expected.",
                    actual.join(", "),
                    expected.join(", "),
                    were(expected.len())
                );
            }
            Mismatch::Table { name, mismatch } => {
                let _ = writeln!(out, "Table {name} after the change:");
                out.push_str(&mismatch.describe());
            }
            Mismatch::Malformed(why) => out.push_str(why),
        }
        out.trim_end().to_owned()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn were(n: usize) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}

/// Compares a result set with the expected one. `reversed` is the same query's rows with
/// unordered rows returned the other way round, checked too when the order matters.
pub fn compare(
    spec: &SqlSpec,
    expected: &ResultSet,
    actual: &ResultSet,
    reversed: Option<&[Row]>,
) -> Result<(), Mismatch> {
    if expected.columns.len() != actual.columns.len() {
        return Err(Mismatch::ColumnCount { expected: expected.columns.len(), actual: actual.columns.len() });
    }
    if spec.column_names && !expected.columns.iter().zip(&actual.columns).all(|(e, a)| e.eq_ignore_ascii_case(a)) {
        return Err(Mismatch::ColumnNames { expected: expected.columns.clone(), actual: actual.columns.clone() });
    }
    let tolerance = spec.tolerance;
    let columns = &expected.columns;
    if let Some((missing, extra)) = multiset_difference(&expected.rows, &actual.rows, tolerance) {
        return Err(Mismatch::Rows { columns: columns.clone(), missing, extra });
    }
    if spec.ordered {
        if let Some(position) = first_difference(&expected.rows, &actual.rows, tolerance) {
            return Err(Mismatch::Order {
                columns: columns.clone(),
                position,
                expected: expected.rows[position].clone(),
                actual: actual.rows[position].clone(),
            });
        }
        if let Some(reversed) = reversed {
            if let Some(position) = first_difference(&expected.rows, reversed, tolerance) {
                return Err(Mismatch::UnfixedOrder {
                    columns: columns.clone(),
                    position,
                    expected: expected.rows[position].clone(),
                    actual: reversed.get(position).cloned().unwrap_or_default(),
                });
            }
        }
    }
    Ok(())
}

/// Compares the tables after a data change: the same tables, each with the same rows (as a
/// multiset) and the same columns.
pub fn compare_tables(spec: &SqlSpec, expected: &Value, actual: &Value) -> Result<(), Mismatch> {
    let (Some(expected), Some(actual)) = (expected.as_object(), actual.as_object()) else {
        return Err(Mismatch::Malformed("the tables after the change could not be read".into()));
    };
    // Tables have no order: JSON objects keep the order they were written in.
    let names = |m: &serde_json::Map<String, Value>| {
        let mut names: Vec<String> = m.keys().cloned().collect();
        names.sort();
        names
    };
    if names(expected) != names(actual) {
        return Err(Mismatch::Tables { expected: names(expected), actual: names(actual) });
    }
    let unordered_by_name = SqlSpec { ordered: false, column_names: true, ..spec.clone() };
    for (name, want) in expected {
        let (Some(want), Some(got)) = (ResultSet::from_json(want), actual.get(name).and_then(ResultSet::from_json))
        else {
            return Err(Mismatch::Malformed(format!("table {name} could not be read")));
        };
        compare(&unordered_by_name, &want, &got, None)
            .map_err(|m| Mismatch::Table { name: name.clone(), mismatch: Box::new(m) })?;
    }
    Ok(())
}

/// Whether two cells are equal: NULL equals NULL, numbers within the tolerance.
pub fn cells_equal(expected: &Value, actual: &Value, tolerance: f64) -> bool {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            if let (Some(x), Some(y)) = (e.as_i64(), a.as_i64()) {
                return x == y;
            }
            let (x, y) = (e.as_f64().unwrap_or(f64::NAN), a.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= tolerance || (x - y).abs() <= tolerance * x.abs().max(y.abs())
        }
        (Value::Bool(e), Value::Number(a)) | (Value::Number(a), Value::Bool(e)) => {
            a.as_f64() == Some(f64::from(u8::from(*e)))
        }
        _ => expected == actual,
    }
}

fn rows_equal(expected: &[Value], actual: &[Value], tolerance: f64) -> bool {
    expected.len() == actual.len() && expected.iter().zip(actual).all(|(e, a)| cells_equal(e, a, tolerance))
}

fn first_difference(expected: &[Row], actual: &[Row], tolerance: f64) -> Option<usize> {
    (0..expected.len().max(actual.len())).find(|&i| match (expected.get(i), actual.get(i)) {
        (Some(e), Some(a)) => !rows_equal(e, a, tolerance),
        _ => true,
    })
}

/// A total order on cells for sorting: NULL, then numbers, then text, then anything else.
fn cell_order(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) | Value::Number(_) => 1,
            Value::String(_) => 2,
            _ => 3,
        }
    }
    let number = |v: &Value| match v {
        Value::Bool(b) => f64::from(u8::from(*b)),
        other => other.as_f64().unwrap_or(0.0),
    };
    rank(a).cmp(&rank(b)).then_with(|| match (a, b) {
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (x, y) if rank(x) == 1 => number(x).total_cmp(&number(y)),
        (x, y) => x.to_string().cmp(&y.to_string()),
    })
}

fn row_order(a: &Row, b: &Row) -> Ordering {
    a.iter().zip(b).map(|(x, y)| cell_order(x, y)).find(|o| o.is_ne()).unwrap_or_else(|| a.len().cmp(&b.len()))
}

/// Above this many row pairs, a failed sorted match is not refined into a best matching.
const MATCHING_PAIRS_LIMIT: usize = 4_000_000;

/// `None` when the rows are equal as multisets; otherwise the expected rows not matched and
/// the actual rows left over.
fn multiset_difference(expected: &[Row], actual: &[Row], tolerance: f64) -> Option<(Vec<Row>, Vec<Row>)> {
    let mut want: Vec<&Row> = expected.iter().collect();
    let mut got: Vec<&Row> = actual.iter().collect();
    want.sort_by(|a, b| row_order(a, b));
    got.sort_by(|a, b| row_order(a, b));
    if want.len() == got.len() && want.iter().zip(&got).all(|(e, a)| rows_equal(e, a, tolerance)) {
        return None;
    }
    // Sorting can pair rows badly when numbers differ within the tolerance; match each
    // expected row with any equal row left instead.
    let mut used = vec![false; got.len()];
    let mut missing = Vec::new();
    if want.len().saturating_mul(got.len()) <= MATCHING_PAIRS_LIMIT {
        for row in &want {
            match got.iter().enumerate().position(|(i, a)| !used[i] && rows_equal(row, a, tolerance)) {
                Some(i) => used[i] = true,
                None => missing.push((*row).clone()),
            }
        }
    } else {
        let mut j = 0;
        for row in &want {
            while j < got.len() && row_order(got[j], row).is_lt() && !rows_equal(row, got[j], tolerance) {
                j += 1;
            }
            if j < got.len() && rows_equal(row, got[j], tolerance) {
                used[j] = true;
                j += 1;
            } else {
                missing.push((*row).clone());
            }
        }
    }
    let extra: Vec<Row> = got.iter().zip(&used).filter(|(_, u)| !**u).map(|(r, _)| (*r).clone()).collect();
    if missing.is_empty() && extra.is_empty() {
        None
    } else {
        Some((missing, extra))
    }
}

/// Rows as a small text table, `NULL` for null, at most `limit` rows.
pub fn render_table(columns: &[String], rows: &[Row], limit: usize) -> String {
    let cell = |v: &Value| match v {
        Value::Null => "NULL".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let shown: Vec<Vec<String>> = rows.iter().take(limit).map(|r| r.iter().map(cell).collect()).collect();
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for row in &shown {
        for (i, c) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count().min(40));
            }
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let c: String = c.chars().take(40).collect();
                format!("{c:<w$}")
            })
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    let mut out = line(columns);
    out.push_str(&format!("|{}|\n", widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("|")));
    for row in &shown {
        out.push_str(&line(row));
    }
    if rows.len() > limit {
        out.push_str(&format!("... and {} more\n", rows.len() - limit));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(columns: &[&str], rows: Value) -> ResultSet {
        ResultSet::from_json(&json!({"columns": columns, "rows": rows})).expect("a result set")
    }

    fn spec(ordered: bool) -> SqlSpec {
        SqlSpec { ordered, ..SqlSpec::default() }
    }

    #[test]
    fn rows_compare_as_a_multiset_unless_ordered() {
        let expected = set(&["name", "n"], json!([["a", 1], ["b", 2], ["b", 2]]));
        let shuffled = set(&["name", "n"], json!([["b", 2], ["a", 1], ["b", 2]]));
        assert_eq!(compare(&spec(false), &expected, &shuffled, None), Ok(()));
        let mismatch = compare(&spec(true), &expected, &shuffled, None).expect_err("order matters");
        assert!(mismatch.is_order(), "{mismatch:?}");
        assert!(mismatch.describe().contains("wrong order"), "{}", mismatch.describe());
        // A multiset counts duplicates.
        let fewer = set(&["name", "n"], json!([["b", 2], ["a", 1]]));
        let Err(Mismatch::Rows { missing, extra, .. }) = compare(&spec(false), &expected, &fewer, None) else {
            panic!("a missing duplicate is a difference");
        };
        assert_eq!((missing, extra), (vec![vec![json!("b"), json!(2)]], vec![]));
    }

    #[test]
    fn null_equals_null_and_numbers_within_tolerance() {
        let expected = set(&["x", "y"], json!([[null, 1], [2.5, 3.0]]));
        let actual = set(&["x", "y"], json!([[2.5000000000001, 3], [null, 1.0]]));
        assert_eq!(compare(&spec(false), &expected, &actual, None), Ok(()));
        let off = set(&["x", "y"], json!([[2.6, 3], [null, 1]]));
        assert!(compare(&spec(false), &expected, &off, None).is_err());
        // Text is never a number.
        let text = set(&["x", "y"], json!([["2.5", 3], [null, 1]]));
        assert!(compare(&spec(false), &expected, &text, None).is_err());
    }

    #[test]
    fn columns_count_always_and_names_only_when_asked() {
        let expected = set(&["name", "total"], json!([["a", 1]]));
        let renamed = set(&["NAME", "sum(x)"], json!([["a", 1]]));
        assert_eq!(compare(&spec(false), &expected, &renamed, None), Ok(()));
        let named = SqlSpec { column_names: true, ..SqlSpec::default() };
        assert!(matches!(compare(&named, &expected, &renamed, None), Err(Mismatch::ColumnNames { .. })));
        let wider = set(&["name", "total", "x"], json!([["a", 1, 2]]));
        assert!(matches!(
            compare(&spec(false), &expected, &wider, None),
            Err(Mismatch::ColumnCount { expected: 2, actual: 3 })
        ));
    }

    #[test]
    fn an_order_that_holds_only_by_chance_is_caught() {
        let expected = set(&["n"], json!([[1], [2], [3]]));
        let reversed = vec![vec![json!(3)], vec![json!(2)], vec![json!(1)]];
        let mismatch = compare(&spec(true), &expected, &expected, Some(&reversed)).expect_err("unfixed order");
        assert!(matches!(mismatch, Mismatch::UnfixedOrder { position: 0, .. }), "{mismatch:?}");
        assert!(mismatch.describe().contains("ORDER BY"), "{}", mismatch.describe());
        assert_eq!(compare(&spec(true), &expected, &expected, Some(&expected.rows)), Ok(()));
    }

    #[test]
    fn the_diff_lists_missing_and_extra_rows_as_tables() {
        let expected = set(&["name", "n"], json!([["Ann", 3], ["Bob", null]]));
        let actual = set(&["name", "n"], json!([["Ann", 3], ["Bob", 0]]));
        let text = compare(&spec(false), &expected, &actual, None).expect_err("differs").describe();
        assert!(text.contains("1 expected row is missing:\n| name | n    |"), "{text}");
        assert!(text.contains("| Bob  | NULL |"), "{text}");
        assert!(text.contains("1 row should not be in the result:"), "{text}");
        assert!(text.contains("| Bob  | 0 |"), "{text}");
    }

    #[test]
    fn tables_after_a_change_compare_per_table() {
        let before = json!({"t": {"columns": ["id", "v"], "rows": [[1, "a"], [2, "b"]]}});
        let same = json!({"t": {"columns": ["id", "v"], "rows": [[2, "b"], [1, "a"]]}});
        assert_eq!(compare_tables(&SqlSpec::default(), &before, &same), Ok(()));
        let changed = json!({"t": {"columns": ["id", "v"], "rows": [[1, "a"]]}});
        let mismatch = compare_tables(&SqlSpec::default(), &before, &changed).expect_err("a row gone");
        assert!(mismatch.describe().starts_with("Table t after the change:"), "{}", mismatch.describe());
        // The same tables named in another order are the same database.
        let two = json!({"t": before["t"], "u": {"columns": ["id"], "rows": [[1]]}});
        let swapped = json!({"u": {"columns": ["id"], "rows": [[1]]}, "t": same["t"]});
        assert_eq!(compare_tables(&SqlSpec::default(), &two, &swapped), Ok(()));
    }
}
