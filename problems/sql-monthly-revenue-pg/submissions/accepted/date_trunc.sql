SELECT to_char(date_trunc('month', ordered_at), 'YYYY-MM') AS month, SUM(amount) AS revenue
FROM orders
GROUP BY date_trunc('month', ordered_at)
ORDER BY date_trunc('month', ordered_at);
