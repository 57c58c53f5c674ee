//! Custom input written as Python literals (`(1, 2)`, `{3}`, `None`, `b'x'`), one text per
//! argument: `{"literals": {"args": [...], "kwargs": {...}}}` or `{"literals": {"calls": [[name,
//! [...]], ...]}}` for function problems, where a call's arguments may also be one text as a call
//! writes them (`["put", "1, (2, 3)"]`). Each text becomes a `{"$literal": text}` argument (or
//! `{"$arguments": text}`, spread), which the harness evaluates with `ast.literal_eval` inside the
//! box, so the candidate's function gets a real tuple or set.
//!
//! This module checks shape and size only. It must never evaluate a literal, nor judge its
//! syntax: Python's parser is the one evaluator, and its message is the one a candidate reads.

use crate::tests::TestInput;
use serde_json::{json, Map, Value};

/// The key of a literal argument: `{"$literal": "(1, 2)"}`.
pub const LITERAL_KEY: &str = "$literal";
/// The key of a call's arguments as one text, spread: `{"$arguments": "1, (2, 3)"}`.
pub const ARGUMENTS_KEY: &str = "$arguments";
/// The longest text of one field, in bytes.
pub const MAX_LITERAL_BYTES: usize = 16 * 1024;
/// The most fields one input holds (arguments, keyword arguments, and every call's arguments).
pub const MAX_LITERAL_FIELDS: usize = 256;
/// The most calls of a call list, the constructor included.
pub const MAX_LITERAL_CALLS: usize = 100;

/// A custom input the server refuses, with the JSON field at fault (`input.literals.args[1]`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// The argument that stands for a Python literal.
pub fn literal(text: &str) -> Value {
    json!({ LITERAL_KEY: text })
}

/// The text of a literal argument: an object whose only key is `$literal` (or `$arguments`), a
/// string.
pub fn as_literal(value: &Value) -> Option<&str> {
    marked(value).map(|(text, _)| text)
}

/// A marked argument's text, and whether it is a call's arguments to spread.
fn marked(value: &Value) -> Option<(&str, bool)> {
    let object = value.as_object()?;
    match (object.len(), object.get(LITERAL_KEY), object.get(ARGUMENTS_KEY)) {
        (1, Some(Value::String(text)), None) => Some((text, false)),
        (1, None, Some(Value::String(text))) => Some((text, true)),
        _ => None,
    }
}

const FIELD: &str = "input.literals";

/// Parses the `literals` object of a function problem's input (see the module).
pub fn parse(value: &Value) -> Result<TestInput, FieldError> {
    let object = value.as_object().ok_or_else(|| {
        FieldError::new(
            FIELD,
            "`literals` must be an object: {\"args\": [...], \"kwargs\": {...}} or {\"calls\": [...]}",
        )
    })?;
    if let Some(unknown) = object.keys().find(|k| !["args", "kwargs", "calls"].contains(&k.as_str())) {
        return Err(FieldError::new(
            format!("{FIELD}.{unknown}"),
            format!("unknown key `{unknown}`: literals are `args` and `kwargs`, or `calls`"),
        ));
    }
    let mut count = 0;
    if let Some(calls) = object.get("calls") {
        if object.contains_key("args") || object.contains_key("kwargs") {
            return Err(FieldError::new(FIELD, "give `args` and `kwargs`, or `calls`, not both"));
        }
        return parse_calls(calls, &mut count);
    }
    let args = match object.get("args") {
        None => Vec::new(),
        Some(value) => texts(value, &format!("{FIELD}.args"), &mut count)?,
    };
    let mut kwargs = Map::new();
    match object.get("kwargs") {
        None => {}
        Some(Value::Object(map)) => {
            for (name, value) in map {
                let field = format!("{FIELD}.kwargs.{name}");
                if !crate::manifest::is_identifier(name) {
                    return Err(FieldError::new(field, format!("`{name}` is not a Python name")));
                }
                kwargs.insert(name.clone(), text(value, &field, &mut count)?);
            }
        }
        Some(_) => return Err(FieldError::new(format!("{FIELD}.kwargs"), "`kwargs` must be an object of texts")),
    }
    Ok(TestInput::Call { args, kwargs })
}

fn parse_calls(value: &Value, count: &mut usize) -> Result<TestInput, FieldError> {
    let field = format!("{FIELD}.calls");
    let calls =
        value.as_array().ok_or_else(|| FieldError::new(&field, "`calls` must be a list of [name, [args...]]"))?;
    if calls.is_empty() {
        return Err(FieldError::new(field, "`calls` is empty: it starts with the constructor call"));
    }
    if calls.len() > MAX_LITERAL_CALLS {
        return Err(FieldError::new(field, format!("{} calls: at most {MAX_LITERAL_CALLS}", calls.len())));
    }
    let mut parsed = Vec::with_capacity(calls.len());
    for (i, call) in calls.iter().enumerate() {
        let at = format!("{field}[{i}]");
        match call.as_array().map(Vec::as_slice) {
            Some([Value::String(name), args]) => {
                if !crate::manifest::is_identifier(name) {
                    return Err(FieldError::new(format!("{at}[0]"), format!("`{name}` is not a Python name")));
                }
                let args = match args {
                    // The arguments as a call writes them; none when the text is blank.
                    Value::String(written) if written.trim().is_empty() => Vec::new(),
                    Value::String(_) => match text(args, &format!("{at}[1]"), count)? {
                        Value::Object(mut object) => {
                            let written = object.remove(LITERAL_KEY).unwrap_or_default();
                            vec![json!({ ARGUMENTS_KEY: written })]
                        }
                        other => vec![other],
                    },
                    _ => texts(args, &format!("{at}[1]"), count)?,
                };
                parsed.push((name.clone(), args));
            }
            _ => return Err(FieldError::new(at, "a call is [\"name\", [argument texts...]]")),
        }
    }
    Ok(TestInput::Calls { calls: parsed })
}

fn texts(value: &Value, field: &str, count: &mut usize) -> Result<Vec<Value>, FieldError> {
    let items = value.as_array().ok_or_else(|| FieldError::new(field, "must be a list of texts (Python literals)"))?;
    items.iter().enumerate().map(|(i, item)| text(item, &format!("{field}[{i}]"), count)).collect()
}

fn text(value: &Value, field: &str, count: &mut usize) -> Result<Value, FieldError> {
    *count += 1;
    if *count > MAX_LITERAL_FIELDS {
        return Err(FieldError::new(field, format!("too many fields: at most {MAX_LITERAL_FIELDS} in one input")));
    }
    let Value::String(text) = value else {
        return Err(FieldError::new(field, "must be a text: a Python literal such as `(1, 2)` or `None`"));
    };
    if text.len() > MAX_LITERAL_BYTES {
        return Err(FieldError::new(field, format!("{} bytes: at most {MAX_LITERAL_BYTES}", text.len())));
    }
    if text.trim().is_empty() {
        return Err(FieldError::new(field, "empty: write a Python value (`None` for nothing)"));
    }
    Ok(literal(text))
}

/// Every literal of an input with the field it came from, in order: what the box evaluates
/// before anything else runs, so a bad one is refused by its name. A call's arguments written
/// as one text are evaluated as the tuple `(text,)`, and named by the call's arguments field.
pub fn fields(input: &TestInput) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |field: String, value: &Value| match marked(value) {
        Some((text, false)) => out.push((field, text.to_owned())),
        Some((text, true)) => {
            let field = field.rsplit_once('[').map_or(field.clone(), |(call, _)| call.to_owned());
            out.push((field, spread(text)));
        }
        None => {}
    };
    match input {
        TestInput::Call { args, kwargs } => {
            args.iter().enumerate().for_each(|(i, v)| add(format!("{FIELD}.args[{i}]"), v));
            kwargs.iter().for_each(|(k, v)| add(format!("{FIELD}.kwargs.{k}"), v));
        }
        TestInput::Calls { calls } => {
            for (i, (_, args)) in calls.iter().enumerate() {
                args.iter().enumerate().for_each(|(j, v)| add(format!("{FIELD}.calls[{i}][1][{j}]"), v));
            }
        }
        _ => {}
    }
    out
}

/// A call's arguments as written, as the text of the tuple of them: `1, 2` is `(1, 2,)`.
pub fn spread(written: &str) -> String {
    format!("({},)", written.trim().trim_end_matches(',').trim_end())
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn literals_become_marked_arguments() {
        let input = parse(&json!({"args": ["(1, 2)", "{3}"], "kwargs": {"k": "None"}})).expect("valid");
        assert_eq!(
            input,
            TestInput::Call {
                args: vec![literal("(1, 2)"), literal("{3}")],
                kwargs: Map::from_iter([("k".into(), literal("None"))])
            }
        );
        assert_eq!(
            fields(&input),
            [
                ("input.literals.args[0]".to_owned(), "(1, 2)".to_owned()),
                ("input.literals.args[1]".into(), "{3}".into()),
                ("input.literals.kwargs.k".into(), "None".into())
            ]
        );
        let calls = parse(&json!({"calls": [["LRUCache", ["2"]], ["put", ["1", "(1,)"]]]})).expect("valid");
        assert_eq!(fields(&calls)[2], ("input.literals.calls[1][1][1]".to_owned(), "(1,)".to_owned()));
        let written = parse(&json!({"calls": [["Stack", ""], ["push", "1, (2, 3),"]]})).expect("valid");
        assert_eq!(
            written,
            TestInput::Calls {
                calls: vec![("Stack".into(), vec![]), ("push".into(), vec![json!({"$arguments": "1, (2, 3),"})])]
            }
        );
        assert_eq!(fields(&written), [("input.literals.calls[1][1]".to_owned(), "(1, (2, 3),)".to_owned())]);
        // The text is not judged here: `(1,` is Python's to refuse, inside the box.
        assert!(parse(&json!({"args": ["(1,"]})).is_ok());
    }

    #[test]
    fn a_bad_shape_is_named_by_its_field() {
        let field = |value: Value| parse(&value).expect_err("refused").field;
        assert_eq!(field(json!({"args": ["1", 2]})), "input.literals.args[1]");
        assert_eq!(field(json!({"args": ["1", "  "]})), "input.literals.args[1]");
        assert_eq!(field(json!({"kwargs": {"not a name": "1"}})), "input.literals.kwargs.not a name");
        assert_eq!(field(json!({"calls": [["Stack", []], ["pop", 3]]})), "input.literals.calls[1][1]");
        assert_eq!(field(json!({"calls": [["Stack", []], ["1pop", []]]})), "input.literals.calls[1][0]");
        assert_eq!(field(json!({"args": [], "calls": []})), "input.literals");
        assert_eq!(field(json!({"argz": []})), "input.literals.argz");
        assert_eq!(field(json!(["1"])), "input.literals");
    }

    #[test]
    fn sizes_and_counts_are_capped() {
        let long = "1".repeat(MAX_LITERAL_BYTES + 1);
        assert_eq!(parse(&json!({"args": [long]})).expect_err("too long").field, "input.literals.args[0]");
        let many = vec!["1"; MAX_LITERAL_FIELDS + 1];
        let error = parse(&json!({"args": many})).expect_err("too many");
        assert_eq!(error.field, format!("input.literals.args[{MAX_LITERAL_FIELDS}]"));
        let calls: Vec<Value> = (0..=MAX_LITERAL_CALLS).map(|_| json!(["f", []])).collect();
        assert_eq!(parse(&json!({"calls": calls})).expect_err("too many calls").field, "input.literals.calls");
        assert!(parse(&json!({"args": vec!["1"; MAX_LITERAL_FIELDS]})).is_ok());
    }
}
