-- Every customer with their (at most) two latest orders.
SELECT c.id AS customer_id, c.name
FROM customer AS c;
