WITH daily AS (
    SELECT day, SUM(amount) AS total
    FROM sale
    GROUP BY day
)
SELECT day, total, total - LAG(total) OVER (ORDER BY day) AS change
FROM daily
ORDER BY day DESC;
