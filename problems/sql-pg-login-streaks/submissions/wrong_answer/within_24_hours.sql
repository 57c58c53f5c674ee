-- Continues a streak when the previous login was at most 24 hours before: that is not the same
-- as the day before (23:00, then 23:30 the next day, is more than 24 hours).
WITH marked AS (
    SELECT user_id, logged_in_at,
           CASE WHEN LAG(logged_in_at) OVER (PARTITION BY user_id ORDER BY logged_in_at)
                     >= logged_in_at - interval '24 hours' THEN 0 ELSE 1 END AS starts
    FROM login
),
numbered AS (
    SELECT user_id, logged_in_at::date AS day,
           SUM(starts) OVER (PARTITION BY user_id ORDER BY logged_in_at) AS streak
    FROM marked
),
streaks AS (
    SELECT user_id, MIN(day) AS streak_start, MAX(day) AS streak_end, COUNT(DISTINCT day) AS days
    FROM numbered
    GROUP BY user_id, streak
)
SELECT DISTINCT ON (user_id) user_id, streak_start, streak_end, days
FROM streaks
ORDER BY user_id, days DESC, streak_start;
