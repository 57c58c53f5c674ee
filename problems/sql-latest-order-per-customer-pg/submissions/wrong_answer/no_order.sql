-- The right orders (no later order of the same customer exists), in no fixed order.
SELECT o.customer_id, o.id AS order_id, o.order_date, o.amount
FROM orders AS o
WHERE NOT EXISTS (
    SELECT 1
    FROM orders AS later
    WHERE later.customer_id = o.customer_id
      AND (later.order_date > o.order_date
           OR (later.order_date = o.order_date AND later.id > o.id))
);
