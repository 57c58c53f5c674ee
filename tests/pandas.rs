//! The `pandas` kind end to end in the real sandbox: frames built from a dataset in the box,
//! the answer encoded there, compared outside. On the fixture `tests/fixtures/pandas-top-earners`
//! (salary at least a threshold, highest first, ties by name): an answer right up to a lenient
//! dtype difference (float64 or Int64 salaries) is AC, and the same is WA when the problem's
//! dtypes are strict; an answer with a wrong row is WA and the failed sample's detail carries
//! both frames and the table diff, while a hidden test's stays hidden. On small problems written
//! here: a groupby Series indexed by a named level equals the frame with those columns; NaN,
//! None, NaT and pd.NA all equal null; an array answer; a scalar; `raises`. Hostile answers:
//! one that cannot be encoded (an object in a cell, a list, an object posing as a DataFrame,
//! one whose reading raises SystemExit, 10,001 rows) is a wrong answer with a message, never a
//! crash; a right one in odd clothes (text cells of a str subclass whose `__str__` raises, a
//! DataFrame subclass whose `iloc` and `len` fail) is read by its data and accepted. Through the
//! API: a problem's page shows its frames, its sample's dataset and, once prepared, the sample's
//! expected frame; a failed sample run carries both frames and the diff; custom input takes
//! the candidate's own tables. The exec path (a fresh interpreter per run) grades as the fork
//! server does. Cells are encoded as DATA-WEB.md's format says (tz-aware and naive timestamps,
//! a Timedelta, a date, a Decimal, ±inf, numpy scalars, pd.NA, a named index).

use axum::http::StatusCode;
use serde_json::{json, Value};
use std::path::Path;
use verdict_catalog::{load_problem, Problem};
use verdict_judge::{Judge, JudgeOptions, Report, TestResult, Verdict, Visibility};
use verdict_sandbox::Backend;
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};
use verdict_tests::workspace_root;

const TOP_EARNERS: &str = "pandas-top-earners";

fn judge() -> Judge<'static> {
    Judge::new(verdict_tests::judge_sandbox(Backend::Fork))
}

fn grade(problem: &Problem, source: &str) -> Report {
    let judge = judge();
    let prepared = judge.prepare(problem).unwrap_or_else(|e| panic!("preparing {}: {e}", problem.slug()));
    judge.judge(&prepared, source, JudgeOptions::default()).unwrap_or_else(|e| panic!("judging: {e}"))
}

fn verdicts(report: &Report) -> Vec<Verdict> {
    report.tests.iter().map(|t| t.verdict).collect()
}

fn message(test: &TestResult) -> String {
    test.detail.as_ref().and_then(|d| d.message.clone()).unwrap_or_default()
}

/// A copy of the top-earners fixture, its problem.toml edited by `edit`.
fn top_earners(edit: impl Fn(String) -> String) -> (tempfile::TempDir, Problem) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let path = dir.path().join(TOP_EARNERS);
    verdict_tests::copy_dir(&workspace_root().join("tests/fixtures").join(TOP_EARNERS), &path);
    let manifest = path.join("problem.toml");
    let text = std::fs::read_to_string(&manifest).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&manifest, edit(text)).unwrap_or_else(|e| panic!("{e}"));
    let problem = load_problem(&path).unwrap_or_else(|e| panic!("{e:?}"));
    (dir, problem)
}

const FLOAT_SALARIES: &str = "import pandas as pd

def top_earners(employee, threshold):
    chosen = employee[employee['salary'] >= threshold].astype({'salary': 'float64'})
    return chosen.sort_values(['salary', 'name'], ascending=[False, True])[['name', 'salary']]
";

#[test]
fn an_answer_right_up_to_a_lenient_dtype_difference_is_accepted_and_strict_dtypes_reject_it() {
    let (_dir, lenient) = top_earners(|t| t);
    let report = grade(&lenient, FLOAT_SALARIES);
    assert_eq!(report.verdict, Verdict::AC, "{report:?}");
    let nullable = FLOAT_SALARIES.replace("'float64'", "'Int64'");
    assert_eq!(grade(&lenient, &nullable).verdict, Verdict::AC);

    let (_dir, strict) = top_earners(|t| t.replace("ordered = true", "ordered = true\ndtypes = \"strict\""));
    let report = grade(&strict, FLOAT_SALARIES);
    assert_eq!(report.verdict, Verdict::WA, "{report:?}");
    let sample = &report.tests[0];
    assert!(
        message(sample).contains("Column `salary` has the dtype float64 where int64 was expected"),
        "{}",
        message(sample)
    );
    let reference = lenient.reference().map(|r| r.source.clone()).unwrap_or_default();
    assert_eq!(grade(&strict, &reference).verdict, Verdict::AC);
}

#[test]
fn the_exec_path_builds_the_frames_and_encodes_the_answer_as_the_fork_server_does() {
    // The exec path imports numpy and pandas from the sandbox's packages in each run.
    let (_dir, problem) = top_earners(|t| t);
    let judge = Judge::new(verdict_tests::judge_sandbox(Backend::Exec));
    let prepared = judge.prepare(&problem).unwrap_or_else(|e| panic!("preparing: {e}"));
    let lenient = judge.judge(&prepared, FLOAT_SALARIES, JudgeOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lenient.verdict, Verdict::AC, "{lenient:?}");
    let greater = FLOAT_SALARIES.replace(">= threshold", "> threshold");
    let wrong = judge.judge(&prepared, &greater, JudgeOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wrong.verdict, Verdict::WA, "{wrong:?}");
    assert!(message(&wrong.tests[0]).contains("| Chen | 50000  |"), "{}", message(&wrong.tests[0]));
}

#[test]
fn a_wrong_row_is_rejected_with_the_table_diff_and_both_frames_shown_for_a_sample_only() {
    let (_dir, problem) = top_earners(|t| t);
    let greater = FLOAT_SALARIES.replace(">= threshold", "> threshold");
    let report = grade(&problem, &greater).for_candidate();
    assert_eq!(report.verdict, Verdict::WA, "{report:?}");
    let sample = report.tests.iter().find(|t| t.visibility == Visibility::Sample).expect("a sample");
    assert_eq!(sample.verdict, Verdict::WA);
    let text = message(sample);
    assert!(text.contains("1 expected row is missing:\n| name | salary |"), "{text}");
    assert!(text.contains("| Chen | 50000  |"), "{text}");
    let detail = sample.detail.as_ref().expect("a failed sample's detail");
    assert_eq!(detail.expected["type"], "frame", "{:?}", detail.expected);
    assert_eq!(detail.expected["columns"], json!(["name", "salary"]));
    assert_eq!(detail.expected["rows"], json!([["Dora", 91000], ["Ada", 72000], ["Chen", 50000]]));
    let actual = detail.actual.as_ref().expect("the candidate's frame");
    assert_eq!(actual["rows"], json!([["Dora", 91000.0], ["Ada", 72000.0]]));
    assert_eq!(detail.input["tables"]["employee"]["columns"], json!(["id", "name", "department", "salary"]));
    let hidden: Vec<&TestResult> = report.tests.iter().filter(|t| t.visibility == Visibility::Hidden).collect();
    assert!(hidden.iter().any(|t| t.verdict == Verdict::WA), "{report:?}");
    assert!(hidden.iter().all(|t| t.detail.is_none()), "a hidden test's data stays hidden");
}

/// A problem written here: `problem.toml` settings after the common ones, datasets, hidden
/// tests (the first one is also the sample) and the reference.
fn small_problem(
    settings: &str,
    datasets: &[(&str, Value)],
    tests: Value,
    reference: &str,
) -> (tempfile::TempDir, Problem) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let root = dir.path().join("small");
    let write = |file: &str, text: &str| {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("/"))).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    };
    write(
        "problem.toml",
        &format!(
            "slug = \"small\"\ntitle = \"Small\"\ndifficulty = \"easy\"\ntopics = [\"pandas\"]\nkind = \"pandas\"\n\
             entry = \"answer\"\n[limits]\ntime = 5.0\nmemory = 512\n{settings}"
        ),
    );
    write("statement.md", "# Small\n");
    write("starter.py", "def answer(*args):\n    ...\n");
    for (name, dataset) in datasets {
        write(&format!("datasets/{name}.json"), &dataset.to_string());
    }
    let first = tests.as_array().and_then(|t| t.first()).cloned().unwrap_or(Value::Null);
    write("tests/sample.json", &json!([first]).to_string());
    write("tests/hidden.json", &tests.to_string());
    write("submissions/accepted/reference.py", reference);
    write("submissions/wrong_answer/none.py", "def answer(*args):\n    return None\n");
    let problem = load_problem(&root).unwrap_or_else(|e| panic!("{e:?}"));
    (dir, problem)
}

fn staff() -> Value {
    json!({"employee": {"columns": ["id", "name", "department", "salary", "hired_on"], "rows": [
        [1, "Ada", "eng", 72000, "2021-03-01"], [2, "Brian", "sales", 48000, null],
        [3, "Chen", "eng", 50000, "2019-11-30"], [4, "Dora", null, 91000, "2024-01-31"]]}})
}

#[test]
fn a_groupby_series_with_a_named_index_equals_the_frame_with_those_columns() {
    let reference = "def answer(employee):\n    return employee.groupby('department').size().reset_index(name='n')\n";
    let (_dir, problem) = small_problem(
        "[pandas]\nframes = [\"employee\"]\n",
        &[("staff", staff())],
        json!([{"dataset": "staff"}]),
        reference,
    );
    let named = "def answer(employee):\n    return employee.groupby('department').size().rename('n')\n";
    assert_eq!(verdicts(&grade(&problem, named)), [Verdict::AC, Verdict::AC]);
    let unnamed = "def answer(employee):\n    return employee.groupby('department').size()\n";
    let report = grade(&problem, unnamed);
    assert_eq!(verdicts(&report), [Verdict::WA, Verdict::WA]);
    assert!(message(&report.tests[0]).contains("where department, n were expected"), "{}", message(&report.tests[0]));
    let as_index = "def answer(employee):\n    return employee.groupby('department')[['id']].count().rename(columns={'id': 'n'})\n";
    assert_eq!(grade(&problem, as_index).verdict, Verdict::AC);
}

#[test]
fn nan_none_nat_and_na_all_equal_null() {
    let reference =
        "import pandas as pd\n\ndef answer(employee):\n    return employee[['name', 'department', 'hired_on']]\n";
    let (_dir, problem) = small_problem(
        "[pandas]\nframes = [\"employee\"]\ndates = [\"employee.hired_on\"]\n",
        &[("staff", staff())],
        json!([{"dataset": "staff"}]),
        reference,
    );
    let expected = grade(&problem, reference);
    assert_eq!(expected.verdict, Verdict::AC);
    // The reference's frame has a str column with NaN and a datetime column with NaT.
    let others = "import pandas as pd\n\ndef answer(employee):\n    out = pd.DataFrame({'name': employee['name'],\n        \
                  'department': employee['department'].astype(object).where(employee['department'].notna(), None),\n        \
                  'hired_on': employee['hired_on'].astype(object).where(employee['hired_on'].notna(), pd.NA)})\n    \
                  return out\n";
    assert_eq!(verdicts(&grade(&problem, others)), [Verdict::AC, Verdict::AC]);
    let filled =
        "def answer(employee):\n    return employee[['name', 'department', 'hired_on']].fillna({'department': ''})\n";
    assert_eq!(grade(&problem, filled).verdict, Verdict::WA, "an empty text is not null");
}

const NUMPY: &str =
    "import numpy as np\n\ndef answer(case, x=None):\n    if case == 'cumsum':\n        return np.cumsum(x)\n    \
                     if case == 'mean':\n        return float(np.mean(x))\n    if case == 'empty':\n        \
                     raise ValueError('no values')\n    return None\n";

fn numpy_problem() -> (tempfile::TempDir, Problem) {
    small_problem(
        "",
        &[],
        json!([
            {"args": ["cumsum", {"$array": [[1, 2], [3, 4]], "dtype": "int64"}]},
            {"args": ["mean"], "kwargs": {"x": {"$array": [1.5, 2.5, 3.5]}}},
            {"args": ["empty"], "raises": "ValueError"}
        ]),
        NUMPY,
    )
}

#[test]
fn an_array_a_scalar_and_raises() {
    let (_dir, problem) = numpy_problem();
    assert_eq!(verdicts(&grade(&problem, NUMPY)), [Verdict::AC; 4]);
    // The same values by loops: float elements, a numpy float, the same exception.
    let loops = "import numpy as np\n\ndef answer(case, x=None):\n    if case == 'cumsum':\n        flat, total = [], 0.0\n        \
                 for v in x.ravel():\n            total += v\n            flat.append(total)\n        \
                 return np.array(flat)\n    if case == 'mean':\n        return np.float64(sum(x) / len(x))\n    \
                 raise ValueError('nothing')\n";
    assert_eq!(verdicts(&grade(&problem, loops)), [Verdict::AC; 4]);
    let wrong = NUMPY
        .replace("np.cumsum(x)", "np.cumsum(x, axis=1)")
        .replace("float(np.mean(x))", "np.mean(x) + 1")
        .replace("raise ValueError('no values')", "return 0");
    let report = grade(&problem, &wrong);
    assert_eq!(verdicts(&report), [Verdict::WA; 4]);
    assert_eq!(message(&report.tests[0]), "The array's shape is (2, 2) where (4,) was expected.");
    assert_eq!(message(&report.tests[2]), "The answer is 3.5 where 2.5 was expected.");
    assert_eq!(message(&report.tests[3]), "expected ValueError to be raised, but the call returned");
    let transposed = NUMPY.replace("np.cumsum(x)", "np.cumsum(x.T)");
    let report = grade(&problem, &transposed);
    assert_eq!(message(&report.tests[0]), "The value at [1] is 4 where 3 was expected.");
    let series = NUMPY.replace("float(np.mean(x))", "__import__('pandas').Series([np.mean(x)])");
    let report = grade(&problem, &series);
    assert_eq!(message(&report.tests[2]), "The answer is a Series where a single value was expected.");
}

const ODD_REFERENCE: &str = "import pandas as pd\n\ndef answer(case):\n    if case == 'str':\n        \
                             return pd.DataFrame({'a': ['x', 'y']})\n    return pd.DataFrame({'a': [1, 2]})\n";

const ODD_ANSWERS: &str = r#"import pandas as pd

class Text(str):
    def __str__(self):
        raise SystemExit("no")
    __repr__ = __str__

class Lying(pd.DataFrame):
    iloc = property(lambda self: 1 / 0)
    def __len__(self):
        raise SystemExit("no")

class Fake:
    __class__ = property(lambda self: pd.DataFrame)

def leave():
    raise SystemExit("reading me ends the run")

class Boom:
    __class__ = property(lambda self: leave())

def answer(case):
    if case == "object":
        return pd.DataFrame({"a": [object(), 2]})
    if case == "list":
        return [1, 2]
    if case == "str":
        return pd.DataFrame({"a": [Text("x"), Text("y")]})
    if case == "subclass":
        return Lying({"a": [1, 2]})
    if case == "fake":
        return Fake()
    if case == "boom":
        return Boom()
    if case == "huge":
        return pd.DataFrame({"a": range(10001)})
"#;

#[test]
fn answers_that_cannot_be_encoded_are_wrong_with_a_message_and_odd_but_right_ones_are_accepted() {
    let cases = ["object", "list", "str", "subclass", "fake", "boom", "huge"];
    let tests: Vec<Value> = cases.iter().map(|c| json!({"name": c, "args": [c]})).collect();
    let (_dir, problem) = small_problem("", &[], Value::Array(tests), ODD_REFERENCE);
    let report = grade(&problem, ODD_ANSWERS);
    let got: Vec<(String, Verdict, String)> = report
        .tests
        .iter()
        .map(|t| (t.detail.as_ref().and_then(|d| d.name.clone()).unwrap_or_default(), t.verdict, message(t)))
        .collect();
    let expected = [
        ("object", Verdict::WA, "column a holds a builtins.object, which is not a number, text, bool, date or null"),
        ("object", Verdict::WA, "column a holds a builtins.object"),
        ("list", Verdict::WA, "the function returned a builtins.list: return a DataFrame"),
        ("str", Verdict::AC, ""),
        ("subclass", Verdict::AC, ""),
        ("fake", Verdict::WA, "the answer could not be read as a value"),
        ("boom", Verdict::WA, "reading it raised builtins.SystemExit"),
        ("huge", Verdict::WA, "the DataFrame has 10001 rows: more than 10000 is an answer gone wrong"),
    ];
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for ((name, verdict, message), (want_name, want_verdict, want_message)) in got.iter().zip(expected) {
        assert_eq!((name.as_str(), *verdict), (want_name, want_verdict), "{got:?}");
        assert!(message.contains(want_message), "{name}: {message}");
    }
}

#[tokio::test]
async fn the_api_shows_a_samples_datasets_and_a_failed_samples_frames() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    verdict_tests::copy_dir(&workspace_root().join("tests/fixtures").join(TOP_EARNERS), &dir.path().join(TOP_EARNERS));
    let service = TestService::start_on(dir.path(), queue(1, 4)).await;
    let mut client = Client::new(service.service.router());
    let page = client.get(&format!("/api/problems/{TOP_EARNERS}")).await.json();
    assert_eq!((page["kind"].as_str(), page["language"].as_str()), (Some("pandas"), Some("python")), "{page}");
    assert_eq!((page["frames"].clone(), page["ordered"].clone()), (json!(["employee"]), json!(true)), "{page}");
    let sample = &page["samples"][0];
    assert_eq!(sample["input"]["tables"]["employee"]["columns"], json!(["id", "name", "department", "salary"]));
    assert_eq!(sample["input"]["args"], json!([50000]));

    let greater = FLOAT_SALARIES.replace(">= threshold", "> threshold");
    let run = client.post(&format!("/api/problems/{TOP_EARNERS}/run"), json!({"code": greater})).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.text);
    let run = run.json();
    assert_eq!(run["verdict"], "WA", "{run}");
    let detail = &run["tests"][0]["detail"];
    assert_eq!(detail["expected"]["rows"], json!([["Dora", 91000], ["Ada", 72000], ["Chen", 50000]]), "{run}");
    assert_eq!(detail["actual"]["rows"], json!([["Dora", 91000.0], ["Ada", 72000.0]]), "{run}");
    assert!(detail["message"].as_str().is_some_and(|m| m.contains("| Chen | 50000  |")), "{run}");

    // Once the problem is prepared, its page shows the sample's expected frame, computed by the
    // reference (the package does not write it).
    let page = client.get(&format!("/api/problems/{TOP_EARNERS}")).await.json();
    assert_eq!(page["samples"][0]["expected"]["type"], "frame", "{page}");
    assert_eq!(page["samples"][0]["expected"]["columns"], json!(["name", "salary"]), "{page}");

    // Custom input: the candidate's own tables, graded against the reference on them.
    let tables = json!({"employee": {"columns": ["id", "name", "department", "salary"],
        "rows": [[1, "Zed", null, 50000], [2, "Amy", "x", 50000], [3, "Low", "x", 10]]}});
    let custom = json!({"code": FLOAT_SALARIES, "input": {"tables": tables, "args": [50000]}});
    let run = client.post(&format!("/api/problems/{TOP_EARNERS}/run"), custom).await.json();
    assert_eq!(run["verdict"], "AC", "{run}");
    let missing = json!({"code": FLOAT_SALARIES, "input": {"args": [50000]}});
    let refused = client.post(&format!("/api/problems/{TOP_EARNERS}/run"), missing).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.text.contains("`tables`"), "{}", refused.text);
}

#[test]
fn cells_are_encoded_as_the_format_says() {
    let source = r#"import datetime, decimal
import numpy as np
import pandas as pd

def answer():
    return pd.DataFrame({
        "aware": [pd.Timestamp("2024-01-31 08:30", tz="Europe/Paris")],
        "naive": [pd.Timestamp("2024-01-31")],
        "delta": [pd.Timedelta(hours=26)],
        "date": [datetime.date(2024, 1, 31)],
        "money": [decimal.Decimal("1.5")],
        "up": [np.inf],
        "down": [-np.inf],
        "flag": [np.bool_(True)],
        "n": [np.int32(7)],
        "missing": [pd.NA],
    }).set_index(pd.Index(["r1"], name="row"))
"#;
    let (_dir, problem) = small_problem("", &[], json!([{"args": []}]), source);
    let report = grade(&problem, source);
    assert_eq!(report.verdict, Verdict::AC, "{report:?}");
    let actual = report.tests[0].detail.as_ref().and_then(|d| d.actual.clone()).unwrap_or_default();
    assert_eq!(
        actual["rows"],
        json!([[
            "2024-01-31T08:30:00+01:00",
            "2024-01-31T00:00:00",
            "1 days 02:00:00",
            "2024-01-31",
            1.5,
            "inf",
            "-inf",
            true,
            7,
            null
        ]]),
        "{actual}"
    );
    assert_eq!(actual["index"], json!({"names": ["row"], "dtypes": ["str"], "rows": [["r1"]], "default": false}));
    assert_eq!(actual["dtypes"][0], "datetime64[us, Europe/Paris]", "{actual}");
}

/// `[pandas] types` casts a dataset's columns as a schema states them: an empty table's columns
/// get their dtype (pandas alone makes them `object`, on which a grouped cumsum raises), and an
/// int column with a null can be `Int64`.
#[test]
fn types_give_an_empty_tables_columns_their_dtypes() {
    let sales = |rows: Value| json!({"sales": {"columns": ["region", "amount", "qty"], "rows": rows}});
    let datasets =
        [("some", sales(json!([["n", 2.5, 1], ["n", 1.0, null], ["s", 4.0, 3]]))), ("empty", sales(json!([])))];
    let tests = json!([{"dataset": "some"}, {"dataset": "empty"}]);
    let reference = "def answer(sales):\n    running = sales.groupby(\"region\")[\"amount\"].cumsum()\n    \
                     return sales.assign(running=running, qty_type=str(sales[\"qty\"].dtype))\n";
    let typed = "[pandas]\nframes = [\"sales\"]\n[pandas.types]\n\"sales.region\" = \"str\"\n\
                 \"sales.amount\" = \"float64\"\n\"sales.qty\" = \"Int64\"\n";
    let (_dir, problem) = small_problem(typed, &datasets, tests.clone(), reference);
    let report = grade(&problem, reference);
    assert_eq!(verdicts(&report), [Verdict::AC, Verdict::AC, Verdict::AC], "{report:?}");
    let sample = report.tests[0].detail.as_ref().map(|d| d.expected.clone());
    assert!(sample.is_none() || report.tests[0].verdict == Verdict::AC);
    // What the reference computed: the qty column is Int64 (its null kept as NA, not a float).
    let judge = judge();
    let prepared = judge.prepare(&problem).unwrap_or_else(|e| panic!("{e}"));
    let expected = serde_json::to_string(&prepared.tests[1].case.expected).unwrap_or_default();
    assert!(expected.contains("\"Int64\""), "{expected}");

    // The empty table's amount column is float64 because the types say so.
    let empty = serde_json::to_string(&prepared.tests[2].case.expected).unwrap_or_default();
    assert!(empty.contains("\"float64\""), "{empty}");

    // Without the types, pandas makes the int column with a null float64 and the empty
    // table's columns object.
    let (_dir, untyped) = small_problem("[pandas]\nframes = [\"sales\"]\n", &datasets, tests, reference);
    let prepared = judge.prepare(&untyped).unwrap_or_else(|e| panic!("{e}"));
    let expected = serde_json::to_string(&prepared.tests[1].case.expected).unwrap_or_default();
    assert!(!expected.contains("\"Int64\""), "{expected}");
    let empty = serde_json::to_string(&prepared.tests[2].case.expected).unwrap_or_default();
    assert!(!empty.contains("\"float64\""), "{empty}");
}
