//! The policy compiled the way it was before [`crate::layout`]: seccompiler's linear chain, one
//! test per syscall in number order, and the `enosys` filter stacked as a program of its own.
//! It is kept as the reference the new layout is checked against (the equivalence tests run both
//! through a BPF interpreter) and as the baseline `verdict bench` times a load against.

use crate::policy::{CompiledPolicy, PolicyError, EXTRA_FILTERS, MAIN_FILTER};
use seccompiler::{BpfProgram, TargetArch};
use std::collections::BTreeMap;
use verdict_boxspec::plan::pack_instruction;

/// Compiles a policy with seccompiler, for both variants (as [`crate::policy::compile`] does).
pub fn compile_linear(policy_json: &str) -> Result<CompiledPolicy, PolicyError> {
    let policy: BTreeMap<String, serde_json::Value> = serde_json::from_str(policy_json)?;
    let allowed: std::collections::BTreeSet<&str> = policy
        .get(MAIN_FILTER)
        .and_then(|f| f.get("filter"))
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
        .filter_map(|rule| rule.get("syscall").and_then(|s| s.as_str()))
        .collect();
    Ok(CompiledPolicy {
        programs: compile_variant(&policy, false)?,
        fork_child_programs: compile_variant(&policy, true)?,
        allowed_syscalls: allowed.len(),
    })
}

/// The policy with the keys seccompiler does not know removed, for one variant.
fn variant_of(policy: &BTreeMap<String, serde_json::Value>, fork_child: bool) -> BTreeMap<String, serde_json::Value> {
    let mut policy = policy.clone();
    for filter in policy.values_mut() {
        let Some(object) = filter.as_object_mut() else { continue };
        object.remove("comment");
        let Some(rules) = object.get_mut("filter").and_then(|f| f.as_array_mut()) else { continue };
        rules.retain_mut(|rule| {
            let Some(rule) = rule.as_object_mut() else { return true };
            match (fork_child, rule.remove("in_fork_children")) {
                (true, Some(serde_json::Value::Bool(false))) => false,
                (true, Some(serde_json::Value::Object(change))) => {
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
    fork_child: bool,
) -> Result<Vec<Vec<u64>>, PolicyError> {
    let arch =
        TargetArch::try_from(std::env::consts::ARCH).map_err(|_| PolicyError::Arch(std::env::consts::ARCH.into()))?;
    let cleaned = serde_json::to_vec(&variant_of(policy, fork_child))?;
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
