-- Groups orders by customer_id without dropping guest orders: the NULL group shows up.
WITH order_counts AS (
    SELECT customer_id, COUNT(*) AS order_count
    FROM orders
    GROUP BY customer_id
    HAVING COUNT(*) >= 2
)
SELECT oc.customer_id, c.name, oc.order_count
FROM order_counts AS oc
LEFT JOIN customer AS c ON c.id = oc.customer_id
ORDER BY oc.order_count DESC, oc.customer_id;
