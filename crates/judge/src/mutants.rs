//! Mutants of a reference solution (Python ones made by `mutate.py` in the sandbox), named by a
//! stable id, and the sample judged when there are too many. `verdict check` judges them
//! against a problem's tests; a `tests` problem takes some as hidden bugs.

use serde::Deserialize;
use sha2::{Digest, Sha256};
use verdict_sandbox::{Limits, RunRequest, Sandbox, Status};

/// Every mutant `mutate.py` makes of a Python `source`: the code reachable from `entry`, or
/// the whole module (see `sandbox/python/mutate.py`).
pub fn python_mutants(
    sandbox: &Sandbox,
    source: &str,
    entry: Option<&str>,
    whole_module: bool,
) -> Result<Vec<RawMutant>, String> {
    let request = serde_json::json!({ "source": source, "entry": entry, "module": whole_module });
    let run = RunRequest::script(verdict_pyassets::MUTATE.as_bytes())
        .with_stdin(request.to_string().into_bytes())
        .with_limits(Limits { cpu_ms: 20_000, wall_ms: 40_000, stdout_bytes: 32 << 20, ..Limits::default() });
    let outcome = sandbox.run(&run).map_err(|e| e.to_string())?;
    if outcome.status != Status::Ok {
        return Err(format!("{}: {}", outcome.status, String::from_utf8_lossy(&outcome.stderr).trim()));
    }
    serde_json::from_slice(&outcome.stdout).map_err(|e| format!("mutant list: {e}"))
}

/// The most mutants judged per problem: more are sampled (deterministically, by
/// [`SAMPLE_SEED`]), so that checking the whole catalogue stays fast enough for CI.
pub const MAX_MUTANTS: usize = 60;
/// Fixes which mutants a capped problem judges, so two runs judge the same ones.
pub const SAMPLE_SEED: &str = "verdict-mutants-1";

/// One change to the reference, as `mutate.py` or the SQL mutator describe it.
#[derive(Debug, Clone, Deserialize)]
pub struct RawMutant {
    pub line: u32,
    pub col: u32,
    pub operator: String,
    pub description: String,
    pub source: String,
}

/// A mutant with its id: what an author writes in `[[check.equivalent_mutants]]`.
#[derive(Debug, Clone)]
pub struct Mutant {
    /// `operator-` and 8 hex digits of a hash of the operator, position and change: the same
    /// reference gives the same ids on every run and machine.
    pub id: String,
    pub line: u32,
    pub col: u32,
    pub description: String,
    pub source: String,
}

fn hex8(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// Gives each mutant its id; two identical changes at one place are numbered apart.
pub fn identify(raw: Vec<RawMutant>) -> Vec<Mutant> {
    let mut out: Vec<Mutant> = Vec::with_capacity(raw.len());
    for m in raw {
        let base =
            format!("{}-{}", m.operator, hex8(&format!("{}:{}:{}:{}", m.operator, m.line, m.col, m.description)));
        let mut id = base.clone();
        let mut n = 2;
        while out.iter().any(|o| o.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        out.push(Mutant { id, line: m.line, col: m.col, description: m.description, source: m.source });
    }
    out
}

/// At most `cap` of the mutants, in their original order, chosen by a seeded hash of their ids
/// (not their position, so one added line does not reshuffle the whole sample).
pub fn sample(mutants: Vec<Mutant>, cap: usize) -> Vec<Mutant> {
    if mutants.len() <= cap {
        return mutants;
    }
    let mut ranked: Vec<(String, usize)> =
        mutants.iter().enumerate().map(|(i, m)| (hex8(&format!("{SAMPLE_SEED}:{}", m.id)), i)).collect();
    ranked.sort();
    let mut keep: Vec<usize> = ranked.into_iter().take(cap).map(|(_, i)| i).collect();
    keep.sort_unstable();
    let mut keep = keep.into_iter().peekable();
    mutants
        .into_iter()
        .enumerate()
        .filter(|(i, _)| {
            if keep.peek() == Some(i) {
                keep.next();
                true
            } else {
                false
            }
        })
        .map(|(_, m)| m)
        .collect()
}

#[cfg(test)]
mod unit {
    use super::*;

    fn raw(n: u32) -> RawMutant {
        RawMutant {
            line: n,
            col: 1,
            operator: "compare".into(),
            description: "`<` -> `<=`".into(),
            source: String::new(),
        }
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = identify((0..5).map(raw).collect());
        let b = identify((0..5).map(raw).collect());
        assert_eq!(a.iter().map(|m| &m.id).collect::<Vec<_>>(), b.iter().map(|m| &m.id).collect::<Vec<_>>());
        let twice = identify(vec![raw(1), raw(1)]);
        assert_ne!(twice[0].id, twice[1].id);
        assert!(a[0].id.starts_with("compare-"), "{}", a[0].id);
    }

    #[test]
    fn a_sample_is_deterministic_ordered_and_capped() {
        let all = identify((0..100).map(raw).collect());
        let one = sample(all.clone(), 10);
        let two = sample(all, 10);
        assert_eq!(one.len(), 10);
        assert!(one.windows(2).all(|w| w[0].line < w[1].line));
        assert_eq!(one.iter().map(|m| m.line).collect::<Vec<_>>(), two.iter().map(|m| m.line).collect::<Vec<_>>());
    }
}
