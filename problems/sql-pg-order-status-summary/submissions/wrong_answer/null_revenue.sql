-- SUM over no rows is NULL: a customer without delivered orders gets NULL, not 0.
SELECT c.id AS customer_id, c.name,
       COUNT(*) AS orders,
       COUNT(*) FILTER (WHERE o.status = 'delivered') AS delivered,
       COUNT(*) FILTER (WHERE o.status = 'cancelled') AS cancelled,
       SUM(o.amount) FILTER (WHERE o.status = 'delivered') AS delivered_revenue
FROM customer AS c
JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id, c.name;
