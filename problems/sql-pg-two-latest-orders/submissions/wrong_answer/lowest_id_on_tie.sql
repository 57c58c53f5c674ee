-- Breaks ties on the time with the lower id.
SELECT c.id AS customer_id, c.name, o.id AS order_id, o.ordered_at, o.amount
FROM customer AS c
LEFT JOIN LATERAL (
    SELECT id, ordered_at, amount
    FROM orders
    WHERE orders.customer_id = c.id
    ORDER BY ordered_at DESC, id
    LIMIT 2
) AS o ON true
ORDER BY c.id, o.ordered_at DESC, o.id;
