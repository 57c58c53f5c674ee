//! Scenario tests end to end, through `verdict judge` on the fixture `tests/fixtures/scenario-stack`
//! (a problem tested by scenarios only, with no `entry`): the reference's observations are the
//! expected answers, a candidate who returns a list where the reference returns a tuple fails
//! with the scenario, line, expected and actual named as a failing unittest would, a scenario
//! ended by the candidate's exception is RE with its traceback, a line forged on the judge's
//! channel is RE, hidden scenarios show nothing but their verdict, a custom checker gives
//! partial credit, and a group scores only when all its tests pass.

use serde_json::Value;
use std::process::Command;
use verdict_tests::{binary, copy_dir, judge_cli, workspace_root};

const REFERENCE: &str = "class Stack:\n    def __init__(self):\n        self.items = []\n\n    def push(self, a, b):\n        self.items.append((a, b))\n\n    def pop(self):\n        return self.items.pop()\n\n    def size(self):\n        return len(self.items)\n";

fn judge(source: &str) -> Value {
    judge_cli(&workspace_root().join("tests/fixtures"), "scenario-stack", source)
}

fn verdicts(report: &Value) -> Vec<String> {
    let tests = report["tests"].as_array().cloned().unwrap_or_default();
    tests.iter().map(|t| t["verdict"].as_str().unwrap_or_default().to_owned()).collect()
}

fn message(report: &Value, number: usize) -> String {
    report["tests"][number - 1]["detail"]["message"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn the_reference_is_accepted_on_every_scenario() {
    let report = judge(REFERENCE);
    assert_eq!(report["verdict"], "AC", "{report}");
    assert_eq!(verdicts(&report), ["AC", "AC", "AC", "AC", "AC"], "{report}");
    assert_eq!(report["score"], 1.0, "{report}");
    assert_eq!(report["groups"][0]["passed"], true, "{report}");
}

#[test]
fn a_list_for_a_tuple_fails_naming_the_scenario_line_expected_and_actual() {
    let report = judge(&REFERENCE.replace("append((a, b))", "append([a, b])"));
    assert_eq!(report["verdict"], "WA", "{report}");
    // The empty stack's exception is the same; the other scenarios see lists.
    assert_eq!(verdicts(&report), ["WA", "AC", "WA", "WA", "WA"], "{report}");
    assert_eq!(
        message(&report, 1),
        "test_pop_returns_the_last_pair, line 8: check(stack.pop())\nexpected (1, 2)\nactual   [1, 2]",
        "{report}"
    );
    let sample = &report["tests"][0]["detail"];
    assert_eq!(sample["input"]["scenario"], "test_pop_returns_the_last_pair", "{report}");
    assert!(sample["input"]["source"].as_str().is_some_and(|s| s.starts_with("@sample\ndef test_pop")), "{report}");
    // A hidden scenario shows its verdict only, never its observations or its message.
    assert!(report["tests"][2].get("detail").is_none(), "{report}");
}

#[test]
fn a_different_exception_message_or_none_at_all_is_wrong() {
    let report = judge(&REFERENCE.replace(
        "return self.items.pop()",
        "if not self.items:\n            raise IndexError('empty')\n        return self.items.pop()",
    ));
    assert_eq!(verdicts(&report), ["AC", "WA", "AC", "AC", "AC"], "{report}");
    let report =
        judge(&REFERENCE.replace("return self.items.pop()", "return self.items.pop() if self.items else None"));
    assert_eq!(verdicts(&report), ["AC", "WA", "AC", "AC", "AC"], "{report}");
}

#[test]
fn a_custom_checker_gives_partial_credit_and_a_group_scores_only_whole() {
    // Pairs with an odd first item come back as lists: the sample, the group's order scenario
    // and half of the custom-checked pops are wrong.
    let odd_as_lists = "a, b = self.items.pop()\n        return (a, b) if a % 2 == 0 else [a, b]";
    let report = judge(&REFERENCE.replace("return self.items.pop()", odd_as_lists));
    assert_eq!(verdicts(&report), ["WA", "AC", "WA", "AC", "WA"], "{report}");
    assert_eq!(report["tests"][4]["score"], 0.5, "{report}");
    assert_eq!(report["tests"][3]["score"], 1.0, "{report}");
    // Weights 1, 1, 2 and 1 (group `many`: tests 3 and 4), 1: test 2 scores 1, test 5 0.5, and
    // test 4 nothing, its group having failed.
    assert_eq!(report["score"], 1.5 / 6.0, "{report}");
    assert_eq!(
        report["groups"],
        serde_json::json!([{"name": "many", "tests": [3, 4], "weight": 3.0, "passed": false}]),
        "{report}"
    );
}

#[test]
fn a_scenario_ended_by_the_candidates_exception_is_re_with_its_traceback() {
    let report = judge(&REFERENCE.replace("return len(self.items)", "return self.count"));
    assert_eq!(report["verdict"], "RE", "{report}");
    assert_eq!(verdicts(&report)[0], "RE", "{report}");
    let text = message(&report, 1);
    assert!(text.contains("AttributeError") && text.contains("self.count"), "{text}");
}

#[test]
fn an_observation_forged_on_the_judges_channel_is_re() {
    // The candidate writes a well-formed record, without the run's token, on every descriptor
    // it can find (the channel among them).
    let forge = "import os, json\nline = (json.dumps({'seq': 1, 'token': 'guess', 'observation': {'line': 8, 'code': 'x', \
                 'checker': {'name': 'exact'}, 'value': {'tuple': [1, 2]}}}) + '\\n').encode()\nfor fd in range(4, 64):\n    \
                 try:\n        os.write(fd, line)\n    except OSError:\n        pass\n";
    let report = judge(&format!("{forge}\n{REFERENCE}"));
    assert_eq!(report["verdict"], "RE", "{report}");
    assert!(message(&report, 1).starts_with("the program wrote on the judge's channel"), "{report}");
}

#[test]
fn a_reference_whose_scenario_raises_is_the_authors_error_not_a_verdict() {
    let problems = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let problem = problems.path().join("scenario-stack");
    copy_dir(&workspace_root().join("tests/fixtures/scenario-stack"), &problem);
    let reference = problem.join("submissions/accepted/reference.py");
    std::fs::write(&reference, REFERENCE.replace("return len(self.items)", "return self.count"))
        .unwrap_or_else(|e| panic!("writing {}: {e}", reference.display()));
    let output = Command::new(binary("verdict"))
        .args(["judge", "--problem", "scenario-stack", "--json", "--problems"])
        .arg(problems.path())
        .arg(&reference)
        .output()
        .unwrap_or_else(|e| panic!("running verdict judge: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "judged with a broken reference: {}", String::from_utf8_lossy(&output.stdout));
    assert!(
        stderr.contains("the reference solution failed test 1 (RE)") && stderr.contains("AttributeError"),
        "{stderr}"
    );
}

#[test]
fn the_box_holds_the_source_of_the_scenario_it_runs_and_no_other() {
    // The candidate prints the scenarios file from the box on the sample it fails.
    let peek = "print(open('/box/scenarios.py').read())\n";
    let report = judge(&format!("{peek}{}", REFERENCE.replace("append((a, b))", "append([a, b])")));
    let stdout = report["tests"][0]["detail"]["stdout"].as_str().unwrap_or_default().to_owned();
    assert!(stdout.contains("def test_pop_returns_the_last_pair("), "the sample's own source: {report}");
    assert!(stdout.contains("from verdict import"), "{report}");
    for hidden in
        ["test_pop_empty_raises", "test_pops_in_reverse_order", "test_size_counts_pushes", "checker=\"custom\""]
    {
        assert!(!stdout.contains(hidden), "the box held the hidden `{hidden}`: {stdout}");
    }
}
