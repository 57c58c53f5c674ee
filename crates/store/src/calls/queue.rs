//! The judging queue's calls, written once for every engine: submissions and stored runs. A
//! claim runs in the engine's claiming transaction (its row lock is the concurrency control);
//! the others are ordinary writes, which take the submission's row before they write under a
//! lease (a run's writes are single statements guarded by the token).

use crate::audit::audit_grading;
use crate::clock::Millis;
use crate::engine::Engine;
use crate::error::{Result, StoreError};
use crate::listener::Listener;
use crate::queue::{self, Claim, Lease};
use crate::runs::{self, NewRun, RunClaim, RunOutcome};
use crate::store::JobStore;
use crate::submissions::Outcome;
use serde_json::Value;
use std::time::Duration;

impl<E: Engine> JobStore for E {
    fn claim(&self, worker: &str, lease: Duration) -> Result<Option<Claim>> {
        // Idle workers poll: a look in a read transaction first keeps an empty poll from
        // taking the writer (SQLite) or locking anything (PostgreSQL).
        if !self.read(|c, now| queue::claimable(c, now))? {
            return Ok(None);
        }
        let token = new_token();
        self.claim_write(|tx, now| queue::claim(tx, now, worker, &token, until(now, lease)))
    }

    fn heartbeat(&self, id: &str, token: &str, lease: Duration) -> Result<Lease> {
        self.write(|tx, now| queue::heartbeat(tx, id, token, until(now, lease)))
    }

    fn record_test(&self, id: &str, token: &str, number: u32, result: &Value) -> Result<()> {
        self.write(|tx, _| queue::record_test(tx, id, token, number, result))
    }

    fn finish(&self, id: &str, token: &str, outcome: &Outcome) -> Result<()> {
        self.write(|tx, now| {
            // A repeat is not a second grading: the audit log tells it once.
            if queue::finish(tx, id, token, outcome, now)? {
                audit_grading(tx, now, id)?;
                if let Some(invitation) = queue::attempt_of(tx, id)? {
                    crate::webhooks::after_grading(tx, now, &invitation)?;
                }
            }
            Ok(())
        })
    }

    fn release(&self, id: &str, token: &str) -> Result<()> {
        self.write(|tx, _| queue::release(tx, id, token))
    }

    fn request_cancel(&self, id: &str) -> Result<bool> {
        self.write(|tx, now| queue::request_cancel(tx, id, now))
    }

    fn queue_depth(&self) -> Result<(u64, u64)> {
        self.read(|c, _| queue::depth(c))
    }

    fn put_package(&self, hash: &str, slug: &str, bytes: &[u8]) -> Result<()> {
        self.write(|tx, now| queue::put_package(tx, now, hash, slug, bytes))
    }

    fn package(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        self.read(|c, _| queue::package(c, hash))
    }

    fn listen(&self, channels: &[&str]) -> Result<Option<Listener>> {
        Engine::listen(self, channels)
    }

    fn enqueue_run(&self, new: &NewRun<'_>) -> Result<()> {
        self.write(|tx, now| runs::enqueue(tx, now, new))
    }

    fn claim_run(&self, worker: &str, lease: Duration) -> Result<Option<RunClaim>> {
        // As for submissions: an idle poll reads, and takes the writer only with work to do.
        if !self.read(|c, now| runs::claimable(c, now))? {
            return Ok(None);
        }
        let token = new_token();
        self.claim_write(|tx, now| runs::claim(tx, now, worker, &token, until(now, lease)))
    }

    fn heartbeat_run(&self, id: &str, token: &str, lease: Duration) -> Result<bool> {
        self.write(|tx, now| runs::heartbeat(tx, id, token, until(now, lease)))
    }

    fn finish_run(&self, id: &str, token: &str, outcome: &RunOutcome) -> Result<()> {
        self.write(|tx, _| runs::finish(tx, id, token, outcome))
    }

    fn take_run(&self, id: &str) -> Result<Option<RunOutcome>> {
        // A waiting node polls: a read until there is something to take, then one write.
        let Some(outcome) = self.read(|c, _| runs::outcome(c, id))? else { return Ok(None) };
        if !self.write(|tx, _| runs::delete(tx, id))? {
            return Err(StoreError::NoRun(id.to_owned()));
        }
        Ok(Some(outcome))
    }

    fn abandon_run(&self, id: &str) -> Result<bool> {
        self.write(|tx, _| runs::delete(tx, id))
    }

    fn pending_runs(&self) -> Result<u64> {
        self.read(|c, _| runs::pending(c))
    }
}

/// When a lease taken at `now` runs out.
pub(super) fn until(now: Millis, lease: Duration) -> Millis {
    now.saturating_add(Millis::try_from(lease.as_millis()).unwrap_or(Millis::MAX))
}

/// A lease's token: 128 random bits in hex, which no other claim will ever draw.
pub(super) fn new_token() -> String {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random number source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
