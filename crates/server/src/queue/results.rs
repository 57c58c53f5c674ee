//! The one path of a test's result: the judge emits it once, the sink cuts it to what the
//! candidate may see, stores that record (one commit) and tells the followers. Views are made
//! from the record when it is read or sent, never stored.
//!
//! A row holds the judge's [`TestResult`] as JSON. Rows written before held the API's
//! `TestView`, whose JSON has the same field names and values (it only leaves `actual` out
//! where a result writes `null`), so [`stored_test`] reads both.

use super::board::{Board, Progress};
use serde::Deserialize;
use serde_json::Value;
use std::sync::{Arc, Mutex, PoisonError};
use verdict_judge::TestResult;
use verdict_store::Store;

/// A result as it is stored.
fn to_row(result: &TestResult) -> Result<Value, serde_json::Error> {
    serde_json::to_value(result)
}

/// A stored result, in the form written now or in the view form of earlier rows; `None` for a
/// row that is neither (it is left out, as before).
pub fn stored_test(row: &Value) -> Option<TestResult> {
    TestResult::deserialize(row).ok()
}

/// Where one submission's results go while it is judged.
pub(super) struct ResultSink<'a> {
    store: &'a dyn Store,
    board: &'a Board,
    id: &'a str,
    /// Results whose write failed, to write again before the verdict.
    unstored: Mutex<Vec<Arc<TestResult>>>,
}

impl<'a> ResultSink<'a> {
    pub(super) fn new(store: &'a dyn Store, board: &'a Board, id: &'a str) -> Self {
        Self { store, board, id, unstored: Mutex::new(Vec::new()) }
    }

    /// Takes one test's result as the judge emits it.
    pub(super) fn accept(&self, result: &TestResult) {
        let shown = Arc::new(result.for_candidate());
        if !self.store_one(&shown) {
            self.unstored.lock().unwrap_or_else(PoisonError::into_inner).push(Arc::clone(&shown));
        }
        self.board.publish(self.id, Progress::Test(shown));
    }

    fn store_one(&self, result: &TestResult) -> bool {
        let stored = u32::try_from(result.number)
            .map_err(|e| e.to_string())
            .and_then(|number| Ok((number, to_row(result).map_err(|e| e.to_string())?)))
            .and_then(|(number, row)| self.store.record_test(self.id, number, &row).map_err(|e| e.to_string()));
        match stored {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!(%error, test = result.number, "cannot store a test's result; trying again at the end");
                false
            }
        }
    }

    /// Writes again the results whose first write failed, so the stored submission has every
    /// test that ran before its verdict is stored.
    pub(super) fn settle(self) {
        let unstored = std::mem::take(&mut *self.unstored.lock().unwrap_or_else(PoisonError::into_inner));
        for result in unstored {
            if !self.store_one(&result) {
                tracing::error!(test = result.number, "a test's result is lost: the store refused it twice");
            }
        }
    }
}

#[cfg(test)]
mod unit {
    use super::*;
    use crate::views::TestView;
    use serde_json::json;
    use verdict_judge::{FailureReason, QueryLog, TestDetail, Verdict, Visibility};

    fn failed_sample() -> TestResult {
        TestResult {
            number: 2,
            visibility: Visibility::Sample,
            verdict: Verdict::WA,
            cpu_ms: 12,
            wall_ms: 30,
            memory_kib: 9000,
            detail: Some(TestDetail {
                name: Some("ties".into()),
                input: json!({"args": [1], "kwargs": {}}),
                expected: json!([1, 2]),
                actual: Some(json!([2, 1])),
                stdout: "printed\n".into(),
                message: Some("wrong order".into()),
                queries: Some(QueryLog { count: 3, budget: Some(1), statements: vec!["SELECT 1".into()] }),
                reason: Some(FailureReason::RowOrder),
                truncated: vec!["stdout".into()],
            }),
        }
    }

    fn view_json(result: &TestResult) -> Value {
        serde_json::to_value(TestView::for_submission(result)).unwrap_or_default()
    }

    #[test]
    fn a_row_in_the_old_view_form_reads_as_the_same_test() {
        for result in [failed_sample(), TestResult { verdict: Verdict::AC, ..failed_sample() }] {
            let old_row = view_json(&result);
            let read = stored_test(&old_row).unwrap_or_else(|| panic!("an old row does not read: {old_row}"));
            assert_eq!(view_json(&read), old_row, "the view of an old row is what was stored");
        }
        // A hidden test's old row: number, verdict, time and memory.
        let hidden = json!({"number": 7, "visibility": "hidden", "verdict": "TLE", "cpu_ms": 1000, "wall_ms": 1200, "memory_kib": 5});
        let read = stored_test(&hidden).unwrap_or_else(|| panic!("an old hidden row does not read"));
        assert_eq!((read.number, read.verdict, read.detail.is_none()), (7, Verdict::TLE, true));
        assert_eq!(view_json(&read), hidden);
    }

    #[test]
    fn a_row_written_now_reads_back_as_its_view() {
        let result = failed_sample().for_candidate();
        let row = to_row(&result).unwrap_or_default();
        let read = stored_test(&row).unwrap_or_else(|| panic!("a new row does not read: {row}"));
        assert_eq!(view_json(&read), view_json(&result));
        assert!(stored_test(&json!({"number": 1, "verdict": "AC"})).is_none(), "a partial row is left out");
    }
}
