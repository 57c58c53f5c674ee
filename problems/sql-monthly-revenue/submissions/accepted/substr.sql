SELECT substr(ordered_at, 1, 7) AS month, SUM(amount) AS revenue
FROM orders
GROUP BY substr(ordered_at, 1, 7)
ORDER BY 1;
