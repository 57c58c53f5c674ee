//! A package's `datasets/*.json` and the tests that run on them: read with file and line,
//! each test's tables filled from the dataset it names, and what a kind requires of both
//! checked. Reads files only.

use crate::manifest::{self, Kind, Manifest};
use crate::tests::{self, TestCase, TestInput};
use crate::{frames, Errors};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// datasets/*.json, by file stem; sql and orm problems need at least one.
pub(crate) fn load_datasets(
    dir: &Path,
    kind: Kind,
    uses_datasets: bool,
    json_cells: bool,
    errors: &mut Errors,
) -> BTreeMap<String, Value> {
    let mut datasets = BTreeMap::new();
    let folder = dir.join("datasets");
    if kind == Kind::Pandas && !folder.exists() {
        // A numpy problem may take arrays and numbers only.
        return datasets;
    }
    if !uses_datasets && kind != Kind::Pandas {
        if folder.exists() {
            errors.add("datasets", None, format!("a {} problem has no datasets", kind.as_str()));
        }
        return datasets;
    }
    let Ok(entries) = std::fs::read_dir(&folder) else {
        errors.add("datasets", None, "missing: an sql or orm problem's tests run on datasets/<name>.json");
        return datasets;
    };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let file = format!("datasets/{name}");
        let Some(stem) = name.strip_suffix(".json") else {
            errors.add(file, None, "a dataset is a .json file");
            continue;
        };
        if !manifest::is_identifier(&stem.replace('-', "_")) {
            errors.add(file, None, "a dataset's name is letters, digits, `-` and `_`");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => match tests::parse_dataset(&text, json_cells) {
                Ok(value) => {
                    datasets.insert(stem.to_owned(), value);
                }
                Err(e) => errors.add(file, Some(e.line), e.message),
            },
            Err(e) => errors.add(file, None, format!("cannot be read: {e}")),
        }
    }
    if datasets.is_empty() && kind != Kind::Pandas && errors.list.iter().all(|e| !e.file.starts_with("datasets")) {
        errors.add("datasets", None, "empty: an sql or orm problem's tests run on datasets/<name>.json");
    }
    datasets
}

/// A pandas problem's tests: each with its dataset's tables, and both fitting `[pandas]`.
pub(crate) fn check_frames(
    manifest: &Manifest,
    samples: &mut [TestCase],
    hidden: &mut [TestCase],
    datasets: &BTreeMap<String, Value>,
    errors: &mut Errors,
) {
    resolve_datasets("tests/sample.json", samples, datasets, errors);
    resolve_datasets("tests/hidden.json", hidden, datasets, errors);
    let tests: Vec<(&str, usize, Option<&str>)> = samples
        .iter()
        .map(|t| ("tests/sample.json", t.line, t.input.dataset()))
        .chain(hidden.iter().map(|t| ("tests/hidden.json", t.line, t.input.dataset())))
        .collect();
    for (file, line, message) in frames::check_tests_and_datasets(&manifest.pandas_spec(), &tests, datasets) {
        errors.add(file, line, message);
    }
    for name in datasets.keys() {
        if !tests.iter().any(|t| t.2 == Some(name.as_str())) {
            errors.add(format!("datasets/{name}.json"), None, "no test uses this dataset");
        }
    }
}

/// Fills each test's tables from the dataset it names.
pub(crate) fn resolve_datasets(
    file: &str,
    tests: &mut [TestCase],
    datasets: &BTreeMap<String, Value>,
    errors: &mut Errors,
) {
    for test in tests {
        let line = test.line;
        let (dataset, tables) = match &mut test.input {
            TestInput::Query { dataset, tables } | TestInput::OrmCall { dataset, tables, .. } => (&*dataset, tables),
            TestInput::Frames { dataset: Some(dataset), tables, .. }
            | TestInput::Exchanges { dataset: Some(dataset), tables, .. } => (&*dataset, tables),
            _ => continue,
        };
        match datasets.get(dataset.as_str()) {
            Some(value) => *tables = value.clone(),
            None => {
                let known: Vec<&str> = datasets.keys().map(String::as_str).collect();
                errors.add(file, Some(line), format!("no dataset `{dataset}` (known: {})", known.join(", ")));
            }
        }
    }
}

/// A web problem's tests name a dataset exactly when the problem has `[orm]`.
pub(crate) fn web_datasets(uses_datasets: bool, samples: &[TestCase], hidden: &[TestCase], errors: &mut Errors) {
    for (file, tests) in [("tests/sample.json", samples), ("tests/hidden.json", hidden)] {
        for test in tests.iter().filter(|t| matches!(t.input, TestInput::Exchanges { .. })) {
            match (uses_datasets, test.input.dataset()) {
                (true, None) => errors.add(file, Some(test.line), "with `[orm]`, a web test needs `dataset`"),
                (false, Some(_)) => errors.add(file, Some(test.line), "`dataset` needs `[orm]` in problem.toml"),
                _ => {}
            }
        }
    }
}
