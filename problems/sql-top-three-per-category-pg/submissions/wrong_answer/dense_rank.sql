-- DENSE_RANK: the three highest distinct prices, which lets in too many after a tie.
WITH ranked AS (
    SELECT id, category, name, price,
           DENSE_RANK() OVER (PARTITION BY category ORDER BY price DESC) AS place
    FROM product
    WHERE price IS NOT NULL
)
SELECT category, name, price
FROM ranked
WHERE place <= 3
ORDER BY category, price DESC, name, id;
