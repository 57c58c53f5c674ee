//! A classic-BPF interpreter for seccomp programs, for the tests: `seccomp_data` in, the action
//! and the number of instructions walked out. It accepts only what seccomp programs here use and
//! panics on anything else, so a program it runs is also checked for stray jumps.

use crate::layout::{BPF_AND_K, BPF_JA, BPF_JEQ_K, BPF_JGE_K, BPF_JGT_K, BPF_LD_W_ABS, BPF_RET_K};
use verdict_boxspec::plan::unpack_instruction;

const BPF_JSET_K: u16 = 0x45;

/// What a filter sees of a syscall.
#[derive(Debug, Clone, Copy, Default)]
pub struct SeccompData {
    pub nr: u32,
    pub arch: u32,
    pub instruction_pointer: u64,
    pub args: [u64; 6],
}

impl SeccompData {
    /// The 32-bit word at `offset`, as `BPF_LD|BPF_W|BPF_ABS` reads it on a little-endian machine.
    fn word(&self, offset: u32) -> u32 {
        let qword =
            |value: u64, offset: u32| if offset.is_multiple_of(8) { value as u32 } else { (value >> 32) as u32 };
        match offset {
            0 => self.nr,
            4 => self.arch,
            8 | 12 => qword(self.instruction_pointer, offset),
            16..=63 if offset.is_multiple_of(4) => qword(self.args[(offset as usize - 16) / 8], offset),
            _ => panic!("load from offset {offset} is outside seccomp_data"),
        }
    }
}

/// What one run of a program did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub action: u32,
    /// Instructions executed, the return included.
    pub walked: usize,
    /// Whether it loaded anything but the syscall number and the arch: if it did not and
    /// allowed, the kernel's action cache allows this number without running the filter.
    pub read_more_than_nr: bool,
}

/// Runs `program` on `data`.
pub fn run(program: &[u64], data: &SeccompData) -> Run {
    let mut accumulator = 0u32;
    let mut pc = 0usize;
    let mut walked = 0usize;
    let mut read_more_than_nr = false;
    loop {
        let packed = *program.get(pc).unwrap_or_else(|| panic!("ran off the end of the program at {pc}"));
        let (code, jt, jf, k) = unpack_instruction(packed);
        walked += 1;
        pc += 1;
        let branch = |taken: bool| usize::from(if taken { jt } else { jf });
        match code {
            BPF_LD_W_ABS => {
                read_more_than_nr |= k > 4;
                accumulator = data.word(k);
            }
            BPF_AND_K => accumulator &= k,
            BPF_JA => pc += k as usize,
            BPF_JEQ_K => pc += branch(accumulator == k),
            BPF_JGT_K => pc += branch(accumulator > k),
            BPF_JGE_K => pc += branch(accumulator >= k),
            BPF_JSET_K => pc += branch(accumulator & k != 0),
            BPF_RET_K => return Run { action: k, walked, read_more_than_nr },
            _ => panic!("instruction {code:#x} at {} is not one a seccomp program here uses", pc - 1),
        }
    }
}

/// The action the kernel takes when several filters are stacked: the most restrictive one (the
/// lowest action, compared as signed), the newest filter winning a tie. `newest_first` lists the
/// actions of the filters from the last loaded to the first.
pub fn stacked(newest_first: &[u32]) -> u32 {
    let action_only = |ret: u32| (ret & libc::SECCOMP_RET_ACTION_FULL) as i32;
    newest_first
        .iter()
        .fold(libc::SECCOMP_RET_ALLOW, |ret, &cur| if action_only(cur) < action_only(ret) { cur } else { ret })
}
