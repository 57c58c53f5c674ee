//! The order of a confined child's set-up, as data, and the one loop that walks it.
//!
//! The jail's child ([`EXEC_CHILD`]) and each fork-server child (which takes [`FORK_SPARE`] as
//! soon as it is forked, ahead of demand, and [`FORK_CHILD`] once it is given its run) take
//! their steps through [`confine`], which stops at the first step that fails: nothing after a
//! layer that could not be applied runs, and the error names that layer. The steps themselves are
//! behind the [`Confiner`] trait (the real system calls in the jail and the fork server, a
//! recording double in the tests below), so the order and the fail-closed behaviour are
//! checked here without root, as youki checks its container set-up; the real layers are checked
//! end to end by `tests/jail.rs`, `tests/forkserver.rs` and the adversarial suite.

use verdict_boxspec::{ConfineError, Layer};

/// One step of a confined child's set-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The child dies with its supervisor (PR_SET_PDEATHSIG).
    DieWithParent,
    /// Joins the run's memory cgroup, and a cgroup namespace rooted there.
    JoinCgroup,
    /// Puts the run's descriptors at fixed numbers; every other descriptor closes.
    PlaceDescriptors,
    /// Closes every descriptor a spare fork-server child inherited but its own channel and
    /// marker, so that no spare holds another run's pipes while it waits.
    CloseInherited,
    /// A mount namespace of the child's own, with /proc for its own pid namespace (a spare's
    /// share of [`Step::BuildRoot`], which needs nothing of the run).
    PrivateMounts,
    /// The filesystem the run sees: its mount namespace, the read-only root, the scratch
    /// directory and /proc.
    BuildRoot,
    /// The box's hostname, in the run's uts namespace.
    Hostname,
    Rlimits,
    /// Takes the run's own uid in the box, which empties every capability set (fork children).
    DropToRunUid,
    NoNewPrivs,
    Landlock,
    /// Empties every capability set (the jail's child keeps its uid in the box).
    DropCapabilities,
    Seccomp,
    /// Hands the seccomp listener to the supervisor; restricts nothing.
    HandOverListener,
}

impl Step {
    /// The layer a failure of this step is named after, when the step itself does not say.
    pub fn layer(self) -> Layer {
        match self {
            Step::DieWithParent => Layer::PidNamespace,
            Step::JoinCgroup => Layer::MemoryCgroup,
            Step::PlaceDescriptors | Step::CloseInherited => Layer::Exec,
            Step::PrivateMounts => Layer::MountNamespace,
            Step::BuildRoot => Layer::ReadOnlyRoot,
            Step::Hostname => Layer::UtsNamespace,
            Step::Rlimits => Layer::Rlimits,
            Step::DropToRunUid => Layer::Credentials,
            Step::NoNewPrivs => Layer::NoNewPrivs,
            Step::Landlock => Layer::Landlock,
            Step::DropCapabilities => Layer::Capabilities,
            Step::Seccomp => Layer::Seccomp,
            Step::HandOverListener => Layer::SeccompNotify,
        }
    }
}

/// The jail's child, pid 1 of the run's namespaces, before it execs the interpreter.
pub const EXEC_CHILD: &[Step] = &[
    Step::DieWithParent,
    Step::JoinCgroup,
    Step::BuildRoot,
    Step::Hostname,
    Step::Rlimits,
    Step::PlaceDescriptors,
    Step::NoNewPrivs,
    Step::Landlock,
    Step::DropCapabilities,
    Step::Seccomp,
    Step::HandOverListener,
];

/// A fork-server child as soon as it is forked, before it has a run: what needs nothing of the
/// run. It runs no code but the fork server's while it waits.
pub const FORK_SPARE: &[Step] = &[Step::DieWithParent, Step::CloseInherited, Step::PrivateMounts];

/// A fork-server child once it is given its run, before it runs the script. It joins the run's
/// cgroup first of all, so that everything it allocates for the run is charged to the run.
pub const FORK_CHILD: &[Step] = &[
    Step::JoinCgroup,
    Step::PlaceDescriptors,
    Step::BuildRoot,
    Step::Rlimits,
    Step::DropToRunUid,
    // Changing uid cleared the parent-death signal.
    Step::DieWithParent,
    Step::NoNewPrivs,
    Step::Landlock,
    Step::Seccomp,
    Step::HandOverListener,
];

/// Carries out one step.
pub trait Confiner {
    fn apply(&mut self, step: Step) -> Result<(), ConfineError>;
}

/// Takes `steps` in order and stops at the first that fails, returning its error.
pub fn confine(steps: &[Step], confiner: &mut impl Confiner) -> Result<(), ConfineError> {
    for &step in steps {
        confiner.apply(step)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records the steps it is asked to take and fails the one it is told to.
    #[derive(Debug, Default)]
    struct Recording {
        taken: Vec<Step>,
        fail_at: Option<usize>,
    }

    impl Confiner for Recording {
        fn apply(&mut self, step: Step) -> Result<(), ConfineError> {
            let index = self.taken.len();
            self.taken.push(step);
            if self.fail_at == Some(index) {
                return Err(ConfineError::new(step.layer(), "refused by the test"));
            }
            Ok(())
        }
    }

    fn position(steps: &[Step], step: Step) -> usize {
        steps.iter().position(|&s| s == step).unwrap_or_else(|| panic!("{step:?} is missing from {steps:?}"))
    }

    #[test]
    fn every_step_is_taken_in_order_when_all_succeed() {
        for steps in [EXEC_CHILD, FORK_SPARE, FORK_CHILD] {
            let mut recording = Recording::default();
            assert!(confine(steps, &mut recording).is_ok());
            assert_eq!(recording.taken, steps);
        }
    }

    #[test]
    fn a_failed_step_stops_the_set_up_there_and_names_its_layer() {
        for steps in [EXEC_CHILD, FORK_SPARE, FORK_CHILD] {
            for (index, &step) in steps.iter().enumerate() {
                let mut recording = Recording { fail_at: Some(index), ..Recording::default() };
                let error = confine(steps, &mut recording).expect_err("the failure must come back");
                assert_eq!(error.layer, step.layer());
                assert_eq!(recording.taken, &steps[..=index], "nothing after a failed {step:?} may run");
            }
        }
    }

    #[test]
    fn seccomp_is_the_last_layer_and_no_new_privs_comes_before_landlock_and_seccomp() {
        for steps in [EXEC_CHILD, FORK_CHILD] {
            let seccomp = position(steps, Step::Seccomp);
            assert_eq!(&steps[seccomp..], [Step::Seccomp, Step::HandOverListener], "{steps:?}");
            let no_new_privs = position(steps, Step::NoNewPrivs);
            assert!(no_new_privs < position(steps, Step::Landlock) && no_new_privs < seccomp);
            for layer in [Step::JoinCgroup, Step::BuildRoot, Step::Rlimits, Step::PlaceDescriptors] {
                assert!(position(steps, layer) < no_new_privs, "{layer:?} after no_new_privs in {steps:?}");
            }
        }
        assert_eq!(FORK_CHILD[0], Step::JoinCgroup, "a fork child is charged to its run before anything else");
        assert!(position(EXEC_CHILD, Step::DropCapabilities) < position(EXEC_CHILD, Step::Seccomp));
        assert!(position(FORK_CHILD, Step::DropToRunUid) < position(FORK_CHILD, Step::NoNewPrivs));
    }

    #[test]
    fn a_spare_takes_no_step_that_depends_on_a_run_or_restricts_it() {
        for step in FORK_SPARE {
            assert!(!FORK_CHILD.contains(step) || *step == Step::DieWithParent, "{step:?} is taken twice");
            assert!(
                !matches!(step, Step::JoinCgroup | Step::DropToRunUid | Step::Rlimits | Step::Seccomp | Step::Landlock),
                "{step:?} belongs to the run"
            );
        }
        assert_eq!(FORK_SPARE[0], Step::DieWithParent, "a spare dies with the fork server from the start");
    }

    #[test]
    fn a_fork_child_asks_again_to_die_with_its_parent_after_it_changes_uid() {
        let uid = position(FORK_CHILD, Step::DropToRunUid);
        assert_eq!(FORK_CHILD[uid + 1], Step::DieWithParent);
    }
}
