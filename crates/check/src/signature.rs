//! A function problem's starter must declare its entry point in a form the catalogue reads
//! (`def entry(...)`, or `class entry` with its `__init__`), and every sample's arguments must
//! fit those parameters: custom input offers one field per parameter, named and pre-filled from
//! the first sample, so a starter the fields cannot be read from is a package error.

use crate::findings::Findings;
use verdict_catalog::signature::{fits, parameters};
use verdict_catalog::{Kind, Problem, TestInput};

pub(crate) fn check_signature(problem: &Problem, findings: &mut Findings<'_>) {
    let Some(entry) = problem.manifest.entry.as_deref() else { return };
    if problem.manifest.kind != Kind::Function {
        return;
    }
    let Some(params) = parameters(&problem.starter, entry) else {
        let message = format!("the starter defines no `def {entry}(...)` or `class {entry}` at the top level");
        findings.add("starter.py", None, message);
        return;
    };
    for (number, sample) in problem.samples.iter().enumerate() {
        let fit = match &sample.input {
            TestInput::Call { args, kwargs } => {
                let names: Vec<&str> = kwargs.keys().map(String::as_str).collect();
                fits(&params, args.len(), &names)
            }
            TestInput::Calls { calls } => calls.first().map_or(Ok(()), |(_, args)| fits(&params, args.len(), &[])),
            _ => Ok(()),
        };
        if let Err(why) = fit {
            findings.add("tests/sample.json", Some(sample.line), format!("sample {}: {why}", number + 1));
        }
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    /// Every function problem of the catalogue reads, and its samples fit.
    #[test]
    fn the_catalogue_s_starters_declare_their_entries_and_the_samples_fit() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../problems");
        let catalog = verdict_catalog::load_catalog(&root).expect("the catalogue loads");
        let mut errors = Vec::new();
        for problem in &catalog.problems {
            let mut findings = Findings { slug: problem.slug(), errors: Vec::new() };
            check_signature(problem, &mut findings);
            errors.extend(findings.errors.iter().map(ToString::to_string));
        }
        assert!(errors.is_empty(), "{errors:#?}");
    }
}
