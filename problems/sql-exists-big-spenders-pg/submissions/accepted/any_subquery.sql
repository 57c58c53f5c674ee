SELECT id, name
FROM customer
WHERE id = ANY (SELECT customer_id FROM orders WHERE amount > 500);
