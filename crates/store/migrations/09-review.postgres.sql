-- Version 9 on PostgreSQL: 09-review.sql in PostgreSQL's types.
CREATE TABLE review_notes (
    id           TEXT PRIMARY KEY,
    invitation   TEXT NOT NULL REFERENCES invitations (id),
    author       TEXT NOT NULL,
    author_email TEXT NOT NULL,
    text         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX review_notes_by_invitation ON review_notes (invitation, created_at);
CREATE TABLE scorecards (
    invitation     TEXT NOT NULL REFERENCES invitations (id),
    author         TEXT NOT NULL,
    author_email   TEXT NOT NULL,
    ratings        TEXT NOT NULL,
    recommendation TEXT NOT NULL CHECK (recommendation IN ('strong_no', 'no', 'yes', 'strong_yes')),
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (invitation, author)
);
CREATE TABLE attempt_runs (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    problem    TEXT NOT NULL,
    runs       BIGINT NOT NULL,
    PRIMARY KEY (invitation, problem)
);
