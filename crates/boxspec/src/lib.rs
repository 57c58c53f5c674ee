//! What a confined run is and what it says back, as plain data.
//!
//! The orchestrator (`verdict-sandbox`), the jail (`verdict-jail`) and the fork server
//! (`verdict-forkserver`) share these types: the run a caller asks for ([`RunRequest`]) and the
//! outcome it gets ([`RunOutcome`]), the limits it is held to ([`Limits`]), the confinement
//! layers and the error that names one ([`Layer`], [`ConfineError`]), and the two wire
//! protocols ([`plan`] for the jail, [`fork`] for the fork server).
//!
//! This crate is serde and nothing else: it must never make a syscall, start a process or
//! know anything of problems, tests or HTTP.

pub mod fork;
pub mod layer;
pub mod limits;
pub mod plan;
pub mod run;

pub use layer::{ConfineError, Layer};
pub use limits::{InvalidLimit, Limits};
pub use run::{BoxedFile, PythonModule, RunOutcome, RunRequest, Runtime, Status};
