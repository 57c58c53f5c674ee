//! The Judge0 API's calls ([`crate::Judge0Store`]), written once for every engine.

use super::queue::{new_token, until};
use crate::engine::Engine;
use crate::error::Result;
use crate::judge0::{self, Enqueued, Judge0Claim, Judge0Record, NewJudge0};
use crate::store::Judge0Store;
use std::time::Duration;

impl<E: Engine> Judge0Store for E {
    fn judge0_enqueue(&self, batch: &[NewJudge0<'_>], most_pending: u64) -> Result<Enqueued> {
        self.write(|tx, now| judge0::enqueue(tx, now, batch, most_pending))
    }

    fn judge0_claim(&self, worker: &str, lease: Duration) -> Result<Option<Judge0Claim>> {
        // Idle workers poll: a look in a read transaction first keeps an empty poll from
        // taking the writer.
        if !self.read(|c, now| judge0::claimable(c, now))? {
            return Ok(None);
        }
        let token = new_token();
        self.claim_write(|tx, now| judge0::claim(tx, now, worker, &token, until(now, lease)))
    }

    fn judge0_finish(&self, token: &str, lease: &str, result: &str) -> Result<()> {
        self.write(|tx, now| judge0::finish(tx, now, token, lease, result))
    }

    fn judge0_read(&self, tokens: &[&str]) -> Result<Vec<Judge0Record>> {
        self.read(|c, _| judge0::read(c, tokens))
    }

    fn judge0_pending(&self) -> Result<u64> {
        self.read(|c, _| judge0::pending(c))
    }
}
