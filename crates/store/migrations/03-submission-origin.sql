-- Version 3: a submission's origin (candidate, or the system at Finish or the deadline), why
-- judging stopped early, and the `cancelled` state. SQLite cannot change a CHECK in place, so
-- the table is rebuilt with its rowids (which order a candidate's submissions); the rebuild
-- needs foreign keys off (SQLite's documented way), which the store sees to before migrating.
CREATE TABLE submissions_v3 (
    id            TEXT PRIMARY KEY,
    candidate     TEXT NOT NULL,
    problem       TEXT NOT NULL,
    code          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'finished', 'failed', 'cancelled')),
    verdict       TEXT,
    score         REAL,
    compile_error TEXT,
    error         TEXT,
    created_at    INTEGER NOT NULL,
    finished_at   INTEGER,
    origin        TEXT NOT NULL DEFAULT 'candidate' CHECK (origin IN ('candidate', 'finish', 'deadline')),
    stopped       TEXT CHECK (stopped IN ('first_failure', 'cancelled')),
    not_run       INTEGER NOT NULL DEFAULT 0
);
INSERT INTO submissions_v3 (rowid, id, candidate, problem, code, state, verdict, score, compile_error, error,
                            created_at, finished_at)
    SELECT rowid, id, candidate, problem, code, state, verdict, score, compile_error, error, created_at, finished_at
    FROM submissions;
DROP TABLE submissions;
ALTER TABLE submissions_v3 RENAME TO submissions;
CREATE INDEX submissions_by_candidate ON submissions (candidate, problem, created_at);
CREATE INDEX submissions_unfinished ON submissions (created_at) WHERE state IN ('queued', 'running');
UPDATE submissions SET origin = 'finish' WHERE id IN
    (SELECT json_extract(a.detail, '$.submission') FROM audit a
     JOIN invitations i ON i.id = a.invitation
     WHERE a.action = 'last_draft_submitted' AND i.finish_reason IS NOT 'deadline');
UPDATE submissions SET origin = 'deadline' WHERE id IN
    (SELECT json_extract(a.detail, '$.submission') FROM audit a
     JOIN invitations i ON i.id = a.invitation
     WHERE a.action = 'last_draft_submitted' AND i.finish_reason = 'deadline');
