//! Custom input given as Python literals: each is evaluated with `ast.literal_eval` in a run of
//! the harness of its own, before the reference or the candidate's code sees the input, so a
//! text that is not a literal is refused by its field with Python's message (never graded as
//! the candidate's error, never evaluated outside the box).

use crate::error::JudgeError;
use crate::harness::{self, Outcome, Request, Stream};
use verdict_catalog::{literals, FieldError, TestInput};
use verdict_sandbox::{Limits, Sandbox};

/// The first literal of `input` that is not one, with its field and Python's message; None
/// when every literal evaluates (or there are none).
pub(crate) fn bad_literal(sandbox: &Sandbox, input: &TestInput) -> Result<Option<FieldError>, JudgeError> {
    let fields = literals::fields(input);
    if fields.is_empty() {
        return Ok(None);
    }
    // No candidate code runs: the default limits bound what a deeply nested text can cost.
    let (outcome, stream) =
        harness::run(sandbox, &Request::Literals { fields: &fields }, Vec::new(), Limits::default())?;
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
