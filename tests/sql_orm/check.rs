//! `verdict check` passes the fixtures and demands the wrong answers that show what each kind
//! of problem asks.

use crate::{fixture_copy, write};
use std::path::Path;
use std::process::Command;
use verdict_tests::binary;

/// `verdict check` on a copy of one fixture with `edit` applied: (passed, stdout).
fn check_copy(slug: &str, edit: impl Fn(&Path)) -> (bool, String) {
    let dir = fixture_copy(slug, edit);
    let output = Command::new(binary("verdict"))
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("running verdict check: {e}"));
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn verdict_check_passes_the_fixtures_and_demands_the_order_and_budget_wrong_answers() {
    for slug in ["sql-leaderboard", "orm-django-authors"] {
        let (passed, stdout) = check_copy(slug, |_| {});
        assert!(passed, "{slug}:\n{stdout}");
    }
    let (passed, stdout) = check_copy("sql-leaderboard", |dir| {
        std::fs::remove_file(dir.join("submissions/wrong_answer/no_order.sql")).unwrap_or_else(|e| panic!("{e}"));
    });
    assert!(!passed && stdout.contains("needs a wrong answer without ORDER BY"), "{stdout}");
    let (passed, stdout) = check_copy("orm-django-authors", |dir| {
        // A wrong answer that is wrong on its value, not on its query count, does not count.
        let wrong_value = "from models import Book\n\ndef books_with_authors(since):\n    return []\n";
        write(&dir.join("submissions/query_budget/n_plus_one.py"), wrong_value);
    });
    assert!(!passed && stdout.contains("needs a submission with the N+1 pattern here"), "{stdout}");
    assert!(stdout.contains("query_budget/n_plus_one.py: must get QLE, got WA (Wrong answer)"), "{stdout}");
    let (passed, stdout) = check_copy("sql-leaderboard", |dir| {
        write(&dir.join("submissions/accepted/reference.sql"), "SELECT name, points FROM player WHERE points >= 10");
    });
    assert!(!passed && stdout.contains("row order is not fixed"), "a reference without ORDER BY:\n{stdout}");
}
