//! Privileges: no_new_privs, and every capability set emptied.

use crate::error::Context;
use caps::CapSet;
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

/// Empties the bounding set; needs CAP_SETPCAP, so it comes before any change of uid. The loop
/// runs up to the first number the kernel does not know, rather than over `caps::all()`, so a
/// capability newer than the `caps` crate is dropped too.
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
    caps::clear(None, CapSet::Ambient).layer(c, || "clearing ambient capabilities".into())?;
    // Clearing the permitted set clears the effective set with it.
    caps::clear(None, CapSet::Permitted).layer(c, || "capset (permitted and effective)".into())?;
    caps::clear(None, CapSet::Inheritable).layer(c, || "capset (inheritable)".into())
}
