-- Groups the sales by day: the days without sales are still missing.
SELECT sold_at::date AS day, COUNT(*) AS sales, SUM(amount) AS revenue
FROM sale
GROUP BY 1
ORDER BY 1;
