//! Confine one untrusted Python run: the client the judge calls.
//!
//! [`Sandbox::run`] starts the `verdict-jail` binary for each run (the exec path), or hands the
//! run to the warm `verdict-forkserver` (the fork path). Either drops to a per-run host uid,
//! enters fresh user, pid, network, ipc and uts namespaces, builds a read-only root holding only
//! what the interpreter needs plus a size-limited scratch directory, and then, in the run's own
//! process, applies rlimits, no_new_privs, landlock, an empty capability set and a seccomp
//! allow-list (seccomp last) before anything untrusted runs. Those steps are
//! `verdict_confine`'s; the types shared with the jail and the fork server are
//! `verdict_boxspec`'s, re-exported here. This crate makes each run's memory cgroup and uid,
//! probes the interpreter, compiles the seccomp policy once, and turns a run's report into a
//! [`RunOutcome`].
//!
//! It must never run untrusted code with a layer missing (a layer that cannot be applied
//! refuses the run and names itself), never fork (the caller may be a multi-threaded server),
//! and never link Python. It knows nothing of problems, tests or HTTP: the modules a run
//! preloads are the caller's to name.

pub mod cgroup;
mod collect;
mod config;
pub mod forkserver;
pub mod interpreter;
pub mod migration;
mod mountinfo;
mod outcome;
pub mod runner;
pub mod uid;

/// What the orchestrator tells the jail, and what the jail reports back.
pub mod plan {
    pub use verdict_boxspec::plan::*;
}

pub use cgroup::{MemoryCgroups, MemoryUsage};
pub use forkserver::{ForkServer, ForkServerInfo};
pub use interpreter::Interpreter;
pub use runner::{Backend, Sandbox, SandboxConfig, SandboxError};
pub use verdict_boxspec::{
    BoxedFile, ConfineError, InvalidLimit, Layer, Limits, PythonModule, RunOutcome, RunRequest, Runtime, Status,
};
pub use verdict_confine::policy::{CompiledPolicy, PolicyError};
