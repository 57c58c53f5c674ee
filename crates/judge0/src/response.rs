//! A submission as the API shows it: the fields a client asked for (`?fields=a,b`, `*` for
//! all, Judge0's eight by default), text fields in base64 when `base64_encoded=true`, and
//! otherwise as UTF-8, refused whole when a field is not (as Judge0 answers, asking for base64).

use crate::request::Stored;
use crate::status::Status;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::time::{Duration, UNIX_EPOCH};

/// How a run ended, as stored once it is done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub status_id: u8,
    #[serde(with = "crate::b64")]
    pub stdout: Vec<u8>,
    #[serde(with = "crate::b64")]
    pub stderr: Vec<u8>,
    pub message: Option<String>,
    pub exit_code: Option<i32>,
    pub exit_signal: Option<i32>,
    /// CPU time in seconds.
    pub time: f64,
    pub wall_time: f64,
    /// Peak memory in KB.
    pub memory: u64,
}

/// Every field a submission shows, in Judge0's order.
pub const ALL_FIELDS: [&str; 35] = [
    "source_code",
    "language_id",
    "stdin",
    "expected_output",
    "stdout",
    "status_id",
    "created_at",
    "finished_at",
    "time",
    "memory",
    "stderr",
    "token",
    "number_of_runs",
    "cpu_time_limit",
    "cpu_extra_time",
    "wall_time_limit",
    "memory_limit",
    "stack_limit",
    "max_processes_and_or_threads",
    "enable_per_process_and_thread_time_limit",
    "enable_per_process_and_thread_memory_limit",
    "max_file_size",
    "compile_output",
    "exit_code",
    "exit_signal",
    "message",
    "wall_time",
    "compiler_options",
    "command_line_arguments",
    "redirect_stderr_to_stdout",
    "callback_url",
    "additional_files",
    "enable_network",
    "status",
    "language",
];

/// Judge0's default fields.
pub const DEFAULT_FIELDS: [&str; 8] =
    ["token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status"];

/// The fields a response shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields(Vec<&'static str>);

impl Fields {
    /// From `?fields=`: None for the default, `*` for all, else names separated by commas;
    /// the unknown names when any is unknown.
    pub fn parse(query: Option<&str>) -> Result<Fields, Vec<String>> {
        let Some(query) = query.map(str::trim).filter(|q| !q.is_empty()) else {
            return Ok(Fields::default());
        };
        if query == "*" {
            return Ok(Fields(ALL_FIELDS.to_vec()));
        }
        let mut fields = Vec::new();
        let mut unknown = Vec::new();
        for name in query.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match ALL_FIELDS.iter().find(|f| **f == name) {
                Some(field) if !fields.contains(field) => fields.push(*field),
                Some(_) => {}
                None => unknown.push(name.chars().take(64).collect()),
            }
        }
        if unknown.is_empty() {
            Ok(Fields(fields))
        } else {
            Err(unknown)
        }
    }

    /// Only the token: what a created submission answers without `wait`.
    pub fn token_only() -> Fields {
        Fields(vec!["token"])
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields(DEFAULT_FIELDS.to_vec())
    }
}

/// A field held bytes that are not UTF-8 and the client did not ask for base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter")]
pub struct NotUtf8;

/// Where a stored submission is, with what the API shows of it.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub token: &'a str,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    /// True once a worker took it (Processing), false while it waits (In Queue).
    pub running: bool,
    pub request: &'a Stored,
    pub outcome: Option<&'a Outcome>,
}

fn stamp(millis: i64) -> Value {
    let time = UNIX_EPOCH + Duration::from_millis(u64::try_from(millis).unwrap_or(0));
    Value::String(humantime::format_rfc3339_millis(time).to_string())
}

/// Judge0 shows decimal columns as strings.
fn decimal(seconds: f64, places: usize) -> Value {
    Value::String(format!("{seconds:.places$}"))
}

impl View<'_> {
    fn status(&self) -> Status {
        match (self.outcome, self.running) {
            (Some(outcome), _) => Status::from_id(outcome.status_id).unwrap_or(Status::InternalError),
            (None, true) => Status::Processing,
            (None, false) => Status::InQueue,
        }
    }

    /// The submission with `fields`, text in base64 or UTF-8.
    pub fn render(&self, fields: &Fields, base64: bool) -> Result<Value, NotUtf8> {
        let text = |bytes: Option<&[u8]>| -> Result<Value, NotUtf8> {
            match bytes {
                None => Ok(Value::Null),
                Some(b) if base64 => Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(b))),
                Some(b) => std::str::from_utf8(b).map(|s| Value::String(s.to_owned())).map_err(|_| NotUtf8),
            }
        };
        let r = self.request;
        let o = self.outcome;
        let status = self.status();
        let mut map = Map::new();
        for field in &fields.0 {
            let value = match *field {
                "token" => json!(self.token),
                "source_code" => text(Some(&r.source_code))?,
                "language_id" => json!(r.language_id),
                "language" => crate::config::language(),
                "stdin" => text(Some(&r.stdin))?,
                "expected_output" => text(r.expected_output.as_deref())?,
                "stdout" => text(o.map(|o| o.stdout.as_slice()))?,
                "stderr" => text(o.map(|o| o.stderr.as_slice()))?,
                "compile_output" => Value::Null,
                "message" => text(o.and_then(|o| o.message.as_deref()).map(str::as_bytes))?,
                "status_id" => json!(status.id()),
                "status" => json!(status.view()),
                "created_at" => stamp(self.created_at),
                "finished_at" => self.finished_at.map_or(Value::Null, stamp),
                "time" => o.map_or(Value::Null, |o| decimal(o.time, 3)),
                "wall_time" => o.map_or(Value::Null, |o| decimal(o.wall_time, 3)),
                "memory" => o.map_or(Value::Null, |o| json!(o.memory)),
                "exit_code" => o.and_then(|o| o.exit_code).map_or(Value::Null, |c| json!(c)),
                "exit_signal" => o.and_then(|o| o.exit_signal).map_or(Value::Null, |s| json!(s)),
                "number_of_runs" => json!(r.number_of_runs),
                "cpu_time_limit" => decimal(r.cpu_time_limit, 1),
                "cpu_extra_time" => decimal(r.cpu_extra_time, 1),
                "wall_time_limit" => decimal(r.wall_time_limit, 1),
                "memory_limit" => json!(r.memory_limit),
                "stack_limit" => json!(r.stack_limit),
                "max_processes_and_or_threads" => json!(r.max_processes_and_or_threads),
                "max_file_size" => json!(r.max_file_size),
                "command_line_arguments" => json!(r.command_line_arguments),
                "callback_url" => json!(r.callback_url),
                "compiler_options" | "additional_files" => Value::Null,
                // Refused when asked for, so always off.
                _ => json!(false),
            };
            map.insert((*field).to_owned(), value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn stored() -> Stored {
        crate::request::read(&json!({"source_code": "print(1)", "language_id": 71}), false, &Config::default())
            .expect("valid")
    }

    fn outcome(stdout: &[u8]) -> Outcome {
        Outcome {
            status_id: 3,
            stdout: stdout.to_vec(),
            stderr: Vec::new(),
            message: None,
            exit_code: Some(0),
            exit_signal: None,
            time: 0.012,
            wall_time: 0.02,
            memory: 9000,
        }
    }

    #[test]
    fn fields_default_all_and_named() {
        assert_eq!(Fields::parse(None).expect("default"), Fields::default());
        assert_eq!(Fields::parse(Some("*")).expect("all").0.len(), 35);
        assert_eq!(Fields::parse(Some("stdout, status,stdout")).expect("named").0, ["stdout", "status"]);
        assert_eq!(Fields::parse(Some("stdout,nope,zip")), Err(vec!["nope".to_owned(), "zip".to_owned()]));
    }

    #[test]
    fn a_finished_submission_shows_its_result() {
        let request = stored();
        let done = outcome(b"1\n");
        let view = View {
            token: "t",
            created_at: 0,
            finished_at: Some(1_500),
            running: false,
            request: &request,
            outcome: Some(&done),
        };
        let shown = view.render(&Fields::default(), false).expect("utf-8");
        assert_eq!(
            shown,
            json!({"token": "t", "time": "0.012", "memory": 9000, "stdout": "1\n", "stderr": "",
                   "compile_output": null, "message": null, "status": {"id": 3, "description": "Accepted"}})
        );
        let encoded = view.render(&Fields::parse(Some("stdout,finished_at")).expect("f"), true).expect("b64");
        assert_eq!(encoded, json!({"stdout": "MQo=", "finished_at": "1970-01-01T00:00:01.500Z"}));
    }

    #[test]
    fn bytes_that_are_not_utf8_need_base64() {
        let request = stored();
        let done = outcome(b"\xff");
        let view = View {
            token: "t",
            created_at: 0,
            finished_at: None,
            running: true,
            request: &request,
            outcome: Some(&done),
        };
        assert_eq!(view.render(&Fields::default(), false), Err(NotUtf8));
        assert!(view.render(&Fields::default(), true).is_ok());
        let waiting = View { outcome: None, running: false, ..view };
        assert_eq!(waiting.render(&Fields::default(), false).expect("queued")["status"]["id"], 1);
    }
}
