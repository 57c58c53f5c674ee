WITH bounds AS (
    SELECT MIN(sold_at)::date AS first_day, MAX(sold_at)::date AS last_day
    FROM sale
),
days AS (
    SELECT generate_series(first_day, last_day, interval '1 day')::date AS day
    FROM bounds
)
SELECT d.day, COUNT(s.id) AS sales, COALESCE(SUM(s.amount), 0) AS revenue
FROM days AS d
LEFT JOIN sale AS s ON s.sold_at::date = d.day
GROUP BY d.day
ORDER BY d.day;
