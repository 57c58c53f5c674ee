-- Groups by name (PostgreSQL insists the id be aggregated then): customers sharing a name merge.
SELECT MIN(c.id) AS id, c.name
FROM customer AS c
JOIN orders AS o ON o.customer_id = c.id
WHERE o.amount > 500
GROUP BY c.name;
