-- Version 5 on PostgreSQL: 05-runs.sql in PostgreSQL's types (BIGINT for SQLite's INTEGER).
CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    problem     TEXT NOT NULL,
    package     TEXT,
    code        TEXT NOT NULL,
    input       TEXT,
    created_at  BIGINT NOT NULL,
    claimed_by  TEXT,
    lease_token TEXT,
    lease_until BIGINT,
    report      TEXT
);
CREATE INDEX runs_by_age ON runs (created_at);
