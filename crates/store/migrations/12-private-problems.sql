-- Version 9: a team's private problems. Each upload (or edit in the browser) of a slug is a new
-- version; its package is kept by content hash in `packages` like the catalogue's, so any
-- worker judges it. `status` is `checking` while `verdict check`'s checks run, then `accepted`
-- (usable in the team's assessments) or `rejected` (kept only so the author sees `findings`,
-- a JSON list of {file, line, message}). A rejected version is deleted when the next version
-- of its slug is added: nothing refers to it.
CREATE TABLE private_problems (
    team       TEXT NOT NULL REFERENCES teams (id),
    slug       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    package    TEXT NOT NULL,
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    findings   TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    checked_at INTEGER,
    PRIMARY KEY (team, slug, version)
);
-- A rejected version's package is deleted once nothing names it: these find what does.
CREATE INDEX private_problems_by_package ON private_problems (package);
CREATE INDEX submissions_by_package ON submissions (package);
