-- Version 9 on PostgreSQL: 09-private-problems.sql in PostgreSQL's types.
CREATE TABLE private_problems (
    team       TEXT NOT NULL REFERENCES teams (id),
    slug       TEXT NOT NULL,
    version    BIGINT NOT NULL,
    package    TEXT NOT NULL,
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    findings   TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    checked_at BIGINT,
    PRIMARY KEY (team, slug, version)
);
-- A rejected version's package is deleted once nothing names it: these find what does.
CREATE INDEX private_problems_by_package ON private_problems (package);
CREATE INDEX submissions_by_package ON submissions (package);
