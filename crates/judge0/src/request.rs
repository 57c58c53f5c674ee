//! A submission's request: read from the client's JSON object field by field, so that every
//! wrong field is named at once (`{"field": ["message"]}`, answered with 422 as Judge0 does),
//! checked against the server's maxima and the caps, and kept as [`Stored`], the form the
//! store holds and a worker runs.

use crate::config::{self, Config};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Every wrong field with its messages, as Judge0 answers a 422.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// A checked submission, as stored: bytes in base64, limits in Judge0's units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    #[serde(with = "crate::b64")]
    pub source_code: Vec<u8>,
    pub language_id: u32,
    #[serde(with = "crate::b64")]
    pub stdin: Vec<u8>,
    #[serde(with = "crate::b64::optional")]
    pub expected_output: Option<Vec<u8>>,
    pub cpu_time_limit: f64,
    pub cpu_extra_time: f64,
    pub wall_time_limit: f64,
    pub memory_limit: u64,
    pub stack_limit: u64,
    pub max_processes_and_or_threads: u64,
    pub max_file_size: u64,
    pub number_of_runs: u64,
    pub command_line_arguments: Option<String>,
    pub callback_url: Option<String>,
}

/// Fields Judge0 takes that this server refuses whenever they ask for something (network, extra
/// files, compiler options, per-process limits, stderr into stdout).
const REFUSED: [(&str, &str); 6] = [
    ("enable_network", "is not allowed: runs here have no network"),
    ("additional_files", "are not supported by this server"),
    ("compiler_options", "are not supported for Python"),
    ("redirect_stderr_to_stdout", "is not supported by this server"),
    ("enable_per_process_and_thread_time_limit", "is not supported: limits hold for the whole run"),
    ("enable_per_process_and_thread_memory_limit", "is not supported: limits hold for the whole run"),
];

/// Every field a submission request may carry.
const KNOWN: [&str; 20] = [
    "source_code",
    "language_id",
    "compiler_options",
    "command_line_arguments",
    "number_of_runs",
    "stdin",
    "expected_output",
    "cpu_time_limit",
    "cpu_extra_time",
    "wall_time_limit",
    "memory_limit",
    "stack_limit",
    "max_processes_and_or_threads",
    "enable_per_process_and_thread_time_limit",
    "enable_per_process_and_thread_memory_limit",
    "max_file_size",
    "redirect_stderr_to_stdout",
    "callback_url",
    "additional_files",
    "enable_network",
];

struct Reader<'a> {
    body: &'a Map<String, Value>,
    base64: bool,
    errors: FieldErrors,
}

impl Reader<'_> {
    fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.entry(field.to_owned()).or_default().push(message.into());
    }

    /// A text field's bytes (decoded from base64 when the request says so), at most `cap`.
    fn bytes(&mut self, field: &str, cap: usize) -> Option<Vec<u8>> {
        let value = self.body.get(field)?;
        let text = match value {
            Value::Null => return None,
            Value::String(text) => text,
            _ => {
                self.fail(field, "must be a string");
                return None;
            }
        };
        let bytes = if self.base64 {
            // Judge0 decodes as Ruby's decode64, which skips line breaks.
            let clean: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            match base64::engine::general_purpose::STANDARD.decode(clean) {
                Ok(bytes) => bytes,
                Err(_) => {
                    self.fail(field, "is not valid base64 (base64_encoded=true)");
                    return None;
                }
            }
        } else {
            text.as_bytes().to_vec()
        };
        if bytes.len() > cap {
            self.fail(field, format!("is too long ({} bytes; at most {cap})", bytes.len()));
            return None;
        }
        Some(bytes)
    }

    /// A number (or a numeric string, as Judge0's form parameters allow), or the default.
    fn number(&mut self, field: &str, default: f64, min: f64, max: f64) -> f64 {
        let value = match self.body.get(field) {
            None | Some(Value::Null) => return default,
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
            Some(_) => None,
        };
        match value {
            Some(v) if !v.is_finite() => {
                self.fail(field, "is not a number");
                default
            }
            Some(v) if v < min => {
                self.fail(field, format!("must be greater than or equal to {min}"));
                default
            }
            Some(v) if v > max => {
                self.fail(field, format!("must be less than or equal to {max}"));
                default
            }
            Some(v) => v,
            None => {
                self.fail(field, "is not a number");
                default
            }
        }
    }

    /// A whole number between `min` and `max`, or the default.
    fn whole(&mut self, field: &str, default: u64, min: u64, max: u64) -> u64 {
        let before = self.errors.len();
        let v = self.number(field, default as f64, min as f64, max as f64);
        if self.errors.len() == before && v.fract() != 0.0 {
            self.fail(field, "must be an integer");
            return default;
        }
        v as u64
    }
}

/// Reads and checks one submission of a request. `base64` is the request's `base64_encoded`.
pub fn read(body: &Value, base64: bool, config: &Config) -> Result<Stored, FieldErrors> {
    let Some(body) = body.as_object() else {
        return Err(FieldErrors::from([("submission".to_owned(), vec!["must be a JSON object".to_owned()])]));
    };
    let mut r = Reader { body, base64, errors: FieldErrors::new() };
    for key in body.keys() {
        if !KNOWN.contains(&key.as_str()) {
            r.fail(key, "is not a field of a submission");
        }
    }
    for (field, why) in REFUSED {
        let asks = match body.get(field) {
            None | Some(Value::Null) | Some(Value::Bool(false)) => false,
            Some(Value::String(s)) => !(s.is_empty() || s == "false"),
            Some(_) => true,
        };
        if asks {
            r.fail(field, why);
        }
    }
    let source_code = r.bytes("source_code", config::MAX_SOURCE_BYTES);
    if source_code.as_ref().is_none_or(|s| s.is_empty()) && !r.errors.contains_key("source_code") {
        r.fail("source_code", "can't be blank");
    }
    let language_id = match body.get("language_id") {
        None | Some(Value::Null) => {
            r.fail("language_id", "can't be blank");
            0
        }
        Some(v) => {
            let id = v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
            match id {
                Some(id) if id == u64::from(config::PYTHON_ID) => config::PYTHON_ID,
                _ => {
                    r.fail(
                        "language_id",
                        format!("language with id {v} doesn't exist (this server runs Python 3, id 71)"),
                    );
                    0
                }
            }
        }
    };
    let stdin = r.bytes("stdin", config::MAX_STDIN_BYTES).unwrap_or_default();
    let expected_output = r.bytes("expected_output", config::MAX_EXPECTED_BYTES);
    let c = config;
    let cpu_time_limit = r.number("cpu_time_limit", c.cpu_time_limit, 0.0, c.max_cpu_time_limit);
    let cpu_extra_time = r.number("cpu_extra_time", c.cpu_extra_time, 0.0, c.max_cpu_extra_time);
    let wall_time_limit = r.number("wall_time_limit", c.wall_time_limit, 1.0, c.max_wall_time_limit);
    let memory_limit = r.whole("memory_limit", c.memory_limit, config::MIN_MEMORY_KB, c.max_memory_limit);
    let stack_limit = r.whole("stack_limit", c.stack_limit, 0, c.max_stack_limit);
    let max_processes_and_or_threads =
        r.whole("max_processes_and_or_threads", c.max_processes_and_or_threads, 2, c.max_max_processes_and_or_threads);
    let max_file_size = r.whole("max_file_size", c.max_file_size, 1, c.max_max_file_size);
    let number_of_runs = r.whole("number_of_runs", c.number_of_runs, 1, c.max_number_of_runs);
    if cpu_time_limit <= 0.0 && !r.errors.contains_key("cpu_time_limit") {
        r.fail("cpu_time_limit", "must be greater than 0");
    }
    let command_line_arguments = text(&mut r, "command_line_arguments", config::MAX_ARGUMENTS_CHARS);
    let callback_url = text(&mut r, "callback_url", config::MAX_CALLBACK_CHARS);
    if let Some(url) = &callback_url {
        let parsed = url::Url::parse(url);
        if !parsed.as_ref().is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some()) {
            r.fail("callback_url", "must be an http:// or https:// URL");
        }
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    Ok(Stored {
        source_code: source_code.unwrap_or_default(),
        language_id,
        stdin,
        expected_output,
        cpu_time_limit,
        cpu_extra_time,
        wall_time_limit,
        memory_limit,
        stack_limit,
        max_processes_and_or_threads,
        max_file_size,
        number_of_runs,
        command_line_arguments,
        callback_url,
    })
}

/// A plain text field (never base64), at most `cap` characters.
fn text(r: &mut Reader<'_>, field: &str, cap: usize) -> Option<String> {
    match r.body.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() > cap => {
            r.fail(field, format!("is too long (at most {cap} characters)"));
            None
        }
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            r.fail(field, "must be a string");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_plain_request_takes_the_defaults() {
        let stored =
            read(&json!({"source_code": "print(1)", "language_id": 71}), false, &Config::default()).expect("valid");
        assert_eq!(stored.source_code, b"print(1)");
        assert_eq!((stored.cpu_time_limit, stored.memory_limit), (5.0, 128_000));
        let round: Stored = serde_json::from_str(&serde_json::to_string(&stored).expect("json")).expect("back");
        assert_eq!(round, stored);
    }

    #[test]
    fn base64_fields_are_decoded() {
        let body =
            json!({"source_code": "cHJpbnQoMSk=\n", "language_id": "71", "stdin": "eA==", "expected_output": "MQ=="});
        let stored = read(&body, true, &Config::default()).expect("valid");
        assert_eq!((stored.source_code.as_slice(), stored.stdin.as_slice()), (&b"print(1)"[..], &b"x"[..]));
        assert_eq!(stored.expected_output.as_deref(), Some(&b"1"[..]));
    }

    #[test]
    fn every_wrong_field_is_named() {
        let body = json!({
            "language_id": 50, "cpu_time_limit": 16, "memory_limit": 600000, "wall_time_limit": "x",
            "enable_network": true, "bogus": 1, "callback_url": "ftp://x"
        });
        let errors = read(&body, false, &Config::default()).expect_err("invalid");
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            [
                "bogus",
                "callback_url",
                "cpu_time_limit",
                "enable_network",
                "language_id",
                "memory_limit",
                "source_code",
                "wall_time_limit"
            ]
        );
        assert_eq!(errors["cpu_time_limit"], ["must be less than or equal to 15"]);
        assert_eq!(errors["source_code"], ["can't be blank"]);
    }

    #[test]
    fn sizes_are_capped() {
        let body = json!({"source_code": "x".repeat(config::MAX_SOURCE_BYTES + 1), "language_id": 71});
        let errors = read(&body, false, &Config::default()).expect_err("too long");
        assert!(errors["source_code"][0].starts_with("is too long"), "{errors:?}");
    }
}
