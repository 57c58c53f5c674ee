//! What a scenario observed: one record per `check(...)`, `check.call(...)` or
//! `check.raises()` block, as the in-box recorder (`sandbox/python/scenario.py`) writes it.
//! The reference's observations are a scenario's expected answer; the judge compares the
//! candidate's with them outside the box.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One observation a scenario made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// The scenario's line that made it.
    pub line: usize,
    /// That line's text.
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How it is compared with the reference's.
    pub checker: ObservationChecker,
    /// What was observed: exactly one of `value`, `raised` or `unencodable`.
    #[serde(flatten)]
    pub observed: Observed,
}

/// How an observation is compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "snake_case", deny_unknown_fields)]
pub enum ObservationChecker {
    /// Equal typed encodings (a dict compares order-free, NaN equals NaN); for an exception,
    /// its class and message.
    Exact,
    /// As exact, but numbers pass within `abs` or `rel`.
    Float { abs: f64, rel: f64 },
    /// A top-level list, tuple or set compares as a multiset.
    Unordered,
    /// The value is a string the regular expression fully matches.
    Pattern { pattern: String },
    /// The problem's checker.py decides.
    Custom,
    /// An exception compares by its class only.
    Type,
}

/// What one observation saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Observed {
    /// A value, in the typed encoding (see `encode` in scenario.py).
    Value(Value),
    /// What a call or a `raises` block raised, or `None` when it raised nothing.
    Raised(Option<RaisedException>),
    /// The value could not be encoded; why.
    Unencodable(String),
}

/// An exception, as the box described it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaisedException {
    /// `module.QualName` (`builtins.X` only for the builtin itself).
    #[serde(rename = "type")]
    pub type_name: String,
    pub mro: Vec<String>,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> Result<Observation, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn an_observation_reads_each_kind_and_writes_back_the_same() {
        let wire = [
            json!({"line": 3, "code": "check(x)", "checker": {"name": "exact"}, "value": {"tuple": [1, 2]}}),
            json!({"line": 4, "code": "c", "label": "l", "checker": {"name": "float", "abs": 0.5, "rel": 0.0}, "value": 1}),
            json!({"line": 5, "code": "c", "checker": {"name": "type"}, "raised": null}),
            json!({"line": 6, "code": "c", "checker": {"name": "exact"},
                   "raised": {"type": "builtins.IndexError", "mro": ["builtins.IndexError"], "message": "m"}}),
            json!({"line": 7, "code": "c", "checker": {"name": "pattern", "pattern": "a+"}, "unencodable": "why"}),
        ];
        for value in wire {
            let observation = parse(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
            assert_eq!(serde_json::to_value(&observation).ok(), Some(value));
        }
        let none = parse(json!({"line": 5, "code": "c", "checker": {"name": "type"}, "raised": null}));
        assert_eq!(none.map(|o| o.observed).ok(), Some(Observed::Raised(None)));
    }

    #[test]
    fn an_observation_without_what_it_saw_or_with_an_unknown_checker_is_refused() {
        assert!(parse(json!({"line": 1, "code": "c", "checker": {"name": "exact"}})).is_err());
        assert!(parse(json!({"line": 1, "code": "c", "checker": {"name": "fuzzy"}, "value": 1})).is_err());
        assert!(parse(json!({"line": 1, "code": "c", "checker": {"name": "float"}, "value": 1})).is_err());
    }
}
