-- The day the trial ends, minus (ISO day of the week - 1) days, is that week's Monday.
SELECT ends_on - (extract(isodow FROM ends_on)::int - 1) AS week_start, COUNT(*) AS trials_ending
FROM (SELECT created_at::date + trial_days AS ends_on FROM account) AS t
GROUP BY 1
ORDER BY 1;
