-- Version 9: webhooks. A team's endpoints (the URL, the events it wants, on or off, and the
-- signing secret, kept because every delivery is signed with it; the API shows it only when it
-- is made). Deliveries are outbox rows of kind `webhook` whose recipient is the endpoint's id
-- and whose payload is the event; each try of one is kept in webhook_tries with its answer.
CREATE TABLE webhook_endpoints (
    id         TEXT PRIMARY KEY,
    team       TEXT NOT NULL REFERENCES teams (id),
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,
    enabled    INTEGER NOT NULL,
    secret     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_by_team ON webhook_endpoints (team);
CREATE TABLE webhook_tries (
    delivery    TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    status      INTEGER,
    error       TEXT,
    body        TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    PRIMARY KEY (delivery, seq)
);
-- A team's deliveries, newest first, for the list it reads.
CREATE INDEX outbox_webhooks_by_team ON outbox (team, created_at) WHERE kind = 'webhook';
-- When every submission of a finished attempt had been judged (attempt.graded went out).
ALTER TABLE invitations ADD COLUMN graded_at INTEGER;
