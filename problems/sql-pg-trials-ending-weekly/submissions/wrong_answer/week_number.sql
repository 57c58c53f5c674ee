-- Groups by the week's number: week 10 of 2024 and week 10 of 2025 are counted together.
SELECT MIN(date_trunc('week', created_at + trial_days * interval '1 day'))::date AS week_start,
       COUNT(*) AS trials_ending
FROM account
GROUP BY extract(week FROM created_at + trial_days * interval '1 day')
ORDER BY 1;
