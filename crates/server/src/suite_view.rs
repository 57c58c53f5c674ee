//! What the API shows of one run of a candidate's test suite (`tests` problems): their tests'
//! outcomes and the coverage they reached. Never the module under test.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_judge::suite::SuiteRun;

/// A run of the candidate's own tests against the implementation or a planted bug.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SuiteView {
    /// Tests pytest collected from the file.
    pub collected: u32,
    pub passed: u32,
    pub skipped: u32,
    pub failed_count: u32,
    /// The first failing tests (at most 20), with pytest's short report.
    pub failed: Vec<FailedTestView>,
    /// Why the file could not be imported, as pytest reports it.
    pub collection_error: Option<String>,
    /// Line and branch coverage of the implementation (its run only).
    pub coverage: Option<CoverageView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FailedTestView {
    /// The test's id in the file: `test_withdraw`, `TestAccount::test_zero`, `test_parse[1h]`.
    pub name: String,
    pub message: String,
}

/// Statements and branches of the implementation that the tests ran.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CoverageView {
    pub lines: u32,
    pub lines_covered: u32,
    pub branches: u32,
    pub branches_covered: u32,
}

impl From<&SuiteRun> for SuiteView {
    fn from(run: &SuiteRun) -> Self {
        SuiteView {
            collected: run.collected,
            passed: run.passed,
            skipped: run.skipped,
            failed_count: run.failed_count,
            failed: run
                .failed
                .iter()
                .map(|f| FailedTestView { name: f.name.clone(), message: f.message.clone() })
                .collect(),
            collection_error: run.collection_error.clone(),
            // The missing lines are lines of a file the candidate never sees: left out.
            coverage: run.coverage.as_ref().map(|c| CoverageView {
                lines: c.lines,
                lines_covered: c.lines_covered,
                branches: c.branches,
                branches_covered: c.branches_covered,
            }),
        }
    }
}
