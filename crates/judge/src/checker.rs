//! Comparing a candidate's answer with the expected one, outside the sandbox.

use serde_json::Value;
use verdict_catalog::{CheckerName, CheckerSpec};

/// A built-in checker with its options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Checker {
    /// Values equal as JSON (1 and 1.0 are equal); stdout equal byte for byte, but for a
    /// trailing newline.
    Exact,
    /// Like exact, but strings (and stdout) compare as whitespace-separated tokens.
    Tokens,
    /// Numbers pass within either tolerance, as Kattis does; everything else as `Tokens`.
    Float { abs: f64, rel: f64 },
    /// A list (or stdout's lines) compares as a multiset.
    Unordered,
}

impl Checker {
    /// The built-in checker for a spec; `None` for `custom`, which runs the problem's checker.py.
    pub fn from_spec(spec: &CheckerSpec) -> Option<Self> {
        Some(match spec.name {
            CheckerName::Exact => Checker::Exact,
            CheckerName::Tokens => Checker::Tokens,
            CheckerName::Float => Checker::Float { abs: spec.abs.unwrap_or(0.0), rel: spec.rel.unwrap_or(0.0) },
            CheckerName::Unordered => Checker::Unordered,
            CheckerName::Custom => return None,
        })
    }

    /// Compares two JSON values (a function's return value).
    pub fn values_match(self, expected: &Value, actual: &Value) -> bool {
        match self {
            Checker::Unordered => match (expected, actual) {
                (Value::Array(e), Value::Array(a)) => multiset_eq(e, a, |x, y| equal(x, y, Checker::Exact)),
                _ => equal(expected, actual, Checker::Exact),
            },
            other => equal(expected, actual, other),
        }
    }

    /// Compares a program's stdout with the expected text.
    pub fn output_matches(self, expected: &str, actual: &str) -> bool {
        match self {
            Checker::Exact => expected.trim_end_matches('\n') == actual.trim_end_matches('\n'),
            Checker::Tokens => expected.split_whitespace().eq(actual.split_whitespace()),
            Checker::Float { abs, rel } => {
                let e: Vec<&str> = expected.split_whitespace().collect();
                let a: Vec<&str> = actual.split_whitespace().collect();
                e.len() == a.len() && e.iter().zip(&a).all(|(x, y)| token_matches(x, y, abs, rel))
            }
            Checker::Unordered => {
                let lines = |s: &str| -> Vec<String> {
                    s.lines()
                        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                        .filter(|l| !l.is_empty())
                        .collect()
                };
                multiset_eq(&lines(expected), &lines(actual), |x, y| x == y)
            }
        }
    }
}

fn token_matches(expected: &str, actual: &str, abs: f64, rel: f64) -> bool {
    match (expected.parse::<f64>(), actual.parse::<f64>()) {
        (Ok(e), Ok(a)) => numbers_close(e, a, abs, rel),
        _ => expected == actual,
    }
}

/// Kattis's rule: a number passes when within the absolute or the relative tolerance.
pub fn numbers_close(expected: f64, actual: f64, abs: f64, rel: f64) -> bool {
    if !actual.is_finite() {
        return expected == actual;
    }
    let diff = (expected - actual).abs();
    diff <= abs || diff <= rel * expected.abs()
}

fn equal(expected: &Value, actual: &Value, checker: Checker) -> bool {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => match checker {
            Checker::Float { abs, rel } => match (e.as_f64(), a.as_f64()) {
                (Some(e), Some(a)) => numbers_close(e, a, abs, rel),
                _ => false,
            },
            _ => numbers_equal(e, a),
        },
        (Value::String(e), Value::String(a)) => match checker {
            Checker::Exact | Checker::Unordered => e == a,
            Checker::Tokens | Checker::Float { .. } => e.split_whitespace().eq(a.split_whitespace()),
        },
        (Value::Array(e), Value::Array(a)) => e.len() == a.len() && e.iter().zip(a).all(|(x, y)| equal(x, y, checker)),
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len() && e.iter().all(|(k, v)| a.get(k).is_some_and(|w| equal(v, w, checker)))
        }
        _ => expected == actual,
    }
}

/// 3 and 3.0 are equal; integers compare exactly, without going through floats.
fn numbers_equal(e: &serde_json::Number, a: &serde_json::Number) -> bool {
    if let (Some(x), Some(y)) = (e.as_i64(), a.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (e.as_u64(), a.as_u64()) {
        return x == y;
    }
    match (e.as_f64(), a.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

fn multiset_eq<T>(expected: &[T], actual: &[T], eq: impl Fn(&T, &T) -> bool) -> bool {
    if expected.len() != actual.len() {
        return false;
    }
    let mut used = vec![false; actual.len()];
    expected.iter().all(|e| {
        let found = actual.iter().enumerate().find(|(i, a)| !used[*i] && eq(e, a)).map(|(i, _)| i);
        found.map(|i| used[i] = true).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn exact_treats_equal_numbers_as_equal_and_nothing_else() {
        let c = Checker::Exact;
        assert!(c.values_match(&json!(3), &json!(3.0)));
        assert!(c.values_match(&json!([1, {"a": "x"}]), &json!([1.0, {"a": "x"}])));
        assert!(!c.values_match(&json!("a b"), &json!("a  b")));
        assert!(!c.values_match(&json!(1), &json!(true)));
        assert!(!c.values_match(&json!([1, 2]), &json!([2, 1])));
        assert!(!c.values_match(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(c.values_match(&json!(null), &json!(null)));
        assert!(!c.values_match(&json!(9007199254740993_i64), &json!(9007199254740992_i64)));
    }

    #[test]
    fn tokens_ignore_whitespace_in_strings_and_output() {
        let c = Checker::Tokens;
        assert!(c.values_match(&json!("a b\n"), &json!(" a\tb")));
        assert!(!c.values_match(&json!("a b"), &json!("ab")));
        assert!(c.output_matches("1 2\n3\n", "1\n2 3"));
        assert!(!c.output_matches("1 2 3", "1 2"));
    }

    #[test]
    fn float_passes_within_either_tolerance() {
        let c = Checker::Float { abs: 1e-9, rel: 0.0 };
        assert!(c.values_match(&json!(3.1414971543976273), &json!(3.1414971543976273)));
        assert!(c.values_match(&json!(1.0), &json!(1.0 + 5e-10)));
        assert!(!c.values_match(&json!(1.0), &json!(1.0 + 2e-9)));
        let r = Checker::Float { abs: 0.0, rel: 1e-6 };
        assert!(r.values_match(&json!(1e12), &json!(1e12 + 1e5)));
        assert!(!r.values_match(&json!(1e12), &json!(1e12 + 1e7)));
        assert!(c.values_match(&json!([1.0, "x"]), &json!([1.0, "x"])));
        assert!(!c.values_match(&json!(1.0), &json!("1.0")));
        assert!(c.output_matches("3.14159 ok", "3.1415900001 ok"));
        assert!(!c.output_matches("3.14159 ok", "3.15 ok"));
    }

    #[test]
    fn one_term_more_or_less_of_the_euler_sum_fails_a_tight_tolerance() {
        let partial = |n: u32| ((1..n).map(|i| 1.0 / f64::from(i).powi(2)).sum::<f64>() * 6.0).sqrt();
        let c = Checker::Float { abs: 1e-12, rel: 1e-12 };
        for n in [2, 3, 10, 100, 10_000] {
            assert!(c.values_match(&json!(partial(n)), &json!(partial(n))));
            assert!(!c.values_match(&json!(partial(n)), &json!(partial(n + 1))), "n = {n}");
            assert!(!c.values_match(&json!(partial(n)), &json!(partial(n - 1))), "n = {n}");
        }
    }

    #[test]
    fn unordered_compares_multisets() {
        let c = Checker::Unordered;
        assert!(c.values_match(&json!([[1, 2], [3], [1, 2]]), &json!([[3], [1, 2], [1, 2]])));
        assert!(!c.values_match(&json!([1, 1, 2]), &json!([1, 2, 2])));
        assert!(!c.values_match(&json!([1, 2]), &json!([1, 2, 2])));
        assert!(c.output_matches("a\nb\nb\n", "b\na\nb"));
        assert!(!c.output_matches("a\nb\n", "a\na\n"));
    }
}
