-- ROW_NUMBER over every login: two logins on one day break the arithmetic.
WITH islands AS (
    SELECT user_id, logged_in_at::date AS day,
           logged_in_at::date - ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY logged_in_at)::int AS island
    FROM login
),
streaks AS (
    SELECT user_id, MIN(day) AS streak_start, MAX(day) AS streak_end, COUNT(DISTINCT day) AS days
    FROM islands
    GROUP BY user_id, island
)
SELECT DISTINCT ON (user_id) user_id, streak_start, streak_end, days
FROM streaks
ORDER BY user_id, days DESC, streak_start;
