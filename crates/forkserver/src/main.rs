//! `verdict-forkserver`: the warm fork server. A single-threaded process that embeds CPython,
//! imports the runtime once, confines itself with the outer layers and then forks children
//! ahead of demand (spares), each of which is given one run and applies the per-run layers
//! before it runs anything.
//!
//! Three processes are involved. The *outer* process ([`outer`]) starts as host root, drops to
//! the server's host uid, enters a new user namespace (whose maps the orchestrator writes),
//! then new pid, network, ipc and uts namespaces, and forks the *zygote* ([`zygote`]), pid 1 of
//! the new pid namespace; the outer process only waits for it. The zygote builds a read-only
//! root (as the jail does, plus a scratch tmpfs and a box directory per child), starts Python
//! ([`python`]), warms it and serves requests ([`server`]). It keeps *spares* forked
//! ([`child`]), each of which takes the steps of `verdict_confine::steps::FORK_SPARE` and waits;
//! each request goes to one spare, which takes the steps of `FORK_CHILD` and runs the script. Every child dies with the zygote, and the zygote with the outer process and
//! with the control channel.
//!
//! It expects its control channel (a `SOCK_SEQPACKET` socket) on stdin and is not meant to be
//! run by hand. It must never run candidate code itself: only its children do, after every
//! per-run layer is in place. This is the only crate that links Python (pyo3); the confinement
//! layers are `verdict_confine`'s and the wire types `verdict_boxspec::fork`'s.

mod channel;
mod child;
mod outer;
mod python;
mod server;
mod zygote;

use std::os::fd::{FromRawFd, OwnedFd};

fn main() {
    // SAFETY: the orchestrator starts the fork server with its control channel as fd 0, and
    // nothing else in this process owns fd 0.
    let control = unsafe { OwnedFd::from_raw_fd(0) };
    std::process::exit(outer::main(control));
}
