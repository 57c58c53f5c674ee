SELECT o.id AS order_id, c.name AS customer, o.amount
FROM orders AS o
JOIN customer AS c ON c.id = o.id;
