-- Version 9 on PostgreSQL: 09-webhooks.sql in PostgreSQL's types.
CREATE TABLE webhook_endpoints (
    id         TEXT PRIMARY KEY,
    team       TEXT NOT NULL REFERENCES teams (id),
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,
    enabled    BOOLEAN NOT NULL,
    secret     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_by_team ON webhook_endpoints (team);
CREATE TABLE webhook_tries (
    delivery    TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    status      BIGINT,
    error       TEXT,
    body        TEXT NOT NULL,
    duration_ms BIGINT NOT NULL,
    PRIMARY KEY (delivery, seq)
);
CREATE INDEX outbox_webhooks_by_team ON outbox (team, created_at) WHERE kind = 'webhook';
ALTER TABLE invitations ADD COLUMN graded_at BIGINT;
