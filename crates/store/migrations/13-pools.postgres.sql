-- Version 13 on PostgreSQL: 13-pools.sql in PostgreSQL's types.
CREATE TABLE attempt_problems (
    invitation TEXT NOT NULL REFERENCES invitations (id),
    slot       BIGINT NOT NULL,
    problem    TEXT NOT NULL,
    seed       BIGINT,
    PRIMARY KEY (invitation, slot)
);
-- A claimed submission finds its seed by the attempt and the problem.
CREATE UNIQUE INDEX attempt_problems_by_problem ON attempt_problems (invitation, problem);
