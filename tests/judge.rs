//! `verdict judge` on the real catalogue's `calculate-pi`: the plain loop is accepted, a term
//! more or less and a forgotten square root are wrong, a syntax error is CE with its line, and
//! the JSON a candidate gets never holds a hidden test's data. Then the judge as a library on
//! both sandbox paths: nothing a candidate's process does makes a test IE, exceptions match by
//! class rather than by name, a print flood in a function is OLE, and valid code with large
//! constants is never CE.

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use verdict_catalog::Problem;
use verdict_judge::{Judge, JudgeOptions, PreparedProblem, Report, Verdict};
use verdict_sandbox::{Backend, Sandbox};
use verdict_tests::{binary, judge_cli, judge_sandbox, workspace_root};

const PLAIN_LOOP: &str = "def calculate_pi(n):\n    total = 0\n    for i in range(1, n):\n        total += 1 / i ** 2\n    return (total * 6) ** 0.5\n";

fn judge(source: &str) -> Value {
    judge_cli(&workspace_root().join("problems"), "calculate-pi", source)
}

fn verdict(report: &Value) -> &str {
    report["verdict"].as_str().unwrap_or_default()
}

#[test]
fn the_plain_loop_is_accepted_with_full_score() {
    let report = judge(PLAIN_LOOP);
    assert_eq!(verdict(&report), "AC", "{report}");
    assert_eq!(report["score"], 1.0);
    let tests = report["tests"].as_array().map_or(0, Vec::len);
    assert!(tests >= 9, "{report}");
}

#[test]
fn one_term_more_is_wrong() {
    let report = judge(&PLAIN_LOOP.replace("range(1, n)", "range(1, n + 1)"));
    assert_eq!(verdict(&report), "WA", "{report}");
}

#[test]
fn one_term_fewer_is_wrong() {
    let report = judge(&PLAIN_LOOP.replace("range(1, n)", "range(1, n - 1)"));
    assert_eq!(verdict(&report), "WA", "{report}");
}

#[test]
fn forgetting_the_square_root_is_wrong() {
    let report = judge(&PLAIN_LOOP.replace("(total * 6) ** 0.5", "total * 6"));
    assert_eq!(verdict(&report), "WA", "{report}");
    assert!(report["score"].as_f64().is_some_and(|s| s < 0.5), "{report}");
}

#[test]
fn a_syntax_error_is_ce_with_its_line_and_no_test_runs() {
    let report = judge("def calculate_pi(n):\n    total = 0\n    for i in range(1, n)\n        total += 1\n");
    assert_eq!(verdict(&report), "CE", "{report}");
    assert_eq!(report["compile_error"]["line"], 3, "{report}");
    assert!(report["compile_error"]["column"].as_u64().is_some(), "{report}");
    assert_eq!(report["tests"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_failed_sample_shows_its_data_and_hidden_tests_show_only_number_verdict_time_and_memory() {
    let report = judge(&PLAIN_LOOP.replace("range(1, n)", "range(1, n + 1)"));
    let tests = report["tests"].as_array().cloned().unwrap_or_default();
    let sample = tests.iter().find(|t| t["visibility"] == "sample").cloned().unwrap_or_default();
    assert_eq!(sample["verdict"], "WA", "{report}");
    assert_eq!(sample["detail"]["input"]["args"][0], 10000, "{report}");
    assert_eq!(sample["detail"]["expected"], 3.1414971543976273, "{report}");
    assert!(sample["detail"]["actual"].is_number(), "{report}");
    let hidden: Vec<&Value> = tests.iter().filter(|t| t["visibility"] == "hidden").collect();
    assert!(!hidden.is_empty());
    for test in hidden {
        let mut keys: Vec<&str> = test.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        keys.sort_unstable();
        assert_eq!(keys, ["cpu_ms", "memory_kib", "number", "score", "verdict", "visibility", "wall_ms"], "{test}");
    }
}

#[test]
fn each_test_runs_in_a_fresh_process() {
    // Passes only if no state survives from one test to the next: the mutable default, the
    // module global and the class attribute all start empty every time.
    let leaky = "calls = []\n\nclass Seen:\n    values = []\n\ndef calculate_pi(n, _seen=[]):\n    calls.append(n)\n    _seen.append(n)\n    Seen.values.append(n)\n    if len(calls) + len(_seen) + len(Seen.values) != 3:\n        return -1.0\n    total = 0\n    for i in range(1, n):\n        total += 1 / i ** 2\n    return (total * 6) ** 0.5\n";
    let report = judge(leaky);
    assert_eq!(verdict(&report), "AC", "{report}");
}

/// Writes `text` to `dir/file`, making the folders on the way.
fn write_file(dir: &std::path::Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap_or(dir)).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// A throwaway problem whose answer is any permutation of 1..=n, graded by its own checker.
fn permutation_problem(root: &std::path::Path) {
    let dir = root.join("any-permutation");
    let write = |file: &str, text: &str| write_file(&dir, file, text);
    write(
        "problem.toml",
        "slug = \"any-permutation\"\ntitle = \"Any permutation\"\ndifficulty = \"easy\"\nkind = \"function\"\nentry = \"perm\"\n[checker]\nname = \"custom\"\n",
    );
    write("statement.md", "```example\n>>> perm(1)\n[1]\n```\n");
    write("starter.py", "def perm(n):\n    ...\n");
    // A list of the right length earns the share of 1..=n it holds: partial credit.
    write("checker.py", "def check(input, expected, actual):\n    n = input['args'][0]\n    if sorted(actual) != list(range(1, n + 1)):\n        share = len(set(actual) & set(range(1, n + 1))) / n if len(actual) == n else False\n        return share, 'not a permutation of 1..%d' % n\n    return True\n");
    write("tests/sample.json", "[{\"args\": [1]}]");
    write("tests/hidden.json", "[{\"args\": [3]}, {\"args\": [5]}]");
    write("submissions/accepted/reference.py", "def perm(n):\n    return list(range(1, n + 1))\n");
    write("submissions/wrong_answer/short.py", "def perm(n):\n    return list(range(1, n))\n");
}

#[test]
fn a_custom_checker_accepts_any_valid_answer_explains_a_rejection_and_gives_partial_credit() {
    let root = std::env::temp_dir().join(format!("verdict-custom-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    permutation_problem(&root);
    let reversed = judge_cli(&root, "any-permutation", "def perm(n):\n    return list(range(n, 0, -1))\n");
    assert_eq!(verdict(&reversed), "AC", "{reversed}");
    let wrong = judge_cli(&root, "any-permutation", "def perm(n):\n    return [0] * n\n");
    assert_eq!(verdict(&wrong), "WA", "{wrong}");
    assert_eq!(wrong["tests"][0]["detail"]["message"], "not a permutation of 1..1", "{wrong}");
    let ones = judge_cli(&root, "any-permutation", "def perm(n):\n    return [1] * n\n");
    let scores: Vec<f64> = (0..3).filter_map(|i| ones["tests"][i]["score"].as_f64()).collect();
    assert_eq!(scores, [1.0, 1.0 / 3.0, 1.0 / 5.0], "{ones}");
    assert_eq!(ones["tests"][1]["verdict"], "WA", "a partial score is not AC: {ones}");
    assert_eq!(ones["score"], (1.0 + 1.0 / 3.0 + 1.0 / 5.0) / 3.0, "{ones}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_score_of_zero_is_zero_not_minus_zero() {
    let dir = std::env::temp_dir().join(format!("verdict-judge-{}-zero", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    let file = dir.join("solution.py");
    std::fs::write(&file, "def calculate_pi(n):\n    return -1.0\n").unwrap_or_else(|e| panic!("writing: {e}"));
    let run = |json: bool| {
        let mut command = Command::new(binary("verdict"));
        command.args(["judge", "--problem", "calculate-pi", "--problems"]).arg(workspace_root().join("problems"));
        if json {
            command.arg("--json");
        }
        let output = command.arg(&file).output().unwrap_or_else(|e| panic!("running verdict judge: {e}"));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let (text, json) = (run(false), run(true));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(text.starts_with("calculate-pi: WA Wrong answer (score 0%)"), "{text}");
    assert!(json.contains(r#""score":0.0"#) && !json.contains("-0"), "{json}");
}

/// The sandbox of one backend, shared by the tests.
fn sandbox(backend: Backend) -> &'static Sandbox {
    judge_sandbox(backend)
}

const BACKENDS: [Backend; 2] = [Backend::Fork, Backend::Exec];

/// A throwaway function problem, `twice(x)`: 2x, and ValueError for a negative x (or the
/// problem's own `Refused` for x = 0, when `own_exception`).
fn twice_problem(test: &str) -> Problem {
    let root = std::env::temp_dir().join(format!("verdict-judge-{}-{test}", std::process::id()));
    let dir = root.join("twice");
    let _ = std::fs::remove_dir_all(&root);
    let write = |file: &str, text: &str| write_file(&dir, file, text);
    write(
        "problem.toml",
        "slug = \"twice\"\ntitle = \"Twice\"\ndifficulty = \"easy\"\nkind = \"function\"\nentry = \"twice\"\n",
    );
    write("statement.md", "```example\n>>> twice(1)\n2\n```\n");
    write("starter.py", "def twice(x):\n    ...\n");
    write("tests/sample.json", r#"[{"args": [1], "expected": 2}]"#);
    write(
        "tests/hidden.json",
        r#"[{"args": [5], "expected": 10}, {"args": [-1], "raises": "ValueError"}, {"args": [0], "raises": "Refused"}]"#,
    );
    write(
        "submissions/accepted/reference.py",
        "class Refused(Exception):\n    pass\n\ndef twice(x):\n    if x < 0:\n        raise ValueError(x)\n    if x == 0:\n        raise Refused(x)\n    return 2 * x\n",
    );
    write("submissions/wrong_answer/thrice.py", "def twice(x):\n    return 3 * x\n");
    let problem =
        verdict_catalog::load_problem(&dir).unwrap_or_else(|errors| panic!("twice does not load: {errors:?}"));
    let _ = std::fs::remove_dir_all(&root);
    problem
}

fn prepare(backend: Backend, problem: &Problem) -> PreparedProblem {
    Judge::new(sandbox(backend)).prepare(problem).unwrap_or_else(|e| panic!("preparing {}: {e}", problem.slug()))
}

fn grade(backend: Backend, prepared: &PreparedProblem, source: &str) -> Report {
    Judge::new(sandbox(backend))
        .judge(prepared, source, JudgeOptions::default())
        .unwrap_or_else(|e| panic!("judging on {backend:?}: {e}"))
}

fn verdicts(report: &Report) -> Vec<Verdict> {
    report.tests.iter().map(|t| t.verdict).collect()
}

/// The reference's answer, with `line` run first in the function's body.
fn twice_with(line: &str) -> String {
    format!(
        "import os, sys\n\nclass Refused(Exception):\n    pass\n\ndef twice(x):\n    {line}\n    if x < 0:\n        raise ValueError(x)\n    if x == 0:\n        raise Refused(x)\n    return 2 * x\n"
    )
}

#[test]
fn nothing_the_candidates_process_does_makes_a_test_ie() {
    // Each writes to the harness's result stream (found through the frames, the harness's module,
    // its stdout and fd 1) or leaves without a result; every test is then the candidate's RE or WA.
    let frames = "f = sys._getframe()\n    while 'RESULT_FD' not in f.f_globals:\n        f = f.f_back\n    fd = f.f_globals['RESULT_FD']";
    let programs = [
        ("os._exit(0)", "os._exit(0)".to_owned()),
        ("garbage through the frames", format!("{frames}\n    os.write(fd, b'garbage\\n'); os._exit(0)")),
        ("half a result, then return", format!("{frames}\n    os.write(fd, b'{{\"status\": ')")),
        ("garbage on sys.__stdout__", "sys.__stdout__.write('garbage\\n'); sys.__stdout__.flush(); os._exit(0)".to_owned()),
        ("garbage on fd 1", "os.write(1, b'garbage\\n'); os._exit(0)".to_owned()),
        (
            "a 1e999 value",
            "os.write(sys.modules['__main__'].RESULT_FD, b'{\"status\": \"returned\", \"value\": 1e999}\\n'); os._exit(0)"
                .to_owned(),
        ),
        (
            "a forged status",
            "os.write(sys.modules['__main__'].RESULT_FD, b'{\"status\": \"harness_error\"}\\n'); os._exit(0)".to_owned(),
        ),
        (
            "a forged dataset failure",
            "os.write(sys.modules['__main__'].RESULT_FD, b'{\"status\": \"fixture_error\"}\\n'); os._exit(0)".to_owned(),
        ),
        ("an infinite return value", "return float('inf')".to_owned()),
        ("a 1e999 return value", "return 1e999".to_owned()),
    ];
    let problem = twice_problem("no-ie");
    for backend in BACKENDS {
        let prepared = prepare(backend, &problem);
        for (what, line) in &programs {
            let report = grade(backend, &prepared, &twice_with(line));
            let all = verdicts(&report);
            assert!(
                all.iter().all(|v| matches!(v, Verdict::RE | Verdict::WA)),
                "{what} on {backend:?}: {all:?}\n{report:#?}"
            );
        }
    }
}

#[test]
fn exceptions_match_by_class_not_by_name() {
    let problem = twice_problem("raises");
    let cases = [
        ("the builtin", twice_with("pass"), true),
        (
            "a subclass of the builtin",
            twice_with("pass").replace("raise ValueError(x)", "raise Sub(x)") + "\nclass Sub(ValueError):\n    pass\n",
            true,
        ),
        ("an own class named ValueError", twice_with("class ValueError(Exception):\n        pass"), false),
        (
            "an own class claiming to be builtin",
            twice_with("class ValueError(Exception):\n        __module__ = 'builtins'"),
            false,
        ),
        (
            "an own class put in the builtin's place",
            twice_with(
                "import builtins\n    class ValueError(Exception):\n        pass\n    builtins.ValueError = ValueError",
            ),
            false,
        ),
    ];
    for backend in BACKENDS {
        let prepared = prepare(backend, &problem);
        for (what, source, accepted) in &cases {
            let report = grade(backend, &prepared, source);
            let all = verdicts(&report);
            // Test 3 expects the builtin ValueError; test 4 the problem's own `Refused`.
            assert_eq!(all[3], Verdict::AC, "{what} on {backend:?}: the problem's own class: {all:?}");
            let want = if *accepted { Verdict::AC } else { Verdict::RE };
            assert_eq!(all[2], want, "{what} on {backend:?}: {all:?}\n{report:#?}");
        }
    }
}

#[test]
fn exceptions_in_a_call_sequence_match_by_class_not_by_name() {
    let root = std::env::temp_dir().join(format!("verdict-judge-{}-sequence", std::process::id()));
    let dir = root.join("stack");
    let _ = std::fs::remove_dir_all(&root);
    let write = |file: &str, text: &str| write_file(&dir, file, text);
    let stack = "class Stack:\n    def __init__(self):\n        self.items = []\n    def push(self, x):\n        self.items.append(x)\n    def pop(self):\n        return self.items.pop()\n";
    write(
        "problem.toml",
        "slug = \"stack\"\ntitle = \"Stack\"\ndifficulty = \"easy\"\nkind = \"function\"\nentry = \"Stack\"\n",
    );
    write("statement.md", "A stack.\n");
    write("starter.py", "class Stack:\n    ...\n");
    // The sample states the exception; the hidden test's comes from the reference.
    write(
        "tests/sample.json",
        r#"[{"calls": [["Stack", []], ["pop", []]], "expected": [null, {"$raises": "IndexError"}]}]"#,
    );
    write("tests/hidden.json", r#"[{"calls": [["Stack", []], ["push", [1]], ["pop", []], ["pop", []]]}]"#);
    write("submissions/accepted/reference.py", stack);
    write("submissions/wrong_answer/peek.py", "class Stack:\n    def __init__(self):\n        pass\n    def push(self, x):\n        pass\n    def pop(self):\n        return 1\n");
    let problem =
        verdict_catalog::load_problem(&dir).unwrap_or_else(|errors| panic!("stack does not load: {errors:?}"));
    let _ = std::fs::remove_dir_all(&root);
    let namesake = format!(
        "class IndexError(Exception):\n    pass\n\n{}",
        stack.replace(
            "return self.items.pop()",
            "if not self.items:\n            raise IndexError('empty')\n        return self.items.pop()"
        )
    );
    for backend in BACKENDS {
        let prepared = prepare(backend, &problem);
        assert_eq!(verdicts(&grade(backend, &prepared, stack)), [Verdict::AC, Verdict::AC], "{backend:?}");
        assert_eq!(verdicts(&grade(backend, &prepared, &namesake)), [Verdict::WA, Verdict::WA], "{backend:?}");
    }
}

#[test]
fn a_print_flood_in_a_function_is_ole() {
    let problem = twice_problem("flood");
    for backend in BACKENDS {
        let prepared = prepare(backend, &problem);
        for line in [
            "while True:\n        print('spam' * 20)",
            "try:\n        while True:\n            print('spam' * 20)\n    except OSError:\n        pass",
        ] {
            let report = grade(backend, &prepared, &twice_with(line));
            assert!(verdicts(&report).iter().all(|v| *v == Verdict::OLE), "{line} on {backend:?}: {report:#?}");
        }
    }
}

/// A program of under 1 KB whose compiled code holds large folded string constants.
fn large_constants(body: &Path) -> String {
    let constants: String =
        (0..40).map(|i| format!("X{i} = \"{}\" * 4096\n", char::from_u32(0x4e00 + i).unwrap_or('x'))).collect();
    let body = std::fs::read_to_string(body).unwrap_or_else(|e| panic!("reading {}: {e}", body.display()));
    constants + &body
}

#[test]
fn valid_code_with_large_folded_constants_is_accepted() {
    let dir = workspace_root().join("problems/safe-divide");
    let problem = verdict_catalog::load_problem(&dir).unwrap_or_else(|errors| panic!("safe-divide: {errors:?}"));
    let source = large_constants(&dir.join("submissions/accepted/reference.py"));
    assert!(source.len() < 1024, "{} bytes", source.len());
    for backend in BACKENDS {
        let report = grade(backend, &prepare(backend, &problem), &source);
        assert_eq!(report.verdict, Verdict::AC, "{backend:?}: {report:#?}");
    }
}

#[test]
fn an_sql_answer_holding_infinity_is_wa_not_ie() {
    let dir = workspace_root().join("problems/sql-above-department-average");
    let problem = verdict_catalog::load_problem(&dir).unwrap_or_else(|errors| panic!("{errors:?}"));
    for backend in BACKENDS {
        let report =
            grade(backend, &prepare(backend, &problem), "SELECT 1e999 AS name, 'x' AS department, 1 AS salary");
        assert!(verdicts(&report).iter().all(|v| *v == Verdict::WA), "{backend:?}: {report:#?}");
    }
}
