SELECT strftime('%Y-%M', ordered_at) AS month, SUM(amount) AS revenue
FROM orders
GROUP BY month
ORDER BY month;
