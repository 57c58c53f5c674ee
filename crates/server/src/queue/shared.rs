//! What the queue's handle and its workers share.

use super::board::Board;
use super::grader::Grader;
use super::slots::Slots;
use crate::problems::ProblemIndex;
use std::sync::Arc;
use verdict_judge::JudgeOptions;
use verdict_store::Store;

#[derive(Debug)]
pub(super) struct Shared {
    pub(super) slots: Slots,
    pub(super) board: Board,
    pub(super) workers: usize,
    /// Tests of one job run at once.
    pub(super) parallelism: usize,
    pub(super) store: Arc<dyn Store>,
    pub(super) problems: Arc<ProblemIndex>,
    pub(super) grader: Arc<dyn Grader>,
}

impl Shared {
    pub(super) fn options(&self) -> JudgeOptions {
        JudgeOptions { parallelism: self.parallelism.max(1), ..JudgeOptions::default() }
    }
}
