//! Privileges: no_new_privs, and every capability set emptied.

use crate::error::Context;
use verdict_boxspec::{ConfineError, Layer};

pub fn set_no_new_privs() -> Result<(), ConfineError> {
    nix::sys::prctl::set_no_new_privs().layer(Layer::NoNewPrivs, || "prctl(PR_SET_NO_NEW_PRIVS)".into())
}

/// Empties every capability set the process holds in its user namespace, so nothing it runs
/// can regain one.
pub fn drop_capabilities() -> Result<(), ConfineError> {
    drop_bounding_set()?;
    clear_capabilities()
}

/// Empties the bounding set; needs CAP_SETPCAP, so it comes before any change of uid.
pub fn drop_bounding_set() -> Result<(), ConfineError> {
    let c = Layer::Capabilities;
    for cap in 0..64 {
        // SAFETY: prctl with integer arguments only; an unknown capability number returns
        // EINVAL, which ends the loop.
        let rc = unsafe { libc::prctl(libc::PR_CAPBSET_DROP, cap, 0, 0, 0) };
        if rc != 0 {
            let err = std::io::Error::last_os_error();
            if err.raw_os_error() == Some(libc::EINVAL) {
                break;
            }
            return Err(ConfineError::new(c, format!("dropping capability {cap} from the bounding set: {err}")));
        }
    }
    Ok(())
}

/// Clears the ambient, inheritable, permitted and effective capability sets.
pub fn clear_capabilities() -> Result<(), ConfineError> {
    let c = Layer::Capabilities;
    // SAFETY: prctl with integer arguments only.
    if unsafe { libc::prctl(libc::PR_CAP_AMBIENT, libc::PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) } != 0 {
        return Err(ConfineError::new(
            c,
            format!("clearing ambient capabilities: {}", std::io::Error::last_os_error()),
        ));
    }
    let header = CapHeader { version: LINUX_CAPABILITY_VERSION_3, pid: 0 };
    let data = [CapData::default(); 2];
    // SAFETY: capset reads one header and two data structs laid out as the kernel's
    // __user_cap_header_struct and __user_cap_data_struct (version 3 takes two).
    let rc = unsafe { libc::syscall(libc::SYS_capset, &header as *const CapHeader, data.as_ptr()) };
    if rc != 0 {
        return Err(ConfineError::new(c, format!("capset: {}", std::io::Error::last_os_error())));
    }
    Ok(())
}

const LINUX_CAPABILITY_VERSION_3: u32 = 0x2008_0522;

#[repr(C)]
struct CapHeader {
    version: u32,
    pid: i32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}
