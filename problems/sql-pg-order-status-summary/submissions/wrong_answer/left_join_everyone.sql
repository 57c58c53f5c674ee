-- LEFT JOIN keeps the customers who never ordered (with an order count of 0).
SELECT c.id AS customer_id, c.name,
       COUNT(o.id) AS orders,
       COUNT(*) FILTER (WHERE o.status = 'delivered') AS delivered,
       COUNT(*) FILTER (WHERE o.status = 'cancelled') AS cancelled,
       COALESCE(SUM(o.amount) FILTER (WHERE o.status = 'delivered'), 0) AS delivered_revenue
FROM customer AS c
LEFT JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id, c.name;
