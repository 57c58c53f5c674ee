-- Previous minus current: the sign is the wrong way round.
WITH daily AS (
    SELECT day, SUM(amount) AS total
    FROM sale
    GROUP BY day
)
SELECT day, total, LAG(total) OVER (ORDER BY day) - total AS change
FROM daily
ORDER BY day DESC;
