//! `[pandas]`: how a `pandas` problem's DataFrames are built from its datasets and how its
//! answers are compared, and the checks a pandas test's arguments and datasets must pass.

use crate::names::is_identifier;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The key of an argument that becomes a numpy array in the box:
/// `{"$array": [[1, 2], [3, 4]], "dtype": "float64"}` (`dtype` optional).
pub const ARRAY_KEY: &str = "$array";

/// `[pandas]` of a `pandas` problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PandasSpec {
    /// Dataset tables passed, in this order, as the first positional arguments, each as a
    /// DataFrame (none: a numpy problem may have no datasets).
    pub frames: Vec<String>,
    /// `table.column` names parsed with `pd.to_datetime` (ISO text in the dataset).
    pub dates: Vec<String>,
    /// `table.column` → the dtype its column is cast to (`astype`) when a frame is built, as a
    /// schema states it: an empty table's columns get their types (pandas would make them
    /// `object`), an int column with nulls can be `Int64` rather than float64.
    pub types: BTreeMap<String, String>,
    /// The rows must come in the answer's order; otherwise they compare as a multiset.
    pub ordered: bool,
    /// The column names must match.
    pub column_names: bool,
    /// Numbers within this, absolutely or relatively, are equal.
    pub tolerance: f64,
    /// The index is compared (its levels as leading columns, names included); otherwise a
    /// named index is made columns and an unnamed one dropped, on both sides.
    pub index: bool,
    pub dtypes: Dtypes,
}

impl Default for PandasSpec {
    fn default() -> Self {
        Self {
            frames: Vec::new(),
            dates: Vec::new(),
            types: BTreeMap::new(),
            ordered: false,
            column_names: true,
            tolerance: 1e-9,
            index: false,
            dtypes: Dtypes::Lenient,
        }
    }
}

/// Whether dtypes are compared beyond the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dtypes {
    /// Only the values count: 3 == 3.0, so int64, Int64 and an integral float64 are equal.
    #[default]
    Lenient,
    /// Each column's (and an array's or a scalar's) dtype must be the expected one too.
    Strict,
}

/// The dtypes `[pandas] types` may name: pandas's own names for the column types a dataset's
/// cells (numbers, text, true/false, null) can hold.
pub const COLUMN_TYPES: &[&str] =
    &["int64", "Int64", "float64", "Float64", "str", "string", "bool", "boolean", "object", "category"];

/// The dtypes that hold no missing value: a dataset's null in such a column cannot be cast.
const NOT_NULLABLE: &[&str] = &["int64", "bool"];

/// What is wrong with a pandas problem's `[pandas]` table, by key.
pub(crate) fn validate(spec: &PandasSpec, bad: &mut impl FnMut(&str, String)) {
    for name in &spec.frames {
        if !is_identifier(name) {
            bad("pandas.frames", format!("frame `{name}` is not a table name"));
        }
    }
    if let Some(repeated) = spec.frames.iter().enumerate().find(|(i, f)| spec.frames[..*i].contains(f)) {
        bad("pandas.frames", format!("frame `{}` is listed twice", repeated.1));
    }
    for date in &spec.dates {
        match date.split_once('.') {
            Some((table, column)) if spec.frames.iter().any(|f| f == table) && !column.is_empty() => {}
            _ => bad("pandas.dates", format!("`{date}` must be `table.column`, with the table one of `frames`")),
        }
    }
    for (column, dtype) in &spec.types {
        match column.split_once('.') {
            Some((table, name)) if spec.frames.iter().any(|f| f == table) && !name.is_empty() => {}
            _ => bad("pandas.types", format!("`{column}` must be `table.column`, with the table one of `frames`")),
        }
        if !COLUMN_TYPES.contains(&dtype.as_str()) {
            bad("pandas.types", format!("`{column}`: `{dtype}` is not one of {}", COLUMN_TYPES.join(", ")));
        }
        if spec.dates.contains(column) {
            bad("pandas.types", format!("`{column}` is in `dates` already: a date column is parsed, not cast"));
        }
    }
    if !(spec.tolerance.is_finite() && spec.tolerance >= 0.0) {
        bad("pandas.tolerance", "a tolerance must be a finite number, zero or more".into());
    }
}

/// Checks a pandas test's arguments: JSON, where an object with [`ARRAY_KEY`] is a numpy array
/// (`{"$array": nested list, "dtype": "name"}`).
pub fn validate_arguments(args: &[Value], kwargs: &Map<String, Value>) -> Result<(), String> {
    args.iter().chain(kwargs.values()).try_for_each(validate_argument)
}

fn validate_argument(value: &Value) -> Result<(), String> {
    match value {
        Value::Array(items) => items.iter().try_for_each(validate_argument),
        Value::Object(object) if object.contains_key(ARRAY_KEY) => {
            if let Some(key) = object.keys().find(|k| *k != ARRAY_KEY && *k != "dtype") {
                return Err(format!("an `{ARRAY_KEY}` argument has `{ARRAY_KEY}` and `dtype`, not `{key}`"));
            }
            match object.get("dtype") {
                None => {}
                Some(Value::String(dtype))
                    if !dtype.is_empty()
                        && dtype.chars().all(|c| c.is_ascii_alphanumeric() || c == '[' || c == ']') => {}
                Some(other) => {
                    return Err(format!("an array's `dtype` is a numpy dtype name such as \"float64\", not {other}"))
                }
            }
            if nested_scalars(&object[ARRAY_KEY]) {
                Ok(())
            } else {
                Err(format!("`{ARRAY_KEY}` must be a number, text, true/false, null or nested lists of them"))
            }
        }
        Value::Object(object) => object.values().try_for_each(validate_argument),
        _ => Ok(()),
    }
}

fn nested_scalars(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().all(nested_scalars),
        Value::Object(_) => false,
        _ => true,
    }
}

/// What is wrong with how a pandas problem's tests and datasets fit its `[pandas]` table: a
/// test names a dataset exactly when there are frames, and every dataset holds every frame's
/// table and every `dates` column. Each finding is (file, line, message).
/// A test is given as (file, line, the dataset it names).
pub(crate) fn check_tests_and_datasets(
    spec: &PandasSpec,
    tests: &[(&str, usize, Option<&str>)],
    datasets: &BTreeMap<String, Value>,
) -> Vec<(String, Option<usize>, String)> {
    let mut found = Vec::new();
    for &(file, line, dataset) in tests {
        let has_dataset = dataset.is_some();
        if !spec.frames.is_empty() && !has_dataset {
            found.push((
                file.to_string(),
                Some(line),
                "a pandas test with `frames` needs `dataset`, a file name in datasets/ without .json".into(),
            ));
        }
        if spec.frames.is_empty() && has_dataset {
            found.push((
                file.to_string(),
                Some(line),
                "this problem has no `frames` in `[pandas]`: its tests take no `dataset`".into(),
            ));
        }
    }
    for (name, dataset) in datasets {
        let file = format!("datasets/{name}.json");
        for frame in &spec.frames {
            if dataset.get(frame).is_none() {
                found.push((file.clone(), None, format!("no table `{frame}`, which `[pandas] frames` names")));
            }
        }
        let named =
            spec.dates.iter().map(|d| (d, "dates", None)).chain(spec.types.iter().map(|(c, t)| (c, "types", Some(t))));
        for (qualified, key, dtype) in named {
            let Some((table, column)) = qualified.split_once('.') else { continue };
            let table_value = dataset.get(table);
            let columns = table_value.and_then(|t| t.get("columns")).and_then(Value::as_array);
            let Some(position) = columns.map(|c| c.iter().position(|c| c == column)) else { continue };
            let Some(position) = position else {
                found.push((
                    file.clone(),
                    None,
                    format!("table `{table}` has no column `{column}` (`[pandas] {key}`)"),
                ));
                continue;
            };
            let rows = table_value.and_then(|t| t.get("rows")).and_then(Value::as_array);
            let holds_null = rows.into_iter().flatten().any(|row| row.get(position).is_some_and(Value::is_null));
            if let Some(dtype) = dtype.filter(|d| NOT_NULLABLE.contains(&d.as_str()) && holds_null) {
                found.push((
                    file.clone(),
                    None,
                    format!("table `{table}`, column `{column}` holds null, which `{dtype}` cannot (use `Int64` or `boolean`)"),
                ));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(text: &str) -> PandasSpec {
        toml::from_str(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn keys(spec: &PandasSpec) -> Vec<String> {
        let mut found = Vec::new();
        validate(spec, &mut |key: &str, _| found.push(key.to_owned()));
        found
    }

    #[test]
    fn a_pandas_table_parses_with_its_defaults() {
        assert_eq!(spec(""), PandasSpec::default());
        assert!(PandasSpec::default().column_names, "names are compared unless the problem says not");
        let full = spec(
            "frames = [\"employee\"]\ndates = [\"employee.hired_on\"]\nordered = true\ncolumn_names = false\n\
             tolerance = 1e-6\nindex = true\ndtypes = \"strict\"\n",
        );
        assert_eq!(full.frames, ["employee"]);
        assert_eq!(full.dates, ["employee.hired_on"]);
        assert!(full.ordered && full.index && !full.column_names);
        assert_eq!((full.tolerance, full.dtypes), (1e-6, Dtypes::Strict));
        assert!(keys(&full).is_empty(), "{:?}", keys(&full));
        assert!(toml::from_str::<PandasSpec>("dtype = \"strict\"").is_err(), "unknown keys are refused");
        assert!(toml::from_str::<PandasSpec>("dtypes = \"loose\"").is_err());
    }

    #[test]
    fn frames_are_distinct_tables_and_dates_name_one_of_their_columns() {
        let bad = spec(
            "frames = [\"employee\", \"employee\"]\ndates = [\"salary.paid_on\", \"employee\"]\ntolerance = -1.0\n",
        );
        assert_eq!(keys(&bad), ["pandas.frames", "pandas.dates", "pandas.dates", "pandas.tolerance"]);
        assert_eq!(keys(&spec("frames = [\"a b\"]")), ["pandas.frames"]);
    }

    #[test]
    fn a_test_names_a_dataset_exactly_when_there_are_frames_and_a_dataset_holds_them() {
        let with_frames = spec("frames = [\"employee\"]\ndates = [\"employee.hired_on\"]");
        let datasets: BTreeMap<String, Value> = [
            ("good".to_owned(), json!({"employee": {"columns": ["id", "hired_on"], "rows": []}})),
            ("no_date".to_owned(), json!({"employee": {"columns": ["id"], "rows": []}})),
            ("other".to_owned(), json!({"dept": {"columns": ["id"], "rows": []}})),
        ]
        .into();
        let tests = [("tests/hidden.json", 3, Some("good")), ("tests/hidden.json", 4, None)];
        let found = check_tests_and_datasets(&with_frames, &tests, &datasets);
        let places: Vec<(&str, Option<usize>)> = found.iter().map(|(f, l, _)| (f.as_str(), *l)).collect();
        assert_eq!(
            places,
            [("tests/hidden.json", Some(4)), ("datasets/no_date.json", None), ("datasets/other.json", None)],
            "{found:?}"
        );
        let without = check_tests_and_datasets(&PandasSpec::default(), &tests, &BTreeMap::new());
        assert_eq!(without.len(), 1, "{without:?}");
        assert!(without[0].2.contains("no `frames`"), "{without:?}");
    }

    #[test]
    fn types_name_a_frames_column_and_a_dtype_and_a_null_needs_a_nullable_one() {
        let typed = spec(
            "frames = [\"sales\"]\ndates = [\"sales.day\"]\n[types]\n\"sales.qty\" = \"int64\"\n\"sales.note\" = \"str\"\n",
        );
        assert!(keys(&typed).is_empty(), "{:?}", keys(&typed));
        let bad = spec(
            "frames = [\"sales\"]\ndates = [\"sales.day\"]\n[types]\n\"sales.day\" = \"str\"\n\"other.x\" = \"int64\"\n\"sales.y\" = \"int\"\n",
        );
        assert_eq!(keys(&bad), ["pandas.types", "pandas.types", "pandas.types"]);
        let datasets: BTreeMap<String, Value> = [
            ("empty".to_owned(), json!({"sales": {"columns": ["day", "qty", "note"], "rows": []}})),
            (
                "null_qty".to_owned(),
                json!({"sales": {"columns": ["day", "qty", "note"], "rows": [["2024-01-01", null, null]]}}),
            ),
            ("no_note".to_owned(), json!({"sales": {"columns": ["day", "qty"], "rows": []}})),
        ]
        .into();
        let found = check_tests_and_datasets(&typed, &[], &datasets);
        let files: Vec<&str> = found.iter().map(|(f, _, _)| f.as_str()).collect();
        assert_eq!(files, ["datasets/no_note.json", "datasets/null_qty.json"], "{found:?}");
        assert!(found[1].2.contains("`Int64`"), "{found:?}");
    }

    #[test]
    fn an_array_argument_is_nested_scalars_with_an_optional_dtype_name() {
        let ok = |args: Value| validate_arguments(args.as_array().map_or(&[][..], Vec::as_slice), &Map::new());
        assert_eq!(ok(json!([{"$array": [[1, 2], [3, 4]], "dtype": "float64"}, 3, "x"])), Ok(()));
        assert_eq!(ok(json!([[{"$array": 5}]])), Ok(()));
        assert!(ok(json!([{"$array": [1], "dtype": "float64; import os"}])).is_err());
        assert!(ok(json!([{"$array": [1], "shape": [1]}])).expect_err("unknown key").contains("`shape`"));
        assert!(ok(json!([{"$array": [{"a": 1}]}])).is_err());
        let mut kwargs = Map::new();
        kwargs.insert("weights".into(), json!({"$array": [1, 2], "dtype": 3}));
        assert!(validate_arguments(&[], &kwargs).is_err());
    }
}
