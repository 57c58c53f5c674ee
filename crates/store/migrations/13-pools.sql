-- Version 13: what each candidate's attempt got in each slot of its assessment, fixed when they
-- press Start: the problem (a pool's member drawn for them, or the slot's one problem) and, for a
-- problem whose generator makes per-candidate variants, the seed of their variant (derived from
-- the invitation and the slot, never from the clock). Read by the attempt, its submissions'
-- judging (regrades too), the report, the export and the similarity; never changed after.
CREATE TABLE attempt_problems (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    slot       INTEGER NOT NULL,
    problem    TEXT NOT NULL,
    seed       INTEGER,
    PRIMARY KEY (invitation, slot)
);
-- A claimed submission finds its seed by the attempt and the problem.
CREATE UNIQUE INDEX attempt_problems_by_problem ON attempt_problems (invitation, problem);
