-- Version 14: submissions made through the Judge0 CE compatible API (`/api/judge0`, issue 23).
-- Each row is one program to run once with its stdin; any node that serves the Judge0 API
-- claims the oldest `queued` row (or a `running` one whose lease ran out) under a lease, as
-- the judging queue does, runs it in the sandbox and writes its result under the lease's token.
--
-- The store does not read `request` or `result`: they are the Judge0 crate's JSON. A row is
-- bounded at the HTTP edge (crates/judge0/src/limits.rs: source, stdin and expected output
-- caps; stdout and stderr kept at most 64 KiB each), rows waiting or running are at most
-- MAX_PENDING (refused with 503 past it) and finished ones are kept for a bounded time and
-- count (crates/store/src/judge0.rs), so the table stays small whatever visitors send.
-- `token` is a random UUID (version 4), the only handle a client gets.
CREATE TABLE judge0_submissions (
    token       TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done')),
    request     TEXT NOT NULL,
    result      TEXT,
    finished_at INTEGER,
    claimed_by  TEXT,
    lease_token TEXT,
    lease_until INTEGER
);
-- Claims take the oldest waiting first; the clean-up finds the oldest finished.
CREATE INDEX judge0_by_state ON judge0_submissions (state, created_at);
