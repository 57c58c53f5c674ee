-- Version 9: the team's review of a candidate, and the runs behind the report's work figures.
-- Notes: free text by a team member (author kept by id and email, so a note outlives its
-- author's membership), edited or deleted by that author only; at most MAX_NOTES_PER_CANDIDATE
-- (crates/store/src/review.rs) per invitation. Scorecards: one per team member per invitation,
-- ratings as a JSON object (criterion -> 1..4; the criteria are the server's) and an overall
-- recommendation. Runs: how many times the candidate pressed Run on each problem of an attempt
-- (a run of unchanged code saves no draft revision, so revisions cannot count them); runs made
-- before this version are not counted.
CREATE TABLE review_notes (
    id           TEXT PRIMARY KEY,
    invitation   TEXT NOT NULL REFERENCES invitations (id),
    author       TEXT NOT NULL,
    author_email TEXT NOT NULL,
    text         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX review_notes_by_invitation ON review_notes (invitation, created_at);
CREATE TABLE scorecards (
    invitation     TEXT NOT NULL REFERENCES invitations (id),
    author         TEXT NOT NULL,
    author_email   TEXT NOT NULL,
    ratings        TEXT NOT NULL,
    recommendation TEXT NOT NULL CHECK (recommendation IN ('strong_no', 'no', 'yes', 'strong_yes')),
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (invitation, author)
);
CREATE TABLE attempt_runs (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    problem    TEXT NOT NULL,
    runs       INTEGER NOT NULL,
    PRIMARY KEY (invitation, problem)
);
