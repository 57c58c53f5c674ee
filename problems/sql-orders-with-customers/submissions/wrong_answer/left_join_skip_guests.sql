SELECT o.id AS order_id, c.name AS customer, o.amount
FROM orders AS o
LEFT JOIN customer AS c ON c.id = o.customer_id
WHERE o.customer_id IS NOT NULL;
