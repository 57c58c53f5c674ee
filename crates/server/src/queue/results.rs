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
use verdict_store::{Store, StoreError};

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
    /// The lease every write names.
    token: &'a str,
    /// Results whose write failed, to write again before the verdict.
    unstored: Mutex<Vec<Arc<TestResult>>>,
}

impl<'a> ResultSink<'a> {
    pub(super) fn new(store: &'a dyn Store, board: &'a Board, id: &'a str, token: &'a str) -> Self {
        Self { store, board, id, token, unstored: Mutex::new(Vec::new()) }
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
            .and_then(|(number, row)| match self.store.record_test(self.id, self.token, number, &row) {
                // Another worker judges it now: writing again would be refused again.
                Err(StoreError::LeaseLost(_)) => Ok(()),
                other => other.map_err(|e| e.to_string()),
            });
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
    use serde_json::json;
    use verdict_judge::{TestDetail, Verdict, Visibility};

    #[test]
    fn a_row_written_now_reads_back_as_the_same_record() {
        let result = TestResult {
            number: 3,
            visibility: Visibility::Sample,
            verdict: Verdict::RE,
            score: 0.0,
            cpu_ms: 1,
            wall_ms: 2,
            memory_kib: 3,
            detail: Some(TestDetail {
                name: None,
                input: json!({"stdin": "1\n"}),
                expected: json!("2\n"),
                actual: None,
                actual_repr: None,
                stdout: String::new(),
                message: Some("ZeroDivisionError".into()),
                queries: None,
                reason: None,
                suite: None,
                truncated: Vec::new(),
            }),
        };
        let row = to_row(&result).unwrap_or_default();
        let read = stored_test(&row).unwrap_or_else(|| panic!("a new row does not read: {row}"));
        assert_eq!(to_row(&read).unwrap_or_default(), row);
        assert!(stored_test(&json!({"number": 1, "verdict": "AC"})).is_none(), "a partial row is left out");
    }
}
