//! Whose submissions these are: a practice candidate's cookie id, or an assessment attempt's
//! namespaced id. Nothing else in the store spells the namespace.

/// The `candidate` of an attempt's submissions: `attempt:` and the invitation's id, a namespace
/// practice mode's cookie ids (32 hex digits) can never fall into.
pub const ATTEMPT_CANDIDATE_PREFIX: &str = "attempt:";

pub fn attempt_candidate(invitation: &str) -> String {
    format!("{ATTEMPT_CANDIDATE_PREFIX}{invitation}")
}

/// Whether a submission's `candidate` is an assessment attempt (graded on every test) rather
/// than practice.
pub fn is_attempt_candidate(candidate: &str) -> bool {
    candidate.starts_with(ATTEMPT_CANDIDATE_PREFIX)
}

/// The invitation of an attempt's `candidate`; None for a practice candidate.
pub(crate) fn attempt_invitation(candidate: &str) -> Option<&str> {
    candidate.strip_prefix(ATTEMPT_CANDIDATE_PREFIX)
}
