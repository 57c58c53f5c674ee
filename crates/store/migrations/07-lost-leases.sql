-- Version 7: how many times a submission's lease ran out while it was being judged (its
-- worker died or stalled). A program that kills every worker that judges it would otherwise be
-- claimed again forever, taking a worker down each time; at MAX_LOST_LEASES the claim ends it
-- as an internal error instead (crates/store/src/queue.rs). `claims` counts every claim,
-- releases at a graceful shutdown included, so it cannot tell the two apart.
ALTER TABLE submissions ADD COLUMN lost_leases INTEGER NOT NULL DEFAULT 0;
