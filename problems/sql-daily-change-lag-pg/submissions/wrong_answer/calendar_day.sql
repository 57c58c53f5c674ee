-- Compares with the calendar day before (date - 1): wrong after a closed day.
WITH daily AS (
    SELECT day, SUM(amount) AS total
    FROM sale
    GROUP BY day
)
SELECT d.day, d.total, d.total - p.total AS change
FROM daily AS d
LEFT JOIN daily AS p ON p.day = d.day - 1
ORDER BY d.day DESC;
