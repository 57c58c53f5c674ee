-- The rank filter in WHERE runs after the LEFT JOIN: customers without orders have a NULL rank
-- and are dropped.
WITH ranked AS (
    SELECT id, customer_id, ordered_at, amount,
           ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ordered_at DESC, id DESC) AS rn
    FROM orders
)
SELECT c.id AS customer_id, c.name, r.id AS order_id, r.ordered_at, r.amount
FROM customer AS c
LEFT JOIN ranked AS r ON r.customer_id = c.id
WHERE r.rn <= 2
ORDER BY c.id, r.rn;
