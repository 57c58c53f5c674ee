//! The laid-out policy against seccompiler's chain (the reference), both run through a BPF
//! interpreter: the same action for every syscall number, wrong arches, and argument values on
//! both sides of every condition; and a program walked in about log2(n) steps.

use crate::bpf_eval::{run, stacked, SeccompData};
use crate::layout::BPF_JA;
use crate::policy::{compile, CompiledPolicy, POLICY_JSON};
use crate::reference::compile_linear;
use std::collections::BTreeSet;
use std::str::FromStr;
use verdict_boxspec::plan::unpack_instruction;

const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
const AUDIT_ARCH_AARCH64: u32 = 0xc000_00b7;
const AUDIT_ARCH_I386: u32 = 0x4000_0003;

fn native_arch() -> u32 {
    if cfg!(target_arch = "aarch64") {
        AUDIT_ARCH_AARCH64
    } else {
        AUDIT_ARCH_X86_64
    }
}

/// The action of a stack of programs loaded as `apply_seccomp` loads them: the rest first, the
/// main program (the first) last.
fn decide(programs: &[Vec<u64>], data: &SeccompData) -> u32 {
    let newest_first: Vec<u32> =
        programs[..1].iter().chain(programs[1..].iter().rev()).map(|program| run(program, data).action).collect();
    stacked(&newest_first)
}

/// Whether the kernel's action cache allows `nr` without running the stack: every program
/// allows it without looking past the number.
fn cached(programs: &[Vec<u64>], nr: u32) -> bool {
    let data = SeccompData { nr, arch: native_arch(), ..SeccompData::default() };
    programs.iter().all(|program| {
        let ran = run(program, &data);
        ran.action == libc::SECCOMP_RET_ALLOW && !ran.read_more_than_nr
    })
}

/// Syscall numbers to try: every one up to 500, and some far out.
fn numbers() -> Vec<u32> {
    let mut numbers: Vec<u32> = (0..=500).collect();
    numbers.extend([511, 512, 1000, 4095, 0x4000_0000, 0x4000_0001, 0x4000_0010, 0x4000_0038, 0x8000_0000]);
    numbers.extend([u32::MAX - 1, u32::MAX]);
    numbers
}

/// Argument values around one condition of the data file: on both sides of its value, every bit
/// of its mask flipped, and the high word changed.
fn values_around(condition: &serde_json::Value) -> Vec<u64> {
    let value = condition["val"].as_u64().expect("val");
    let mut out = vec![0, u64::MAX, 1, u64::from(u32::MAX), 1 << 32];
    let around =
        |v: u64| [v, v.wrapping_sub(1), v.wrapping_add(1), v ^ (1 << 32), v | 0xffff_ffff_0000_0000, v & 0xffff_ffff];
    match condition["op"].get("masked_eq").and_then(|m| m.as_u64()) {
        Some(mask) => {
            let base = value & mask;
            out.extend(around(base));
            out.extend(around(base | !mask));
            out.extend((0..64).map(|bit| base ^ (1 << bit)));
        }
        None => out.extend(around(value)),
    }
    out
}

/// Every condition of every filter and variant, with the syscall it guards.
fn conditions(json: &str) -> Vec<(String, serde_json::Value)> {
    let policy: serde_json::Value = serde_json::from_str(json).expect("json");
    let mut out = Vec::new();
    for filter in policy.as_object().expect("filters").values() {
        for rule in filter["filter"].as_array().expect("rules") {
            let name = rule["syscall"].as_str().expect("syscall").to_owned();
            let own = rule["args"].as_array().into_iter().flatten();
            let forked = rule["in_fork_children"]["args"].as_array().into_iter().flatten();
            out.extend(own.chain(forked).map(|c| (name.clone(), c.clone())));
        }
    }
    out
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The argument vectors to try: each interesting value alone at its index, and in every slot;
/// for the syscalls with conditions also every pair of values at one index or-ed together, and
/// random ones.
fn argument_sets(json: &str) -> (Vec<[u64; 6]>, Vec<[u64; 6]>) {
    let conditions = conditions(json);
    let mut by_index: Vec<BTreeSet<u64>> = vec![BTreeSet::new(); 6];
    for (_, condition) in &conditions {
        let index = condition["index"].as_u64().expect("index") as usize;
        by_index[index].extend(values_around(condition));
    }
    let mut base = vec![[0u64; 6]];
    for (index, values) in by_index.iter().enumerate() {
        for &value in values {
            let mut args = [0; 6];
            args[index] = value;
            base.push(args);
            base.push([value; 6]);
        }
    }
    // Or-ing values matters where bits are tested, under masks.
    let mut masked: Vec<BTreeSet<u64>> = vec![BTreeSet::new(); 6];
    for (_, condition) in conditions.iter().filter(|(_, c)| c["op"].get("masked_eq").is_some()) {
        masked[condition["index"].as_u64().expect("index") as usize].extend(values_around(condition));
    }
    let mut focused = base.clone();
    for (index, values) in masked.iter().enumerate() {
        for &a in values {
            for &b in values {
                let mut args = [0; 6];
                args[index] = a | b;
                focused.push(args);
            }
        }
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..4000 {
        let mut args = [0; 6];
        for arg in &mut args {
            // Mostly small or sparse values, which is where the policy's checks are.
            *arg = match rng.next() % 4 {
                0 => rng.next() % 64,
                1 => rng.next() & rng.next() & rng.next(),
                2 => 1 << (rng.next() % 64),
                _ => rng.next(),
            };
        }
        focused.push(args);
    }
    (base, focused)
}

/// Asserts that `json` compiled by [`compile`] decides as seccompiler's chain, in both variants.
fn assert_same_decisions(json: &str) {
    let new = compile(json).expect("compiles");
    let old = compile_linear(json).expect("seccompiler compiles");
    let guarded: BTreeSet<u32> = conditions(json)
        .iter()
        .map(|(name, _)| syscalls::Sysno::from_str(name).expect("syscall").id() as u32)
        .collect();
    let (base, focused) = argument_sets(json);
    let mut differences = Vec::new();
    let variants =
        [("exec", &old.programs, &new.programs), ("fork child", &old.fork_child_programs, &new.fork_child_programs)];
    for (variant, old, new) in variants {
        for nr in numbers() {
            let arg_sets = if guarded.contains(&nr) { &focused } else { &base };
            for args in arg_sets {
                let data = SeccompData { nr, arch: native_arch(), instruction_pointer: 0x40_1000, args: *args };
                let (was, is) = (decide(old, &data), decide(new, &data));
                if was != is {
                    differences
                        .push(format!("{variant}: nr {nr} args {args:x?}: seccompiler {was:#x}, layout {is:#x}"));
                }
            }
            if cached(old, nr) != cached(new, nr) {
                differences.push(format!(
                    "{variant}: nr {nr} cached by the kernel: {} before, {} now",
                    cached(old, nr),
                    cached(new, nr)
                ));
            }
        }
        for arch in [0, AUDIT_ARCH_I386, AUDIT_ARCH_X86_64, AUDIT_ARCH_AARCH64, native_arch() ^ 1] {
            for nr in [0, 1, 56, 59, 157, 220, 435, 0x4000_0000] {
                let data = SeccompData { nr, arch, ..SeccompData::default() };
                let (was, is) = (decide(old, &data), decide(new, &data));
                if was != is {
                    differences
                        .push(format!("{variant}: arch {arch:#x} nr {nr}: seccompiler {was:#x}, layout {is:#x}"));
                }
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences, first: {:#?}",
        differences.len(),
        &differences[..differences.len().min(10)]
    );
}

#[test]
fn the_shipped_policy_decides_as_seccompilers_chain() {
    assert_same_decisions(POLICY_JSON);
}

#[test]
fn every_operator_and_width_decides_as_seccompilers_chain() {
    let json = r#"{
        "sandbox": {"mismatch_action": "trap", "match_action": "allow", "filter": [
            {"syscall": "read"},
            {"syscall": "write", "args": [{"index": 0, "type": "dword", "op": "le", "val": 2}]},
            {"syscall": "write", "args": [{"index": 0, "type": "qword", "op": "gt", "val": 4294967301},
                                          {"index": 2, "type": "qword", "op": "lt", "val": 4096}]},
            {"syscall": "mmap", "args": [{"index": 2, "type": "qword", "op": "ne", "val": 7},
                                         {"index": 3, "type": "dword", "op": "ge", "val": 34},
                                         {"index": 5, "type": "qword", "op": "le", "val": 8589934592}]},
            {"syscall": "ioctl", "args": [{"index": 1, "type": "qword", "op": "eq", "val": 12884901889}]},
            {"syscall": "ioctl", "args": [{"index": 1, "type": "dword", "op": "ne", "val": 5}]},
            {"syscall": "fcntl", "args": [{"index": 1, "type": "qword", "op": "ge", "val": 17179869184}]},
            {"syscall": "fcntl", "args": [{"index": 1, "type": "dword", "op": "gt", "val": 1030},
                                          {"index": 1, "type": "dword", "op": "lt", "val": 2000}]},
            {"syscall": "clone", "args": [{"index": 0, "type": "qword", "op": {"masked_eq": 18446744069414649856}, "val": 4294967296}]},
            {"syscall": "socket", "args": [{"index": 2, "type": "qword", "op": {"masked_eq": 4294967297}, "val": 4294967296}]},
            {"syscall": "prctl", "args": [{"index": 4, "type": "dword", "op": {"masked_eq": 4042260480}, "val": 268435456}]},
            {"syscall": "getpid", "in_fork_children": false},
            {"syscall": "kill", "args": [{"index": 1, "type": "dword", "op": "eq", "val": 0}],
             "in_fork_children": {"args": [{"index": 1, "type": "qword", "op": "lt", "val": 1}]}}
        ]},
        "enosys": {"mismatch_action": "allow", "match_action": {"errno": 38}, "filter": [
            {"syscall": "clone3"}, {"syscall": "fcntl"}, {"syscall": "read"}
        ]}
    }"#;
    assert_same_decisions(json);
}

#[test]
fn a_program_past_the_reach_of_a_jump_decides_as_seccompilers_chain() {
    // What the child that loads it into the kernel calls afterwards stays allowed.
    let child_calls = ["read", "write", "pause", "prctl", "clock_gettime"];
    let mut rules: Vec<String> = child_calls.iter().map(|name| format!(r#"{{"syscall": "{name}"}}"#)).collect();
    for nr in 0..160 {
        let Some(sysno) = syscalls::Sysno::new(nr) else { continue };
        if child_calls.contains(&sysno.name()) {
            continue;
        }
        let condition = |op: &str, val: u64| format!(r#"{{"index": 1, "type": "qword", "op": "{op}", "val": {val}}}"#);
        rules.push(format!(
            r#"{{"syscall": "{}", "args": [{}, {}]}}"#,
            sysno.name(),
            condition("ge", 4294967296 + nr as u64 % 3),
            condition("lt", 8589934592 - nr as u64 % 5)
        ));
    }
    let json = format!(
        r#"{{"sandbox": {{"mismatch_action": "trap", "match_action": "allow", "filter": [{}]}},
             "enosys": {{"mismatch_action": "allow", "match_action": {{"errno": 38}}, "filter": [{{"syscall": "clone3"}}]}}}}"#,
        rules.join(",")
    );
    let compiled = compile(&json).expect("compiles");
    let main = &compiled.programs[0];
    assert!(main.len() > 1000, "{} instructions", main.len());
    assert!(
        main.iter().any(|&p| unpack_instruction(p).0 == BPF_JA),
        "a program this long needs trampolines for jumps past 255 instructions"
    );
    assert_same_decisions(&json);
    crate::loadtime::time_in_child(&compiled.programs, 1).expect("the kernel takes the trampolines too");
}

/// The most instructions any syscall number (arguments zero) walks through the stack.
fn deepest(programs: &[Vec<u64>]) -> usize {
    numbers()
        .into_iter()
        .map(|nr| {
            let data = SeccompData { nr, arch: native_arch(), ..SeccompData::default() };
            programs.iter().map(|program| run(program, &data).walked).sum::<usize>()
        })
        .max()
        .expect("numbers")
}

#[test]
fn every_syscall_number_reaches_its_decision_in_about_log2_n_steps() {
    let new = compile(POLICY_JSON).expect("compiles");
    let old: CompiledPolicy = compile_linear(POLICY_JSON).expect("seccompiler compiles");
    for (old, new) in [(&old.programs, &new.programs), (&old.fork_child_programs, &new.fork_child_programs)] {
        // Each named syscall opens at most two intervals of numbers; the search is a balanced
        // tree over them, after the arch check and the number's load (4) and before the return,
        // with a little room for trampolines. The longest argument check (clone's two masked
        // qword tests in fork children) adds at most 8.
        let intervals = 2 * named(POLICY_JSON) + 1;
        let bound = 4 + intervals.next_power_of_two().trailing_zeros() as usize + 1 + 2 + 8;
        let (was, is) = (deepest(old), deepest(new));
        assert!(is <= bound, "the deepest number walks {is} instructions, more than {bound}");
        assert!(is * 10 < was, "{is} instructions at most now, {was} with the chain: expected far fewer");
        let (old_len, new_len): (usize, usize) = (old.iter().map(Vec::len).sum(), new.iter().map(Vec::len).sum());
        assert!(new_len * 2 < old_len, "{new_len} instructions now, {old_len} before");
    }
}

fn named(json: &str) -> usize {
    let policy: serde_json::Value = serde_json::from_str(json).expect("json");
    let names: BTreeSet<&str> = policy
        .as_object()
        .expect("filters")
        .values()
        .flat_map(|f| f["filter"].as_array().expect("rules").iter().filter_map(|r| r["syscall"].as_str()))
        .collect();
    names.len()
}
