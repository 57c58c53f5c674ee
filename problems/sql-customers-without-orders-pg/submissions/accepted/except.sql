SELECT id, name FROM customer
EXCEPT ALL
SELECT c.id, c.name
FROM customer AS c
JOIN orders AS o ON o.customer_id = c.id;
