//! Confine one untrusted Python run.
//!
//! The orchestrator ([`Sandbox::run`]) starts the `verdict-jail` binary for each run. The jail
//! drops to a per-run host uid, enters fresh user, pid, network, ipc, uts and mount namespaces,
//! builds a read-only root holding only what the interpreter needs plus a size-limited scratch
//! directory, and then, in a forked child, applies rlimits, no_new_privs, landlock, an empty
//! capability set and a seccomp allow-list (in that order, seccomp last) before it execs the
//! interpreter. The steps live in [`confine`] so that a warm fork server can reuse them.
//!
//! This crate must never run untrusted code with a layer missing: a layer that cannot be
//! applied refuses the run and names itself. It knows nothing of problems, tests or HTTP.

pub mod cgroup;
pub mod confine;
pub mod forkserver;
pub mod interpreter;
pub mod jail;
pub mod limits;
pub mod plan;
pub mod policy;
pub mod runner;
mod supervise;
pub mod uid;

pub use cgroup::{MemoryCgroups, MemoryUsage};
pub use confine::{ConfineError, Layer};
pub use forkserver::{ForkServer, ForkServerInfo};
pub use interpreter::Interpreter;
pub use limits::Limits;
pub use runner::{
    orm_schema_source, schema_module_name, Backend, BoxedFile, RunOutcome, RunRequest, Sandbox, SandboxConfig,
    SandboxError, Status, ORM_SCHEMAS, RUNTIME_PY,
};
