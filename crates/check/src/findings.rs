//! What a check found: errors located by problem, file and line.

use std::path::PathBuf;
use verdict_catalog::PackageError;

/// The errors found in one problem so far.
pub(crate) struct Findings<'a> {
    pub slug: &'a str,
    pub errors: Vec<PackageError>,
}

impl Findings<'_> {
    pub fn add(&mut self, file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) {
        self.errors.push(PackageError {
            problem: self.slug.to_owned(),
            file: file.into(),
            line,
            message: message.into(),
        });
    }
}

/// The file a finding about the hidden tests names: tests/scenarios.py when every hidden test
/// the package lists is a scenario.
pub(crate) fn hidden_tests_file(problem: &verdict_catalog::Problem) -> &'static str {
    let all_scenarios = problem.hidden.iter().all(|t| matches!(t.input, verdict_catalog::TestInput::Scenario { .. }));
    if problem.scenarios.is_some() && all_scenarios {
        verdict_catalog::SCENARIOS_FILE
    } else {
        "tests/hidden.json"
    }
}
