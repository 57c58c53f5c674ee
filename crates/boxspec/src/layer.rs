//! The confinement layers, as named in errors and by `verdict doctor`, and the error that names
//! the layer a run was refused at.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One confinement layer, as named in errors and by `verdict doctor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// The run's memory cgroup: the whole run's memory bound, made by the orchestrator and
    /// joined by the run's first process.
    MemoryCgroup,
    /// Dropping to the run's unprivileged host uid and gid.
    Credentials,
    UserNamespace,
    PidNamespace,
    NetworkNamespace,
    IpcNamespace,
    UtsNamespace,
    MountNamespace,
    /// The read-only root with only what the interpreter needs.
    ReadOnlyRoot,
    /// The size-limited scratch directory.
    Scratch,
    /// /proc for the run's own pid namespace.
    Proc,
    Rlimits,
    NoNewPrivs,
    Landlock,
    Capabilities,
    Seccomp,
    /// Reporting denied syscalls through a seccomp user notification.
    SeccompNotify,
    /// Descriptor set-up and the start of the interpreter.
    Exec,
}

impl Layer {
    pub const ALL: [Layer; 18] = [
        Layer::MemoryCgroup,
        Layer::Credentials,
        Layer::UserNamespace,
        Layer::PidNamespace,
        Layer::NetworkNamespace,
        Layer::IpcNamespace,
        Layer::UtsNamespace,
        Layer::MountNamespace,
        Layer::ReadOnlyRoot,
        Layer::Scratch,
        Layer::Proc,
        Layer::Rlimits,
        Layer::NoNewPrivs,
        Layer::Landlock,
        Layer::Capabilities,
        Layer::Seccomp,
        Layer::SeccompNotify,
        Layer::Exec,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layer::MemoryCgroup => "memory cgroup",
            Layer::Credentials => "credentials",
            Layer::UserNamespace => "user namespace",
            Layer::PidNamespace => "pid namespace",
            Layer::NetworkNamespace => "network namespace",
            Layer::IpcNamespace => "ipc namespace",
            Layer::UtsNamespace => "uts namespace",
            Layer::MountNamespace => "mount namespace",
            Layer::ReadOnlyRoot => "read-only root",
            Layer::Scratch => "scratch directory",
            Layer::Proc => "proc",
            Layer::Rlimits => "rlimits",
            Layer::NoNewPrivs => "no_new_privs",
            Layer::Landlock => "landlock",
            Layer::Capabilities => "capabilities",
            Layer::Seccomp => "seccomp",
            Layer::SeccompNotify => "seccomp user notification",
            Layer::Exec => "exec",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A layer that could not be applied.
#[derive(Debug, Clone, thiserror::Error, Serialize, Deserialize)]
#[error("{layer}: {detail}")]
pub struct ConfineError {
    pub layer: Layer,
    pub detail: String,
}

impl ConfineError {
    pub fn new(layer: Layer, detail: impl fmt::Display) -> Self {
        Self { layer, detail: detail.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layer_has_a_distinct_name() {
        let mut names: Vec<_> = Layer::ALL.iter().map(|l| l.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Layer::ALL.len());
    }
}
