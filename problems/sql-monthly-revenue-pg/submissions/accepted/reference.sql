SELECT to_char(ordered_at, 'YYYY-MM') AS month, SUM(amount) AS revenue
FROM orders
GROUP BY month
ORDER BY month;
