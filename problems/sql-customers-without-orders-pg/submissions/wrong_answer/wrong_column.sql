SELECT id, name
FROM customer
WHERE id NOT IN (SELECT id FROM orders);
