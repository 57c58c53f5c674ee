//! Exceptions compared outside the box: by class (its MRO), never by a name the candidate's
//! code could take for its own class.

use crate::checker::Checker;
use crate::harness::Step;
use serde_json::{json, Value};
use verdict_catalog::tests::RAISES_KEY;

/// Whether an exception the harness described (`mro` as `module.QualName`, `shadows` the
/// builtins' names its classes have without being them) is the one a test expects. A dotted
/// name must be in the MRO as written. A bare name means the builtin of that name (a subclass
/// counts, a class of the candidate's own that is only named so does not), or, when it names no
/// builtin, a class of that name from anywhere: the problem's own, Django's
/// `MultipleObjectsReturned`.
pub(crate) fn raises_matches(wanted: &str, mro: &[String], shadows: &[String]) -> bool {
    if wanted.contains('.') {
        return mro.iter().any(|m| m == wanted);
    }
    if mro.iter().any(|m| m.strip_prefix("builtins.") == Some(wanted)) {
        return true;
    }
    !shadows.iter().any(|s| s == wanted)
        && mro.iter().any(|m| !m.starts_with("builtins.") && m.rsplit('.').next() == Some(wanted))
}

/// The name an answer records for a raised exception: the bare name, or the qualified one when
/// the bare name would mean a builtin that the exception is not.
pub(crate) fn raised_name(name: &str, mro: &[String], shadows: &[String]) -> String {
    match mro.first() {
        Some(qualified) if shadows.iter().any(|s| s == name) => qualified.clone(),
        _ => name.to_owned(),
    }
}

/// The values of a call sequence, with a raised exception as `{"$raises": name}`.
pub(crate) fn sequence_values(results: &[Step]) -> Vec<Value> {
    results
        .iter()
        .map(|step| match step {
            Step::Returned { value, .. } => value.clone(),
            Step::Raised(e) => json!({ RAISES_KEY: raised_name(&e.exception, &e.mro, &e.shadows) }),
        })
        .collect()
}

/// Whether a call sequence did what the test expects, call by call.
pub(crate) fn sequence_matches(checker: Checker, expected: &Value, results: &[Step]) -> bool {
    let Some(expected) = expected.as_array() else { return false };
    expected.len() == results.len()
        && expected.iter().zip(results).all(|(e, step)| match (e.get(RAISES_KEY).and_then(Value::as_str), step) {
            (Some(wanted), Step::Raised(raised)) => raises_matches(wanted, &raised.mro, &raised.shadows),
            (None, Step::Returned { value, .. }) => checker.values_match(e, value),
            (Some(_), Step::Returned { .. }) | (None, Step::Raised(_)) => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_bare_builtin_name_means_the_builtin_or_a_subclass_never_a_namesake() {
        let builtin =
            names(&["builtins.ValueError", "builtins.Exception", "builtins.BaseException", "builtins.object"]);
        let subclass = names(&["solution.Bad", "builtins.ValueError", "builtins.Exception"]);
        let namesake = names(&["solution.ValueError", "builtins.Exception", "builtins.BaseException"]);
        assert!(raises_matches("ValueError", &builtin, &[]));
        assert!(raises_matches("builtins.ValueError", &builtin, &[]));
        assert!(raises_matches("ValueError", &subclass, &[]));
        assert!(!raises_matches("ValueError", &namesake, &names(&["ValueError"])));
        assert!(raises_matches("solution.ValueError", &namesake, &names(&["ValueError"])));
        assert!(!raises_matches("KeyError", &builtin, &[]));
    }

    #[test]
    fn a_bare_name_of_no_builtin_means_a_class_of_that_name_from_anywhere() {
        let own = names(&["solution.Refused", "builtins.Exception"]);
        let django = names(&[
            "models.Author.MultipleObjectsReturned",
            "django.core.exceptions.MultipleObjectsReturned",
            "builtins.Exception",
        ]);
        assert!(raises_matches("Refused", &own, &[]));
        assert!(raises_matches("MultipleObjectsReturned", &django, &[]));
        assert!(!raises_matches("Exception2", &own, &[]));
        assert_eq!(raised_name("Refused", &own, &[]), "Refused");
        assert_eq!(
            raised_name("ValueError", &names(&["solution.ValueError"]), &names(&["ValueError"])),
            "solution.ValueError"
        );
    }

    #[test]
    fn a_sequence_matches_call_by_call_with_exceptions_by_class() {
        let steps: Vec<Step> = serde_json::from_value(json!([
            {"status": "returned", "value": null},
            {"status": "raised", "exception": "IndexError", "mro": ["builtins.IndexError", "builtins.LookupError", "builtins.Exception"],
             "shadows": [], "message": "pop from empty list", "traceback": "", "out_of_memory": false},
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sequence_values(&steps), vec![Value::Null, json!({RAISES_KEY: "IndexError"})]);
        assert!(sequence_matches(Checker::Exact, &json!([null, {RAISES_KEY: "LookupError"}]), &steps));
        assert!(!sequence_matches(Checker::Exact, &json!([null, {RAISES_KEY: "KeyError"}]), &steps));
        assert!(!sequence_matches(Checker::Exact, &json!([null, null]), &steps));
        assert!(!sequence_matches(Checker::Exact, &json!([null]), &steps));
    }
}
