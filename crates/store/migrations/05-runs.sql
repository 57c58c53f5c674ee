-- Version 5: runs (a candidate's code on a problem's samples or on one input of their own) that
-- a serve node without workers (`verdict serve --workers 0`) leaves to the workers of other
-- nodes. The node stores the run, a worker of any node claims it under a lease (as a
-- submission), writes its report, and the node that waits takes the report and deletes the
-- row; a node that gives up deletes it too, and whoever claims deletes every row older than a
-- few minutes (a node that crashed while waiting leaves nothing behind for long).
--
-- A row is small and bounded at the HTTP edge: the code is at most 64 KiB (MAX_CODE_BYTES in
-- crates/server/src/extract.rs) and the whole request body, code and input together, at most
-- 256 KiB (MAX_BODY_BYTES there); the report holds the samples' results, each shown field cut to
-- 16 KiB (SHOWN_BYTES in crates/judge/src/clip.rs). `package` is the content hash of the
-- problem's package the node had (published in `packages` at its start); `input` is the parsed
-- custom input as JSON, NULL for the samples; `report` is NULL until the run is judged, then
-- its outcome as JSON ({"report": ...} or {"failed": "why"}).
CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    problem     TEXT NOT NULL,
    package     TEXT,
    code        TEXT NOT NULL,
    input       TEXT,
    created_at  INTEGER NOT NULL,
    claimed_by  TEXT,
    lease_token TEXT,
    lease_until INTEGER,
    report      TEXT
);
-- Claims take the oldest first; the clean-up finds the old ones.
CREATE INDEX runs_by_age ON runs (created_at);
