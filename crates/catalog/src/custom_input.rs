//! A candidate's own input to a run, parsed against the problem it is for, with the field at
//! fault named (`input.tables`, `input.literals.args[1]`): the forms of [`tests::parse_input`],
//! and Python literals on function problems ([`literals`]). It never evaluates a literal.

use crate::manifest::Kind;
use crate::tests::{self, TestInput};
use crate::{literals, FieldError, Problem};
use serde_json::Value;

impl Problem {
    /// Parses one input of a candidate's own, naming the field at fault: `{"literals": ...}`
    /// (Python literals, see [`literals`]) on a function problem, else [`Problem::parse_input`]'s
    /// forms, whose errors name `input`.
    pub fn parse_custom_input(&self, value: &Value) -> Result<TestInput, FieldError> {
        match value.get("literals") {
            Some(literals) if self.manifest.kind == Kind::Function && self.manifest.entry.is_some() => {
                if let Some(other) = value.as_object().and_then(|o| o.keys().find(|k| *k != "literals")) {
                    return Err(FieldError::new(format!("input.{other}"), "give `literals` alone, or the JSON form"));
                }
                literals::parse(literals)
            }
            _ => self.parse_input(value).map_err(|message| FieldError::new(input_field(&message), message)),
        }
    }

    /// Parses one input of a candidate's own (see [`tests::parse_input`]). A problem tested by
    /// scenarios only has no entry point to call, so it takes none.
    pub fn parse_input(&self, value: &Value) -> Result<TestInput, String> {
        if self.manifest.kind == Kind::Function && self.manifest.entry.is_none() {
            return Err("this problem is tested by scenarios only: it takes no custom input; run the samples".into());
        }
        if self.manifest.kind == Kind::Web && value.get("tables").is_some() != self.manifest.uses_datasets() {
            return Err(match self.manifest.uses_datasets() {
                true => "the input needs `tables`, the data the app's schema holds".into(),
                false => "this app has no database: the input is `exchanges` only".into(),
            });
        }
        let input = tests::parse_input(value, self.manifest.kind)?;
        if let TestInput::Frames { dataset: None, .. } = input {
            if !self.manifest.pandas_spec().frames.is_empty() {
                return Err("the input needs `tables`: {table: {\"columns\": [...], \"rows\": [...]}}".into());
            }
        }
        Ok(input)
    }
}

/// The field of a custom input an error names: `input.tables` for "`tables`: ..." (and the
/// other keys of [`tests::parse_input`]'s forms, as its messages start), `input.foo` for an
/// unknown key `foo`, else `input`.
fn input_field(message: &str) -> String {
    const KEYS: [&str; 8] = ["tables", "args", "kwargs", "calls", "stdin", "exchanges", "dataset", "literals"];
    if let Some(key) = message.strip_prefix("unknown key `").and_then(|rest| rest.split('`').next()) {
        return format!("input.{key}");
    }
    let named = KEYS.iter().find(|key| message.starts_with(&format!("`{key}`")));
    named.map_or_else(|| "input".to_owned(), |key| format!("input.{key}"))
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn a_custom_input_error_names_the_key_it_is_about() {
        let tables = tests::parse_input(&serde_json::json!({"tables": 3}), Kind::Sql).expect_err("not tables");
        assert_eq!(input_field(&tables), "input.tables", "{tables}");
        let unknown = tests::parse_input(&serde_json::json!({"stdn": "1"}), Kind::Stdio).expect_err("unknown");
        assert_eq!(input_field(&unknown), "input.stdn", "{unknown}");
        let stdin = tests::parse_input(&serde_json::json!({"stdin": 1}), Kind::Stdio).expect_err("not text");
        assert_eq!(input_field(&stdin), "input.stdin", "{stdin}");
        assert_eq!(input_field("the input must be a JSON object"), "input");
    }
}
