//! The server's Judge0 settings: each limit's default and maximum (Judge0 CE 1.13.1's defaults,
//! with the memory floor the sandbox needs), the caps on what a client may send, and
//! `/config_info` as Judge0 answers it. Every Judge0 limit and cap is said here, once.

use serde_json::{json, Value};

/// The Judge0 version `/about` reports. Clients map language names to ids by it (the Python
/// SDK's table has "1.13.1", where Python 3 is 71).
pub const VERSION: &str = "1.13.1";

/// The one language: Judge0 CE's id for Python 3 (its "Python (3.8.1)"; here the sandbox's
/// Python 3.11).
pub const PYTHON_ID: u32 = 71;

/// Source code kept at most, in bytes (as the native API's code).
pub const MAX_SOURCE_BYTES: usize = 64 * 1024;
/// Standard input kept at most, in bytes.
pub const MAX_STDIN_BYTES: usize = 128 * 1024;
/// An expected output kept at most, in bytes.
pub const MAX_EXPECTED_BYTES: usize = 128 * 1024;
/// A callback URL at most, in characters.
pub const MAX_CALLBACK_CHARS: usize = 2048;
/// Command-line arguments at most, in characters.
pub const MAX_ARGUMENTS_CHARS: usize = 1024;
/// stdout and stderr each kept at most, in bytes: writing more ends the run as an output limit.
pub const MAX_OUTPUT_BYTES: u64 = 64 * 1024;
/// A request body at most on the Judge0 routes: a batch of 20 submissions at their caps, in
/// base64, would pass it and is refused with 413 whole.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Submissions in one batch, create or read (Judge0's `MAX_SUBMISSION_BATCH_SIZE` default).
pub const MAX_BATCH: usize = 20;
/// Submissions waiting or running, on every node, past which new ones are refused with 503
/// (Judge0's `MAX_QUEUE_SIZE` default).
pub const MAX_QUEUE: u64 = 100;
/// How many times a callback is tried (Judge0's `CALLBACKS_MAX_TRIES` default).
pub const CALLBACK_TRIES: u32 = 3;

/// The sandbox cannot run Python in less (the interpreter alone maps about 20 MiB).
pub const MIN_MEMORY_KB: u64 = 32 * 1024;

/// Limits a submission gets when it names none, and the most it may name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    pub cpu_time_limit: f64,
    pub max_cpu_time_limit: f64,
    pub cpu_extra_time: f64,
    pub max_cpu_extra_time: f64,
    pub wall_time_limit: f64,
    pub max_wall_time_limit: f64,
    /// In KB, as Judge0 counts.
    pub memory_limit: u64,
    pub max_memory_limit: u64,
    pub stack_limit: u64,
    pub max_stack_limit: u64,
    pub max_processes_and_or_threads: u64,
    pub max_max_processes_and_or_threads: u64,
    /// In KB.
    pub max_file_size: u64,
    pub max_max_file_size: u64,
    pub number_of_runs: u64,
    pub max_number_of_runs: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            cpu_time_limit: 5.0,
            max_cpu_time_limit: 15.0,
            cpu_extra_time: 1.0,
            max_cpu_extra_time: 5.0,
            wall_time_limit: 10.0,
            max_wall_time_limit: 20.0,
            memory_limit: 128_000,
            max_memory_limit: 512_000,
            stack_limit: 64_000,
            max_stack_limit: 128_000,
            max_processes_and_or_threads: 60,
            max_max_processes_and_or_threads: 120,
            max_file_size: 1024,
            max_max_file_size: 4096,
            number_of_runs: 1,
            max_number_of_runs: 20,
        }
    }
}

impl Config {
    /// `/config_info`, with every key Judge0 CE 1.13.1 answers (its Python SDK requires them);
    /// `callback_timeout` is how long the server's callback client gives one try.
    pub fn info(&self, callbacks: bool, callback_timeout: std::time::Duration) -> Value {
        json!({
            "maintenance_mode": false,
            "enable_wait_result": true,
            "enable_compiler_options": false,
            "allowed_languages_for_compile_options": [],
            "enable_command_line_arguments": true,
            "enable_submission_delete": false,
            "enable_callbacks": callbacks,
            "callbacks_max_tries": CALLBACK_TRIES,
            "callbacks_timeout": callback_timeout.as_secs_f64(),
            "enable_additional_files": false,
            "max_queue_size": MAX_QUEUE,
            "cpu_time_limit": self.cpu_time_limit,
            "max_cpu_time_limit": self.max_cpu_time_limit,
            "cpu_extra_time": self.cpu_extra_time,
            "max_cpu_extra_time": self.max_cpu_extra_time,
            "wall_time_limit": self.wall_time_limit,
            "max_wall_time_limit": self.max_wall_time_limit,
            "memory_limit": self.memory_limit,
            "max_memory_limit": self.max_memory_limit,
            "stack_limit": self.stack_limit,
            "max_stack_limit": self.max_stack_limit,
            "max_processes_and_or_threads": self.max_processes_and_or_threads,
            "max_max_processes_and_or_threads": self.max_max_processes_and_or_threads,
            "enable_per_process_and_thread_time_limit": false,
            "allow_enable_per_process_and_thread_time_limit": false,
            "enable_per_process_and_thread_memory_limit": false,
            "allow_enable_per_process_and_thread_memory_limit": false,
            "max_file_size": self.max_file_size,
            "max_max_file_size": self.max_max_file_size,
            "number_of_runs": self.number_of_runs,
            "max_number_of_runs": self.max_number_of_runs,
            "redirect_stderr_to_stdout": false,
            "max_extract_size": 0,
            "enable_batched_submissions": true,
            "max_submission_batch_size": MAX_BATCH,
            "submission_cache_duration": 0.0,
            "use_docs_as_homepage": false,
            "allow_enable_network": false,
            "enable_network": false,
        })
    }
}

/// `/languages`: the one language, in the list's short form.
pub fn languages() -> Value {
    json!([{"id": PYTHON_ID, "name": language_name()}])
}

/// `/languages/{id}`: the one language in full.
pub fn language() -> Value {
    json!({
        "id": PYTHON_ID,
        "name": language_name(),
        "is_archived": false,
        "source_file": "main.py",
        "compile_cmd": null,
        "run_cmd": "python3 main.py",
    })
}

fn language_name() -> &'static str {
    "Python (3.11)"
}

/// `/about`.
pub fn about() -> Value {
    json!({
        "version": VERSION,
        "homepage": "https://github.com/judge0/judge0 (API shape); served by Verdict",
        "source_code": "Verdict's Judge0-compatible subset: Python 3 only",
        "maintainer": "the operator of this Verdict server",
    })
}
