-- Compares with the calendar day before: wrong after a closed day.
WITH daily AS (
    SELECT day, SUM(amount) AS total
    FROM sale
    GROUP BY day
)
SELECT d.day, d.total, d.total - p.total AS change
FROM daily AS d
LEFT JOIN daily AS p ON p.day = date(d.day, '-1 day')
ORDER BY d.day DESC;
