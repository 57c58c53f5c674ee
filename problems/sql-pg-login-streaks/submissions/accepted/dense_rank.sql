-- DENSE_RANK numbers the distinct days, so several logins on one day need no DISTINCT.
WITH islands AS (
    SELECT user_id, logged_in_at::date AS day,
           logged_in_at::date - DENSE_RANK() OVER (PARTITION BY user_id ORDER BY logged_in_at::date)::int AS island
    FROM login
),
streaks AS (
    SELECT user_id, MIN(day) AS streak_start, MAX(day) AS streak_end,
           MAX(day) - MIN(day) + 1 AS days,
           ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY MAX(day) - MIN(day) DESC, MIN(day)) AS pick
    FROM islands
    GROUP BY user_id, island
)
SELECT user_id, streak_start, streak_end, days
FROM streaks
WHERE pick = 1
ORDER BY user_id;
