//! A hidden scenario must observe something a wrong answer cannot guess. The candidate's code
//! runs in the scenario's process, so code that walks the interpreter's heap can rewrite what
//! the recorder writes (problems/README.md, "Why the candidate cannot forge observations"); a
//! forged observation still has to equal the reference's, which never enters the box. A
//! scenario that observes only booleans, None or "nothing raised" (`check(x == y)`) has
//! answers a forger can guess without solving anything, so it is refused.

use crate::findings::Findings;
use verdict_catalog::{Expected, Observation, Observed, TestInput, SCENARIOS_FILE};
use verdict_judge::{PreparedProblem, Visibility};

/// An observation whose expected value a forger can guess.
fn guessable(observation: &Observation) -> bool {
    matches!(
        &observation.observed,
        Observed::Value(serde_json::Value::Bool(_) | serde_json::Value::Null) | Observed::Raised(None)
    )
}

pub(crate) fn check_guessable(prepared: &PreparedProblem, findings: &mut Findings<'_>) {
    for test in prepared.tests.iter().filter(|t| t.visibility == Visibility::Hidden) {
        let (TestInput::Scenario { name, .. }, Expected::Observations(observed)) =
            (&test.case.input, &test.case.expected)
        else {
            continue;
        };
        if observed.iter().all(guessable) {
            let what = if observed.is_empty() { "observes nothing" } else { "observes only True, False or None" };
            findings.add(
                SCENARIOS_FILE,
                Some(test.case.line),
                format!(
                    "scenario `{name}` {what}: a wrong answer that rewrites the recorder can guess that; observe \
                     the values themselves (`check(x)`, not `check(x == y)`)"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn observation(observed: Observed) -> Observation {
        serde_json::from_value::<Observation>(
            json!({"line": 3, "code": "check(x)", "checker": {"name": "exact"}, "value": 0}),
        )
        .map(|o| Observation { observed, ..o })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn booleans_none_and_nothing_raised_are_guessable_values_are_not() {
        assert!(guessable(&observation(Observed::Value(json!(true)))));
        assert!(guessable(&observation(Observed::Value(json!(null)))));
        assert!(guessable(&observation(Observed::Raised(None))));
        assert!(!guessable(&observation(Observed::Value(json!(0)))));
        assert!(!guessable(&observation(Observed::Value(json!({"tuple": [true]})))));
        assert!(!guessable(&observation(Observed::Unencodable("x".into()))));
    }
}
