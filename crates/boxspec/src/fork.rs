//! What the orchestrator and the fork server say to each other.
//!
//! The control channel is a `SOCK_SEQPACKET` pair, so every message is one JSON document and
//! descriptors travel with it. The orchestrator sends a [`ZygoteInit`] first. The fork server
//! answers [`ZygoteEvent::MapIds`] once it is in its own user namespace; the orchestrator (host
//! root) writes that namespace's uid and gid maps and answers [`GO`]. The fork server then
//! builds its box, warms Python and says [`ZygoteEvent::Ready`]. From then on each
//! [`ForkRequest`] names the slot the orchestrator holds for it (the orchestrator owns the
//! slots; the fork server runs a request in the slot it names) and carries six descriptors (its reply socket, which the fork server keeps; the
//! write ends of the run's stdout and stderr; its stdin and its box files, as files read from
//! their start; the `cgroup.procs` of the run's memory cgroup, opened by the orchestrator, which
//! the child joins first of all), and gets its
//! [`crate::plan::JailReport`] as one JSON line on its own reply socket, which also takes
//! `kill` lines and treats its closing as `kill`.
//!
//! The fork server keeps [`ZygoteInit::spares`] children forked ahead of demand (*spares*):
//! each is pid 1 of a new pid namespace, in a mount namespace of its own with its /proc, and
//! holds nothing of the fork server's but its own channel. A request goes to a spare, which
//! takes the rest of its layers only then, in the request's slot, runs that one request and
//! exits; a spare is never given a second request, and a new one is forked from the fork
//! server (never from a child) to take its place.

use crate::layer::Layer;
use crate::limits::Limits;
use crate::plan::BoxFile;
use crate::run::PythonModule;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Everything the fork server needs to build its box and its children's.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZygoteInit {
    /// The interpreter whose libpython is embedded; Python computes its paths from it.
    pub program_name: PathBuf,
    /// The whole environment Python sees.
    pub env: Vec<(String, String)>,
    /// Host paths bound read-only at the same place inside the box.
    pub ro_binds: Vec<PathBuf>,
    /// Symbolic links recreated inside the box.
    pub symlinks: Vec<(PathBuf, PathBuf)>,
    /// The host uid and gid the fork server itself runs as.
    pub server_ids: (u32, u32),
    /// How many children may run at once; child `k` runs as uid `SANDBOX_ID + k` in the box.
    /// The orchestrator owns the slots: each request names the one it holds.
    pub slots: u32,
    /// The children's seccomp programs, main filter first.
    pub seccomp: Vec<Vec<u64>>,
    /// Modules `verdict_runtime` has preloaded in a server with packages (the ORM schemas the
    /// caller chose); a child may still load others from its `/box`.
    pub preloads: Vec<PythonModule>,
    /// Which of the sandbox's package sets to import and set up before forking, if any. They
    /// make the process several times larger, and a fork copies page tables in proportion, so
    /// runs that do not use a set go to a server without it.
    pub runtime: Option<crate::run::Runtime>,
    /// Trusted runner scripts (box path, source) compiled once in the fork server: a child
    /// whose script is one of them, byte for byte, runs the compiled code instead of
    /// compiling it again. Candidate code is never among them.
    pub scripts: Vec<(String, String)>,
    /// How many spare children the fork server keeps forked ahead of demand; 0 forks each
    /// child when its request comes.
    pub spares: u32,
}

/// The only message the orchestrator sends between [`ZygoteEvent::MapIds`] and the first
/// request.
pub const GO: &[u8] = b"go";

/// What the fork server reports on the control channel.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum ZygoteEvent {
    /// In a new user namespace: write its maps for process `pid`.
    MapIds { pid: u32 },
    /// Warm and serving.
    Ready {
        python: String,
        /// Resident memory of the warm fork server.
        rss_kib: u64,
        warm_ms: u64,
    },
    /// A layer could not be applied; the fork server exits.
    Refused { layer: Layer, detail: String },
    /// Something else failed; the fork server exits.
    Failed { detail: String },
}

/// One run.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForkRequest {
    /// The slot the orchestrator holds for this run (below [`ZygoteInit::slots`]); a request for
    /// a slot whose last child is still being reaped waits for it.
    pub slot: u32,
    /// The script and its arguments, as after `python3 -I -S -B`; `/box/` in them means the
    /// child's own box directory.
    pub argv: Vec<String>,
    /// Files for the child's box directory, read in order from the files descriptor.
    pub box_files: Vec<BoxFile>,
    pub limits: Limits,
}

/// Number of descriptors in a request.
pub const REQUEST_FDS: usize = 6;

/// Largest control message; requests carry names and limits, never file contents.
pub const MAX_MESSAGE: usize = 256 * 1024;
