//! Problem packages: load a problem folder or a whole catalogue, and say precisely what is
//! wrong with it (problem, file, line).
//!
//! This crate only reads files. It must never run code: submissions, generators and checkers
//! are loaded as text for the judge, which runs them in the sandbox.

pub mod aids;
mod custom_input;
mod datasets;
pub mod frames;
pub mod literals;
pub mod manifest;
pub mod names;
pub mod observation;
pub mod repr;
pub mod scenarios;
pub mod signature;
pub mod sql;
pub mod statement;
pub mod suites;
pub mod tests;
pub mod tracks;
pub mod web;

pub use aids::{Hint, Writeup};
pub use frames::{Dtypes, PandasSpec};
pub use literals::FieldError;
pub use manifest::{
    BugSpec, CheckerName, CheckerSpec, DebugSpec, Difficulty, EquivalentMutant, Kind, Manifest, OrmFramework, OrmSpec,
    SqlDialect, SqlSpec, TestsSpec,
};
pub use observation::{Observation, ObservationChecker, Observed, RaisedException};
pub use repr::python_repr;
pub use scenarios::{Scenario, SCENARIOS_FILE};
pub use suites::{PlantedBug, IMPLEMENTATION_FILE};
pub use tests::{Expected, SuiteTarget, TestCase, TestInput};
pub use tracks::{Step, Track, CATALOGUE, TRACKS_FILE};
pub use web::{Exchange, WebFramework, WebSpec};

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// A problem package, loaded and checked for shape.
#[derive(Debug, Clone)]
pub struct Problem {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub statement: String,
    pub starter: String,
    pub samples: Vec<TestCase>,
    pub hidden: Vec<TestCase>,
    /// generator.py, when `[generator]` is set.
    pub generator: Option<String>,
    /// checker.py, when the checker is `custom`.
    pub checker: Option<String>,
    /// tests/scenarios.py (`function` and `web` problems), whose scenarios are among the tests.
    pub scenarios: Option<String>,
    pub submissions: Vec<Submission>,
    /// schema.sql (`sql` problems): the tables every dataset fills.
    pub schema: Option<String>,
    /// datasets/*.json (`sql` and `orm` problems), by name: the fixtures tests run on.
    pub datasets: BTreeMap<String, Value>,
    /// implementation.py (`tests` problems): the module a suite must pass on. Never shown.
    pub implementation: Option<String>,
    /// The planted bugs a suite must catch (`tests` problems), in the manifest's order.
    pub bugs: Vec<PlantedBug>,
    /// hints.md, in the order they are revealed (practice only).
    pub hints: Vec<Hint>,
    /// writeup.md (practice only, once solved or asked for after trying).
    pub writeup: Option<Writeup>,
}

impl Problem {
    pub fn slug(&self) -> &str {
        &self.manifest.slug
    }

    /// Whether the generator makes per-candidate variants (`[generator] variants = true`).
    pub fn has_variants(&self) -> bool {
        self.manifest.generator.as_ref().is_some_and(|g| g.variants)
    }

    /// The problem as the variant of `seed`: its generator run with that seed instead of the
    /// package's. Only the generated tests change; None when it makes no variants.
    pub fn variant(&self, seed: u64) -> Option<Problem> {
        if !self.has_variants() {
            return None;
        }
        let mut variant = self.clone();
        if let Some(generator) = variant.manifest.generator.as_mut() {
            generator.seed = seed;
        }
        Some(variant)
    }

    /// The reference solution (`submissions/accepted/reference.py`, or `.sql`).
    pub fn reference(&self) -> Option<&Submission> {
        let path = reference_path(self.manifest.kind);
        self.submissions.iter().find(|s| s.path == Path::new(&path))
    }
}

/// Where a problem of this kind keeps its reference solution.
pub fn reference_path(kind: Kind) -> String {
    format!("submissions/accepted/reference.{}", kind.extension())
}

/// A program in `submissions/<verdict>/`, with the verdict it must get.
#[derive(Debug, Clone)]
pub struct Submission {
    pub expected: ExpectedVerdict,
    /// Relative to the problem folder.
    pub path: PathBuf,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExpectedVerdict {
    Accepted,
    WrongAnswer,
    TimeLimit,
    RuntimeError,
    MemoryLimit,
    /// An ORM answer with the right value and more queries than the budget (the N+1 pattern).
    QueryBudget,
}

impl ExpectedVerdict {
    pub const ALL: [ExpectedVerdict; 6] = [
        ExpectedVerdict::Accepted,
        ExpectedVerdict::WrongAnswer,
        ExpectedVerdict::TimeLimit,
        ExpectedVerdict::RuntimeError,
        ExpectedVerdict::MemoryLimit,
        ExpectedVerdict::QueryBudget,
    ];

    pub fn folder(self) -> &'static str {
        match self {
            ExpectedVerdict::Accepted => "accepted",
            ExpectedVerdict::WrongAnswer => "wrong_answer",
            ExpectedVerdict::TimeLimit => "time_limit",
            ExpectedVerdict::RuntimeError => "runtime_error",
            ExpectedVerdict::MemoryLimit => "memory_limit",
            ExpectedVerdict::QueryBudget => "query_budget",
        }
    }
}

/// Something wrong with a package, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageError {
    /// The problem's folder name.
    pub problem: String,
    /// The file concerned, relative to the problem folder.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.problem, self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PackageError {}

struct Errors {
    problem: String,
    list: Vec<PackageError>,
}

impl Errors {
    fn add(&mut self, file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) {
        self.list.push(PackageError {
            problem: self.problem.clone(),
            file: file.into(),
            line,
            message: message.into(),
        });
    }
}

fn read(dir: &Path, file: &str, errors: &mut Errors) -> Option<String> {
    match std::fs::read_to_string(dir.join(file)) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            errors.add(file, None, "missing");
            None
        }
        Err(e) => {
            errors.add(file, None, format!("cannot be read: {e}"));
            None
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(1, |before| before.matches('\n').count() + 1)
}

/// The line where `key` (its last dotted part) is set in a TOML text, or where the table `key`
/// opens, for semantic errors.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let last = key.rsplit('.').next().unwrap_or(key);
    let table = format!("[{key}]");
    text.lines().position(|l| (l.trim_start().starts_with(last) && l.contains('=')) || l.trim() == table).map(|i| i + 1)
}

/// Sets the line of each `[[check.equivalent_mutants]]` entry and refuses an entry without a
/// reason or repeating another's id. (Whether an id names a real mutant only `verdict check`
/// can tell, by making the mutants.)
fn locate_equivalent_mutants(manifest: &mut Manifest, text: &str, errors: &mut Errors) {
    let mut seen: Vec<&str> = Vec::new();
    for entry in &mut manifest.check.equivalent_mutants {
        entry.line = line_of(text, entry.id.span().start);
    }
    for entry in &manifest.check.equivalent_mutants {
        let id = entry.id.get_ref().as_str();
        if entry.reason.trim().is_empty() {
            errors.add("problem.toml", Some(entry.line), format!("equivalent mutant `{id}` needs a reason"));
        }
        if seen.contains(&id) {
            errors.add("problem.toml", Some(entry.line), format!("equivalent mutant `{id}` is listed twice"));
        }
        seen.push(id);
    }
}

/// Loads one problem folder. Every problem found is reported, not just the first.
pub fn load_problem(dir: &Path) -> Result<Problem, Vec<PackageError>> {
    let folder = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    let mut errors = Errors { problem: folder.clone(), list: Vec::new() };
    let manifest_text = read(dir, "problem.toml", &mut errors);
    let manifest = manifest_text.as_deref().and_then(|text| match toml::from_str::<Manifest>(text) {
        Ok(mut m) => {
            for (key, message) in manifest::validate(&m, &folder) {
                errors.add("problem.toml", line_of_key(text, &key), message);
            }
            locate_equivalent_mutants(&mut m, text, &mut errors);
            Some(m)
        }
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start));
            errors.add("problem.toml", line, e.message().trim().to_owned());
            None
        }
    });
    let kind = manifest.as_ref().map_or(Kind::Function, |m| m.kind);
    let statement = read(dir, "statement.md", &mut errors);
    let starter = read(dir, &format!("starter.{}", kind.extension()), &mut errors);
    let other_starter = if kind == Kind::Sql { "starter.py" } else { "starter.sql" };
    if dir.join(other_starter).exists() {
        errors.add(
            other_starter,
            None,
            format!("a {} problem's starter is starter.{}", kind.as_str(), kind.extension()),
        );
    }
    let schema = match kind {
        Kind::Sql => read(dir, "schema.sql", &mut errors),
        _ => {
            if dir.join("schema.sql").exists() {
                errors.add(
                    "schema.sql",
                    None,
                    "only sql problems have a schema.sql (orm problems name a shared schema)",
                );
            }
            None
        }
    };
    let uses_datasets = manifest.as_ref().is_some_and(Manifest::uses_datasets);
    let postgres = manifest.as_ref().and_then(|m| m.sql.as_ref()).is_some_and(|s| s.dialect == SqlDialect::Postgres);
    let datasets = datasets::load_datasets(dir, kind, uses_datasets, postgres, &mut errors);

    let load_tests = |file: &str, kind: Kind, errors: &mut Errors| -> Vec<TestCase> {
        let Some(text) = read(dir, file, errors) else { return Vec::new() };
        match tests::parse_tests(&text, kind) {
            Ok(tests) => tests,
            Err(list) => {
                for e in list {
                    errors.add(file, Some(e.line), e.message);
                }
                Vec::new()
            }
        }
    };
    let scenarios = load_scenarios(dir, kind, &mut errors);
    let suites = match (&manifest, &manifest_text) {
        (Some(m), Some(text)) if kind == Kind::Tests => suites::load(dir, m, text, &mut errors),
        _ => suites::Suites::default(),
    };
    // With scenarios the JSON tests are optional; without, both files are required. A tests
    // problem's tests are its bugs.
    let json_file = |file: &str| kind != Kind::Tests && (scenarios.is_none() || dir.join(file).exists());
    let mut samples =
        if json_file("tests/sample.json") { load_tests("tests/sample.json", kind, &mut errors) } else { Vec::new() };
    let mut hidden =
        if json_file("tests/hidden.json") { load_tests("tests/hidden.json", kind, &mut errors) } else { Vec::new() };
    samples.extend(suites.samples);
    hidden.extend(suites.hidden);
    if samples.is_empty() && dir.join("tests/sample.json").is_file() {
        errors.add("tests/sample.json", None, "needs at least one sample test");
    }
    let has_json_tests = dir.join("tests/sample.json").exists() || dir.join("tests/hidden.json").exists();
    if let Some((_, list)) = &scenarios {
        samples.extend(list.iter().filter(|s| s.sample).cloned().map(Scenario::into_case));
        hidden.extend(list.iter().filter(|s| !s.sample).cloned().map(Scenario::into_case));
        if samples.is_empty() && !errors.list.iter().any(|e| e.file == Path::new(SCENARIOS_FILE)) {
            errors.add(SCENARIOS_FILE, None, "needs at least one sample: a @sample scenario or tests/sample.json");
        }
    }
    if let Some(m) = manifest.as_ref().filter(|m| m.kind == Kind::Function && m.entry.is_none()) {
        if scenarios.is_none() || has_json_tests || m.generator.is_some() {
            let text = manifest_text.as_deref().unwrap_or_default();
            errors.add(
                "problem.toml",
                line_of_key(text, "entry"),
                "a function problem needs `entry`, the name the candidate defines (only a problem whose tests are all \
                 scenarios may leave it out)",
            );
        }
    }
    if kind == Kind::Web {
        datasets::web_datasets(uses_datasets, &samples, &hidden, &mut errors);
    }
    if uses_datasets {
        datasets::resolve_datasets("tests/sample.json", &mut samples, &datasets, &mut errors);
        datasets::resolve_datasets("tests/hidden.json", &mut hidden, &datasets, &mut errors);
        for test in samples.iter().filter(|_| kind != Kind::Web) {
            if test.expected == Expected::FromReference {
                errors.add(
                    "tests/sample.json",
                    Some(test.line),
                    "a sample test of an sql or orm problem needs `expected`: it is what the candidate sees",
                );
            }
        }
        let grades_tables = manifest.as_ref().and_then(|m| m.orm.as_ref()).is_some_and(|o| !o.tables_after.is_empty());
        for (file, tests) in [("tests/sample.json", &samples), ("tests/hidden.json", &hidden)] {
            for test in tests.iter().filter(|t| grades_tables && matches!(t.expected, Expected::Raises(_))) {
                errors.add(
                    file,
                    Some(test.line),
                    "with `tables_after`, an exception is graded with the tables it leaves: write \
                     `expected` as {\"raised\": \"Name\", \"tables\": {...}}, or leave it to the reference",
                );
            }
        }
        for name in datasets.keys() {
            if !samples.iter().chain(&hidden).any(|t| t.input.dataset() == Some(name)) {
                errors.add(format!("datasets/{name}.json"), None, "no test uses this dataset");
            }
        }
    }
    if let Some(m) = manifest.as_ref().filter(|m| m.kind == Kind::Pandas) {
        datasets::check_frames(m, &mut samples, &mut hidden, &datasets, &mut errors);
    }

    let generator = match manifest.as_ref().map(|m| m.generator.is_some()) {
        Some(true) => read(dir, "generator.py", &mut errors),
        _ => {
            if dir.join("generator.py").exists() {
                errors.add("generator.py", None, "present but problem.toml has no [generator] section");
            }
            None
        }
    };
    let checker = match manifest.as_ref().map(|m| m.checker.name) {
        Some(CheckerName::Custom) => read(dir, "checker.py", &mut errors),
        _ => None,
    };
    let submissions = load_submissions(dir, kind, &mut errors);
    let (hints, writeup) = aids::load(dir, &mut errors);
    if let (Some(m), Some(text)) = (&manifest, &manifest_text) {
        for message in aids::validate_related(&m.slug, &m.related) {
            errors.add("problem.toml", line_of_key(text, "related"), message);
        }
    }

    match (errors.list.is_empty(), manifest, statement, starter) {
        (true, Some(manifest), Some(statement), Some(starter)) => Ok(Problem {
            dir: dir.to_owned(),
            manifest,
            statement,
            starter,
            samples,
            hidden,
            generator,
            checker,
            scenarios: scenarios.map(|(text, _)| text),
            submissions,
            schema,
            datasets,
            implementation: suites.implementation,
            bugs: suites.bugs,
            hints,
            writeup,
        }),
        _ => Err(errors.list),
    }
}

/// tests/scenarios.py, with its scenarios, when the problem has one (function problems only).
fn load_scenarios(dir: &Path, kind: Kind, errors: &mut Errors) -> Option<(String, Vec<Scenario>)> {
    if !dir.join(SCENARIOS_FILE).exists() {
        return None;
    }
    if !matches!(kind, Kind::Function | Kind::Web) {
        errors.add(SCENARIOS_FILE, None, format!("scenarios are for function and web problems, not {}", kind.as_str()));
        return None;
    }
    let text = read(dir, SCENARIOS_FILE, errors)?;
    match scenarios::parse_scenarios(&text) {
        Ok(list) => Some((text, list)),
        Err(list) => {
            for e in list {
                errors.add(SCENARIOS_FILE, Some(e.line), e.message);
            }
            Some((text, Vec::new()))
        }
    }
}

fn load_submissions(dir: &Path, kind: Kind, errors: &mut Errors) -> Vec<Submission> {
    let root = dir.join("submissions");
    let mut submissions = Vec::new();
    let Ok(entries) = std::fs::read_dir(&root) else {
        errors.add("submissions", None, "missing: it needs accepted/reference.py and a wrong_answer/ program");
        return submissions;
    };
    let mut folders: Vec<_> = entries.flatten().collect();
    folders.sort_by_key(|e| e.file_name());
    for entry in folders {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(expected) = ExpectedVerdict::ALL.into_iter().find(|v| v.folder() == name) else {
            let known: Vec<_> = ExpectedVerdict::ALL.iter().map(|v| v.folder()).collect();
            errors.add(format!("submissions/{name}"), None, format!("unknown folder (known: {})", known.join(", ")));
            continue;
        };
        let Ok(files) = std::fs::read_dir(entry.path()) else { continue };
        let mut files: Vec<PathBuf> = files
            .flatten()
            .map(|f| f.path())
            .filter(|p| p.extension().is_some_and(|e| e == kind.extension()))
            .collect();
        files.sort();
        for path in files {
            let relative = path.strip_prefix(dir).map(Path::to_path_buf).unwrap_or_else(|_| path.clone());
            match std::fs::read_to_string(&path) {
                Ok(source) => submissions.push(Submission { expected, path: relative, source }),
                Err(e) => errors.add(relative, None, format!("cannot be read: {e}")),
            }
        }
    }
    let reference = reference_path(kind);
    if !submissions.iter().any(|s| s.path == Path::new(&reference)) {
        errors.add(reference, None, "missing: every problem needs its reference solution");
    }
    if !submissions.iter().any(|s| s.expected == ExpectedVerdict::WrongAnswer) {
        errors.add("submissions/wrong_answer", None, "needs at least one program that must get WA");
    }
    submissions
}

/// A whole catalogue: the problems that loaded, and every error of those that did not.
#[derive(Debug, Default)]
pub struct Catalog {
    pub problems: Vec<Problem>,
    pub errors: Vec<PackageError>,
    /// tracks.toml's learning paths (none without the file).
    pub tracks: Vec<Track>,
}

impl Catalog {
    pub fn get(&self, slug: &str) -> Option<&Problem> {
        self.problems.iter().find(|p| p.slug() == slug)
    }
}

/// Loads every problem folder under `root` (folders without problem.toml are errors; files
/// such as README.md are skipped).
pub fn load_catalog(root: &Path) -> Result<Catalog, std::io::Error> {
    let mut catalog = Catalog::default();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)?.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    for dir in dirs {
        if dir.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        match load_problem(&dir) {
            Ok(problem) => {
                if catalog.problems.iter().any(|p: &Problem| p.slug() == problem.slug()) {
                    catalog.errors.push(PackageError {
                        problem: problem.slug().to_owned(),
                        file: "problem.toml".into(),
                        line: None,
                        message: "slug used by another problem".into(),
                    });
                } else {
                    catalog.problems.push(problem);
                }
            }
            Err(errors) => catalog.errors.extend(errors),
        }
    }
    check_twins(&mut catalog);
    aids::check_related(&mut catalog);
    tracks::load(root, &mut catalog);
    Ok(catalog)
}

/// Each `[sql] twin` names an sql problem of the other dialect in the same catalogue.
fn check_twins(catalog: &mut Catalog) {
    let mut found = Vec::new();
    for problem in &catalog.problems {
        let Some(spec) = problem.manifest.sql.as_ref() else { continue };
        let Some(name) = spec.twin.as_deref() else { continue };
        // An sql problem without `[sql]` has the defaults (SQLite).
        let default = SqlSpec::default();
        let twin = catalog.get(name).map(|t| match (t.manifest.kind, t.manifest.sql.as_ref()) {
            (Kind::Sql, Some(twin)) => Some(twin),
            (Kind::Sql, None) => Some(&default),
            _ => None,
        });
        if let Some(message) = sql::twin_error(spec, twin) {
            let line = std::fs::read_to_string(problem.dir.join("problem.toml"))
                .ok()
                .and_then(|text| line_of_key(&text, "sql.twin"));
            found.push(PackageError { problem: problem.slug().to_owned(), file: "problem.toml".into(), line, message });
        }
    }
    catalog.errors.extend(found);
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn a_key_is_found_where_it_is_set_or_where_its_table_opens() {
        let text = "slug = \"p\"\nkind = \"sql\"\n\n[debug]\nmax_changed_lines = 0\n";
        assert_eq!(line_of_key(text, "debug"), Some(4));
        assert_eq!(line_of_key(text, "debug.max_changed_lines"), Some(5));
        assert_eq!(line_of_key(text, "kind"), Some(2));
        assert_eq!(line_of_key(text, "orm"), None);
    }
}
