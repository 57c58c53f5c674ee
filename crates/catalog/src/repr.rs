//! JSON values written as Python's `repr` writes them: the one place Verdict turns a value into
//! the text a Python programmer expects (`0.0`, `1e-05`, `None`, `{'a': 1}`), used by every view
//! that shows a value. A value the box already wrote as Python's repr (a tuple, a set) travels
//! beside it; this renders everything else. It never evaluates anything.

use crate::literals::as_literal;
use serde_json::{Number, Value};
use std::fmt::Write;

/// The most characters a rendered value keeps: past it the text ends with `…` (the value itself
/// is shown whole elsewhere; this is for reading).
pub const REPR_LIMIT: usize = 64 * 1024;

/// `value` as Python's `repr` of the value `json.loads` would make of it: `null` is `None`,
/// `true` is `True`, a float keeps its `.0` or exponent, a string its quotes and escapes, an
/// object is a dict. A `{"$literal": text}` (custom input given as Python) is its own text.
pub fn python_repr(value: &Value) -> String {
    let mut out = String::new();
    write_repr(value, &mut out);
    if out.len() > REPR_LIMIT {
        let mut end = REPR_LIMIT;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out.push('…');
    }
    out
}

/// A call's input as Python writes the call's arguments: `[2, 7], 9, k=True` for `{"args",
/// "kwargs"}`, and one `name(arguments)` a line for `{"calls"}`; None for any other input (stdin,
/// tables), which is not Python.
pub fn input_repr(input: &Value) -> Option<String> {
    let object = input.as_object()?;
    if let Some(calls) = object.get("calls").and_then(Value::as_array) {
        let lines = calls.iter().map(|call| match call.as_array().map(Vec::as_slice) {
            // The arguments as the candidate wrote them.
            Some([Value::String(name), Value::Array(args)])
                if args.len() == 1 && args[0].get(crate::literals::ARGUMENTS_KEY).is_some() =>
            {
                format!("{name}({})", as_literal(&args[0]).unwrap_or_default())
            }
            Some([Value::String(name), Value::Array(args)]) => format!("{name}({})", arguments(args, None)),
            _ => python_repr(call),
        });
        return Some(lines.collect::<Vec<_>>().join("\n"));
    }
    if object.contains_key("tables") || object.contains_key("stdin") {
        return None;
    }
    let args = object.get("args")?.as_array()?;
    Some(arguments(args, object.get("kwargs").and_then(Value::as_object)))
}

/// A call's input in the `literals` form custom input takes, each argument as Python's repr:
/// `{"args": ["[2, 7]", "9"], "kwargs": {}}` or `{"calls": [["LRUCache", ["2"]], ...]}`, so a
/// sample fills custom input's fields; None for any other input.
pub fn literals_of(input: &Value) -> Option<Value> {
    input_repr(input)?;
    let texts = |args: &Value| -> Value {
        Value::Array(args.as_array().into_iter().flatten().map(|v| Value::String(python_repr(v))).collect())
    };
    if let Some(calls) = input.get("calls").and_then(Value::as_array) {
        let calls = calls.iter().map(|call| {
            let name = call.get(0).cloned().unwrap_or_default();
            Value::Array(vec![name, texts(call.get(1).unwrap_or(&Value::Null))])
        });
        return Some(serde_json::json!({ "calls": calls.collect::<Vec<_>>() }));
    }
    let kwargs: serde_json::Map<String, Value> = input
        .get("kwargs")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), Value::String(python_repr(v))))
        .collect();
    Some(serde_json::json!({ "args": texts(&input["args"]), "kwargs": kwargs }))
}

/// A value shown beside `input` (an expected or returned value) as Python's repr, for a call's
/// input only; an expected exception (`{"raises": name}`) is not a value. A call list's values
/// come one a line, one per call, so each call's line can show its own (a repr never holds a
/// newline: Python escapes it).
pub fn value_repr(input: &Value, value: &Value) -> Option<String> {
    let raises = value.as_object().is_some_and(|o| o.len() == 1 && o.contains_key("raises"));
    input_repr(input)?;
    if let (Some(_), Some(values)) = (input.get("calls"), value.as_array()) {
        return Some(values.iter().map(call_value_repr).collect::<Vec<_>>().join("\n"));
    }
    (!raises).then(|| python_repr(value))
}

/// One call's value in a call list: its repr, or `raises Name` for `{"$raises": "Name"}`.
pub fn call_value_repr(value: &Value) -> String {
    match value.get(crate::tests::RAISES_KEY).and_then(Value::as_str) {
        Some(name) if value.as_object().is_some_and(|o| o.len() == 1) => format!("raises {name}"),
        _ => python_repr(value),
    }
}

fn arguments(args: &[Value], kwargs: Option<&serde_json::Map<String, Value>>) -> String {
    let mut parts: Vec<String> = args.iter().map(python_repr).collect();
    parts.extend(kwargs.into_iter().flatten().map(|(k, v)| format!("{k}={}", python_repr(v))));
    parts.join(", ")
}

fn write_repr(value: &Value, out: &mut String) {
    // A deep value is cut here rather than growing the text without bound.
    if out.len() > REPR_LIMIT {
        return;
    }
    if let Some(text) = as_literal(value) {
        out.push_str(text);
        return;
    }
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(number) => out.push_str(&number_repr(number)),
        Value::String(text) => out.push_str(&string_repr(text)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&string_repr(key));
                out.push_str(": ");
                write_repr(item, out);
            }
            out.push('}');
        }
    }
}

fn number_repr(number: &Number) -> String {
    if number.is_i64() || number.is_u64() {
        return number.to_string();
    }
    number.as_f64().map_or_else(|| number.to_string(), float_repr)
}

/// Python's `repr(float)`: the shortest digits that read back as the same float (as Rust's),
/// written in fixed notation when the decimal point falls within 16 digits and no more than four
/// zeros after it, else as `d.ddde+XX` with a signed exponent of at least two digits.
pub fn float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.into();
    }
    // `{:e}` gives the shortest round-trip digits: "-1.2345e20", "1e-5", "0e0".
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // Python's decpt: the value is 0.DIGITS times ten to it.
    let point = exponent + 1;
    if value != 0.0 && !(-4 < point && point <= 16) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{fraction}e{exp_sign}{:02}", exponent.abs());
    }
    let length = digits.len() as i32;
    let text = if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= length {
        format!("{digits}{}.0", "0".repeat((point - length) as usize))
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    };
    format!("{sign}{text}")
}

/// Python's `repr(str)`: single quotes unless the text has a single quote and no double one;
/// backslash escapes for the quote, the backslash, `\t`, `\n`, `\r` and characters Python does
/// not print (controls, separators, format characters), as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
pub fn string_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !printable(c) => {
                let code = u32::from(c);
                let _ = match code {
                    0..=0xff => write!(out, "\\x{code:02x}"),
                    0x100..=0xffff => write!(out, "\\u{code:04x}"),
                    _ => write!(out, "\\U{code:08x}"),
                };
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isprintable` for one character, near enough: controls, every whitespace but
/// the space, and the common format characters (soft hyphen, zero-width and direction marks,
/// the byte-order mark) are not printable.
fn printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
}

#[cfg(test)]
mod unit {
    use super::*;
    use serde_json::json;

    #[test]
    fn floats_read_as_python_writes_them() {
        for (value, python) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (2.5, "2.5"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.2345e20, "1.2345e+20"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1.5e-7, "1.5e-07"),
            (-2.75, "-2.75"),
            (123456789.125, "123456789.125"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
            (0.30000000000000004, "0.30000000000000004"),
        ] {
            assert_eq!(float_repr(value), python, "repr({value:?})");
        }
        assert_eq!(python_repr(&json!(0.0)), "0.0", "a JSON float stays a float");
        assert_eq!(python_repr(&json!(3)), "3", "a JSON integer stays an integer");
        assert_eq!(python_repr(&json!(-7)), "-7");
        assert_eq!(python_repr(&json!(u64::MAX)), "18446744073709551615");
    }

    #[test]
    fn strings_are_quoted_and_escaped_as_python_does() {
        for (text, python) in [
            ("abc", "'abc'"),
            ("", "''"),
            ("it's", "\"it's\""),
            ("say \"hi\"", "'say \"hi\"'"),
            ("both ' and \"", "'both \\' and \"'"),
            ("a\\b", "'a\\\\b'"),
            ("tab\tnew\nret\r", "'tab\\tnew\\nret\\r'"),
            ("\u{0}\u{1b}\u{7f}", "'\\x00\\x1b\\x7f'"),
            ("caf\u{e9} \u{1f600}", "'caf\u{e9} \u{1f600}'"),
            ("\u{a0}\u{200b}\u{2028}", "'\\xa0\\u200b\\u2028'"),
        ] {
            assert_eq!(string_repr(text), python, "repr({text:?})");
        }
    }

    #[test]
    fn containers_nest_as_python_writes_them() {
        let value = json!({"a": [1, 2.0, null, true, false], "b": {"c": "d'"}, "e": []});
        assert_eq!(python_repr(&value), "{'a': [1, 2.0, None, True, False], 'b': {'c': \"d'\"}, 'e': []}");
        assert_eq!(python_repr(&json!({})), "{}");
        assert_eq!(python_repr(&json!([[[]]])), "[[[]]]");
    }

    #[test]
    fn a_calls_input_reads_as_python_calls() {
        let call = json!({"args": [[2, 7], {"$literal": "(1, 2)"}], "kwargs": {"strict": true}});
        assert_eq!(input_repr(&call).as_deref(), Some("[2, 7], (1, 2), strict=True"));
        let calls = json!({"calls": [["LRUCache", [2]], ["get", ["k"]]]});
        assert_eq!(input_repr(&calls).as_deref(), Some("LRUCache(2)\nget('k')"));
        assert_eq!(input_repr(&json!({"stdin": "1\n"})), None);
        assert_eq!(input_repr(&json!({"tables": {}, "args": []})), None);
        assert_eq!(value_repr(&call, &json!(0.0)).as_deref(), Some("0.0"));
        let literals = json!({"args": ["[2, 7]", "(1, 2)"], "kwargs": {"strict": "True"}});
        assert_eq!(literals_of(&call), Some(literals));
        let literals = json!({"calls": [["LRUCache", ["2"]], ["get", ["'k'"]]]});
        assert_eq!(literals_of(&calls), Some(literals));
        assert_eq!(literals_of(&json!({"args": [0.0]})), Some(json!({"args": ["0.0"], "kwargs": {}})));
        assert_eq!(literals_of(&json!({"stdin": ""})), None);
        assert_eq!(value_repr(&call, &json!({"raises": "ValueError"})), None);
        let results = json!([null, 0.0, "x", {"$raises": "KeyError"}]);
        assert_eq!(value_repr(&calls, &results).as_deref(), Some("None\n0.0\n'x'\nraises KeyError"));
        assert_eq!(value_repr(&json!({"stdin": ""}), &json!("out")), None);
    }

    #[test]
    fn a_literal_is_its_own_text_and_a_long_value_is_cut() {
        assert_eq!(python_repr(&json!([{"$literal": "(1, 2)"}, {"$literal": "{3}"}])), "[(1, 2), {3}]");
        // Two keys: an ordinary dict, not a literal.
        assert_eq!(python_repr(&json!({"$literal": "x", "y": 1})), "{'$literal': 'x', 'y': 1}");
        let long = python_repr(&json!(vec!["x".repeat(1000); 100]));
        assert!(long.ends_with('…') && long.len() <= REPR_LIMIT + '…'.len_utf8(), "{}", long.len());
    }
}
