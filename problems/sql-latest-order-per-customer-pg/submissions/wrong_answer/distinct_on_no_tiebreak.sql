-- DISTINCT ON keeps the first row of each customer, but with no tie-breaker on the date any of
-- that day's orders can come first.
SELECT customer_id, order_id, order_date, amount
FROM (
    SELECT DISTINCT ON (customer_id) customer_id, id AS order_id, order_date, amount
    FROM orders
    ORDER BY customer_id, order_date DESC
) AS latest
ORDER BY order_date DESC, customer_id;
