//! The seccomp policy: a commented JSON data file (`sandbox/seccomp.json`) compiled once with
//! seccompiler.
//!
//! The policy marks "deny" as seccompiler's `trap` action. When loading it we turn every `trap`
//! into a seccomp user notification, so that the supervisor outside the box learns which
//! syscall was denied and can name it in the verdict; the program never gets to handle it.

use seccompiler::{BpfProgram, TargetArch};
use std::collections::BTreeMap;
use verdict_boxspec::plan::pack_instruction;

/// The policy shipped with Verdict.
pub const POLICY_JSON: &str = include_str!("../../../sandbox/seccomp.json");

/// The filter that allows what Python needs and reports everything else.
pub const MAIN_FILTER: &str = "sandbox";
/// Filters stacked on top of the main one, in the order they are loaded.
pub const EXTRA_FILTERS: &[&str] = &["enosys"];

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("seccomp policy is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("seccomp policy: {0}")]
    Compile(#[from] seccompiler::Error),
    #[error("seccomp policy has no filter named `{0}`")]
    MissingFilter(String),
    #[error("seccomp is only built for x86_64 and aarch64, not {0}")]
    Arch(String),
}

/// The compiled programs, main filter first, ready to send to the jail.
#[derive(Debug, Clone)]
pub struct CompiledPolicy {
    pub programs: Vec<Vec<u64>>,
    /// The same filters for children of the warm fork server, with each rule's
    /// `in_fork_children` applied: no execve, no process creation, threads only.
    pub fork_child_programs: Vec<Vec<u64>>,
    /// Number of syscalls the main filter names.
    pub allowed_syscalls: usize,
}

/// Compiles a policy in seccompiler's JSON format, twice: as written (the exec path) and with
/// each rule's `in_fork_children` applied (children of the fork server). Each filter and rule
/// may carry a `comment`, and rules an `in_fork_children`, which seccompiler itself does not
/// accept, so they are removed first.
pub fn compile(policy_json: &str) -> Result<CompiledPolicy, PolicyError> {
    let policy: BTreeMap<String, serde_json::Value> = serde_json::from_str(policy_json)?;
    let allowed: std::collections::BTreeSet<String> = policy
        .get(MAIN_FILTER)
        .and_then(|f| f.get("filter"))
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
        .filter_map(|rule| rule.get("syscall").and_then(|s| s.as_str()).map(str::to_owned))
        .collect();
    Ok(CompiledPolicy {
        programs: compile_variant(&policy, Variant::Exec)?,
        fork_child_programs: compile_variant(&policy, Variant::ForkChild)?,
        allowed_syscalls: allowed.len(),
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    Exec,
    ForkChild,
}

/// The policy with the keys seccompiler does not know removed, for one variant.
fn variant_of(policy: &BTreeMap<String, serde_json::Value>, variant: Variant) -> BTreeMap<String, serde_json::Value> {
    let mut policy = policy.clone();
    for filter in policy.values_mut() {
        let Some(object) = filter.as_object_mut() else { continue };
        object.remove("comment");
        let Some(rules) = object.get_mut("filter").and_then(|f| f.as_array_mut()) else { continue };
        rules.retain_mut(|rule| {
            let Some(rule) = rule.as_object_mut() else { return true };
            match (variant, rule.remove("in_fork_children")) {
                (Variant::ForkChild, Some(serde_json::Value::Bool(false))) => false,
                (Variant::ForkChild, Some(serde_json::Value::Object(change))) => {
                    if let Some(args) = change.get("args") {
                        rule.insert("args".into(), args.clone());
                    }
                    true
                }
                _ => true,
            }
        });
    }
    policy
}

fn compile_variant(
    policy: &BTreeMap<String, serde_json::Value>,
    variant: Variant,
) -> Result<Vec<Vec<u64>>, PolicyError> {
    let arch =
        TargetArch::try_from(std::env::consts::ARCH).map_err(|_| PolicyError::Arch(std::env::consts::ARCH.into()))?;
    let cleaned = serde_json::to_vec(&variant_of(policy, variant))?;
    let mut compiled = seccompiler::compile_from_json(cleaned.as_slice(), arch)?;
    let mut programs = Vec::new();
    for name in std::iter::once(MAIN_FILTER).chain(EXTRA_FILTERS.iter().copied()) {
        let program = compiled.remove(name).ok_or_else(|| PolicyError::MissingFilter(name.into()))?;
        programs.push(pack(&program, name == MAIN_FILTER));
    }
    Ok(programs)
}

const BPF_RET_K: u16 = 0x06;

fn pack(program: &BpfProgram, trap_to_notify: bool) -> Vec<u64> {
    program
        .iter()
        .map(|insn| {
            let mut k = insn.k;
            if trap_to_notify && insn.code == BPF_RET_K && k & libc::SECCOMP_RET_ACTION_FULL == libc::SECCOMP_RET_TRAP {
                k = libc::SECCOMP_RET_USER_NOTIF;
            }
            pack_instruction(insn.code, insn.jt, insn.jf, k)
        })
        .collect()
}

/// The name of a syscall number on this architecture, for reports.
pub fn syscall_name(number: i64) -> String {
    u32::try_from(number)
        .ok()
        .and_then(|n| syscalls::Sysno::new(n as usize))
        .map(|s| s.name().to_owned())
        .unwrap_or_else(|| format!("syscall {number}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use verdict_boxspec::plan::unpack_instruction;

    fn returns(program: &[u64]) -> Vec<u32> {
        program
            .iter()
            .map(|&p| unpack_instruction(p))
            .filter(|&(code, ..)| code == BPF_RET_K)
            .map(|(.., k)| k)
            .collect()
    }

    #[test]
    fn the_shipped_policy_compiles_and_denies_by_notification() {
        let policy = compile(POLICY_JSON).expect("shipped policy compiles");
        assert_eq!(policy.programs.len(), 1 + EXTRA_FILTERS.len());
        assert!(policy.allowed_syscalls > 100, "{}", policy.allowed_syscalls);
        let main = returns(&policy.programs[0]);
        assert!(main.contains(&libc::SECCOMP_RET_USER_NOTIF));
        assert!(!main.contains(&libc::SECCOMP_RET_TRAP), "every trap is turned into a notification");
        let enosys = returns(&policy.programs[1]);
        assert!(enosys.contains(&(libc::SECCOMP_RET_ERRNO | libc::ENOSYS as u32)));
    }

    #[test]
    fn dangerous_syscalls_are_not_on_the_allow_list() {
        let policy: serde_json::Value = serde_json::from_str(POLICY_JSON).expect("json");
        let names: Vec<&str> = policy[MAIN_FILTER]["filter"]
            .as_array()
            .expect("filter array")
            .iter()
            .filter_map(|r| r["syscall"].as_str())
            .collect();
        for denied in [
            "socket",
            "connect",
            "ptrace",
            "mount",
            "unshare",
            "setns",
            "bpf",
            "io_uring_setup",
            "userfaultfd",
            "perf_event_open",
            "keyctl",
            "add_key",
            "process_vm_readv",
            "clone3",
            "setuid",
            "pidfd_open",
            "chroot",
            // Not dangerous, but it must reach the supervisor: see supervise::take_notifications.
            "exit_group",
        ] {
            assert!(!names.contains(&denied), "{denied} must not be allowed");
        }
    }

    #[test]
    fn fork_children_lose_exec_and_process_creation_only() {
        let policy: BTreeMap<String, serde_json::Value> = serde_json::from_str(POLICY_JSON).expect("json");
        let names = |variant| -> Vec<String> {
            variant_of(&policy, variant)[MAIN_FILTER]["filter"]
                .as_array()
                .expect("filter array")
                .iter()
                .filter_map(|r| r["syscall"].as_str().map(str::to_owned))
                .collect()
        };
        let exec = names(Variant::Exec);
        let forked = names(Variant::ForkChild);
        let dropped: Vec<&String> = exec.iter().filter(|n| !forked.contains(n)).collect();
        assert_eq!(dropped, ["fork", "vfork", "execve"]);
        let forked_policy = variant_of(&policy, Variant::ForkChild);
        let clone = forked_policy[MAIN_FILTER]["filter"]
            .as_array()
            .expect("filter array")
            .iter()
            .find(|r| r["syscall"] == "clone")
            .expect("clone rule");
        assert_eq!(clone["args"].as_array().map(Vec::len), Some(2), "threads only: {clone}");
        let compiled = compile(POLICY_JSON).expect("compiles");
        assert_ne!(compiled.programs[0], compiled.fork_child_programs[0]);
    }

    #[test]
    fn a_broken_policy_names_what_is_wrong() {
        let err = compile(r#"{"sandbox": {"mismatch_action": "trap", "match_action": "allow", "filter": [{"syscall": "no_such_call"}]}}"#)
            .expect_err("unknown syscall");
        assert!(err.to_string().contains("no_such_call"), "{err}");
        assert!(matches!(compile("{"), Err(PolicyError::Json(_))));
    }

    #[test]
    fn syscall_numbers_have_names() {
        assert_eq!(syscall_name(41), "socket");
        assert_eq!(syscall_name(101), "ptrace");
        assert_eq!(syscall_name(-1), "syscall -1");
    }
}
