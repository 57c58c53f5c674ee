-- COUNT skips NULLs; NULLIF turns every other status into one.
SELECT c.id AS customer_id, c.name,
       COUNT(o.id) AS orders,
       COUNT(NULLIF(o.status = 'delivered', false)) AS delivered,
       COUNT(NULLIF(o.status = 'cancelled', false)) AS cancelled,
       COALESCE(SUM(o.amount) FILTER (WHERE o.status = 'delivered'), 0) AS delivered_revenue
FROM customer AS c
JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id;
