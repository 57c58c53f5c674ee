SELECT strftime('%Y-%m', ordered_at) AS month, SUM(amount) AS revenue
FROM orders
GROUP BY month
ORDER BY revenue;
