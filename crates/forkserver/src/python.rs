//! Embedded CPython: started as `python3 -I -S -B` would start, with `verdict_runtime` and the
//! zygote module loaded from `verdict_pyassets`.

use procfs_core::process::StatM;
use procfs_core::FromRead;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::ffi::CString;
use std::mem::MaybeUninit;
use verdict_boxspec::fork::ZygoteInit;
use verdict_boxspec::PythonModule;
use verdict_confine::SetupError;
use verdict_pyassets::{RUNTIME_PY, ZYGOTE_PY};

/// A Python error, with its traceback, as the fork server's failure at `what`.
pub(crate) fn python_failed(py: Python<'_>, what: &str, e: PyErr) -> SetupError {
    let traceback = e.traceback(py).and_then(|tb| tb.format().ok()).unwrap_or_default();
    SetupError::Failed(format!("{what}: {e}\n{traceback}"))
}

/// Starts CPython as `python3 -I -S -B` would: isolated, no site, no bytecode files.
pub(crate) fn start(init: &ZygoteInit) -> Result<(), SetupError> {
    for (key, value) in &init.env {
        // SAFETY: single-threaded, and Python (which reads the environment) has not started.
        unsafe { std::env::set_var(key, value) };
    }
    let program = CString::new(init.program_name.as_os_str().as_encoded_bytes())
        .map_err(|_| SetupError::Failed("the interpreter path contains a NUL byte".into()))?;
    // The pre-configuration of `python3 -I`: isolated, but the locale set from the environment
    // (LANG=C.UTF-8), so stdio and files are UTF-8 as on the exec path. An isolated
    // pre-configuration would leave the C locale, and with it ASCII.
    let mut pre = MaybeUninit::<pyo3::ffi::PyPreConfig>::uninit();
    // SAFETY: PyPreConfig_InitPythonConfig fills in the whole struct before it is read, and
    // Py_PreInitialize runs once, on this (the only) thread, before Python is initialised.
    unsafe {
        pyo3::ffi::PyPreConfig_InitPythonConfig(pre.as_mut_ptr());
        let mut pre = pre.assume_init();
        pre.isolated = 1;
        pre.use_environment = 0;
        pre.parse_argv = 0;
        pre.configure_locale = 1;
        let status = pyo3::ffi::Py_PreInitialize(&pre);
        if pyo3::ffi::PyStatus_Exception(status) != 0 {
            return Err(SetupError::Failed(format!("pre-configuring Python: {}", status_message(&status))));
        }
    }
    let mut config = MaybeUninit::<pyo3::ffi::PyConfig>::uninit();
    // SAFETY: PyConfig_InitIsolatedConfig fills in the whole struct before it is read; the
    // status functions only read the struct they are given; Py_InitializeFromConfig runs once,
    // on this (the only) thread, and PyConfig_Clear frees what the config allocated.
    unsafe {
        pyo3::ffi::PyConfig_InitIsolatedConfig(config.as_mut_ptr());
        let mut config = config.assume_init();
        config.site_import = 0;
        config.write_bytecode = 0;
        config.user_site_directory = 0;
        config.install_signal_handlers = 1;
        let name = std::ptr::addr_of_mut!(config.program_name);
        let status = pyo3::ffi::PyConfig_SetBytesString(&mut config, name, program.as_ptr());
        if pyo3::ffi::PyStatus_Exception(status) != 0 {
            pyo3::ffi::PyConfig_Clear(&mut config);
            return Err(SetupError::Failed(format!("configuring Python: {}", status_message(&status))));
        }
        let status = pyo3::ffi::Py_InitializeFromConfig(&config);
        pyo3::ffi::PyConfig_Clear(&mut config);
        if pyo3::ffi::PyStatus_Exception(status) != 0 {
            return Err(SetupError::Failed(format!("starting Python: {}", status_message(&status))));
        }
    }
    Ok(())
}

fn status_message(status: &pyo3::ffi::PyStatus) -> String {
    if status.err_msg.is_null() {
        return "unknown error".into();
    }
    // SAFETY: a non-null err_msg of a PyStatus is a static NUL-terminated C string.
    unsafe { std::ffi::CStr::from_ptr(status.err_msg) }.to_string_lossy().into_owned()
}

/// Registers `verdict_runtime`, with the sources of the modules it is to preload, and loads the
/// zygote module.
pub(crate) fn load_modules<'py>(
    py: Python<'py>,
    preloads: &[PythonModule],
) -> Result<Bound<'py, PyModule>, SetupError> {
    let code = |s: &str| CString::new(s).map_err(|_| SetupError::Failed("embedded Python has a NUL byte".into()));
    let runtime = PyModule::from_code(py, &code(RUNTIME_PY)?, c"verdict_runtime.py", c"verdict_runtime")
        .map_err(|e| python_failed(py, "loading verdict_runtime", e))?;
    let sources = PyDict::new(py);
    for module in preloads {
        sources
            .set_item(&module.name, &module.source)
            .map_err(|e| python_failed(py, "listing the modules to preload", e))?;
    }
    runtime.setattr("SOURCES", sources).map_err(|e| python_failed(py, "handing over the modules to preload", e))?;
    py.import("sys")
        .and_then(|sys| sys.getattr("modules"))
        .and_then(|modules| modules.set_item("verdict_runtime", runtime))
        .map_err(|e| python_failed(py, "registering verdict_runtime", e))?;
    PyModule::from_code(py, &code(ZYGOTE_PY)?, c"zygote.py", c"verdict_zygote")
        .map_err(|e| python_failed(py, "loading the zygote module", e))
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Memory {
    pub rss_kib: u64,
    pub vm_bytes: u64,
}

/// The calling process's resident and virtual size.
pub(crate) fn memory_now() -> Memory {
    let Ok(statm) = StatM::from_file("/proc/self/statm") else { return Memory::default() };
    // SAFETY: sysconf has no memory-safety preconditions.
    let page = u64::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
    Memory { rss_kib: statm.resident * page / 1024, vm_bytes: statm.size * page }
}
