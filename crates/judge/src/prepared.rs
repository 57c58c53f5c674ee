//! A problem ready to judge: its tests numbered, generated ones added, every expected answer
//! known. Plain data; the `prepare` step makes it.

use serde::{Deserialize, Serialize};
use verdict_catalog::{Problem, TestCase};

/// Whether the candidate may see a test's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Sample,
    Hidden,
}

/// A test ready to judge: numbered, and with its expected answer known.
#[derive(Debug, Clone)]
pub struct PreparedTest {
    pub number: usize,
    pub visibility: Visibility,
    pub case: TestCase,
}

/// A problem with its generated tests added and every expected answer filled in.
#[derive(Debug, Clone)]
pub struct PreparedProblem {
    pub problem: Problem,
    pub tests: Vec<PreparedTest>,
}
