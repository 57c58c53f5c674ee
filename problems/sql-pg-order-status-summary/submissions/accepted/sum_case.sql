SELECT o.customer_id, c.name,
       COUNT(*) AS orders,
       SUM(CASE WHEN o.status = 'delivered' THEN 1 ELSE 0 END) AS delivered,
       SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
       SUM(CASE WHEN o.status = 'delivered' THEN o.amount ELSE 0 END) AS delivered_revenue
FROM orders AS o
JOIN customer AS c ON c.id = o.customer_id
GROUP BY o.customer_id, c.name;
