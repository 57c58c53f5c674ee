-- Version 8 on PostgreSQL: 08-mail.sql in PostgreSQL's types.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    team            TEXT,
    recipient       TEXT NOT NULL,
    payload         TEXT NOT NULL,
    secret          TEXT,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_token     TEXT,
    lease_until     BIGINT,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_pending_by_team ON outbox (team) WHERE status = 'pending';
-- Ended messages by age, for the claim that deletes them after KEEP_ENDED_MS.
CREATE INDEX outbox_ended ON outbox (created_at) WHERE status <> 'pending';
CREATE TABLE mail_templates (
    team       TEXT NOT NULL REFERENCES teams (id),
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    text       TEXT NOT NULL,
    html       TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (team, kind)
);
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    "user"     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX password_resets_by_user ON password_resets ("user");
ALTER TABLE invitations ADD COLUMN reminded_at BIGINT;
