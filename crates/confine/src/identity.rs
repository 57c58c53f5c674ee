//! Who a run is inside its box: its uid and gid (one per fork-server slot), the accounts
//! `/etc` lists for them, and the box's hostname.

use std::path::PathBuf;

/// The uid and gid the program has inside its user namespace (a fork server's slot `k` has
/// `SANDBOX_ID + k`).
pub const SANDBOX_ID: u32 = 1000;
/// The hostname inside the box.
pub const HOSTNAME: &str = "verdict";

/// The uid a fork-server child in `slot` runs as inside the box.
pub fn slot_uid(slot: u32) -> u32 {
    SANDBOX_ID.saturating_add(slot)
}

/// The files of `/etc` in every box: an account for each uid a run may have, and localhost.
pub fn etc_files(uids: impl IntoIterator<Item = u32>) -> Vec<(PathBuf, Vec<u8>)> {
    let mut passwd = String::new();
    let mut group = String::new();
    for id in uids {
        passwd.push_str(&format!("sandbox:x:{id}:{id}:sandbox:/tmp:/nonexistent\n"));
        group.push_str(&format!("sandbox:x:{id}:\n"));
    }
    vec![
        (PathBuf::from("/etc/passwd"), passwd.into_bytes()),
        (PathBuf::from("/etc/group"), group.into_bytes()),
        (PathBuf::from("/etc/hosts"), b"127.0.0.1 localhost\n".to_vec()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etc_names_an_account_for_every_uid_of_the_box() {
        let files = etc_files([slot_uid(0), slot_uid(1)]);
        let passwd = String::from_utf8_lossy(&files[0].1).into_owned();
        assert_eq!(
            passwd,
            "sandbox:x:1000:1000:sandbox:/tmp:/nonexistent\nsandbox:x:1001:1001:sandbox:/tmp:/nonexistent\n"
        );
        assert_eq!(files[1].1, b"sandbox:x:1000:\nsandbox:x:1001:\n");
        assert_eq!(files[2].0, PathBuf::from("/etc/hosts"));
    }
}
