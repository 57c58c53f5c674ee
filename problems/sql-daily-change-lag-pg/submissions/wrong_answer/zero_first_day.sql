-- Turns the first day's missing change into 0 instead of leaving it NULL.
WITH daily AS (
    SELECT day, SUM(amount) AS total
    FROM sale
    GROUP BY day
)
SELECT day, total, COALESCE(total - LAG(total) OVER (ORDER BY day), 0) AS change
FROM daily
ORDER BY day DESC;
