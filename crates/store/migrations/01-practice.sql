-- Version 1: practice submissions, their per-test results, and candidates' drafts.
CREATE TABLE submissions (
    id            TEXT PRIMARY KEY,
    candidate     TEXT NOT NULL,
    problem       TEXT NOT NULL,
    code          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'finished', 'failed')),
    verdict       TEXT,
    score         REAL,
    compile_error TEXT,
    error         TEXT,
    created_at    INTEGER NOT NULL,
    finished_at   INTEGER
);
CREATE INDEX submissions_by_candidate ON submissions (candidate, problem, created_at);
CREATE INDEX submissions_unfinished ON submissions (created_at) WHERE state IN ('queued', 'running');
CREATE TABLE test_results (
    submission TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    result     TEXT NOT NULL,
    PRIMARY KEY (submission, number)
);
CREATE TABLE drafts (
    candidate  TEXT NOT NULL,
    problem    TEXT NOT NULL,
    code       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (candidate, problem)
);
