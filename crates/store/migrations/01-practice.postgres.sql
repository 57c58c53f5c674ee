-- Version 1 on PostgreSQL: 01-practice.sql in PostgreSQL's types (BIGINT for SQLite's INTEGER,
-- DOUBLE PRECISION for REAL). `rowid` is the insertion order SQLite keeps on its own, which the
-- store's SQL orders by; here it is a column of that name.
CREATE TABLE submissions (
    id            TEXT PRIMARY KEY,
    candidate     TEXT NOT NULL,
    problem       TEXT NOT NULL,
    code          TEXT NOT NULL,
    state         TEXT NOT NULL CONSTRAINT submissions_state_check
                      CHECK (state IN ('queued', 'running', 'finished', 'failed')),
    verdict       TEXT,
    score         DOUBLE PRECISION,
    compile_error TEXT,
    error         TEXT,
    created_at    BIGINT NOT NULL,
    finished_at   BIGINT,
    rowid         BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX submissions_by_candidate ON submissions (candidate, problem, created_at);
CREATE INDEX submissions_unfinished ON submissions (created_at) WHERE state IN ('queued', 'running');
CREATE TABLE test_results (
    submission TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    number     BIGINT NOT NULL,
    result     TEXT NOT NULL,
    PRIMARY KEY (submission, number)
);
CREATE TABLE drafts (
    candidate  TEXT NOT NULL,
    problem    TEXT NOT NULL,
    code       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (candidate, problem)
);
