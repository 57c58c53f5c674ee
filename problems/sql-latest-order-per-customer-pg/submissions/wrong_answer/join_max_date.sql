-- Joins back on the latest date: a customer with two orders that day gets both.
SELECT o.customer_id, o.id AS order_id, o.order_date, o.amount
FROM orders AS o
JOIN (
    SELECT customer_id, MAX(order_date) AS last_date
    FROM orders
    GROUP BY customer_id
) AS m ON m.customer_id = o.customer_id AND m.last_date = o.order_date
ORDER BY o.order_date DESC, o.customer_id;
