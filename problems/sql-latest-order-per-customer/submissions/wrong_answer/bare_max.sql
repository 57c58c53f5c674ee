-- SQLite's bare columns with MAX(): right date, but any of the orders on that date.
SELECT customer_id, id AS order_id, MAX(order_date) AS order_date, amount
FROM orders
GROUP BY customer_id
ORDER BY order_date DESC, customer_id;
