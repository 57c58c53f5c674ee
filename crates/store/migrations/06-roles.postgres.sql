-- Version 6 on PostgreSQL: 06-roles.sql with PostgreSQL's identity column.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'admin'
    CHECK (role IN ('admin', 'interviewer', 'reviewer'));
ALTER TABLE api_tokens ADD COLUMN role TEXT CHECK (role IN ('admin', 'interviewer', 'reviewer'));
CREATE INDEX users_by_team ON users (team, created_at);
CREATE TABLE team_audit (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team   TEXT NOT NULL,
    at     BIGINT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX team_audit_by_team ON team_audit (team, id);
