//! What a test shows is bounded, whatever the program produced.
//!
//! Grading compares the whole output (up to the problem's own output limit); what a person is
//! shown afterwards, and what the service stores and sends, is cut here to a few tens of KiB per
//! field, with a visible mark and the field named in [`TestDetail::truncated`]. Without it one
//! print flood or one huge returned value would be stored and served whole.

use crate::report::{QueryLog, TestDetail};
use crate::suite_run::SuiteRun;
use serde_json::Value;

/// The most bytes of one shown field (stdout, message, a value's JSON text).
pub const SHOWN_BYTES: usize = 16 * 1024;

/// The most statements of an ORM answer's log that are shown.
pub const SHOWN_STATEMENTS: usize = 50;

/// The most failing tests of a suite's run that are shown, and the bytes of one's name (a
/// parametrised test's id holds its arguments).
pub const SHOWN_FAILED_TESTS: usize = 20;
const SHOWN_TEST_NAME_BYTES: usize = 256;
/// The most missing lines of a coverage report that are shown.
const SHOWN_MISSING_LINES: usize = 1000;

/// Cuts `text` to at most `limit` bytes on a character boundary, with a mark saying how much
/// was left out. `None` when it fits.
pub fn cut(text: &str, limit: usize) -> Option<String> {
    if text.len() <= limit {
        return None;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Some(format!("{}\n… [truncated: {} more bytes]", &text[..end], text.len() - end))
}

/// A value whose JSON text is too long to show becomes a string: the start of that text and the
/// mark. `None` when it fits.
fn cut_value(value: &Value, limit: usize) -> Option<Value> {
    match value {
        Value::String(text) => cut(text, limit).map(Value::String),
        other => {
            let text = other.to_string();
            cut(&text, limit).map(Value::String)
        }
    }
}

impl TestDetail {
    /// The detail with every field a program controls bounded to [`SHOWN_BYTES`].
    pub fn clipped(mut self) -> TestDetail {
        let mut truncated = Vec::new();
        if let Some(value) = self.actual.as_ref().and_then(|v| cut_value(v, SHOWN_BYTES)) {
            self.actual = Some(value);
            // The repr is of the whole value: the cut value is shown instead.
            self.actual_repr = None;
            truncated.push("actual".to_owned());
        }
        // The expected value of custom input is the reference's answer to the candidate's input.
        if let Some(value) = cut_value(&self.expected, SHOWN_BYTES) {
            self.expected = value;
            truncated.push("expected".to_owned());
        }
        if let Some(text) = cut(&self.stdout, SHOWN_BYTES) {
            self.stdout = text;
            truncated.push("stdout".to_owned());
        }
        if let Some(text) = self.message.as_deref().and_then(|m| cut(m, SHOWN_BYTES)) {
            self.message = Some(text);
            truncated.push("message".to_owned());
        }
        if let Some(queries) = self.queries.as_mut() {
            if clip_queries(queries) {
                truncated.push("queries".to_owned());
            }
        }
        if let Some(suite) = self.suite.as_mut() {
            if clip_suite(suite) {
                truncated.push("suite".to_owned());
            }
        }
        self.truncated = truncated;
        self
    }
}

/// Keeps the first statements, each cut, within one field's allowance in all.
fn clip_queries(queries: &mut QueryLog) -> bool {
    let mut cut_any = queries.statements.len() > SHOWN_STATEMENTS;
    queries.statements.truncate(SHOWN_STATEMENTS);
    let each = SHOWN_BYTES / SHOWN_STATEMENTS;
    for statement in &mut queries.statements {
        if let Some(short) = cut(statement, each) {
            *statement = short;
            cut_any = true;
        }
    }
    cut_any
}

/// Keeps a suite's first failing tests, each name and report cut, within one field's allowance
/// in all. The in-box runner sends no more, but its reply is the candidate's to forge.
fn clip_suite(suite: &mut SuiteRun) -> bool {
    let mut cut_any = suite.failed.len() > SHOWN_FAILED_TESTS;
    suite.failed.truncate(SHOWN_FAILED_TESTS);
    let each = SHOWN_BYTES / SHOWN_FAILED_TESTS;
    for test in &mut suite.failed {
        for (text, limit) in [(&mut test.name, SHOWN_TEST_NAME_BYTES), (&mut test.message, each)] {
            if let Some(short) = cut(text, limit) {
                *text = short;
                cut_any = true;
            }
        }
    }
    if let Some(short) = suite.collection_error.as_deref().and_then(|e| cut(e, SHOWN_BYTES)) {
        suite.collection_error = Some(short);
        cut_any = true;
    }
    if let Some(coverage) = suite.coverage.as_mut().filter(|c| c.missing_lines.len() > SHOWN_MISSING_LINES) {
        coverage.missing_lines.truncate(SHOWN_MISSING_LINES);
        cut_any = true;
    }
    cut_any
}

/// The end of what a run wrote on stderr, for a message.
pub(crate) fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let start = text.char_indices().rev().nth(2000).map_or(0, |(i, _)| i);
    text[start..].trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn detail(actual: Value, stdout: &str) -> TestDetail {
        TestDetail {
            name: None,
            input: json!({"args": []}),
            expected: json!("ok"),
            actual: Some(actual),
            actual_repr: None,
            stdout: stdout.to_owned(),
            message: None,
            queries: None,
            reason: None,
            suite: None,
            truncated: Vec::new(),
        }
    }

    #[test]
    fn a_short_detail_is_left_whole() {
        let clipped = detail(json!([1, 2, 3]), "hello\n").clipped();
        assert_eq!(clipped.actual, Some(json!([1, 2, 3])));
        assert_eq!(clipped.stdout, "hello\n");
        assert!(clipped.truncated.is_empty());
    }

    #[test]
    fn a_flood_is_cut_with_a_mark_and_named() {
        let flood = "spam ".repeat(1_000_000);
        let big: Vec<u32> = (0..1_000_000).collect();
        let clipped = detail(json!(big), &flood).clipped();
        assert!(clipped.stdout.len() < SHOWN_BYTES + 100, "stdout {} bytes", clipped.stdout.len());
        assert!(clipped.stdout.ends_with("more bytes]"), "{}", &clipped.stdout[clipped.stdout.len() - 60..]);
        let actual = clipped.actual.as_ref().and_then(Value::as_str).expect("a long value becomes its cut text");
        assert!(actual.starts_with("[0,1,2,"));
        assert!(actual.len() < SHOWN_BYTES + 100);
        assert_eq!(clipped.truncated, ["actual", "stdout"]);
    }

    #[test]
    fn a_suites_failures_are_bounded_however_many_the_reply_claims() {
        use crate::suite_run::FailedTest;
        let mut d = detail(json!(null), "");
        let failed =
            FailedTest { name: "test_x[".to_owned() + &"a".repeat(100_000) + "]", message: "E".repeat(100_000) };
        d.suite = Some(SuiteRun {
            exit_code: 1,
            collected: 5000,
            passed: 0,
            skipped: 0,
            failed: vec![failed; 5000],
            failed_count: 5000,
            collection_error: Some("x".repeat(1_000_000)),
            coverage: None,
        });
        let clipped = d.clipped();
        let suite = clipped.suite.expect("the suite's run stays");
        assert_eq!(suite.failed.len(), SHOWN_FAILED_TESTS);
        assert_eq!(suite.failed_count, 5000, "the count is a number, kept whole");
        let shown = serde_json::to_string(&suite).unwrap_or_default().len();
        assert!(shown < 3 * SHOWN_BYTES, "{shown} bytes");
        assert_eq!(clipped.truncated, ["suite"]);
    }

    #[test]
    fn a_cut_never_splits_a_character() {
        let text = "é".repeat(SHOWN_BYTES);
        let short = cut(&text, SHOWN_BYTES + 1).expect("too long");
        assert!(short.starts_with('é'));
        assert!(short.len() <= SHOWN_BYTES + 50);
    }

    #[test]
    fn an_orm_log_keeps_its_first_statements() {
        let mut d = detail(json!(1), "");
        d.queries = Some(QueryLog { count: 500, budget: Some(1), statements: vec!["SELECT 1".to_owned(); 200] });
        let clipped = d.clipped();
        let queries = clipped.queries.expect("kept");
        assert_eq!(queries.statements.len(), SHOWN_STATEMENTS);
        assert_eq!(queries.count, 500, "the count is the fact; only the list is cut");
        assert_eq!(clipped.truncated, ["queries"]);
    }
}
