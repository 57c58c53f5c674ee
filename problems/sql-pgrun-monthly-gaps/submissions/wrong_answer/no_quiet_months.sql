-- Only the months that had orders.
SELECT date_trunc('month', placed_at)::date AS month, count(*) AS orders, sum(amount) AS revenue
FROM orders
GROUP BY 1
ORDER BY 1;
