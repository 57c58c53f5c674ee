//! `verdict judge` on the real catalogue's `calculate-pi`: the plain loop is accepted, a term
//! more or less and a forgotten square root are wrong, a syntax error is CE with its line, and
//! the JSON a candidate gets never holds a hidden test's data.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use verdict_tests::{binary, workspace_root};

const PLAIN_LOOP: &str = "def calculate_pi(n):\n    total = 0\n    for i in range(1, n):\n        total += 1 / i ** 2\n    return (total * 6) ** 0.5\n";

fn judge(test: &str, source: &str) -> Value {
    let dir = std::env::temp_dir().join(format!("verdict-judge-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    let file: PathBuf = dir.join("solution.py");
    std::fs::write(&file, source).unwrap_or_else(|e| panic!("writing {}: {e}", file.display()));
    let output = Command::new(binary("verdict"))
        .args(["judge", "--problem", "calculate-pi", "--json", "--problems"])
        .arg(workspace_root().join("problems"))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("running verdict judge: {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "verdict judge failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

fn verdict(report: &Value) -> &str {
    report["verdict"].as_str().unwrap_or_default()
}

#[test]
fn the_plain_loop_is_accepted_with_full_score() {
    let report = judge("plain", PLAIN_LOOP);
    assert_eq!(verdict(&report), "AC", "{report}");
    assert_eq!(report["score"], 1.0);
    let tests = report["tests"].as_array().map_or(0, Vec::len);
    assert!(tests >= 9, "{report}");
}

#[test]
fn one_term_more_is_wrong() {
    let report = judge("more", &PLAIN_LOOP.replace("range(1, n)", "range(1, n + 1)"));
    assert_eq!(verdict(&report), "WA", "{report}");
}

#[test]
fn one_term_fewer_is_wrong() {
    let report = judge("fewer", &PLAIN_LOOP.replace("range(1, n)", "range(1, n - 1)"));
    assert_eq!(verdict(&report), "WA", "{report}");
}

#[test]
fn forgetting_the_square_root_is_wrong() {
    let report = judge("sqrt", &PLAIN_LOOP.replace("(total * 6) ** 0.5", "total * 6"));
    assert_eq!(verdict(&report), "WA", "{report}");
    assert!(report["score"].as_f64().is_some_and(|s| s < 0.5), "{report}");
}

#[test]
fn a_syntax_error_is_ce_with_its_line_and_no_test_runs() {
    let report = judge("syntax", "def calculate_pi(n):\n    total = 0\n    for i in range(1, n)\n        total += 1\n");
    assert_eq!(verdict(&report), "CE", "{report}");
    assert_eq!(report["compile_error"]["line"], 3, "{report}");
    assert!(report["compile_error"]["column"].as_u64().is_some(), "{report}");
    assert_eq!(report["tests"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_failed_sample_shows_its_data_and_hidden_tests_show_only_number_verdict_time_and_memory() {
    let report = judge("redaction", &PLAIN_LOOP.replace("range(1, n)", "range(1, n + 1)"));
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
        assert_eq!(keys, ["cpu_ms", "memory_kib", "number", "verdict", "visibility", "wall_ms"], "{test}");
    }
}

#[test]
fn each_test_runs_in_a_fresh_process() {
    // Passes only if no state survives from one test to the next: the mutable default, the
    // module global and the class attribute all start empty every time.
    let leaky = "calls = []\n\nclass Seen:\n    values = []\n\ndef calculate_pi(n, _seen=[]):\n    calls.append(n)\n    _seen.append(n)\n    Seen.values.append(n)\n    if len(calls) + len(_seen) + len(Seen.values) != 3:\n        return -1.0\n    total = 0\n    for i in range(1, n):\n        total += 1 / i ** 2\n    return (total * 6) ** 0.5\n";
    let report = judge("fresh", leaky);
    assert_eq!(verdict(&report), "AC", "{report}");
}

/// A throwaway problem whose answer is any permutation of 1..=n, graded by its own checker.
fn permutation_problem(root: &std::path::Path) {
    let dir = root.join("any-permutation");
    let write = |file: &str, text: &str| {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir)).unwrap_or_else(|e| panic!("mkdir: {e}"));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    };
    write(
        "problem.toml",
        "slug = \"any-permutation\"\ntitle = \"Any permutation\"\ndifficulty = \"easy\"\nkind = \"function\"\nentry = \"perm\"\n[checker]\nname = \"custom\"\n",
    );
    write("statement.md", "```example\n>>> perm(1)\n[1]\n```\n");
    write("starter.py", "def perm(n):\n    ...\n");
    write("checker.py", "def check(input, expected, actual):\n    n = input['args'][0]\n    if sorted(actual) != list(range(1, n + 1)):\n        return False, 'not a permutation of 1..%d' % n\n    return True\n");
    write("tests/sample.json", "[{\"args\": [1]}]");
    write("tests/hidden.json", "[{\"args\": [3]}, {\"args\": [5]}]");
    write("submissions/accepted/reference.py", "def perm(n):\n    return list(range(1, n + 1))\n");
    write("submissions/wrong_answer/short.py", "def perm(n):\n    return list(range(1, n))\n");
}

fn judge_in(root: &std::path::Path, slug: &str, source: &str) -> Value {
    let file = root.join("candidate.py");
    std::fs::write(&file, source).unwrap_or_else(|e| panic!("writing: {e}"));
    let output = Command::new(binary("verdict"))
        .args(["judge", "--json", "--problem", slug, "--problems"])
        .arg(root)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("running verdict judge: {e}"));
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&output.stderr)))
}

#[test]
fn a_custom_checker_accepts_any_valid_answer_and_explains_a_rejection() {
    let root = std::env::temp_dir().join(format!("verdict-custom-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    permutation_problem(&root);
    let reversed = judge_in(&root, "any-permutation", "def perm(n):\n    return list(range(n, 0, -1))\n");
    assert_eq!(verdict(&reversed), "AC", "{reversed}");
    let wrong = judge_in(&root, "any-permutation", "def perm(n):\n    return [0] * n\n");
    assert_eq!(verdict(&wrong), "WA", "{wrong}");
    assert_eq!(wrong["tests"][0]["detail"]["message"], "not a permutation of 1..1", "{wrong}");
    let _ = std::fs::remove_dir_all(&root);
}
