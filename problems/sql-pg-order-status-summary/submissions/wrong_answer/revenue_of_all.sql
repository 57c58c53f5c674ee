-- Sums every order's amount, cancelled ones included.
SELECT c.id AS customer_id, c.name,
       COUNT(*) AS orders,
       COUNT(*) FILTER (WHERE o.status = 'delivered') AS delivered,
       COUNT(*) FILTER (WHERE o.status = 'cancelled') AS cancelled,
       SUM(o.amount) AS delivered_revenue
FROM customer AS c
JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id, c.name;
