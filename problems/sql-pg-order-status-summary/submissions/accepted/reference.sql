SELECT c.id AS customer_id, c.name,
       COUNT(*) AS orders,
       COUNT(*) FILTER (WHERE o.status = 'delivered') AS delivered,
       COUNT(*) FILTER (WHERE o.status = 'cancelled') AS cancelled,
       COALESCE(SUM(o.amount) FILTER (WHERE o.status = 'delivered'), 0) AS delivered_revenue
FROM customer AS c
JOIN orders AS o ON o.customer_id = c.id
-- c.id is customer's primary key, so PostgreSQL lets c.name follow it without grouping.
GROUP BY c.id;
