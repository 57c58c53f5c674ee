//! Test cases: `tests/sample.json`, `tests/hidden.json` and what a generator returns.

use crate::manifest::Kind;
use crate::observation::Observation;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// One test of a problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestCase {
    pub name: Option<String>,
    pub weight: f64,
    /// The group it belongs to: a group scores only when all its tests pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub input: TestInput,
    pub expected: Expected,
    /// The line of the file the test starts on (0 for generated tests).
    pub line: usize,
}

/// What the program under test is given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum TestInput {
    /// One call of the entry point.
    Call { args: Vec<Value>, kwargs: Map<String, Value> },
    /// A sequence of calls on one instance: the constructor first, then its methods.
    Calls { calls: Vec<(String, Vec<Value>)> },
    /// A program's stdin.
    Stdin { stdin: String },
    /// An SQL answer run on a fixture database (`datasets/<dataset>.json`, or the candidate's
    /// own tables).
    Query { dataset: String, tables: Value },
    /// One call of an ORM function on a fixture database.
    OrmCall { dataset: String, tables: Value, args: Vec<Value>, kwargs: Map<String, Value> },
    /// One call of a pandas function: the dataset's tables (if the problem has frames) as
    /// DataFrames, then the arguments (`{"$array": ...}` ones as numpy arrays).
    Frames { dataset: Option<String>, tables: Value, args: Vec<Value>, kwargs: Map<String, Value> },
    /// One scenario of `tests/scenarios.py`, by name; its source is what a candidate is shown.
    Scenario { name: String, source: String },
    /// One run of the candidate's test suite (a `tests` problem) against the module under test.
    Suite { target: SuiteTarget },
    /// HTTP requests sent in order to one app (a `web` problem), on a fixture database when the
    /// problem has `[orm]`.
    Exchanges { dataset: Option<String>, tables: Value, exchanges: Vec<crate::web::Exchange> },
}

/// What a suite runs against: the implementation, or a copy of it with a bug.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SuiteTarget {
    /// `implementation.py`, the correct module.
    Implementation,
    /// A planted bug of `[[tests.bugs]]`, by its file.
    Bug { file: String, description: String },
    /// A mutant of `implementation.py` taken as a hidden bug; `source` is the whole module.
    Mutant { id: String, description: String, source: String },
}

impl TestInput {
    /// The dataset a test runs on, for kinds that have them.
    pub fn dataset(&self) -> Option<&str> {
        match self {
            TestInput::Query { dataset, .. } | TestInput::OrmCall { dataset, .. } => Some(dataset),
            TestInput::Frames { dataset, .. } => dataset.as_deref(),
            TestInput::Exchanges { dataset, .. } => dataset.as_deref(),
            _ => None,
        }
    }
}

/// A dataset's name when it is the candidate's own tables rather than a file's.
pub const CUSTOM_DATASET: &str = "custom";

/// What the program must produce.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum Expected {
    /// A JSON value (the return value, the list of results of a call sequence, or stdout).
    Value(Value),
    /// The name of the exception class the call must raise.
    Raises(String),
    /// What a scenario must observe, in order (the reference's observations).
    Observations(Vec<Observation>),
    /// Every test of the suite passes (on the implementation). This test is a gate: unless it
    /// passes, the submission scores nothing.
    SuitePasses,
    /// At least one test of the suite fails (on a planted bug).
    BugCaught,
    /// Not given: the reference solution computes it.
    FromReference,
}

/// In a call sequence, an expected entry `{"$raises": "IndexError"}` means that call must raise.
pub const RAISES_KEY: &str = "$raises";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    name: Option<String>,
    weight: Option<f64>,
    group: Option<String>,
    args: Option<Vec<Value>>,
    kwargs: Option<Map<String, Value>>,
    calls: Option<Vec<Value>>,
    input: Option<String>,
    /// `Some(Value::Null)` when the file says `"expected": null` (the answer is None); `None`
    /// only when the key is absent (the reference computes it).
    #[serde(default, deserialize_with = "present")]
    expected: Option<Value>,
    raises: Option<String>,
    dataset: Option<String>,
    exchanges: Option<Vec<Value>>,
}

/// A present field, even `null`, as `Some`: serde's default for `Option` reads `null` as absent.
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// A problem with one test, located by its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TestError {
    pub line: usize,
    pub message: String,
}

/// Parses a tests file: a JSON array of tests. Every bad test is reported with its line.
pub fn parse_tests(source: &str, kind: Kind) -> Result<Vec<TestCase>, Vec<TestError>> {
    let raw: Vec<&RawValue> = serde_json::from_str(source)
        .map_err(|e| vec![TestError { line: e.line(), message: format!("not a JSON array of tests: {e}") }])?;
    let mut tests = Vec::new();
    let mut errors = Vec::new();
    for (index, value) in raw.iter().enumerate() {
        let offset = (value.get().as_ptr() as usize).saturating_sub(source.as_ptr() as usize);
        let line = source.get(..offset).map_or(1, |before| before.matches('\n').count() + 1);
        let number = index + 1;
        let parsed = serde_json::from_str::<RawTest>(value.get())
            .map_err(|e| format!("test {number}: {e}"))
            .and_then(|t| convert(t, kind, line).map_err(|m| format!("test {number}: {m}")));
        match parsed {
            Ok(test) => tests.push(test),
            Err(message) => errors.push(TestError { line, message }),
        }
    }
    if errors.is_empty() {
        Ok(tests)
    } else {
        Err(errors)
    }
}

/// Parses generated tests (a JSON array, as a generator prints it).
pub fn parse_generated(value: &Value, kind: Kind) -> Result<Vec<TestCase>, String> {
    let items = value.as_array().ok_or("the generator must return a list of tests")?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let raw: RawTest =
                serde_json::from_value(item.clone()).map_err(|e| format!("generated test {}: {e}", i + 1))?;
            convert(raw, kind, 0).map_err(|m| format!("generated test {}: {m}", i + 1))
        })
        .collect()
}

/// Parses one input given outside a tests file (a candidate's custom input): `{"args": [...],
/// "kwargs": {...}}` or `{"calls": [...]}` for function problems, `{"stdin": "..."}` for stdio.
pub fn parse_input(value: &Value, kind: Kind) -> Result<TestInput, String> {
    let object = value.as_object().ok_or("the input must be a JSON object")?;
    let field = |name: &str| object.get(name).cloned();
    let allowed: &[&str] = match kind {
        Kind::Function => &["args", "kwargs", "calls"],
        Kind::Stdio => &["stdin"],
        Kind::Sql => &["tables", "dataset"],
        Kind::Orm => &["tables", "dataset", "args", "kwargs"],
        Kind::Pandas => &["tables", "args", "kwargs"],
        Kind::Web => &["exchanges", "tables"],
        Kind::Tests => {
            return Err("a tests problem runs your suite against its own modules: it takes no custom input".into())
        }
    };
    if let Some(unknown) = object.keys().find(|k| !allowed.contains(&k.as_str())) {
        let keys = allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        return Err(format!("unknown key `{unknown}`: a {} problem's input has {keys}", kind.as_str()));
    }
    if kind == Kind::Pandas {
        let tables = field("tables");
        if let Some(tables) = &tables {
            validate_fixture(tables, false).map_err(|m| format!("`tables`: {m}"))?;
        }
        let args: Option<Vec<Value>> =
            field("args").map(serde_json::from_value).transpose().map_err(|_| "`args` must be a list")?;
        let kwargs: Option<Map<String, Value>> =
            field("kwargs").map(serde_json::from_value).transpose().map_err(|_| "`kwargs` must be an object")?;
        let (args, kwargs) = (args.unwrap_or_default(), kwargs.unwrap_or_default());
        crate::frames::validate_arguments(&args, &kwargs)?;
        return Ok(TestInput::Frames {
            dataset: tables.is_some().then(|| CUSTOM_DATASET.to_owned()),
            tables: tables.unwrap_or(Value::Null),
            args,
            kwargs,
        });
    }
    if kind == Kind::Web {
        let tables = field("tables").unwrap_or(Value::Null);
        if !tables.is_null() {
            validate_fixture(&tables, false).map_err(|m| format!("`tables`: {m}"))?;
        }
        let exchanges = field("exchanges").map(serde_json::from_value).transpose();
        let exchanges = crate::web::parse_exchanges(exchanges.map_err(|_| "`exchanges` must be a list")?)?;
        let dataset = (!tables.is_null()).then(|| CUSTOM_DATASET.to_owned());
        return Ok(TestInput::Exchanges { dataset, tables, exchanges });
    }
    if kind.uses_datasets() {
        let tables =
            field("tables").ok_or("the input needs `tables`: {table: {\"columns\": [...], \"rows\": [...]}}")?;
        validate_fixture(&tables, false).map_err(|m| format!("`tables`: {m}"))?;
        let dataset = CUSTOM_DATASET.to_owned();
        if kind == Kind::Sql {
            return Ok(TestInput::Query { dataset, tables });
        }
        let args = field("args").map(serde_json::from_value).transpose().map_err(|_| "`args` must be a list")?;
        let kwargs =
            field("kwargs").map(serde_json::from_value).transpose().map_err(|_| "`kwargs` must be an object")?;
        return Ok(TestInput::OrmCall {
            dataset,
            tables,
            args: args.unwrap_or_default(),
            kwargs: kwargs.unwrap_or_default(),
        });
    }
    let stdin = match field("stdin") {
        None => None,
        Some(Value::String(text)) => Some(text),
        Some(_) => return Err("`stdin` must be a string".into()),
    };
    let raw = RawTest {
        name: None,
        weight: None,
        group: None,
        args: field("args").map(serde_json::from_value).transpose().map_err(|_| "`args` must be a list")?,
        kwargs: field("kwargs").map(serde_json::from_value).transpose().map_err(|_| "`kwargs` must be an object")?,
        calls: field("calls").map(serde_json::from_value).transpose().map_err(|_| "`calls` must be a list")?,
        input: stdin,
        expected: None,
        raises: None,
        dataset: None,
        exchanges: None,
    };
    let case = convert(raw, kind, 0).map_err(|m| m.replace("`input`", "`stdin`"))?;
    Ok(case.input)
}

fn convert(mut raw: RawTest, kind: Kind, line: usize) -> Result<TestCase, String> {
    let weight = raw.weight.unwrap_or(1.0);
    if !(weight.is_finite() && weight > 0.0) {
        return Err(format!("`weight` must be a positive number, not {weight}"));
    }
    let input = match kind {
        Kind::Function => {
            if raw.input.is_some() {
                return Err("`input` is for stdio problems; a function test has `args` or `calls`".into());
            }
            match (raw.args, raw.calls) {
                (Some(args), None) => TestInput::Call { args, kwargs: raw.kwargs.unwrap_or_default() },
                (None, Some(calls)) => {
                    if raw.kwargs.is_some() {
                        return Err("`kwargs` goes with `args`, not `calls`".into());
                    }
                    TestInput::Calls { calls: parse_calls(&calls)? }
                }
                (Some(_), Some(_)) => return Err("give `args` or `calls`, not both".into()),
                (None, None) => return Err("a function test needs `args` (a list) or `calls`".into()),
            }
        }
        Kind::Stdio => {
            if raw.args.is_some() || raw.calls.is_some() || raw.kwargs.is_some() {
                return Err("a stdio test has `input`, not `args`, `kwargs` or `calls`".into());
            }
            TestInput::Stdin { stdin: raw.input.ok_or("a stdio test needs `input` (a string)")? }
        }
        Kind::Sql => {
            if raw.args.is_some() || raw.calls.is_some() || raw.kwargs.is_some() || raw.input.is_some() {
                return Err("an sql test has `dataset` only, not `args`, `kwargs`, `calls` or `input`".into());
            }
            if raw.raises.is_some() {
                return Err("an sql test has no `raises`".into());
            }
            let dataset =
                raw.dataset.clone().ok_or("an sql test needs `dataset`, a file name in datasets/ without .json")?;
            TestInput::Query { dataset, tables: Value::Null }
        }
        Kind::Orm => {
            if raw.calls.is_some() || raw.input.is_some() {
                return Err("an orm test has `dataset`, `args` and `kwargs`, not `calls` or `input`".into());
            }
            let dataset =
                raw.dataset.clone().ok_or("an orm test needs `dataset`, a file name in datasets/ without .json")?;
            TestInput::OrmCall {
                dataset,
                tables: Value::Null,
                args: raw.args.clone().unwrap_or_default(),
                kwargs: raw.kwargs.clone().unwrap_or_default(),
            }
        }
        Kind::Pandas => {
            if raw.calls.is_some() || raw.input.is_some() {
                return Err("a pandas test has `dataset`, `args` and `kwargs`, not `calls` or `input`".into());
            }
            let (args, kwargs) = (raw.args.clone().unwrap_or_default(), raw.kwargs.clone().unwrap_or_default());
            crate::frames::validate_arguments(&args, &kwargs)?;
            TestInput::Frames { dataset: raw.dataset.clone(), tables: Value::Null, args, kwargs }
        }
        Kind::Tests => {
            return Err("a tests problem has no JSON tests: its tests are its planted bugs (`[[tests.bugs]]`)".into())
        }
        Kind::Web => {
            if raw.args.is_some() || raw.calls.is_some() || raw.kwargs.is_some() || raw.input.is_some() {
                return Err("a web test has `exchanges` (and `dataset` with `[orm]`), not `args` or `input`".into());
            }
            if raw.raises.is_some() {
                return Err("a web test has no `raises`: an exception in a view is a 500 response".into());
            }
            let exchanges = crate::web::parse_exchanges(raw.exchanges.take())?;
            TestInput::Exchanges { dataset: raw.dataset.clone(), tables: Value::Null, exchanges }
        }
    };
    if raw.exchanges.is_some() {
        return Err(format!("`exchanges` is for web problems, not {}", kind.as_str()));
    }
    if raw.dataset.is_some() && !kind.may_use_datasets() && kind != Kind::Web {
        return Err(format!("`dataset` is for sql, orm, pandas and web problems, not {}", kind.as_str()));
    }
    let expected = match (raw.expected, raw.raises) {
        (Some(_), Some(_)) => return Err("give `expected` or `raises`, not both".into()),
        (Some(value), None) => {
            if kind == Kind::Stdio && !value.is_string() {
                return Err("a stdio test's `expected` is its stdout, a string".into());
            }
            if kind == Kind::Sql {
                validate_result(&value).map_err(|m| format!("`expected`: {m}"))?;
            }
            if let TestInput::Exchanges { exchanges, .. } = &input {
                crate::web::validate_expected(&value, exchanges.len())?;
            }
            if let (TestInput::Calls { calls }, Some(list)) = (&input, value.as_array()) {
                if list.len() != calls.len() {
                    return Err(format!("`expected` has {} entries for {} calls", list.len(), calls.len()));
                }
            } else if matches!(input, TestInput::Calls { .. }) {
                return Err("`expected` of a call sequence is a list, one entry per call".into());
            }
            Expected::Value(value)
        }
        (None, Some(name)) => {
            if kind == Kind::Stdio || matches!(input, TestInput::Calls { .. }) {
                return Err(format!(
                    "`raises` is for a single call; in a sequence write {{\"{RAISES_KEY}\": \"{name}\"}} in `expected`"
                ));
            }
            if !crate::manifest::is_identifier(&name) {
                return Err(format!("`raises` must name an exception class, not `{name}`"));
            }
            Expected::Raises(name)
        }
        (None, None) => Expected::FromReference,
    };
    if raw.group.as_ref().is_some_and(|g| g.trim().is_empty()) {
        return Err("`group` must be a non-empty name".into());
    }
    Ok(TestCase { name: raw.name, weight, group: raw.group, input, expected, line })
}

/// Checks a fixture: `{table: {"columns": [names...], "rows": [[values...], ...]}}`, every row
/// as long as its columns, every value a JSON scalar.
/// With `json_cells` a cell may also be a list or an object (PostgreSQL's jsonb and arrays).
pub fn validate_fixture(value: &Value, json_cells: bool) -> Result<(), String> {
    let tables = value.as_object().ok_or("a fixture is an object of tables")?;
    for (name, table) in tables {
        if !crate::manifest::is_identifier(name) {
            return Err(format!("table name `{name}` is not an identifier"));
        }
        validate_table(table, json_cells).map_err(|m| format!("table `{name}`: {m}"))?;
    }
    Ok(())
}

fn validate_table(table: &Value, json_cells: bool) -> Result<(), String> {
    let object = table.as_object().ok_or("a table is {\"columns\": [...], \"rows\": [...]}")?;
    if let Some(key) = object.keys().find(|k| *k != "columns" && *k != "rows") {
        return Err(format!("unknown key `{key}` (a table has `columns` and `rows`)"));
    }
    let columns = object.get("columns").and_then(Value::as_array).ok_or("`columns` must be a list of names")?;
    if columns.is_empty() || !columns.iter().all(Value::is_string) {
        return Err("`columns` must be a non-empty list of names".into());
    }
    let rows = object.get("rows").and_then(Value::as_array).ok_or("`rows` must be a list of rows")?;
    for (i, row) in rows.iter().enumerate() {
        let cells = row.as_array().ok_or_else(|| format!("row {} is not a list", i + 1))?;
        if cells.len() != columns.len() {
            return Err(format!("row {} has {} values for {} columns", i + 1, cells.len(), columns.len()));
        }
        if !json_cells && cells.iter().any(|c| c.is_array() || c.is_object()) {
            let row = i + 1;
            return Err(format!("row {row} holds a list or an object; a cell is a number, text, true/false or null"));
        }
    }
    Ok(())
}

/// Checks an expected SQL result: a result set `{"columns": [...], "rows": [...]}`, or for a
/// problem that changes data, the tables afterwards (a fixture). A cell may be a list or an
/// object (a PostgreSQL jsonb value; an SQLite answer never gives one, so it cannot match).
pub fn validate_result(value: &Value) -> Result<(), String> {
    match value.as_object() {
        Some(object) if object.contains_key("columns") => validate_table(value, true),
        Some(_) => validate_fixture(value, true),
        None => Err("a result is {\"columns\": [...], \"rows\": [...]}".into()),
    }
}

/// Parses a dataset file, `datasets/<name>.json`: a fixture (`json_cells`: of a PostgreSQL
/// problem, whose jsonb and array columns take lists and objects).
pub fn parse_dataset(source: &str, json_cells: bool) -> Result<Value, TestError> {
    let value: Value =
        serde_json::from_str(source).map_err(|e| TestError { line: e.line(), message: format!("not JSON: {e}") })?;
    validate_fixture(&value, json_cells).map_err(|message| {
        // Point at the table concerned when the message names one.
        let line = message
            .split('`')
            .nth(1)
            .and_then(|table| source.find(&format!("\"{table}\"")))
            .map_or(1, |offset| source[..offset].matches('\n').count() + 1);
        TestError { line, message }
    })?;
    Ok(value)
}

fn parse_calls(calls: &[Value]) -> Result<Vec<(String, Vec<Value>)>, String> {
    if calls.is_empty() {
        return Err("`calls` is empty: it starts with the constructor call".into());
    }
    calls
        .iter()
        .enumerate()
        .map(|(i, call)| match call.as_array().map(Vec::as_slice) {
            Some([Value::String(name), Value::Array(args)]) if crate::manifest::is_identifier(name) => {
                Ok((name.clone(), args.clone()))
            }
            _ => Err(format!("call {} must be [\"name\", [arguments...]]", i + 1)),
        })
        .collect()
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn function_tests_parse_with_their_lines() {
        let source = "[\n  {\"args\": [10000], \"expected\": 3.14},\n  {\"args\": [1], \"kwargs\": {\"x\": 2}},\n  {\"args\": [0], \"raises\": \"ValueError\", \"weight\": 2}\n]";
        let tests = parse_tests(source, Kind::Function).expect("valid");
        assert_eq!(tests.len(), 3);
        assert_eq!(tests.iter().map(|t| t.line).collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!(tests[1].expected, Expected::FromReference);
        assert_eq!(tests[2].expected, Expected::Raises("ValueError".into()));
        assert_eq!(tests[2].weight, 2.0);
    }

    #[test]
    fn an_expected_null_is_the_answer_none_not_a_missing_answer() {
        let tests = parse_tests(r#"[{"args": [1], "expected": null}, {"args": [2]}]"#, Kind::Function).expect("valid");
        assert_eq!(tests[0].expected, Expected::Value(Value::Null));
        assert_eq!(tests[1].expected, Expected::FromReference);
    }

    #[test]
    fn call_sequences_need_one_expected_entry_per_call() {
        let good = r#"[{"calls": [["MinStack", []], ["push", [3]], ["pop", []], ["pop", []]],
                        "expected": [null, null, 3, {"$raises": "IndexError"}]}]"#;
        assert!(parse_tests(good, Kind::Function).is_ok());
        let bad = r#"[{"calls": [["MinStack", []], ["pop", []]], "expected": [null]}]"#;
        let errors = parse_tests(bad, Kind::Function).expect_err("length mismatch");
        assert!(errors[0].message.contains("1 entries for 2 calls"), "{errors:?}");
    }

    #[test]
    fn every_bad_test_is_reported_with_its_line() {
        let source = "[\n{\"args\": [1]},\n{\"argz\": [1]},\n{\"args\": [1], \"calls\": []},\n{\"input\": \"x\"}\n]";
        let errors = parse_tests(source, Kind::Function).expect_err("three bad tests");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        assert!(errors[0].message.contains("argz"), "{errors:?}");
    }

    #[test]
    fn a_json_test_may_name_its_group() {
        let tests = parse_tests(r#"[{"args": [1], "group": "small"}, {"args": [2]}]"#, Kind::Function).expect("valid");
        assert_eq!(tests[0].group.as_deref(), Some("small"));
        assert_eq!(tests[1].group, None);
        assert!(parse_tests(r#"[{"args": [1], "group": " "}]"#, Kind::Function).is_err());
    }

    #[test]
    fn stdio_tests_take_strings_only() {
        assert!(parse_tests(r#"[{"input": "1 2\n", "expected": "3\n"}]"#, Kind::Stdio).is_ok());
        let errors = parse_tests(r#"[{"input": "1", "expected": 3}]"#, Kind::Stdio).expect_err("not a string");
        assert!(errors[0].message.contains("string"), "{errors:?}");
    }

    #[test]
    fn custom_inputs_parse_by_kind() {
        let call = parse_input(&serde_json::json!({"args": [3], "kwargs": {"k": 1}}), Kind::Function);
        assert!(matches!(call, Ok(TestInput::Call { ref args, .. }) if args == &vec![serde_json::json!(3)]));
        let stdin = parse_input(&serde_json::json!({"stdin": "1 2\n"}), Kind::Stdio);
        assert_eq!(stdin, Ok(TestInput::Stdin { stdin: "1 2\n".into() }));
        let wrong = parse_input(&serde_json::json!({"stdin": "x"}), Kind::Function).expect_err("refused");
        assert!(wrong.contains("unknown key `stdin`"), "{wrong}");
        let missing = parse_input(&serde_json::json!({}), Kind::Stdio).expect_err("refused");
        assert!(missing.contains("`stdin`"), "{missing}");
        assert!(parse_input(&serde_json::json!({"args": 3}), Kind::Function).expect_err("refused").contains("list"));
    }

    #[test]
    fn sql_and_orm_tests_name_a_dataset_and_custom_inputs_bring_their_tables() {
        let tests = parse_tests(r#"[{"dataset": "ties", "name": "ties"}]"#, Kind::Sql).expect("valid");
        assert_eq!(tests[0].input.dataset(), Some("ties"));
        let errors = parse_tests(r#"[{"args": [1]}]"#, Kind::Sql).expect_err("no dataset");
        assert!(errors[0].message.contains("`dataset`"), "{errors:?}");
        let orm =
            parse_tests(r#"[{"dataset": "a", "args": [2], "raises": "DoesNotExist"}]"#, Kind::Orm).expect("valid");
        assert_eq!(orm[0].expected, Expected::Raises("DoesNotExist".into()));
        let bad = parse_tests(r#"[{"dataset": "a", "expected": [1, 2]}]"#, Kind::Sql).expect_err("not a result");
        assert!(bad[0].message.contains("`expected`"), "{bad:?}");

        let tables = serde_json::json!({"t": {"columns": ["id"], "rows": [[1], [2]]}});
        let custom = parse_input(&serde_json::json!({"tables": tables}), Kind::Sql).expect("valid");
        assert_eq!(custom, TestInput::Query { dataset: CUSTOM_DATASET.into(), tables: tables.clone() });
        let ragged = serde_json::json!({"tables": {"t": {"columns": ["id", "x"], "rows": [[1]]}}});
        let error = parse_input(&ragged, Kind::Orm).expect_err("a short row");
        assert!(error.contains("table `t`: row 1 has 1 values for 2 columns"), "{error}");
        assert!(parse_input(&serde_json::json!({"args": []}), Kind::Orm).expect_err("no tables").contains("`tables`"));
    }

    #[test]
    fn pandas_tests_take_an_optional_dataset_arguments_and_arrays() {
        let source = r#"[{"dataset": "sample", "args": [50000], "kwargs": {"top": 2}},
                         {"args": [{"$array": [[1, 2], [3, 4]], "dtype": "float64"}], "raises": "ValueError"}]"#;
        let tests = parse_tests(source, Kind::Pandas).expect("valid");
        assert_eq!(tests[0].input.dataset(), Some("sample"));
        let TestInput::Frames { args, kwargs, .. } = &tests[0].input else { panic!("a pandas call") };
        assert_eq!(
            (args.clone(), kwargs.get("top").cloned()),
            (vec![serde_json::json!(50000)], Some(serde_json::json!(2)))
        );
        assert_eq!(tests[1].input.dataset(), None);
        assert_eq!(tests[1].expected, Expected::Raises("ValueError".into()));
        let bad = parse_tests(r#"[{"args": [{"$array": [1], "dtype": "f8 x"}]}, {"calls": []}]"#, Kind::Pandas)
            .expect_err("a bad dtype and calls");
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(bad[0].message.contains("dtype"), "{bad:?}");

        let tables = serde_json::json!({"t": {"columns": ["id"], "rows": [[1]]}});
        let custom = parse_input(&serde_json::json!({"tables": tables, "args": [1]}), Kind::Pandas).expect("valid");
        let TestInput::Frames { dataset, tables: given, .. } = custom else { panic!("a pandas call") };
        assert_eq!((dataset.as_deref(), given), (Some(CUSTOM_DATASET), tables));
        let arrays = parse_input(&serde_json::json!({"args": [{"$array": [1.5]}]}), Kind::Pandas).expect("valid");
        assert_eq!(arrays.dataset(), None);
        assert!(parse_input(&serde_json::json!({"dataset": "x"}), Kind::Pandas).is_err());
    }

    #[test]
    fn a_dataset_error_points_at_its_table() {
        let source = "{\n  \"a\": {\"columns\": [\"x\"], \"rows\": [[1]]},\n  \"b\": {\"columns\": [\"x\"], \"rows\": [[[1]]]}\n}";
        let error = parse_dataset(source, false).expect_err("a list in a cell");
        assert!(parse_dataset(source, true).is_ok(), "a PostgreSQL problem's jsonb or array cell");
        assert_eq!(error.line, 3, "{error:?}");
        assert!(error.message.contains("table `b`: row 1 holds a list"), "{error:?}");
    }

    #[test]
    fn an_objects_keys_keep_the_order_the_file_gives_them() {
        // Python dicts keep insertion order, and an answer may depend on it (`list(d)`): the
        // keys reach the box as the author wrote them, not sorted.
        let tests = parse_tests(r#"[{"args": [{"b": 1, "a": 2, "c": 3}]}]"#, Kind::Function).expect("valid");
        let TestInput::Call { args, .. } = &tests[0].input else { panic!("a call") };
        assert_eq!(serde_json::to_string(&args[0]).unwrap_or_default(), r#"{"b":1,"a":2,"c":3}"#);
    }

    #[test]
    fn broken_json_gives_the_line_of_the_syntax_error() {
        let errors = parse_tests("[\n{\"args\": [1]},\n{\"args\": [1,]}\n]", Kind::Function).expect_err("syntax");
        assert_eq!(errors[0].line, 3);
    }
}
