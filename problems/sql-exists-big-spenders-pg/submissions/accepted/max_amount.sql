SELECT c.id, c.name
FROM customer AS c
JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id, c.name
HAVING MAX(o.amount) > 500;
