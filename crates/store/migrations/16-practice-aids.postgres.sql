-- Version 15 on PostgreSQL: 15-practice-aids.sql in PostgreSQL's types (BIGINT for SQLite's
-- INTEGER time).
CREATE TABLE practice_aids (
    candidate      TEXT NOT NULL,
    problem        TEXT NOT NULL,
    hints_revealed INTEGER NOT NULL DEFAULT 0 CHECK (hints_revealed >= 0),
    writeup_asked  INTEGER NOT NULL DEFAULT 0 CHECK (writeup_asked IN (0, 1)),
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (candidate, problem)
);
