SELECT DISTINCT c.id, c.name
FROM customer AS c
JOIN orders AS o ON o.customer_id <> c.id;
