WITH days AS (
    SELECT DISTINCT user_id, logged_in_at::date AS day
    FROM login
),
islands AS (
    SELECT user_id, day, day - ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY day)::int AS island
    FROM days
),
streaks AS (
    SELECT user_id, MIN(day) AS streak_start, MAX(day) AS streak_end, COUNT(*) AS days,
           ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY COUNT(*) DESC, MIN(day)) AS pick
    FROM islands
    GROUP BY user_id, island
)
SELECT user_id, streak_start, streak_end, days
FROM streaks
WHERE pick = 1;
