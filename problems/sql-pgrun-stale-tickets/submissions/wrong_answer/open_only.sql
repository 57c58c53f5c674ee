-- Pending tickets are left alone.
UPDATE ticket
SET status = 'stale', closed_at = last_activity + interval '30 days'
WHERE status = 'open'
  AND last_activity < timestamp '2024-05-31 12:00:00' - interval '30 days';
