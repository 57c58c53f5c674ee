//! The zygote: pid 1 of the fork server's pid namespace. It builds the box every child shares,
//! starts and warms Python, says it is ready and serves.

use crate::channel::send_event;
use crate::python::{self, python_failed};
use crate::server::Server;
use pyo3::prelude::*;
use std::fs;
use std::os::fd::OwnedFd;
use std::path::PathBuf;
use std::time::Instant;
use verdict_boxspec::fork::{ZygoteEvent, ZygoteInit};
use verdict_boxspec::{ConfineError, Layer};
use verdict_confine::root::{self, RootSpec};
use verdict_confine::{ids, privs, slot_uid, SetupError};

/// Builds the box, warms Python and serves. Never returns on success.
pub(crate) fn zygote(control: &OwnedFd, init: &ZygoteInit) -> Result<std::convert::Infallible, SetupError> {
    let started = Instant::now();
    ids::die_with_parent()?;
    let mut files = verdict_confine::etc_files((0..init.slots).map(slot_uid));
    // Makes /box exist in the read-only root; each child mounts a box directory of its own
    // over it.
    files.push((PathBuf::from("/box/.mountpoint"), Vec::new()));
    root::build_root(&RootSpec {
        ro_binds: &init.ro_binds,
        symlinks: &init.symlinks,
        files: &files,
        // The zygote writes nothing; each child mounts a scratch directory of its own.
        scratch_bytes: 1 << 20,
    })?;
    ids::set_hostname()?;
    // Each child gets a pid namespace of its own: this handle puts the zygote's children back
    // in its own namespace before a new one is made for the next child.
    let pid_namespace: OwnedFd = fs::File::open("/proc/self/ns/pid")
        .map_err(|e| ConfineError::new(Layer::PidNamespace, format!("opening /proc/self/ns/pid: {e}")))?
        .into();
    // No landlock here: a landlocked process can no longer mount, and each child mounts its
    // own /tmp, /box and /proc. Every child applies landlock itself before any candidate code.
    privs::set_no_new_privs()?;

    python::start(init)?;
    Python::attach(|py| -> Result<std::convert::Infallible, SetupError> {
        let zygote = python::load_modules(py, &init.preloads)?;
        zygote
            .getattr("warm")
            .and_then(|warm| warm.call1((init.runtime.map(|r| r.as_str()), init.scripts.clone())))
            .map_err(|e| python_failed(py, "warming up", e))?;
        let version: String = py
            .import("sys")
            .and_then(|sys| sys.getattr("version"))
            .and_then(|v| v.extract())
            .map_err(|e| python_failed(py, "reading sys.version", e))?;
        send_event(
            control,
            &ZygoteEvent::Ready {
                python: version,
                rss_kib: python::memory_now().rss_kib,
                warm_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            },
        )?;
        let control = control.try_clone().map_err(|e| SetupError::failed("cloning the control channel", e))?;
        Server::new(control, init, pid_namespace, zygote).serve(py)
    })
}
