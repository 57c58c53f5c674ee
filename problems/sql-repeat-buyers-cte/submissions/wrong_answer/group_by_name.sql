-- Counts per name: two customers with the same name are merged.
WITH order_counts AS (
    SELECT MIN(c.id) AS customer_id, c.name, COUNT(*) AS order_count
    FROM orders AS o
    JOIN customer AS c ON c.id = o.customer_id
    GROUP BY c.name
    HAVING COUNT(*) >= 2
)
SELECT customer_id, name, order_count
FROM order_counts
ORDER BY order_count DESC, customer_id;
