//! Compare a scenario's observations with the reference's, outside the box, by each
//! observation's checker; and show an observation as Python would print it (its repr), for the
//! failure message.

use crate::checker::numbers_close;
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use serde_json::Value;
use std::collections::HashMap;
use verdict_catalog::{Observation, ObservationChecker, Observed};

/// How one observation compares with the reference's at the same position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Comparison {
    Same,
    Differs,
    /// The problem's checker.py decides (in a box of its own).
    Custom,
    /// The reference's observation cannot be an expected answer (the author's error).
    Internal(String),
}

/// Compares `actual` with `expected`, by the expected observation's checker.
pub(crate) fn compare(expected: &Observation, actual: &Observation) -> Comparison {
    if expected.line != actual.line {
        return Comparison::Differs;
    }
    if let Observed::Unencodable(why) = &expected.observed {
        return Comparison::Internal(format!(
            "the reference's observation on line {} could not be encoded: {why}",
            expected.line
        ));
    }
    if expected.checker == ObservationChecker::Custom {
        return Comparison::Custom;
    }
    let same = match (&expected.observed, &actual.observed, &expected.checker) {
        (Observed::Raised(Some(e)), Observed::Raised(Some(a)), ObservationChecker::Type) => e.type_name == a.type_name,
        (Observed::Value(e), Observed::Value(a), ObservationChecker::Float { abs, rel }) => close(e, a, *abs, *rel),
        (Observed::Value(e), Observed::Value(a), ObservationChecker::Unordered) => unordered_equal(e, a),
        (Observed::Value(e), Observed::Value(a), ObservationChecker::Pattern { pattern }) => {
            return compare_pattern(pattern, e, a)
        }
        (e, a, _) => observed_equal(e, a),
    };
    if same {
        Comparison::Same
    } else {
        Comparison::Differs
    }
}

fn compare_pattern(pattern: &str, expected: &Value, actual: &Value) -> Comparison {
    let regex = match regex::Regex::new(&format!("^(?:{pattern})$")) {
        Ok(regex) => regex,
        Err(e) => {
            return Comparison::Internal(format!("the pattern `{pattern}` is not a regular expression here: {e}"))
        }
    };
    if !expected.as_str().is_some_and(|text| regex.is_match(text)) {
        return Comparison::Internal(format!(
            "the reference's value {} does not match its own pattern `{pattern}`",
            render(expected)
        ));
    }
    if actual.as_str().is_some_and(|text| regex.is_match(text)) {
        Comparison::Same
    } else {
        Comparison::Differs
    }
}

/// Exact equality of two encodings: a dict's pairs in any order, NaN equal to NaN, 0.0 to -0.0.
pub(crate) fn exact_equal(expected: &Value, actual: &Value) -> bool {
    canonical(expected) == canonical(actual)
}

/// Exact equality of two observations: the same value, or the same exception class and
/// message, or both raised nothing.
pub fn observed_equal(expected: &Observed, actual: &Observed) -> bool {
    match (expected, actual) {
        (Observed::Raised(None), Observed::Raised(None)) => true,
        (Observed::Raised(Some(e)), Observed::Raised(Some(a))) => e.type_name == a.type_name && e.message == a.message,
        (Observed::Value(e), Observed::Value(a)) => exact_equal(e, a),
        _ => false,
    }
}

/// A text equal for two encodings exactly when the values are equal.
fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            // Keys in one order whatever order the object was written in.
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                match (key.as_str(), item) {
                    // A dict's pairs and a set's items in any order: the box's order is not the
                    // value's.
                    ("dict" | "set" | "frozenset", Value::Array(pairs)) => {
                        let mut pairs: Vec<String> = pairs.iter().map(canonical).collect();
                        pairs.sort();
                        out.push('[');
                        out.push_str(&pairs.join(","));
                        out.push(']');
                    }
                    ("float", Value::Number(n)) if n.as_f64() == Some(0.0) => out.push_str("0.0"),
                    _ => write_canonical(item, out),
                }
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The one tag of an encoded value other than null, booleans, strings, ints and lists.
fn tagged(value: &Value) -> Option<(&str, &Value)> {
    match value.as_object() {
        Some(map) if map.len() == 1 => map.iter().next().map(|(k, v)| (k.as_str(), v)),
        _ => None,
    }
}

/// A number's value: an int, a big int or a float (NaN and the infinities included).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        _ => match tagged(value)? {
            ("int", Value::String(digits)) => digits.parse().ok(),
            ("float", Value::Number(n)) => n.as_f64(),
            ("float", Value::String(special)) => match special.as_str() {
                "nan" => Some(f64::NAN),
                "inf" => Some(f64::INFINITY),
                "-inf" => Some(f64::NEG_INFINITY),
                _ => None,
            },
            _ => None,
        },
    }
}

/// Equality where numbers pass within `abs` or `rel`, at any depth.
fn close(expected: &Value, actual: &Value, abs: f64, rel: f64) -> bool {
    if let (Some(e), Some(a)) = (number(expected), number(actual)) {
        return (e.is_nan() && a.is_nan()) || numbers_close(e, a, abs, rel);
    }
    match (expected, actual) {
        (Value::Array(e), Value::Array(a)) => e.len() == a.len() && e.iter().zip(a).all(|(x, y)| close(x, y, abs, rel)),
        _ => match (tagged(expected), tagged(actual)) {
            (Some(("dict", Value::Array(e))), Some(("dict", Value::Array(a)))) => {
                // Keys compare exactly, values within the tolerance.
                let by_key: HashMap<String, &Value> =
                    a.iter().filter_map(|pair| Some((canonical(pair.get(0)?), pair.get(1)?))).collect();
                e.len() == a.len()
                    && e.iter().all(|pair| match (pair.get(0), pair.get(1)) {
                        (Some(key), Some(value)) => {
                            by_key.get(&canonical(key)).is_some_and(|w| close(value, w, abs, rel))
                        }
                        _ => false,
                    })
            }
            (Some((et, e)), Some((at, a))) if et == at && matches!(et, "tuple" | "set" | "frozenset" | "complex") => {
                close(e, a, abs, rel)
            }
            _ => exact_equal(expected, actual),
        },
    }
}

/// A top-level list, tuple or set as a multiset of exactly equal items; anything else exactly.
fn unordered_equal(expected: &Value, actual: &Value) -> bool {
    let items = |value: &Value| -> Option<(Option<String>, Vec<String>)> {
        let (tag, list) = match value {
            Value::Array(list) => (None, list),
            _ => match tagged(value)? {
                (tag @ ("tuple" | "set" | "frozenset"), Value::Array(list)) => (Some(tag.to_owned()), list),
                _ => return None,
            },
        };
        let mut texts: Vec<String> = list.iter().map(canonical).collect();
        texts.sort();
        Some((tag, texts))
    };
    match (items(expected), items(actual)) {
        (Some(e), Some(a)) => e == a,
        _ => exact_equal(expected, actual),
    }
}

/// What an observation saw, as Python prints it.
pub fn render_observed(observed: &Observed) -> String {
    match observed {
        Observed::Value(value) => render(value),
        Observed::Raised(None) => "no exception".into(),
        Observed::Raised(Some(raised)) if raised.message.is_empty() => short_type(&raised.type_name).to_owned(),
        Observed::Raised(Some(raised)) => format!("{}: {}", short_type(&raised.type_name), raised.message),
        Observed::Unencodable(why) => format!("<a value that could not be encoded: {why}>"),
    }
}

/// The Python type of an observation, for a message where two reprs are alike.
pub fn type_of(observed: &Observed) -> String {
    match observed {
        Observed::Value(Value::Null) => "NoneType".into(),
        Observed::Value(Value::Bool(_)) => "bool".into(),
        Observed::Value(Value::Number(_)) => "int".into(),
        Observed::Value(Value::String(_)) => "str".into(),
        Observed::Value(Value::Array(_)) => "list".into(),
        Observed::Value(value) => match tagged(value) {
            Some(("object", inner)) => inner.get("type").and_then(Value::as_str).unwrap_or("object").to_owned(),
            Some(("exception", inner)) => inner.get("type").and_then(Value::as_str).unwrap_or("exception").to_owned(),
            Some(("class", _)) => "type".into(),
            Some((tag, _)) => tag.to_owned(),
            None => "object".into(),
        },
        Observed::Raised(Some(raised)) => raised.type_name.clone(),
        Observed::Raised(None) => "no exception".into(),
        Observed::Unencodable(_) => "unencodable".into(),
    }
}

/// A class's name as a traceback prints it: a builtin's bare, any other's with its module.
fn short_type(name: &str) -> &str {
    name.strip_prefix("builtins.").unwrap_or(name)
}

/// The repr of an encoded value.
pub(crate) fn render(value: &Value) -> String {
    let join = |items: &[Value]| items.iter().map(render).collect::<Vec<_>>().join(", ");
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(text) => py_str(text),
        Value::Array(items) => format!("[{}]", join(items)),
        Value::Object(_) => {
            let Some((tag, inner)) = tagged(value) else { return value.to_string() };
            let items = inner.as_array().map(Vec::as_slice).unwrap_or_default();
            match (tag, inner) {
                ("int", Value::String(digits)) => digits.clone(),
                ("float", _) => number(value).map_or_else(|| inner.to_string(), py_float),
                ("tuple", _) if items.len() == 1 => format!("({},)", render(&items[0])),
                ("tuple", _) => format!("({})", join(items)),
                ("set", _) if items.is_empty() => "set()".into(),
                ("set", _) => format!("{{{}}}", join(items)),
                ("frozenset", _) if items.is_empty() => "frozenset()".into(),
                ("frozenset", _) => format!("frozenset({{{}}})", join(items)),
                ("dict", _) => {
                    let pairs = items.iter().map(|pair| match pair.as_array().map(Vec::as_slice) {
                        Some([k, v]) => format!("{}: {}", render(k), render(v)),
                        _ => pair.to_string(),
                    });
                    format!("{{{}}}", pairs.collect::<Vec<_>>().join(", "))
                }
                ("bytes", Value::String(b64)) => py_bytes(b64),
                ("bytearray", Value::String(b64)) => format!("bytearray({})", py_bytes(b64)),
                ("complex", _) => match items {
                    [re, im] => {
                        let part = |v: &Value| number(v).map_or_else(|| render(v), py_float);
                        let (re, im) = (part(re), part(im));
                        let im = im.strip_suffix(".0").unwrap_or(&im).to_owned();
                        let re = re.strip_suffix(".0").unwrap_or(&re).to_owned();
                        let sign = if im.starts_with('-') { "" } else { "+" };
                        format!("({re}{sign}{im}j)")
                    }
                    _ => inner.to_string(),
                },
                ("exception", _) => {
                    let name = inner.get("type").and_then(Value::as_str).unwrap_or("Exception");
                    let message = inner.get("message").and_then(Value::as_str).unwrap_or_default();
                    format!("{}({})", short_type(name), py_str(message))
                }
                ("class", Value::String(name)) => format!("<class '{}'>", short_type(name)),
                ("object", _) => inner.get("repr").and_then(Value::as_str).unwrap_or_default().to_owned(),
                _ => value.to_string(),
            }
        }
    }
}

/// A float as Python's repr writes it: `1.0`, `0.1`, `1e+16`, `nan`, `inf`.
fn py_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let magnitude = x.abs();
    if magnitude != 0.0 && !(1e-4..1e16).contains(&magnitude) {
        let text = format!("{x:e}");
        if let Some((mantissa, exponent)) = text.split_once('e') {
            let (sign, digits) = exponent.strip_prefix('-').map_or(("+", exponent), |d| ("-", d));
            return format!("{mantissa}e{sign}{digits:0>2}");
        }
        return text;
    }
    format!("{x:?}")
}

/// A str's repr: single quotes unless the text holds one and no double quote.
fn py_str(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    let mut out = String::from(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A bytes object's repr, from its base64.
fn py_bytes(b64: &str) -> String {
    let Ok(bytes) = BASE64.decode(b64) else { return format!("<bytes {b64}>") };
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') { b'"' } else { b'\'' };
    let mut out = format!("b{}", quote as char);
    for &b in &bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b if b == quote => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            b => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote as char);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use verdict_catalog::RaisedException;

    fn value(checker: ObservationChecker, value: Value) -> Observation {
        Observation { line: 3, code: "check(x)".into(), label: None, checker, observed: Observed::Value(value) }
    }

    fn exact(e: Value, a: Value) -> Comparison {
        compare(&value(ObservationChecker::Exact, e), &value(ObservationChecker::Exact, a))
    }

    #[test]
    fn exact_keeps_types_apart_but_not_a_dicts_order_or_nans() {
        assert_eq!(exact(json!({"tuple": [1, 2]}), json!([1, 2])), Comparison::Differs);
        assert_eq!(exact(json!(1), json!({"float": 1.0})), Comparison::Differs);
        assert_eq!(exact(json!(1), json!(true)), Comparison::Differs);
        assert_eq!(exact(json!({"tuple": [1, 2]}), json!({"tuple": [1, 2]})), Comparison::Same);
        assert_eq!(
            exact(json!({"dict": [["a", 1], ["b", 2]]}), json!({"dict": [["b", 2], ["a", 1]]})),
            Comparison::Same
        );
        assert_eq!(exact(json!({"dict": [["a", 1]]}), json!({"dict": [["a", 2]]})), Comparison::Differs);
        assert_eq!(exact(json!({"set": [1, "a"]}), json!({"set": ["a", 1]})), Comparison::Same);
        assert_eq!(exact(json!({"set": [1, 2]}), json!({"frozenset": [1, 2]})), Comparison::Differs);
        assert_eq!(exact(json!({"set": [1, 2]}), json!({"set": [1, 3]})), Comparison::Differs);
        assert_eq!(exact(json!({"float": "nan"}), json!({"float": "nan"})), Comparison::Same);
        assert_eq!(exact(json!({"float": 0.0}), json!({"float": -0.0})), Comparison::Same);
        assert_eq!(exact(json!([1, [2]]), json!([1, [3]])), Comparison::Differs);
    }

    #[test]
    fn float_passes_numbers_within_the_tolerance_at_any_depth() {
        let float = ObservationChecker::Float { abs: 1e-6, rel: 0.0 };
        let cmp = |e: Value, a: Value| compare(&value(float.clone(), e), &value(float.clone(), a));
        assert_eq!(cmp(json!({"float": 1.0}), json!({"float": 1.0000001})), Comparison::Same);
        assert_eq!(cmp(json!({"float": 1.0}), json!(1)), Comparison::Same);
        assert_eq!(cmp(json!({"float": 1.0}), json!({"float": 1.1})), Comparison::Differs);
        assert_eq!(
            cmp(json!({"tuple": [{"float": 0.5}, "x"]}), json!({"tuple": [{"float": 0.5000001}, "x"]})),
            Comparison::Same
        );
        assert_eq!(cmp(json!({"tuple": [{"float": 0.5}]}), json!([{"float": 0.5}])), Comparison::Differs);
        assert_eq!(
            cmp(
                json!({"dict": [["a", {"float": 2.0}], ["b", 1]]}),
                json!({"dict": [["b", 1], ["a", {"float": 2.0000001}]]})
            ),
            Comparison::Same
        );
        assert_eq!(cmp(json!({"float": "nan"}), json!({"float": "nan"})), Comparison::Same);
    }

    #[test]
    fn unordered_compares_a_top_level_container_as_a_multiset() {
        let cmp = |e: Value, a: Value| {
            compare(&value(ObservationChecker::Unordered, e), &value(ObservationChecker::Unordered, a))
        };
        assert_eq!(cmp(json!([1, 2, 2]), json!([2, 1, 2])), Comparison::Same);
        assert_eq!(cmp(json!([1, 2, 2]), json!([2, 1, 1])), Comparison::Differs);
        assert_eq!(cmp(json!({"tuple": [1, 2]}), json!({"tuple": [2, 1]})), Comparison::Same);
        assert_eq!(cmp(json!({"tuple": [1, 2]}), json!([2, 1])), Comparison::Differs);
        assert_eq!(cmp(json!([[1, 2]]), json!([[2, 1]])), Comparison::Differs);
    }

    #[test]
    fn pattern_needs_a_full_match_by_both_and_blames_the_reference_when_it_does_not_match() {
        let pattern = ObservationChecker::Pattern { pattern: "id-[0-9]+".into() };
        let cmp = |e: Value, a: Value| compare(&value(pattern.clone(), e), &value(pattern.clone(), a));
        assert_eq!(cmp(json!("id-1"), json!("id-42")), Comparison::Same);
        assert_eq!(cmp(json!("id-1"), json!("id-42x")), Comparison::Differs);
        assert_eq!(cmp(json!("id-1"), json!(42)), Comparison::Differs);
        assert!(matches!(cmp(json!("nope"), json!("id-1")), Comparison::Internal(_)));
    }

    #[test]
    fn raised_compares_class_and_message_or_class_only_and_lines_must_agree() {
        let raised = |checker: ObservationChecker, type_name: &str, message: &str| Observation {
            line: 7,
            code: "with check.raises():".into(),
            label: None,
            checker,
            observed: Observed::Raised(Some(RaisedException {
                type_name: type_name.into(),
                mro: vec![type_name.into()],
                message: message.into(),
            })),
        };
        let (exact, by_type) = (ObservationChecker::Exact, ObservationChecker::Type);
        assert_eq!(
            compare(&raised(exact.clone(), "builtins.KeyError", "a"), &raised(exact.clone(), "builtins.KeyError", "b")),
            Comparison::Differs
        );
        assert_eq!(
            compare(
                &raised(by_type.clone(), "builtins.KeyError", "a"),
                &raised(by_type.clone(), "builtins.KeyError", "b")
            ),
            Comparison::Same
        );
        assert_eq!(
            compare(&raised(by_type.clone(), "builtins.KeyError", "a"), &raised(by_type, "solution.KeyError", "a")),
            Comparison::Differs
        );
        let mut none = raised(exact.clone(), "builtins.KeyError", "a");
        none.observed = Observed::Raised(None);
        assert_eq!(compare(&raised(exact.clone(), "builtins.KeyError", "a"), &none), Comparison::Differs);
        let mut elsewhere = raised(exact.clone(), "builtins.KeyError", "a");
        elsewhere.line = 8;
        assert_eq!(compare(&raised(exact, "builtins.KeyError", "a"), &elsewhere), Comparison::Differs);
    }

    #[test]
    fn an_encoding_renders_as_pythons_repr() {
        let cases = [
            (json!(null), "None"),
            (json!(true), "True"),
            (json!("it's"), "\"it's\""),
            (json!("a\nb"), "'a\\nb'"),
            (json!([1, {"float": 1.0}]), "[1, 1.0]"),
            (json!({"tuple": [1, 2]}), "(1, 2)"),
            (json!({"tuple": [1]}), "(1,)"),
            (json!({"set": []}), "set()"),
            (json!({"frozenset": [1]}), "frozenset({1})"),
            (json!({"dict": [["a", 1], [{"tuple": [1, 2]}, null]]}), "{'a': 1, (1, 2): None}"),
            (json!({"int": "123456789012345678901234567890"}), "123456789012345678901234567890"),
            (json!({"float": 1e20}), "1e+20"),
            (json!({"float": 0.1}), "0.1"),
            (json!({"float": "-inf"}), "-inf"),
            (json!({"bytes": "YWInAA=="}), "b\"ab'\\x00\""),
            (json!({"bytearray": "YQ=="}), "bytearray(b'a')"),
            (json!({"complex": [{"float": 1.0}, {"float": -2.0}]}), "(1-2j)"),
            (json!({"class": "builtins.int"}), "<class 'int'>"),
            (
                json!({"object": {"type": "datetime.date", "repr": "datetime.date(2024, 1, 1)"}}),
                "datetime.date(2024, 1, 1)",
            ),
            (json!({"exception": {"type": "builtins.ValueError", "mro": [], "message": "bad"}}), "ValueError('bad')"),
        ];
        for (value, repr) in cases {
            assert_eq!(render(&value), repr, "{value}");
        }
        let raised = RaisedException {
            type_name: "builtins.IndexError".into(),
            mro: vec![],
            message: "pop from empty list".into(),
        };
        assert_eq!(render_observed(&Observed::Raised(Some(raised))), "IndexError: pop from empty list");
        assert_eq!(render_observed(&Observed::Raised(None)), "no exception");
    }
}
