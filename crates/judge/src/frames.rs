//! Comparing a pandas answer, outside the box.
//!
//! The harness encodes what the candidate's function returned (`sandbox/python/frames.py`
//! gives the forms): a DataFrame, a Series, a numpy array or a scalar. Here both answers are
//! read back into one of three shapes and compared with the problem's `[pandas]` rules:
//!
//! - a DataFrame or Series is a table (a Series is one column named by its name). Unless the
//!   index is compared, an index with a named level becomes leading columns, as `reset_index()`
//!   would make them, and an unnamed one is dropped, on both sides; with `index = true` every
//!   level is a leading column. Rows then compare with the SQL kind's result-set rules
//!   ([`resultset::compare`]: a multiset unless ordered, null equals null (None, NaN, NaT and
//!   pd.NA all arrive as null), numbers within the tolerance, so 3 equals 3.0);
//! - an array compares by shape, then value by value within the tolerance;
//! - a scalar is one cell.
//!
//! Column names count unless the problem says not; an expected column without a name (an
//! unnamed Series) takes any. `dtypes = "strict"` also wants each dtype string equal.

use crate::graded::Graded;
use crate::report::FailureReason;
use crate::resultset::{self, cells_equal, Mismatch, ResultSet, Row};
use crate::verdict::Verdict;
use serde_json::Value;
use verdict_catalog::{Dtypes, Expected, PandasSpec, SqlSpec};

/// An answer read back from its encoded form.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A DataFrame or a Series, its index made columns or dropped.
    Table(Table),
    /// A numpy array: its values flattened in C order.
    Array {
        dtype: Option<String>,
        shape: Vec<u64>,
        values: Vec<Value>,
    },
    Scalar {
        dtype: Option<String>,
        value: Value,
    },
}

/// A DataFrame or Series as columns and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// `None`: unnamed (a Series without a name, an index level without one).
    pub columns: Vec<Option<String>>,
    pub dtypes: Vec<Option<String>>,
    pub rows: Vec<Row>,
    /// "a DataFrame" or "a Series", for messages.
    pub what: &'static str,
}

impl Answer {
    /// What the answer is, for messages: "a DataFrame", "a numpy array"...
    pub fn what(&self) -> &'static str {
        match self {
            Answer::Table(table) => table.what,
            Answer::Array { .. } => "a numpy array",
            Answer::Scalar { .. } => "a single value",
        }
    }

    /// Reads an encoded answer; `index` keeps every index level as a leading column. An object
    /// with `columns` and `rows` and no `type` (as an author may write an expected table) is a
    /// DataFrame with no index; any other JSON without a `type` is a scalar.
    pub fn decode(value: &Value, index: bool) -> Result<Answer, String> {
        let kind = value.get("type").and_then(Value::as_str);
        match kind {
            Some("frame") => decode_frame(value, index),
            Some("series") => decode_series(value, index),
            Some("array") => decode_array(value),
            Some("scalar") => {
                Ok(Answer::Scalar { dtype: dtype(value.get("dtype")), value: field(value, "value")?.clone() })
            }
            Some(other) => Err(format!("unknown answer type `{other}`")),
            None => match ResultSet::from_json(value) {
                Some(set) => Ok(Answer::Table(Table {
                    dtypes: vec![None; set.columns.len()],
                    columns: set.columns.into_iter().map(Some).collect(),
                    rows: set.rows,
                    what: "a DataFrame",
                })),
                None => Ok(Answer::Scalar { dtype: None, value: value.clone() }),
            },
        }
    }
}

fn field<'v>(value: &'v Value, name: &str) -> Result<&'v Value, String> {
    value.get(name).ok_or_else(|| format!("no `{name}`"))
}

fn list<'v>(value: &'v Value, name: &str) -> Result<&'v Vec<Value>, String> {
    field(value, name)?.as_array().ok_or_else(|| format!("`{name}` is not a list"))
}

fn dtype(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

/// A column, index or Series name as text: `None` when unnamed; a number or a tuple (of
/// MultiIndex columns) as its JSON.
fn label(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

fn rows_of(value: &Value, name: &str, width: usize) -> Result<Vec<Row>, String> {
    list(value, name)?
        .iter()
        .map(|row| match row.as_array() {
            Some(cells) if cells.len() == width => Ok(cells.clone()),
            _ => Err(format!("a row of `{name}` is not a list of {width} values")),
        })
        .collect()
}

/// The index's levels as leading columns (names, dtypes, one row per row), or none at all when
/// it is dropped: unless `keep`, an index none of whose levels has a name.
fn index_columns(index: &Value, keep: bool) -> Result<Option<Table>, String> {
    let names: Vec<Option<String>> = list(index, "names")?.iter().map(label).collect();
    let dtypes: Vec<Option<String>> = list(index, "dtypes")?.iter().map(|d| dtype(Some(d))).collect();
    if dtypes.len() != names.len() {
        return Err("the index has a dtype per level".into());
    }
    let rows = rows_of(index, "rows", names.len())?;
    if !keep && names.iter().all(Option::is_none) {
        return Ok(None);
    }
    let levels = names.len();
    // reset_index() names an unnamed level `index` (one level) or `level_<n>`.
    let names = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| match name {
            Some(name) => Some(name),
            None if keep => None,
            None if levels == 1 => Some("index".to_owned()),
            None => Some(format!("level_{i}")),
        })
        .collect();
    Ok(Some(Table { columns: names, dtypes, rows, what: "an index" }))
}

/// Prepends the index columns to a table's, row by row.
fn with_index(index: &Value, keep: bool, mut table: Table) -> Result<Answer, String> {
    let Some(Table { columns: names, dtypes, rows, .. }) = index_columns(index, keep)? else {
        return Ok(Answer::Table(table));
    };
    if rows.len() != table.rows.len() {
        return Err(format!("the index has {} rows for {} rows of values", rows.len(), table.rows.len()));
    }
    table.columns = names.into_iter().chain(table.columns).collect();
    table.dtypes = dtypes.into_iter().chain(table.dtypes).collect();
    table.rows =
        rows.into_iter().zip(table.rows).map(|(index, values)| index.into_iter().chain(values).collect()).collect();
    Ok(Answer::Table(table))
}

fn decode_frame(value: &Value, keep_index: bool) -> Result<Answer, String> {
    let columns: Vec<Option<String>> = list(value, "columns")?.iter().map(label).collect();
    let dtypes: Vec<Option<String>> = list(value, "dtypes")?.iter().map(|d| dtype(Some(d))).collect();
    if dtypes.len() != columns.len() {
        return Err("a frame has a dtype per column".into());
    }
    let rows = rows_of(value, "rows", columns.len())?;
    with_index(field(value, "index")?, keep_index, Table { columns, dtypes, rows, what: "a DataFrame" })
}

fn decode_series(value: &Value, keep_index: bool) -> Result<Answer, String> {
    let rows = list(value, "values")?.iter().map(|v| vec![v.clone()]).collect();
    let table = Table {
        columns: vec![label(field(value, "name")?)],
        dtypes: vec![dtype(value.get("dtype"))],
        rows,
        what: "a Series",
    };
    with_index(field(value, "index")?, keep_index, table)
}

fn decode_array(value: &Value) -> Result<Answer, String> {
    let shape: Vec<u64> =
        list(value, "shape")?.iter().map(Value::as_u64).collect::<Option<_>>().ok_or("a bad shape")?;
    let mut values = Vec::new();
    flatten(field(value, "values")?, shape.len(), &mut values)?;
    let size = shape.iter().try_fold(1u64, |n, d| n.checked_mul(*d)).ok_or("a bad shape")?;
    if values.len() as u64 != size {
        return Err(format!("{} values for the shape {shape:?}", values.len()));
    }
    Ok(Answer::Array { dtype: dtype(value.get("dtype")), shape, values })
}

fn flatten(value: &Value, depth: usize, out: &mut Vec<Value>) -> Result<(), String> {
    match (depth, value) {
        (0, Value::Array(_) | Value::Object(_)) => Err("an array's value is a list".into()),
        (0, cell) => {
            out.push(cell.clone());
            Ok(())
        }
        (_, Value::Array(items)) => items.iter().try_for_each(|item| flatten(item, depth - 1, out)),
        _ => Err("an array's values are not nested as deep as its shape".into()),
    }
}

/// Compares an answer with the expected one under the problem's rules.
pub fn compare(spec: &PandasSpec, expected: &Answer, actual: &Answer) -> Result<(), Mismatch> {
    let strict = spec.dtypes == Dtypes::Strict;
    match (expected, actual) {
        (Answer::Table(want), Answer::Table(got)) => compare_tables(spec, want, got),
        (
            Answer::Array { dtype: want_dtype, shape: want_shape, values: want },
            Answer::Array { dtype: got_dtype, shape: got_shape, values: got },
        ) => {
            if want_shape != got_shape {
                return Err(Mismatch::Malformed(format!(
                    "The array's shape is {} where {} was expected.",
                    shape_text(got_shape),
                    shape_text(want_shape)
                )));
            }
            if strict {
                dtypes_equal("The array", want_dtype, got_dtype)?;
            }
            match want.iter().zip(got).position(|(e, a)| !cells_equal(e, a, spec.tolerance)) {
                None => Ok(()),
                Some(i) => Err(Mismatch::Malformed(format!(
                    "The value at {} is {} where {} was expected.",
                    position_text(i, want_shape),
                    cell_text(&got[i]),
                    cell_text(&want[i])
                ))),
            }
        }
        (Answer::Scalar { dtype: want_dtype, value: want }, Answer::Scalar { dtype: got_dtype, value: got }) => {
            if !cells_equal(want, got, spec.tolerance) {
                return Err(Mismatch::Malformed(format!(
                    "The answer is {} where {} was expected.",
                    cell_text(got),
                    cell_text(want)
                )));
            }
            if strict {
                dtypes_equal("The value", want_dtype, got_dtype)?;
            }
            Ok(())
        }
        _ => {
            Err(Mismatch::Malformed(format!("The answer is {} where {} was expected.", actual.what(), expected.what())))
        }
    }
}

fn compare_tables(spec: &PandasSpec, want: &Table, got: &Table) -> Result<(), Mismatch> {
    if want.columns.len() != got.columns.len() {
        return Err(Mismatch::ColumnCount { expected: want.columns.len(), actual: got.columns.len() });
    }
    let shown = |names: &[Option<String>]| {
        names.iter().map(|n| n.clone().unwrap_or_else(|| "(unnamed)".into())).collect::<Vec<_>>()
    };
    if spec.column_names && !want.columns.iter().zip(&got.columns).all(|(e, a)| e.is_none() || e == a) {
        return Err(Mismatch::Malformed(format!(
            "The columns are {} where {} were expected (after the index: a named index counts as columns{}).",
            shown(&got.columns).join(", "),
            shown(&want.columns).join(", "),
            if spec.index { "" } else { ", an unnamed one not at all" }
        )));
    }
    if spec.dtypes == Dtypes::Strict {
        for ((name, e), a) in shown(&want.columns).iter().zip(&want.dtypes).zip(&got.dtypes) {
            dtypes_equal(&format!("Column `{name}`"), e, a)?;
        }
    }
    let names: Vec<String> = want
        .columns
        .iter()
        .zip(&got.columns)
        .map(|(e, a)| e.clone().or_else(|| a.clone()).unwrap_or_default())
        .collect();
    let expected = ResultSet { columns: names.clone(), rows: want.rows.clone() };
    let actual = ResultSet { columns: names, rows: got.rows.clone() };
    let rules = SqlSpec { ordered: spec.ordered, column_names: false, tolerance: spec.tolerance, ..SqlSpec::default() };
    resultset::compare(&rules, &expected, &actual, None)
}

fn dtypes_equal(what: &str, want: &Option<String>, got: &Option<String>) -> Result<(), Mismatch> {
    match (want, got) {
        (Some(want), Some(got)) if want != got => Err(Mismatch::Malformed(format!(
            "{what} has the dtype {got} where {want} was expected (this problem compares dtypes)."
        ))),
        _ => Ok(()),
    }
}

fn shape_text(shape: &[u64]) -> String {
    let parts: Vec<String> = shape.iter().map(u64::to_string).collect();
    if parts.len() == 1 {
        format!("({},)", parts[0])
    } else {
        format!("({})", parts.join(", "))
    }
}

/// The index of the `flat`-th value (C order) of an array of `shape`, as `[i, j]`.
fn position_text(flat: usize, shape: &[u64]) -> String {
    let mut rest = flat as u64;
    let mut index = vec![0u64; shape.len()];
    for (slot, size) in index.iter_mut().zip(shape).rev() {
        if *size > 0 {
            *slot = rest % size;
            rest /= size;
        }
    }
    format!("[{}]", index.iter().map(u64::to_string).collect::<Vec<_>>().join(", "))
}

fn cell_text(value: &Value) -> String {
    match value {
        Value::Null => "null (None/NaN/NaT)".into(),
        other => other.to_string(),
    }
}

/// Grades a returned answer. Without `expected` it records the answer (the reference's), which
/// must be readable.
pub(crate) fn grade_answer(spec: &PandasSpec, expected: Option<&Expected>, value: Value, stdout: String) -> Graded {
    let answer = Some(Expected::Value(value.clone()));
    let actual = match Answer::decode(&value, spec.index) {
        Ok(actual) => actual,
        Err(why) => {
            let verdict = if expected.is_none() { Verdict::IE } else { Verdict::WA };
            return Graded::fail(verdict, format!("the answer could not be read: {why}"), stdout);
        }
    };
    let want = match expected {
        None => return Graded::new(Verdict::AC, Some(value), stdout, None, answer),
        Some(Expected::Value(want)) => want,
        Some(Expected::Raises(name)) => {
            let message = format!("expected {name} to be raised, but the call returned");
            return Graded::new(Verdict::WA, Some(value), stdout, Some(message), answer);
        }
        Some(_) => return Graded::fail(Verdict::IE, "expected answer unknown".into(), stdout),
    };
    let want = match Answer::decode(want, spec.index) {
        Ok(want) => want,
        Err(why) => return Graded::fail(Verdict::IE, format!("the expected answer could not be read: {why}"), stdout),
    };
    match compare(spec, &want, &actual) {
        Ok(()) => Graded::new(Verdict::AC, Some(value), stdout, None, answer),
        Err(mismatch) => {
            let mut graded = Graded::new(Verdict::WA, Some(value), stdout, Some(mismatch.describe()), answer);
            graded.reason = mismatch.is_order().then_some(FailureReason::RowOrder);
            graded
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(extra: &str) -> PandasSpec {
        serde_json::from_str(&format!("{{{extra}}}")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn default_index(rows: usize) -> Value {
        json!({"names": [null], "dtypes": ["int64"], "rows": (0..rows).map(|i| json!([i])).collect::<Vec<_>>(),
               "default": true})
    }

    fn frame(columns: &[&str], dtypes: &[&str], rows: Value) -> Value {
        let n = rows.as_array().map_or(0, Vec::len);
        json!({"type": "frame", "columns": columns, "dtypes": dtypes, "rows": rows, "index": default_index(n)})
    }

    fn compared(spec: &PandasSpec, want: &Value, got: &Value) -> Result<(), Mismatch> {
        let decode = |v: &Value| Answer::decode(v, spec.index).unwrap_or_else(|e| panic!("{e}: {v}"));
        compare(spec, &decode(want), &decode(got))
    }

    #[test]
    fn integral_floats_and_nullable_ints_equal_ints_unless_dtypes_are_strict() {
        let want = frame(&["name", "n"], &["str", "int64"], json!([["a", 3], ["b", null]]));
        let floats = frame(&["name", "n"], &["str", "float64"], json!([["b", null], ["a", 3.0]]));
        let nullable = frame(&["name", "n"], &["str", "Int64"], json!([["a", 3], ["b", null]]));
        assert_eq!(compared(&spec(""), &want, &floats), Ok(()));
        assert_eq!(compared(&spec(""), &want, &nullable), Ok(()));
        let strict = spec(r#""dtypes": "strict""#);
        let message = compared(&strict, &want, &floats).expect_err("float64 is not int64").describe();
        assert!(message.contains("Column `n` has the dtype float64 where int64 was expected"), "{message}");
        assert_eq!(compared(&strict, &want, &want), Ok(()));
    }

    #[test]
    fn a_wrong_row_is_a_diff_of_tables_and_an_order_only_when_asked() {
        let want = frame(&["name", "salary"], &["str", "int64"], json!([["Dora", 91000], ["Ada", 72000]]));
        let wrong = frame(&["name", "salary"], &["str", "int64"], json!([["Dora", 91000], ["Ada", 72001]]));
        let text = compared(&spec(""), &want, &wrong).expect_err("a wrong row").describe();
        assert!(text.contains("1 expected row is missing:\n| name | salary |"), "{text}");
        assert!(text.contains("| Ada  | 72001  |"), "{text}");
        let swapped = frame(&["name", "salary"], &["str", "int64"], json!([["Ada", 72000], ["Dora", 91000]]));
        assert_eq!(compared(&spec(""), &want, &swapped), Ok(()));
        assert!(compared(&spec(r#""ordered": true"#), &want, &swapped).expect_err("order").is_order());
    }

    #[test]
    fn a_named_index_is_columns_and_an_unnamed_one_is_dropped_unless_the_index_is_compared() {
        let want = frame(&["dept", "n"], &["str", "int64"], json!([["eng", 2], ["ops", 1]]));
        let index = json!({"names": ["dept"], "dtypes": ["str"], "rows": [["eng"], ["ops"]], "default": false});
        let series = json!({"type": "series", "name": "n", "dtype": "int64", "values": [2, 1], "index": index});
        assert_eq!(compared(&spec(""), &want, &series), Ok(()));
        let unnamed = json!({"type": "series", "name": null, "dtype": "int64", "values": [2, 1], "index": index});
        let text = compared(&spec(""), &want, &unnamed).expect_err("the values column has no name").describe();
        assert!(text.contains("The columns are dept, (unnamed) where dept, n were expected"), "{text}");
        assert_eq!(compared(&spec(r#""column_names": false"#), &want, &unnamed), Ok(()));
        // An expected Series without a name takes any name for its values.
        assert_eq!(compared(&spec(""), &unnamed, &want), Ok(()));
        // A filtered frame keeps its old row labels: unnamed, they are not part of the answer...
        let mut filtered = frame(&["dept", "n"], &["str", "int64"], json!([["eng", 2], ["ops", 1]]));
        filtered["index"] = json!({"names": [null], "dtypes": ["int64"], "rows": [[3], [7]], "default": false});
        assert_eq!(compared(&spec(""), &want, &filtered), Ok(()));
        // ...unless the problem compares the index.
        assert!(compared(&spec(r#""index": true"#), &want, &filtered).is_err());
        assert_eq!(compared(&spec(r#""index": true"#), &series, &series), Ok(()));
    }

    #[test]
    fn arrays_compare_by_shape_then_value_and_scalars_as_one_cell() {
        let array = |dtype: &str, shape: Value, values: Value| json!({"type": "array", "dtype": dtype, "shape": shape, "values": values});
        let want = array("int64", json!([2, 2]), json!([[1, 2], [3, 4]]));
        assert_eq!(
            compared(&spec(""), &want, &array("float64", json!([2, 2]), json!([[1.0, 2.0], [3.0, 4.0]]))),
            Ok(())
        );
        let off = compared(&spec(""), &want, &array("int64", json!([2, 2]), json!([[1, 2], [3, 5]])));
        assert_eq!(off.map_err(|m| m.describe()), Err("The value at [1, 1] is 5 where 4 was expected.".into()));
        let flat = compared(&spec(""), &want, &array("int64", json!([4]), json!([1, 2, 3, 4])));
        assert_eq!(flat.map_err(|m| m.describe()), Err("The array's shape is (4,) where (2, 2) was expected.".into()));
        assert!(Answer::decode(&array("int64", json!([3]), json!([1, 2])), false).is_err(), "3 values for (3,)");

        let scalar = |dtype: &str, value: Value| json!({"type": "scalar", "dtype": dtype, "value": value});
        assert_eq!(compared(&spec(""), &scalar("float64", json!(0.1)), &scalar("float", json!(0.1 + 1e-12))), Ok(()));
        assert!(
            compared(&spec(r#""dtypes": "strict""#), &scalar("float64", json!(2)), &scalar("int", json!(2))).is_err()
        );
        assert_eq!(compared(&spec(""), &scalar("NoneType", Value::Null), &scalar("float64", Value::Null)), Ok(()));
        let text = compared(&spec(""), &scalar("int64", json!(3)), &want).expect_err("an array").describe();
        assert_eq!(text, "The answer is a numpy array where a single value was expected.");
    }

    #[test]
    fn the_reference_must_be_readable_and_a_candidates_unreadable_answer_is_wrong() {
        let unreadable =
            json!({"type": "frame", "columns": ["a"], "dtypes": [], "rows": [], "index": default_index(0)});
        let reference = grade_answer(&spec(""), None, unreadable.clone(), String::new());
        assert_eq!(reference.verdict, Verdict::IE, "{reference:?}");
        let want = Expected::Value(frame(&["a"], &["int64"], json!([[1]])));
        let candidate = grade_answer(&spec(""), Some(&want), unreadable, String::new());
        assert_eq!(candidate.verdict, Verdict::WA, "{candidate:?}");
        let raises = Expected::Raises("ValueError".into());
        let returned = grade_answer(&spec(""), Some(&raises), frame(&["a"], &["int64"], json!([[1]])), String::new());
        assert_eq!(returned.verdict, Verdict::WA);
        let right = grade_answer(&spec(""), Some(&want), frame(&["a"], &["float64"], json!([[1.0]])), String::new());
        assert_eq!((right.verdict, right.answer.is_some()), (Verdict::AC, true));
    }
}
