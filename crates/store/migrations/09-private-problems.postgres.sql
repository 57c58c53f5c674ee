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
