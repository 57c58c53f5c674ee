-- WHERE drops the other orders before grouping: the counts are of delivered orders only, and
-- customers without a delivered order vanish.
SELECT c.id AS customer_id, c.name,
       COUNT(*) AS orders,
       COUNT(*) AS delivered,
       (SELECT COUNT(*) FROM orders AS x WHERE x.customer_id = c.id AND x.status = 'cancelled') AS cancelled,
       SUM(o.amount) AS delivered_revenue
FROM customer AS c
JOIN orders AS o ON o.customer_id = c.id
WHERE o.status = 'delivered'
GROUP BY c.id, c.name;
