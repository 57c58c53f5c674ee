-- Version 2 on PostgreSQL: 02-hiring.sql in PostgreSQL's types. An email is unique and found
-- whatever its case (SQLite's COLLATE NOCASE) through a nondeterministic ICU collation; `"user"`
-- is quoted (a bare `user` is the current role); AUTOINCREMENT is an identity column.
CREATE COLLATION verdict_nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE TABLE users (
    id               TEXT PRIMARY KEY,
    team             TEXT NOT NULL REFERENCES teams (id),
    email            TEXT COLLATE verdict_nocase NOT NULL UNIQUE,
    password_hash    TEXT,
    setup_hash       TEXT UNIQUE,
    setup_expires_at BIGINT,
    created_at       BIGINT NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    "user"     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    "user"       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    rowid        BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE TABLE assessments (
    id               TEXT PRIMARY KEY,
    team             TEXT NOT NULL REFERENCES teams (id),
    title            TEXT NOT NULL,
    instructions     TEXT NOT NULL,
    duration_ms      BIGINT NOT NULL,
    opens_at         BIGINT NOT NULL,
    closes_at        BIGINT NOT NULL,
    practice_problem TEXT,
    problems         TEXT NOT NULL,
    archived_at      BIGINT,
    created_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    rowid            BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX assessments_by_team ON assessments (team, created_at);
CREATE TABLE invitations (
    id            TEXT PRIMARY KEY,
    assessment    TEXT NOT NULL REFERENCES assessments (id),
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    link_hash     TEXT NOT NULL UNIQUE,
    extra_ms      BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    started_at    BIGINT,
    deadline      BIGINT,
    finished_at   BIGINT,
    finish_reason TEXT,
    revoked_at    BIGINT,
    rowid         BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX invitations_by_assessment ON invitations (assessment, created_at);
CREATE INDEX invitations_due ON invitations (deadline) WHERE finished_at IS NULL AND revoked_at IS NULL;
CREATE TABLE attempt_drafts (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    problem    TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    code       TEXT NOT NULL,
    via        TEXT NOT NULL,
    saved_at   BIGINT NOT NULL,
    PRIMARY KEY (invitation, problem, seq)
);
CREATE TABLE audit (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assessment TEXT NOT NULL,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    invitation TEXT,
    detail     TEXT NOT NULL
);
CREATE INDEX audit_by_assessment ON audit (assessment, id);
