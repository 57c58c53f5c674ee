-- A month is not 30 days: May 31 minus a month is April 30.
UPDATE ticket
SET status = 'stale', closed_at = last_activity + interval '1 month'
WHERE status IN ('open', 'pending')
  AND last_activity < timestamp '2024-05-31 12:00:00' - interval '1 month';
