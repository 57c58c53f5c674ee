-- Version 3 on PostgreSQL: 03-submission-origin.sql. PostgreSQL changes a CHECK and adds
-- columns in place, so no rebuild; the table ends with the columns SQLite's rebuild gives it.
ALTER TABLE submissions DROP CONSTRAINT submissions_state_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_state_check
    CHECK (state IN ('queued', 'running', 'finished', 'failed', 'cancelled'));
ALTER TABLE submissions
    ADD COLUMN origin  TEXT NOT NULL DEFAULT 'candidate' CHECK (origin IN ('candidate', 'finish', 'deadline')),
    ADD COLUMN stopped TEXT CHECK (stopped IN ('first_failure', 'cancelled')),
    ADD COLUMN not_run BIGINT NOT NULL DEFAULT 0;
UPDATE submissions SET origin = 'finish' WHERE id IN
    (SELECT a.detail::jsonb ->> 'submission' FROM audit a
     JOIN invitations i ON i.id = a.invitation
     WHERE a.action = 'last_draft_submitted' AND i.finish_reason IS DISTINCT FROM 'deadline');
UPDATE submissions SET origin = 'deadline' WHERE id IN
    (SELECT a.detail::jsonb ->> 'submission' FROM audit a
     JOIN invitations i ON i.id = a.invitation
     WHERE a.action = 'last_draft_submitted' AND i.finish_reason = 'deadline');
