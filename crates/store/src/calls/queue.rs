//! The judging queue's calls, written once for every engine. A claim runs in the engine's
//! claiming transaction (its row lock is the concurrency control); the others are ordinary
//! writes, which take the submission's row before they write under a lease.

use crate::audit::audit_grading;
use crate::clock::Millis;
use crate::engine::Engine;
use crate::error::Result;
use crate::listener::Listener;
use crate::queue::{self, Claim, Lease};
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
}

/// When a lease taken at `now` runs out.
fn until(now: Millis, lease: Duration) -> Millis {
    now.saturating_add(Millis::try_from(lease.as_millis()).unwrap_or(Millis::MAX))
}

/// A lease's token: 128 random bits in hex, which no other claim will ever draw.
fn new_token() -> String {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random number source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
