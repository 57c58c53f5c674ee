//! A statement's examples must equal the problem's sample tests (those of sample scenarios:
//! see [`crate::doctests`]).

use crate::doctests;
use crate::findings::Findings;
use crate::script::run_script;
use serde::Deserialize;
use serde_json::{json, Value};
use verdict_catalog::statement::example_blocks;
use verdict_catalog::{Expected, Kind, TestInput};
use verdict_judge::checker::Checker;
use verdict_judge::{Judge, PreparedProblem, PreparedTest, Visibility};

use verdict_pyassets::EXAMPLES;

#[derive(Debug, Deserialize)]
struct ParsedBlock {
    calls: Vec<ParsedCall>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ParsedCall {
    func: String,
    args: Vec<Value>,
    kwargs: serde_json::Map<String, Value>,
    has_result: bool,
    result: Value,
    raises: Option<String>,
}

pub(crate) fn check_examples(judge: &Judge<'_>, prepared: &PreparedProblem, findings: &mut Findings<'_>) {
    let problem = &prepared.problem;
    if problem.manifest.kind.may_use_datasets() || matches!(problem.manifest.kind, Kind::Tests | Kind::Web) {
        // The app shows an sql, orm, pandas or web problem's sample data and results from the
        // package itself; a statement need not repeat them.
        return;
    }
    let blocks = example_blocks(&problem.statement);
    let samples: Vec<&PreparedTest> = prepared.tests.iter().filter(|t| t.visibility == Visibility::Sample).collect();
    let checker = Checker::from_spec(&problem.manifest.checker).unwrap_or(Checker::Exact);
    match problem.manifest.kind {
        Kind::Stdio => {
            let inputs: Vec<_> = blocks.iter().filter(|b| b.tag == "input").collect();
            let outputs: Vec<_> = blocks.iter().filter(|b| b.tag == "output").collect();
            if inputs.len() != samples.len() || outputs.len() != samples.len() {
                findings.add(
                    "statement.md",
                    None,
                    format!(
                        "{} input and {} output examples for {} sample tests",
                        inputs.len(),
                        outputs.len(),
                        samples.len()
                    ),
                );
                return;
            }
            for ((input, output), test) in inputs.iter().zip(&outputs).zip(&samples) {
                let (TestInput::Stdin { stdin }, Expected::Value(Value::String(expected))) =
                    (&test.case.input, &test.case.expected)
                else {
                    continue;
                };
                if input.text.trim_end() != stdin.trim_end() {
                    findings.add(
                        "statement.md",
                        Some(input.line),
                        format!("input differs from sample test {}", test.number),
                    );
                }
                if !Checker::Exact.output_matches(expected, &output.text) {
                    findings.add(
                        "statement.md",
                        Some(output.line),
                        format!("output differs from sample test {}", test.number),
                    );
                }
            }
        }
        Kind::Sql | Kind::Orm | Kind::Tests | Kind::Pandas | Kind::Web => {}
        Kind::Function => {
            let examples: Vec<_> = blocks.iter().filter(|b| b.tag == "example").collect();
            if examples.len() != samples.len() {
                findings.add(
                    "statement.md",
                    examples.first().map(|b| b.line),
                    format!("{} example blocks for {} sample tests", examples.len(), samples.len()),
                );
                return;
            }
            // Sample scenarios come after the JSON samples; their blocks are doctests.
            let (scenario_pairs, json_pairs): (Vec<_>, Vec<_>) = examples
                .iter()
                .copied()
                .zip(samples.iter().copied())
                .partition(|(_, test)| matches!(test.case.input, TestInput::Scenario { .. }));
            doctests::check_doctests(judge, problem, &scenario_pairs, findings);
            if json_pairs.is_empty() {
                return;
            }
            let (examples, samples): (Vec<_>, Vec<_>) = json_pairs.into_iter().unzip();
            let texts: Vec<&str> = examples.iter().map(|b| b.text.as_str()).collect();
            let parsed = run_script(judge, EXAMPLES, &[], json!({ "blocks": texts }).to_string().into_bytes())
                .and_then(|out| serde_json::from_slice::<Vec<ParsedBlock>>(&out).map_err(|e| e.to_string()));
            let parsed = match parsed {
                Ok(p) => p,
                Err(e) => {
                    findings.add("statement.md", None, format!("the examples could not be read: {e}"));
                    return;
                }
            };
            let entry = problem.manifest.entry.as_deref().unwrap_or_default();
            for ((block, parsed), test) in examples.iter().zip(parsed).zip(&samples) {
                let mut differs = |what: String| {
                    findings.add(
                        "statement.md",
                        Some(block.line),
                        format!("example differs from sample test {}: {what}", test.number),
                    )
                };
                if let Some(error) = parsed.error {
                    differs(error);
                    continue;
                }
                match &test.case.input {
                    TestInput::Call { args, kwargs } => {
                        let [call] = parsed.calls.as_slice() else {
                            differs(format!("it shows {} calls, the test makes one", parsed.calls.len()));
                            continue;
                        };
                        if call.func != entry {
                            differs(format!("it calls `{}`, not `{entry}`", call.func));
                        } else if !Checker::Exact
                            .values_match(&Value::Array(args.clone()), &Value::Array(call.args.clone()))
                            || !Checker::Exact
                                .values_match(&Value::Object(kwargs.clone()), &Value::Object(call.kwargs.clone()))
                        {
                            differs(format!("arguments {:?} against {:?}", call.args, args));
                        } else if let Some(problem) = result_differs(checker, &test.case.expected, call) {
                            differs(problem);
                        }
                    }
                    TestInput::Calls { calls } => {
                        if parsed.calls.len() != calls.len() {
                            differs(format!("it shows {} calls, the test makes {}", parsed.calls.len(), calls.len()));
                            continue;
                        }
                        let expected = match &test.case.expected {
                            Expected::Value(Value::Array(list)) => list.clone(),
                            _ => Vec::new(),
                        };
                        for (i, ((name, args), shown)) in calls.iter().zip(&parsed.calls).enumerate() {
                            if &shown.func != name
                                || !Checker::Exact
                                    .values_match(&Value::Array(args.clone()), &Value::Array(shown.args.clone()))
                            {
                                differs(format!(
                                    "call {} is `{}{:?}`, the test has `{name}{args:?}`",
                                    i + 1,
                                    shown.func,
                                    shown.args
                                ));
                                break;
                            }
                            let want = expected.get(i).cloned().unwrap_or(Value::Null);
                            let want = match want.get(verdict_catalog::tests::RAISES_KEY).and_then(Value::as_str) {
                                Some(name) => Expected::Raises(name.to_owned()),
                                None => Expected::Value(want),
                            };
                            if let Some(problem) = result_differs(checker, &want, shown) {
                                differs(format!("call {}: {problem}", i + 1));
                                break;
                            }
                        }
                    }
                    TestInput::Stdin { .. }
                    | TestInput::Query { .. }
                    | TestInput::OrmCall { .. }
                    | TestInput::Frames { .. }
                    | TestInput::Scenario { .. }
                    | TestInput::Suite { .. }
                    | TestInput::Exchanges { .. } => {}
                }
            }
        }
    }
}

fn result_differs(checker: Checker, expected: &Expected, shown: &ParsedCall) -> Option<String> {
    match expected {
        Expected::SuitePasses | Expected::BugCaught => None,
        Expected::Raises(name) => (shown.raises.as_deref() != Some(name))
            .then(|| format!("the test raises {name}, the example does not show it")),
        Expected::Value(Value::Null) => (shown.has_result && !shown.result.is_null())
            .then(|| format!("the example shows {}, the test expects None", shown.result)),
        Expected::Value(value) => {
            if shown.raises.is_some() || !shown.has_result {
                Some(format!("the test expects {value}, the example shows no result"))
            } else if !checker.values_match(value, &shown.result) {
                Some(format!("the example shows {}, the test expects {value}", shown.result))
            } else {
                None
            }
        }
        Expected::FromReference | Expected::Observations(_) => None,
    }
}
