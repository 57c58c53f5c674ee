//! Landlock on top of the read-only root: what may be read, written and executed; no TCP, no
//! abstract unix sockets and no signals outside the run where the kernel supports those rules.

use crate::error::Context;
use landlock::{
    Access, AccessFs, AccessNet, CompatLevel, Compatible, PathBeneath, PathFd, Ruleset, RulesetAttr,
    RulesetCreatedAttr, RulesetStatus, Scope, ABI,
};
use std::path::{Path, PathBuf};
use verdict_boxspec::{ConfineError, Layer};

/// What landlock allows: read everything in the (already minimal) root, write only in scratch
/// and to the writable devices, execute only `executables`; no TCP, no abstract unix sockets and
/// no signals outside the run where the kernel supports those rules.
#[derive(Debug, Clone)]
pub struct LandlockSpec<'a> {
    pub executables: &'a [PathBuf],
    /// Where reads are allowed (the whole root for the exec path; only its own parts of the
    /// shared root for a fork-server child).
    pub readable: &'a [PathBuf],
    /// Where everything but execution is allowed.
    pub writable: &'a [PathBuf],
}

/// The landlock ABI this crate asks for; older kernels get what they support, and only a
/// kernel with no landlock filesystem rules at all refuses the run.
const LANDLOCK_ABI: ABI = ABI::V6;

pub fn apply_landlock(spec: &LandlockSpec<'_>) -> Result<RulesetStatus, ConfineError> {
    let l = Layer::Landlock;
    let all = AccessFs::from_all(LANDLOCK_ABI);
    let read = AccessFs::ReadFile | AccessFs::ReadDir;
    let scratch = all & !AccessFs::Execute;
    let ruleset = Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(all)
        .layer(l, || "handling filesystem access".into())?
        .handle_access(AccessNet::from_all(LANDLOCK_ABI))
        .layer(l, || "handling network access".into())?
        .scope(Scope::AbstractUnixSocket | Scope::Signal)
        .layer(l, || "scoping signals and abstract sockets".into())?
        .create()
        .layer(l, || "creating the ruleset".into())?;
    let mut ruleset = ruleset;
    for path in spec.readable {
        let fd = PathFd::new(path).layer(l, || format!("opening {}", path.display()))?;
        ruleset = ruleset
            .add_rule(PathBeneath::new(fd, read))
            .layer(l, || format!("allowing reads under {}", path.display()))?;
    }
    for path in spec.writable {
        let fd = PathFd::new(path).layer(l, || format!("opening {}", path.display()))?;
        ruleset = ruleset
            .add_rule(PathBeneath::new(fd, scratch))
            .layer(l, || format!("allowing writes under {}", path.display()))?;
    }
    for name in ["null", "zero", "full"] {
        let path = Path::new("/dev").join(name);
        let fd = PathFd::new(&path).layer(l, || format!("opening {}", path.display()))?;
        ruleset = ruleset
            .add_rule(PathBeneath::new(fd, AccessFs::ReadFile | AccessFs::WriteFile))
            .layer(l, || format!("allowing {}", path.display()))?;
    }
    for exe in spec.executables {
        let fd = PathFd::new(exe).layer(l, || format!("opening {}", exe.display()))?;
        ruleset = ruleset
            .add_rule(PathBeneath::new(fd, AccessFs::Execute | AccessFs::ReadFile))
            .layer(l, || format!("allowing {} to run", exe.display()))?;
    }
    let status = ruleset.restrict_self().layer(l, || "landlock_restrict_self".into())?;
    if status.ruleset == RulesetStatus::NotEnforced {
        return Err(ConfineError::new(l, "the kernel does not enforce landlock (is it in the lsm= list?)"));
    }
    Ok(status.ruleset)
}
