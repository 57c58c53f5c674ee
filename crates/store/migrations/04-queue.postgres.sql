-- Version 4 on PostgreSQL: 04-queue.sql in PostgreSQL's types (BOOLEAN for the flag, BYTEA for
-- a package's bytes); the claiming index names rowid, which here is a column.
ALTER TABLE submissions
    ADD COLUMN priority         BIGINT NOT NULL DEFAULT 1,
    ADD COLUMN lease_token      TEXT,
    ADD COLUMN lease_until      BIGINT,
    ADD COLUMN claims           BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN judged_by        TEXT,
    ADD COLUMN package          TEXT;
UPDATE submissions SET priority = 0 WHERE candidate LIKE 'attempt:%';
UPDATE submissions SET lease_until = 0 WHERE state = 'running';
CREATE INDEX submissions_to_claim ON submissions (priority, rowid) WHERE state IN ('queued', 'running');
CREATE TABLE packages (
    hash       TEXT PRIMARY KEY,
    slug       TEXT NOT NULL,
    bytes      BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
