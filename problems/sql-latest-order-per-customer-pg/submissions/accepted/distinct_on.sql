SELECT customer_id, order_id, order_date, amount
FROM (
    SELECT DISTINCT ON (customer_id) customer_id, id AS order_id, order_date, amount
    FROM orders
    ORDER BY customer_id, order_date DESC, id DESC
) AS latest
ORDER BY order_date DESC, customer_id;
