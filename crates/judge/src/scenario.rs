//! Grade one scenario's run: read its observations off the judge's channel (each stamped with
//! the run's token and numbered in order), then compare them one by one with the reference's.

use crate::graded::Graded;
use crate::harness::{Outcome, Reply};
use crate::observe::{compare, render_observed, type_of, Comparison};
use crate::verdict::Verdict;
use serde::Deserialize;
use verdict_catalog::{Expected, Observation};

/// A custom checker's decision on one observation (scenario, expected, actual): its score and
/// message, or why the checker failed.
pub(crate) type CustomCheck<'a> =
    dyn FnMut(&str, &Observation, &Observation) -> Result<(f64, Option<String>), String> + 'a;

/// A fresh token for one run: the harness stamps every observation line with it.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random number source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One line of the channel between STARTED and the reply.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    seq: usize,
    observation: Observation,
    token: String,
}

/// The observations on the channel, or why the channel holds something else.
fn read_records(records: &[Vec<u8>], token: &str) -> Result<Vec<Observation>, String> {
    records
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let record: Record = serde_json::from_slice(line)
                .map_err(|e| format!("line {} is not an observation record ({e})", index + 1))?;
            if record.token != token {
                return Err(format!("line {} does not carry this run's token", index + 1));
            }
            if record.seq != index + 1 {
                return Err(format!("line {} is numbered {} where {} was next", index + 1, record.seq, index + 1));
            }
            Ok(record.observation)
        })
        .collect()
}

fn channel_error(why: &str, stdout: String) -> Graded {
    Graded::fail(Verdict::RE, format!("the program wrote on the judge's channel: {why}"), stdout)
}

/// Grades a scenario's reply and the records before it. Without `expected` it only records the
/// observations (the reference's).
pub(crate) fn grade_scenario(
    name: &str,
    expected: Option<&Expected>,
    reply: Reply,
    records: &[Vec<u8>],
    token: &str,
    custom: &mut CustomCheck<'_>,
) -> Graded {
    let stdout = reply.stdout;
    let count = match reply.outcome {
        Outcome::ScenarioDone { observations, token: said } => {
            if said != token {
                return channel_error("the scenario's end does not carry this run's token", stdout);
            }
            observations
        }
        Outcome::Raised(raised) if raised.out_of_memory => {
            return Graded::fail(Verdict::MLE, "memory limit exceeded".into(), stdout)
        }
        // An exception the scenario did not catch: the candidate's code raised where the
        // reference's did not (or, in the reference's run, the scenario is broken). An
        // observation that already differed is the failure, as the assertion before the error
        // would have been in a unittest.
        Outcome::Raised(raised) => {
            if let (Some(Expected::Observations(want)), Ok(made)) = (expected, read_records(records, token)) {
                let differs = want.iter().zip(&made).find(|(e, a)| matches!(compare(e, a), Comparison::Differs));
                if let Some((e, a)) = differs {
                    let message = format!("{}\n(the scenario then ended by an exception)", difference(name, e, a));
                    return Graded::fail(Verdict::WA, message, stdout);
                }
            }
            return Graded::fail(Verdict::RE, format!("{name}:\n{}", raised.traceback), stdout);
        }
        other => {
            let message = format!("the harness reported `{}`: {}", other.status(), other.explanation());
            return Graded::fail(Verdict::IE, message, stdout);
        }
    };
    let observed = match read_records(records, token) {
        Ok(list) if list.len() == count => list,
        Ok(list) => {
            let why = format!("the scenario's end counts {count} observations where {} came", list.len());
            return channel_error(&why, stdout);
        }
        Err(why) => return channel_error(&why, stdout),
    };
    let actual = Some(serde_json::json!({"observations": observed}));
    let answer = Some(Expected::Observations(observed.clone()));
    let (verdict, score, message) = match expected {
        None => (Verdict::AC, 1.0, None),
        Some(Expected::Observations(want)) => judge_observations(name, want, &observed, custom),
        Some(_) => (Verdict::IE, 0.0, Some("a scenario's expected answer is its reference's observations".into())),
    };
    let mut graded = Graded::new(verdict, actual, stdout, message, answer);
    graded.score = Some(score);
    graded
}

/// The verdict, score and message of the observations: the first that differs, with the
/// reference's beside it, fails the scenario; custom-checked ones may give partial credit, and
/// the scenario scores as its lowest.
fn judge_observations(
    name: &str,
    want: &[Observation],
    got: &[Observation],
    custom: &mut CustomCheck<'_>,
) -> (Verdict, f64, Option<String>) {
    let mut lowest: (f64, Option<String>) = (1.0, None);
    for (expected, actual) in want.iter().zip(got) {
        match compare(expected, actual) {
            Comparison::Same => {}
            Comparison::Differs => return (Verdict::WA, 0.0, Some(difference(name, expected, actual))),
            Comparison::Internal(why) => return (Verdict::IE, 0.0, Some(format!("{name}: {why}"))),
            Comparison::Custom => match custom(name, expected, actual) {
                Ok((score, said)) if score < lowest.0 => {
                    let mut message = difference(name, expected, actual);
                    if let Some(said) = said.filter(|s| !s.is_empty()) {
                        message = format!("{message}\n{said}");
                    }
                    lowest = (score, Some(message));
                }
                Ok(_) => {}
                Err(why) => return (Verdict::IE, 0.0, Some(format!("{name}: {why}"))),
            },
        }
    }
    if want.len() != got.len() {
        let message = format!(
            "{name}: the scenario made {} observation{} where the reference made {}",
            got.len(),
            if got.len() == 1 { "" } else { "s" },
            want.len()
        );
        return (Verdict::WA, 0.0, Some(message));
    }
    match lowest {
        (score, _) if score >= 1.0 => (Verdict::AC, 1.0, None),
        (score, message) => (Verdict::WA, score, message),
    }
}

/// Where a scenario went wrong, as a failing unittest says it.
pub(crate) fn difference(name: &str, expected: &Observation, actual: &Observation) -> String {
    let label = expected.label.as_deref().map(|l| format!(" [{l}]")).unwrap_or_default();
    let head = format!("{name}, line {}{label}: {}", expected.line, expected.code);
    if expected.line != actual.line {
        return format!(
            "{head}\nexpected {}\nbut the scenario's next observation came from line {}: {}",
            render_observed(&expected.observed),
            actual.line,
            actual.code
        );
    }
    let (want, got) = (render_observed(&expected.observed), render_observed(&actual.observed));
    let (want_type, got_type) = (type_of(&expected.observed), type_of(&actual.observed));
    if want == got && want_type != got_type {
        // Equal reprs of different values (an object whose repr is `2` against the int 2):
        // the types tell them apart.
        return format!("{head}\nexpected {want} ({want_type})\nactual   {got} ({got_type})");
    }
    format!("{head}\nexpected {want}\nactual   {got}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use verdict_catalog::Observed;

    fn reply(outcome: Value) -> Reply {
        serde_json::from_value(json!({"outcome": outcome, "stdout": ""})).unwrap_or_else(|e| panic!("{e}"))
    }

    fn record(seq: usize, token: &str, value: Value) -> Vec<u8> {
        let observation =
            json!({"line": 12, "code": "check(stack.pop())", "checker": {"name": "exact"}, "value": value});
        json!({"seq": seq, "observation": observation, "token": token}).to_string().into_bytes()
    }

    fn no_custom(_: &str, _: &Observation, _: &Observation) -> Result<(f64, Option<String>), String> {
        Err("no checker.py".into())
    }

    fn done(count: usize, token: &str) -> Reply {
        reply(json!({"status": "scenario_done", "observations": count, "token": token}))
    }

    #[test]
    fn the_reference_run_records_its_observations_and_a_different_value_is_wa_with_both_reprs() {
        let lines = [record(1, "t", json!({"tuple": [1, 2]}))];
        let reference = grade_scenario("test_pop", None, done(1, "t"), &lines, "t", &mut no_custom);
        assert_eq!(reference.verdict, Verdict::AC);
        let expected = reference.answer.unwrap_or_else(|| panic!("an answer"));
        let same = grade_scenario("test_pop", Some(&expected), done(1, "t"), &lines, "t", &mut no_custom);
        assert_eq!(same.verdict, Verdict::AC, "{:?}", same.message);
        let wrong = [record(1, "t", json!([1, 2]))];
        let graded = grade_scenario("test_pop", Some(&expected), done(1, "t"), &wrong, "t", &mut no_custom);
        assert_eq!(graded.verdict, Verdict::WA);
        assert_eq!(
            graded.message.as_deref(),
            Some("test_pop, line 12: check(stack.pop())\nexpected (1, 2)\nactual   [1, 2]")
        );
    }

    #[test]
    fn a_custom_checked_observation_may_give_partial_credit_and_the_lowest_counts() {
        let custom = |seq: usize, value: Value| {
            let observation = json!({"line": 5, "code": "check(r, checker='custom')", "checker": {"name": "custom"},
                                     "value": value});
            json!({"seq": seq, "observation": observation, "token": "t"}).to_string().into_bytes()
        };
        let lines = [custom(1, json!(1)), custom(2, json!(2))];
        let expected = grade_scenario("test_a", None, done(2, "t"), &lines, "t", &mut no_custom).answer;
        let expected = expected.unwrap_or_else(|| panic!("an answer"));
        let mut asked = Vec::new();
        let mut checker = |scenario: &str, want: &Observation, got: &Observation| {
            asked.push((scenario.to_owned(), want.line, got.observed.clone()));
            Ok((if got.observed == Observed::Value(json!(2)) { 0.25 } else { 0.5 }, Some("close".into())))
        };
        let graded = grade_scenario("test_a", Some(&expected), done(2, "t"), &lines, "t", &mut checker);
        assert_eq!((graded.verdict, graded.score()), (Verdict::WA, 0.25));
        assert_eq!(
            graded.message.as_deref(),
            Some("test_a, line 5: check(r, checker='custom')\nexpected 2\nactual   2\nclose")
        );
        assert_eq!(asked.len(), 2);
        let failed = grade_scenario("test_a", Some(&expected), done(2, "t"), &lines, "t", &mut no_custom);
        assert_eq!(failed.verdict, Verdict::IE, "a checker that fails is never the candidate's fault");
        let mut full = |_: &str, _: &Observation, _: &Observation| Ok((1.0, None));
        let graded = grade_scenario("test_a", Some(&expected), done(2, "t"), &lines, "t", &mut full);
        assert_eq!((graded.verdict, graded.score()), (Verdict::AC, 1.0));
    }

    #[test]
    fn fewer_observations_than_the_reference_is_wa_naming_both_counts() {
        let lines = [record(1, "t", json!(1)), record(2, "t", json!(2))];
        let expected = grade_scenario("test_a", None, done(2, "t"), &lines, "t", &mut no_custom)
            .answer
            .unwrap_or_else(|| panic!());
        let graded = grade_scenario("test_a", Some(&expected), done(1, "t"), &lines[..1], "t", &mut no_custom);
        assert_eq!(graded.verdict, Verdict::WA);
        assert_eq!(
            graded.message.as_deref(),
            Some("test_a: the scenario made 1 observation where the reference made 2")
        );
    }

    #[test]
    fn a_wrong_token_seq_count_or_line_on_the_channel_is_re_never_ie() {
        let good = record(1, "t", json!(1));
        let cases: [(Vec<Vec<u8>>, Reply); 5] = [
            (vec![record(1, "forged", json!(1))], done(1, "t")),
            (vec![record(2, "t", json!(1))], done(1, "t")),
            (vec![good.clone()], done(2, "t")),
            (vec![good.clone()], done(1, "forged")),
            (vec![b"{\"status\": \"returned\"}".to_vec()], done(1, "t")),
        ];
        for (lines, reply) in cases {
            let graded = grade_scenario("test_a", None, reply, &lines, "t", &mut no_custom);
            assert_eq!(graded.verdict, Verdict::RE, "{:?}", graded.message);
            assert!(graded
                .message
                .as_deref()
                .is_some_and(|m| m.starts_with("the program wrote on the judge's channel")));
        }
    }

    #[test]
    fn a_scenario_ended_by_an_exception_is_re_with_its_traceback() {
        let raised = reply(json!({"status": "raised", "exception": "IndexError", "mro": ["builtins.IndexError"],
            "shadows": [], "message": "m", "traceback": "Traceback ...\nIndexError: m\n", "out_of_memory": false}));
        let graded = grade_scenario("test_a", None, raised, &[], "t", &mut no_custom);
        assert_eq!(graded.verdict, Verdict::RE);
        assert!(graded.message.as_deref().is_some_and(|m| m.contains("IndexError: m")), "{:?}", graded.message);
        assert!(graded.answer.is_none());
    }

    #[test]
    fn equal_reprs_of_different_types_are_told_apart_by_their_types() {
        let lines = [record(1, "t", json!(2))];
        let expected = grade_scenario("test_a", None, done(1, "t"), &lines, "t", &mut no_custom).answer;
        let expected = expected.unwrap_or_else(|| panic!("an answer"));
        let lookalike = [record(1, "t", json!({"object": {"type": "solution.Anything", "repr": "2"}}))];
        let graded = grade_scenario("test_a", Some(&expected), done(1, "t"), &lookalike, "t", &mut no_custom);
        assert_eq!(graded.verdict, Verdict::WA);
        assert_eq!(
            graded.message.as_deref(),
            Some("test_a, line 12: check(stack.pop())\nexpected 2 (int)\nactual   2 (solution.Anything)")
        );
    }

    #[test]
    fn an_observation_that_differed_before_the_scenario_raised_is_the_failure() {
        let lines = [record(1, "t", json!(1)), record(2, "t", json!(2))];
        let expected = grade_scenario("test_a", None, done(2, "t"), &lines, "t", &mut no_custom).answer;
        let expected = expected.unwrap_or_else(|| panic!("an answer"));
        let raised = || {
            reply(json!({"status": "raised", "exception": "KeyError", "mro": ["builtins.KeyError"], "shadows": [],
                "message": "k", "traceback": "Traceback ...\nKeyError: k\n", "out_of_memory": false}))
        };
        let wrong_then_raised = [record(1, "t", json!(7))];
        let graded = grade_scenario("test_a", Some(&expected), raised(), &wrong_then_raised, "t", &mut no_custom);
        assert_eq!(graded.verdict, Verdict::WA, "{:?}", graded.message);
        assert!(
            graded.message.as_deref().is_some_and(|m| m.contains("expected 1\nactual   7")),
            "{:?}",
            graded.message
        );
        let right_then_raised = [record(1, "t", json!(1))];
        let graded = grade_scenario("test_a", Some(&expected), raised(), &right_then_raised, "t", &mut no_custom);
        assert_eq!(graded.verdict, Verdict::RE, "{:?}", graded.message);
        assert!(graded.message.as_deref().is_some_and(|m| m.contains("KeyError: k")), "{:?}", graded.message);
    }
}
