//! A `tests` problem's secret half: `implementation.py` and the planted bugs of
//! `[[tests.bugs]]`, and the tests they make (the suite on the implementation, then one per bug).

use crate::manifest::{Manifest, TestsSpec};
use crate::tests::{Expected, SuiteTarget, TestCase, TestInput};
use crate::{line_of, read, Errors};
use std::path::Path;

/// The correct module a `tests` problem's suites must pass on.
pub const IMPLEMENTATION_FILE: &str = "implementation.py";
/// Where planted bugs live.
pub const BUGS_FOLDER: &str = "bugs";

/// One planted bug: a whole copy of the module with a bug in it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantedBug {
    /// Relative to the problem folder (`bugs/overdraft.py`).
    pub file: String,
    pub description: String,
    pub source: String,
    pub sample: bool,
    pub weight: f64,
}

/// What a `tests` problem adds to a package.
#[derive(Debug, Clone, Default)]
pub struct Suites {
    pub implementation: Option<String>,
    pub bugs: Vec<PlantedBug>,
    pub samples: Vec<TestCase>,
    pub hidden: Vec<TestCase>,
}

/// Reads implementation.py and every planted bug, refusing a bug that is missing, unlisted, or
/// the implementation itself; and makes the tests.
pub(crate) fn load(dir: &Path, manifest: &Manifest, manifest_text: &str, errors: &mut Errors) -> Suites {
    let Some(spec) = &manifest.tests else { return Suites::default() };
    let implementation = read(dir, IMPLEMENTATION_FILE, errors);
    let bugs = load_bugs(dir, spec, manifest_text, implementation.as_deref(), errors);
    for file in ["tests/sample.json", "tests/hidden.json", crate::SCENARIOS_FILE] {
        if dir.join(file).exists() {
            errors.add(file, None, "a tests problem's tests are its planted bugs (`[[tests.bugs]]`): remove this file");
        }
    }
    let gate = TestCase {
        name: Some("your tests on the correct implementation".into()),
        weight: 0.0,
        group: None,
        input: TestInput::Suite { target: SuiteTarget::Implementation },
        expected: Expected::SuitePasses,
        line: 0,
    };
    let mut samples = vec![gate];
    let mut hidden = Vec::new();
    for bug in &bugs {
        let case = bug_case(bug);
        if bug.sample {
            samples.push(case);
        } else {
            hidden.push(case);
        }
    }
    Suites { implementation, bugs, samples, hidden }
}

fn bug_case(bug: &PlantedBug) -> TestCase {
    TestCase {
        name: Some(format!("bug: {}", bug.description)),
        weight: bug.weight,
        group: None,
        input: TestInput::Suite {
            target: SuiteTarget::Bug { file: bug.file.clone(), description: bug.description.clone() },
        },
        expected: Expected::BugCaught,
        line: 0,
    }
}

fn load_bugs(
    dir: &Path,
    spec: &TestsSpec,
    manifest_text: &str,
    implementation: Option<&str>,
    errors: &mut Errors,
) -> Vec<PlantedBug> {
    let mut bugs: Vec<PlantedBug> = Vec::new();
    for entry in &spec.bugs {
        let file = entry.file.get_ref();
        let line = Some(line_of(manifest_text, entry.file.span().start));
        let path = Path::new(file);
        if path.is_absolute() || path.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
            errors.add("problem.toml", line, format!("bug file `{file}` must be inside the problem folder"));
            continue;
        }
        if !file.starts_with(&format!("{BUGS_FOLDER}/")) || !file.ends_with(".py") {
            errors.add("problem.toml", line, format!("bug file `{file}` must be a .py file in {BUGS_FOLDER}/"));
            continue;
        }
        if bugs.iter().any(|b| b.file == *file) {
            errors.add("problem.toml", line, format!("bug file `{file}` is listed twice"));
            continue;
        }
        let source = match std::fs::read_to_string(dir.join(file)) {
            Ok(source) => source,
            Err(e) => {
                errors.add("problem.toml", line, format!("bug file `{file}` cannot be read: {e}"));
                continue;
            }
        };
        if implementation.is_some_and(|i| i.trim() == source.trim()) {
            errors.add(file.as_str(), None, "is the same as implementation.py: a planted bug must change it");
        }
        bugs.push(PlantedBug {
            file: file.clone(),
            description: entry.description.clone(),
            source,
            sample: entry.sample,
            weight: entry.weight,
        });
    }
    if let Ok(entries) = std::fs::read_dir(dir.join(BUGS_FOLDER)) {
        let mut unlisted: Vec<String> = entries
            .flatten()
            .map(|e| format!("{BUGS_FOLDER}/{}", e.file_name().to_string_lossy()))
            .filter(|f| f.ends_with(".py") && !spec.bugs.iter().any(|b| b.file.get_ref() == f))
            .collect();
        unlisted.sort();
        for file in unlisted {
            errors.add(file, None, "not listed in problem.toml's `[[tests.bugs]]`");
        }
    }
    bugs
}
