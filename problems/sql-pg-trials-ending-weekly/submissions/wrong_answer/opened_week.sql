-- Counts the week each account was opened, not the week its trial ends.
SELECT date_trunc('week', created_at)::date AS week_start, COUNT(*) AS trials_ending
FROM account
GROUP BY 1
ORDER BY 1;
