-- Version 6: roles. Every member has one: admin (everything, the team and its tokens included),
-- interviewer (assessments and invitations) or reviewer (reads, changes nothing). Members made
-- before roles existed could do everything, so they are admins. An API token may act with a
-- lower role than its creator's (role NULL: the creator's role, whatever it is at the time).
-- The team's own changes (members, roles, tokens) have an audit log of their own, as each
-- assessment has.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'admin'
    CHECK (role IN ('admin', 'interviewer', 'reviewer'));
ALTER TABLE api_tokens ADD COLUMN role TEXT CHECK (role IN ('admin', 'interviewer', 'reviewer'));
CREATE INDEX users_by_team ON users (team, created_at);
CREATE TABLE team_audit (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    team   TEXT NOT NULL,
    at     INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX team_audit_by_team ON team_audit (team, id);
