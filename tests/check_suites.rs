//! `verdict check` on `tests` problems: one catalogue of copies of the fixture
//! `tests/fixtures/suite-account`, each but the first broken in one way, checked in one run (one
//! fork server): a bug the reference suite does not catch is named with its file, a mutant it
//! does not catch with what to do, a reference suite failing on the implementation is named,
//! and package errors (an unlisted bug file, a bug that is the implementation itself, a listed
//! file that is missing) come with file and line; a bug that hangs (caught at the time limit)
//! does not count against the time limit rule. Each copy's errors are its own.

use std::path::Path;
use verdict_tests::{binary, copy_dir, workspace_root};

fn copy(root: &Path, slug: &str) -> std::path::PathBuf {
    let dir = root.join(slug);
    copy_dir(&workspace_root().join("tests/fixtures/suite-account"), &dir);
    edit(&dir, "problem.toml", "slug = \"suite-account\"", &format!("slug = \"{slug}\""));
    dir
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

fn write(dir: &Path, file: &str, contents: &str) {
    std::fs::write(dir.join(file), contents).unwrap_or_else(|e| panic!("writing {file}: {e}"));
}

/// The lines of `verdict check`'s output about one problem.
fn lines_of<'a>(stdout: &'a str, slug: &str) -> Vec<&'a str> {
    stdout.lines().filter(|l| l.starts_with(&format!("{slug}: ")) || l.contains(&format!(" {slug}: "))).collect()
}

#[test]
fn verdict_check_names_what_is_wrong_with_each_tests_problem() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    copy(root.path(), "suite-account");

    // The only test of a negative deposit goes.
    let missed_bug = copy(root.path(), "suite-missed-bug");
    edit(
        &missed_bug,
        "submissions/accepted/reference.py",
        "@pytest.mark.parametrize(\"amount\", [0, -1])\ndef test_deposit_refuses_non_positive_amounts(amount):",
        "@pytest.mark.skip\ndef test_deposit_refuses_non_positive_amounts(amount=0):",
    );

    // Without the boundary test (withdrawing the whole balance) `>` may become `>=` unseen.
    let missed_mutant = copy(root.path(), "suite-missed-mutant");
    edit(&missed_mutant, "problem.toml", "mutants = 2", "mutants = 6");
    edit(&missed_mutant, "submissions/accepted/reference.py", "    assert account.withdraw(6) == 0\n", "");

    let failing = copy(root.path(), "suite-failing-reference");
    edit(
        &failing,
        "submissions/accepted/reference.py",
        "assert account.deposit(3) == 8",
        "assert account.deposit(3) == 9",
    );

    // A bug that makes withdraw hang is caught at the time limit: that run's time is the bug's,
    // not the accepted suite's, so the time limit rule passes it.
    let hanging = copy(root.path(), "suite-hanging-bug");
    edit(
        &hanging,
        "bugs/overdraft.py",
        "        if amount > self.balance + 1:\n",
        "        while amount > self.balance:\n            pass\n        if amount > self.balance:\n",
    );

    let package = copy(root.path(), "suite-package");
    write(&package, "bugs/unlisted.py", "class Account:\n    pass\n");
    let implementation = std::fs::read_to_string(package.join("implementation.py")).unwrap_or_default();
    write(&package, "bugs/wrong-message.py", &implementation);
    edit(&package, "problem.toml", "file = \"bugs/overdraft.py\"", "file = \"bugs/gone.py\"");

    let output = std::process::Command::new(binary("verdict"))
        .arg("check")
        .arg(root.path())
        .output()
        .unwrap_or_else(|e| panic!("running verdict check: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(!output.status.success(), "{stdout}");
    let expect = |slug: &str, needles: &[&str]| {
        let lines = lines_of(&stdout, slug).join("\n");
        for needle in needles {
            assert!(lines.contains(needle), "{slug}: no line mentions {needle:?}:\n{lines}\n\nall:\n{stdout}");
        }
    };
    assert!(lines_of(&stdout, "suite-account").iter().all(|l| !l.contains("error")), "{stdout}");
    for intact in ["suite-account", "suite-hanging-bug"] {
        let row = stdout.lines().find(|l| l.starts_with(&format!("{intact} ")));
        assert!(row.is_some_and(|l| l.ends_with(" ok")), "{intact} passes:\n{stdout}");
    }
    expect("suite-missed-bug", &["bugs/negative-deposit.py", "the reference suite does not catch this bug"]);
    expect("suite-missed-mutant", &["survives the reference suite", "[[check.equivalent_mutants]]"]);
    expect(
        "suite-failing-reference",
        &["the reference suite must pass on implementation.py", "test_deposit_adds_and_returns_the_balance"],
    );
    expect(
        "suite-package",
        &[
            "bugs/unlisted.py: not listed in problem.toml's `[[tests.bugs]]`",
            "bugs/wrong-message.py: is the same as implementation.py",
            "problem.toml:15: bug file `bugs/gone.py` cannot be read",
        ],
    );
}
