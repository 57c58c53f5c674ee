WITH days AS (
    SELECT DISTINCT user_id, logged_in_at::date AS day
    FROM login
),
islands AS (
    -- consecutive days minus their position in the user's list give the same date
    SELECT user_id, day, day - ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY day)::int AS island
    FROM days
),
streaks AS (
    SELECT user_id, MIN(day) AS streak_start, MAX(day) AS streak_end, COUNT(*) AS days
    FROM islands
    GROUP BY user_id, island
)
SELECT DISTINCT ON (user_id) user_id, streak_start, streak_end, days
FROM streaks
ORDER BY user_id, days DESC, streak_start;
