-- lag()'s third argument fills the first day's previous total with 0: its change becomes its
-- total instead of NULL.
WITH daily AS (
    SELECT day, SUM(amount) AS total
    FROM sale
    GROUP BY day
)
SELECT day, total, total - LAG(total, 1, 0::bigint) OVER (ORDER BY day) AS change
FROM daily
ORDER BY day DESC;
