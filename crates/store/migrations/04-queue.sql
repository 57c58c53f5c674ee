-- Version 4: the store is the judging queue's truth. A worker (of this process or of another
-- node) claims a submission under a lease: a random token and a time it must heartbeat before;
-- a lease that runs out lets another worker claim it again, and the old token writes nothing.
-- `priority` orders the claims (0 for an attempt's submission, 1 for practice), then insertion.
-- `packages` keeps problem packages by content hash, so a worker needs no shared disk.
ALTER TABLE submissions ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
ALTER TABLE submissions ADD COLUMN lease_token TEXT;
ALTER TABLE submissions ADD COLUMN lease_until INTEGER;
ALTER TABLE submissions ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN judged_by TEXT;
ALTER TABLE submissions ADD COLUMN package TEXT;
UPDATE submissions SET priority = 0 WHERE candidate LIKE 'attempt:%';
-- What an earlier release left running had no lease: it may be claimed at once.
UPDATE submissions SET lease_until = 0 WHERE state = 'running';
-- SQLite cannot name rowid in an index, but every index ends with it, so this is
-- (priority, rowid): claiming reads it in order, without a sort.
CREATE INDEX submissions_to_claim ON submissions (priority) WHERE state IN ('queued', 'running');
CREATE TABLE packages (
    hash       TEXT PRIMARY KEY,
    slug       TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
