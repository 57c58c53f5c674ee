//! The harness protocol for real: every request kind the judge sends goes through the real
//! `sandbox/python/harness.py` in the real sandbox, on both paths, and its reply must read as
//! the outcome the Rust types expect (replies are read strictly: an unknown status or field is
//! unreadable), so the two halves cannot drift apart unnoticed. Then the channel: a candidate
//! whose prints imitate the harness's reply gets no credit for them.

use serde_json::{json, Map, Value};
use verdict_catalog::OrmFramework;
use verdict_judge::harness::{self, Outcome, Reply, Request, Step, Stream};
use verdict_judge::{Judge, JudgeOptions, Report, Verdict};
use verdict_sandbox::{Backend, BoxedFile, Limits, Sandbox, Status};
use verdict_tests::{copy_dir, judge_sandbox, workspace_root};

fn sandbox(backend: Backend) -> &'static Sandbox {
    judge_sandbox(backend)
}

const BACKENDS: [Backend; 2] = [Backend::Fork, Backend::Exec];

fn file(name: &str, text: &str) -> BoxedFile {
    BoxedFile { name: name.into(), contents: text.as_bytes().to_vec() }
}

/// Sends one request with `files` and reads the reply; the stream must hold one the types read.
fn ask(backend: Backend, request: &Request<'_>, files: Vec<BoxedFile>) -> (Reply, bool) {
    let limits = Limits { cpu_ms: 10_000, wall_ms: 20_000, ..Limits::default() };
    let (outcome, stream) = harness::run(sandbox(backend), request, files, limits)
        .unwrap_or_else(|e| panic!("{backend:?}: {request:?}: {e}"));
    assert_eq!(outcome.status, Status::Ok, "{backend:?}: {request:?}: {}", String::from_utf8_lossy(&outcome.stderr));
    let Stream { candidate_ran, reply, .. } = stream.unwrap_or_else(|| panic!("an ok run has a stream"));
    let reply = reply.unwrap_or_else(|e| {
        panic!("{backend:?}: {request:?}: {e}\nstdout: {}", String::from_utf8_lossy(&outcome.stdout))
    });
    (reply, candidate_ran)
}

const TWICE: &str = "def twice(x):\n    print('called with', x)\n    if x < 0:\n        raise ValueError(x)\n    if x == 0:\n        return object()\n    return 2 * x\n";

#[test]
fn every_python_request_kind_round_trips_through_the_real_harness() {
    let kwargs = Map::new();
    for backend in BACKENDS {
        let solution = || vec![file("solution.py", TWICE)];
        let compile = Request::Compile { filename: "/box/solution.py" };
        match ask(backend, &compile, solution()) {
            (Reply { outcome: Outcome::Compiled { code: Some(code) }, .. }, false) => assert!(!code.is_empty()),
            other => panic!("{backend:?}: compile: {other:?}"),
        }
        match ask(backend, &compile, vec![file("solution.py", "def twice(x:\n")]).0.outcome {
            Outcome::SyntaxError { line: Some(1), column: Some(_), text, .. } => assert_eq!(text, "def twice(x:"),
            other => panic!("{backend:?}: a syntax error: {other:?}"),
        }

        let (args, minus, zero) = ([json!(21)], [json!(-1)], [json!(0)]);
        let call = |args| Request::Function { entry: "twice", args, kwargs: &kwargs };
        let (reply, candidate_ran) = ask(backend, &call(&args), solution());
        assert!(candidate_ran, "{backend:?}: the harness says when the candidate's code starts");
        assert!(matches!(&reply.outcome, Outcome::Returned { value, .. } if *value == json!(42)), "{reply:?}");
        assert_eq!((reply.stdout.as_str(), reply.output_limit), ("called with 21\n", false), "{backend:?}");
        match ask(backend, &call(&minus), solution()).0.outcome {
            Outcome::Raised(raised) => {
                assert_eq!(raised.exception, "ValueError");
                assert!(raised.mro.starts_with(&["builtins.ValueError".to_owned()]), "{raised:?}");
                assert!(raised.traceback.contains("raise ValueError(x)"), "{raised:?}");
            }
            other => panic!("{backend:?}: raised: {other:?}"),
        }
        assert!(matches!(ask(backend, &call(&zero), solution()).0.outcome, Outcome::NotJson { .. }), "{backend:?}");
        let missing = Request::Function { entry: "thrice", args: &args, kwargs: &kwargs };
        assert!(matches!(ask(backend, &missing, solution()).0.outcome, Outcome::MissingEntry { .. }), "{backend:?}");

        let stack = "class Stack:\n    def __init__(self):\n        self.items = []\n    def push(self, x):\n        self.items.append(x)\n    def pop(self):\n        return self.items.pop()\n";
        let calls = [
            ("Stack".to_owned(), vec![]),
            ("push".to_owned(), vec![json!(7)]),
            ("pop".to_owned(), vec![]),
            ("pop".to_owned(), vec![]),
        ];
        match ask(backend, &Request::Calls { entry: "Stack", calls: &calls }, vec![file("solution.py", stack)])
            .0
            .outcome
        {
            Outcome::Sequence { results } => match results.as_slice() {
                [Step::Returned { value: Value::Null, .. }, Step::Returned { value: Value::Null, .. }, Step::Returned { value, repr }, Step::Raised(raised)] =>
                {
                    assert_eq!((value, raised.exception.as_str()), (&json!(7), "IndexError"));
                    assert_eq!(repr.as_deref(), Some("7"), "the box writes a builtin value's repr");
                }
                other => panic!("{backend:?}: {other:?}"),
            },
            other => panic!("{backend:?}: calls: {other:?}"),
        }

        let generator = "def generate(rng, count):\n    return [{'args': [rng.randint(0, 9)]} for _ in range(count)]\n";
        match ask(backend, &Request::Generate { seed: 7, count: 3 }, vec![file("generator.py", generator)]).0.outcome {
            Outcome::Returned { value, .. } => assert_eq!(value.as_array().map(Vec::len), Some(3), "{value}"),
            other => panic!("{backend:?}: generate: {other:?}"),
        }

        let checker = "def check(input, expected, actual):\n    return actual == expected, 'got %r for %r' % (actual, input['args'])\n";
        let check = Request::Check { input: json!({"args": [1]}), expected: &json!(2), actual: &json!(3) };
        match ask(backend, &check, vec![file("checker.py", checker)]).0.outcome {
            Outcome::Checked { score, message } => {
                assert_eq!((score, message.as_str()), (0.0, "got 3 for [1]"))
            }
            other => panic!("{backend:?}: check: {other:?}"),
        }
    }
}

#[test]
fn every_sql_and_orm_request_kind_round_trips_through_the_real_harness() {
    let schema = "CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT);";
    let tables = json!({"t": {"columns": ["x", "y"], "rows": [[1, "a"], [2, "b"]]}});
    let dataset: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace_root().join("tests/fixtures/orm-django-authors/datasets/sample.json"))
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for backend in BACKENDS {
        let sql = |text: &str| vec![file("solution.sql", text)];
        let check = Request::SqlCompile { schema: Some(schema), modifies: false };
        assert!(matches!(ask(backend, &check, sql("SELECT x FROM t")).0.outcome, Outcome::Compiled { code: None }));
        match ask(backend, &check, sql("SELECT x\nFROM nowhere")).0.outcome {
            Outcome::SyntaxError { line: Some(2), message, .. } => assert!(message.contains("nowhere"), "{message}"),
            other => panic!("{backend:?}: sql_compile: {other:?}"),
        }

        let run = Request::Sql { schema: Some(schema), tables: &tables, modifies: false, ordered: true, seed: 1 };
        match ask(backend, &run, sql("SELECT y FROM t ORDER BY x DESC")) {
            (Reply { outcome: Outcome::Returned { value, reversed_rows: Some(reversed), .. }, .. }, false) => {
                assert_eq!(value, json!({"columns": ["y"], "rows": [["b"], ["a"]]}));
                assert_eq!(reversed, vec![vec![json!("b")], vec![json!("a")]]);
            }
            other => panic!("{backend:?}: sql: {other:?}"),
        }
        assert!(matches!(ask(backend, &run, sql("SELECT * FROM t; DELETE FROM t")).0.outcome, Outcome::Refused { .. }));
        assert!(matches!(ask(backend, &run, sql("SELECT nope(x) FROM t")).0.outcome, Outcome::SqlError { .. }));
        let broken = json!({"u": {"columns": ["x"], "rows": [[1]]}});
        let fixture = Request::Sql { schema: Some(schema), tables: &broken, modifies: false, ordered: false, seed: 1 };
        assert!(matches!(ask(backend, &fixture, sql("SELECT 1")).0.outcome, Outcome::FixtureError { .. }));

        let answer = "from models import Book\n\ndef books_with_authors(since):\n    \
            return list(Book.objects.filter(year__gte=since).order_by('title', 'id').values_list('title', 'author__name'))\n";
        let orm = Request::Orm {
            framework: OrmFramework::Django,
            schema: "library",
            entry: "books_with_authors",
            args: &[json!(1965)],
            kwargs: &Map::new(),
            tables: &dataset,
            tables_after: &[],
            seed: 1,
        };
        let (reply, candidate_ran) = ask(backend, &orm, vec![file("solution.py", answer)]);
        assert!(candidate_ran);
        let value = json!([["Dune", "Herbert"], ["Earthsea", "Le Guin"], ["The Dispossessed", "Le Guin"]]);
        assert!(matches!(&reply.outcome, Outcome::Returned { value: v, .. } if *v == value), "{backend:?}: {reply:?}");
        let queries = reply.queries.unwrap_or_else(|| panic!("{backend:?}: an orm reply has its queries"));
        assert_eq!((queries.count, queries.statements.len(), queries.tampered), (1, 1, None), "{backend:?}");
    }
}

/// A throwaway function problem, `twice(x)`, in a folder of its own.
fn twice_problem() -> verdict_catalog::Problem {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = root.path().join("twice");
    for (name, text) in [
        (
            "problem.toml",
            "slug = \"twice\"\ntitle = \"Twice\"\ndifficulty = \"easy\"\nkind = \"function\"\nentry = \"twice\"\n",
        ),
        ("statement.md", "```example\n>>> twice(1)\n2\n```\n"),
        ("starter.py", "def twice(x):\n    ...\n"),
        ("tests/sample.json", r#"[{"args": [1], "expected": 2}]"#),
        ("tests/hidden.json", r#"[{"args": [5], "expected": 10}, {"args": [8], "expected": 16}]"#),
        ("submissions/accepted/reference.py", "def twice(x):\n    return 2 * x\n"),
        ("submissions/wrong_answer/thrice.py", "def twice(x):\n    return 3 * x\n"),
    ] {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    }
    verdict_catalog::load_problem(&dir).unwrap_or_else(|errors| panic!("twice does not load: {errors:?}"))
}

/// The ways a program prints: each writes `line` (a Python expression) and a newline.
const PRINTS: [(&str, &str); 5] = [
    ("print", "print({line}, flush=True)"),
    ("sys.stdout", "sys.stdout.write({line} + '\\n'); sys.stdout.flush()"),
    ("sys.__stdout__", "sys.__stdout__.write({line} + '\\n'); sys.__stdout__.flush()"),
    ("fd 1", "os.write(1, ({line} + '\\n').encode())"),
    ("a child's stdout", "subprocess.run(['/bin/echo', {line}])"),
];

/// Python that prints the harness's own lines for `value`: the started line, then a reply that
/// the value was returned (with `queries` for an ORM answer).
fn fake_reply(value: &str, queries: &str) -> String {
    format!(
        "{:?} + '\\n' + json.dumps({{'outcome': {{'status': 'returned', 'value': {value}}}, 'stdout': '', 'output_limit': False{queries}}})",
        String::from_utf8_lossy(harness::STARTED)
    )
}

fn verdicts(report: &Report) -> Vec<Verdict> {
    report.tests.iter().map(|t| t.verdict).collect()
}

#[test]
fn a_candidate_printing_a_fake_reply_gets_no_credit_for_it() {
    let problem = twice_problem();
    for backend in BACKENDS {
        let judge = Judge::new(sandbox(backend));
        let prepared = judge.prepare(&problem).unwrap_or_else(|e| panic!("{e}"));
        for (how, print) in PRINTS {
            let print = print.replace("{line}", &fake_reply("2 * x", ""));
            // The fake says the right answer was returned; the real answer is wrong.
            for (then, want) in [("os._exit(0)", Verdict::RE), ("return 3 * x", Verdict::WA)] {
                let source = format!("import json, os, subprocess, sys\n\ndef twice(x):\n    {print}\n    {then}\n");
                let report = judge.judge(&prepared, &source, JudgeOptions::default()).unwrap_or_else(|e| panic!("{e}"));
                // A child may not be allowed to start at all (RE): never credit either way.
                let child = how.contains("child");
                assert!(
                    verdicts(&report).iter().all(|v| *v == want || (child && *v != Verdict::AC)),
                    "{how}, then {then}, on {backend:?}: {:?}\n{report:#?}",
                    verdicts(&report)
                );
                if then.starts_with("return") && !how.contains("child") {
                    // The print is the candidate's output, shown as such.
                    let stdout = report.tests[0].detail.as_ref().map(|d| d.stdout.clone()).unwrap_or_default();
                    assert!(stdout.contains("\"status\": \"returned\""), "{how} on {backend:?}: {stdout:?}");
                }
            }
        }
    }
}

#[test]
fn an_orm_answer_printing_a_fake_query_count_is_still_over_its_budget() {
    let dir = workspace_root().join("tests/fixtures/orm-django-authors");
    // A loaded machine must not turn the exec path's imports into TLE.
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = root.path().join("orm-django-authors");
    copy_dir(&dir, &copy);
    let manifest = std::fs::read_to_string(dir.join("problem.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(copy.join("problem.toml"), format!("{manifest}\n[limits]\ntime = 10.0\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    let problem = verdict_catalog::load_problem(&copy).unwrap_or_else(|errors| panic!("{errors:?}"));
    let n_plus_one =
        std::fs::read_to_string(dir.join("submissions/query_budget/n_plus_one.py")).unwrap_or_else(|e| panic!("{e}"));
    let queries = ", 'queries': {'statements': ['SELECT 1'], 'count': 1, 'tampered': None}";
    let print = PRINTS[0].1.replace("{line}", &fake_reply("value", queries));
    let wrapped = |then: &str| {
        format!(
            "{n_plus_one}\n\nimport json as _json, os\n_inner = books_with_authors\n\ndef books_with_authors(*args):\n    \
             value = [list(row) for row in _inner(*args)]\n    json = _json\n    {print}\n    {then}\n"
        )
    };
    for backend in BACKENDS {
        let judge = Judge::new(sandbox(backend));
        let prepared = judge.prepare(&problem).unwrap_or_else(|e| panic!("{e}"));
        let grade =
            |source: String| judge.judge(&prepared, &source, JudgeOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let exits = grade(wrapped("os._exit(0)"));
        assert!(verdicts(&exits).iter().all(|v| *v == Verdict::RE), "{backend:?}: {exits:#?}");
        let report = grade(wrapped("return value"));
        assert_eq!(report.verdict, Verdict::QLE, "{backend:?}: {report:#?}");
        let sample = report.tests[0].detail.as_ref().unwrap_or_else(|| panic!("detail"));
        assert_eq!(sample.queries.as_ref().map(|q| q.count), Some(4), "{backend:?}: {sample:?}");
        assert!(sample.stdout.contains("\"count\": 1"), "the fake is shown as a print: {sample:?}");
    }
}
