//! A Jobe `run_spec` read from a request body, checked the way Jobe checks it (with Jobe's
//! wording where Jobe has one), and its `parameters` turned into the sandbox's [`Limits`]
//! within this server's maxima. Every refusal is a [`BadRequest`]: HTTP 400 with a plain
//! message, as Jobe answers.

use serde_json::{Map, Value};
use verdict_sandbox::Limits;

/// The one language this server runs.
pub const LANGUAGE: &str = "python3";

/// What Jobe calls the source when the client names none.
pub const DEFAULT_SOURCE_NAME: &str = "prog.py";

/// Caps on one run's request, each the one place its number lives.
pub mod caps {
    /// The source code, in bytes.
    pub const SOURCE_BYTES: usize = 1024 * 1024;
    /// The program's stdin, in bytes.
    pub const INPUT_BYTES: usize = 4 * 1024 * 1024;
    /// Entries of `file_list`.
    pub const FILES: usize = 64;
    /// Items of `interpreterargs` and of `runargs`, each.
    pub const ARGS: usize = 64;
    /// Bytes of one argument.
    pub const ARG_BYTES: usize = 4096;
    /// Length of a file name (and of `sourcefilename`).
    pub const NAME_BYTES: usize = 128;
    /// A file id: CodeRunner uses an MD5 in hex (32 characters); Jobe asks for 8 at least.
    pub const ID_MIN: usize = 8;
    pub const ID_MAX: usize = 64;
}

/// The server's maxima and Jobe's defaults for python3, per parameter. A value above a
/// maximum is lowered to it, except `cputime`, which Jobe refuses.
pub mod maxima {
    /// CPU seconds: the sandbox's own ceiling (`Limits::CEILING`). Jobe's default is 5.
    pub const CPUTIME_SECS: f64 = 60.0;
    pub const DEFAULT_CPUTIME_SECS: f64 = 5.0;
    /// Memory of the whole run in MiB (Jobe's python3 default is 1000; 0 asks for the maximum).
    pub const MEMORY_MIB: u64 = 1024;
    pub const DEFAULT_MEMORY_MIB: u64 = 1000;
    /// The least memory a run gets: the interpreter alone needs about 20 MiB of address space.
    pub const MIN_MEMORY_MIB: u64 = 64;
    /// stdout and stderr are each cut at this many MiB (Jobe's default is 2).
    pub const STREAM_MIB: u64 = 16;
    pub const DEFAULT_STREAM_MIB: u64 = 2;
    /// Processes and threads at once (Jobe's default is 30).
    pub const NUMPROCS: u64 = 64;
    pub const DEFAULT_NUMPROCS: u64 = 30;
    /// The largest file the program may write, and the room it has to write in, in MiB
    /// (Jobe's default is 20). The scratch space is a tmpfs charged to the run's memory.
    pub const DISK_MIB: u64 = 128;
    pub const DEFAULT_DISK_MIB: u64 = 20;
}

const MIB: u64 = 1024 * 1024;

/// A request Jobe would answer with 400, and its message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadRequest(pub String);

fn bad(message: impl Into<String>) -> BadRequest {
    BadRequest(message.into())
}

/// One run as the client asked for it, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    pub sourcecode: String,
    pub sourcefilename: String,
    pub input: String,
    /// (file id, name in the run's directory).
    pub files: Vec<(String, String)>,
    pub limits: Limits,
    pub interpreterargs: Vec<String>,
    pub runargs: Vec<String>,
}

impl RunSpec {
    /// Reads `{"run_spec": {...}}`.
    pub fn from_body(body: &[u8]) -> Result<Self, BadRequest> {
        let json: Value = serde_json::from_slice(body).map_err(|_| bad("Non-JSON post data received"))?;
        let Some(run) = json.get("run_spec").and_then(Value::as_object) else {
            return Err(bad("No run_spec attribute found in post data"));
        };
        for field in ["sourcecode", "language_id"] {
            if !run.contains_key(field) {
                return Err(bad(format!("run_spec is missing the required attribute '{field}'")));
            }
        }
        let (sourcecode, language) = (&run["sourcecode"], &run["language_id"]);
        let language = language.as_str().ok_or_else(|| bad("run_spec's 'language_id' must be a string"))?;
        if !language.eq_ignore_ascii_case(LANGUAGE) {
            return Err(bad(format!("Language '{language}' is not known")));
        }
        let sourcecode = string(sourcecode, "sourcecode", caps::SOURCE_BYTES)?;
        let input = match run.get("input") {
            None | Some(Value::Null) => String::new(),
            Some(value) => string(value, "input", caps::INPUT_BYTES)?,
        };
        let sourcefilename = match run.get("sourcefilename") {
            None | Some(Value::Null) => DEFAULT_SOURCE_NAME.to_owned(),
            Some(Value::String(name)) if name.is_empty() => DEFAULT_SOURCE_NAME.to_owned(),
            Some(Value::String(name)) if is_file_name(name) => name.clone(),
            Some(_) => return Err(bad("The sourcefilename for the run_spec is illegal")),
        };
        let files = file_list(run.get("file_list"), &sourcefilename)?;
        let empty = Map::new();
        let parameters = match run.get("parameters") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(map)) => map,
            // PHP clients send an empty array for no parameters.
            Some(Value::Array(items)) if items.is_empty() => &empty,
            Some(_) => return Err(bad("run_spec's 'parameters' must be an object")),
        };
        Ok(Self {
            sourcecode,
            sourcefilename,
            input,
            files,
            limits: limits(parameters)?,
            interpreterargs: args(parameters.get("interpreterargs"), "interpreterargs")?,
            runargs: args(parameters.get("runargs"), "runargs")?,
        })
    }
}

fn string(value: &Value, field: &str, cap: usize) -> Result<String, BadRequest> {
    let text = value.as_str().ok_or_else(|| bad(format!("run_spec's '{field}' must be a string")))?;
    if text.len() > cap {
        return Err(bad(format!("run_spec's '{field}' is longer than this server's limit of {cap} bytes")));
    }
    Ok(text.to_owned())
}

/// A name a file may have in the run's directory: letters, digits, `-`, `_` and `.` (Jobe's
/// rule), not starting with `.` or `-`, and not the runner's own name. It cannot leave `/box`.
pub fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= caps::NAME_BYTES
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        && !name.starts_with(['.', '-'])
        && name != verdict_pyassets::JOBE_RUN_NAME
}

/// A file id: an opaque string of ASCII letters and digits, never a path.
pub fn is_file_id(id: &str) -> bool {
    (caps::ID_MIN..=caps::ID_MAX).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn file_list(value: Option<&Value>, source: &str) -> Result<Vec<(String, String)>, BadRequest> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(bad("run_spec's 'file_list' must be a list of [file_id, name] pairs")),
    };
    if items.len() > caps::FILES {
        return Err(bad(format!("run_spec's 'file_list' has more than this server's limit of {} files", caps::FILES)));
    }
    let mut files: Vec<(String, String)> = Vec::with_capacity(items.len());
    for item in items {
        let spec = item.as_array().filter(|pair| pair.len() == 2 || pair.len() == 3);
        let pair = spec.and_then(|pair| Some((pair[0].as_str()?, pair[1].as_str()?)));
        let Some((id, name)) = pair.filter(|(id, name)| is_file_id(id) && is_file_name(name)) else {
            return Err(bad(format!("Invalid file specifier: {item}")));
        };
        if name == source || files.iter().any(|(_, taken)| taken == name) {
            return Err(bad(format!("Invalid file specifier: {item} (the name '{name}' is given twice)")));
        }
        files.push((id.to_owned(), name.to_owned()));
    }
    Ok(files)
}

fn args(value: Option<&Value>, field: &str) -> Result<Vec<String>, BadRequest> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(bad(format!("parameter '{field}' must be a list of strings"))),
    };
    if items.len() > caps::ARGS {
        return Err(bad(format!("parameter '{field}' has more than this server's limit of {} items", caps::ARGS)));
    }
    items
        .iter()
        .map(|item| match item.as_str() {
            Some(arg) if arg.len() <= caps::ARG_BYTES && !arg.contains('\0') => Ok(arg.to_owned()),
            _ => Err(bad(format!(
                "parameter '{field}' must hold strings without NUL of at most {} bytes",
                caps::ARG_BYTES
            ))),
        })
        .collect()
}

/// A numeric parameter: a JSON number or a numeric string (PHP clients send either).
fn number(parameters: &Map<String, Value>, field: &str) -> Result<Option<f64>, BadRequest> {
    let value = match parameters.get(field) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match value {
        Some(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => Err(bad(format!("parameter '{field}' must be a number of at least 0"))),
    }
}

/// Whole units of a parameter, its default when absent, within `min..=max`.
fn units(parameters: &Map<String, Value>, field: &str, default: u64, min: u64, max: u64) -> Result<u64, BadRequest> {
    let value = number(parameters, field)?.map_or(default, |v| v.ceil() as u64);
    Ok(value.clamp(min, max))
}

fn limits(parameters: &Map<String, Value>) -> Result<Limits, BadRequest> {
    let cputime = number(parameters, "cputime")?.unwrap_or(maxima::DEFAULT_CPUTIME_SECS);
    if cputime > maxima::CPUTIME_SECS {
        return Err(bad(format!(
            "cputime exceeds maximum allowed on this Jobe server ({} secs)",
            maxima::CPUTIME_SECS
        )));
    }
    let cpu_ms = ((cputime * 1000.0).ceil() as u64).max(100);
    let memory = match number(parameters, "memorylimit")? {
        // Jobe reads 0 as no limit: here, the maximum.
        Some(0.0) => maxima::MEMORY_MIB,
        Some(v) => (v.ceil() as u64).clamp(maxima::MIN_MEMORY_MIB, maxima::MEMORY_MIB),
        None => maxima::DEFAULT_MEMORY_MIB,
    };
    let stream = units(parameters, "streamsize", maxima::DEFAULT_STREAM_MIB, 1, maxima::STREAM_MIB)?;
    let disk = units(parameters, "disklimit", maxima::DEFAULT_DISK_MIB, 1, maxima::DISK_MIB)?;
    let defaults = Limits::default();
    Ok(Limits {
        cpu_ms,
        // Jobe kills a run at twice its CPU time; the exec path's start gets two seconds more.
        wall_ms: (cpu_ms * 2).max(cpu_ms + 2000),
        memory_bytes: memory * MIB,
        max_processes: units(parameters, "numprocs", maxima::DEFAULT_NUMPROCS, 2, maxima::NUMPROCS)?,
        stdout_bytes: stream * MIB,
        stderr_bytes: stream * MIB,
        file_size_bytes: disk * MIB,
        scratch_bytes: disk * MIB,
        ..defaults
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(run: Value) -> Result<RunSpec, BadRequest> {
        RunSpec::from_body(json!({ "run_spec": run }).to_string().as_bytes())
    }

    #[test]
    fn a_minimal_run_takes_jobes_defaults() {
        let run = spec(json!({"language_id": "python3", "sourcecode": "print(1)"})).expect("valid");
        assert_eq!(run.sourcefilename, "prog.py");
        assert_eq!(run.limits.cpu_ms, 5000);
        assert_eq!(run.limits.wall_ms, 10_000);
        assert_eq!(run.limits.memory_bytes, 1000 * MIB);
        assert_eq!(run.limits.stdout_bytes, 2 * MIB);
        assert_eq!(run.limits.max_processes, 30);
        assert_eq!(run.limits.validate(), Ok(()));
    }

    #[test]
    fn refusals_use_jobes_words() {
        assert_eq!(RunSpec::from_body(b"{").map_err(|e| e.0), Err("Non-JSON post data received".into()));
        assert_eq!(spec(json!(null)).map_err(|e| e.0), Err("No run_spec attribute found in post data".into()));
        let missing = spec(json!({"language_id": "python3"})).map_err(|e| e.0);
        assert_eq!(missing, Err("run_spec is missing the required attribute 'sourcecode'".into()));
        let c = spec(json!({"language_id": "c", "sourcecode": ""})).map_err(|e| e.0);
        assert_eq!(c, Err("Language 'c' is not known".into()));
        let slow = spec(json!({"language_id": "python3", "sourcecode": "", "parameters": {"cputime": 61}}));
        assert_eq!(slow.map_err(|e| e.0), Err("cputime exceeds maximum allowed on this Jobe server (60 secs)".into()));
    }

    #[test]
    fn parameters_are_honoured_within_the_maxima() {
        let params = json!({"cputime": "2", "memorylimit": 5000, "streamsize": 1, "numprocs": 1000,
                            "disklimit": 2, "interpreterargs": ["-BE"], "runargs": ["a b", "c"]});
        let run = spec(json!({"language_id": "Python3", "sourcecode": "", "parameters": params})).expect("valid");
        assert_eq!(run.limits.cpu_ms, 2000);
        assert_eq!(run.limits.memory_bytes, maxima::MEMORY_MIB * MIB);
        assert_eq!(run.limits.stdout_bytes, MIB);
        assert_eq!(run.limits.max_processes, maxima::NUMPROCS);
        assert_eq!(run.limits.file_size_bytes, 2 * MIB);
        assert_eq!(run.interpreterargs, ["-BE"]);
        assert_eq!(run.runargs, ["a b", "c"]);
        let bad_type = spec(json!({"language_id": "python3", "sourcecode": "", "parameters": {"memorylimit": "lots"}}));
        assert!(bad_type.is_err());
        let shell = spec(json!({"language_id": "python3", "sourcecode": "", "parameters": {"runargs": "a; rm -rf /"}}));
        assert!(shell.is_err(), "{shell:?}");
    }

    #[test]
    fn file_names_and_ids_cannot_leave_the_box() {
        for name in ["../x", "/etc/passwd", ".hidden", "a/b", "", "-rf", "verdict_jobe_run.py", "a\0b"] {
            assert!(!is_file_name(name), "{name:?}");
        }
        for name in ["data.txt", "__tester__.python3", "a-b_c.csv"] {
            assert!(is_file_name(name), "{name:?}");
        }
        for id in ["../../etc", "short", "abc/defgh", "0123456789abcdef0123456789abcdef/"] {
            assert!(!is_file_id(id), "{id:?}");
        }
        assert!(is_file_id("0123456789abcdef0123456789abcdef"));
        let twice = json!([["0123456789abcdef", "a.txt"], ["fedcba9876543210", "a.txt"]]);
        assert!(spec(json!({"language_id": "python3", "sourcecode": "", "file_list": twice})).is_err());
        let escape = json!([["0123456789abcdef", "../a.txt"]]);
        let refused = spec(json!({"language_id": "python3", "sourcecode": "", "file_list": escape}));
        assert!(refused.is_err_and(|e| e.0.starts_with("Invalid file specifier")));
        let source = spec(json!({"language_id": "python3", "sourcecode": "", "sourcefilename": "../x.py"}));
        assert_eq!(source.map_err(|e| e.0), Err("The sourcefilename for the run_spec is illegal".into()));
    }
}
