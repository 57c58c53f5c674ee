-- extract(dow ...) counts from Sunday (0): these weeks start on Sunday.
SELECT ends_on - extract(dow FROM ends_on)::int AS week_start, COUNT(*) AS trials_ending
FROM (SELECT created_at::date + trial_days AS ends_on FROM account) AS t
GROUP BY 1
ORDER BY 1;
