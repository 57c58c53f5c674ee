//! Lays a seccomp filter out as classic BPF: the arch check, then a binary search over syscall
//! numbers, so that every number reaches its decision in about log2(n) jumps.
//!
//! Two costs follow the length of the path a syscall number walks, not the length of the program.
//! When a filter is loaded, the kernel emulates it once for every syscall number of the arch,
//! holding the signal lock, to learn which numbers are allowed whatever their arguments (its
//! action cache); and every syscall that is not in that cache runs the filter. A chain of one
//! test per syscall (seccompiler's layout) walks on average half the program; here a number
//! walks the depth of the search tree, and a syscall allowed without argument checks reaches a
//! constant `RET ALLOW` touching nothing but the number, which is what the kernel caches.
//!
//! The program is emitted back to front, so that every jump's target is already placed when the
//! jump is written; a target further than a conditional jump can reach (255 instructions) gets a
//! `JA` trampoline, and returns are shared while they are in reach.

use seccompiler::{SeccompCmpArgLen, SeccompCmpOp};
use std::collections::{BTreeMap, HashMap};
use verdict_boxspec::plan::pack_instruction;

pub const BPF_LD_W_ABS: u16 = 0x20;
pub const BPF_AND_K: u16 = 0x54;
pub const BPF_JA: u16 = 0x05;
pub const BPF_JEQ_K: u16 = 0x15;
pub const BPF_JGT_K: u16 = 0x25;
pub const BPF_JGE_K: u16 = 0x35;
pub const BPF_RET_K: u16 = 0x06;

/// Offsets in `struct seccomp_data`.
pub const NR_OFFSET: u32 = 0;
pub const ARCH_OFFSET: u32 = 4;
pub const ARGS_OFFSET: u32 = 16;

/// The kernel refuses longer programs (BPF_MAXINSNS).
pub const MAX_INSTRUCTIONS: usize = 4096;

/// A conditional jump reaches at most 255 instructions ahead. Targets are kept a little closer
/// than that, because resolving a jump's second target may place one more instruction (a return
/// or a trampoline) between the jump and its first target.
const REACH: usize = 250;

/// One test of one argument, with seccompiler's meaning: a `dword` compares the argument's low
/// 32 bits with the value's low 32 bits, a `qword` compares all 64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub arg: u8,
    pub width: SeccompCmpArgLen,
    pub op: SeccompCmpOp,
    pub value: u64,
}

/// What one syscall number decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The same action whatever the arguments.
    Return(u32),
    /// `on_match` if every condition of any one rule holds, `on_mismatch` otherwise.
    Check { rules: Vec<Vec<Condition>>, on_match: u32, on_mismatch: u32 },
}

/// A whole filter: the arch it accepts (any other is killed), what each named syscall number
/// decides, and what every other number decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub audit_arch: u32,
    pub syscalls: BTreeMap<u32, Outcome>,
    pub default: u32,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LayoutError {
    #[error("the filter needs {0} instructions; the kernel takes at most {MAX_INSTRUCTIONS}")]
    TooLong(usize),
    #[error("argument index {0} is out of range (0 to 5)")]
    ArgumentIndex(u8),
}

/// The filter as classic BPF, packed with [`pack_instruction`].
pub fn assemble(filter: &Filter) -> Result<Vec<u64>, LayoutError> {
    let mut out = Emitter::default();
    let intervals = intervals(filter);
    let search = out.search(&intervals)?;
    let search = out.reach(search);
    if out.distance(search) != 0 {
        out.jump_always(search);
    }
    let load_nr = out.push(Insn { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: NR_OFFSET });
    let arch_ok =
        out.jump(BPF_JEQ_K, filter.audit_arch, Target::At(load_nr), Target::Ret(libc::SECCOMP_RET_KILL_PROCESS));
    debug_assert_eq!(out.distance(arch_ok), 0);
    out.push(Insn { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: ARCH_OFFSET });
    if out.reversed.len() > MAX_INSTRUCTIONS {
        return Err(LayoutError::TooLong(out.reversed.len()));
    }
    Ok(out.reversed.iter().rev().map(|i| pack_instruction(i.code, i.jt, i.jf, i.k)).collect())
}

/// What a range of syscall numbers leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaf<'a> {
    Return(u32),
    Check(&'a Outcome),
}

/// The whole u32 range of syscall numbers cut into intervals, each given by its first number,
/// neighbours with the same constant action merged.
fn intervals(filter: &Filter) -> Vec<(u32, Leaf<'_>)> {
    fn add<'a>(out: &mut Vec<(u32, Leaf<'a>)>, start: u32, leaf: Leaf<'a>) {
        if out.last().is_some_and(|(_, last)| matches!((last, leaf), (Leaf::Return(a), Leaf::Return(b)) if *a == b)) {
            return;
        }
        out.push((start, leaf));
    }
    let mut out = Vec::new();
    let mut next: Option<u32> = Some(0);
    for (&nr, outcome) in &filter.syscalls {
        let Some(start) = next else { break };
        if nr > start {
            add(&mut out, start, Leaf::Return(filter.default));
        }
        let leaf = match outcome {
            Outcome::Return(action) => Leaf::Return(*action),
            check @ Outcome::Check { .. } => Leaf::Check(check),
        };
        add(&mut out, nr, leaf);
        next = nr.checked_add(1);
    }
    if let Some(start) = next {
        add(&mut out, start, Leaf::Return(filter.default));
    }
    out
}

#[derive(Debug, Clone, Copy)]
struct Insn {
    code: u16,
    jt: u8,
    jf: u8,
    k: u32,
}

/// Where a jump goes: a return of an action (placed wherever one is in reach) or an instruction
/// already placed.
#[derive(Debug, Clone, Copy)]
enum Target {
    Ret(u32),
    At(Label),
}

/// An instruction's index in the reversed program: the number of instructions after it.
type Label = usize;

#[derive(Default)]
struct Emitter {
    reversed: Vec<Insn>,
    /// The last return placed for each action.
    returns: HashMap<u32, Label>,
}

impl Emitter {
    fn push(&mut self, insn: Insn) -> Label {
        self.reversed.push(insn);
        self.reversed.len() - 1
    }

    /// How many instructions a jump placed next would skip to land on `label`.
    fn distance(&self, label: Label) -> usize {
        self.reversed.len() - label - 1
    }

    /// An instruction that a jump placed next can reach and that leads to `target`.
    fn reach(&mut self, target: Target) -> Label {
        match target {
            Target::Ret(action) => match self.returns.get(&action) {
                Some(&label) if self.distance(label) <= REACH => label,
                _ => {
                    let label = self.push(Insn { code: BPF_RET_K, jt: 0, jf: 0, k: action });
                    self.returns.insert(action, label);
                    label
                }
            },
            Target::At(label) if self.distance(label) <= REACH => label,
            Target::At(label) => self.jump_always(label),
        }
    }

    fn jump_always(&mut self, label: Label) -> Label {
        let k = u32::try_from(self.distance(label)).unwrap_or(u32::MAX);
        self.push(Insn { code: BPF_JA, jt: 0, jf: 0, k })
    }

    fn jump(&mut self, code: u16, k: u32, yes: Target, no: Target) -> Label {
        let yes = self.reach(yes);
        let no = self.reach(no);
        let jt = u8::try_from(self.distance(yes)).unwrap_or(u8::MAX);
        let jf = u8::try_from(self.distance(no)).unwrap_or(u8::MAX);
        debug_assert!(self.distance(yes) <= 255 && self.distance(no) <= 255);
        self.push(Insn { code, jt, jf, k })
    }

    /// The search over `intervals` (the syscall number is in the accumulator).
    fn search(&mut self, intervals: &[(u32, Leaf<'_>)]) -> Result<Target, LayoutError> {
        match intervals {
            [] => Ok(Target::Ret(libc::SECCOMP_RET_KILL_PROCESS)),
            [(_, leaf)] => self.leaf(leaf),
            _ => {
                let middle = intervals.len() / 2;
                let upper = self.search(&intervals[middle..])?;
                let upper = Target::At(self.reach(upper));
                let lower = self.search(&intervals[..middle])?;
                Ok(Target::At(self.jump(BPF_JGE_K, intervals[middle].0, upper, lower)))
            }
        }
    }

    fn leaf(&mut self, leaf: &Leaf<'_>) -> Result<Target, LayoutError> {
        match leaf {
            Leaf::Return(action) => Ok(Target::Ret(*action)),
            Leaf::Check(Outcome::Return(action)) => Ok(Target::Ret(*action)),
            Leaf::Check(Outcome::Check { rules, on_match, on_mismatch }) => {
                let mut next_rule = Target::Ret(*on_mismatch);
                for rule in rules.iter().rev() {
                    let mut all_hold = Target::Ret(*on_match);
                    for condition in rule.iter().rev() {
                        all_hold = Target::At(self.condition(condition, all_hold, next_rule)?);
                    }
                    next_rule = all_hold;
                }
                Ok(next_rule)
            }
        }
    }

    /// One condition: on to `yes` if it holds, `no` if not.
    fn condition(&mut self, condition: &Condition, yes: Target, no: Target) -> Result<Label, LayoutError> {
        if condition.arg > 5 {
            return Err(LayoutError::ArgumentIndex(condition.arg));
        }
        let low_offset = ARGS_OFFSET + 8 * u32::from(condition.arg);
        let high_offset = low_offset + 4;
        let (high, low) = ((condition.value >> 32) as u32, condition.value as u32);
        // The low word decides when the high words are equal (or when only the low word counts).
        let (code, k, low_yes, low_no, mask) = match condition.op {
            SeccompCmpOp::Eq => (BPF_JEQ_K, low, yes, no, None),
            SeccompCmpOp::Ne => (BPF_JEQ_K, low, no, yes, None),
            SeccompCmpOp::Ge => (BPF_JGE_K, low, yes, no, None),
            SeccompCmpOp::Gt => (BPF_JGT_K, low, yes, no, None),
            SeccompCmpOp::Le => (BPF_JGT_K, low, no, yes, None),
            SeccompCmpOp::Lt => (BPF_JGE_K, low, no, yes, None),
            SeccompCmpOp::MaskedEq(m) => (BPF_JEQ_K, low & m as u32, yes, no, Some(m as u32)),
        };
        let compare = self.jump(code, k, low_yes, low_no);
        let low_word = self.load_before(compare, low_offset, mask);
        if condition.width == SeccompCmpArgLen::Dword {
            return Ok(low_word);
        }
        let low_word = Target::At(low_word);
        Ok(match condition.op {
            SeccompCmpOp::Eq => self.high_equal(high_offset, None, high, low_word, no),
            SeccompCmpOp::Ne => self.high_equal(high_offset, None, high, low_word, yes),
            // A zero mask makes the high words equal whatever the argument.
            SeccompCmpOp::MaskedEq(m) if (m >> 32) == 0 => match low_word {
                Target::At(label) => label,
                Target::Ret(_) => unreachable!("the low word was just placed"),
            },
            SeccompCmpOp::MaskedEq(m) => {
                let m = (m >> 32) as u32;
                self.high_equal(high_offset, Some(m), high & m, low_word, no)
            }
            SeccompCmpOp::Ge | SeccompCmpOp::Gt => self.high_order(high_offset, high, yes, low_word, no),
            SeccompCmpOp::Le | SeccompCmpOp::Lt => self.high_order(high_offset, high, no, low_word, yes),
        })
    }

    /// `[LD offset][AND mask]?` in front of the already placed `next`.
    fn load_before(&mut self, next: Label, offset: u32, mask: Option<u32>) -> Label {
        debug_assert_eq!(self.distance(next), 0);
        if let Some(mask) = mask {
            self.push(Insn { code: BPF_AND_K, jt: 0, jf: 0, k: mask });
        }
        self.push(Insn { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: offset })
    }

    /// The high word (masked) equal to `k` goes on to `equal`, else to `differ`.
    fn high_equal(&mut self, offset: u32, mask: Option<u32>, k: u32, equal: Target, differ: Target) -> Label {
        let compare = self.jump(BPF_JEQ_K, k, equal, differ);
        self.load_before(compare, offset, mask)
    }

    /// The high word above `k` goes to `above`, equal to `equal`, below to `below`.
    fn high_order(&mut self, offset: u32, k: u32, above: Target, equal: Target, below: Target) -> Label {
        let is_equal = self.jump(BPF_JEQ_K, k, equal, below);
        let is_above = self.jump(BPF_JGT_K, k, above, Target::At(is_equal));
        self.load_before(is_above, offset, None)
    }
}
