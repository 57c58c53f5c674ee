SELECT id, name
FROM customer
WHERE id IN (SELECT customer_id FROM orders WHERE amount > 500);
