//! Custom input given as Python literals: each is evaluated with `ast.literal_eval` in a run of
//! the harness of its own, before the reference or the candidate's code sees the input, so a
//! text that is not a literal is refused by its field with Python's message (never graded as
//! the candidate's error, never evaluated outside the box).

use crate::error::JudgeError;
use crate::harness::{self, Outcome, Request, Stream};
use verdict_catalog::{literals, FieldError, Problem, TestInput};
use verdict_sandbox::Sandbox;

/// The first literal of `input` that is not one, with its field and Python's message; None
/// when every literal evaluates (or there are none).
pub(crate) fn bad_literal(
    sandbox: &Sandbox,
    problem: &Problem,
    input: &TestInput,
) -> Result<Option<FieldError>, JudgeError> {
    let fields = literals::fields(input);
    if fields.is_empty() {
        return Ok(None);
    }
    // The test's own limits: a text that evaluates here evaluates again in the test, so the
    // test never fails on it for a reason of the judge's (IE).
    let limits = crate::run::limits(problem);
    let (outcome, stream) = harness::run(sandbox, &Request::Literals { fields: &fields }, Vec::new(), limits)?;
    Ok(match stream.and_then(Stream::into_reply).map(|r| r.outcome) {
        Some(Outcome::Returned { .. }) => None,
        Some(Outcome::BadLiteral { field, message }) => Some(FieldError { field, message }),
        _ => Some(FieldError::new(
            "input.literals",
            format!(
                "the literals could not be evaluated within the limits ({}): {}",
                outcome.status,
                harness::tail(&outcome.stderr)
            ),
        )),
    })
}
