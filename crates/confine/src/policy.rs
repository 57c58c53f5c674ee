//! The seccomp policy: a commented JSON data file (`sandbox/seccomp.json`, in seccompiler's
//! format) compiled once into BPF laid out by [`crate::layout`] as a binary search over syscall
//! numbers.
//!
//! The policy marks "deny" as seccompiler's `trap` action. When compiling it we turn every `trap`
//! of the main filter into a seccomp user notification, so that the supervisor outside the box
//! learns which syscall was denied and can name it in the verdict; the program never gets to
//! handle it. The filters stacked on the main one (`enosys`) are folded into it: for every
//! syscall the one program returns what the kernel would have taken from the stack (the most
//! restrictive action), so a child loads one filter, and a syscall runs one.

use crate::layout::{self, Condition, Filter, LayoutError, Outcome};
use seccompiler::{SeccompAction, SeccompCmpArgLen, SeccompCmpOp};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::str::FromStr;

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
    #[error("seccomp policy: {0}")]
    Layout(#[from] LayoutError),
    #[error("seccomp policy has no filter named `{0}`")]
    MissingFilter(String),
    #[error("seccomp policy names `{0}`, which is not a syscall on {arch}", arch = std::env::consts::ARCH)]
    UnknownSyscall(String),
    #[error("seccomp policy: a rule for `{0}` has an empty `args` list")]
    EmptyRule(String),
    #[error("seccomp policy: filter `{0}` has the same match and mismatch action")]
    IdenticalActions(String),
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
/// may carry a `comment`, and rules an `in_fork_children`.
pub fn compile(policy_json: &str) -> Result<CompiledPolicy, PolicyError> {
    let policy: BTreeMap<String, JsonFilter> = serde_json::from_str(policy_json)?;
    let main = policy.get(MAIN_FILTER).ok_or_else(|| PolicyError::MissingFilter(MAIN_FILTER.into()))?;
    let allowed: std::collections::BTreeSet<&str> = main.filter.iter().map(|rule| rule.syscall.as_str()).collect();
    Ok(CompiledPolicy {
        programs: compile_variant(&policy, Variant::Exec)?,
        fork_child_programs: compile_variant(&policy, Variant::ForkChild)?,
        allowed_syscalls: allowed.len(),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Exec,
    ForkChild,
}

/// One filter of the data file, with seccompiler's field names and meaning.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFilter {
    #[serde(default)]
    #[allow(dead_code)]
    comment: Option<String>,
    #[serde(alias = "default_action")]
    mismatch_action: SeccompAction,
    #[serde(alias = "filter_action")]
    match_action: SeccompAction,
    filter: Vec<JsonRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRule {
    syscall: String,
    args: Option<Vec<JsonCondition>>,
    #[serde(default)]
    #[allow(dead_code)]
    comment: Option<String>,
    /// `false` drops the rule for fork-server children; an object's `args` replace the rule's.
    in_fork_children: Option<ForkChange>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ForkChange {
    Keep(bool),
    Change(ForkArgs),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ForkArgs {
    #[serde(default)]
    #[allow(dead_code)]
    comment: Option<String>,
    args: Option<Vec<JsonCondition>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonCondition {
    index: u8,
    #[serde(rename = "type")]
    width: SeccompCmpArgLen,
    op: SeccompCmpOp,
    val: u64,
    #[serde(default)]
    #[allow(dead_code)]
    comment: Option<String>,
}

impl JsonRule {
    /// The rule's argument conditions in `variant`, or `None` when the variant drops the rule.
    fn args_in(&self, variant: Variant) -> Option<Option<&Vec<JsonCondition>>> {
        match (variant, &self.in_fork_children) {
            (Variant::ForkChild, Some(ForkChange::Keep(false))) => None,
            (Variant::ForkChild, Some(ForkChange::Change(ForkArgs { args: Some(args), .. }))) => Some(Some(args)),
            _ => Some(self.args.as_ref()),
        }
    }
}

fn compile_variant(policy: &BTreeMap<String, JsonFilter>, variant: Variant) -> Result<Vec<Vec<u64>>, PolicyError> {
    let audit_arch = match std::env::consts::ARCH {
        "x86_64" => AUDIT_ARCH_X86_64,
        "aarch64" => AUDIT_ARCH_AARCH64,
        other => return Err(PolicyError::Arch(other.into())),
    };
    let mut filters = Vec::new();
    for (name, filter) in policy {
        filters.push((name.as_str(), filter_of(name, filter, variant, audit_arch)?));
    }
    let mut take = |name: &str| {
        let at = filters.iter().position(|(n, _)| *n == name).ok_or_else(|| PolicyError::MissingFilter(name.into()))?;
        Ok::<_, PolicyError>(filters.swap_remove(at).1)
    };
    let mut main = take(MAIN_FILTER)?;
    let mut unfolded = Vec::new();
    for name in EXTRA_FILTERS {
        let extra = take(name)?;
        match fold(&main, &extra) {
            Some(folded) => main = folded,
            None => unfolded.push(extra),
        }
    }
    let mut programs = vec![layout::assemble(&main)?];
    for extra in &unfolded {
        programs.push(layout::assemble(extra)?);
    }
    Ok(programs)
}

const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
const AUDIT_ARCH_AARCH64: u32 = 0xc000_00b7;

/// One filter of the data file for one variant, with seccompiler's meaning: a syscall named only
/// by rules without `args` matches whatever its arguments; one with conditional rules matches if
/// any of those rules holds (a rule without `args` beside them adds nothing).
fn filter_of(name: &str, filter: &JsonFilter, variant: Variant, audit_arch: u32) -> Result<Filter, PolicyError> {
    let notify_denials = name == MAIN_FILTER;
    let action = |action: &SeccompAction| {
        let k = u32::from(action.clone());
        if notify_denials && k & libc::SECCOMP_RET_ACTION_FULL == libc::SECCOMP_RET_TRAP {
            libc::SECCOMP_RET_USER_NOTIF
        } else {
            k
        }
    };
    if filter.match_action == filter.mismatch_action {
        return Err(PolicyError::IdenticalActions(name.into()));
    }
    let (on_match, on_mismatch) = (action(&filter.match_action), action(&filter.mismatch_action));
    let mut rules: BTreeMap<u32, Vec<Vec<Condition>>> = BTreeMap::new();
    for rule in &filter.filter {
        let Some(args) = rule.args_in(variant) else { continue };
        let sysno =
            syscalls::Sysno::from_str(&rule.syscall).map_err(|_| PolicyError::UnknownSyscall(rule.syscall.clone()))?;
        let nr = u32::try_from(sysno.id()).map_err(|_| PolicyError::UnknownSyscall(rule.syscall.clone()))?;
        let chain = rules.entry(nr).or_default();
        if let Some(args) = args {
            if args.is_empty() {
                return Err(PolicyError::EmptyRule(rule.syscall.clone()));
            }
            chain.push(
                args.iter()
                    .map(|c| Condition { arg: c.index, width: c.width.clone(), op: c.op.clone(), value: c.val })
                    .collect(),
            );
        }
    }
    let syscalls = rules
        .into_iter()
        .map(|(nr, rules)| {
            let outcome = if rules.is_empty() {
                Outcome::Return(on_match)
            } else {
                Outcome::Check { rules, on_match, on_mismatch }
            };
            (nr, outcome)
        })
        .collect();
    Ok(Filter { audit_arch, syscalls, default: on_mismatch })
}

/// `main` and `extra` as one filter deciding, for every syscall, what the kernel decides with
/// `extra` loaded first and `main` on top of it; `None` when a syscall has argument checks in
/// both, which one program of this layout cannot say.
fn fold(main: &Filter, extra: &Filter) -> Option<Filter> {
    if main.audit_arch != extra.audit_arch {
        return None;
    }
    let outcome =
        |filter: &Filter, nr: u32| filter.syscalls.get(&nr).cloned().unwrap_or(Outcome::Return(filter.default));
    let mut syscalls = BTreeMap::new();
    for &nr in main.syscalls.keys().chain(extra.syscalls.keys()) {
        let combined = match (outcome(main, nr), outcome(extra, nr)) {
            (Outcome::Return(m), Outcome::Return(x)) => Outcome::Return(stricter(m, x)),
            (Outcome::Check { rules, on_match, on_mismatch }, Outcome::Return(x)) => {
                checked(rules, stricter(on_match, x), stricter(on_mismatch, x))
            }
            (Outcome::Return(m), Outcome::Check { rules, on_match, on_mismatch }) => {
                checked(rules, stricter(m, on_match), stricter(m, on_mismatch))
            }
            (Outcome::Check { .. }, Outcome::Check { .. }) => return None,
        };
        syscalls.insert(nr, combined);
    }
    Some(Filter { audit_arch: main.audit_arch, syscalls, default: stricter(main.default, extra.default) })
}

fn checked(rules: Vec<Vec<Condition>>, on_match: u32, on_mismatch: u32) -> Outcome {
    if on_match == on_mismatch {
        Outcome::Return(on_match)
    } else {
        Outcome::Check { rules, on_match, on_mismatch }
    }
}

/// Of the actions of a filter and of one loaded before it, the one the kernel takes: the lower
/// action compared as signed (`SECCOMP_RET_KILL_PROCESS` is the lowest), the later filter on a tie.
fn stricter(later: u32, earlier: u32) -> u32 {
    let action_only = |ret: u32| (ret & libc::SECCOMP_RET_ACTION_FULL) as i32;
    if action_only(earlier) < action_only(later) {
        earlier
    } else {
        later
    }
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
            .filter(|&(code, ..)| code == layout::BPF_RET_K)
            .map(|(.., k)| k)
            .collect()
    }

    #[test]
    fn the_shipped_policy_compiles_and_denies_by_notification() {
        let policy = compile(POLICY_JSON).expect("shipped policy compiles");
        assert_eq!(policy.programs.len(), 1, "the enosys filter is folded into the main one");
        assert_eq!(policy.fork_child_programs.len(), 1);
        assert!(policy.allowed_syscalls > 100, "{}", policy.allowed_syscalls);
        for program in [&policy.programs[0], &policy.fork_child_programs[0]] {
            let main = returns(program);
            assert!(main.contains(&libc::SECCOMP_RET_USER_NOTIF));
            assert!(!main.contains(&libc::SECCOMP_RET_TRAP), "every trap is turned into a notification");
            assert!(main.contains(&(libc::SECCOMP_RET_ERRNO | libc::ENOSYS as u32)), "the enosys filter is in");
        }
    }

    #[test]
    fn a_filter_with_argument_checks_on_both_sides_stays_stacked() {
        let json = r#"{
            "sandbox": {"mismatch_action": "trap", "match_action": "allow",
                        "filter": [{"syscall": "ioctl", "args": [{"index": 1, "type": "dword", "op": "eq", "val": 1}]}]},
            "enosys": {"mismatch_action": "allow", "match_action": {"errno": 38},
                       "filter": [{"syscall": "ioctl", "args": [{"index": 1, "type": "dword", "op": "eq", "val": 2}]}]}
        }"#;
        let policy = compile(json).expect("compiles");
        assert_eq!(policy.programs.len(), 2, "ioctl has checks in both filters: no single program says both");
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
        let policy: BTreeMap<String, JsonFilter> = serde_json::from_str(POLICY_JSON).expect("json");
        let main = &policy[MAIN_FILTER];
        let names = |variant| -> Vec<&str> {
            main.filter.iter().filter(|r| r.args_in(variant).is_some()).map(|r| r.syscall.as_str()).collect()
        };
        let exec = names(Variant::Exec);
        let forked = names(Variant::ForkChild);
        let dropped: Vec<&&str> = exec.iter().filter(|n| !forked.contains(n)).collect();
        assert_eq!(dropped, [&"fork", &"vfork", &"execve"]);
        let clone = main.filter.iter().find(|r| r.syscall == "clone").expect("clone rule");
        let forked_args = clone.args_in(Variant::ForkChild).flatten().expect("clone has args");
        assert_eq!(forked_args.len(), 2, "threads only: {clone:?}");
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
