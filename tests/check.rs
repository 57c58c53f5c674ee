//! `verdict check` catches what each of its checks exists to catch. Every test copies the
//! well-formed fixture `tests/fixtures/good-pi`, breaks one thing, and expects the check to
//! fail naming the problem, the file and (where it applies) the line.

use std::path::PathBuf;
use std::process::Command;
use verdict_tests::{binary, copy_dir, workspace_root};

const SLUG: &str = "good-pi";

/// A throwaway catalogue holding one copy of the fixture.
struct Catalogue {
    root: PathBuf,
}

impl Catalogue {
    fn new(test: &str) -> Self {
        let root = std::env::temp_dir().join(format!("verdict-check-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&workspace_root().join("tests/fixtures").join(SLUG), &root.join(SLUG));
        Self { root }
    }

    fn path(&self, file: &str) -> PathBuf {
        self.root.join(SLUG).join(file)
    }

    fn write(&self, file: &str, contents: &str) {
        let path = self.path(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("creating {}: {e}", parent.display()));
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.path(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        assert!(text.contains(from), "{file} does not contain {from:?}");
        self.write(file, &text.replacen(from, to, 1));
    }

    /// Runs `verdict check`; returns (passed, stdout).
    fn check(&self) -> (bool, String) {
        let output = Command::new(binary("verdict"))
            .arg("check")
            .arg(&self.root)
            .output()
            .unwrap_or_else(|e| panic!("running verdict check: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        (output.status.success(), stdout)
    }

    fn expect_failure(&self, needles: &[&str]) {
        let (passed, stdout) = self.check();
        assert!(!passed, "verdict check passed a broken package:\n{stdout}");
        for needle in needles {
            assert!(stdout.contains(needle), "the output does not mention {needle:?}:\n{stdout}");
        }
    }
}

impl Drop for Catalogue {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

#[test]
fn the_fixture_passes() {
    let catalogue = Catalogue::new("fixture");
    let (passed, stdout) = catalogue.check();
    assert!(passed, "{stdout}");
    assert!(stdout.contains("1 problems checked, 1 passed, 0 failed, 0 errors"), "{stdout}");
}

#[test]
fn an_unknown_manifest_key_is_named_with_its_line() {
    let catalogue = Catalogue::new("unknown-key");
    catalogue.edit("problem.toml", "kind = \"function\"", "kind = \"function\"\ncolour = \"blue\"");
    catalogue.expect_failure(&["good-pi: problem.toml:6:", "colour"]);
}

#[test]
fn a_slug_that_is_not_the_folder_name_is_refused() {
    let catalogue = Catalogue::new("slug");
    catalogue.edit("problem.toml", "slug = \"good-pi\"", "slug = \"other-pi\"");
    catalogue.expect_failure(&["good-pi: problem.toml:1:", "must equal the folder name"]);
}

#[test]
fn a_missing_statement_is_named() {
    let catalogue = Catalogue::new("missing-file");
    std::fs::remove_file(catalogue.path("statement.md")).unwrap_or_else(|e| panic!("removing: {e}"));
    catalogue.expect_failure(&["good-pi: statement.md: missing"]);
}

#[test]
fn a_malformed_test_is_named_with_its_line() {
    let catalogue = Catalogue::new("bad-test");
    catalogue.edit("tests/hidden.json", "{\"args\": [4]}", "{\"argz\": [4]}");
    catalogue.expect_failure(&["good-pi: tests/hidden.json:5:", "argz"]);
}

#[test]
fn an_example_that_differs_from_its_sample_is_named_with_its_line() {
    let catalogue = Catalogue::new("example");
    catalogue.edit("statement.md", "3.1414971543976273", "3.14159");
    catalogue.expect_failure(&["good-pi: statement.md:6:", "example differs from sample test 1"]);
}

#[test]
fn a_failing_accepted_submission_is_named() {
    let catalogue = Catalogue::new("accepted");
    catalogue.write("submissions/accepted/no_sqrt.py", "def calculate_pi(n):\n    if n < 1:\n        raise ValueError\n    return 6 * sum(1 / i ** 2 for i in range(1, n))\n");
    catalogue.expect_failure(&["good-pi: submissions/accepted/no_sqrt.py:", "must get AC, got WA"]);
}

#[test]
fn a_wrong_answer_submission_that_passes_is_named() {
    let catalogue = Catalogue::new("wrong-answer");
    let reference = std::fs::read_to_string(catalogue.path("submissions/accepted/reference.py")).unwrap_or_default();
    catalogue.write("submissions/wrong_answer/actually_right.py", &reference);
    catalogue.expect_failure(&["good-pi: submissions/wrong_answer/actually_right.py:", "must get WA, got AC"]);
}

#[test]
fn a_time_limit_too_close_to_the_reference_is_refused() {
    let catalogue = Catalogue::new("time-limit");
    catalogue.edit("problem.toml", "entry = \"calculate_pi\"", "entry = \"calculate_pi\"\n\n[limits]\ntime = 0.3");
    // Burns about 0.15 s of CPU per call: within the limit, but not three times under it.
    catalogue.edit(
        "submissions/accepted/reference.py",
        "    total = 0.0\n",
        "    total = 0.0\n    import time\n    start = time.process_time()\n    while time.process_time() - start < 0.15:\n        pass\n",
    );
    catalogue.expect_failure(&["good-pi: problem.toml:", "under 3 times the slowest accepted run"]);
}

#[test]
fn a_nondeterministic_reference_is_refused() {
    let catalogue = Catalogue::new("nondeterministic");
    catalogue.edit("tests/hidden.json", "{\"args\": [5]}", "{\"args\": [5], \"expected\": 0}");
    catalogue.edit(
        "submissions/accepted/reference.py",
        "    return (total * 6) ** 0.5",
        "    import os\n    if n == 5:\n        return os.urandom(1)[0]\n    return (total * 6) ** 0.5",
    );
    catalogue.expect_failure(&["good-pi: submissions/accepted/reference.py:", "different answers on two runs"]);
}

#[test]
fn a_nondeterministic_generator_is_refused() {
    let catalogue = Catalogue::new("generator");
    catalogue.edit("problem.toml", "[checker]", "[generator]\nseed = 1\ncount = 3\n\n[checker]");
    catalogue.write(
        "generator.py",
        "import os\n\ndef generate(rng, count):\n    return [{\"args\": [2 + os.urandom(1)[0]]} for _ in range(count)]\n",
    );
    catalogue.expect_failure(&["good-pi: generator.py:", "different tests on two runs"]);
}

#[test]
fn too_few_hidden_tests_are_refused() {
    let catalogue = Catalogue::new("few-tests");
    catalogue.write("tests/hidden.json", "[{\"args\": [3]}, {\"args\": [0], \"raises\": \"ValueError\"}]");
    catalogue.expect_failure(&["good-pi: tests/hidden.json:", "2 hidden tests; at least 8 are needed"]);
}

#[test]
fn weak_hidden_tests_fail_the_mutation_check_and_name_the_survivors() {
    let catalogue = Catalogue::new("weak");
    // Large n only: mutants of the guard `n < 1` survive them. With a 90% threshold that fails.
    let weak: Vec<String> = (0..8).map(|i| format!("{{\"args\": [{}]}}", 5000 + i)).collect();
    catalogue.write("tests/hidden.json", &format!("[{}]", weak.join(", ")));
    catalogue.write("submissions/wrong_answer/one_term_more.py", "def calculate_pi(n):\n    return 0.0\n");
    catalogue.edit("problem.toml", "[checker]", "[check]\nmutation_threshold = 0.9\n\n[checker]");
    catalogue.expect_failure(&[
        "good-pi: tests/hidden.json:",
        "mutants of the reference",
        "below 90%",
        "survivors: line 2: `<`",
    ]);
}

#[test]
fn a_failing_generator_is_named() {
    let catalogue = Catalogue::new("generator-fails");
    catalogue.edit("problem.toml", "[checker]", "[generator]\nseed = 1\ncount = 2\n\n[checker]");
    catalogue.write("generator.py", "def generate(rng, count):\n    raise RuntimeError('no tests today')\n");
    catalogue.expect_failure(&["good-pi: generator.py:", "the generator failed", "no tests today"]);
}
