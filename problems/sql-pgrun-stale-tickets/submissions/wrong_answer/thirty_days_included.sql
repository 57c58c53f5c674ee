-- Exactly 30 days counts as stale.
UPDATE ticket
SET status = 'stale', closed_at = last_activity + interval '30 days'
WHERE status IN ('open', 'pending')
  AND last_activity <= timestamp '2024-05-31 12:00:00' - interval '30 days';
