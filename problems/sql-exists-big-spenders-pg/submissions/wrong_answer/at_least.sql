SELECT c.id, c.name
FROM customer AS c
WHERE EXISTS (SELECT 1 FROM orders AS o WHERE o.customer_id = c.id AND o.amount >= 500);
