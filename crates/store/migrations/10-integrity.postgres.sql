-- Version 9 on PostgreSQL: 09-integrity.sql in PostgreSQL's types.
CREATE TABLE attempt_events (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    seq        BIGINT NOT NULL,
    problem    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    at         BIGINT NOT NULL,
    chars      BIGINT,
    PRIMARY KEY (invitation, seq)
);
CREATE TABLE attempt_recordings (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    problem    TEXT NOT NULL,
    bytes      BIGINT NOT NULL DEFAULT 0,
    cut        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (invitation, problem)
);
CREATE TABLE attempt_deltas (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    problem    TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    payload    TEXT NOT NULL,
    PRIMARY KEY (invitation, problem, seq)
);
CREATE INDEX invitations_by_start ON invitations (started_at) WHERE started_at IS NOT NULL;
