//! A statement's examples for sample scenarios: each block is a doctest transcript that must
//! pass against the reference, and what it shows must be what its scenario observes.

use crate::findings::Findings;
use crate::script::run_script;
use serde::Deserialize;
use serde_json::{json, Value};
use verdict_catalog::statement::ExampleBlock;
use verdict_catalog::{Expected, Observation, Observed, Problem, TestInput};
use verdict_judge::PreparedTest;
use verdict_judge::{observed_equal, render_observed};
use verdict_pyassets::{EXAMPLES, SCENARIO_API};

/// What `examples.py` found running one block as a doctest.
#[derive(Debug, Deserialize)]
struct Doctest {
    failures: Vec<Failure>,
    observations: Vec<Shown>,
    error: Option<String>,
}

/// A `>>>` whose output was not what the block says.
#[derive(Debug, Deserialize)]
struct Failure {
    /// Counted from 1 in the block.
    line: usize,
    source: String,
    expected: String,
    got: String,
}

/// A value the block shows, or an exception it raised.
#[derive(Debug, Deserialize)]
struct Shown {
    line: usize,
    #[serde(flatten)]
    observed: Observed,
}

/// Checks each (block, sample scenario) pair.
pub(crate) fn check_doctests(
    judge: &verdict_judge::Judge<'_>,
    problem: &Problem,
    pairs: &[(&ExampleBlock, &PreparedTest)],
    findings: &mut Findings<'_>,
) {
    let Some(reference) = problem.reference() else { return };
    if pairs.is_empty() {
        return;
    }
    let texts: Vec<&str> = pairs.iter().map(|(block, _)| block.text.as_str()).collect();
    let files = [("solution.py", reference.source.as_str()), ("scenario.py", SCENARIO_API)];
    let request = json!({ "mode": "doctest", "blocks": texts }).to_string().into_bytes();
    let ran = run_script(judge, EXAMPLES, &files, request)
        .and_then(|out| serde_json::from_slice::<Vec<Doctest>>(&out).map_err(|e| e.to_string()));
    let ran = match ran {
        Ok(ran) => ran,
        Err(e) => {
            findings.add("statement.md", None, format!("the examples could not be run as doctests: {e}"));
            return;
        }
    };
    for ((block, test), doctest) in pairs.iter().zip(ran) {
        let TestInput::Scenario { name, .. } = &test.case.input else { continue };
        // The fence is the block's line 0.
        let at = |line: usize| Some(block.line + line);
        if let Some(error) = doctest.error {
            findings.add("statement.md", at(0), format!("the example of scenario `{name}` did not run: {error}"));
            continue;
        }
        if !doctest.failures.is_empty() {
            for failure in doctest.failures {
                findings.add(
                    "statement.md",
                    at(failure.line),
                    format!(
                        "the example of scenario `{name}` fails as a doctest against the reference: `>>> {}` expected {}, got {}",
                        failure.source,
                        shown_output(&failure.expected),
                        shown_output(&failure.got)
                    ),
                );
            }
            continue;
        }
        let Expected::Observations(observations) = &test.case.expected else { continue };
        if let Some((line, message)) = differences(name, &doctest.observations, observations) {
            findings.add("statement.md", at(line), message);
        }
    }
}

fn shown_output(text: &str) -> String {
    if text.is_empty() {
        "nothing".to_owned()
    } else {
        format!("{:?}", text.trim_end_matches('\n'))
    }
}

/// Observations a transcript cannot show: a value None, a `raises` block that raised nothing.
fn shows_nothing(observed: &Observed) -> bool {
    matches!(observed, Observed::Value(Value::Null) | Observed::Raised(None))
}

/// The first way the block's values differ from the scenario's observations: (line in the
/// block, message).
fn differences(name: &str, shown: &[Shown], observations: &[Observation]) -> Option<(usize, String)> {
    let expected: Vec<&Observation> = observations.iter().filter(|o| !shows_nothing(&o.observed)).collect();
    for (index, shown) in shown.iter().enumerate() {
        let Some(observation) = expected.get(index) else {
            return Some((
                shown.line,
                format!(
                    "the example shows {} here, beyond the {index} values scenario `{name}` observes that are not None",
                    render_observed(&shown.observed)
                ),
            ));
        };
        if !observed_equal(&observation.observed, &shown.observed) {
            return Some((
                shown.line,
                format!(
                    "the example shows {} where scenario `{name}` observes {} (tests/scenarios.py line {}: {})",
                    render_observed(&shown.observed),
                    render_observed(&observation.observed),
                    observation.line,
                    observation.code
                ),
            ));
        }
    }
    if shown.len() < expected.len() {
        let missing = expected[shown.len()];
        return Some((
            shown.last().map_or(0, |s| s.line),
            format!(
                "the example shows {} values where scenario `{name}` observes {} that are not None; it does not show {} (tests/scenarios.py line {}: {})",
                shown.len(),
                expected.len(),
                render_observed(&missing.observed),
                missing.line,
                missing.code
            ),
        ));
    }
    None
}

#[cfg(test)]
mod unit {
    use super::*;
    use verdict_catalog::{ObservationChecker, RaisedException};

    fn observation(line: usize, observed: Observed) -> Observation {
        Observation {
            line,
            code: format!("check(line_{line})"),
            label: None,
            checker: ObservationChecker::Exact,
            observed,
        }
    }

    fn shown(line: usize, observed: Observed) -> Shown {
        Shown { line, observed }
    }

    fn raised(type_name: &str, message: &str) -> Observed {
        Observed::Raised(Some(RaisedException {
            type_name: type_name.into(),
            mro: vec![type_name.into()],
            message: message.into(),
        }))
    }

    #[test]
    fn none_values_and_quiet_raises_blocks_are_left_out() {
        let observations = [
            observation(5, Observed::Value(json!({"tuple": [2, 3]}))),
            observation(6, Observed::Value(Value::Null)),
            observation(7, Observed::Raised(None)),
            observation(8, raised("builtins.IndexError", "pop from an empty stack")),
        ];
        let block = [
            shown(4, Observed::Value(json!({"tuple": [2, 3]}))),
            shown(6, raised("builtins.IndexError", "pop from an empty stack")),
        ];
        assert_eq!(differences("test_a", &block, &observations), None);
    }

    #[test]
    fn a_value_of_another_type_differs() {
        let observations = [observation(5, Observed::Value(json!({"tuple": [2, 3]})))];
        let block = [shown(4, Observed::Value(json!([2, 3])))];
        let (line, message) = differences("test_a", &block, &observations).unwrap_or_default();
        assert_eq!(line, 4);
        assert!(message.contains("shows [2, 3] where scenario `test_a` observes (2, 3)"), "{message}");
        assert!(message.contains("line 5: check(line_5)"), "{message}");
    }

    #[test]
    fn an_exception_compares_by_class_and_message() {
        let observations = [observation(5, raised("builtins.IndexError", "pop from an empty stack"))];
        let other = [shown(2, raised("builtins.IndexError", "empty"))];
        assert!(differences("test_a", &other, &observations).is_some());
        let same_text = [shown(2, raised("solution.IndexError", "pop from an empty stack"))];
        assert!(differences("test_a", &same_text, &observations).is_some());
    }

    #[test]
    fn too_many_or_too_few_values_are_named() {
        let observations = [observation(5, Observed::Value(json!(1))), observation(6, Observed::Value(json!(2)))];
        let (_, fewer) =
            differences("test_a", &[shown(2, Observed::Value(json!(1)))], &observations).unwrap_or_default();
        assert!(fewer.contains("shows 1 values where scenario `test_a` observes 2"), "{fewer}");
        assert!(fewer.contains("it does not show 2"), "{fewer}");
        let more = [
            shown(2, Observed::Value(json!(1))),
            shown(3, Observed::Value(json!(2))),
            shown(4, Observed::Value(json!(3))),
        ];
        let (line, message) = differences("test_a", &more, &observations).unwrap_or_default();
        assert_eq!(line, 4, "{message}");
        assert!(message.contains("shows 3 here, beyond the 2 values"), "{message}");
    }
}
