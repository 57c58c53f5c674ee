-- CROSS JOIN LATERAL drops the customers whose subquery finds no order.
SELECT c.id AS customer_id, c.name, o.id AS order_id, o.ordered_at, o.amount
FROM customer AS c
CROSS JOIN LATERAL (
    SELECT id, ordered_at, amount
    FROM orders
    WHERE orders.customer_id = c.id
    ORDER BY ordered_at DESC, id DESC
    LIMIT 2
) AS o
ORDER BY c.id, o.ordered_at DESC, o.id DESC;
