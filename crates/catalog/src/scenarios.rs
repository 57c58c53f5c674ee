//! `tests/scenarios.py`, read statically (no box, no Python): every top-level
//! `def test_<name>(` is one scenario, in file order, with the decorators directly above it
//! (`@sample`, `@weight(<number>)`, `@group("<text>")`). Running the scenarios is the judge's
//! business; the in-box listing must agree with this one (`verdict check` holds it to that).

use crate::tests::{Expected, TestCase, TestError, TestInput};

/// The file, relative to the problem folder.
pub const SCENARIOS_FILE: &str = "tests/scenarios.py";

/// One scenario as the file declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    /// The line its source starts on: its first decorator, or its `def` (Python's
    /// `co_firstlineno`).
    pub line: usize,
    /// From its first decorator to its last line that is not blank or a comment.
    pub source: String,
    pub sample: bool,
    pub weight: f64,
    pub group: Option<String>,
}

impl Scenario {
    /// The scenario as a test, its expected observations left to the reference.
    pub fn into_case(self) -> TestCase {
        TestCase {
            name: Some(self.name.clone()),
            weight: self.weight,
            group: self.group,
            input: TestInput::Scenario { name: self.name, source: self.source },
            expected: Expected::FromReference,
            line: self.line,
        }
    }
}

/// The scenarios file as the run of scenario `keep` gets it: every other scenario's lines
/// (decorators to last line) blank, so that the box never holds the source of a hidden scenario
/// it is not running. Line numbers are kept, and so is everything else (imports, helpers).
pub fn file_for_run<'a>(text: &str, cases: impl IntoIterator<Item = &'a TestCase>, keep: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    for case in cases {
        let TestInput::Scenario { name, source } = &case.input else { continue };
        if name == keep {
            continue;
        }
        let mut start = case.line.saturating_sub(1).min(lines.len());
        let end = (start + source.lines().count()).min(lines.len());
        // A decorator Python applies but this parse did not attach (one separated from its
        // `def` by a comment) goes with the scenario: left alone it would decorate nothing.
        while start > 0 && (lines[start - 1].starts_with('@') || is_blank_or_comment(lines[start - 1])) {
            start -= 1;
        }
        for line in &mut lines[start..end] {
            *line = "";
        }
    }
    let mut file = lines.join("\n");
    file.push('\n');
    file
}

/// A line at column 0 that is code: it ends the scenario above it.
fn starts_top_level(line: &str) -> bool {
    line.chars().next().is_some_and(|c| !c.is_whitespace() && c != '#')
}

fn is_blank_or_comment(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// The scenario's name when `line` is a top-level `def test_<name>(`.
fn scenario_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("def ")?.trim_start();
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    let (name, after) = rest.split_at(end);
    (name.starts_with("test_") && after.trim_start().starts_with('(')).then_some(name)
}

/// What one decorator line sets.
enum Decorator {
    Sample,
    Weight(f64),
    Group(String),
}

fn parse_decorator(line: &str) -> Result<Decorator, String> {
    // A trailing comment is allowed; a `#` inside a group's name is not read as one.
    let text = line.trim_end();
    let call = |name: &str| text.strip_prefix(name).and_then(|r| r.trim_start().strip_prefix('('));
    let unknown = || {
        format!(
            "unknown decorator `{}`: a scenario takes @sample, @weight(<number>) and @group(\"<name>\") only",
            text.trim()
        )
    };
    let without_comment = |rest: &str| rest.split('#').next().unwrap_or_default().trim().to_owned();
    if without_comment(text) == "@sample" {
        return Ok(Decorator::Sample);
    }
    if let Some(rest) = call("@weight") {
        let rest = without_comment(rest);
        let number = rest.strip_suffix(')').ok_or_else(unknown)?.trim();
        return match number.parse::<f64>() {
            Ok(weight) if weight.is_finite() && weight > 0.0 => Ok(Decorator::Weight(weight)),
            _ => Err(format!("@weight takes a positive number, not `{number}`")),
        };
    }
    if let Some(rest) = call("@group") {
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'').ok_or_else(unknown)?;
        let body = &rest[1..];
        let end = body.find(quote).ok_or_else(unknown)?;
        let (name, after) = body.split_at(end);
        if without_comment(&after[1..]) != ")" || name.contains('\\') {
            return Err(format!("@group takes a plain quoted name, as in @group(\"edge cases\"): `{}`", text.trim()));
        }
        if name.trim().is_empty() {
            return Err("@group needs a non-empty name".into());
        }
        return Ok(Decorator::Group(name.to_owned()));
    }
    Err(unknown())
}

/// Parses tests/scenarios.py. Every problem is reported with its line.
pub fn parse_scenarios(source: &str) -> Result<Vec<Scenario>, Vec<TestError>> {
    let lines: Vec<&str> = source.lines().collect();
    let mut scenarios: Vec<Scenario> = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(name) = scenario_name(line) else { continue };
        let mut first = index;
        while first > 0 && lines[first - 1].starts_with('@') {
            first -= 1;
        }
        let mut sample = false;
        let mut weight = None;
        let mut group = None;
        for (offset, decorator) in lines[first..index].iter().enumerate() {
            let at = first + offset + 1;
            let mut error = |message: String| errors.push(TestError { line: at, message });
            match parse_decorator(decorator) {
                Ok(Decorator::Sample) if sample => error("@sample is given twice".into()),
                Ok(Decorator::Sample) => sample = true,
                Ok(Decorator::Weight(_)) if weight.is_some() => error("@weight is given twice".into()),
                Ok(Decorator::Weight(value)) => weight = Some(value),
                Ok(Decorator::Group(_)) if group.is_some() => error("@group is given twice".into()),
                Ok(Decorator::Group(name)) => group = Some(name),
                Err(message) => error(message),
            }
        }
        let end = lines[index + 1..].iter().position(|l| starts_top_level(l)).map_or(lines.len(), |p| index + 1 + p);
        let last = (first..end).rev().find(|&i| !is_blank_or_comment(lines[i])).unwrap_or(index);
        let source: String = lines[first..=last].iter().map(|l| format!("{l}\n")).collect();
        if let Some(other) = scenarios.iter().find(|s| s.name == name) {
            errors.push(TestError {
                line: index + 1,
                message: format!("scenario `{name}` is defined twice (first on line {})", other.line),
            });
            continue;
        }
        scenarios.push(Scenario {
            name: name.to_owned(),
            line: first + 1,
            source,
            sample,
            weight: weight.unwrap_or(1.0),
            group,
        });
    }
    if scenarios.is_empty() && errors.is_empty() {
        errors.push(TestError {
            line: 1,
            message: "no scenario: each is a top-level `def test_<name>(solution, check):`".into(),
        });
    }
    if errors.is_empty() {
        Ok(scenarios)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
from verdict import sample, weight, group

def helper(x):
    return x


@sample
def test_push_then_pop(solution, check):
    stack = solution.Stack()
    stack.push(1)

    check(stack.pop())
    # a comment inside


# a comment between scenarios
@weight(2.5)
@group(\"empty\")  # the empty stack
def test_pop_empty(solution, check):
    with check.raises():
        solution.Stack().pop()

def test_hidden(solution, check):
    check(1)
x = 1
";

    #[test]
    fn scenarios_come_in_file_order_with_their_decorators_and_lines() {
        let scenarios = parse_scenarios(FILE).unwrap_or_else(|e| panic!("{e:?}"));
        let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["test_push_then_pop", "test_pop_empty", "test_hidden"]);
        assert_eq!(scenarios.iter().map(|s| s.line).collect::<Vec<_>>(), [7, 17, 23]);
        assert_eq!(scenarios.iter().map(|s| s.sample).collect::<Vec<_>>(), [true, false, false]);
        assert_eq!(scenarios.iter().map(|s| s.weight).collect::<Vec<_>>(), [1.0, 2.5, 1.0]);
        assert_eq!(scenarios[1].group.as_deref(), Some("empty"));
        assert_eq!(scenarios[0].group, None);
    }

    #[test]
    fn a_scenarios_source_runs_from_its_first_decorator_to_its_last_line_of_code() {
        let scenarios = parse_scenarios(FILE).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            scenarios[0].source,
            "@sample\ndef test_push_then_pop(solution, check):\n    stack = solution.Stack()\n    stack.push(1)\n\n    \
             check(stack.pop())\n"
        );
        assert!(scenarios[1].source.starts_with("@weight(2.5)\n@group(\"empty\")"), "{}", scenarios[1].source);
        assert!(scenarios[1].source.ends_with("        solution.Stack().pop()\n"), "{}", scenarios[1].source);
        assert_eq!(scenarios[2].source, "def test_hidden(solution, check):\n    check(1)\n");
    }

    #[test]
    fn an_unknown_or_malformed_decorator_is_an_error_at_its_line() {
        let source = "@sample\n@pytest.mark.slow\ndef test_a(solution, check):\n    pass\n\n@weight(0)\ndef test_b(s, c):\n    pass\n\n@group(name)\ndef test_c(s, c):\n    pass\n";
        let errors = parse_scenarios(source).expect_err("three bad decorators");
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 6, 10]);
        assert!(errors[0].message.contains("unknown decorator `@pytest.mark.slow`"), "{errors:?}");
        assert!(errors[1].message.contains("positive number"), "{errors:?}");
    }

    #[test]
    fn single_quoted_groups_and_a_decorator_given_twice() {
        let ok = parse_scenarios("@group('a b')\ndef test_a(s, c):\n    pass\n").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ok[0].group.as_deref(), Some("a b"));
        let twice = parse_scenarios("@sample\n@sample\ndef test_a(s, c):\n    pass\n").expect_err("twice");
        assert_eq!(twice[0].line, 2);
    }

    #[test]
    fn a_name_defined_twice_or_a_file_without_scenarios_is_an_error() {
        let errors =
            parse_scenarios("def test_a(s, c):\n    pass\n\ndef test_a(s, c):\n    pass\n").expect_err("duplicate");
        assert_eq!(errors[0].line, 4);
        assert!(errors[0].message.contains("`test_a` is defined twice (first on line 1)"), "{errors:?}");
        let none = parse_scenarios("def helper():\n    pass\n    def test_nested(s, c):\n        pass\n")
            .expect_err("nothing at column 0");
        assert!(none[0].message.contains("no scenario"), "{none:?}");
    }

    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
        for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())).flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
            }
        }
    }

    fn remove_copy(dir: &std::path::Path) {
        if let Some(parent) = dir.parent() {
            let _ = std::fs::remove_dir_all(parent);
        }
    }

    /// A copy of the fixture problem `scenario-stack`, changed by `change`.
    fn fixture_copy(name: &str, change: impl FnOnce(&std::path::Path)) -> std::path::PathBuf {
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/scenario-stack");
        let to = std::env::temp_dir().join(format!("verdict-catalog-{}-{name}/scenario-stack", std::process::id()));
        let _ = std::fs::remove_dir_all(&to);
        copy_dir(&from, &to);
        change(&to);
        to
    }

    #[test]
    fn a_problem_tested_by_scenarios_only_needs_no_entry_and_takes_no_custom_input() {
        let dir = fixture_copy("only", |_| {});
        let problem = crate::load_problem(&dir).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(problem.manifest.entry, None);
        assert_eq!(problem.samples.len(), 1);
        assert_eq!(problem.hidden.len(), 4);
        assert!(problem.scenarios.as_deref().is_some_and(|s| s.contains("def test_pop_empty_raises")));
        let refused = problem.parse_input(&serde_json::json!({"args": [1]})).expect_err("no entry to call");
        assert!(refused.contains("scenarios only"), "{refused}");
        remove_copy(&dir);
    }

    #[test]
    fn json_tests_beside_scenarios_need_an_entry_and_a_bad_decorator_is_located() {
        let dir = fixture_copy("json", |dir| {
            std::fs::write(dir.join("tests/hidden.json"), r#"[{"args": [1]}]"#).unwrap_or_else(|e| panic!("{e}"));
        });
        let errors = crate::load_problem(&dir).expect_err("no entry");
        assert!(
            errors.iter().any(|e| e.file == std::path::Path::new("problem.toml") && e.message.contains("`entry`")),
            "{errors:?}"
        );
        remove_copy(&dir);
        let dir = fixture_copy("decorator", |dir| {
            let path = dir.join(SCENARIOS_FILE);
            let text = std::fs::read_to_string(&path).unwrap_or_default().replace("@weight(2)", "@slow");
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        });
        let errors = crate::load_problem(&dir).expect_err("unknown decorator");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0].starts_with("scenario-stack: tests/scenarios.py:17: unknown decorator `@slow`"), "{shown:?}");
        remove_copy(&dir);
    }

    #[test]
    fn a_runs_file_blanks_every_other_scenario_and_keeps_the_lines() {
        let cases: Vec<TestCase> =
            parse_scenarios(FILE).unwrap_or_else(|e| panic!("{e:?}")).into_iter().map(Scenario::into_case).collect();
        let file = file_for_run(FILE, &cases, "test_pop_empty");
        assert_eq!(file.lines().count(), FILE.lines().count());
        assert!(file.contains("def helper(x):") && file.contains("x = 1"), "{file}");
        assert!(file.contains("@weight(2.5)\n@group(\"empty\")") && file.contains("def test_pop_empty("), "{file}");
        assert!(!file.contains("test_push_then_pop") && !file.contains("@sample"), "{file}");
        assert!(!file.contains("test_hidden") && !file.contains("check(1)"), "{file}");
        let kept = parse_scenarios(&file).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((kept.len(), kept[0].line), (1, 17));
    }

    #[test]
    fn a_decorator_parted_from_its_def_by_a_comment_is_blanked_with_its_scenario() {
        let source = "@weight(2)\n# drains\ndef test_a(solution, check):\n    check(1)\n\n@sample\ndef test_b(solution, check):\n    check(2)\n";
        let cases: Vec<TestCase> =
            parse_scenarios(source).unwrap_or_else(|e| panic!("{e:?}")).into_iter().map(Scenario::into_case).collect();
        let file = file_for_run(source, &cases, "test_b");
        assert!(!file.contains("@weight") && !file.contains("test_a"), "{file}");
        assert!(file.contains("@sample\ndef test_b("), "{file}");
        assert_eq!(file.lines().count(), source.lines().count());
    }

    #[test]
    fn a_scenario_becomes_a_test_with_its_name_source_weight_and_group() {
        let scenarios = parse_scenarios(FILE).unwrap_or_else(|e| panic!("{e:?}"));
        let case = scenarios[1].clone().into_case();
        assert_eq!(case.weight, 2.5);
        assert_eq!(case.group.as_deref(), Some("empty"));
        assert_eq!(case.line, 17);
        assert!(matches!(&case.input, TestInput::Scenario { name, .. } if name == "test_pop_empty"));
        assert_eq!(case.expected, Expected::FromReference);
    }
}
