//! `verdict-forkserver`: the warm fork server. It embeds CPython, imports the runtime once,
//! confines itself and forks one confined child per run; see `verdict_sandbox::forkserver`.
//!
//! It expects its control channel (a `SOCK_SEQPACKET` socket) on stdin and is not meant to be
//! run by hand. It must never run candidate code itself: only its children do, after every
//! per-run layer is in place.

use std::os::fd::{FromRawFd, OwnedFd};

fn main() {
    // SAFETY: the orchestrator starts the fork server with its control channel as fd 0, and
    // nothing else in this process owns fd 0.
    let control = unsafe { OwnedFd::from_raw_fd(0) };
    std::process::exit(verdict_sandbox::forkserver::zygote::main(control));
}
