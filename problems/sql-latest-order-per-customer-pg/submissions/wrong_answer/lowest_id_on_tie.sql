-- Breaks a tie on the date the wrong way round (lowest id).
WITH numbered AS (
    SELECT id, customer_id, order_date, amount,
           ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_date DESC, id) AS rn
    FROM orders
)
SELECT customer_id, id AS order_id, order_date, amount
FROM numbered
WHERE rn = 1
ORDER BY order_date DESC, customer_id;
