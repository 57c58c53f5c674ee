//! The protocol between the judge and the in-box harness (`sandbox/python/harness.py`).
//!
//! The judge sends one [`Request`], tagged by its mode, as JSON on the harness's stdin. The
//! harness answers on the stdout it had at start: the line [`STARTED`] just before a
//! candidate's code first runs, then one [`Reply`], whose [`Outcome`] is tagged by its status.
//! Bytes (a marshalled code object) travel as base64. The candidate's own prints never reach
//! that stream: the harness points fd 1 at a scratch file before any candidate code runs and
//! returns what was printed inside the reply, as a JSON string.
//!
//! The candidate's code shares the harness's process, so once [`STARTED`] is written it can
//! reach the stream on purpose (not by printing) and end the run with a reply of its own: what
//! follows [`STARTED`] is read as the candidate's ([`Stream`]), and a reply only the harness
//! gives before that ([`Outcome::after_candidate`]) is the candidate's runtime error there.
//!
//! This module knows the wire format only; what a reply is worth is `grade`'s business.

use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use verdict_catalog::{Exchange, OrmFramework, WebFramework};
use verdict_sandbox::{
    BoxedFile, Limits, PythonModule, RunOutcome, RunRequest, Runtime, Sandbox, SandboxError, Status,
};

pub(crate) use crate::clip::tail;

/// The in-box harness.
pub const HARNESS: &str = verdict_pyassets::HARNESS;

/// The judge's trusted runner scripts, for `SandboxConfig::runner_scripts`, so that the warm
/// fork server compiles the harness once instead of in every test.
pub fn runner_scripts() -> Vec<(String, String)> {
    vec![("harness.py".to_owned(), HARNESS.to_owned())]
}

/// The modules the fork server with packages preloads, for `SandboxConfig::preloads`: every
/// shared ORM schema, so an ORM test starts with its schema's tables made and its ORM warm.
pub fn preloads() -> Vec<PythonModule> {
    verdict_pyassets::ORM_SCHEMAS.iter().map(|s| PythonModule::new(s.module_name(), s.source)).collect()
}

/// The modules an ORM run loads: the shared schema it names, for its framework.
fn orm_preloads(schema: &str, framework: OrmFramework) -> Vec<PythonModule> {
    verdict_pyassets::orm_schema(schema, framework.as_str())
        .map(|s| PythonModule::new(s.module_name(), s.source))
        .into_iter()
        .collect()
}

/// Largest harness reply (a returned value, generated tests, a code object) read back.
pub(crate) const RESULT_BYTES: u64 = 32 * 1024 * 1024;

/// The line the harness writes just before the candidate's code first runs.
pub const STARTED: &[u8] = br#"{"status": "started"}"#;

/// What the judge asks of the harness, for one run. Files it names are the caller's to put in
/// `/box`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Request<'a> {
    /// Check `/box/solution.py` for syntax errors, compiling it as `filename`; reply
    /// [`Outcome::Compiled`] (with the code object) or [`Outcome::SyntaxError`].
    Compile { filename: &'a str },
    /// Call `entry` from `/box/solution.py` once.
    Function { entry: &'a str, args: &'a [Value], kwargs: &'a Map<String, Value> },
    /// Construct `entry` with the first call's arguments, then call the named methods in turn;
    /// reply [`Outcome::Sequence`].
    Calls { entry: &'a str, calls: &'a [(String, Vec<Value>)] },
    /// Evaluate each `(field, text)` with `ast.literal_eval` (no candidate code runs); reply
    /// [`Outcome::BadLiteral`] for the first that is not a literal, else `returned`.
    Literals { fields: &'a [(String, String)] },
    /// Run `generate(rng, count)` from `/box/generator.py` (the author's).
    Generate { seed: u64, count: u32 },
    /// Run `check(input, expected, actual)` from `/box/checker.py` (the author's), which returns
    /// True/False, a score in [0, 1], or either with a message; reply [`Outcome::Checked`].
    Check { input: Value, expected: &'a Value, actual: &'a Value },
    /// Check `/box/solution.sql` against the schema: one statement, of a kind allowed.
    SqlCompile { schema: Option<&'a str>, modifies: bool },
    /// Run `/box/solution.sql` on a fresh database holding the fixture `tables`.
    Sql { schema: Option<&'a str>, tables: &'a Value, modifies: bool, ordered: bool, seed: usize },
    /// Call `entry` from `/box/solution.py` on the shared schema holding the fixture, recording
    /// every statement the ORM sends.
    Orm {
        framework: OrmFramework,
        schema: &'a str,
        entry: &'a str,
        args: &'a [Value],
        kwargs: &'a Map<String, Value>,
        tables: &'a Value,
        tables_after: &'a [String],
        seed: usize,
    },
    /// Load `/box/scenarios.py` (the author's, with the API `/box/scenario.py` as the module
    /// `verdict`), then `/box/solution.py`, and run one scenario; each observation comes on a
    /// line of its own between [`STARTED`] and the reply ([`Stream::records`]), stamped with
    /// `token` and numbered from 1; the reply is [`Outcome::ScenarioDone`].
    Scenario { scenario: &'a str, token: &'a str },
    /// Run the candidate's test suite (`/box/solution.py`) with pytest (`/box/suite.py`) against
    /// `source` imported as `module`; reply [`Outcome::SuiteRan`]. Nothing but the module tells a
    /// graded run on the implementation from one on a bug: the suite can read the request.
    /// `coverage` (a run of its own, never graded) measures the module's line and branch
    /// coverage.
    Suite { module: &'a str, source: &'a str, orm: Option<SuiteSchema<'a>>, coverage: bool },
    /// Build a DataFrame of each table of `tables` named in `frames` (`dates` columns parsed),
    /// call `entry` from `/box/solution.py` with them and then the arguments, and reply the
    /// value encoded by `/box/frames.py` (read by [`crate::frames`]).
    Pandas {
        entry: &'a str,
        frames: &'a [String],
        dates: &'a [String],
        types: &'a std::collections::BTreeMap<String, String>,
        tables: &'a Value,
        args: &'a [Value],
        kwargs: &'a Map<String, Value>,
    },
    /// Load `/box/scenarios.py` (with `/box/scenario.py` as `verdict`) and list its scenarios
    /// (name, line, sample, weight, group, source), for `verdict check`; no candidate code runs.
    ScenarioList,
    /// Send `exchanges` in order to the app `/box/solution.py` defines, through the framework's
    /// test client (`/box/web.py`), on the shared schema holding `tables` when `orm` is set;
    /// reply [`Outcome::Exchanged`].
    Web {
        framework: WebFramework,
        app: &'a str,
        exchanges: &'a [Exchange],
        orm: Option<SuiteSchema<'a>>,
        tables: &'a Value,
        seed: usize,
    },
}

/// The shared ORM schema a `tests` problem's module (or a `web` problem's app) uses, set up
/// before the candidate's code runs.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SuiteSchema<'a> {
    pub framework: OrmFramework,
    pub schema: &'a str,
}

impl Request<'_> {
    /// The sandbox run of this request, with the harness and `files` in `/box`.
    pub fn to_run(&self, files: Vec<BoxedFile>, limits: Limits) -> RunRequest {
        let mut all = vec![BoxedFile { name: "harness.py".into(), contents: HARNESS.as_bytes().to_vec() }];
        all.extend(files);
        let request = RunRequest {
            files: all,
            args: vec!["/box/harness.py".into()],
            // Strings, numbers and JSON values only: writing them to a Vec cannot fail.
            stdin: serde_json::to_vec(self).expect("a request serialises to JSON"),
            limits,
            runtime: None,
        };
        // ORM runs need Django and SQLAlchemy (the fork server that has them loaded) and their
        // schema (preloaded there, or in /box on the exec path).
        // A suite runs pytest, which the same fork server has imported.
        match self {
            Request::Orm { framework, schema, .. } => {
                request.with_runtime(Runtime::Packages, orm_preloads(schema, *framework))
            }
            Request::Suite { orm: Some(orm), .. } => {
                request.with_runtime(Runtime::Packages, orm_preloads(orm.schema, orm.framework))
            }
            Request::Suite { orm: None, .. } => request.with_runtime(Runtime::Packages, Vec::new()),
            // numpy and pandas, imported once in the fork server that has them.
            Request::Pandas { .. } => request.with_runtime(Runtime::Data, Vec::new()),
            // Flask, FastAPI and Django are the packages runtime's too (warmed there).
            Request::Web { orm: Some(orm), .. } => {
                request.with_runtime(Runtime::Packages, orm_preloads(orm.schema, orm.framework))
            }
            Request::Web { orm: None, .. } => request.with_runtime(Runtime::Packages, Vec::new()),
            _ => request,
        }
    }
}

/// The harness's answer to one request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub outcome: Outcome,
    /// What the candidate's code printed (function, calls, orm), up to the harness's limit.
    #[serde(default)]
    pub stdout: String,
    /// The prints filled the capture file to the file-size limit: too much output.
    #[serde(default)]
    pub output_limit: bool,
    /// The SQL an ORM answer sent (orm, once the answer was called).
    #[serde(default)]
    pub queries: Option<Recorded>,
}

/// The statements an ORM answer sent, as the in-box recorder saw them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recorded {
    /// The first statements, parameters written in.
    pub statements: Vec<String>,
    /// Every statement but transaction control.
    pub count: u32,
    /// Set when the harness found the recorder disabled or replaced after the call.
    #[serde(default)]
    pub tampered: Option<String>,
}

/// What a run did, as the harness says.
#[derive(Debug, Clone, Deserialize, strum::IntoStaticStr)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
#[strum(serialize_all = "snake_case")]
pub enum Outcome {
    /// The code compiles (compile, sql_compile); Python's code object, marshalled, unless it is
    /// too large to be worth shipping (each test then compiles the source itself).
    Compiled {
        #[serde(default, deserialize_with = "base64_bytes")]
        code: Option<Vec<u8>>,
    },
    SyntaxError {
        message: String,
        line: Option<u32>,
        column: Option<u32>,
        text: String,
    },
    /// A call's value (function, orm), the generated tests (generate), or the rows or tables
    /// (sql).
    Returned {
        value: Value,
        /// Python's repr of a value of builtin types only (a tuple), when short (function).
        #[serde(default)]
        repr: Option<String>,
        /// An ordered SQL query's rows when unordered rows come back the other way round.
        #[serde(default)]
        reversed_rows: Option<Vec<Vec<Value>>>,
        /// The traceback of a call that raised where the tables it leaves are the answer.
        #[serde(default)]
        traceback: Option<String>,
    },
    /// Each call of a sequence (calls).
    Sequence {
        results: Vec<Step>,
    },
    /// A custom input's text that is not a Python literal (literals), and Python's message.
    BadLiteral {
        field: String,
        message: String,
    },
    Raised(Raised),
    /// The checker's decision (check): the answer's score, 1 when accepted (True), 0 when
    /// rejected (False), and partial credit between.
    Checked {
        score: f64,
        message: String,
    },
    /// The value cannot travel as JSON (a set of lists, inf, an object).
    NotJson {
        message: String,
    },
    MissingEntry {
        message: String,
    },
    /// The SQL answer did something the problem does not allow.
    Refused {
        message: String,
    },
    SqlError {
        exception: String,
        message: String,
    },
    /// The test's dataset did not load.
    FixtureError {
        message: String,
    },
    HarnessError {
        message: String,
    },
    /// A scenario ran to its end (scenario): how many observations it made, and the token.
    ScenarioDone {
        observations: usize,
        token: String,
    },
    /// pytest ran the candidate's suite (suite).
    SuiteRan(crate::suite_run::SuiteRun),
    /// The app answered every request (web): one response per exchange.
    Exchanged {
        responses: Vec<Response>,
    },
}

/// One response of a web run, as the harness reports it (`sandbox/python/web.py`); graded by
/// `exchange`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub status: u16,
    /// Every header, lower-case names (bounded in the box).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body, when its content type is JSON and it parses.
    #[serde(default, deserialize_with = "present")]
    pub json: Option<Value>,
    /// The body otherwise (the first 64 KiB).
    #[serde(default)]
    pub text: Option<String>,
    /// The text was cut to its first 64 KiB.
    #[serde(default)]
    pub truncated: bool,
    /// The exception line of a view that raised (the response is then the framework's 500).
    #[serde(default)]
    pub exception: Option<String>,
    /// The statements this exchange sent (with `[orm]`).
    #[serde(default)]
    pub queries: Option<Recorded>,
}

/// A present field, even `null` (a JSON body `null`), as `Some`.
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// One call of a sequence.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    Returned {
        value: Value,
        #[serde(default)]
        repr: Option<String>,
    },
    Raised(Raised),
}

/// An exception, described inside the box before it can be compared outside.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raised {
    /// The class's bare name.
    pub exception: String,
    /// The class and its bases, as `module.QualName` (`builtins.ValueError` only for the
    /// builtin itself, found by identity before the candidate's code ran).
    pub mro: Vec<String>,
    /// Names of builtins that a class in `mro` has without being that builtin.
    pub shadows: Vec<String>,
    pub message: String,
    pub traceback: String,
    /// A MemoryError (or ENOMEM).
    pub out_of_memory: bool,
}

fn base64_bytes<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<u8>>, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    text.map(|text| BASE64.decode(text).map_err(serde::de::Error::custom)).transpose()
}

impl Outcome {
    /// The status as the harness writes it.
    pub fn status(&self) -> &'static str {
        self.into()
    }

    /// Whether the harness gives this outcome after the candidate's code ran; any other after
    /// [`STARTED`] was written by that code.
    pub fn after_candidate(&self) -> bool {
        matches!(
            self,
            Outcome::Returned { .. }
                | Outcome::Sequence { .. }
                | Outcome::Raised(_)
                | Outcome::NotJson { .. }
                | Outcome::MissingEntry { .. }
                | Outcome::ScenarioDone { .. }
                | Outcome::SuiteRan(_)
                | Outcome::Exchanged { .. }
        )
    }

    /// What the outcome says for a person: the traceback or message, or its status.
    pub fn explanation(&self) -> String {
        match self {
            Outcome::Raised(raised) => raised.traceback.clone(),
            Outcome::SyntaxError { message, .. }
            | Outcome::Checked { message, .. }
            | Outcome::NotJson { message }
            | Outcome::MissingEntry { message }
            | Outcome::Refused { message }
            | Outcome::SqlError { message, .. }
            | Outcome::FixtureError { message }
            | Outcome::HarnessError { message }
            | Outcome::BadLiteral { message, .. } => message.clone(),
            Outcome::Compiled { .. }
            | Outcome::Returned { .. }
            | Outcome::Sequence { .. }
            | Outcome::ScenarioDone { .. }
            | Outcome::SuiteRan(_)
            | Outcome::Exchanged { .. } => self.status().to_owned(),
        }
    }
}

/// What a run's stdout says.
#[derive(Debug)]
pub struct Stream {
    /// The harness said the candidate's code was about to run: what follows is the candidate's.
    pub candidate_ran: bool,
    /// The lines between [`STARTED`] and the reply (a scenario's observations), unread.
    pub records: Vec<Vec<u8>>,
    pub reply: Result<Reply, Unread>,
}

/// Why a stream holds no reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unread {
    #[error("no reply")]
    Missing,
    #[error("a reply that cannot be read: {0}")]
    Unreadable(String),
}

impl Stream {
    /// Reads the harness's stream: [`STARTED`] first if the candidate's code ran, the reply
    /// last. Before [`STARTED`] only the harness has written, so its one line is the reply.
    pub fn read(stdout: &[u8]) -> Stream {
        let mut lines = stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty());
        let first = lines.next();
        let candidate_ran = first == Some(STARTED);
        let last = lines.next_back().or(first.filter(|_| !candidate_ran));
        let reply = match last {
            None => Err(Unread::Missing),
            Some(line) => serde_json::from_slice(line).map_err(|e| Unread::Unreadable(e.to_string())),
        };
        let records = if candidate_ran { lines.map(<[u8]>::to_vec).collect() } else { Vec::new() };
        Stream { candidate_ran, records, reply }
    }

    /// The reply, if there is one that can be read.
    pub fn into_reply(self) -> Option<Reply> {
        self.reply.ok()
    }
}

/// Runs one request in the box. The stream is read only when the run ended normally: a run
/// the sandbox stopped (time, memory, a denied call) has its status to say what happened.
pub fn run(
    sandbox: &Sandbox,
    request: &Request<'_>,
    files: Vec<BoxedFile>,
    limits: Limits,
) -> Result<(RunOutcome, Option<Stream>), SandboxError> {
    run_request(sandbox, &request.to_run(files, limits))
}

/// Runs a request already made a sandbox run (`Request::to_run`, then given more), as [`run`].
pub fn run_request(sandbox: &Sandbox, run: &RunRequest) -> Result<(RunOutcome, Option<Stream>), SandboxError> {
    let outcome = sandbox.run(run)?;
    let stream = (outcome.status == Status::Ok).then(|| Stream::read(&outcome.stdout));
    Ok((outcome, stream))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn line(value: Value) -> Vec<u8> {
        value.to_string().into_bytes()
    }

    #[test]
    fn a_request_is_tagged_by_its_mode() {
        let args = [json!(1)];
        let kwargs = Map::new();
        let request = Request::Function { entry: "twice", args: &args, kwargs: &kwargs };
        let sent: Value = serde_json::from_slice(&request.to_run(Vec::new(), Limits::default()).stdin)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sent, json!({"mode": "function", "entry": "twice", "args": [1], "kwargs": {}}));
        let request = Request::Orm {
            framework: OrmFramework::Sqlalchemy,
            schema: "library",
            entry: "f",
            args: &args,
            kwargs: &kwargs,
            tables: &Value::Null,
            tables_after: &[],
            seed: 3,
        };
        let run = request.to_run(Vec::new(), Limits::default());
        assert_eq!(run.runtime, Some(Runtime::Packages), "an orm run needs the packages");
        assert_eq!(
            serde_json::from_slice::<Value>(&run.stdin).ok().map(|v| v["framework"].clone()),
            Some(json!("sqlalchemy"))
        );
        let frames = ["employee".to_owned()];
        let request = Request::Pandas {
            entry: "f",
            frames: &frames,
            dates: &[],
            types: &std::collections::BTreeMap::new(),
            tables: &Value::Null,
            args: &args,
            kwargs: &kwargs,
        };
        let run = request.to_run(Vec::new(), Limits::default());
        assert_eq!(run.runtime, Some(Runtime::Data), "a pandas run goes to the server with numpy and pandas");
        let sent: Value = serde_json::from_slice(&run.stdin).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            sent,
            json!({"mode": "pandas", "entry": "f", "frames": ["employee"], "dates": [], "types": {}, "tables": null,
                   "args": [1], "kwargs": {}})
        );
    }

    #[test]
    fn a_web_request_carries_the_requests_and_never_an_expected_response() {
        let exchanges: Vec<Exchange> = serde_json::from_value(json!([{"method": "POST", "path": "/n", "json": {}}]))
            .unwrap_or_else(|e| panic!("{e}"));
        let request = Request::Web {
            framework: WebFramework::Flask,
            app: "app",
            exchanges: &exchanges,
            orm: None,
            tables: &Value::Null,
            seed: 2,
        };
        let run = request.to_run(Vec::new(), Limits::default());
        assert_eq!(run.runtime, Some(Runtime::Packages), "Flask is the packages runtime's");
        let sent: Value = serde_json::from_slice(&run.stdin).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            sent,
            json!({"mode": "web", "framework": "flask", "app": "app", "orm": null, "tables": null, "seed": 2,
                   "exchanges": [{"method": "POST", "path": "/n", "json": {}}]})
        );
    }

    #[test]
    fn a_reply_is_read_by_its_status_with_bytes_from_base64() {
        let reply = line(json!({"outcome": {"status": "compiled", "code": "AAEC/w=="}}));
        let stream = Stream::read(&reply);
        assert!(!stream.candidate_ran);
        match stream.into_reply().map(|r| r.outcome) {
            Some(Outcome::Compiled { code }) => assert_eq!(code, Some(vec![0, 1, 2, 255])),
            other => panic!("{other:?}"),
        }
        let bad = line(json!({"outcome": {"status": "compiled", "code": "not base64!"}}));
        assert!(matches!(Stream::read(&bad).reply, Err(Unread::Unreadable(_))));
    }

    #[test]
    fn an_unknown_status_or_field_is_unreadable() {
        for wrong in [
            json!({"outcome": {"status": "bogus"}}),
            json!({"outcome": {"status": "not_json", "message": "m", "extra": 1}}),
            json!({"outcome": {"status": "not_json", "message": "m"}, "extra": 1}),
            json!({"outcome": {"status": "raised", "exception": "E"}}),
        ] {
            assert!(matches!(Stream::read(&line(wrong.clone())).reply, Err(Unread::Unreadable(_))), "{wrong}");
        }
    }

    #[test]
    fn after_started_the_last_line_is_the_reply_and_the_candidates() {
        let reply = line(json!({"outcome": {"status": "returned", "value": [1, null]}, "stdout": "hi\n"}));
        let stdout = [STARTED, b"\n", &reply, b"\n"].concat();
        let stream = Stream::read(&stdout);
        assert!(stream.candidate_ran);
        let reply = stream.into_reply().unwrap_or_else(|| panic!("a reply"));
        assert_eq!(reply.stdout, "hi\n");
        assert!(matches!(&reply.outcome, Outcome::Returned { value, .. } if *value == json!([1, null])));
        assert!(reply.outcome.after_candidate());
        let only_started = [STARTED, b"\n"].concat();
        assert_eq!(Stream::read(&only_started).reply.err(), Some(Unread::Missing));
        assert!(Stream::read(&only_started).candidate_ran);
        assert_eq!(Stream::read(b"").reply.err(), Some(Unread::Missing));
    }

    #[test]
    fn the_lines_between_started_and_the_reply_are_records() {
        let reply = line(json!({"outcome": {"status": "scenario_done", "observations": 2, "token": "t"}}));
        let stdout = [STARTED, b"\n", b"one\n", b"two\n", &reply, b"\n"].concat();
        let stream = Stream::read(&stdout);
        assert_eq!(stream.records, [b"one".to_vec(), b"two".to_vec()]);
        let outcome = stream.into_reply().map(|r| r.outcome);
        assert!(
            matches!(&outcome, Some(Outcome::ScenarioDone { observations: 2, token }) if token == "t"),
            "{outcome:?}"
        );
        assert!(outcome.is_some_and(|o| o.after_candidate()));
        let request = Request::Scenario { scenario: "test_a", token: "t" };
        let sent: Value = serde_json::from_slice(&request.to_run(Vec::new(), Limits::default()).stdin)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sent, json!({"mode": "scenario", "scenario": "test_a", "token": "t"}));
    }

    #[test]
    fn a_status_name_is_the_wire_name() {
        let outcome: Outcome = serde_json::from_value(json!({"status": "fixture_error", "message": "m"}))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(outcome.status(), "fixture_error");
        assert!(!outcome.after_candidate());
        assert_eq!(outcome.explanation(), "m");
    }
}
