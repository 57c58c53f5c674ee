WITH trial AS (
    SELECT created_at + make_interval(days => trial_days) AS ends_at
    FROM account
)
SELECT CAST(date_trunc('week', ends_at) AS date) AS week_start, COUNT(*) AS trials_ending
FROM trial
GROUP BY date_trunc('week', ends_at)
ORDER BY week_start;
