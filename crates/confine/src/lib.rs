//! The confinement of one run, one layer per module, and what a supervisor does for a
//! confined child.
//!
//! The jail (`verdict-jail`) and the fork server (`verdict-forkserver`) build their boxes from
//! these steps: credentials and namespaces ([`ids`]), the read-only root and scratch
//! ([`root`]), rlimits ([`rlimits`]), no_new_privs and capabilities ([`privs`]), landlock
//! ([`landlock`]), the run's memory cgroup ([`cgroup`]) and seccomp ([`seccomp`], compiled by
//! [`policy`] from the data file `sandbox/seccomp.json`). A child walks its steps in the order
//! [`steps`] gives, seccomp last. [`supervise`] is the other side: receiving a child's seccomp
//! listener, watching its limits and reaping it.
//!
//! Every step fails closed: a layer that cannot be applied returns a [`ConfineError`] naming
//! it, and the run is refused; nothing here ever skips a layer or runs untrusted code itself.

#[cfg(test)]
mod bpf_eval;
pub mod cgroup;
#[cfg(test)]
mod equivalence;
pub mod error;
pub mod identity;
pub mod ids;
pub mod landlock;
pub mod layout;
pub mod loadtime;
pub mod policy;
pub mod privs;
pub mod reference;
pub mod rlimits;
pub mod root;
pub mod seccomp;
pub mod steps;
pub mod supervise;

pub use error::SetupError;
pub use identity::{etc_files, slot_uid, HOSTNAME, SANDBOX_ID};
pub use verdict_boxspec::{ConfineError, Layer};
