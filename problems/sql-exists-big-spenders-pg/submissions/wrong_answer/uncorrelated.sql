SELECT id, name
FROM customer
WHERE EXISTS (SELECT 1 FROM orders WHERE amount > 500);
