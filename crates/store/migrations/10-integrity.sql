-- Version 9: integrity signals. What an attempt's page reports of the candidate's activity (a
-- paste and its size, the page losing and regaining focus) and what the server itself sees (a
-- run), in order, at most MAX_ATTEMPT_EVENTS per attempt (crates/store/src/activity.rs); and
-- the editor's changes as batches of deltas (keystroke playback), at most MAX_RECORDING_BYTES
-- per attempt and problem, past which the recording is marked cut and only the autosave
-- revisions go on. The pasted text itself is never stored here (only in the deltas, as code).
CREATE TABLE attempt_events (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    seq        INTEGER NOT NULL,
    problem    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    at         INTEGER NOT NULL,
    chars      INTEGER,
    PRIMARY KEY (invitation, seq)
);
CREATE TABLE attempt_recordings (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    problem    TEXT NOT NULL,
    bytes      INTEGER NOT NULL DEFAULT 0,
    cut        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (invitation, problem)
);
CREATE TABLE attempt_deltas (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    problem    TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    PRIMARY KEY (invitation, problem, seq)
);
-- The team's attempts at a problem across assessments, newest first (similarity across them).
CREATE INDEX invitations_by_start ON invitations (started_at) WHERE started_at IS NOT NULL;
