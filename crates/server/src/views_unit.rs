//! The views' unit tests: old stored rows read as today's views, and hidden tests show nothing.

use super::*;
use serde_json::json;
use verdict_judge::{FailureReason, QueryLog, TestDetail};

fn failed_sample() -> TestResult {
    TestResult {
        number: 2,
        visibility: Visibility::Sample,
        verdict: Verdict::WA,
        score: 0.0,
        cpu_ms: 12,
        wall_ms: 30,
        memory_kib: 9000,
        detail: Some(TestDetail {
            name: Some("ties".into()),
            input: json!({"args": [1], "kwargs": {}}),
            expected: json!([1, 2]),
            actual: Some(json!([2, 1])),
            actual_repr: None,
            stdout: "printed\n".into(),
            message: Some("wrong order".into()),
            queries: Some(QueryLog { count: 3, budget: Some(1), statements: vec!["SELECT 1".into()] }),
            reason: Some(FailureReason::RowOrder),
            suite: None,
            truncated: vec!["stdout".into()],
        }),
    }
}

fn view_json(result: &TestResult) -> Value {
    serde_json::to_value(TestView::for_submission(result)).unwrap_or_default()
}

/// Rows stored before results were kept as the judge's records hold this view's JSON.
#[test]
fn a_row_in_the_old_view_form_reads_as_the_same_test() {
    for result in [failed_sample(), TestResult { verdict: Verdict::AC, ..failed_sample() }] {
        let old_row = view_json(&result);
        let read = stored_test(&old_row).unwrap_or_else(|| panic!("an old row does not read: {old_row}"));
        assert_eq!(view_json(&read), old_row, "the view of an old row is what was stored");
    }
    let hidden = json!({"number": 7, "visibility": "hidden", "verdict": "TLE", "cpu_ms": 1000, "wall_ms": 1200,
        "memory_kib": 5});
    let read = stored_test(&hidden).unwrap_or_else(|| panic!("an old hidden row does not read"));
    assert_eq!((read.number, read.verdict, read.detail.is_none()), (7, Verdict::TLE, true));
    // A row from before scores shows the score its verdict gives.
    let mut shown = hidden.clone();
    shown["score"] = json!(0.0);
    assert_eq!(view_json(&read), shown);
}

#[test]
fn a_stored_record_shows_a_hidden_test_as_number_verdict_time_and_memory_only() {
    let hidden = TestResult { visibility: Visibility::Hidden, ..failed_sample() };
    let view = view_json(&hidden);
    assert!(view.get("detail").is_none(), "{view}");
    assert_eq!((view["number"].as_u64(), view["verdict"].as_str()), (Some(2), Some("WA")));
}
