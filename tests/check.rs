//! `verdict check` catches what each of its checks exists to catch. Every test copies the
//! well-formed fixture `tests/fixtures/good-pi`, breaks one thing, and expects the check to
//! fail naming the problem, the file and (where it applies) the line.

use std::path::PathBuf;
use std::process::Command;
use verdict_tests::{binary, copy_dir, workspace_root};

const SLUG: &str = "good-pi";

/// A throwaway catalogue holding one copy of a fixture.
struct Catalogue {
    root: PathBuf,
    slug: &'static str,
}

impl Catalogue {
    fn new(test: &str) -> Self {
        Self::of(SLUG, test)
    }

    fn of(slug: &'static str, test: &str) -> Self {
        let root = std::env::temp_dir().join(format!("verdict-check-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&workspace_root().join("tests/fixtures").join(slug), &root.join(slug));
        Self { root, slug }
    }

    fn path(&self, file: &str) -> PathBuf {
        self.root.join(self.slug).join(file)
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
        self.check_with(&[])
    }

    /// Runs `verdict check` with `flags`; returns (passed, stdout).
    fn check_with(&self, flags: &[&str]) -> (bool, String) {
        let output = Command::new(binary("verdict"))
            .arg("check")
            .arg(&self.root)
            .args(flags)
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
fn timings_name_each_step_of_the_check() {
    let catalogue = Catalogue::new("timings");
    let (passed, stdout) = catalogue.check_with(&["--timings"]);
    assert!(passed, "{stdout}");
    let (_, timings) = stdout.split_once("time per step").unwrap_or_else(|| panic!("no timings:\n{stdout}"));
    for step in ["preparing tests", "checking determinism", "judging submissions", "mutation testing"] {
        assert!(timings.lines().any(|l| l.ends_with(step) && l.contains(" s ")), "no line for {step}:\n{stdout}");
    }
    assert!(!catalogue.check().1.contains("time per step"), "timings only when asked");
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
        // Eight random bytes: two runs agree by chance once in 2^64 (one byte agreed once in 256,
        // and the check then reported the wrong answer instead).
        "    import os\n    if n == 5:\n        return int.from_bytes(os.urandom(8), 'big')\n    return (total * 6) ** 0.5",
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

/// The mutants `sandbox/python/mutate.py` makes of `source`: (line, operator, description).
/// The script needs only the standard library, so the host's Python runs it here.
fn mutants_of(source: &str, entry: Option<&str>) -> Vec<(u64, String, String)> {
    mutants_for(serde_json::json!({ "source": source, "entry": entry }))
}

/// The mutants `mutate.py` makes for one request (see the top of that file).
fn mutants_for(request: serde_json::Value) -> Vec<(u64, String, String)> {
    use std::io::Write;
    let mut child = Command::new("python3")
        .arg(workspace_root().join("sandbox/python/mutate.py"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("running python3: {e}"));
    child
        .stdin
        .take()
        .map(|mut s| s.write_all(request.to_string().as_bytes()))
        .transpose()
        .unwrap_or_else(|e| panic!("{e}"));
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("mutate.py: {e}"));
    assert!(output.status.success(), "mutate.py failed: {}", String::from_utf8_lossy(&output.stderr));
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("mutant list: {e}"));
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|m| {
                    let text = |k: &str| m[k].as_str().unwrap_or_default().to_owned();
                    (m["line"].as_u64().unwrap_or(0), text("operator"), text("description"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn idiomatic_code_has_mutants_of_every_new_kind() {
    let isogram = "def is_isogram(word):\n    letters = [c.lower() for c in word if c.isalpha()]\n    return len(letters) == len(set(letters))\n";
    let found = mutants_of(isogram, Some("is_isogram"));
    assert!(found.len() >= 6, "isogram-like code has {} mutants: {found:?}", found.len());

    let idiomatic = "def tidy(words, strict=True):\n    if not words:\n        return ''\n    kept = [w.strip() for w in words[1:] if w]\n    kept.sort()\n    return ', '.join(kept) if strict else kept\n";
    let found = mutants_of(idiomatic, Some("tidy"));
    for kind in ["slice", "call", "not", "boolean-constant", "string-constant", "condition"] {
        assert!(found.iter().any(|(_, k, _)| k == kind), "no `{kind}` mutant: {found:?}");
    }
    // The dropped `kept.sort()` statement is a call mutant too.
    assert!(found.iter().any(|(_, _, d)| d.contains("statement `kept.sort()` removed")), "{found:?}");
}

#[test]
fn orm_code_has_query_mutants() {
    let django = "from models import Book\n\ndef recent(year):\n    return list(Book.objects.filter(year__gt=year, title__icontains='a').exclude(author=None).select_related('author').order_by('title'))\n";
    let found = mutants_of(django, Some("recent"));
    for description in [
        "`.filter` -> `.exclude`",
        "argument `title__icontains=` of `filter` dropped",
        "`year__gt` -> `year__gte`",
        "`.select_related(...)` removed",
        "`'title'` -> `'-title'`",
    ] {
        assert!(found.iter().any(|(_, _, d)| d == description), "no mutant {description}: {found:?}");
    }
}

#[test]
fn a_helper_the_entry_never_uses_is_not_mutated() {
    let source = "LIMIT = 3\nUNUSED = 7\n\ndef helper(x):\n    return x < LIMIT\n\ndef never_called(x):\n    return x + 1 > 2\n\ndef entry(xs):\n    return [x for x in xs if helper(x)]\n";
    let found = mutants_of(source, Some("entry"));
    let lines: Vec<u64> = found.iter().map(|(l, _, _)| *l).collect();
    assert!(lines.contains(&5), "the helper the entry calls is mutated: {found:?}");
    assert!(lines.contains(&1), "the constant the helper reads is mutated: {found:?}");
    assert!(!lines.contains(&8), "the helper nobody calls is mutated: {found:?}");
    assert!(!lines.contains(&2), "the constant nobody reads is mutated: {found:?}");
}

#[test]
fn without_an_entry_the_whole_module_is_mutated() {
    // A problem tested by scenarios only: any top-level function or class may be called, so all
    // of them are mutated, with the constants they read, but not a constant nobody reads.
    let source = "LIMIT = 3\nUNUSED = 7\n\ndef helper(x):\n    return x < LIMIT\n\nclass Box:\n    def put(self, x):\n        return x + 1 > 2\n\nprint(1 + 1)\n";
    let found = mutants_for(serde_json::json!({ "source": source, "entry": null, "module": true }));
    let lines: Vec<u64> = found.iter().map(|(l, _, _)| *l).collect();
    for (line, what) in [(1, "the constant the helper reads"), (5, "the function"), (9, "the method")] {
        assert!(lines.contains(&line), "{what} (line {line}) is not mutated: {found:?}");
    }
    assert!(!lines.contains(&2), "the constant nobody reads is mutated: {found:?}");
    assert!(!lines.contains(&11), "a module-level statement is mutated: {found:?}");
    // The same module as a program (no entry, no `module`): its top-level statements instead.
    let program = mutants_for(serde_json::json!({ "source": source, "entry": null }));
    assert!(program.iter().all(|(l, _, _)| *l != 9), "a program's unused method is mutated: {program:?}");
}

/// The `mutants` column of the check's table for the fixture.
fn mutant_column(stdout: &str) -> String {
    stdout
        .lines()
        .find(|l| l.starts_with(SLUG))
        .and_then(|l| l.split_whitespace().rev().nth(2).zip(l.split_whitespace().rev().nth(1)))
        .map(|(count, share)| format!("{count} {share}"))
        .unwrap_or_default()
}

#[test]
fn an_unreachable_helper_does_not_lower_the_score() {
    let plain = Catalogue::new("reachable-plain");
    let (passed, before) = plain.check();
    assert!(passed, "{before}");
    let catalogue = Catalogue::new("reachable");
    // Ten mutants no test can reach: counted, they would sink the score below 80%.
    catalogue.edit(
        "submissions/accepted/reference.py",
        "def calculate_pi(n):",
        "def describe(n):\n    if n > 100 and n % 2 == 0 or n < -5:\n        return 'big even ' + str(n - 1)\n    return 'small'\n\n\ndef calculate_pi(n):",
    );
    let (passed, after) = catalogue.check();
    assert!(passed, "{after}");
    assert_eq!(mutant_column(&after), mutant_column(&before), "{before}\n{after}");
}

#[test]
fn an_equivalent_mutant_is_left_out_and_reported() {
    let catalogue = Catalogue::new("equivalent");
    // Every test passes an int: `int(n)` -> `n` cannot be told apart. With a 100% threshold it
    // is the one survivor, named with its id.
    catalogue.edit(
        "submissions/accepted/reference.py",
        "def calculate_pi(n):\n",
        "def calculate_pi(n):\n    n = int(n)\n",
    );
    catalogue.edit("problem.toml", "[checker]", "[check]\nmutation_threshold = 1.0\n\n[checker]");
    let (passed, stdout) = catalogue.check();
    assert!(!passed, "{stdout}");
    let column = mutant_column(&stdout);
    let (killed, total) = column
        .split_whitespace()
        .next()
        .and_then(|c| c.split_once('/'))
        .and_then(|(k, t)| Some((k.parse::<usize>().ok()?, t.parse::<usize>().ok()?)))
        .unwrap_or_else(|| panic!("no mutant count in:\n{stdout}"));
    assert_eq!(killed + 1, total, "{stdout}");
    let id = stdout
        .split("`int(...)` -> its argument [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap_or_else(|| panic!("no survivor id in:\n{stdout}"))
        .to_owned();
    catalogue.edit(
        "problem.toml",
        "[checker]",
        &format!("[[check.equivalent_mutants]]\nid = \"{id}\"\nreason = \"every test passes an int\"\n\n[checker]"),
    );
    let (passed, stdout) = catalogue.check();
    assert!(passed, "{stdout}");
    assert!(
        stdout.contains(&format!(
            "good-pi: equivalent {id} (line 2: `int(...)` -> its argument): every test passes an int"
        )),
        "{stdout}"
    );
    assert_eq!(mutant_column(&stdout), format!("{killed}/{killed} 100%"), "the equivalent mutant is still scored");
}

#[test]
fn an_unknown_equivalent_mutant_is_named_with_its_line() {
    let catalogue = Catalogue::new("unknown-equivalent");
    catalogue.edit(
        "problem.toml",
        "[checker]",
        "[[check.equivalent_mutants]]\nid = \"compare-00000000\"\nreason = \"made up\"\n\n[checker]",
    );
    let text = std::fs::read_to_string(catalogue.path("problem.toml")).unwrap_or_default();
    let line = text.lines().position(|l| l.contains("compare-00000000")).map_or(0, |i| i + 1);
    catalogue.expect_failure(&[
        &format!("good-pi: problem.toml:{line}:"),
        "equivalent mutant `compare-00000000` is no mutant of the reference",
    ]);
}

#[test]
fn weak_sql_tests_fail_the_mutation_check() {
    let catalogue = Catalogue::of("sql-leaderboard", "weak-sql");
    // One high scorer per dataset: a dropped WHERE, `>=` -> `>`, 10 -> 9 or 11 and the order
    // all survive.
    let mut hidden = Vec::new();
    for (i, name) in ["Ann", "Bob", "Cid", "Dee", "Eve"].iter().enumerate() {
        catalogue.write(
            &format!("datasets/solo{i}.json"),
            &format!("{{\"player\": {{\"columns\": [\"id\", \"name\", \"team\", \"points\"], \"rows\": [[1, \"{name}\", \"red\", 50]]}}}}"),
        );
        hidden.push(format!("{{\"dataset\": \"solo{i}\"}}"));
    }
    catalogue.write("tests/hidden.json", &format!("[{}]", hidden.join(", ")));
    for unused in ["ties", "already_sorted", "empty", "nobody", "boundary"] {
        let _ = std::fs::remove_file(catalogue.path(&format!("datasets/{unused}.json")));
    }
    catalogue.expect_failure(&[
        "sql-leaderboard: tests/hidden.json:",
        "mutants of the reference",
        "below 80%",
        "WHERE `points >= 10` dropped",
    ]);
}

#[test]
fn an_equivalent_mutant_needs_a_reason_and_one_entry() {
    let catalogue = Catalogue::new("equivalent-reason");
    catalogue.edit(
        "problem.toml",
        "[checker]",
        "[[check.equivalent_mutants]]\nid = \"compare-00000001\"\nreason = \" \"\n\n[[check.equivalent_mutants]]\nid = \"compare-00000001\"\nreason = \"twice\"\n\n[checker]",
    );
    let text = std::fs::read_to_string(catalogue.path("problem.toml")).unwrap_or_default();
    let lines: Vec<usize> =
        text.lines().enumerate().filter(|(_, l)| l.contains("compare-00000001")).map(|(i, _)| i + 1).collect();
    catalogue.expect_failure(&[
        &format!("good-pi: problem.toml:{}: equivalent mutant `compare-00000001` needs a reason", lines[0]),
        &format!("good-pi: problem.toml:{}: equivalent mutant `compare-00000001` is listed twice", lines[1]),
    ]);
}

// ---- learning aids and tracks (issue 22): hints.md, writeup.md, related, tracks.toml ----------

const HINTS: &str = "# Hints\n\n## A nudge\n\nSum the series.\n\n## Nearly\n\nUse `range(1, n)`.\n";
const WRITEUP: &str = "# Approach\n\nAdd the terms.\n\n- **Time:** O(n)\n- **Space:** O(1)\n";

#[test]
fn good_hints_a_writeup_and_a_track_pass() {
    let catalogue = Catalogue::new("aids-good");
    catalogue.write("hints.md", HINTS);
    catalogue.write("writeup.md", WRITEUP);
    catalogue.write(
        "../tracks.toml",
        "[[tracks]]\nslug = \"t\"\ntitle = \"T\"\nsteps = [{ title = \"Day 1\", problems = [\"good-pi\"] }]\n",
    );
    let (passed, stdout) = catalogue.check();
    assert!(passed, "{stdout}");
}

#[test]
fn an_empty_hint_is_named_with_its_line() {
    let catalogue = Catalogue::new("aids-empty-hint");
    catalogue.write("hints.md", &HINTS.replace("Use `range(1, n)`.\n", ""));
    catalogue.expect_failure(&["good-pi: hints.md:7:", "hint `Nearly` is empty"]);
}

#[test]
fn too_many_hints_and_text_before_the_first_are_refused() {
    let catalogue = Catalogue::new("aids-many-hints");
    let many: String = (1..=6).map(|i| format!("## Hint {i}\n\nMore.\n\n")).collect();
    catalogue.write("hints.md", &format!("Stray text.\n{many}"));
    catalogue.expect_failure(&[
        "good-pi: hints.md:1: text before the first hint",
        "good-pi: hints.md:22: 6 hints: at most 5",
    ]);
}

#[test]
fn a_writeup_without_its_complexity_is_refused() {
    let catalogue = Catalogue::new("aids-no-complexity");
    catalogue.write("writeup.md", &WRITEUP.replace("- **Space:** O(1)\n", ""));
    catalogue.expect_failure(&["good-pi: writeup.md:", "needs its complexity: a line `Space: O(...)`"]);
}

#[test]
fn an_unknown_related_problem_is_named_with_its_line() {
    let catalogue = Catalogue::new("aids-related");
    catalogue.edit("problem.toml", "entry = \"calculate_pi\"", "entry = \"calculate_pi\"\nrelated = [\"nope\"]");
    catalogue.expect_failure(&["good-pi: problem.toml:7: related problem `nope` is not in the catalogue"]);
}

#[test]
fn a_problem_related_to_itself_is_refused() {
    let catalogue = Catalogue::new("aids-related-self");
    catalogue.edit("problem.toml", "entry = \"calculate_pi\"", "entry = \"calculate_pi\"\nrelated = [\"good-pi\"]");
    catalogue.expect_failure(&["good-pi: problem.toml:7: `good-pi` is this problem"]);
}

#[test]
fn a_track_with_an_unknown_or_repeated_problem_is_named_with_its_line() {
    let catalogue = Catalogue::new("aids-tracks");
    catalogue.write(
        "../tracks.toml",
        "[[tracks]]\nslug = \"t\"\ntitle = \"T\"\nsteps = [\n  { title = \"Day 1\", problems = [\"good-pi\"] },\n  \
         { title = \"Day 2\", problems = [\"good-pi\", \"nope\"] },\n]\n",
    );
    catalogue.expect_failure(&[
        "catalogue: tracks.toml:6: track `t` lists `good-pi` twice",
        "catalogue: tracks.toml:6: track `t`: no problem `nope` in the catalogue",
    ]);
    // Checking one problem still checks the catalogue's own file.
    let (passed, stdout) = catalogue.check_with(&["--only", "good-pi"]);
    assert!(!passed && stdout.contains("catalogue: tracks.toml:6:"), "{stdout}");
}
