SELECT id AS order_id, name AS customer, amount
FROM orders
NATURAL JOIN customer;
