-- Version 15: candidates' own accounts (issue 22), apart from team members. An account owns
-- practice work under the owner `account:<id>` in the `candidate` columns of submissions and
-- drafts, a namespace no anonymous cookie (32 hex digits) can name. Tokens are kept as their
-- SHA-256 only: sessions, and one-time links (verify the address, sign in, reset the password).
CREATE TABLE candidate_accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    -- NULL until the address is proven by a mailed link (or a reset); without mail, set at
    -- sign-up. An unverified account cannot sign in and owns nothing.
    verified_at   INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX candidate_accounts_unverified ON candidate_accounts (created_at) WHERE verified_at IS NULL;
CREATE TABLE candidate_sessions (
    token_hash TEXT PRIMARY KEY,
    account    TEXT NOT NULL REFERENCES candidate_accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX candidate_sessions_by_account ON candidate_sessions (account);
CREATE TABLE candidate_links (
    token_hash TEXT PRIMARY KEY,
    account    TEXT NOT NULL REFERENCES candidate_accounts (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify', 'sign_in', 'reset')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX candidate_links_by_account ON candidate_links (account, purpose);
-- Drafts set aside when merging anonymous work met a draft of the account for the same
-- problem: the older of the two, kept so that nothing is lost.
CREATE TABLE kept_drafts (
    account    TEXT NOT NULL REFERENCES candidate_accounts (id) ON DELETE CASCADE,
    problem    TEXT NOT NULL,
    code       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    kept_at    INTEGER NOT NULL
);
CREATE INDEX kept_drafts_by_account ON kept_drafts (account, kept_at);
