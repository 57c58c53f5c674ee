-- A streak starts on a day whose previous login day is not the day before; a running count of
-- starts numbers the streaks.
WITH days AS (
    SELECT DISTINCT user_id, logged_in_at::date AS day FROM login
),
marked AS (
    SELECT user_id, day,
           CASE WHEN LAG(day) OVER (PARTITION BY user_id ORDER BY day) = day - 1 THEN 0 ELSE 1 END AS starts
    FROM days
),
numbered AS (
    SELECT user_id, day, SUM(starts) OVER (PARTITION BY user_id ORDER BY day) AS streak
    FROM marked
),
streaks AS (
    SELECT user_id, MIN(day) AS streak_start, MAX(day) AS streak_end, COUNT(*) AS days
    FROM numbered
    GROUP BY user_id, streak
)
SELECT s.user_id, s.streak_start, s.streak_end, s.days
FROM streaks AS s
WHERE NOT EXISTS (
    SELECT 1 FROM streaks AS t
    WHERE t.user_id = s.user_id
      AND (t.days > s.days OR (t.days = s.days AND t.streak_start < s.streak_start))
)
ORDER BY s.user_id;
