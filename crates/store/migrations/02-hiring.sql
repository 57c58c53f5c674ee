-- Version 2: the hiring side: teams, users, sessions, API tokens, assessments, invitations,
-- every draft an attempt saved, and the audit log.
CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE TABLE users (
    id               TEXT PRIMARY KEY,
    team             TEXT NOT NULL REFERENCES teams (id),
    email            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash    TEXT,
    setup_hash       TEXT UNIQUE,
    setup_expires_at INTEGER,
    created_at       INTEGER NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE TABLE assessments (
    id               TEXT PRIMARY KEY,
    team             TEXT NOT NULL REFERENCES teams (id),
    title            TEXT NOT NULL,
    instructions     TEXT NOT NULL,
    duration_ms      INTEGER NOT NULL,
    opens_at         INTEGER NOT NULL,
    closes_at        INTEGER NOT NULL,
    practice_problem TEXT,
    problems         TEXT NOT NULL,
    archived_at      INTEGER,
    created_by       TEXT NOT NULL,
    created_at       INTEGER NOT NULL
);
CREATE INDEX assessments_by_team ON assessments (team, created_at);
CREATE TABLE invitations (
    id            TEXT PRIMARY KEY,
    assessment    TEXT NOT NULL REFERENCES assessments (id),
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    link_hash     TEXT NOT NULL UNIQUE,
    extra_ms      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    started_at    INTEGER,
    deadline      INTEGER,
    finished_at   INTEGER,
    finish_reason TEXT,
    revoked_at    INTEGER
);
CREATE INDEX invitations_by_assessment ON invitations (assessment, created_at);
CREATE INDEX invitations_due ON invitations (deadline) WHERE finished_at IS NULL AND revoked_at IS NULL;
CREATE TABLE attempt_drafts (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    problem    TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    code       TEXT NOT NULL,
    via        TEXT NOT NULL,
    saved_at   INTEGER NOT NULL,
    PRIMARY KEY (invitation, problem, seq)
);
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment TEXT NOT NULL,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    invitation TEXT,
    detail     TEXT NOT NULL
);
CREATE INDEX audit_by_assessment ON audit (assessment, id);
