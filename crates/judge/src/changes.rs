//! How far an answer to a debugging problem (`[debug]`) strays from its starter: the number
//! of changed lines, held against the problem's budget, and the unified diff a reader sees.
//!
//! Both are functions of the starter and the answer alone, so they are computed wherever they
//! are needed (the judge's refusal, the API's views, `verdict judge`, `verdict check`) by these
//! functions and never stored.

use similar::{Algorithm, DiffOp, TextDiff};
use std::time::{Duration, Instant};
use verdict_catalog::Problem;

/// How long one diff may search for the shortest edit. Myers' diff is quadratic at worst (a
/// 64 KiB answer of lines all unlike a short starter's took a second in a debug build, where
/// code of a few hundred lines takes microseconds); past this it settles for a longer edit,
/// which can only count more changed lines, never fewer. Views compute diffs on the server's
/// async threads, so this also bounds how long one view can hold one.
const DIFF_TIMEOUT: Duration = Duration::from_millis(200);

/// The lines `answer` changes in `starter`: the two are compared line by line (Myers' diff)
/// with trailing whitespace and blank lines ignored, and each run of changes between unchanged
/// lines (a hunk) counts the larger of the lines it removes and the lines it adds. So fixing a
/// line counts 1, inserting a line 1, and rewriting three lines as two counts 3.
pub fn changed_lines(starter: &str, answer: &str) -> u32 {
    let old = significant_lines(starter);
    let new = significant_lines(answer);
    let deadline = Instant::now() + DIFF_TIMEOUT;
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &old, &new, Some(deadline));
    let mut total = 0usize;
    let (mut removed, mut added) = (0usize, 0usize);
    for op in ops {
        match op {
            DiffOp::Equal { .. } => {
                total += removed.max(added);
                (removed, added) = (0, 0);
            }
            DiffOp::Delete { old_len, .. } => removed += old_len,
            DiffOp::Insert { new_len, .. } => added += new_len,
            DiffOp::Replace { old_len, new_len, .. } => {
                removed += old_len;
                added += new_len;
            }
        }
    }
    total += removed.max(added);
    u32::try_from(total).unwrap_or(u32::MAX)
}

/// The lines that count: trailing whitespace cut, blank lines left out.
fn significant_lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim_end).filter(|line| !line.is_empty()).collect()
}

/// The unified diff of `answer` against `starter` (headers `starter.py` and `answer.py`, three
/// lines of context), as it is: whitespace changes show here even where they do not count.
/// Empty when the two are the same.
pub fn unified_diff(starter: &str, answer: &str) -> String {
    let diff = TextDiff::configure().algorithm(Algorithm::Myers).timeout(DIFF_TIMEOUT).diff_lines(starter, answer);
    diff.unified_diff().context_radius(3).header("starter.py", "answer.py").to_string()
}

/// The message of an answer refused for changing `changed` lines where `budget` are allowed.
pub fn refusal_message(changed: u32, budget: u32) -> String {
    let lines = if changed == 1 { "line" } else { "lines" };
    format!("Your answer changes {changed} {lines} of the starter; this problem allows {budget}.")
}

/// An answer to a debugging problem, measured against the problem's starter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugChanges {
    pub changed_lines: u32,
    /// The problem's budget (`[debug] max_changed_lines`), if it has one.
    pub max_changed_lines: Option<u32>,
    /// The answer's unified diff against the starter.
    pub diff: String,
}

impl DebugChanges {
    /// The changes `answer` makes, or `None` when the problem is not a debugging problem.
    pub fn of(problem: &Problem, answer: &str) -> Option<DebugChanges> {
        let debug = problem.manifest.debug.as_ref()?;
        Some(DebugChanges {
            changed_lines: changed_lines(&problem.starter, answer),
            max_changed_lines: debug.max_changed_lines,
            diff: unified_diff(&problem.starter, answer),
        })
    }

    /// Why the answer is refused without running a test (verdict CLE): it changes more lines
    /// than the budget allows.
    pub fn refusal(&self) -> Option<String> {
        let budget = self.max_changed_lines?;
        (self.changed_lines > budget).then(|| refusal_message(self.changed_lines, budget))
    }
}

/// Why `answer` to `problem` is refused before any test runs, if it is: over the budget of
/// changed lines. Counts lines only (no diff is made).
pub fn refusal(problem: &Problem, answer: &str) -> Option<String> {
    let budget = problem.manifest.debug.as_ref()?.max_changed_lines?;
    let changed = changed_lines(&problem.starter, answer);
    (changed > budget).then(|| refusal_message(changed, budget))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STARTER: &str = "def total(xs):\n    s = 0\n    for x in xs[1:]:\n        s += x\n    return s\n";

    #[test]
    fn the_same_code_changes_nothing_and_shows_no_diff() {
        assert_eq!(changed_lines(STARTER, STARTER), 0);
        assert_eq!(unified_diff(STARTER, STARTER), "");
    }

    #[test]
    fn trailing_whitespace_blank_lines_and_line_endings_do_not_count() {
        let reformatted = "def total(xs):   \r\n\n    s = 0\n\n\n    for x in xs[1:]:\t\n        s += x\n    return s";
        assert_eq!(changed_lines(STARTER, reformatted), 0);
        // Leading whitespace is Python's syntax: re-indenting a line changes it.
        let indented = STARTER.replace("    return s", "        return s");
        assert_eq!(changed_lines(STARTER, &indented), 1);
    }

    #[test]
    fn a_fixed_line_counts_one_and_separate_hunks_add_up() {
        assert_eq!(changed_lines(STARTER, &STARTER.replace("xs[1:]", "xs")), 1);
        let two = STARTER.replace("xs[1:]", "xs").replace("return s", "return s + 0");
        assert_eq!(changed_lines(STARTER, &two), 2);
    }

    #[test]
    fn a_hunk_counts_the_larger_of_its_removed_and_added_lines() {
        let inserted = STARTER.replace("    s = 0\n", "    s = 0\n    xs = list(xs)\n");
        assert_eq!(changed_lines(STARTER, &inserted), 1);
        let deleted = STARTER.replace("    s = 0\n", "");
        assert_eq!(changed_lines(STARTER, &deleted), 1);
        // Three lines (loop, body, return) rewritten as two: one hunk of 3 removed, 2 added.
        let rewritten = "def total(xs):\n    s = 0\n    s = sum(xs)\n    return s  # fixed\n";
        assert_eq!(changed_lines(STARTER, rewritten), 3);
        // Replacing the whole body with one line counts every line it removes.
        assert_eq!(changed_lines(STARTER, "def total(xs):\n    return sum(xs)\n"), 4);
        assert_eq!(changed_lines("", STARTER), 5);
    }

    #[test]
    fn the_diff_is_unified_with_the_starter_as_the_old_side() {
        let diff = unified_diff(STARTER, &STARTER.replace("xs[1:]", "xs"));
        assert!(diff.starts_with("--- starter.py\n+++ answer.py\n@@ -1,5 +1,5 @@\n"), "{diff}");
        assert!(diff.contains("\n-    for x in xs[1:]:\n+    for x in xs:\n"), "{diff}");
    }

    #[test]
    fn the_refusal_names_the_count_and_the_budget() {
        assert_eq!(refusal_message(7, 3), "Your answer changes 7 lines of the starter; this problem allows 3.");
        assert_eq!(refusal_message(1, 0), "Your answer changes 1 line of the starter; this problem allows 0.");
        let over = DebugChanges { changed_lines: 4, max_changed_lines: Some(3), diff: String::new() };
        assert_eq!(
            over.refusal().as_deref(),
            Some("Your answer changes 4 lines of the starter; this problem allows 3.")
        );
        assert_eq!(DebugChanges { changed_lines: 3, ..over.clone() }.refusal(), None);
        assert_eq!(DebugChanges { max_changed_lines: None, ..over }.refusal(), None);
    }
}
