-- DISTINCT ON keeps the FIRST row of each group in ORDER BY order: ascending dates keep the
-- oldest order.
SELECT customer_id, order_id, order_date, amount
FROM (
    SELECT DISTINCT ON (customer_id) customer_id, id AS order_id, order_date, amount
    FROM orders
    ORDER BY customer_id, order_date, id
) AS latest
ORDER BY order_date DESC, customer_id;
