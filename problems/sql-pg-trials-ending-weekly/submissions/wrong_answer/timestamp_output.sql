-- date_trunc returns a timestamp: '2024-01-15 00:00:00', not the date '2024-01-15'.
SELECT date_trunc('week', created_at + trial_days * interval '1 day') AS week_start,
       COUNT(*) AS trials_ending
FROM account
GROUP BY 1
ORDER BY 1;
