//! `problem.toml`: metadata, limits and the checker of one problem.

use crate::frames::PandasSpec;
pub use crate::names::{is_identifier, TOPICS};
pub use crate::sql::{SqlDialect, SqlSpec};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub slug: String,
    pub title: String,
    pub difficulty: Difficulty,
    #[serde(default)]
    pub topics: Vec<String>,
    pub kind: Kind,
    /// The function or class the candidate defines (`function` problems).
    #[serde(default)]
    pub entry: Option<String>,
    #[serde(default)]
    pub limits: ProblemLimits,
    #[serde(default)]
    pub checker: CheckerSpec,
    #[serde(default)]
    pub generator: Option<GeneratorSpec>,
    #[serde(default)]
    pub check: CheckSettings,
    /// How an `sql` problem's answers are compared.
    #[serde(default)]
    pub sql: Option<SqlSpec>,
    /// What an `orm` problem runs on (or the schema a `tests` problem's module uses).
    #[serde(default)]
    pub orm: Option<OrmSpec>,
    /// The module under test and its planted bugs (`tests` problems).
    #[serde(default)]
    pub tests: Option<TestsSpec>,
    /// Set on a debugging problem: the starter is buggy code the candidate fixes.
    #[serde(default)]
    pub debug: Option<DebugSpec>,
    /// How a `pandas` problem's frames are built and its answers compared.
    #[serde(default)]
    pub pandas: Option<PandasSpec>,
    /// The framework and app of a `web` problem.
    #[serde(default)]
    pub web: Option<crate::web::WebSpec>,
    /// Problems to try next, by slug (`crate::aids`): shown in practice, never in assessments.
    #[serde(default)]
    pub related: Vec<String>,
}

impl Manifest {
    /// The `[sql]` settings, or their defaults.
    pub fn sql_spec(&self) -> SqlSpec {
        self.sql.clone().unwrap_or_default()
    }

    /// The `[pandas]` settings, or their defaults.
    pub fn pandas_spec(&self) -> PandasSpec {
        self.pandas.clone().unwrap_or_default()
    }

    /// Whether tests run on fixture databases: sql and orm problems, and web problems with
    /// `[orm]` (a pandas problem's datasets are its frames, checked by `frames`).
    pub fn uses_datasets(&self) -> bool {
        self.kind.uses_datasets() || (self.kind == Kind::Web && self.orm.is_some())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// How a candidate's answer is given. New kinds are added here and in the judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The candidate defines a function or class; a test calls it with JSON arguments.
    Function,
    /// The candidate writes a program; a test gives stdin and expects stdout.
    Stdio,
    /// The candidate writes one SQL statement; a test runs it on a fixture database and
    /// compares result sets.
    Sql,
    /// The candidate writes a function using Django's ORM or SQLAlchemy on a shared schema; a
    /// test compares its value and counts the queries it sent.
    Orm,
    /// The candidate writes a test suite for a module they cannot see; it must pass on the
    /// problem's implementation and fail on its planted bugs.
    Tests,
    /// The candidate writes a function that takes DataFrames (built from datasets) and returns
    /// a DataFrame, Series, numpy array or scalar, compared as a result set.
    Pandas,
    /// The candidate writes a Flask, FastAPI or Django app; a test sends it HTTP requests
    /// through the framework's test client and compares the responses.
    Web,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Function => "function",
            Kind::Stdio => "stdio",
            Kind::Sql => "sql",
            Kind::Orm => "orm",
            Kind::Tests => "tests",
            Kind::Pandas => "pandas",
            Kind::Web => "web",
        }
    }

    /// The language answers are written in, and so the extension of starter code and
    /// submissions: `sql` or `py`.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Sql => "sql",
            _ => "py",
        }
    }

    /// Whether tests run on fixture datasets (`datasets/*.json`).
    pub fn uses_datasets(self) -> bool {
        matches!(self, Kind::Sql | Kind::Orm)
    }

    /// Whether tests may run on fixture datasets (a pandas problem's are optional).
    pub fn may_use_datasets(self) -> bool {
        self.uses_datasets() || self == Kind::Pandas
    }
}

/// The ORM an `orm` problem is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrmFramework {
    Django,
    Sqlalchemy,
}

impl OrmFramework {
    pub fn as_str(self) -> &'static str {
        match self {
            OrmFramework::Django => "django",
            OrmFramework::Sqlalchemy => "sqlalchemy",
        }
    }
}

/// `[orm]`: the framework and shared schema an `orm` problem runs on, and its query budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrmSpec {
    pub framework: OrmFramework,
    /// One of the shared schemas (`verdict_pyassets::ORM_SCHEMAS`) written for `framework`.
    pub schema: String,
    /// The most SQL statements one call may send (transaction control is not counted).
    #[serde(default)]
    pub max_queries: Option<u32>,
    /// Tables whose rows after the call are part of the answer (for problems that change data).
    #[serde(default)]
    pub tables_after: Vec<String>,
}

/// `[tests]`: what a `tests` problem's suites run against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestsSpec {
    /// The name the suite imports the module under test by (`implementation.py` and every bug
    /// are loaded under it).
    pub module: String,
    /// How many mutants of `implementation.py` join the planted bugs, as hidden ones.
    #[serde(default)]
    pub mutants: u32,
    /// The planted bugs, in the order they are tested.
    #[serde(default)]
    pub bugs: Vec<BugSpec>,
}

/// `[[tests.bugs]]`: one planted bug, a whole copy of the module with a bug in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BugSpec {
    /// The file, relative to the problem folder (`bugs/overdraft.py`).
    pub file: toml::Spanned<String>,
    /// The symptom, shown to a candidate when the bug is a sample.
    pub description: String,
    #[serde(default)]
    pub sample: bool,
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

/// The most mutants a `tests` problem may take as bugs: each is one more run per submission.
pub const MAX_MUTANT_BUGS: u32 = 20;

/// `[debug]`: the starter is working-looking code with bugs, and an answer is the starter fixed.
/// The problem is graded by its tests as its kind says; only the budget is new.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebugSpec {
    /// The most lines an answer may change against starter.py (see the judge's `changes`).
    #[serde(default)]
    pub max_changed_lines: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProblemLimits {
    /// CPU seconds per test.
    pub time: f64,
    /// MiB of address space per test.
    pub memory: u64,
}

impl Default for ProblemLimits {
    fn default() -> Self {
        Self { time: 1.0, memory: 256 }
    }
}

impl ProblemLimits {
    /// CPU milliseconds per test: the stated time limit.
    pub fn cpu_ms(&self) -> u64 {
        (self.time * 1000.0).ceil() as u64
    }

    /// Wall-clock milliseconds per test: twice the CPU limit and at least two seconds more, so
    /// a program that waits (sleeps, blocks) is stopped soon after one that computes, with room
    /// for a loaded machine and an interpreter's start (the exec path imports Django per test).
    pub fn wall_ms(&self) -> u64 {
        (self.cpu_ms() * 2).max(self.cpu_ms() + 2000)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckerName {
    Exact,
    #[default]
    Tokens,
    Float,
    Unordered,
    Custom,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckerSpec {
    pub name: CheckerName,
    /// Absolute tolerance of the `float` checker.
    pub abs: Option<f64>,
    /// Relative tolerance of the `float` checker.
    pub rel: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratorSpec {
    pub seed: u64,
    pub count: u32,
    /// Whether each candidate of an assessment gets a variant of their own: the generator run
    /// with their attempt's seed instead of `seed` (practice keeps `seed`).
    #[serde(default)]
    pub variants: bool,
}

/// Settings for `verdict check`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckSettings {
    /// The share of mutants of the reference the hidden tests must kill.
    pub mutation_threshold: f64,
    /// Mutants no test can tell from the reference, each with the author's reason: left out of
    /// the score and listed in the report.
    pub equivalent_mutants: Vec<EquivalentMutant>,
}

impl Default for CheckSettings {
    fn default() -> Self {
        Self { mutation_threshold: 0.8, equivalent_mutants: Vec::new() }
    }
}

/// `[[check.equivalent_mutants]]`: a mutant of the reference that behaves exactly like it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquivalentMutant {
    /// The id `verdict check` shows for the mutant (`compare-1a2b3c4d`).
    pub id: toml::Spanned<String>,
    /// Why no correct test can kill it.
    pub reason: String,
    /// The line of `id` in problem.toml, set when the package is loaded.
    #[serde(skip)]
    pub line: usize,
}

/// What is wrong with a manifest beyond its syntax, with the key it concerns.
pub fn validate(manifest: &Manifest, folder_name: &str) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let mut bad = |key: &str, message: String| problems.push((key.to_owned(), message));
    if manifest.slug != folder_name {
        bad("slug", format!("slug `{}` must equal the folder name `{folder_name}`", manifest.slug));
    }
    if manifest.slug.is_empty()
        || !manifest.slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || manifest.slug.starts_with('-')
        || manifest.slug.ends_with('-')
    {
        bad("slug", format!("slug `{}` must be lowercase letters, digits and inner dashes", manifest.slug));
    }
    if manifest.title.trim().is_empty() {
        bad("title", "title is empty".into());
    }
    for topic in &manifest.topics {
        if !TOPICS.contains(&topic.as_str()) {
            bad("topics", format!("unknown topic `{topic}` (known: {})", TOPICS.join(", ")));
        }
    }
    match (manifest.kind, &manifest.entry) {
        // Optional when the only tests are scenarios: `load_problem` knows which tests there are.
        (Kind::Function, Some(entry)) if !is_identifier(entry) => {
            bad("entry", format!("entry `{entry}` is not a Python identifier"))
        }
        (Kind::Orm | Kind::Pandas, None) => bad(
            "entry",
            format!("an {} problem needs `entry`, the function the candidate defines", manifest.kind.as_str()),
        ),
        (Kind::Orm | Kind::Pandas, Some(entry)) if !is_identifier(entry) => {
            bad("entry", format!("entry `{entry}` is not a Python identifier"))
        }
        (Kind::Stdio | Kind::Sql | Kind::Tests, Some(_)) => {
            bad("entry", format!("a {} problem has no entry point", manifest.kind.as_str()))
        }
        _ => {}
    }
    match (manifest.kind, &manifest.pandas) {
        (Kind::Pandas, Some(spec)) => crate::frames::validate(spec, &mut bad),
        (_, Some(_)) => bad("pandas", "`[pandas]` is only for pandas problems".into()),
        _ => {}
    }
    match (manifest.kind, &manifest.sql) {
        (Kind::Sql, Some(sql)) => crate::sql::validate(sql, &manifest.slug, &mut bad),
        (Kind::Sql, None) => {}
        (_, Some(_)) => bad("sql", "`[sql]` is only for sql problems".into()),
        (_, None) => {}
    }
    match (manifest.kind, &manifest.orm) {
        (Kind::Orm | Kind::Tests | Kind::Web, Some(orm)) => {
            if verdict_pyassets::orm_schema(&orm.schema, orm.framework.as_str()).is_none() {
                let known = verdict_pyassets::ORM_SCHEMAS
                    .iter()
                    .filter(|s| s.framework == orm.framework.as_str())
                    .map(|s| s.schema)
                    .collect::<Vec<_>>()
                    .join(", ");
                bad("orm.schema", format!("unknown schema `{}` (known: {known})", orm.schema));
            }
            if orm.max_queries == Some(0) {
                bad("orm.max_queries", "a query budget must be at least 1".into());
            }
        }
        (Kind::Orm, None) => bad("kind", "an orm problem needs an `[orm]` section (framework, schema)".into()),
        (_, Some(_)) => bad("orm", "`[orm]` is only for orm, tests and web problems".into()),
        (_, None) => {}
    }
    let orm = manifest.orm.as_ref().map(|o| o.framework.as_str());
    crate::web::validate(manifest.kind == Kind::Web, manifest.web.as_ref(), orm, manifest.entry.is_some(), &mut bad);
    match (manifest.kind, &manifest.tests) {
        (Kind::Tests, Some(tests)) => validate_tests(tests, &mut bad),
        (Kind::Tests, None) => bad("kind", "a tests problem needs a `[tests]` section (module, bugs)".into()),
        (_, Some(_)) => bad("tests", "`[tests]` is only for tests problems".into()),
        (_, None) => {}
    }
    match (manifest.kind, &manifest.debug) {
        (Kind::Sql, Some(_)) => bad("debug", "`[debug]` is for function, orm and stdio problems, not sql".into()),
        (_, Some(debug)) if debug.max_changed_lines == Some(0) => {
            bad("debug.max_changed_lines", "a budget of changed lines must be at least 1".into())
        }
        _ => {}
    }
    if matches!(manifest.kind, Kind::Sql | Kind::Pandas) && manifest.checker != CheckerSpec::default() {
        let kind = manifest.kind.as_str();
        bad("checker", format!("an {kind} problem compares result sets: set `tolerance` in `[{kind}]` instead"));
    }
    if manifest.kind.uses_datasets() && manifest.generator.is_some() {
        bad("generator", format!("a {} problem's tests are its datasets: it has no generator", manifest.kind.as_str()));
    }
    if !(manifest.limits.time > 0.0 && manifest.limits.time <= 30.0) {
        bad("limits.time", format!("time limit {} s must be above 0 and at most 30", manifest.limits.time));
    }
    if !(32..=4096).contains(&manifest.limits.memory) {
        bad("limits.memory", format!("memory limit {} MiB must be between 32 and 4096", manifest.limits.memory));
    }
    let c = &manifest.checker;
    let has_tolerance = c.abs.is_some() || c.rel.is_some();
    if c.name == CheckerName::Float && !has_tolerance {
        bad("checker", "the float checker needs `abs` or `rel`".into());
    }
    if c.name != CheckerName::Float && has_tolerance {
        bad("checker", "tolerances apply only to the float checker".into());
    }
    for (key, value) in [("checker.abs", c.abs), ("checker.rel", c.rel)] {
        if value.is_some_and(|v| !(v.is_finite() && v >= 0.0)) {
            bad(key, "a tolerance must be a finite number, zero or more".into());
        }
    }
    if let Some(g) = &manifest.generator {
        if g.count == 0 || g.count > 1000 {
            bad("generator.count", format!("count {} must be between 1 and 1000", g.count));
        }
    }
    let t = manifest.check.mutation_threshold;
    if !(0.0..=1.0).contains(&t) {
        bad("check.mutation_threshold", format!("{t} must be between 0 and 1"));
    }
    problems
}

/// Names the module under test may not take: the suite's own, the box's, and those the suite
/// needs from the standard library and the packages.
const RESERVED_MODULES: &[&str] =
    &["solution", "harness", "suite", "verdict", "models", "pytest", "unittest", "coverage", "django", "sqlalchemy"];

fn validate_tests(tests: &TestsSpec, bad: &mut impl FnMut(&str, String)) {
    if !is_identifier(&tests.module) || !tests.module.is_ascii() {
        bad("tests.module", format!("module `{}` is not a Python identifier", tests.module));
    } else if RESERVED_MODULES.contains(&tests.module.as_str()) {
        bad("tests.module", format!("module `{}` is a name the box needs: choose another", tests.module));
    }
    if tests.bugs.is_empty() && tests.mutants == 0 {
        bad("tests.bugs", "a tests problem needs at least one `[[tests.bugs]]` (or `mutants`)".into());
    }
    if tests.mutants > MAX_MUTANT_BUGS {
        bad(
            "tests.mutants",
            format!("{} mutants: at most {MAX_MUTANT_BUGS} (each is a run per submission)", tests.mutants),
        );
    }
    if !tests.bugs.iter().any(|b| b.sample) && !tests.bugs.is_empty() {
        bad("tests.bugs", "mark at least one bug `sample = true`: the candidate sees its description".into());
    }
    for bug in &tests.bugs {
        if bug.description.trim().is_empty() {
            bad("tests.bugs", format!("bug `{}` needs a description", bug.file.get_ref()));
        }
        if !(bug.weight.is_finite() && bug.weight > 0.0) {
            bad("tests.bugs", format!("bug `{}`: a weight must be a positive number", bug.file.get_ref()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Manifest, toml::de::Error> {
        toml::from_str(text)
    }

    const GOOD: &str = r#"
slug = "calculate-pi"
title = "Approximate pi"
difficulty = "easy"
topics = ["numbers"]
kind = "function"
entry = "calculate_pi"
[checker]
name = "float"
abs = 1e-12
"#;

    #[test]
    fn a_good_manifest_parses_with_defaults() {
        let m = parse(GOOD).expect("parses");
        assert_eq!(m.limits, ProblemLimits { time: 1.0, memory: 256 });
        assert_eq!(m.checker.name, CheckerName::Float);
        assert_eq!(m.check.mutation_threshold, 0.8);
        assert!(validate(&m, "calculate-pi").is_empty());
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let err = parse(&format!("{GOOD}\ncolour = \"blue\"\n")).expect_err("unknown key");
        assert!(err.to_string().contains("colour"), "{err}");
        assert!(err.span().is_some());
    }

    #[test]
    fn semantic_problems_name_their_key() {
        let mut m = parse(GOOD).expect("parses");
        m.entry = Some("not an identifier".into());
        m.topics.push("astrology".into());
        m.checker.abs = None;
        let keys: Vec<String> = validate(&m, "other-name").into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["slug", "topics", "entry", "checker"]);
    }

    #[test]
    fn an_orm_schema_must_be_one_the_box_ships_for_its_framework() {
        let orm = |framework: &str, schema: &str| {
            format!(
                "slug = \"p\"\ntitle = \"t\"\ndifficulty = \"easy\"\ntopics = [\"sqlalchemy\"]\nkind = \"orm\"\n\
                 entry = \"f\"\n[checker]\nname = \"exact\"\n[orm]\nframework = \"{framework}\"\nschema = \"{schema}\"\n"
            )
        };
        let good = parse(&orm("sqlalchemy", "library")).expect("parses");
        assert!(validate(&good, "p").is_empty(), "{:?}", validate(&good, "p"));
        let unknown = parse(&orm("django", "zoo")).expect("parses");
        let errors = validate(&unknown, "p");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "orm.schema");
        assert!(errors[0].1.contains("company, library, shop"), "{errors:?}");
    }

    #[test]
    fn a_debug_table_takes_an_optional_budget_of_at_least_one_and_not_on_sql() {
        let with = |kind: &str, table: &str| {
            let entry = if kind == "function" { "entry = \"f\"\n" } else { "" };
            format!(
                "slug = \"p\"\ntitle = \"t\"\ndifficulty = \"easy\"\ntopics = [\"debugging\"]\nkind = \"{kind}\"\n\
                 {entry}{table}"
            )
        };
        let keys =
            |text: &str| validate(&parse(text).expect("parses"), "p").into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        let budget = parse(&with("function", "[debug]\nmax_changed_lines = 3\n")).expect("parses");
        assert_eq!(budget.debug, Some(DebugSpec { max_changed_lines: Some(3) }));
        assert!(keys(&with("function", "[debug]\nmax_changed_lines = 3\n")).is_empty());
        let open = parse(&with("stdio", "[debug]\n")).expect("parses");
        assert_eq!(open.debug, Some(DebugSpec { max_changed_lines: None }));
        assert!(keys(&with("stdio", "[debug]\n")).is_empty());
        assert_eq!(keys(&with("function", "[debug]\nmax_changed_lines = 0\n")), ["debug.max_changed_lines"]);
        assert_eq!(keys(&with("sql", "[debug]\nmax_changed_lines = 2\n")), ["debug"]);
        assert!(parse(&with("function", "[debug]\nbudget = 2\n")).is_err(), "unknown keys are refused");
    }

    #[test]
    fn a_pandas_problem_needs_an_entry_and_its_table_is_only_for_it() {
        let pandas = "slug = \"p\"\ntitle = \"t\"\ndifficulty = \"easy\"\ntopics = [\"pandas\", \"numpy\"]\n";
        let keys = |rest: &str| {
            let m = parse(&format!("{pandas}{rest}")).unwrap_or_else(|e| panic!("{e}"));
            validate(&m, "p").into_iter().map(|(k, _)| k).collect::<Vec<_>>()
        };
        let good = parse(&format!("{pandas}kind = \"pandas\"\nentry = \"f\"\n[pandas]\nframes = [\"t\"]\n"));
        assert_eq!(good.map(|m| (m.kind, m.pandas_spec().frames)).ok(), Some((Kind::Pandas, vec!["t".to_owned()])));
        assert!(keys("kind = \"pandas\"\nentry = \"f\"\n").is_empty());
        assert_eq!(keys("kind = \"pandas\"\n"), ["entry"]);
        assert_eq!(keys("kind = \"pandas\"\nentry = \"f\"\n[checker]\nname = \"exact\"\n"), ["checker"]);
        assert_eq!(keys("kind = \"function\"\nentry = \"f\"\n[pandas]\n"), ["pandas"]);
        assert_eq!(keys("kind = \"pandas\"\nentry = \"f\"\n[pandas]\ntolerance = -1.0\n"), ["pandas.tolerance"]);
    }
}
