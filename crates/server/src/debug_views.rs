//! A debugging problem (`[debug]`) in the API: its budget beside its kind, and an answer's
//! changes against the starter. The changes are a function of the starter and the code, so
//! they are made from the stored code each time a submission is shown, never stored.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_catalog::Problem;
use verdict_judge::DebugChanges;

/// A debugging problem: the starter is buggy code to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DebugView {
    /// The most lines an answer may change against the starter; `null` when any number may.
    pub max_changed_lines: Option<u32>,
}

impl DebugView {
    /// The problem's `[debug]` table, if it is a debugging problem.
    pub fn of(problem: &Problem) -> Option<DebugView> {
        problem.manifest.debug.as_ref().map(|d| DebugView { max_changed_lines: d.max_changed_lines })
    }
}

/// An answer to a debugging problem, against the problem's starter.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChangesView {
    /// Lines changed as the budget counts them: trailing whitespace and blank lines ignored,
    /// each run of changes counting the larger of the lines it removes and adds.
    pub changed_lines: u32,
    /// The problem's budget; `null` when any number may change.
    pub max_changed_lines: Option<u32>,
    /// The unified diff of the answer against the starter (`--- starter.py`, `+++ answer.py`);
    /// empty when the answer is the starter.
    pub diff: String,
}

impl ChangesView {
    /// The changes `code` makes to `problem`'s starter, when it is a debugging problem (a
    /// problem no longer in the catalogue has none to show).
    pub fn of(problem: Option<&Problem>, code: &str) -> Option<ChangesView> {
        DebugChanges::of(problem?, code).map(|c| ChangesView {
            changed_lines: c.changed_lines,
            max_changed_lines: c.max_changed_lines,
            diff: c.diff,
        })
    }

    /// Why a submission judged CLE was refused, with today's count and budget (the problem's
    /// budget may have changed since; then the reason is given without figures).
    pub fn refusal(changes: Option<&ChangesView>) -> String {
        changes
            .and_then(|c| {
                let budget = c.max_changed_lines.filter(|&b| c.changed_lines > b)?;
                Some(verdict_judge::changes::refusal_message(c.changed_lines, budget))
            })
            .unwrap_or_else(|| "Your answer changes more lines of the starter than this problem allows.".to_owned())
    }
}
