-- Version 8: mail. The outbox holds anything delivered later (mail now, webhooks next): each
-- row is stored in the transaction of the change that caused it, claimed by one node under a
-- lease, and ends `sent` or `failed`. `secret` holds what must not outlive delivery (a
-- candidate's link, a reset link) and is cleared when the row leaves `pending`.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    team            TEXT,
    recipient       TEXT NOT NULL,
    payload         TEXT NOT NULL,
    secret          TEXT,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_token     TEXT,
    lease_until     INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_pending_by_team ON outbox (team) WHERE status = 'pending';
-- Ended messages by age, for the claim that deletes them after KEEP_ENDED_MS.
CREATE INDEX outbox_ended ON outbox (created_at) WHERE status <> 'pending';
-- A team's own wording of a message kind; a kind without a row uses the default.
CREATE TABLE mail_templates (
    team       TEXT NOT NULL REFERENCES teams (id),
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    text       TEXT NOT NULL,
    html       TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (team, kind)
);
-- One-time password reset tokens, kept as hashes.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX password_resets_by_user ON password_resets (user);
-- When the reminder before the window closes was queued (once per invitation).
ALTER TABLE invitations ADD COLUMN reminded_at INTEGER;
