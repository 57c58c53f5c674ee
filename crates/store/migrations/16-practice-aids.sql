-- Version 15: what a practice candidate asked of a problem's learning aids (issue 22, item 2):
-- how many of its hints they revealed and whether they asked for its write-up after trying.
-- One row per practice owner and problem; `hints_revealed` never passes the problem's hint
-- count (at most 5: crates/catalog/src/aids.rs), and the server only writes rows for problems
-- of its catalogue, so the table is bounded by owners times problems. Assessment attempts never
-- have rows: the aids are practice only. Moved to another owner with the rest of a practice
-- owner's rows (an anonymous candidate who signs up).
CREATE TABLE practice_aids (
    candidate      TEXT NOT NULL,
    problem        TEXT NOT NULL,
    hints_revealed INTEGER NOT NULL DEFAULT 0 CHECK (hints_revealed >= 0),
    writeup_asked  INTEGER NOT NULL DEFAULT 0 CHECK (writeup_asked IN (0, 1)),
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (candidate, problem)
);
