//! Reading `/proc/self/mountinfo`.

use std::path::PathBuf;

/// One line of mountinfo: where it is mounted, its per-mount options, its filesystem type and
/// its superblock's options.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Mount {
    pub mount_point: PathBuf,
    pub mount_options: Vec<String>,
    pub fstype: String,
    pub super_options: Vec<String>,
}

/// Every mount mountinfo lists, in its order; lines it cannot read are left out.
pub(crate) fn mounts(mountinfo: &str) -> impl Iterator<Item = Mount> + '_ {
    mountinfo.lines().filter_map(|line| {
        let (left, right) = line.split_once(" - ")?;
        let mut left = left.split(' ');
        let mount_point = left.nth(4)?;
        let mount_options = left.next()?;
        let mut right = right.split(' ');
        let fstype = right.next()?;
        let super_options = right.nth(1).unwrap_or_default();
        let split = |options: &str| options.split(',').filter(|o| !o.is_empty()).map(str::to_owned).collect();
        Some(Mount {
            mount_point: PathBuf::from(unescape(mount_point)),
            mount_options: split(mount_options),
            fstype: fstype.to_owned(),
            super_options: split(super_options),
        })
    })
}

/// mountinfo escapes spaces and a few other bytes as `\ooo`.
pub(crate) fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut rest = field;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 4).and_then(|o| u8::from_str_radix(o, 8).ok());
        match code {
            Some(byte) => {
                out.push(char::from(byte));
                rest = &rest[at + 4..];
            }
            None => {
                out.push('\\');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}
