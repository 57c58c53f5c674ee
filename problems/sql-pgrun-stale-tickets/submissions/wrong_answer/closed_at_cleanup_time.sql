-- closed_at is the clean-up's time, not 30 days after the last activity.
UPDATE ticket
SET status = 'stale', closed_at = timestamp '2024-05-31 12:00:00'
WHERE status IN ('open', 'pending')
  AND last_activity < timestamp '2024-05-31 12:00:00' - interval '30 days';
