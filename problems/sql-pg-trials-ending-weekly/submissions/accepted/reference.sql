SELECT date_trunc('week', created_at + trial_days * interval '1 day')::date AS week_start,
       COUNT(*) AS trials_ending
FROM account
GROUP BY 1
ORDER BY 1;
