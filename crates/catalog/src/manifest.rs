//! `problem.toml`: metadata, limits and the checker of one problem.

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

/// How a candidate's answer is given. New kinds (sql, orm) are added here and in the judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The candidate defines a function or class; a test calls it with JSON arguments.
    Function,
    /// The candidate writes a program; a test gives stdin and expects stdout.
    Stdio,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Function => "function",
            Kind::Stdio => "stdio",
        }
    }
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
}

/// Settings for `verdict check`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckSettings {
    /// The share of mutants of the reference the hidden tests must kill.
    pub mutation_threshold: f64,
}

impl Default for CheckSettings {
    fn default() -> Self {
        Self { mutation_threshold: 0.8 }
    }
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
        (Kind::Function, None) => {
            bad("entry", "a function problem needs `entry`, the name the candidate defines".into())
        }
        (Kind::Function, Some(entry)) if !is_identifier(entry) => {
            bad("entry", format!("entry `{entry}` is not a Python identifier"))
        }
        (Kind::Stdio, Some(_)) => bad("entry", "a stdio problem has no entry point".into()),
        _ => {}
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

/// The topics a problem may list.
pub const TOPICS: &[&str] = &[
    "strings",
    "numbers",
    "lists",
    "dicts-sets",
    "comprehensions",
    "functions-closures",
    "generators-iterators",
    "decorators",
    "context-managers",
    "classes-dunder",
    "dataclasses",
    "exceptions",
    "recursion",
    "sorting-searching",
    "algorithms",
];

pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric())
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
}
