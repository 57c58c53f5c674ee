SELECT id, name
FROM customer
WHERE name NOT IN (SELECT c.name FROM customer AS c JOIN orders AS o ON o.customer_id = c.id);
