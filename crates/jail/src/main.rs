//! `verdict-jail`: confines and supervises one run of a fresh interpreter for the verdict
//! orchestrator, after Firecracker's jailer: a small single-threaded program that drops to the
//! run's host uid, enters fresh namespaces, forks the child that becomes pid 1 of the run's pid
//! namespace and watches it. When pid 1 dies the kernel kills every other process of the
//! namespace, so nothing the run started outlives it.
//!
//! It expects its control socket on stdin and the program's stdout and stderr on its own
//! stdout and stderr; see `verdict_boxspec::plan` for the protocol. It is not meant to be run
//! by hand, and it must never print anything of its own to stdout or stderr, which belong to
//! the program. It holds no confinement code of its own: the layers are `verdict_confine`'s.

mod child;
mod jail;
mod watch;

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
    let report = jail::serve(control);
    let mut line = serde_json::to_vec(&report).unwrap_or_default();
    line.push(b'\n');
    if reply.write_all(&line).is_err() {
        std::process::exit(3);
    }
}
