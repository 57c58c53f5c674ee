//! `verdict-jail`: confines and supervises one run for the verdict orchestrator.
//!
//! It expects its control socket on stdin and the program's stdout and stderr on its own
//! stdout and stderr; see `verdict_sandbox::plan` for the protocol. It is not meant to be run
//! by hand, and it must never print anything of its own to stdout or stderr, which belong to
//! the program.

use std::io::Write;
use std::os::fd::FromRawFd;
use std::os::unix::net::UnixStream;

fn main() {
    // SAFETY: the orchestrator starts the jail with its control socket as fd 0, and nothing
    // else in this process owns fd 0.
    let control = unsafe { UnixStream::from_raw_fd(0) };
    let mut reply = match control.try_clone() {
        Ok(reply) => reply,
        Err(_) => std::process::exit(2),
    };
    let report = verdict_sandbox::jail::serve(control);
    let mut line = serde_json::to_vec(&report).unwrap_or_default();
    line.push(b'\n');
    if reply.write_all(&line).is_err() {
        std::process::exit(3);
    }
}
