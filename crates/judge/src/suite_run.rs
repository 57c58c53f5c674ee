//! What one run of a candidate's test suite found: the one record of it, from the harness's
//! reply (`Outcome::SuiteRan`) to the shown detail (`TestDetail::suite`). Plain data.

use serde::{Deserialize, Serialize};

/// What pytest found in one run of the suite, as the in-box runner (`sandbox/python/suite.py`)
/// reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuiteRun {
    /// pytest's exit code: 0 all passed, 1 some failed, 2 interrupted (a collection error), 5
    /// nothing collected.
    pub exit_code: i64,
    pub collected: u32,
    pub passed: u32,
    pub skipped: u32,
    /// The first failing tests (at most 20), with pytest's short report of each.
    pub failed: Vec<FailedTest>,
    pub failed_count: u32,
    /// Why the file could not be collected (it raised while imported), as pytest says it.
    pub collection_error: Option<String>,
    /// The module's coverage (the implementation's run only).
    pub coverage: Option<Coverage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailedTest {
    /// The test's id within the file (`test_withdraw`, `TestAccount::test_zero`,
    /// `test_parse[1h-3600]`).
    pub name: String,
    pub message: String,
}

/// Line and branch coverage of the module under test, by coverage.py.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    pub lines: u32,
    pub lines_covered: u32,
    pub branches: u32,
    pub branches_covered: u32,
    /// Lines of `implementation.py` no test ran (for the author and the hiring team).
    pub missing_lines: Vec<u32>,
}

impl Coverage {
    /// "lines 23/25 (92%), branches 8/10 (80%)"
    pub fn summary(&self) -> String {
        let percent = |part: u32, whole: u32| (part * 100).checked_div(whole).unwrap_or(100);
        format!(
            "lines {}/{} ({}%), branches {}/{} ({}%)",
            self.lines_covered,
            self.lines,
            percent(self.lines_covered, self.lines),
            self.branches_covered,
            self.branches,
            percent(self.branches_covered, self.branches)
        )
    }
}
