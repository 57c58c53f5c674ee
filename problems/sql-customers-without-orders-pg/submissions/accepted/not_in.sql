SELECT id, name
FROM customer
WHERE id NOT IN (SELECT customer_id FROM orders);
