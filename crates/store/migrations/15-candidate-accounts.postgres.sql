-- Version 15 on PostgreSQL: 15-candidate-accounts.sql in PostgreSQL's types; the email is
-- unique whatever its case through the `verdict_nocase` collation of version 2.
CREATE TABLE candidate_accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT COLLATE verdict_nocase NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    verified_at   BIGINT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX candidate_accounts_unverified ON candidate_accounts (created_at) WHERE verified_at IS NULL;
CREATE TABLE candidate_sessions (
    token_hash TEXT PRIMARY KEY,
    account    TEXT NOT NULL REFERENCES candidate_accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX candidate_sessions_by_account ON candidate_sessions (account);
CREATE TABLE candidate_links (
    token_hash TEXT PRIMARY KEY,
    account    TEXT NOT NULL REFERENCES candidate_accounts (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify', 'sign_in', 'reset')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX candidate_links_by_account ON candidate_links (account, purpose);
CREATE TABLE kept_drafts (
    account    TEXT NOT NULL REFERENCES candidate_accounts (id) ON DELETE CASCADE,
    problem    TEXT NOT NULL,
    code       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    kept_at    BIGINT NOT NULL,
    rowid      BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX kept_drafts_by_account ON kept_drafts (account, kept_at);
