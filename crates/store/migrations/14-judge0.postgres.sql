-- Version 14 on PostgreSQL: 14-judge0.sql in PostgreSQL's types (BIGINT for SQLite's INTEGER).
CREATE TABLE judge0_submissions (
    token       TEXT PRIMARY KEY,
    created_at  BIGINT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done')),
    request     TEXT NOT NULL,
    result      TEXT,
    finished_at BIGINT,
    claimed_by  TEXT,
    lease_token TEXT,
    lease_until BIGINT
);
CREATE INDEX judge0_by_state ON judge0_submissions (state, created_at);
