//! Grade one test's run, outside the box: the sandbox's status, then the harness's reply (or a
//! program's stdout), compared with the expected answer.

use crate::checker::Checker;
use crate::graded::Graded;
use crate::harness::{self, Outcome, Reply, Step, Stream, Unread};
use crate::order_by;
use crate::prepared::PreparedTest;
use crate::raises::{raised_name, raises_matches, sequence_matches, sequence_values};
use crate::report::{FailureReason, QueryLog};
use crate::resultset::{self, ResultSet};
use crate::scenario::CustomCheck;
use crate::verdict::Verdict;
use serde_json::{json, Value};
use verdict_catalog::{Expected, Kind, Problem, TestInput};
use verdict_sandbox::{RunOutcome, Status};

/// The message of an OLE, whichever stream the output filled.
const TOO_MUCH_OUTPUT: &str = "too much output";

/// The verdict a sandbox status gives when the program did not finish normally.
fn verdict_of_status(outcome: &RunOutcome) -> Option<(Verdict, String)> {
    Some(match outcome.status {
        Status::Ok => return None,
        Status::TimeLimit => (Verdict::TLE, format!("time limit exceeded after {} ms of CPU", outcome.cpu_ms)),
        Status::MemoryLimit => (Verdict::MLE, "memory limit exceeded".into()),
        Status::OutputLimit => (Verdict::OLE, TOO_MUCH_OUTPUT.into()),
        Status::SecurityViolation => (
            Verdict::RE,
            format!("forbidden operation: the {} system call", outcome.violation.as_deref().unwrap_or("unknown")),
        ),
        Status::RuntimeError => (Verdict::RE, harness::tail(&outcome.stderr)),
        Status::InternalError => (Verdict::IE, outcome.error.clone().unwrap_or_default()),
    })
}

/// Grades one run. Without `expected` it only records the answer (the reference's), and a
/// run that cannot be an answer is not AC.
pub(crate) fn grade(
    problem: &Problem,
    test: &PreparedTest,
    expected: Option<&Expected>,
    outcome: &RunOutcome,
    stream: Option<Stream>,
    token: &str,
    custom: &mut CustomCheck<'_>,
) -> Graded {
    let graded = grade_run(problem, test, expected, outcome, stream, token, custom);
    match test.case.input {
        TestInput::Suite { .. } => crate::suite::caught_or(expected, graded),
        _ => graded,
    }
}

fn grade_run(
    problem: &Problem,
    test: &PreparedTest,
    expected: Option<&Expected>,
    outcome: &RunOutcome,
    stream: Option<Stream>,
    token: &str,
    custom: &mut CustomCheck<'_>,
) -> Graded {
    let stdout_of_run = String::from_utf8_lossy(&outcome.stdout).into_owned();
    if let Some((verdict, message)) = verdict_of_status(outcome) {
        let stdout = if problem.manifest.kind == Kind::Stdio { stdout_of_run } else { String::new() };
        return Graded::fail(verdict, message, stdout);
    }
    let checker = Checker::from_spec(&problem.manifest.checker).unwrap_or(Checker::Exact);
    if let TestInput::Stdin { .. } = test.case.input {
        return grade_stdout(checker, expected, stdout_of_run);
    }
    // The stream is read for every run that ended normally.
    let (reply, candidate_ran, records) =
        stream.map_or((Err(Unread::Missing), false, Vec::new()), |s| (s.reply, s.candidate_ran, s.records));
    // Python tests mark the moment the candidate's code starts; an SQL answer has no Python.
    let marks_start = !matches!(test.case.input, TestInput::Query { .. });
    let reply = match (reply, candidate_ran) {
        // A call's outcome before the candidate's code ever ran is the harness's own failure.
        (Ok(reply), false) if marks_start && reply.outcome.after_candidate() => {
            let message = format!(
                "the harness ended ({}) before the candidate's code ran: {}",
                reply.outcome.status(),
                reply.outcome.explanation()
            );
            return Graded::fail(Verdict::IE, message, String::new());
        }
        (Ok(reply), false) => reply,
        (Ok(reply), true) if reply.outcome.after_candidate() => reply,
        // Written by the candidate's code (or its missing or garbled reply): theirs, not ours.
        (Ok(reply), true) => {
            let message = format!(
                "the program wrote a result of its own (status `{}`) on the harness's stream",
                reply.outcome.status()
            );
            return Graded::fail(Verdict::RE, message, reply.stdout);
        }
        (Err(Unread::Missing), true) => {
            let message = "the program ended without a result: it exited (os._exit?) before the call returned";
            return Graded::fail(Verdict::RE, message.into(), String::new());
        }
        (Err(Unread::Unreadable(e)), true) => {
            return Graded::fail(Verdict::RE, format!("the program's result could not be read: {e}"), String::new());
        }
        (Err(unread), false) => {
            let message = format!("the harness gave {unread}: {}", harness::tail(&outcome.stderr));
            return Graded::fail(Verdict::IE, message, String::new());
        }
    };
    if reply.output_limit {
        return Graded::fail(Verdict::OLE, TOO_MUCH_OUTPUT.into(), reply.stdout);
    }
    if let Outcome::FixtureError { message } = &reply.outcome {
        // A dataset that does not load is the author's fault, or the candidate's when it is
        // their own tables.
        return if test.case.input.dataset() == Some(verdict_catalog::tests::CUSTOM_DATASET) {
            Graded::fail(Verdict::RE, format!("your tables did not load: {message}"), String::new())
        } else {
            Graded::fail(Verdict::IE, format!("the problem's dataset did not load: {message}"), String::new())
        };
    }
    match &test.case.input {
        TestInput::Query { .. } => grade_sql(problem, expected, reply.outcome),
        TestInput::Scenario { name, .. } => {
            crate::scenario::grade_scenario(name, expected, reply, &records, token, custom)
        }
        TestInput::Suite { .. } => crate::suite::grade_suite(expected, reply),
        TestInput::Frames { .. } => match reply.outcome {
            Outcome::Returned { value, .. } => {
                crate::frames::grade_answer(&problem.manifest.pandas_spec(), expected, value, reply.stdout)
            }
            other => grade_value(Checker::Exact, expected, other, reply.stdout),
        },
        TestInput::Exchanges { .. } => crate::exchange::grade_exchanges(problem, test, expected, reply),
        _ => grade_call(problem, checker, expected, reply),
    }
}

/// Grades a program's stdout (stdio problems).
fn grade_stdout(checker: Checker, expected: Option<&Expected>, stdout: String) -> Graded {
    let answer = Expected::Value(Value::String(stdout.clone()));
    let verdict = match expected {
        Some(Expected::Value(Value::String(e))) => {
            if checker.output_matches(e, &stdout) {
                Verdict::AC
            } else {
                Verdict::WA
            }
        }
        Some(_) => Verdict::IE,
        None => Verdict::AC,
    };
    Graded::new(verdict, Some(Value::String(stdout.clone())), stdout, None, Some(answer))
}

/// Grades a call (function and orm problems): its value, then an ORM answer's query count.
fn grade_call(problem: &Problem, checker: Checker, expected: Option<&Expected>, reply: Reply) -> Graded {
    let budget = problem.manifest.orm.as_ref().and_then(|o| o.max_queries);
    let (queries, tampered) = match reply.queries {
        Some(recorded) => {
            (Some(QueryLog { count: recorded.count, budget, statements: recorded.statements }), recorded.tampered)
        }
        None => (None, None),
    };
    let mut graded = grade_value(checker, expected, reply.outcome, reply.stdout);
    if let Some(log) = &queries {
        if let (Some(budget), Some(_)) = (log.budget, expected) {
            if let Some(how) = tampered {
                // The count cannot be believed, so the budget cannot be checked: the run is not
                // graded on its value alone.
                graded.verdict = Verdict::RE;
                graded.message = Some(format!(
                    "The SQL query recorder was tampered with ({how}), so the queries this answer sent cannot be \
                     counted against the budget of {budget}."
                ));
            } else if graded.verdict == Verdict::AC && log.count > budget {
                graded.verdict = Verdict::QLE;
                graded.message = Some(format!(
                    "Too many queries: {} of {budget}. The answer is right, but it sent {} SQL queries where this \
                     problem allows {budget}. A query per row (the N+1 pattern) is the usual cause: load related \
                     rows up front (select_related, prefetch_related, joinedload, selectinload) or let the database \
                     aggregate. The queries are listed below.",
                    log.count, log.count
                ));
            }
        }
    }
    graded.queries = queries;
    graded
}

/// Grades what the harness reported for a call or a call sequence.
fn grade_value(checker: Checker, expected: Option<&Expected>, outcome: Outcome, stdout: String) -> Graded {
    match outcome {
        Outcome::Returned { value, traceback, repr, .. } => {
            Graded { actual_repr: repr, ..grade_returned(checker, expected, value, None, traceback, stdout) }
        }
        Outcome::Sequence { results } => {
            let actual = Value::Array(sequence_values(&results));
            let actual_repr = sequence_repr(&results);
            Graded { actual_repr, ..grade_returned(checker, expected, actual, Some(&results), None, stdout) }
        }
        Outcome::Raised(raised) => {
            if raised.out_of_memory {
                return Graded::fail(Verdict::MLE, "memory limit exceeded".into(), stdout);
            }
            let name = raised_name(&raised.exception, &raised.mro, &raised.shadows);
            let shown = || Some(json!({"raises": name}));
            match expected {
                Some(Expected::Raises(wanted)) if raises_matches(wanted, &raised.mro, &raised.shadows) => {
                    Graded::new(Verdict::AC, shown(), stdout, None, Some(Expected::Raises(name.clone())))
                }
                None => Graded::new(Verdict::AC, shown(), stdout, None, Some(Expected::Raises(name.clone()))),
                _ => Graded::fail(Verdict::RE, raised.traceback, stdout),
            }
        }
        Outcome::NotJson { message } => Graded::fail(Verdict::WA, message, stdout),
        Outcome::MissingEntry { message } => Graded::fail(Verdict::RE, message, stdout),
        other => Graded::fail(
            Verdict::IE,
            format!("the harness reported `{}`: {}", other.status(), other.explanation()),
            stdout,
        ),
    }
}

/// A call sequence's results, one Python repr a line (the box's own for a tuple), when the box
/// wrote some value's repr; a raised call reads `raises Name`.
fn sequence_repr(results: &[Step]) -> Option<String> {
    let any = results.iter().any(|s| matches!(s, Step::Returned { repr: Some(_), .. }));
    let each = results.iter().zip(sequence_values(results)).map(|(step, value)| match step {
        Step::Returned { repr: Some(repr), .. } => repr.clone(),
        _ => verdict_catalog::repr::call_value_repr(&value),
    });
    // One a line, as the views write a call list's values (`verdict_catalog::repr::value_repr`).
    any.then(|| each.collect::<Vec<_>>().join("\n"))
}

/// Grades a value a call returned; `results` when it is a call sequence's.
fn grade_returned(
    checker: Checker,
    expected: Option<&Expected>,
    actual: Value,
    results: Option<&[Step]>,
    traceback: Option<String>,
    stdout: String,
) -> Graded {
    let answer = Expected::Value(actual.clone());
    let (verdict, message) = match expected {
        None => (Verdict::AC, None),
        // With `tables_after` a raised exception comes back as a value; where the expected
        // answer returned, it is an unexpected exception as anywhere else.
        Some(Expected::Value(e)) if actual.get("raised").is_some() && e.get("returned").is_some() => {
            return Graded::fail(Verdict::RE, traceback.unwrap_or_default(), stdout);
        }
        Some(Expected::Value(e)) => {
            let ok = match results {
                Some(results) => sequence_matches(checker, e, results),
                None => checker.values_match(e, &actual),
            };
            // A failed call graded with the tables it left carries its traceback.
            (if ok { Verdict::AC } else { Verdict::WA }, traceback.filter(|_| !ok))
        }
        Some(Expected::Raises(name)) => {
            (Verdict::WA, Some(format!("expected {name} to be raised, but the call returned")))
        }
        Some(Expected::FromReference | Expected::Observations(_) | Expected::SuitePasses | Expected::BugCaught) => {
            (Verdict::IE, Some("expected answer unknown".into()))
        }
    };
    Graded::new(verdict, Some(actual), stdout, message, Some(answer))
}

/// Grades an SQL answer's result set (or the tables after a data change).
fn grade_sql(problem: &Problem, expected: Option<&Expected>, outcome: Outcome) -> Graded {
    let spec = problem.manifest.sql_spec();
    let fail = |verdict, message: String| Graded::fail(verdict, message, String::new());
    let (value, reversed) = match outcome {
        Outcome::Returned { value, reversed_rows, .. } => (value, reversed_rows),
        Outcome::Refused { message } | Outcome::SqlError { message, .. } => return fail(Verdict::RE, message),
        Outcome::NotJson { message } => return fail(Verdict::WA, message),
        other => {
            return fail(Verdict::IE, format!("the harness reported `{}`: {}", other.status(), other.explanation()))
        }
    };
    let actual_set = ResultSet::from_json(&value);
    let reversed = reversed.as_deref();
    let answer = Some(Expected::Value(value.clone()));
    let Some(Expected::Value(want)) = expected else {
        // Recording the reference's answer: an ordered problem's reference must fix its order.
        if let (Some(set), Some(reversed)) = (&actual_set, reversed) {
            let fixed = resultset::compare(&spec, set, set, Some(reversed));
            if let Err(mismatch) = fixed {
                return fail(Verdict::IE, format!("the row order is not fixed by the query: {}", mismatch.describe()));
            }
        }
        let verdict = if expected.is_none() { Verdict::AC } else { Verdict::IE };
        return Graded::new(verdict, Some(value), String::new(), None, answer);
    };
    let compared = if spec.modifies {
        resultset::compare_tables(&spec, want, &value)
    } else {
        match (ResultSet::from_json(want), &actual_set) {
            (Some(want), Some(got)) => resultset::compare(&spec, &want, got, reversed),
            _ => Err(resultset::Mismatch::Malformed("the result could not be read as a result set".into())),
        }
    };
    match compared {
        Ok(()) => Graded::new(Verdict::AC, Some(value), String::new(), None, answer),
        Err(mismatch) => {
            let mut graded = Graded::new(Verdict::WA, Some(value), String::new(), Some(mismatch.describe()), answer);
            graded.reason = mismatch.is_order().then_some(FailureReason::RowOrder);
            graded
        }
    }
}

/// An ordered problem's answer must fix its order with a top-level `ORDER BY`: rows that come
/// out sorted without one (GROUP BY, a recursive CTE) are sorted by chance, and the reversed run
/// cannot show it when SQLite sorts them anyway.
pub(crate) fn require_order_by(problem: &Problem, source: &str, expected: Option<&Expected>, graded: &mut Graded) {
    let spec = problem.manifest.sql_spec();
    // `None`: the parser cannot read a statement SQLite ran. The candidate is not punished for
    // the parser's gap; the two runs' row orders decide alone, as they did before the parser.
    if !spec.ordered || spec.modifies || graded.verdict != Verdict::AC {
        return;
    }
    if order_by::has_top_level_order_by_in(source, spec.dialect) != Some(false) {
        return;
    }
    match expected {
        Some(Expected::Value(_)) => {
            graded.verdict = Verdict::WA;
            graded.reason = Some(FailureReason::RowOrder);
            graded.message = Some(format!(
                "The rows are right, but the problem asks for an order and the query has no ORDER BY: without one \
                 the order is {}'s choice, right here only by chance.",
                spec.dialect.engine()
            ));
        }
        // Recording the reference's answer.
        None => {
            graded.verdict = Verdict::IE;
            graded.answer = None;
            graded.message = Some("the row order is not fixed by the query: it has no top-level ORDER BY".into());
        }
        Some(_) => {}
    }
}
