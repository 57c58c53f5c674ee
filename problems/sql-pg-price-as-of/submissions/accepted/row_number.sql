WITH ranked AS (
    SELECT product_id, price, changed_at,
           ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY changed_at DESC) AS rn
    FROM price_change
    WHERE changed_at::date <= date '2024-02-29'
)
SELECT product_id, price, changed_at
FROM ranked
WHERE rn = 1
ORDER BY product_id;
