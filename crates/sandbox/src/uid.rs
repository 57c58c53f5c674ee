//! Per-run host uids, so that concurrent runs never share a uid (and with it a process count
//! or the right to signal each other). Leases are file locks, so they hold across processes.

use nix::fcntl::{Flock, FlockArg};
use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

/// First host uid (and gid) handed to runs; far above any system or login account.
pub const FIRST_RUN_UID: u32 = 1_600_000;
/// How many runs may hold a uid at once on one host.
pub const RUN_UIDS: u32 = 4096;

#[derive(Debug, thiserror::Error)]
pub enum UidError {
    #[error("preparing the uid lock directory {path}: {source}")]
    Dir { path: PathBuf, source: std::io::Error },
    #[error("all {RUN_UIDS} run uids are in use")]
    Exhausted,
}

#[derive(Debug)]
pub struct UidPool {
    dir: PathBuf,
    next: AtomicU32,
}

/// A uid held for one run; released when dropped.
#[derive(Debug)]
pub struct UidLease {
    pub uid: u32,
    _lock: Flock<File>,
}

impl UidPool {
    pub fn new(dir: PathBuf) -> Result<Self, UidError> {
        let dir_error = |source| UidError::Dir { path: dir.clone(), source };
        fs::create_dir_all(&dir).map_err(dir_error)?;
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).map_err(dir_error)?;
        // Start where another process is unlikely to be, to keep lock contention low.
        let start = std::process::id().wrapping_mul(97) % RUN_UIDS;
        Ok(Self { dir, next: AtomicU32::new(start) })
    }

    pub fn lease(&self) -> Result<UidLease, UidError> {
        for _ in 0..RUN_UIDS {
            let slot = self.next.fetch_add(1, Ordering::Relaxed) % RUN_UIDS;
            let path = self.dir.join(format!("{slot}.lock"));
            let Ok(file) = OpenOptions::new().create(true).truncate(false).write(true).open(&path) else {
                continue;
            };
            if let Ok(lock) = Flock::lock(file, FlockArg::LockExclusiveNonblock) {
                return Ok(UidLease { uid: FIRST_RUN_UID + slot, _lock: lock });
            }
        }
        Err(UidError::Exhausted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leases_are_distinct_while_held_and_reusable_after() {
        let dir = std::env::temp_dir().join(format!("verdict-uid-test-{}", std::process::id()));
        let pool = UidPool::new(dir.clone()).expect("pool");
        let a = pool.lease().expect("a");
        let b = pool.lease().expect("b");
        assert_ne!(a.uid, b.uid);
        assert!(a.uid >= FIRST_RUN_UID && a.uid < FIRST_RUN_UID + RUN_UIDS);
        let other_pool = UidPool::new(dir.clone()).expect("second pool, as another process would have");
        let held = [a.uid, b.uid];
        for _ in 0..8 {
            let c = other_pool.lease().expect("c");
            assert!(!held.contains(&c.uid), "a held uid was leased twice");
        }
        drop((a, b));
        fs::remove_dir_all(dir).expect("cleanup");
    }
}
