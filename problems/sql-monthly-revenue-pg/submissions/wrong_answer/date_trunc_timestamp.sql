-- date_trunc groups right, but returns a timestamp ('2024-01-01 00:00:00'), not 'YYYY-MM'.
SELECT date_trunc('month', ordered_at) AS month, SUM(amount) AS revenue
FROM orders
GROUP BY 1
ORDER BY 1;
